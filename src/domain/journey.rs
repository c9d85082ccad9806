//! The words of a seeker's journey: how they get around, where a company
//! stands in their shortlist, how they contacted it and what came of it,
//! and the contract a job offer proposes.
//!
//! Each is stored and exchanged as its lower-case English name, except the
//! contract types, which keep the codes job boards publish (`CDI`).

use super::ParseError;

/// Declares an enum of named values with `ALL`, `as_str`, `parse` (whose
/// error lists the accepted names), `Display` and the text serde traits.
macro_rules! named_values {
    ($(#[$doc:meta])* $type:ident, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $type {
            $($variant),+
        }

        impl $type {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }

            /// # Errors
            /// When `input` is none of the names.
            pub fn parse(input: &str) -> Result<Self, ParseError> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str() == input.trim())
                    .ok_or_else(|| {
                        ParseError::new(format!(
                            concat!("unknown ", $what, " {:?}: use {}"),
                            input,
                            [$($name),+].join(", ")
                        ))
                    })
            }
        }

        impl ::std::fmt::Display for $type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        text_value_traits!($type, $what);
    };
}

pub(crate) use named_values;

named_values!(
    /// How a status change was made when not in the interface: the seeker
    /// answered one of the coach's emails, or the coach marked the company
    /// unanswered after its last question.
    ChangeVia, "way of change", {
        CoachAnswer => "coach_answer",
        Coach => "coach",
    }
);

named_values!(
    /// How a seeker gets to work; it caps how far the shortlist reaches.
    Mobility, "mobility", {
        Car => "car",
        PublicTransport => "public_transport",
        None => "none",
    }
);

impl Mobility {
    /// The farthest a company may be, whatever distance the seeker asks.
    #[must_use]
    pub const fn reach_km(self) -> f64 {
        match self {
            Self::Car => 100.0,
            Self::PublicTransport => 30.0,
            Self::None => 5.0,
        }
    }
}

named_values!(
    /// Where a company stands in a seeker's shortlist.
    EntryState, "shortlist state", {
        Proposed => "proposed",
        Kept => "kept",
        Dismissed => "dismissed",
    }
);

named_values!(
    /// Where a kept company stands on the seeker's way to a job.
    ApplicationStatus, "status", {
        ToContact => "to_contact",
        Contacted => "contacted",
        FollowUpDue => "follow_up_due",
        Interview => "interview",
        Hired => "hired",
        Declined => "declined",
        NoAnswer => "no_answer",
    }
);

impl ApplicationStatus {
    /// The statuses a company may move to from this one. A hire is final;
    /// a refusal or a silence can be reopened when the company calls back.
    #[must_use]
    pub const fn next(self) -> &'static [Self] {
        use ApplicationStatus::{
            Contacted, Declined, FollowUpDue, Hired, Interview, NoAnswer, ToContact,
        };
        match self {
            ToContact => &[Contacted],
            Contacted => &[FollowUpDue, Interview, Hired, Declined, NoAnswer],
            FollowUpDue => &[Contacted, Interview, Hired, Declined, NoAnswer],
            Interview => &[Hired, Declined, NoAnswer],
            Hired => &[],
            Declined => &[Contacted, Interview, Hired],
            NoAnswer => &[Contacted, Interview, Hired, Declined],
        }
    }

    #[must_use]
    pub fn can_move_to(self, next: Self) -> bool {
        self.next().contains(&next)
    }

    /// The statuses a contact with this outcome moves a company through,
    /// in order; empty when the status stays (a second interview, a
    /// thank-you note after one).
    ///
    /// # Errors
    /// When the company already hired the seeker.
    pub fn after_contact(self, outcome: ContactOutcome) -> Result<Vec<Self>, ParseError> {
        use ApplicationStatus::{Contacted, Hired, Interview};
        if self == Hired {
            return Err(ParseError::new(
                "this company already hired the seeker: no contact can follow",
            ));
        }
        let target = outcome.status();
        if target == self || (target == Contacted && self == Interview) {
            return Ok(Vec::new());
        }
        if self.can_move_to(target) {
            return Ok(vec![target]);
        }
        if self.can_move_to(Contacted) && Contacted.can_move_to(target) {
            return Ok(vec![Contacted, target]);
        }
        Err(ParseError::new(format!(
            "a contact with outcome {outcome} cannot follow status {self}"
        )))
    }

    /// Hired, declined and no answer close an application.
    #[must_use]
    pub const fn is_closed(self) -> bool {
        matches!(self, Self::Hired | Self::Declined | Self::NoAnswer)
    }
}

