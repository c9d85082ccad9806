//! The outbox: every email Relais sends is first a row here, then goes out
//! at most once.
//!
//! A message is queued under a key that names what it is about (the
//! second question about one contact, one counsellor's digest of one
//! week), so queuing it twice keeps one row. A sender claims due messages
//! with an update that only succeeds while they are still pending, so two
//! senders never send the same message. A message whose sender stopped
//! mid-way stays "sending" and is then marked failed for the operator to
//! check rather than sent again: it may already have gone out.
//! Bodies carry one-time links: they are erased once the message is sent.

use chrono::{DateTime, Utc};
use loco_rs::prelude::*;
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ExprTrait, QueryOrder, QuerySelect,
};

pub use super::_entities::outbox_messages::{self, ActiveModel, Column, Entity, Model};
use crate::{
    domain::{retry_delay, MessageKind, OutboxState, MAX_ATTEMPTS},
    mailers::postman::{Envelope, SendFailure},
};

impl ActiveModelBehavior for ActiveModel {}

/// How long a message may stay claimed before it counts as interrupted.
pub const INTERRUPTED_AFTER: chrono::Duration = chrono::Duration::minutes(15);

/// The error of a message whose sender stopped while sending it.
pub const INTERRUPTED_ERROR: &str = "the sender stopped while sending this message: it may \
     have gone out; check with the recipient before retrying it";

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub kind: MessageKind,
    /// What the message is about; a second message with the same key is
    /// not queued.
    pub dedup_key: String,
    pub organisation_id: Option<i32>,
    pub user_id: Option<i32>,
    pub envelope: Envelope,
}

fn at(now: DateTime<Utc>) -> DateTimeWithTimeZone {
    now.into()
}

