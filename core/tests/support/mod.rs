//! Helpers shared by the interoperability tests.

pub mod case_shapes;
pub mod jsonschema;
