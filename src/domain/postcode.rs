//! French postcode: 5 digits ("57000", "01000", "20000" for Ajaccio).
//!
//! A postcode is not an INSEE commune code (one postcode covers several
//! communes and the reverse), and it is not a number either: "01000" loses
//! its meaning as 1000, which is why a 4-digit input is reported as a
//! probably lost leading zero.

use std::fmt;

use super::{ascii_text, five_bytes, ParseError};

/// A postcode such as `57000`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode([u8; 5]);

impl Postcode {
    /// Parses 5 digits, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let trimmed = input.trim();
        let all_digits = !trimmed.is_empty() && trimmed.bytes().all(|byte| byte.is_ascii_digit());
        let length = trimmed.chars().count();

        if all_digits && length == 4 {
            return Err(ParseError::new(format!(
                "a postcode has 5 digits, got 4: {trimmed:?} (a leading zero may have been lost)"
            )));
        }
        match five_bytes(trimmed).filter(|_| all_digits) {
            Some(bytes) => Ok(Self(bytes)),
            None => Err(ParseError::new(format!(
                "a postcode has 5 digits, got {trimmed:?}"
            ))),
        }
    }

    pub fn as_str(&self) -> &str {
        ascii_text(&self.0)
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value_traits!(Postcode, "a postcode of 5 digits");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_five_digits_with_leading_zero() {
        assert_eq!(Postcode::parse("01000").unwrap().as_str(), "01000");
        assert_eq!(Postcode::parse(" 57000 ").unwrap().to_string(), "57000");
        assert_eq!(Postcode::parse("20000").unwrap().as_str(), "20000");
    }

    #[test]
    fn parse_reports_a_probably_lost_leading_zero() {
        assert_eq!(
            Postcode::parse("1000").unwrap_err().message,
            "a postcode has 5 digits, got 4: \"1000\" (a leading zero may have been lost)"
        );
    }

    #[test]
    fn parse_rejects_other_shapes() {
        assert_eq!(
            Postcode::parse("57 000").unwrap_err().message,
            "a postcode has 5 digits, got \"57 000\""
        );
        for bad in ["", "570000", "2A000", "5700O"] {
            assert!(Postcode::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
