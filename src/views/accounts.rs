//! Response shapes for organisations, people, invitations and the audit
//! log. Entities are never serialized directly: no password hash or token
//! hash leaves the server.

use serde::Serialize;
use utoipa::ToSchema;

use crate::models::{
    audit_events, invitations, memberships, organisations, organisations::OrganisationSettings,
    seekers, users,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub name: String,
}

impl From<&users::Model> for UserView {
    fn from(user: &users::Model) -> Self {
        Self {
            id: user.pid.to_string(),
            email: user.email.clone(),
            name: user.name.clone(),
        }
    }
}

/// An organisation the signed-in person belongs to, with their role there.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyOrganisationView {
    pub id: String,
    pub name: String,
    pub role: String,
    /// For a seeker, their seeker id: the `{seeker}` of their journey's
    /// routes.
    pub seeker_id: Option<String>,
}

/// Who is signed in, where, and the token their writes must echo.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub user: UserView,
    pub is_platform_admin: bool,
    pub organisations: Vec<MyOrganisationView>,
    /// Send it back in the `X-CSRF-Token` header of every write.
    pub csrf_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub siret: Option<String>,
    pub departments: Vec<String>,
    pub settings: OrganisationSettings,
    pub archived: bool,
}

impl From<&organisations::Model> for OrganisationView {
    fn from(organisation: &organisations::Model) -> Self {
        Self {
            id: organisation.pid.to_string(),
            name: organisation.name.clone(),
            kind: organisation.kind.clone(),
            siret: organisation.siret.clone(),
            departments: organisation.departments(),
            settings: organisation.settings(),
            archived: organisation.is_archived(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationsView {
    pub organisations: Vec<OrganisationView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub user: UserView,
    pub role: String,
    pub active: bool,
    pub since: String,
}

impl MemberView {
    #[must_use]
    pub fn new(membership: &memberships::Model, user: &users::Model) -> Self {
        Self {
            user: user.into(),
            role: membership.role.clone(),
            active: membership.is_active(),
            since: membership.created_at.to_rfc3339(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MembersView {
    pub members: Vec<MemberView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationView {
    pub id: String,
    pub email: String,
    pub role: String,
    /// `pending`, `accepted`, `revoked` or `expired`.
    pub state: &'static str,
    pub expires_at: String,
    pub send_count: i32,
    pub invited_by: Option<UserView>,
}

impl InvitationView {
    #[must_use]
    pub fn new(invitation: &invitations::Model, invited_by: Option<&users::Model>) -> Self {
        Self {
            id: invitation.pid.to_string(),
            email: invitation.email.clone(),
            role: invitation.role.clone(),
            state: invitation.state().as_str(),
            expires_at: invitation.expires_at.to_rfc3339(),
            send_count: invitation.send_count,
            invited_by: invited_by.map(UserView::from),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationsView {
    pub invitations: Vec<InvitationView>,
}

/// What the person who opens an invitation link sees before accepting.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationPreviewView {
    pub organisation: String,
    pub email: String,
    pub role: String,
    pub expires_at: String,
    /// Whether an account already has this address (then sign in first).
    pub account_exists: bool,
    /// For seekers: the versions of the terms and consent to accept.
    pub terms_version: Option<&'static str>,
    pub consent_version: Option<&'static str>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedView {
    pub organisation: OrganisationView,
    pub role: String,
    pub user: UserView,
    /// Present when accepting also signed the person in.
    pub csrf_token: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeekerSummaryView {
    pub id: String,
    pub user: UserView,
    pub referent: Option<UserView>,
    pub joined_at: String,
}

impl SeekerSummaryView {
    #[must_use]
    pub fn new(
        seeker: &seekers::Model,
        user: &users::Model,
        referent: Option<&users::Model>,
    ) -> Self {
        Self {
            id: seeker.pid.to_string(),
            user: user.into(),
            referent: referent.map(UserView::from),
            joined_at: seeker.created_at.to_rfc3339(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventView {
    pub id: i32,
    pub at: String,
    pub action: String,
    pub actor: Option<UserView>,
    pub organisation: Option<String>,
    pub subject_type: Option<String>,
    pub subject: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub ip: Option<String>,
}

impl AuditEventView {
    #[must_use]
    pub fn new(
        event: &audit_events::Model,
        actor: Option<&users::Model>,
        organisation: Option<&organisations::Model>,
    ) -> Self {
        Self {
            id: event.id,
            at: event.created_at.to_rfc3339(),
            action: event.action.clone(),
            actor: actor.map(UserView::from),
            organisation: organisation.map(|organisation| organisation.pid.to_string()),
            subject_type: event.subject_type.clone(),
            subject: event.subject.clone(),
            details: serde_json::from_str(&event.details).unwrap_or_default(),
            ip: event.ip.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    pub events: Vec<AuditEventView>,
}

/// A plain acknowledgement, for requests whose answer must not reveal
/// whether an account exists.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    pub message: String,
}
