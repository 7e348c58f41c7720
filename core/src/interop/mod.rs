//! Exchange with other systems: 1EdTech CASE packages (import and export
//! of frameworks), frameworks authored in a workbook's template (`sheet`)
//! and Open Badges 3.0 credentials.

pub mod badge;
pub mod case;
pub mod sheet;
