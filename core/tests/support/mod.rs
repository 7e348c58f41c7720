//! Helpers shared by the interoperability tests.

pub mod jsonschema;
