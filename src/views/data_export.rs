//! The document a seeker downloads to see everything Relais holds about
//! them in one organisation (their right of access), built from the same
//! views as the journey's pages.

use serde::Serialize;
use utoipa::ToSchema;

use super::{
    accounts::UserView,
    journey::{ApplicationView, CardView, DismissedView, NoteView, ProfileView},
};
use crate::models::{email_preferences::Preferences, organisations, outbox, seekers, users};

/// A text the seeker accepted: which version, and when.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    pub version: String,
    pub accepted_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentsView {
    /// The terms of use.
    pub terms: ConsentView,
    /// The consent to share their progress with the organisation.
    pub progress_sharing: ConsentView,
}

/// The seeker's account, as this organisation knows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeekerAccountView {
    /// The seeker id in this organisation.
    pub id: String,
    pub name: String,
    pub email: String,
    /// The language of their emails (`fr`, `en`).
    pub language: String,
    /// When they joined this organisation.
    pub joined_at: String,
    pub last_activity_at: Option<String>,
    pub referent: Option<UserView>,
    pub consents: ConsentsView,
}

impl SeekerAccountView {
    #[must_use]
    pub fn new(
        seeker: &seekers::Model,
        user: &users::Model,
        referent: Option<&users::Model>,
    ) -> Self {
        Self {
            id: seeker.pid.to_string(),
            name: user.name.clone(),
            email: user.email.clone(),
            language: user.locale.clone(),
            joined_at: seeker.created_at.to_rfc3339(),
            last_activity_at: seeker.last_activity_at.map(|at| at.to_rfc3339()),
            referent: referent.map(UserView::from),
            consents: ConsentsView {
                terms: ConsentView {
                    version: seeker.terms_version.clone(),
                    accepted_at: seeker.terms_accepted_at.to_rfc3339(),
                },
                progress_sharing: ConsentView {
                    version: seeker.consent_version.clone(),
                    accepted_at: seeker.consent_at.to_rfc3339(),
                },
            },
        }
    }
}

/// An email the organisation sent the seeker; its body is not kept once
/// sent, and not given here.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentMessageView {
    /// `reminder`, `nudge`, `invitation`…
    pub kind: String,
    pub subject: String,
    /// `pending`, `sending`, `sent` or `failed`.
    pub state: String,
    pub queued_at: String,
    pub sent_at: Option<String>,
}

impl From<&outbox::Model> for SentMessageView {
    fn from(message: &outbox::Model) -> Self {
        Self {
            kind: message.kind.clone(),
            subject: message.subject.clone(),
            state: message.state.clone(),
            queued_at: message.created_at.to_rfc3339(),
            sent_at: message.sent_at.map(|at| at.to_rfc3339()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportOrganisationView {
    pub id: String,
    pub name: String,
}

impl From<&organisations::Model> for ExportOrganisationView {
    fn from(organisation: &organisations::Model) -> Self {
        Self {
            id: organisation.pid.to_string(),
            name: organisation.name.clone(),
        }
    }
}

/// Everything Relais holds about one seeker in one organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeekerDataView {
    pub exported_at: String,
    pub organisation: ExportOrganisationView,
    /// `shared` when the seeker downloads it (the notes shared with them),
    /// `all` when staff do (private notes too, marked `private`).
    pub notes_included: &'static str,
    pub account: SeekerAccountView,
    pub profile: Option<ProfileView>,
    /// The companies proposed now, in the order the seeker sees them.
    pub shortlist: Vec<CardView>,
    /// The kept companies, with their status history and contacts.
    pub applications: Vec<ApplicationView>,
    pub dismissed: Vec<DismissedView>,
    /// Newest first.
    pub notes: Vec<NoteView>,
    /// What the seeker asked of the coach's emails.
    pub email_preferences: Preferences,
    /// The emails the organisation sent them, oldest first, without their
    /// bodies.
    pub messages: Vec<SentMessageView>,
}
