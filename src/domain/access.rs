//! Who someone is in an organisation, what kind of organisation it is, and
//! the email address that identifies a person.

use std::fmt;

use validator::ValidateEmail;

use super::ParseError;

/// A person's role in one organisation. A platform admin is not a role in
/// an organisation: it stands above all of them (`users.is_platform_admin`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    OrgAdmin,
    Counsellor,
    Seeker,
}

impl Role {
    pub const ALL: [Self; 3] = [Self::OrgAdmin, Self::Counsellor, Self::Seeker];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::OrgAdmin => "org_admin",
            Self::Counsellor => "counsellor",
            Self::Seeker => "seeker",
        }
    }

    /// Staff roles are held through a membership; seekers through their
    /// seeker record.
    #[must_use]
    pub const fn is_staff(self) -> bool {
        matches!(self, Self::OrgAdmin | Self::Counsellor)
    }

    /// # Errors
    /// When `input` is not `org_admin`, `counsellor` or `seeker`.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|role| role.as_str() == input.trim())
            .ok_or_else(|| {
                ParseError::new(format!(
                    "unknown role {input:?}: use org_admin, counsellor or seeker"
                ))
            })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value_traits!(Role, "a role: org_admin, counsellor or seeker");

/// The kind of a partner organisation.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrganisationKind {
    MissionLocale,
    ConseilDepartemental,
    Association,
    FranceTravail,
    Csp,
    Other,
}

impl OrganisationKind {
    pub const ALL: [Self; 6] = [
        Self::MissionLocale,
        Self::ConseilDepartemental,
        Self::Association,
        Self::FranceTravail,
        Self::Csp,
        Self::Other,
    ];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MissionLocale => "mission_locale",
            Self::ConseilDepartemental => "conseil_departemental",
            Self::Association => "association",
            Self::FranceTravail => "france_travail",
            Self::Csp => "csp",
            Self::Other => "other",
        }
    }

    /// # Errors
    /// When `input` is not one of the kinds.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == input.trim())
            .ok_or_else(|| {
                ParseError::new(format!(
                    "unknown kind {input:?}: use mission_locale, conseil_departemental, \
                 association, france_travail, csp or other"
                ))
            })
    }
}

impl fmt::Display for OrganisationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value_traits!(OrganisationKind, "an organisation kind");

/// An email address, trimmed and lower-cased so one person has one address.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// # Errors
    /// When the input is not a plausible email address.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let email = input.trim().to_lowercase();
        if email.len() <= 254 && email.validate_email() {
            Ok(Self(email))
        } else {
            Err(ParseError::new(format!(
                "{input:?} is not a valid email address"
            )))
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_value_traits!(Email, "an email address");

/// A French department code, as organisations list the ones they cover:
/// `01`–`95` (and `2A`, `2B`), or `971`–`976` overseas.
///
/// # Errors
/// When `input` is not such a code.
pub fn parse_department(input: &str) -> Result<String, ParseError> {
    let code = input.trim().to_uppercase();
    let valid = match code.len() {
        2 => {
            code == "2A"
                || code == "2B"
                || (code.bytes().all(|b| b.is_ascii_digit())
                    && code != "00"
                    && code != "20"
                    && code.as_str() <= "95")
        }
        3 => matches!(code.as_str(), "971" | "972" | "973" | "974" | "976"),
        _ => false,
    };
    if valid {
        Ok(code)
    } else {
        Err(ParseError::new(format!(
            "{input:?} is not a French department code (01–95, 2A, 2B, 971–976)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_kinds_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
        }
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()).unwrap(), kind);
        }
        assert!(Role::parse("platform_admin").is_err());
        assert!(OrganisationKind::parse("company").is_err());
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Camille.Martin@Example.FR ")
                .unwrap()
                .as_str(),
            "camille.martin@example.fr"
        );
        assert!(Email::parse("camille").is_err());
        assert!(Email::parse("camille@").is_err());
        assert!(Email::parse("").is_err());
    }

    #[test]
    fn departments_include_corsica_and_overseas_but_not_20() {
        assert_eq!(parse_department("57").unwrap(), "57");
        assert_eq!(parse_department("2a").unwrap(), "2A");
        assert_eq!(parse_department("974").unwrap(), "974");
        assert!(parse_department("20").is_err());
        assert!(parse_department("96").is_err());
        assert!(parse_department("975").is_err());
    }
}
