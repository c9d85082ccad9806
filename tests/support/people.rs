//! People and organisations for access tests: two organisations, each with
//! an org admin, a counsellor and a seeker, a platform admin, and targets in
//! the first organisation to act on. Personas get their sessions directly
//! from the model, so no password is hashed.

use axum::http::Method;
use axum_test::{TestResponse, TestServer};
use chrono::{DateTime, Utc};
use loco_rs::prelude::*;
use relais::{
    authz::AuthzStore,
    domain::{Email, MessageKind, OrganisationKind, Role},
    mailers::postman::{Envelope, Postman},
    models::{
        invitations::{self, NewInvitation},
        memberships,
        national_data::NationalDataStore,
        organisations::{self, NewOrganisation},
        outbox::{self, NewMessage},
        seeker_profiles::{self, ProfileInput},
        seekers, sessions, shortlist_entries, users,
    },
};

/// A company of the Moselle data, in Metz.
pub const METZ_COMPANY: &str = "48186978200013";

/// A signed-in person: their user, session cookie and CSRF token.
#[derive(Clone)]
pub struct Persona {
    pub user: users::Model,
    pub cookie: String,
    pub csrf: String,
}

pub async fn person(ctx: &AppContext, email: &str, name: &str) -> users::Model {
    users::Model::create(&ctx.db, &Email::parse(email).unwrap(), name, false)
        .await
        .unwrap()
}

pub async fn signed_in(ctx: &AppContext, user: &users::Model) -> Persona {
    let (session, token) = sessions::Model::open(&ctx.db, user.id, None).await.unwrap();
    Persona {
        user: user.clone(),
        cookie: format!("relais_session={token}"),
        csrf: session.csrf_token,
    }
}

pub async fn organisation(ctx: &AppContext, name: &str) -> organisations::Model {
    organisations::Model::create(
        &ctx.db,
        NewOrganisation {
            name: name.to_string(),
            kind: OrganisationKind::MissionLocale,
            siret: None,
            departments: vec!["57".to_string()],
        },
    )
    .await
    .unwrap()
}

pub async fn staff(
    ctx: &AppContext,
    organisation: &organisations::Model,
    email: &str,
    role: Role,
) -> users::Model {
    let user = person(ctx, email, email.split('@').next().unwrap()).await;
    memberships::Model::grant(&ctx.db, organisation.id, user.id, role)
        .await
        .unwrap();
    user
}

pub async fn seeker(
    ctx: &AppContext,
    organisation: &organisations::Model,
    email: &str,
    referent: &users::Model,
) -> (users::Model, seekers::Model) {
    let user = person(ctx, email, email.split('@').next().unwrap()).await;
    let seeker = seekers::Model::create(&ctx.db, organisation.id, user.id, Some(referent.id))
        .await
        .unwrap();
    (user, seeker)
}

/// Everyone an access test needs.
pub struct World {
    pub org: organisations::Model,
    pub other_org: organisations::Model,
    pub platform_admin: Persona,
    pub admin: Persona,
    pub counsellor: Persona,
    pub seeker: Persona,
    pub other_admin: Persona,
    pub other_counsellor: Persona,
    pub other_seeker: Persona,
    /// A second counsellor of `org`, to change, deactivate, transfer to.
    pub target_member: users::Model,
    /// A seeker of `org` followed by `counsellor`, to transfer; they have
    /// a profile (cleaning jobs around Metz) and keep `METZ_COMPANY`.
    pub target_seeker: seekers::Model,
    /// A pending invitation of a seeker to `org`, sent by `counsellor`.
    pub invitation: invitations::Model,
    pub invitation_token: String,
}

impl World {
    pub async fn build(ctx: &AppContext) -> Self {
        Self::build_named(ctx, "").await
    }

