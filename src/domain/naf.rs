//! NAF rev. 2 activity code of an establishment: 4 digits and a letter
//! ("4771Z").
//!
//! Files write it in several ways: upper or lower case, with or without the
//! dot after the division ("47.71Z"). Parsing accepts all of them and keeps a
//! single canonical form (upper case, no dot), so that codes from different
//! files compare equal. It is stored as 5 bytes to stay `Copy` and small.

use std::fmt;

use super::{ascii_text, ParseError};

/// An activity code such as `4771Z`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NafCode([u8; 5]);

impl NafCode {
    /// Parses "4771Z", "4771z" or "47.71Z", ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let trimmed = input.trim();
        let bytes = trimmed.as_bytes();
        let compact = match *bytes {
            [a, b, b'.', c, d, e] => [a, b, c, d, e],
            [a, b, c, d, e] => [a, b, c, d, e],
            _ => return Err(invalid(trimmed)),
        };

        let well_formed =
            compact[..4].iter().all(u8::is_ascii_digit) && compact[4].is_ascii_alphabetic();
        if !well_formed {
            return Err(invalid(trimmed));
        }
        Ok(Self(compact.map(|byte| byte.to_ascii_uppercase())))
    }

    pub fn as_str(&self) -> &str {
        ascii_text(&self.0)
    }

    /// The division: the first two digits ("47"), the level at which the
    /// recommended way to apply is published.
    pub fn division(&self) -> &str {
        ascii_text(&self.0[..2])
    }
}

fn invalid(trimmed: &str) -> ParseError {
    ParseError::new(format!(
        "a NAF code is 4 digits and a letter, like \"4771Z\" or \"47.71Z\", got {trimmed:?}"
    ))
}

impl fmt::Display for NafCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value_traits!(NafCode, "a NAF code such as \"4771Z\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_the_canonical_form() {
        let naf = NafCode::parse("4771Z").unwrap();
        assert_eq!(naf.as_str(), "4771Z");
        assert_eq!(naf.division(), "47");
    }

    #[test]
    fn parse_upper_cases_the_letter() {
        assert_eq!(NafCode::parse("4771z").unwrap().as_str(), "4771Z");
    }

    #[test]
    fn parse_removes_the_dot_of_the_dotted_form() {
        assert_eq!(NafCode::parse(" 47.71Z ").unwrap().as_str(), "4771Z");
        assert_eq!(
            NafCode::parse("47.71z").unwrap(),
            NafCode::parse("4771Z").unwrap()
        );
    }

    #[test]
    fn parse_keeps_leading_zeros() {
        let naf = NafCode::parse("0111Z").unwrap();
        assert_eq!(naf.to_string(), "0111Z");
        assert_eq!(naf.division(), "01");
    }

    #[test]
    fn parse_rejects_malformed_codes_with_an_example() {
        let error = NafCode::parse("4771").unwrap_err();
        assert_eq!(
            error.message,
            "a NAF code is 4 digits and a letter, like \"4771Z\" or \"47.71Z\", got \"4771\""
        );
        for bad in [
            "", "477Z", "4771ZZ", "47711", "A771Z", "4.771Z", "47,71Z", "4771é",
        ] {
            assert!(NafCode::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn order_is_alphabetical() {
        assert!(NafCode::parse("0111Z").unwrap() < NafCode::parse("4771Z").unwrap());
        assert!(NafCode::parse("4771A").unwrap() < NafCode::parse("4771Z").unwrap());
    }

    #[test]
    fn serde_deserializes_through_parse() {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader("47.71z\n".as_bytes());
        let naf: NafCode = reader.deserialize().next().unwrap().unwrap();
        assert_eq!(format!("{naf:?}"), "NafCode(\"4771Z\")");
    }
}
