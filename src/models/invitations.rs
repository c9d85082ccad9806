//! Invitations to join an organisation: org admins invite staff, counsellors
//! invite seekers. The link is single use and expires; only the token's hash
//! is stored. Resending makes a new link and retires the old one.

use loco_rs::prelude::*;
use sea_orm::QueryOrder;

pub use super::_entities::invitations::{self, ActiveModel, Column, Entity, Model};
use super::tokens::{hash_token, new_token};
use crate::domain::{Email, Role};

impl ActiveModelBehavior for ActiveModel {}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationState {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

impl InvitationState {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
        }
    }
}

/// A new invitation, as the inviting person fills it in.
pub struct NewInvitation {
    pub organisation_id: i32,
    pub email: Email,
    pub role: Role,
    pub invited_by_id: i32,
    pub referent_id: Option<i32>,
    /// Days the link stays valid.
    pub valid_days: i64,
}

impl Model {
    /// Creates an invitation; returns it with the token to put in the link.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create(
        db: &impl ConnectionTrait,
        new: NewInvitation,
    ) -> ModelResult<(Self, String)> {
        let (token, token_hash) = new_token();
        let now = chrono::Utc::now();
        let invitation = ActiveModel {
            pid: Set(Uuid::new_v4()),
            organisation_id: Set(new.organisation_id),
            email: Set(new.email.to_string()),
            role: Set(new.role.to_string()),
            token_hash: Set(token_hash),
            invited_by_id: Set(new.invited_by_id),
            referent_id: Set(new.referent_id),
            expires_at: Set((now + chrono::Duration::days(new.valid_days)).into()),
            accepted_at: Set(None),
            accepted_by_id: Set(None),
            revoked_at: Set(None),
            send_count: Set(1),
            created_at: Set(now.into()),
            updated_at: Set(now.into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok((invitation, token))
    }

    /// The invitation a link's token opens, whatever its state.
    ///
    /// # Errors
    /// `EntityNotFound` when no invitation has this token.
    pub async fn find_by_token(db: &impl ConnectionTrait, token: &str) -> ModelResult<Self> {
        Entity::find()
            .filter(Column::TokenHash.eq(hash_token(token)))
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)
    }

    /// # Errors
    /// `EntityNotFound` when the organisation has no invitation with this id.
    pub async fn find_in(
        db: &impl ConnectionTrait,
        organisation_id: i32,
        pid: Uuid,
    ) -> ModelResult<Self> {
        Entity::find()
            .filter(Column::OrganisationId.eq(organisation_id))
            .filter(Column::Pid.eq(pid))
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)
    }

    /// The organisation's invitations, the newest first; with `role`, only
    /// those for that role.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn list(
        db: &impl ConnectionTrait,
        organisation_id: i32,
        role: Option<Role>,
    ) -> ModelResult<Vec<Self>> {
        let mut query = Entity::find().filter(Column::OrganisationId.eq(organisation_id));
        if let Some(role) = role {
            query = query.filter(Column::Role.eq(role.as_str()));
        }
        Ok(query.order_by_desc(Column::Id).all(db).await?)
    }

    /// Marks the invitation accepted by `user_id` if it is still pending;
    /// `false` when another request accepted, revoked or resent it first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn mark_accepted(
        db: &impl ConnectionTrait,
        id: i32,
        user_id: i32,
    ) -> ModelResult<bool> {
        let now: DateTimeWithTimeZone = chrono::Utc::now().into();
        let updated = Entity::update_many()
            .col_expr(Column::AcceptedAt, Expr::value(now))
            .col_expr(Column::AcceptedById, Expr::value(user_id))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(id))
            .filter(Column::AcceptedAt.is_null())
            .filter(Column::RevokedAt.is_null())
            .filter(Column::ExpiresAt.gt(now))
            .exec(db)
            .await?;
        Ok(updated.rows_affected == 1)
    }

    #[must_use]
    pub fn state(&self) -> InvitationState {
        if self.accepted_at.is_some() {
            InvitationState::Accepted
        } else if self.revoked_at.is_some() {
            InvitationState::Revoked
        } else if self.expires_at < chrono::Utc::now() {
            InvitationState::Expired
        } else {
            InvitationState::Pending
        }
    }

    #[must_use]
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role).ok()
    }
}

impl ActiveModel {
    /// A new link for the invitation, valid for another `valid_days`; the
    /// old link stops working.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn resent(
        mut self,
        db: &impl ConnectionTrait,
        valid_days: i64,
    ) -> ModelResult<(Model, String)> {
        let (token, token_hash) = new_token();
        let now = chrono::Utc::now();
        let count = *self.send_count.as_ref();
        self.token_hash = Set(token_hash);
        self.expires_at = Set((now + chrono::Duration::days(valid_days)).into());
        self.revoked_at = Set(None);
        self.send_count = Set(count + 1);
        self.updated_at = Set(now.into());
        Ok((self.update(db).await?, token))
    }

    /// # Errors
    /// When the database fails.
    pub async fn revoked(mut self, db: &impl ConnectionTrait) -> ModelResult<Model> {
        let now = chrono::Utc::now();
        self.revoked_at = Set(Some(now.into()));
        self.updated_at = Set(now.into());
        Ok(self.update(db).await?)
    }
}
