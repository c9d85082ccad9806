//! What an establishment declares itself open to: young people, seniors,
//! disabled workers, work-study contracts, pre-hiring training (POE/AFPR)
//! and short work-immersion periods (PMSMP).
//!
//! Six yes/no columns become one byte, because the matching index holds one
//! per establishment and filters with a single mask test. In files and the
//! API a set is written as its list of snake_case names
//! (`["junior", "alternance"]`), never as the bit pattern, so the encoding
//! can change without breaking clients.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};

use super::ParseError;

/// A set of establishment flags.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Flags(u8);

/// Each flag with its name, in display order.
const NAMED: [(Flags, &str); 6] = [
    (Flags::JUNIOR, "junior"),
    (Flags::SENIOR, "senior"),
    (Flags::HANDICAP, "handicap"),
    (Flags::ALTERNANCE, "alternance"),
    (Flags::POE_AFPR, "poe_afpr"),
    (Flags::PMSMP, "pmsmp"),
];

impl Flags {
    /// Open to young people.
    pub const JUNIOR: Self = Self(1);
    /// Open to seniors.
    pub const SENIOR: Self = Self(1 << 1);
    /// Open to disabled workers.
    pub const HANDICAP: Self = Self(1 << 2);
    /// Open to work-study contracts.
    pub const ALTERNANCE: Self = Self(1 << 3);
    /// Open to pre-hiring training (POE, AFPR).
    pub const POE_AFPR: Self = Self(1 << 4);
    /// Open to short work-immersion periods (PMSMP).
    pub const PMSMP: Self = Self(1 << 5);

    pub const fn empty() -> Self {
        Self(0)
    }

    pub const fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// Whether every flag of `other` is set in `self`.
    pub const fn contains(&self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn insert(&mut self, other: Self) {
        self.0 |= other.0;
    }

    pub fn remove(&mut self, other: Self) {
        self.0 &= !other.0;
    }

    /// The bit pattern, for compact storage.
    pub const fn bits(&self) -> u8 {
        self.0
    }

    /// Rebuilds a set from `bits`, ignoring bits that name no flag.
    pub const fn from_bits_truncate(bits: u8) -> Self {
        Self(bits & 0b11_1111)
    }

    /// The flag with this snake_case name.
    pub fn from_name(name: &str) -> Option<Self> {
        NAMED
            .iter()
            .find(|(_, candidate)| *candidate == name)
            .map(|(flag, _)| *flag)
    }

    /// The names of the flags set, in a fixed order.
    pub fn names(&self) -> Vec<&'static str> {
        NAMED
            .iter()
            .filter(|(flag, _)| self.contains(*flag))
            .map(|(_, name)| *name)
            .collect()
    }

    /// Parses a comma-separated list of names ("junior, alternance"); an
    /// empty text is the empty set.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let mut flags = Self::empty();
        for name in input
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
        {
            flags.insert(Self::from_name(name).ok_or_else(|| unknown_name(name))?);
        }
        Ok(flags)
    }

    /// Reads one 0/1 column of the establishment export. An empty cell
    /// counts as "not set": the export leaves flags blank for establishments
    /// that never declared anything.
    pub fn parse_bit(value: &str) -> Result<bool, ParseError> {
        match value.trim() {
            "1" => Ok(true),
            "0" | "" => Ok(false),
            other => Err(ParseError::new(format!("a flag is 0 or 1, got {other:?}"))),
        }
    }
}

fn unknown_name(name: &str) -> ParseError {
    let valid: Vec<&str> = NAMED.iter().map(|(_, name)| *name).collect();
    ParseError::new(format!(
        "{name:?} is not an establishment flag; valid flags are {}",
        valid.join(", ")
    ))
}

impl BitOr for Flags {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}

impl BitOrAssign for Flags {
    fn bitor_assign(&mut self, other: Self) {
        self.insert(other);
    }
}

impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.names().join(","))
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Flags({:?})", self.names())
    }
}

impl std::str::FromStr for Flags {
    type Err = ParseError;

    fn from_str(input: &str) -> Result<Self, ParseError> {
        Self::parse(input)
    }
}

impl serde::Serialize for Flags {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let names = self.names();
        let mut seq = serializer.serialize_seq(Some(names.len()))?;
        for name in names {
            seq.serialize_element(name)?;
        }
        seq.end()
    }
}

