//! One module per kind of check; each reads the context and returns findings as values.

pub mod contains;
pub mod deadline;
pub mod order;
pub mod registry;
pub mod simple;
