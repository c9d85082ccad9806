//! The companies of a seeker's shortlist: proposed, kept (with a status on
//! the way to a job) or dismissed. Every status change is dated and kept in
//! `status_changes`; every contact is logged in `contacts` and moves the
//! status as its outcome says. Each write also dates the seeker's last
//! activity.

use chrono::{DateTime, NaiveDate, Utc};
use loco_rs::prelude::*;
use sea_orm::{DatabaseTransaction, QueryOrder};

pub use super::_entities::shortlist_entries::{self, ActiveModel, Column, Entity, Model};
use super::{
    _entities::{contacts, organisations, status_changes},
    coach_links, seekers,
};
use crate::domain::{
    answer_effect, ask_at, paris_day, AnswerEffect, ApplicationStatus, ChangeVia, CoachAnswer,
    ContactMethod, ContactOutcome, EntryState, Timing,
};

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
            Some(actor_id),
            None,
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
        let entry = set_status(&txn, entry, next, None, Some(actor_id), None).await?;
        let timing = timing_of(&txn, entry.organisation_id).await?;
        let today = paris_day(chrono::Utc::now());
        let entry = match next {
            ApplicationStatus::Contacted => {
                schedule_question(
                    &txn,
                    entry,
                    Some(ask_at(today, timing.reminder_delay_days)),
                    Some(0),
                )
                .await?
            }
            ApplicationStatus::FollowUpDue => {
                schedule_question(
                    &txn,
                    entry,
                    Some(ask_at(today, timing.follow_up_delay_days)),
                    None,
                )
                .await?
            }
            _ => schedule_question(&txn, entry, None, None).await?,
        };
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
        let outcome = contact.outcome;
        let contacted_on = contact.contacted_on;
        let logged = insert_contact(&txn, &entry, contact, actor_id).await?;
        let changed = !path.is_empty();
        let mut entry = entry;
        for next in path {
            entry = set_status(&txn, entry, next, Some(logged.id), Some(actor_id), None).await?;
        }
        // A contact still waiting for an answer: the coach asks about it
        // after the organisation's delay. Any answer ends the questions.
        let entry = if outcome == ContactOutcome::NoAnswerYet
            && entry.status() == Some(ApplicationStatus::Contacted)
        {
            let timing = timing_of(&txn, entry.organisation_id).await?;
            // From the latest contact: logging an older one afterwards does
            // not bring the question forward.
            let latest = latest_contact_day(&txn, entry.id)
                .await?
                .max(Some(contacted_on));
            let ask = ask_at(latest.unwrap_or(contacted_on), timing.reminder_delay_days);
            schedule_question(&txn, entry, Some(ask), Some(0)).await?
        } else if changed || outcome.is_answer() {
            schedule_question(&txn, entry, None, None).await?
        } else {
            entry
        };
        touch(&txn, entry.seeker_id).await?;
        txn.commit().await?;
        Ok((entry, logged))
    }

    /// Moves the coach to question `round` about this company, to be asked
    /// again at `then` if unanswered, unless another run or a change of
    /// the journey moved it first. Returns whether this call moved it.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn advance_coach_round(
        &self,
        db: &impl ConnectionTrait,
        round: i32,
        then: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> ModelResult<bool> {
        let moved = Entity::update_many()
            .col_expr(Column::CoachRound, Expr::value(round))
            .col_expr(
                Column::CoachDueAt,
                Expr::value(DateTimeWithTimeZone::from(then)),
            )
            .filter(Column::Id.eq(self.id))
            .filter(Column::CoachRound.eq(self.coach_round))
            .filter(Column::CoachDueAt.lte(DateTimeWithTimeZone::from(now)))
            .filter(Column::State.eq(EntryState::Kept.as_str()))
            .filter(Column::Status.is_in(WAITING.map(ApplicationStatus::as_str)))
            .exec(db)
            .await?;
        Ok(moved.rows_affected == 1)
    }

    /// After the last unanswered question, marks the company `no_answer`
    /// (by the coach: no person is the actor). Returns false when the
    /// journey moved on meanwhile.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn coach_gives_up(
        db: &DatabaseConnection,
        entry: &Self,
        now: DateTime<Utc>,
    ) -> Result<bool, EntryError> {
        let txn = seekers::begin_change(db, entry.seeker_id).await?;
        let current = entry.reread(&txn).await?;
        let still_due = current.coach_round == entry.coach_round
            && current
                .coach_due_at
                .is_some_and(|due| due <= DateTimeWithTimeZone::from(now))
            && current
                .status()
                .is_some_and(|status| WAITING.contains(&status));
        if !still_due {
            return Ok(false);
        }
        let current = set_status(
            &txn,
            current,
            ApplicationStatus::NoAnswer,
            None,
            None,
            Some(ChangeVia::Coach),
        )
        .await?;
        schedule_question(&txn, current, None, None).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// Records a seeker's one-click answer given through `link` (used once,
    /// in the same transaction).
    ///
    /// # Errors
    /// `Conflict` when the link was used meanwhile or the company's status
    /// moved on; or the database fails.
    pub async fn answer_from_coach(
        db: &DatabaseConnection,
        link: &coach_links::Model,
        answer: CoachAnswer,
        now: DateTime<Utc>,
    ) -> Result<(Self, AnswerEffect), EntryError> {
        let entry_id = link
            .entry_id
            .ok_or(EntryError::Model(ModelError::EntityNotFound))?;
        let found = Entity::find_by_id(entry_id)
            .one(db)
            .await?
            .ok_or(EntryError::Model(ModelError::EntityNotFound))?;
        let txn = seekers::begin_change(db, found.seeker_id).await?;
        let entry = found.reread(&txn).await?;
        let status = entry.kept_status()?;
        if answer == CoachAnswer::NotYet
            && link.round.is_some_and(|round| round < entry.coach_round)
        {
            return Err(EntryError::Conflict(
                "a newer question was asked about this company: answer that one".to_string(),
            ));
        }
        let timing = timing_of(&txn, entry.organisation_id).await?;
        let effect = answer_effect(answer, status, entry.coach_round, timing, now)
            .map_err(|err| EntryError::Conflict(err.message))?;
        if !link.use_once(&txn, answer.as_str(), now).await? {
            return Err(EntryError::Conflict(
                "this answer was already recorded".to_string(),
            ));
        }
        let contact_id = if effect.logs_follow_up {
            let follow_up = NewContact {
                method: ContactMethod::Other,
                contacted_on: paris_day(now),
                note: Some(FOLLOW_UP_NOTE.to_string()),
                outcome: ContactOutcome::NoAnswerYet,
            };
            Some(
                insert_contact(&txn, &entry, follow_up, link.user_id)
                    .await?
                    .id,
            )
        } else {
            None
        };
        let mut entry = entry;
        for next in &effect.statuses {
            entry = set_status(
                &txn,
                entry,
                *next,
                contact_id,
                Some(link.user_id),
                Some(ChangeVia::CoachAnswer),
            )
            .await?;
        }
        let round = effect.logs_follow_up.then_some(0);
        let entry = schedule_question(&txn, entry, effect.ask_again_at, round).await?;
        touch(&txn, entry.seeker_id).await?;
        txn.commit().await?;
        Ok((entry, effect))
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
    actor_id: Option<i32>,
    via: Option<ChangeVia>,
) -> Result<Model, EntryError> {
    let from = entry.status();
    let mut active = entry.into_active_model();
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();
    active.status = Set(Some(next.to_string()));
    active.status_changed_at = Set(Some(now));
    active.updated_at = Set(now);
    let entry = active.update(db).await?;
    record_change(db, &entry, from, next, contact_id, actor_id, via).await?;
    Ok(entry)
}

async fn record_change(
    db: &impl ConnectionTrait,
    entry: &Model,
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    contact_id: Option<i32>,
    actor_id: Option<i32>,
    via: Option<ChangeVia>,
) -> Result<(), DbErr> {
    status_changes::ActiveModel {
        entry_id: Set(entry.id),
        seeker_id: Set(entry.seeker_id),
        organisation_id: Set(entry.organisation_id),
        from_status: Set(from.map(|status| status.to_string())),
        to_status: Set(to.to_string()),
        contact_id: Set(contact_id),
        actor_id: Set(actor_id),
        via: Set(via.map(|via| via.to_string())),
        created_at: Set(chrono::Utc::now().into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn latest_contact_day(
    db: &impl ConnectionTrait,
    entry_id: i32,
) -> Result<Option<NaiveDate>, DbErr> {
    Ok(contacts::Entity::find()
        .filter(contacts::Column::EntryId.eq(entry_id))
        .order_by_desc(contacts::Column::ContactedOn)
        .one(db)
        .await?
        .map(|contact| contact.contacted_on))
}

async fn insert_contact(
    db: &impl ConnectionTrait,
    entry: &Model,
    contact: NewContact,
    actor_id: i32,
) -> Result<contacts::Model, DbErr> {
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();
    contacts::ActiveModel {
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
    .insert(db)
    .await
}

/// The statuses in which the coach waits for an answer.
const WAITING: [ApplicationStatus; 2] =
    [ApplicationStatus::Contacted, ApplicationStatus::FollowUpDue];

/// The note of a follow-up the seeker reported from the coach's email.
pub const FOLLOW_UP_NOTE: &str = "Relance signalée depuis l'e-mail du coach";

async fn timing_of(db: &impl ConnectionTrait, organisation_id: i32) -> Result<Timing, EntryError> {
    let organisation = organisations::Entity::find_by_id(organisation_id)
        .one(db)
        .await?
        .ok_or(EntryError::Model(ModelError::EntityNotFound))?;
    Ok(crate::coach::timing(&organisation))
}

/// When the coach asks next about a company (`None`: it does not), and
/// from which round (`None`: the round stays).
async fn schedule_question(
    db: &impl ConnectionTrait,
    entry: Model,
    ask_at: Option<DateTime<Utc>>,
    round: Option<i32>,
) -> Result<Model, EntryError> {
    let mut active = entry.into_active_model();
    active.coach_due_at = Set(ask_at.map(Into::into));
    if let Some(round) = round {
        active.coach_round = Set(round);
    }
    Ok(active.update(db).await?)
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
