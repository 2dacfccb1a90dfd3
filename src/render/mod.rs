//! Renderers: the scored table in the formats people hand in.

mod form;
pub mod json;
mod labels;
pub mod table;

pub use labels::{Labels, Lang};
