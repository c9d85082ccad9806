//! A company's phone number, as the platform admin types it.

use super::ParseError;

/// A phone number: a French one (ten digits from `0`, or `+33` and nine
/// digits), written in pairs (`03 87 12 34 56`), or an international one
/// (`+` and 8 to 15 digits) kept as typed without its separators. Spaces,
/// dots and dashes between digits are accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// # Errors
    /// When the input is not a phone number of one of those forms.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let refused = || {
            ParseError::new(format!(
                "{input:?} is not a phone number: give ten digits starting with 0 \
                 (03 87 12 34 56) or an international number starting with +"
            ))
        };
        let trimmed = input.trim();
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        if rest.is_empty()
            || !rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'))
        {
            return Err(refused());
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let national = match (plus, digits.len()) {
            (false, 10) if digits.starts_with('0') && !digits.starts_with("00") => {
                Some(digits.clone())
            }
            (true, 11) if digits.starts_with("33") && !digits.starts_with("330") => {
                Some(format!("0{}", &digits[2..]))
            }
            _ => None,
        };
        if let Some(national) = national {
            let pairs: Vec<&str> = national
                .as_bytes()
                .chunks(2)
                .map(|pair| std::str::from_utf8(pair).unwrap_or_default())
                .collect();
            return Ok(Self(pairs.join(" ")));
        }
        // `+33` is France: only its national form above is a number.
        if plus && !digits.starts_with("33") && (8..=15).contains(&digits.len()) {
            return Ok(Self(format!("+{digits}")));
        }
        Err(refused())
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Phone;

    #[test]
    fn french_numbers_are_written_in_pairs() {
        for input in [
            "0387123456",
            "03 87 12 34 56",
            "03.87.12.34.56",
            "+33 3 87 12 34 56",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().as_str(),
                "03 87 12 34 56",
                "{input}"
            );
        }
        assert_eq!(
            Phone::parse("+352 26 12 34").unwrap().as_str(),
            "+352261234"
        );
    }

    #[test]
    fn other_text_is_refused_quoting_it() {
        for input in [
            "",
            "abc",
            "12345",
            "03 87 12 34 5x",
            "0087123456",
            "+33 0 87 12 34 56",
            "++33",
        ] {
            let err = Phone::parse(input).unwrap_err();
            assert!(
                err.message.contains(&format!("{input:?}")),
                "{input}: {err}"
            );
        }
    }
}
