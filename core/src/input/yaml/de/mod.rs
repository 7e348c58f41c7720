//! Deserialisation of a YAML document into the model: the document is read
//! once into a tree of located nodes (from `yaml-rust2`'s events), and a
//! serde `Deserializer` walks that tree, so every type error carries the
//! line, column and path of the node it is about.
//!
//! Scalars resolve as in `serde_yaml` 0.9 (YAML 1.2 core schema): `~`,
//! `null` and empty are null; `true`/`false` (three casings) are booleans;
//! decimal, `0x`, `0o` and `0b` integers; floats including `.inf` and `.nan`;
//! anything else, and every quoted or block scalar, is a string. A string
//! field accepts any scalar as written (`version: 1.0` reads as `"1.0"`).
//!
//! The tree is built only after [`super::scan`] has checked the document
//! against the limits, so its size and depth are bounded; aliases point at
//! their (complete) anchored node instead of copying it, and a depth counter
//! stops documents whose aliases nest past the depth limit.

mod deserializer;
mod node;
mod scalar;
#[cfg(test)]
mod tests;
mod tree;

pub(crate) use node::YamlNode;
pub(crate) use tree::{Error, Tree};
