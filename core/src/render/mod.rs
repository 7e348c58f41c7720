//! Writing output for people, programs and spreadsheets: self-contained
//! HTML pages (one escape function for every text from input), the one
//! JSON serialiser of results, and CSV cells safe to open in a spreadsheet.

pub mod csv_out;
pub mod html;
pub mod json;
