//! Small documents read by hand instead of by serde's derive: the policy
//! overrides ([`crate::scoring::policy::PolicyOverrides`], from the YAML or
//! JSON of a policy file and from the JSON the WebAssembly package makes of
//! a call's `policy` option) and the options of a scoring call of the
//! WebAssembly package (`scoring::call::CallOptions`).
//!
//! Each reader is written once, against `Node`: a node of a document with
//! the few operations of serde's data model the readers need, each behaving
//! as that format's serde `Deserializer` does with the visitor of the type
//! read. Two formats implement it: a node of a YAML (or JSON) document read
//! by the core's YAML reader ([`crate::input::yaml`], for files) and a node of JSON
//! text ([`json`], for the WebAssembly package, which then needs neither
//! serde_json's reader nor the derived visitors). The errors, their
//! messages and where they point are those the derived readers gave with
//! each format (`tests` compares both ways on generated documents).

// Untagged values, missing fields and the JSON nesting check are read only
// for the WebAssembly call's options (`scoring::call`, feature
// `call-options`): unused without it.
#![cfg_attr(not(feature = "call-options"), allow(dead_code))]

pub mod json;
pub(crate) mod node;

pub use json::JsonError;

#[cfg(test)]
mod tests;
