//! INSEE headcount bracket ("tranche d'effectif salarié") of an
//! establishment.
//!
//! The codes are two-digit strings that are not sizes ("11" means 10 to 19
//! employees), so the type keeps the code for files and the API, a French
//! label for users, and the numeric bounds for filters. Variants are
//! declared from smallest to largest, so the derived order is the order of
//! size. A one-digit "1" is rejected rather than read as "01": it usually
//! means a column went through a spreadsheet, and guessing would hide it.

use std::fmt;

use super::ParseError;

/// A headcount bracket; ordered by size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HeadcountBracket {
    /// `00`: no employee.
    Zero,
    /// `01`: 1 or 2 employees.
    From1To2,
    /// `02`: 3 to 5 employees.
    From3To5,
    /// `03`: 6 to 9 employees.
    From6To9,
    /// `11`: 10 to 19 employees.
    From10To19,
    /// `12`: 20 to 49 employees.
    From20To49,
    /// `21`: 50 to 99 employees.
    From50To99,
    /// `22`: 100 to 199 employees.
    From100To199,
    /// `31`: 200 to 249 employees.
    From200To249,
    /// `32`: 250 to 499 employees.
    From250To499,
    /// `41`: 500 to 999 employees.
    From500To999,
    /// `42`: 1,000 to 1,999 employees.
    From1000To1999,
    /// `51`: 2,000 to 4,999 employees.
    From2000To4999,
    /// `52`: 5,000 to 9,999 employees.
    From5000To9999,
    /// `53`: 10,000 employees or more.
    From10000,
}

impl HeadcountBracket {
    /// Every bracket, from smallest to largest.
    pub const ALL: [Self; 15] = [
        Self::Zero,
        Self::From1To2,
        Self::From3To5,
        Self::From6To9,
        Self::From10To19,
        Self::From20To49,
        Self::From50To99,
        Self::From100To199,
        Self::From200To249,
        Self::From250To499,
        Self::From500To999,
        Self::From1000To1999,
        Self::From2000To4999,
        Self::From5000To9999,
        Self::From10000,
    ];

    /// Parses an INSEE bracket code ("00" to "53"), ignoring surrounding
    /// whitespace.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let trimmed = input.trim();
        if let Some(bracket) = Self::ALL
            .into_iter()
            .find(|bracket| bracket.code() == trimmed)
        {
            return Ok(bracket);
        }

        let valid: Vec<&str> = Self::ALL.iter().map(|bracket| bracket.code()).collect();
        let hint = if trimmed.len() == 1 && trimmed.bytes().all(|byte| byte.is_ascii_digit()) {
            format!(" (codes have two digits: \"0{trimmed}\", not \"{trimmed}\")")
        } else {
            String::new()
        };
        Err(ParseError::new(format!(
            "{trimmed:?} is not an INSEE headcount bracket code; valid codes are {}{hint}",
            valid.join(", ")
        )))
    }

    /// The INSEE code, as written in files and the API.
    pub fn code(&self) -> &'static str {
        self.table().0
    }

    /// The French label shown to users.
    pub fn label(&self) -> &'static str {
        self.table().1
    }

    pub fn min_employees(&self) -> u32 {
        self.table().2
    }

    /// The largest headcount of the bracket; `None` for the open-ended last one.
    pub fn max_employees(&self) -> Option<u32> {
        self.table().3
    }

    /// Position in `ALL`, which is also the rank by size.
    pub fn rank(&self) -> u8 {
        *self as u8
    }

    fn table(&self) -> (&'static str, &'static str, u32, Option<u32>) {
        match self {
            Self::Zero => ("00", "0 salarié", 0, Some(0)),
            Self::From1To2 => ("01", "1 ou 2 salariés", 1, Some(2)),
            Self::From3To5 => ("02", "3 à 5 salariés", 3, Some(5)),
            Self::From6To9 => ("03", "6 à 9 salariés", 6, Some(9)),
            Self::From10To19 => ("11", "10 à 19 salariés", 10, Some(19)),
            Self::From20To49 => ("12", "20 à 49 salariés", 20, Some(49)),
            Self::From50To99 => ("21", "50 à 99 salariés", 50, Some(99)),
            Self::From100To199 => ("22", "100 à 199 salariés", 100, Some(199)),
            Self::From200To249 => ("31", "200 à 249 salariés", 200, Some(249)),
            Self::From250To499 => ("32", "250 à 499 salariés", 250, Some(499)),
            Self::From500To999 => ("41", "500 à 999 salariés", 500, Some(999)),
            Self::From1000To1999 => ("42", "1 000 à 1 999 salariés", 1_000, Some(1_999)),
            Self::From2000To4999 => ("51", "2 000 à 4 999 salariés", 2_000, Some(4_999)),
            Self::From5000To9999 => ("52", "5 000 à 9 999 salariés", 5_000, Some(9_999)),
            Self::From10000 => ("53", "10 000 salariés et plus", 10_000, None),
        }
    }
}

