//! Privacy: what keeps residents' names, phones, ID and room numbers off
//! the published site.
//!
//! - [`normalize`]: the one spelling every comparison happens in, with a
//!   map back to the source so diagnostics point at the file as saved;
//! - [`register`]: every private value of the whole site, which can only be
//!   asked whether a text contains one and whose it is;
//! - [`reader`]: the text a reader sees of a Markdown body, mapped back
//!   to the source;
//! - [`gate`]: the last check before publishing, over every output file.
//!
//! The phone / ID / room scanner itself is `validate::pii`; validation runs
//! it and the register over every public field (`validate::values::Cx`).

pub mod gate;
pub mod normalize;
pub mod reader;
pub mod register;

pub use register::Register;
