//! The bottom layer: values and words every other module uses, and nothing
//! of the engine. `bytes` (byte scans eight at a time), [`date`] (calendar
//! dates), [`error`] (the located errors and the one diagnostic shape every
//! surface shows), [`text`] (numbers and clipped text in messages).

pub(crate) mod bytes;
pub mod date;
pub mod error;
pub mod text;
