//! ROME job code (Répertoire opérationnel des métiers et des emplois): a
//! letter for the professional field and 4 digits ("K2204").
//!
//! Seekers never type it: job titles map to it. It is the key of every
//! hiring share, so it is stored as 5 bytes, `Copy`, and compared in its
//! canonical upper-case form.

use std::fmt;

use super::{ascii_text, five_bytes, ParseError};

/// A job code such as `K2204`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RomeCode([u8; 5]);

impl RomeCode {
    /// Parses "K2204" or "k2204", ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let trimmed = input.trim();
        let well_formed = five_bytes(trimmed).filter(|bytes| {
            bytes[0].is_ascii_alphabetic() && bytes[1..].iter().all(u8::is_ascii_digit)
        });
        match well_formed {
            Some(bytes) => Ok(Self(bytes.map(|byte| byte.to_ascii_uppercase()))),
            None => Err(ParseError::new(format!(
                "a ROME code is a letter and 4 digits, like \"K2204\", got {trimmed:?}"
            ))),
        }
    }

    pub fn as_str(&self) -> &str {
        ascii_text(&self.0)
    }
}

impl fmt::Display for RomeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value_traits!(RomeCode, "a ROME code such as \"K2204\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_the_canonical_form() {
        assert_eq!(RomeCode::parse("K2204").unwrap().as_str(), "K2204");
    }

    #[test]
    fn parse_upper_cases_the_letter_and_trims() {
        assert_eq!(RomeCode::parse(" k2204\t").unwrap().to_string(), "K2204");
    }

    #[test]
    fn parse_rejects_malformed_codes_with_an_example() {
        let error = RomeCode::parse("2204K").unwrap_err();
        assert_eq!(
            error.message,
            "a ROME code is a letter and 4 digits, like \"K2204\", got \"2204K\""
        );
        for bad in ["", "K220", "K22045", "KK204", "K 2204", "É2204"] {
            assert!(RomeCode::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn order_is_alphabetical() {
        assert!(RomeCode::parse("A1101").unwrap() < RomeCode::parse("K2204").unwrap());
    }
}
