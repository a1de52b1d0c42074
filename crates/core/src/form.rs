//! The compiled form. STUB.
pub struct Form {}
