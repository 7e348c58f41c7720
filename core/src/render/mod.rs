//! Writing output for people and spreadsheets: self-contained HTML pages
//! (one escape function for every text from input) and CSV cells safe to
//! open in a spreadsheet.

pub mod csv_out;
pub mod html;
