//! SIRET, the 14-digit identifier of an establishment (SIREN of the company,
//! then 5 digits for the establishment).
//!
//! It is held as a `u64` so that the matching index can store two million of
//! them compactly, and displayed zero-padded so that leading zeros, which are
//! significant ("01625043300220"), survive. The Luhn checksum is deliberately
//! not enforced: the published establishment files contain valid SIRETs that
//! fail it (La Poste establishments, for instance, use another rule).

use std::fmt;

use super::ParseError;

const DIGITS: usize = 14;
const SIREN_DIGITS: usize = 9;
const MAX_VALUE: u64 = 99_999_999_999_999;

/// An establishment identifier: 14 digits, leading zeros included.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Siret(u64);

impl Siret {
    /// Parses 14 digits; surrounding whitespace and inner spaces
    /// ("482 869 657 00011") are removed first.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let trimmed = input.trim();
        let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();

        if compact.is_empty() {
            return Err(ParseError::new("a SIRET has 14 digits, got an empty value"));
        }
        if let Some(bad) = compact.chars().find(|c| !c.is_ascii_digit()) {
            return Err(ParseError::new(format!(
                "a SIRET has only digits, got {bad:?} in {trimmed:?}"
            )));
        }
        if compact.len() != DIGITS {
            let hint = if compact.len() == DIGITS - 1 {
                " (a leading zero may have been lost)"
            } else {
                ""
            };
            return Err(ParseError::new(format!(
                "a SIRET has 14 digits, got {}: {trimmed:?}{hint}",
                compact.len()
            )));
        }

        let value = compact
            .bytes()
            .fold(0_u64, |acc, digit| acc * 10 + u64::from(digit - b'0'));
        Ok(Self(value))
    }

    /// Builds a SIRET from its numeric value; values above 14 digits are rejected.
    pub fn from_u64(value: u64) -> Result<Self, ParseError> {
        if value > MAX_VALUE {
            return Err(ParseError::new(format!(
                "a SIRET has 14 digits, got {}: \"{value}\"",
                value.to_string().len()
            )));
        }
        Ok(Self(value))
    }

    pub fn as_u64(&self) -> u64 {
        self.0
    }

    /// The SIREN: the first 9 digits, identifying the company that owns the
    /// establishment.
    pub fn siren(&self) -> String {
        let mut text = self.to_string();
        text.truncate(SIREN_DIGITS);
        text
    }
}

impl fmt::Display for Siret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:014}", self.0)
    }
}

text_value_traits!(Siret, "a SIRET of 14 digits");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_keeps_leading_zeros() {
        let siret = Siret::parse("01625043300220").unwrap();
        assert_eq!(siret.to_string(), "01625043300220");
        assert_eq!(siret.as_u64(), 1_625_043_300_220);
        assert_eq!(siret.siren(), "016250433");
    }

    #[test]
    fn parse_removes_inner_spaces_and_surrounding_whitespace() {
        let siret = Siret::parse("  482 869 657 00011\n").unwrap();
        assert_eq!(siret.to_string(), "48286965700011");
        assert_eq!(siret.siren(), "482869657");
    }

    #[test]
    fn parse_does_not_enforce_the_luhn_checksum() {
        assert!(Siret::parse("48186978200014").is_ok());
        assert!(Siret::parse("00000000000000").is_ok());
    }

    #[test]
    fn parse_rejects_a_wrong_number_of_digits_with_the_count() {
        let error = Siret::parse("1234").unwrap_err();
        assert_eq!(error.message, "a SIRET has 14 digits, got 4: \"1234\"");

        let error = Siret::parse("1625043300220").unwrap_err();
        assert_eq!(
            error.message,
            "a SIRET has 14 digits, got 13: \"1625043300220\" (a leading zero may have been lost)"
        );

        assert!(Siret::parse("123456789012345").is_err());
    }

    #[test]
    fn parse_rejects_letters_and_signs() {
        let error = Siret::parse("4818697820001A").unwrap_err();
        assert_eq!(
            error.message,
            "a SIRET has only digits, got 'A' in \"4818697820001A\""
        );
        assert!(Siret::parse("-4818697820001").is_err());
        assert!(Siret::parse("4818697820001.").is_err());
    }

    #[test]
    fn parse_rejects_an_empty_value() {
        assert_eq!(
            Siret::parse("   ").unwrap_err().message,
            "a SIRET has 14 digits, got an empty value"
        );
    }

    #[test]
    fn from_u64_accepts_up_to_14_digits_and_pads_on_display() {
        assert_eq!(Siret::from_u64(11).unwrap().to_string(), "00000000000011");
        assert_eq!(
            Siret::from_u64(99_999_999_999_999).unwrap().to_string(),
            "99999999999999"
        );
        assert!(Siret::from_u64(100_000_000_000_000).is_err());
    }

    #[test]
    fn order_is_the_order_of_the_14_digit_text() {
        let low = Siret::parse("01625043300220").unwrap();
        let high = Siret::parse("10000000000000").unwrap();
        assert!(low < high);
    }

    #[test]
    fn from_str_and_debug_use_the_canonical_text() {
        let siret: Siret = "01625043300220".parse().unwrap();
        assert_eq!(format!("{siret:?}"), "Siret(\"01625043300220\")");
    }

    #[test]
    fn serde_round_trips_through_the_canonical_text() {
        let mut writer = csv::Writer::from_writer(vec![]);
        writer
            .serialize(Siret::parse("01625043300220").unwrap())
            .unwrap();
        let written = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(written, "01625043300220\n");

        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader("482 869 657 00011\n1234\n".as_bytes());
        let rows: Vec<Result<Siret, _>> = reader.deserialize().collect();
        assert_eq!(rows[0].as_ref().unwrap().to_string(), "48286965700011");
        assert!(rows[1].is_err());
    }
}
