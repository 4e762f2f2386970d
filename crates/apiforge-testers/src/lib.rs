//! The outside testers apiforge is judged by, run against the code it
//! generates: [`schemathesis`] sends a generated server every request a
//! spec allows (and many it does not); [`prism`], Stoplight Prism's mock of
//! a spec, checks each request a generated client sends and answers with a
//! value drawn from the response's schema.
//!
//! Used by the test suite (seed APIs and fixtures) and by
//! `cargo xtask testers` (a corpus), so both judge alike.

pub mod prism;
#[cfg(feature = "schemathesis")]
pub mod schemathesis;