named_values!(
    /// How a seeker reached a company.
    ContactMethod, "contact method", {
        Visit => "visit",
        Phone => "phone",
        Email => "email",
        Letter => "letter",
        OnlineForm => "online_form",
        Other => "other",
    }
);

named_values!(
    /// What came of a contact.
    ContactOutcome, "outcome", {
        NoAnswerYet => "no_answer_yet",
        PositiveAnswer => "positive_answer",
        Interview => "interview",
        Refused => "refused",
        Hired => "hired",
    }
);

impl ContactOutcome {
    /// The status a company reaches after a contact with this outcome.
    #[must_use]
    pub const fn status(self) -> ApplicationStatus {
        match self {
            Self::NoAnswerYet | Self::PositiveAnswer => ApplicationStatus::Contacted,
            Self::Interview => ApplicationStatus::Interview,
            Self::Refused => ApplicationStatus::Declined,
            Self::Hired => ApplicationStatus::Hired,
        }
    }

    /// Whether the company answered.
    #[must_use]
    pub const fn is_answer(self) -> bool {
        !matches!(self, Self::NoAnswerYet)
    }
}

named_values!(
    /// The contract a job offer proposes, as France Travail codes it.
    ContractType, "contract type", {
        Permanent => "CDI",
        FixedTerm => "CDD",
        Temporary => "MIS",
        Seasonal => "SAI",
        WorkStudy => "ALT",
        Freelance => "LIB",
    }
);

named_values!(
    /// Who reads a note: the seeker and the organisation, or the
    /// organisation only.
    NoteVisibility, "visibility", {
        Shared => "shared",
        Private => "private",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_choices() {
        for status in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(status.as_str()).unwrap(), *status);
        }
        assert_eq!(
            ContractType::parse(" CDD ").unwrap(),
            ContractType::FixedTerm
        );
        let err = ContactMethod::parse("pigeon").unwrap_err();
        assert_eq!(
            err.message,
            "unknown contact method \"pigeon\": use visit, phone, email, letter, online_form, other"
        );
    }

    #[test]
    fn a_hire_is_final_and_a_refusal_can_be_reopened() {
        assert!(ApplicationStatus::Hired.next().is_empty());
        assert!(ApplicationStatus::Declined.can_move_to(ApplicationStatus::Interview));
        assert!(!ApplicationStatus::ToContact.can_move_to(ApplicationStatus::Hired));
        assert!(ApplicationStatus::Contacted.can_move_to(ApplicationStatus::FollowUpDue));
    }

    #[test]
    fn no_status_moves_to_itself_or_back_to_to_contact() {
        for status in ApplicationStatus::ALL {
            assert!(!status.can_move_to(*status), "{status}");
            assert!(
                !status.can_move_to(ApplicationStatus::ToContact),
                "{status}"
            );
        }
    }

    #[test]
    fn outcomes_move_the_status() {
        assert_eq!(
            ContactOutcome::Refused.status(),
            ApplicationStatus::Declined
        );
        assert_eq!(
            ContactOutcome::NoAnswerYet.status(),
            ApplicationStatus::Contacted
        );
        assert!(!ContactOutcome::NoAnswerYet.is_answer());
        assert!(ContactOutcome::PositiveAnswer.is_answer());
    }

    #[test]
    fn a_contact_moves_through_contacted_first() {
        use ApplicationStatus as S;
        assert_eq!(
            S::ToContact
                .after_contact(ContactOutcome::Interview)
                .unwrap(),
            vec![S::Contacted, S::Interview]
        );
        assert_eq!(
            S::ToContact
                .after_contact(ContactOutcome::NoAnswerYet)
                .unwrap(),
            vec![S::Contacted]
        );
        assert!(S::Interview
            .after_contact(ContactOutcome::PositiveAnswer)
            .unwrap()
            .is_empty());
        assert_eq!(
            S::NoAnswer.after_contact(ContactOutcome::Refused).unwrap(),
            vec![S::Declined]
        );
        assert!(S::Hired.after_contact(ContactOutcome::NoAnswerYet).is_err());
    }

    #[test]
    fn every_outcome_is_reachable_from_every_open_status() {
        for status in ApplicationStatus::ALL {
            if *status == ApplicationStatus::Hired {
                continue;
            }
            for outcome in ContactOutcome::ALL {
                let path = status.after_contact(*outcome).unwrap();
                let mut at = *status;
                for next in path {
                    assert!(at.can_move_to(next), "{at} -> {next}");
                    at = next;
                }
            }
        }
    }

    #[test]
    fn mobility_caps_the_reach() {
        assert!(Mobility::None.reach_km() < Mobility::PublicTransport.reach_km());
        assert_eq!(Mobility::parse(" car ").unwrap(), Mobility::Car);
    }
}
