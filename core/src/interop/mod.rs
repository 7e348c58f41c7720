//! Exchange with other systems: 1EdTech CASE packages (import and export
//! of frameworks) and Open Badges 3.0 credentials.

pub mod badge;
pub mod case;
