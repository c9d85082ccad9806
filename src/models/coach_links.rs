//! The links in the coach's emails: a seeker's one-click answer about one
//! contact (single use, expiring) and the page to pause or stop the
//! emails (reusable, long-lived). Each carries an unguessable token of
//! about 256 bits; only its SHA-256 is stored, so the database alone does
//! not let anyone answer for a seeker.

use chrono::{DateTime, Duration, Utc};
use loco_rs::prelude::*;

pub use super::_entities::coach_links::{self, ActiveModel, Column, Entity, Model};
use super::tokens::{hash_token, new_token};

impl ActiveModelBehavior for ActiveModel {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Answer "did the company answer?" about one kept company.
    Answer,
    /// Pause, snooze or stop the coach's emails.
    ManageEmails,
}

impl Purpose {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Answer => "answer",
            Self::ManageEmails => "manage_emails",
        }
    }
}

/// A link to issue.
#[derive(Debug, Clone, Copy)]
pub struct NewLink {
    pub purpose: Purpose,
    pub user_id: i32,
    pub entry_id: Option<i32>,
    pub round: Option<i32>,
    pub valid_for: Duration,
}

/// Why a link does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    /// Already used, with the answer it recorded.
    Used,
}

impl Model {
    /// Issues a link; returns the token for the URL.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn issue(
        db: &impl ConnectionTrait,
        link: NewLink,
        now: DateTime<Utc>,
    ) -> ModelResult<String> {
        let (token, token_hash) = new_token();
        ActiveModel {
            token_hash: Set(token_hash),
            purpose: Set(link.purpose.as_str().to_string()),
            user_id: Set(link.user_id),
            entry_id: Set(link.entry_id),
            round: Set(link.round),
            expires_at: Set((now + link.valid_for).into()),
            used_at: Set(None),
            answer: Set(None),
            created_at: Set(now.into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(token)
    }

    /// The link of `token` with this purpose, if it still works.
    ///
    /// # Errors
    /// The problem with the link, or the database error.
    pub async fn find_valid(
        db: &impl ConnectionTrait,
        token: &str,
        purpose: Purpose,
        now: DateTime<Utc>,
    ) -> ModelResult<Result<Self, (LinkProblem, Option<Self>)>> {
        let Some(link) = Entity::find()
            .filter(Column::TokenHash.eq(hash_token(token)))
            .filter(Column::Purpose.eq(purpose.as_str()))
            .one(db)
            .await?
        else {
            return Ok(Err((LinkProblem::Unknown, None)));
        };
        if link.used_at.is_some() {
            return Ok(Err((LinkProblem::Used, Some(link))));
        }
        if link.expires_at <= DateTimeWithTimeZone::from(now) {
            return Ok(Err((LinkProblem::Expired, Some(link))));
        }
        Ok(Ok(link))
    }

    /// Uses a single-use link, recording the answer. Returns false when
    /// another click used it first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn use_once(
        &self,
        db: &impl ConnectionTrait,
        answer: &str,
        now: DateTime<Utc>,
    ) -> ModelResult<bool> {
        let used = Entity::update_many()
            .col_expr(Column::UsedAt, Expr::value(DateTimeWithTimeZone::from(now)))
            .col_expr(Column::Answer, Expr::value(answer))
            .filter(Column::Id.eq(self.id))
            .filter(Column::UsedAt.is_null())
            .exec(db)
            .await?;
        Ok(used.rows_affected == 1)
    }
}
