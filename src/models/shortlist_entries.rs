//! The companies of a seeker's shortlist: proposed, kept (with a status on
//! the way to a job) or dismissed. Every status change is dated and kept in
//! `status_changes`; every contact is logged in `contacts` and moves the
//! status as its outcome says. Each write also dates the seeker's last
//! activity.

use chrono::NaiveDate;
use loco_rs::prelude::*;
use sea_orm::{DatabaseTransaction, QueryOrder};

pub use super::_entities::shortlist_entries::{self, ActiveModel, Column, Entity, Model};
use super::{
    _entities::{contacts, status_changes},
    seekers,
};
use crate::domain::{ApplicationStatus, ContactMethod, ContactOutcome, EntryState};

impl ActiveModelBehavior for ActiveModel {}

/// Why a change to an entry is refused.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    /// The change does not fit the entry's state; the message says why.
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Model(#[from] ModelError),
}

impl From<DbErr> for EntryError {
    fn from(err: DbErr) -> Self {
        Self::Model(err.into())
    }
}

/// A contact as the seeker or counsellor logs it.
#[derive(Debug, Clone)]
pub struct NewContact {
    pub method: ContactMethod,
    pub contacted_on: NaiveDate,
    pub note: Option<String>,
    pub outcome: ContactOutcome,
}