impl fmt::Display for HeadcountBracket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for HeadcountBracket {
    type Err = ParseError;

    fn from_str(input: &str) -> Result<Self, ParseError> {
        Self::parse(input)
    }
}

impl serde::Serialize for HeadcountBracket {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for HeadcountBracket {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Self::parse(&code).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use HeadcountBracket::*;

    #[test]
    fn parse_accepts_every_code_and_round_trips() {
        for bracket in HeadcountBracket::ALL {
            assert_eq!(HeadcountBracket::parse(bracket.code()).unwrap(), bracket);
            assert_eq!(
                bracket.to_string().parse::<HeadcountBracket>().unwrap(),
                bracket
            );
        }
        assert_eq!(HeadcountBracket::parse(" 12 ").unwrap(), From20To49);
    }

    #[test]
    fn parse_rejects_unknown_codes_listing_the_valid_ones() {
        assert_eq!(
            HeadcountBracket::parse("13").unwrap_err().message,
            "\"13\" is not an INSEE headcount bracket code; valid codes are \
             00, 01, 02, 03, 11, 12, 21, 22, 31, 32, 41, 42, 51, 52, 53"
        );
        assert!(HeadcountBracket::parse("99").is_err());
        assert!(HeadcountBracket::parse("").is_err());
        assert!(HeadcountBracket::parse("NN").is_err());
    }

    #[test]
    fn parse_rejects_one_digit_codes_instead_of_guessing() {
        let message = HeadcountBracket::parse("1").unwrap_err().message;
        assert!(
            message.ends_with("(codes have two digits: \"01\", not \"1\")"),
            "{message}"
        );
        assert!(HeadcountBracket::parse("0").is_err());
        assert!(HeadcountBracket::parse("3").is_err());
    }

    #[test]
    fn labels_are_the_french_ones_shown_to_users() {
        assert_eq!(Zero.label(), "0 salarié");
        assert_eq!(From1To2.label(), "1 ou 2 salariés");
        assert_eq!(From1000To1999.label(), "1 000 à 1 999 salariés");
        assert_eq!(From10000.label(), "10 000 salariés et plus");
    }

    #[test]
    fn bounds_follow_the_codes() {
        assert_eq!((Zero.min_employees(), Zero.max_employees()), (0, Some(0)));
        assert_eq!(From10To19.min_employees(), 10);
        assert_eq!(From10To19.max_employees(), Some(19));
        assert_eq!(From10000.min_employees(), 10_000);
        assert_eq!(From10000.max_employees(), None);
    }

    #[test]
    fn order_and_rank_follow_size() {
        for (rank, pair) in HeadcountBracket::ALL.windows(2).enumerate() {
            assert!(pair[0] < pair[1]);
            assert!(pair[0].max_employees().unwrap() < pair[1].min_employees());
            assert_eq!(usize::from(pair[0].rank()), rank);
        }
    }

    #[test]
    fn serde_uses_the_code() {
        let mut writer = csv::Writer::from_writer(vec![]);
        writer.serialize(From20To49).unwrap();
        assert_eq!(
            String::from_utf8(writer.into_inner().unwrap()).unwrap(),
            "12\n"
        );

        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader("03\n3\n".as_bytes());
        let rows: Vec<Result<HeadcountBracket, _>> = reader.deserialize().collect();
        assert_eq!(*rows[0].as_ref().unwrap(), From6To9);
        assert!(rows[1].is_err());
    }
}