impl Model {
    /// Queues a message unless one with its key exists. Returns whether it
    /// was queued.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn enqueue(
        db: &impl ConnectionTrait,
        message: NewMessage,
        now: DateTime<Utc>,
    ) -> ModelResult<bool> {
        let envelope = message.envelope;
        let row = ActiveModel {
            pid: Set(Uuid::new_v4()),
            kind: Set(message.kind.to_string()),
            dedup_key: Set(message.dedup_key),
            organisation_id: Set(message.organisation_id),
            user_id: Set(message.user_id),
            sender: Set(envelope.from),
            recipient: Set(envelope.to),
            subject: Set(envelope.subject),
            text_body: Set(Some(envelope.text)),
            html_body: Set(Some(envelope.html)),
            unsubscribe_url: Set(envelope.unsubscribe_url),
            state: Set(OutboxState::Pending.to_string()),
            attempts: Set(0),
            next_attempt_at: Set(at(now)),
            claim: Set(None),
            claimed_at: Set(None),
            last_error: Set(None),
            sent_at: Set(None),
            created_at: Set(at(now)),
            updated_at: Set(at(now)),
            ..Default::default()
        };
        let inserted = Entity::insert(row)
            .on_conflict(OnConflict::column(Column::DedupKey).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
        Ok(inserted > 0)
    }

    /// The message queued under `dedup_key`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn find_by_key(
        db: &impl ConnectionTrait,
        dedup_key: &str,
    ) -> ModelResult<Option<Self>> {
        Ok(Entity::find()
            .filter(Column::DedupKey.eq(dedup_key))
            .one(db)
            .await?)
    }

    /// Claims up to `limit` pending messages due at `now` (only message
    /// `only`, if given) for one sender. A message claimed by another
    /// sender in the meantime is not among them.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn claim_due(
        db: &impl ConnectionTrait,
        only: Option<i32>,
        now: DateTime<Utc>,
        limit: u64,
    ) -> ModelResult<(String, Vec<Self>)> {
        let pending = || {
            Column::State
                .eq(OutboxState::Pending.as_str())
                .and(Column::NextAttemptAt.lte(at(now)))
        };
        let mut due = Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(pending())
            .order_by_asc(Column::Id)
            .limit(limit);
        if let Some(id) = only {
            due = due.filter(Column::Id.eq(id));
        }
        let ids: Vec<i32> = due.into_tuple().all(db).await?;
        if ids.is_empty() {
            return Ok((String::new(), Vec::new()));
        }
        let claim = Uuid::new_v4().to_string();
        Entity::update_many()
            .col_expr(Column::State, Expr::value(OutboxState::Sending.as_str()))
            .col_expr(Column::Claim, Expr::value(claim.clone()))
            .col_expr(Column::ClaimedAt, Expr::value(at(now)))
            .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
            .col_expr(Column::UpdatedAt, Expr::value(at(now)))
            .filter(Column::Id.is_in(ids))
            // Checked again by the update itself: a row another sender
            // claimed since the select is left alone.
            .filter(pending())
            .exec(db)
            .await?;
        let claimed = Entity::find()
            .filter(Column::Claim.eq(claim.clone()))
            .filter(Column::State.eq(OutboxState::Sending.as_str()))
            .order_by_asc(Column::Id)
            .all(db)
            .await?;
        Ok((claim, claimed))
    }

    /// Records messages of one claim as sent and erases their bodies.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn mark_sent(
        db: &impl ConnectionTrait,
        claim: &str,
        ids: &[i32],
        now: DateTime<Utc>,
    ) -> ModelResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        Entity::update_many()
            .col_expr(Column::State, Expr::value(OutboxState::Sent.as_str()))
            .col_expr(Column::SentAt, Expr::value(at(now)))
            .col_expr(Column::TextBody, Expr::value(Option::<String>::None))
            .col_expr(Column::HtmlBody, Expr::value(Option::<String>::None))
            .col_expr(Column::LastError, Expr::value(Option::<String>::None))
            .col_expr(Column::UpdatedAt, Expr::value(at(now)))
            .filter(Column::Id.is_in(ids.to_vec()))
            .filter(Column::Claim.eq(claim))
            .exec(db)
            .await?;
        Ok(())
    }

    /// Records a failed attempt: the message waits for its next attempt,
    /// or is failed for good after a refusal or too many attempts.
    /// Returns the state it is left in.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_failure(
        &self,
        db: &impl ConnectionTrait,
        failure: &SendFailure,
        now: DateTime<Utc>,
    ) -> ModelResult<OutboxState> {
        let give_up = failure.permanent || self.attempts >= MAX_ATTEMPTS;
        let state = if give_up {
            OutboxState::Failed
        } else {
            OutboxState::Pending
        };
        Entity::update_many()
            .col_expr(Column::State, Expr::value(state.as_str()))
            .col_expr(Column::LastError, Expr::value(failure.message.clone()))
            .col_expr(
                Column::NextAttemptAt,
                Expr::value(at(now + retry_delay(self.attempts))),
            )
            .col_expr(Column::UpdatedAt, Expr::value(at(now)))
            .filter(Column::Id.eq(self.id))
            .filter(Column::Claim.eq(self.claim.clone()))
            .exec(db)
            .await?;
        Ok(state)
    }

    /// Gives claimed messages back untried (the server could not be
    /// reached before their turn): the attempt does not count.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn release(
        db: &impl ConnectionTrait,
        claim: &str,
        ids: &[i32],
        now: DateTime<Utc>,
    ) -> ModelResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        Entity::update_many()
            .col_expr(Column::State, Expr::value(OutboxState::Pending.as_str()))
            .col_expr(Column::Attempts, Expr::col(Column::Attempts).sub(1))
            .col_expr(Column::UpdatedAt, Expr::value(at(now)))
            .filter(Column::Id.is_in(ids.to_vec()))
            .filter(Column::Claim.eq(claim))
            .filter(Column::State.eq(OutboxState::Sending.as_str()))
            .exec(db)
            .await?;
        Ok(())
    }

    /// Marks as failed the messages a sender claimed more than
    /// [`INTERRUPTED_AFTER`] ago without finishing: they may have gone
    /// out, so only the operator sends them again. Returns how many.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn fail_interrupted(
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> ModelResult<u64> {
        let result = Entity::update_many()
            .col_expr(Column::State, Expr::value(OutboxState::Failed.as_str()))
            .col_expr(Column::LastError, Expr::value(INTERRUPTED_ERROR))
            .col_expr(Column::UpdatedAt, Expr::value(at(now)))
            .filter(Column::State.eq(OutboxState::Sending.as_str()))
            .filter(Column::ClaimedAt.lt(at(now - INTERRUPTED_AFTER)))
            .exec(db)
            .await?;
        Ok(result.rows_affected)
    }

    /// Puts a failed message back in the queue, due now, with a fresh count
    /// of attempts.
    ///
    /// # Errors
    /// `EntityNotFound` when no message has this id; a message when it is
    /// not failed; or the database fails.
    pub async fn retry(
        db: &impl ConnectionTrait,
        id: i32,
        now: DateTime<Utc>,
    ) -> ModelResult<Self> {
        let message = Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)?;
        if message.state != OutboxState::Failed.as_str() {
            return Err(ModelError::Message(format!(
                "message {id} is {}: only failed messages can be retried",
                message.state
            )));
        }
        let mut row = message.into_active_model();
        row.state = Set(OutboxState::Pending.to_string());
        row.attempts = Set(0);
        row.next_attempt_at = Set(at(now));
        row.claim = Set(None);
        row.claimed_at = Set(None);
        row.updated_at = Set(at(now));
        Ok(row.update(db).await?)
    }

    /// Messages in `state` (all when `None`), newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn list(
        db: &impl ConnectionTrait,
        state: Option<OutboxState>,
        limit: u64,
    ) -> ModelResult<Vec<Self>> {
        let mut query = Entity::find().order_by_desc(Column::Id).limit(limit);
        if let Some(state) = state {
            query = query.filter(Column::State.eq(state.as_str()));
        }
        Ok(query.all(db).await?)
    }

    /// The messages an organisation sent to a person, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sent_to_in(
        db: &impl ConnectionTrait,
        organisation_id: i32,
        user_id: i32,
    ) -> ModelResult<Vec<Self>> {
        Ok(Entity::find()
            .filter(Column::OrganisationId.eq(organisation_id))
            .filter(Column::UserId.eq(user_id))
            .order_by_asc(Column::Id)
            .all(db)
            .await?)
    }

    /// The ids of the failed messages that can be sent again without
    /// asking anyone, oldest first: every failed message but those whose
    /// sender stopped mid-send ([`INTERRUPTED_ERROR`]), which may have
    /// gone out and are retried one by one after a check.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn retryable_failed_ids(db: &impl ConnectionTrait) -> ModelResult<Vec<i32>> {
        Ok(Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::State.eq(OutboxState::Failed.as_str()))
            .filter(
                Column::LastError
                    .ne(INTERRUPTED_ERROR)
                    .or(Column::LastError.is_null()),
            )
            .order_by_asc(Column::Id)
            .into_tuple()
            .all(db)
            .await?)
    }

    /// The message as it goes out; `None` once sent (the body is erased).
    #[must_use]
    pub fn envelope(&self) -> Option<Envelope> {
        Some(Envelope {
            from: self.sender.clone(),
            to: self.recipient.clone(),
            subject: self.subject.clone(),
            text: self.text_body.clone()?,
            html: self.html_body.clone()?,
            unsubscribe_url: self.unsubscribe_url.clone(),
        })
    }
}