impl Model {
    /// The seeker's entry for a company, if any.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn find_for(
        db: &impl ConnectionTrait,
        seeker_id: i32,
        siret: &str,
    ) -> ModelResult<Option<Self>> {
        Ok(Entity::find()
            .filter(Column::SeekerId.eq(seeker_id))
            .filter(Column::Siret.eq(siret))
            .one(db)
            .await?)
    }

    /// The seeker's entries in `state`, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn in_state(
        db: &impl ConnectionTrait,
        seeker_id: i32,
        state: EntryState,
    ) -> ModelResult<Vec<Self>> {
        Ok(Entity::find()
            .filter(Column::SeekerId.eq(seeker_id))
            .filter(Column::State.eq(state.as_str()))
            .order_by_asc(Column::Id)
            .all(db)
            .await?)
    }

    #[must_use]
    pub fn state(&self) -> Option<EntryState> {
        EntryState::parse(&self.state).ok()
    }

    #[must_use]
    pub fn status(&self) -> Option<ApplicationStatus> {
        self.status
            .as_deref()
            .and_then(|status| ApplicationStatus::parse(status).ok())
    }

    /// Keeps a company: proposed, dismissed or not yet in the shortlist (a
    /// company the seeker found themself). Keeping a kept company changes
    /// nothing.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn keep(
        db: &DatabaseConnection,
        seeker: &seekers::Model,
        siret: &str,
        actor_id: i32,
    ) -> Result<Self, EntryError> {
        let txn = seekers::begin_change(db, seeker.id).await?;
        let now: DateTimeWithTimeZone = chrono::Utc::now().into();
        let existing = existing_or_new(&txn, seeker, siret).await?;
        if existing.state() == Some(EntryState::Kept) {
            return Ok(existing);
        }
        let mut entry = existing.into_active_model();
        entry.state = Set(EntryState::Kept.to_string());
        entry.is_new = Set(false);
        entry.dismiss_reason = Set(None);
        entry.status = Set(Some(ApplicationStatus::ToContact.to_string()));
        entry.status_changed_at = Set(Some(now));
        entry.decided_at = Set(Some(now));
        entry.updated_at = Set(now);
        let entry = entry.update(&txn).await?;
        record_change(
            &txn,
            &entry,
            None,
            ApplicationStatus::ToContact,
            None,
            actor_id,
        )
        .await?;
        touch(&txn, seeker.id).await?;
        txn.commit().await?;
        Ok(entry)
    }

    /// Dismisses a company, with an optional reason: it is not proposed
    /// again. A kept company can be dismissed until it is contacted.
    ///
    /// # Errors
    /// When the company was already contacted, or the database fails.
    pub async fn dismiss(
        db: &DatabaseConnection,
        seeker: &seekers::Model,
        siret: &str,
        reason: Option<String>,
    ) -> Result<Self, EntryError> {
        let txn = seekers::begin_change(db, seeker.id).await?;
        let now: DateTimeWithTimeZone = chrono::Utc::now().into();
        let existing = existing_or_new(&txn, seeker, siret).await?;
        if let Some(status) = existing.status() {
            if status != ApplicationStatus::ToContact {
                return Err(EntryError::Conflict(format!(
                    "this company is {status}: close it by its status instead of dismissing it"
                )));
            }
        }
        let mut entry = existing.into_active_model();
        entry.state = Set(EntryState::Dismissed.to_string());
        entry.is_new = Set(false);
        entry.dismiss_reason = Set(reason);
        entry.status = Set(None);
        entry.status_changed_at = Set(None);
        entry.decided_at = Set(Some(now));
        entry.updated_at = Set(now);
        let entry = entry.update(&txn).await?;
        touch(&txn, seeker.id).await?;
        txn.commit().await?;
        Ok(entry)
    }

    /// Moves a kept company to `next`, if its current status allows it.
    ///
    /// # Errors
    /// When the company is not kept, the move is not allowed, or the
    /// database fails.
    pub async fn move_to(
        self,
        db: &DatabaseConnection,
        next: ApplicationStatus,
        actor_id: i32,
    ) -> Result<Self, EntryError> {
        let txn = seekers::begin_change(db, self.seeker_id).await?;
        let entry = self.reread(&txn).await?;
        let current = entry.kept_status()?;
        if !current.can_move_to(next) {
            return Err(EntryError::Conflict(format!(
                "a company cannot go from {current} to {next}; from {current} it can go to: {}",
                allowed(current)
            )));
        }
        let entry = set_status(&txn, entry, next, None, actor_id).await?;
        touch(&txn, entry.seeker_id).await?;
        txn.commit().await?;
        Ok(entry)
    }

    /// Logs a contact with a kept company; its outcome moves the status.
    ///
    /// # Errors
    /// When the company is not kept or already hired the seeker, or the
    /// database fails.
    pub async fn log_contact(
        self,
        db: &DatabaseConnection,
        contact: NewContact,
        actor_id: i32,
    ) -> Result<(Self, contacts::Model), EntryError> {
        let txn = seekers::begin_change(db, self.seeker_id).await?;
        let entry = self.reread(&txn).await?;
        let path = entry
            .kept_status()?
            .after_contact(contact.outcome)
            .map_err(|err| EntryError::Conflict(err.message))?;
        let now: DateTimeWithTimeZone = chrono::Utc::now().into();
        let logged = contacts::ActiveModel {
            pid: Set(Uuid::new_v4()),
            entry_id: Set(entry.id),
            seeker_id: Set(entry.seeker_id),
            organisation_id: Set(entry.organisation_id),
            siret: Set(entry.siret.clone()),
            method: Set(contact.method.to_string()),
            contacted_on: Set(contact.contacted_on),
            note: Set(contact.note),
            outcome: Set(contact.outcome.to_string()),
            created_by_id: Set(actor_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut entry = entry;
        for next in path {
            entry = set_status(&txn, entry, next, Some(logged.id), actor_id).await?;
        }
        touch(&txn, entry.seeker_id).await?;
        txn.commit().await?;
        Ok((entry, logged))
    }

    /// This entry read again inside a change of the seeker's journey, so
    /// that the change starts from what the one before it left.
    async fn reread(&self, txn: &DatabaseTransaction) -> Result<Self, EntryError> {
        Self::find_for(txn, self.seeker_id, &self.siret)
            .await?
            .ok_or_else(|| EntryError::Model(ModelError::EntityNotFound))
    }

    fn kept_status(&self) -> Result<ApplicationStatus, EntryError> {
        match (self.state(), self.status()) {
            (Some(EntryState::Kept), Some(status)) => Ok(status),
            _ => Err(EntryError::Conflict(
                "keep this company before following it up".to_string(),
            )),
        }
    }
}

/// The seeker's entry for a company, created as a plain proposal when
/// there is none.
async fn existing_or_new(
    txn: &DatabaseTransaction,
    seeker: &seekers::Model,
    siret: &str,
) -> Result<Model, EntryError> {
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();
    let proposal = ActiveModel {
        seeker_id: Set(seeker.id),
        organisation_id: Set(seeker.organisation_id),
        siret: Set(siret.to_string()),
        romes: Set(String::new()),
        state: Set(EntryState::Proposed.to_string()),
        is_new: Set(false),
        proposed_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    if let Some(entry) = Model::find_for(txn, seeker.id, siret).await? {
        return Ok(entry);
    }
    Ok(proposal.insert(txn).await?)
}

fn allowed(status: ApplicationStatus) -> String {
    let next = status.next();
    if next.is_empty() {
        return "nothing, it is final".to_string();
    }
    next.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

async fn set_status(
    db: &impl ConnectionTrait,
    entry: Model,
    next: ApplicationStatus,
    contact_id: Option<i32>,
    actor_id: i32,
) -> Result<Model, EntryError> {
    let from = entry.status();
    let mut active = entry.into_active_model();
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();
    active.status = Set(Some(next.to_string()));
    active.status_changed_at = Set(Some(now));
    active.updated_at = Set(now);
    let entry = active.update(db).await?;
    record_change(db, &entry, from, next, contact_id, actor_id).await?;
    Ok(entry)
}

async fn record_change(
    db: &impl ConnectionTrait,
    entry: &Model,
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    contact_id: Option<i32>,
    actor_id: i32,
) -> Result<(), DbErr> {
    status_changes::ActiveModel {
        entry_id: Set(entry.id),
        seeker_id: Set(entry.seeker_id),
        organisation_id: Set(entry.organisation_id),
        from_status: Set(from.map(|status| status.to_string())),
        to_status: Set(to.to_string()),
        contact_id: Set(contact_id),
        actor_id: Set(Some(actor_id)),
        created_at: Set(chrono::Utc::now().into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Dates the seeker's last activity, without touching `updated_at` (which
/// tells the access rules that grants changed).
async fn touch(db: &impl ConnectionTrait, seeker_id: i32) -> Result<(), DbErr> {
    seekers::Entity::update_many()
        .col_expr(
            seekers::Column::LastActivityAt,
            Expr::value(DateTimeWithTimeZone::from(chrono::Utc::now())),
        )
        .filter(seekers::Column::Id.eq(seeker_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Dates a seeker's last activity (a profile change).
///
/// # Errors
/// When the database fails.
pub async fn record_activity(db: &impl ConnectionTrait, seeker_id: i32) -> ModelResult<()> {
    Ok(touch(db, seeker_id).await?)
}
