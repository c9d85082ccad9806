//! Signed-in sessions. The browser holds a random token in an HttpOnly
//! cookie; the database holds its hash, the CSRF token writes must echo, and
//! the expiry. Signing out or resetting a password revokes sessions.

use loco_rs::prelude::*;

pub use super::_entities::sessions::{self, ActiveModel, Column, Entity, Model};
use super::tokens::{hash_token, new_token};

impl ActiveModelBehavior for ActiveModel {}

/// Days a session lasts.
pub const SESSION_DAYS: i64 = 14;

impl Model {
    /// Opens a session; returns it with the token for the cookie.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn open(
        db: &impl ConnectionTrait,
        user_id: i32,
        ip: Option<String>,
    ) -> ModelResult<(Self, String)> {
        let (token, token_hash) = new_token();
        let now = chrono::Utc::now();
        let session = ActiveModel {
            token_hash: Set(token_hash),
            csrf_token: Set(loco_rs::hash::random_string(32)),
            user_id: Set(user_id),
            ip: Set(ip),
            expires_at: Set((now + chrono::Duration::days(SESSION_DAYS)).into()),
            revoked_at: Set(None),
            created_at: Set(now.into()),
            updated_at: Set(now.into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok((session, token))
    }

    /// The session a cookie's token opens, if it is still valid.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn find_valid(db: &impl ConnectionTrait, token: &str) -> ModelResult<Option<Self>> {
        Ok(Entity::find()
            .filter(Column::TokenHash.eq(hash_token(token)))
            .filter(Column::RevokedAt.is_null())
            .filter(Column::ExpiresAt.gt(chrono::Utc::now()))
            .one(db)
            .await?)
    }

    /// Revokes every open session of a user.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn revoke_all(db: &impl ConnectionTrait, user_id: i32) -> ModelResult<()> {
        let now: DateTimeWithTimeZone = chrono::Utc::now().into();
        Entity::update_many()
            .col_expr(Column::RevokedAt, Expr::value(now))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::UserId.eq(user_id))
            .filter(Column::RevokedAt.is_null())
            .exec(db)
            .await?;
        Ok(())
    }
}

impl ActiveModel {
    /// # Errors
    /// When the database fails.
    pub async fn revoked(mut self, db: &impl ConnectionTrait) -> ModelResult<Model> {
        let now = chrono::Utc::now();
        self.revoked_at = Set(Some(now.into()));
        self.updated_at = Set(now.into());
        Ok(self.update(db).await?)
    }
}