    /// A world whose addresses end with `suffix`, so that several can live
    /// in one database.
    pub async fn build_named(ctx: &AppContext, suffix: &str) -> Self {
        let org = organisation(ctx, "Mission locale de Metz").await;
        let other_org = organisation(ctx, "Mission locale de Thionville").await;

        let platform = person(
            ctx,
            &format!("plateforme@relais{suffix}.test"),
            "Plateforme",
        )
        .await;
        let mut promoted = platform.clone().into_active_model();
        promoted.is_platform_admin = Set(true);
        let platform = promoted.update(&ctx.db).await.unwrap();

        let admin = staff(
            ctx,
            &org,
            &format!("admin@metz{suffix}.test"),
            Role::OrgAdmin,
        )
        .await;
        let counsellor = staff(
            ctx,
            &org,
            &format!("conseil@metz{suffix}.test"),
            Role::Counsellor,
        )
        .await;
        let (seeker_user, _) =
            seeker(ctx, &org, &format!("jeune@metz{suffix}.test"), &counsellor).await;
        let other_admin = staff(
            ctx,
            &other_org,
            &format!("admin@thionville{suffix}.test"),
            Role::OrgAdmin,
        )
        .await;
        let other_counsellor = staff(
            ctx,
            &other_org,
            &format!("conseil@thionville{suffix}.test"),
            Role::Counsellor,
        )
        .await;
        let (other_seeker, _) = seeker(
            ctx,
            &other_org,
            &format!("jeune@thionville{suffix}.test"),
            &other_counsellor,
        )
        .await;

        let target_member = staff(
            ctx,
            &org,
            &format!("collegue@metz{suffix}.test"),
            Role::Counsellor,
        )
        .await;
        let (_, target_seeker) = seeker(
            ctx,
            &org,
            &format!("autre.jeune@metz{suffix}.test"),
            &counsellor,
        )
        .await;
        give_profile(ctx, &target_seeker, counsellor.id).await;
        shortlist_entries::Model::keep(&ctx.db, &target_seeker, METZ_COMPANY, counsellor.id)
            .await
            .unwrap();
        let (invitation, invitation_token) = invitations::Model::create(
            &ctx.db,
            NewInvitation {
                organisation_id: org.id,
                email: Email::parse(&format!("invite@metz{suffix}.test")).unwrap(),
                role: Role::Seeker,
                invited_by_id: counsellor.id,
                referent_id: Some(counsellor.id),
                valid_days: 7,
            },
        )
        .await
        .unwrap();
        AuthzStore::of(ctx).unwrap().reload(&ctx.db).await.unwrap();

        Self {
            platform_admin: signed_in(ctx, &platform).await,
            admin: signed_in(ctx, &admin).await,
            counsellor: signed_in(ctx, &counsellor).await,
            seeker: signed_in(ctx, &seeker_user).await,
            other_admin: signed_in(ctx, &other_admin).await,
            other_counsellor: signed_in(ctx, &other_counsellor).await,
            other_seeker: signed_in(ctx, &other_seeker).await,
            org,
            other_org,
            target_member,
            target_seeker,
            invitation,
            invitation_token,
        }
    }
}

/// Gives a seeker a profile: cleaning jobs (K2204) within 10 km of Metz.
pub async fn give_profile(ctx: &AppContext, seeker: &seekers::Model, author_id: i32) {
    let data = NationalDataStore::of(ctx)
        .unwrap()
        .get(&ctx.db)
        .await
        .unwrap();
    let input = ProfileInput {
        target_jobs: Some(vec!["K2204".to_string()]),
        commune: Some("57463".to_string()),
        max_distance_km: Some(10.0),
        ..ProfileInput::default()
    };
    let profile = input.check(&data.catalog).unwrap();
    seeker_profiles::Model::save(&ctx.db, seeker, &profile, author_id)
        .await
        .unwrap();
}

/// Sends a request as `persona` (or anonymously), with the session cookie
/// and the CSRF token a browser page would send.
pub async fn send(
    server: &TestServer,
    method: Method,
    path: &str,
    persona: Option<&Persona>,
    body: Option<&serde_json::Value>,
) -> TestResponse {
    let mut request = server.method(method, path);
    if let Some(persona) = persona {
        request = request
            .add_header("cookie", persona.cookie.as_str())
            .add_header("x-csrf-token", persona.csrf.as_str());
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.await
}

/// A plain email number `n` to `personne<n>@metz.test`.
pub fn plain_envelope(n: usize) -> Envelope {
    Envelope {
        from: "Relais <ne-pas-repondre@relais.localhost>".to_string(),
        to: format!("personne{n}@metz.test"),
        subject: format!("Message {n}"),
        text: "Bonjour".to_string(),
        html: "<p>Bonjour</p>".to_string(),
        unsubscribe_url: None,
    }
}

/// Queues a plain account email number `n` to `personne<n>@metz.test`.
pub async fn queue_plain_email(ctx: &AppContext, n: usize, now: DateTime<Utc>) {
    let queued = outbox::Model::enqueue(
        &ctx.db,
        NewMessage {
            kind: MessageKind::PasswordReset,
            dedup_key: format!("test:{n}"),
            organisation_id: None,
            user_id: None,
            envelope: plain_envelope(n),
        },
        now,
    )
    .await
    .unwrap();
    assert!(queued, "message {n} queued");
}

/// Every email the test's stub mailer took, oldest first, as raw messages.
pub fn sent_emails(ctx: &AppContext) -> Vec<String> {
    Postman::of(ctx)
        .expect("a mailer in the test config")
        .stubbed()
}

/// The tokens of the links (`…#<token>`) in the last email sent to `to`.
pub fn link_tokens(ctx: &AppContext, to: &str) -> Vec<String> {
    let sent = sent_emails(ctx);
    let message = sent
        .iter()
        .rev()
        .find(|message| message.contains(&format!("To: {to}")))
        .unwrap_or_else(|| panic!("no email to {to} among {} messages", sent.len()));
    tokens_in(message)
}

/// The tokens of the links (`…#<token>`) in one email, in order.
pub fn tokens_in(message: &str) -> Vec<String> {
    // Undo quoted-printable soft line breaks and `=` escapes before reading links.
    let text = message
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let mut tokens: Vec<String> = text
        .split('#')
        .skip(1)
        .map(|after| {
            after
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|token| token.len() == 43)
        .collect();
    tokens.dedup();
    tokens
}

/// How many emails went to `to`.
pub fn emails_to(ctx: &AppContext, to: &str) -> usize {
    sent_emails(ctx)
        .iter()
        .filter(|message| message.contains(&format!("To: {to}")))
        .count()
}