impl<'de> serde::Deserialize<'de> for Flags {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NamesVisitor;

        impl<'de> Visitor<'de> for NamesVisitor {
            type Value = Flags;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of establishment flag names")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Flags, A::Error> {
                let mut flags = Flags::empty();
                while let Some(name) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                    let flag = Flags::from_name(&name)
                        .ok_or_else(|| serde::de::Error::custom(unknown_name(&name)))?;
                    flags.insert(flag);
                }
                Ok(flags)
            }
        }

        deserializer.deserialize_seq(NamesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_contains_only_the_empty_set() {
        let flags = Flags::empty();
        assert!(flags.is_empty());
        assert!(flags.contains(Flags::empty()));
        assert!(!flags.contains(Flags::JUNIOR));
    }

    #[test]
    fn contains_requires_every_flag_of_the_argument() {
        let flags = Flags::JUNIOR | Flags::ALTERNANCE;
        assert!(flags.contains(Flags::JUNIOR));
        assert!(flags.contains(Flags::JUNIOR | Flags::ALTERNANCE));
        assert!(!flags.contains(Flags::JUNIOR | Flags::SENIOR));
    }

    #[test]
    fn insert_and_remove_change_one_flag() {
        let mut flags = Flags::empty();
        flags.insert(Flags::PMSMP);
        flags |= Flags::SENIOR;
        assert_eq!(flags.names(), ["senior", "pmsmp"]);
        flags.remove(Flags::PMSMP);
        assert_eq!(flags, Flags::SENIOR);
    }

    #[test]
    fn names_are_snake_case_in_a_fixed_order() {
        let all = Flags::PMSMP
            | Flags::POE_AFPR
            | Flags::ALTERNANCE
            | Flags::HANDICAP
            | Flags::SENIOR
            | Flags::JUNIOR;
        assert_eq!(
            all.names(),
            [
                "junior",
                "senior",
                "handicap",
                "alternance",
                "poe_afpr",
                "pmsmp"
            ]
        );
        assert_eq!(Flags::from_bits_truncate(0xFF), all);
        assert_eq!(format!("{:?}", Flags::HANDICAP), "Flags([\"handicap\"])");
    }

    #[test]
    fn parse_reads_a_list_of_names_and_round_trips() {
        let flags = Flags::parse(" junior, alternance ").unwrap();
        assert_eq!(flags, Flags::JUNIOR | Flags::ALTERNANCE);
        assert_eq!(flags.to_string(), "junior,alternance");
        assert_eq!(flags.to_string().parse::<Flags>().unwrap(), flags);
        assert_eq!(Flags::parse("").unwrap(), Flags::empty());
    }

    #[test]
    fn parse_rejects_unknown_names_listing_the_valid_ones() {
        assert_eq!(
            Flags::parse("junior,youth").unwrap_err().message,
            "\"youth\" is not an establishment flag; valid flags are \
             junior, senior, handicap, alternance, poe_afpr, pmsmp"
        );
    }

    #[test]
    fn parse_bit_reads_zero_one_and_empty_as_false() {
        assert!(Flags::parse_bit("1").unwrap());
        assert!(Flags::parse_bit(" 1 ").unwrap());
        assert!(!Flags::parse_bit("0").unwrap());
        assert!(!Flags::parse_bit("").unwrap());
    }

    #[test]
    fn parse_bit_rejects_other_values() {
        assert_eq!(
            Flags::parse_bit("2").unwrap_err().message,
            "a flag is 0 or 1, got \"2\""
        );
        assert!(Flags::parse_bit("true").is_err());
        assert!(Flags::parse_bit("01").is_err());
    }

    #[test]
    fn serde_writes_the_list_of_names() {
        let mut writer = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(vec![]);
        writer.serialize(Flags::JUNIOR | Flags::HANDICAP).unwrap();
        let written = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(written, "junior,handicap\n");

        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader("senior,pmsmp\njunior,youth\n".as_bytes());
        let rows: Vec<Result<Flags, _>> = reader.deserialize().collect();
        assert_eq!(*rows[0].as_ref().unwrap(), Flags::SENIOR | Flags::PMSMP);
        assert!(rows[1].is_err());
    }
}
