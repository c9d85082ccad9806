//! Validated identifiers of the hiring domain.
//!
//! Every value that carries rules (a SIRET, a NAF or ROME code, an INSEE
//! commune code, a postcode, coordinates, a headcount bracket, establishment
//! flags) gets its own type whose only constructor is `parse` (or `new`). Once
//! a value exists it is valid, so the rest of the application never checks
//! again, and the explanation of what is wrong with an input is written in one
//! place: the `ParseError` message. The message describes the value only;
//! callers add the field name or the row number they know about.
//!
//! Identifiers serialize as their canonical text (`"4771Z"`, `"2A004"`) and
//! deserialize through `parse`, so invalid values are rejected at the JSON or
//! CSV boundary too.

/// Why an input is not a valid value of a domain type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// A sentence in English saying what is wrong with the value, quoting it.
    pub message: String,
}

impl ParseError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// Implements `FromStr`, `Debug` and the string-based serde traits for a type
/// that has `parse` and a canonical `Display`.
macro_rules! text_value_traits {
    ($type:ident, $expecting:literal) => {
        impl ::std::str::FromStr for $type {
            type Err = $crate::domain::ParseError;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                Self::parse(input)
            }
        }

        impl ::std::fmt::Debug for $type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}(\"{}\")", stringify!($type), self)
            }
        }

        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                struct TextVisitor;

                impl ::serde::de::Visitor<'_> for TextVisitor {
                    type Value = $type;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$type, E> {
                        $type::parse(value).map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(TextVisitor)
            }
        }
    };
}

mod access;
mod coach;
mod coordinates;
mod flags;
mod headcount;
mod insee;
mod journey;
mod naf;
mod phone;
mod postcode;
mod rome;
mod siret;
mod text;

pub use access::{parse_department, Email, OrganisationKind, Role};
pub use coach::{
    answer_effect, ask_at, due_step, is_writing_hour, paris_day, period_key, retry_delay,
    AnswerEffect, CoachAnswer, DigestFrequency, DueStep, MessageKind, OutboxState, Timing,
    ANSWER_LINK_DAYS, MAX_ATTEMPTS, NUDGE_AFTER_DAYS, SNOOZE_DAYS, UNSUBSCRIBE_LINK_DAYS,
};
pub use coordinates::Coordinates;
pub use flags::Flags;
pub use headcount::HeadcountBracket;
pub use insee::InseeCode;
pub use journey::{
    ApplicationStatus, ChangeVia, ContactMethod, ContactOutcome, ContractType, EntryState,
    Mobility, NoteVisibility,
};
pub use naf::NafCode;
pub use phone::Phone;
pub use postcode::Postcode;
pub use rome::RomeCode;
pub use siret::Siret;
pub use text::typed_text;

/// Whether `value` is an absolute `http://` or `https://` address: the
/// only kind of address shown to people as a link.
#[must_use]
pub fn is_web_address(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && value.len() > "https://".len()
        && !value.contains(char::is_whitespace)
}

/// Views bytes that a constructor has checked to be ASCII as text.
fn ascii_text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("domain codes are built from ASCII bytes only")
}

/// Returns the five bytes of `text` when it is exactly five bytes long.
fn five_bytes(text: &str) -> Option<[u8; 5]> {
    text.as_bytes().try_into().ok()
}
