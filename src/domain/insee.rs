//! INSEE commune code ("code officiel géographique"): 5 characters that
//! identify a commune, such as "57463" (Metz).
//!
//! It is a code, not a number: Corsican communes use "2A" and "2B" in place
//! of the department digits ("2A004", Ajaccio), and mainland codes may start
//! with a zero ("01001") that spreadsheets silently drop. Parsing therefore
//! reports a 4-digit input as a probably lost leading zero. Any 5 digits are
//! accepted, including the "20xxx" form retired for Corsica in 1976, so old
//! files still load.

use std::fmt;

use super::{ascii_text, five_bytes, ParseError};

const CODE_LENGTH: usize = 5;

/// A commune code such as `57463` or `2A004`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InseeCode([u8; 5]);

impl InseeCode {
    /// Parses 5 digits, or "2A"/"2B" and 3 digits (lower case accepted),
    /// ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let trimmed = input.trim();
        let length = trimmed.chars().count();

        if length != CODE_LENGTH {
            let all_digits = trimmed.bytes().all(|byte| byte.is_ascii_digit());
            let hint = if all_digits && length == CODE_LENGTH - 1 {
                " (a leading zero may have been lost)"
            } else {
                ""
            };
            return Err(ParseError::new(format!(
                "an INSEE commune code has 5 characters, got {length}: {trimmed:?}{hint}"
            )));
        }

        let code = five_bytes(trimmed)
            .map(|bytes| bytes.map(|byte| byte.to_ascii_uppercase()))
            .filter(is_well_formed);
        match code {
            Some(bytes) => Ok(Self(bytes)),
            None => Err(ParseError::new(format!(
                "an INSEE commune code is 5 digits, or 2A or 2B and 3 digits in Corsica, \
                 got {trimmed:?}"
            ))),
        }
    }

    pub fn as_str(&self) -> &str {
        ascii_text(&self.0)
    }

    /// The department: "57", "2A", or three characters for overseas
    /// departments and collectivities ("974" for La Réunion, "988").
    pub fn department(&self) -> &str {
        let overseas = self.0[0] == b'9' && matches!(self.0[1], b'7' | b'8');
        let length = if overseas { 3 } else { 2 };
        ascii_text(&self.0[..length])
    }
}

fn is_well_formed(code: &[u8; 5]) -> bool {
    let corsica = code[0] == b'2' && matches!(code[1], b'A' | b'B');
    let department_ok = corsica || code[..2].iter().all(u8::is_ascii_digit);
    department_ok && code[2..].iter().all(u8::is_ascii_digit)
}

impl fmt::Display for InseeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value_traits!(
    InseeCode,
    "an INSEE commune code such as \"57463\" or \"2A004\""
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_mainland_and_overseas_codes() {
        assert_eq!(InseeCode::parse("57463").unwrap().department(), "57");
        assert_eq!(InseeCode::parse("01001").unwrap().as_str(), "01001");
        assert_eq!(InseeCode::parse("01001").unwrap().department(), "01");
        assert_eq!(InseeCode::parse("97411").unwrap().department(), "974");
        assert_eq!(InseeCode::parse("98818").unwrap().department(), "988");
    }

    #[test]
    fn parse_accepts_corsican_codes_in_any_case() {
        let ajaccio = InseeCode::parse("2A004").unwrap();
        assert_eq!(ajaccio.department(), "2A");
        assert_eq!(InseeCode::parse(" 2a004 ").unwrap(), ajaccio);
        assert_eq!(InseeCode::parse("2b033").unwrap().to_string(), "2B033");
    }

    #[test]
    fn parse_accepts_the_retired_numeric_corsican_form() {
        assert_eq!(InseeCode::parse("20004").unwrap().department(), "20");
    }

    #[test]
    fn parse_rejects_other_letters_in_the_department() {
        assert_eq!(
            InseeCode::parse("2C004").unwrap_err().message,
            "an INSEE commune code is 5 digits, or 2A or 2B and 3 digits in Corsica, \
             got \"2C004\""
        );
        for bad in ["3A004", "2A00B", "A2004", "5746O"] {
            assert!(InseeCode::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn parse_reports_a_probably_lost_leading_zero() {
        assert_eq!(
            InseeCode::parse("5746").unwrap_err().message,
            "an INSEE commune code has 5 characters, got 4: \"5746\" \
             (a leading zero may have been lost)"
        );
    }

    #[test]
    fn parse_rejects_inner_spaces_and_wrong_lengths() {
        assert_eq!(
            InseeCode::parse("57 463").unwrap_err().message,
            "an INSEE commune code has 5 characters, got 6: \"57 463\""
        );
        assert!(InseeCode::parse("").is_err());
        assert!(InseeCode::parse("574630").is_err());
        assert!(InseeCode::parse("2A04").is_err());
    }

    #[test]
    fn a_code_is_not_a_number() {
        assert_ne!(InseeCode::parse("01001").unwrap().as_str(), "1001");
        assert!(InseeCode::parse("01001").unwrap() < InseeCode::parse("2A004").unwrap());
    }
}
