//! The digital coach. One scheduled run ([`run`]) plans what is due, queues
//! it in the outbox and sends the outbox:
//!
//! - reminders: "did the company answer?" some days after a contact without
//!   an answer, asked again after "not yet" or silence, until the
//!   organisation's number of rounds, after which the company is marked
//!   `no_answer`;
//! - nudges: once a week to seekers who kept companies but contacted none;
//! - digests: daily or weekly, to each counsellor about their caseload.
//!
//! A run can be repeated or overlap another: every question moves its
//! company's round with a compare-and-set update, every message has a key
//! the outbox keeps once, and sending claims each message once.

pub mod answers;
pub mod delivery;
mod digests;
mod nudges;
mod reminders;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use loco_rs::prelude::*;
use serde::Serialize;

pub use self::delivery::{deliver_due, DeliveryReport};
use crate::{
    domain::{is_writing_hour, MessageKind, Timing, UNSUBSCRIBE_LINK_DAYS},
    mailers::{postman::Envelope, templates},
    models::{
        _entities::{communes, organisations, seekers, users},
        coach_links::{self, NewLink, Purpose},
        email_preferences,
        outbox::{self, NewMessage},
    },
    settings::Settings,
};

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    /// Messages found interrupted mid-send and left for the operator.
    pub interrupted: u64,
    pub reminders: usize,
    /// Companies marked `no_answer` after the last round.
    pub gave_up: usize,
    pub nudges: usize,
    pub digests: usize,
    /// Messages not written because the person paused, snoozed or
    /// unsubscribed, or their organisation switched the kind off.
    pub held_back: usize,
    pub delivery: DeliveryReport,
}

/// One run of the coach at `now`: plan (from 9:00, French time), then send.
///
/// # Errors
/// When the database fails, a template does not render, or the mailer is
/// misconfigured.
pub async fn run(ctx: &AppContext, now: DateTime<Utc>) -> Result<RunReport> {
    let mut report = RunReport {
        interrupted: outbox::Model::fail_interrupted(&ctx.db, now).await?,
        ..RunReport::default()
    };
    if is_writing_hour(now) {
        let writer = Writer::new(ctx)?;
        reminders::plan(ctx, &writer, now, &mut report).await?;
        nudges::plan(ctx, &writer, now, &mut report).await?;
        digests::plan(ctx, &writer, now, &mut report).await?;
    }
    report.delivery = deliver_due(ctx, now, None).await?;
    Ok(report)
}

/// Writes the coach's messages: addresses, links, rendering, queuing.
pub struct Writer {
    host: String,
    from_address: Option<lettre::Address>,
    from_fallback: String,
}

impl Writer {
    /// # Errors
    /// When the settings cannot be read.
    pub fn new(ctx: &AppContext) -> Result<Self> {
        let settings = Settings::from_context(ctx)?;
        let from_address = settings
            .mail_from
            .parse::<Mailbox>()
            .ok()
            .map(|mailbox| mailbox.email);
        Ok(Self {
            host: ctx.config.server.host.trim_end_matches('/').to_string(),
            from_address,
            from_fallback: settings.mail_from,
        })
    }

    /// An address of the web interface.
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.host)
    }

    /// The `From` of an organisation's coach: its sender name, Relais'
    /// address.
    #[must_use]
    pub fn from(&self, organisation: &organisations::Model) -> String {
        self.from_address.as_ref().map_or_else(
            || self.from_fallback.clone(),
            |address| Mailbox::new(Some(sender_name(organisation)), address.clone()).to_string(),
        )
    }

    /// Renders a coach message, with a link to pause or stop the emails,
    /// and queues it. Returns whether it was queued (false: an earlier run
    /// queued it already).
    ///
    /// # Errors
    /// When the database fails or the template does not render.
    pub async fn queue(
        &self,
        db: &impl ConnectionTrait,
        letter: Letter<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let Letter {
            kind,
            dedup_key,
            organisation,
            user,
            mut locals,
        } = letter;
        if outbox::Model::find_by_key(db, &dedup_key).await?.is_some() {
            return Ok(false);
        }
        let manage = coach_links::Model::issue(
            db,
            NewLink {
                purpose: Purpose::ManageEmails,
                user_id: user.id,
                entry_id: None,
                round: None,
                valid_for: chrono::Duration::days(UNSUBSCRIBE_LINK_DAYS),
            },
            now,
        )
        .await?;
        let manage_url = self.url(&format!("/coach/emails/{manage}"));
        locals["manage_url"] = manage_url.clone().into();
        locals["sender"] = sender_name(organisation).into();
        locals["organisation"] = organisation.name.clone().into();
        locals["app_url"] = self.url("/").into();
        let rendered = templates::render(kind, &user.locale, &locals)?;
        Ok(outbox::Model::enqueue(
            db,
            NewMessage {
                kind,
                dedup_key,
                organisation_id: Some(organisation.id),
                user_id: Some(user.id),
                envelope: Envelope {
                    from: self.from(organisation),
                    to: user.email.clone(),
                    subject: rendered.subject,
                    text: rendered.text,
                    html: rendered.html,
                    unsubscribe_url: Some(manage_url),
                },
            },
            now,
        )
        .await?)
    }
}

/// A coach message to write.
pub struct Letter<'a> {
    pub kind: MessageKind,
    /// What the message is about (see [`outbox`]).
    pub dedup_key: String,
    pub organisation: &'a organisations::Model,
    pub user: &'a users::Model,
    /// The template's values; the links and the sender are added.
    pub locals: serde_json::Value,
}

/// The organisation's sender name, without control characters (names
/// stored before they were refused would break the `From` header).
fn sender_name(organisation: &organisations::Model) -> String {
    organisation
        .sender_name
        .as_deref()
        .unwrap_or(&organisation.name)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The organisation's timing of the coach.
#[must_use]
pub fn timing(organisation: &organisations::Model) -> Timing {
    Timing {
        reminder_delay_days: organisation.reminder_delay_days,
        follow_up_delay_days: organisation.follow_up_delay_days,
        max_rounds: organisation.reminder_max_rounds,
    }
}

/// The seekers a plan writes to, with their people, organisations and
/// email preferences, loaded at once.
struct Audience {
    seekers: HashMap<i32, seekers::Model>,
    users: HashMap<i32, users::Model>,
    organisations: HashMap<i32, organisations::Model>,
    preferences: HashMap<i32, email_preferences::Preferences>,
}

/// Whether a seeker can be written to.
enum Reach<'a> {
    /// Gone: a deactivated seeker or person, an archived organisation.
    Gone,
    Found {
        user: &'a users::Model,
        organisation: &'a organisations::Model,
        /// False when the person's preferences or the organisation's
        /// switch hold the coach back.
        wanted: bool,
    },
}

impl Audience {
    async fn load(db: &impl ConnectionTrait, seeker_ids: Vec<i32>) -> Result<Self> {
        let seekers = by_id::<seekers::Entity>(db, seekers::Column::Id, seeker_ids).await?;
        let users = by_id::<users::Entity>(
            db,
            users::Column::Id,
            seekers.values().map(|seeker| seeker.user_id).collect(),
        )
        .await?;
        let organisations = by_id::<organisations::Entity>(
            db,
            organisations::Column::Id,
            seekers
                .values()
                .map(|seeker| seeker.organisation_id)
                .collect(),
        )
        .await?;
        let user_ids: Vec<i32> = users.keys().copied().collect();
        let preferences = email_preferences::of_many(db, &user_ids).await?;
        Ok(Self {
            seekers,
            users,
            organisations,
            preferences,
        })
    }

    /// Whether the coach may write to `seeker_id` at `now` about a kind
    /// its organisation allows when `allowed` says so.
    fn reach(
        &self,
        seeker_id: i32,
        allowed: impl Fn(&organisations::Model) -> bool,
        now: DateTime<Utc>,
    ) -> Reach<'_> {
        let Some(seeker) = self.seekers.get(&seeker_id) else {
            return Reach::Gone;
        };
        let (Some(user), Some(organisation)) = (
            self.users.get(&seeker.user_id),
            self.organisations.get(&seeker.organisation_id),
        ) else {
            return Reach::Gone;
        };
        if seeker.deactivated_at.is_some()
            || user.deactivated_at.is_some()
            || organisation.archived_at.is_some()
        {
            return Reach::Gone;
        }
        let wanted = allowed(organisation)
            && self
                .preferences
                .get(&user.id)
                .is_none_or(|preferences| preferences.allows_coaching(now));
        Reach::Found {
            user,
            organisation,
            wanted,
        }
    }
}

/// Rows by id, loaded in chunks.
async fn by_id<E>(
    db: &impl ConnectionTrait,
    column: E::Column,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, E::Model>>
where
    E: EntityTrait,
    E::Model: HasId,
{
    ids.sort_unstable();
    ids.dedup();
    let mut found = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        for row in E::find()
            .filter(column.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            found.insert(row.id(), row);
        }
    }
    Ok(found)
}

/// A row's integer id.
trait HasId {
    fn id(&self) -> i32;
}

macro_rules! has_id {
    ($($entity:ident),+) => {
        $(impl HasId for crate::models::_entities::$entity::Model {
            fn id(&self) -> i32 {
                self.id
            }
        })+
    };
}
has_id!(users, organisations, seekers, shortlist_entries);

/// Companies' names and commune names, by SIRET.
async fn companies(
    db: &impl ConnectionTrait,
    mut sirets: Vec<String>,
) -> Result<HashMap<String, (String, Option<String>)>> {
    use crate::models::_entities::establishments;
    sirets.sort_unstable();
    sirets.dedup();
    let mut rows = Vec::with_capacity(sirets.len());
    for chunk in sirets.chunks(500) {
        rows.extend(
            establishments::Entity::find()
                .filter(establishments::Column::Siret.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    let mut codes: Vec<String> = rows.iter().map(|row| row.commune_code.clone()).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut places = HashMap::new();
    for chunk in codes.chunks(500) {
        for commune in communes::Entity::find()
            .filter(communes::Column::InseeCode.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            places.insert(commune.insee_code, commune.name);
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let name = row
                .trade_name
                .filter(|name| !name.trim().is_empty())
                .unwrap_or(row.name);
            let place = places.get(&row.commune_code).cloned();
            (row.siret, (name, place))
        })
        .collect())
}
