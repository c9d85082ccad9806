//! One-time tokens sent by email: set or reset a password, sign in by magic
//! link. Single use, expiring, stored hashed.

use loco_rs::prelude::*;

pub use super::_entities::auth_tokens::{self, ActiveModel, Column, Entity, Model};
use super::tokens::{hash_token, new_token};

impl ActiveModelBehavior for ActiveModel {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Choose a first password (a new platform admin) or a new one.
    SetPassword,
    /// Sign in without a password.
    MagicLink,
}

impl Purpose {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SetPassword => "set_password",
            Self::MagicLink => "magic_link",
        }
    }

    /// How long a link of this purpose stays valid.
    #[must_use]
    pub const fn lifetime(self) -> chrono::Duration {
        match self {
            Self::SetPassword => chrono::Duration::hours(24),
            Self::MagicLink => chrono::Duration::minutes(30),
        }
    }
}

impl Model {
    /// Issues a token; returns the plain token for the link.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn issue(
        db: &impl ConnectionTrait,
        user_id: i32,
        purpose: Purpose,
    ) -> ModelResult<String> {
        let (token, token_hash) = new_token();
        let now = chrono::Utc::now();
        ActiveModel {
            user_id: Set(user_id),
            purpose: Set(purpose.as_str().to_string()),
            token_hash: Set(token_hash),
            expires_at: Set((now + purpose.lifetime()).into()),
            used_at: Set(None),
            created_at: Set(now.into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(token)
    }

    /// How many tokens of `purpose` were issued to `user_id` within `window`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn issued_since(
        db: &impl ConnectionTrait,
        user_id: i32,
        purpose: Purpose,
        window: chrono::Duration,
    ) -> ModelResult<u64> {
        use sea_orm::PaginatorTrait;
        Ok(Entity::find()
            .filter(Column::UserId.eq(user_id))
            .filter(Column::Purpose.eq(purpose.as_str()))
            .filter(Column::CreatedAt.gt(chrono::Utc::now() - window))
            .count(db)
            .await?)
    }

    /// Retires every unused token of `purpose` of a user: after a password
    /// reset, the other reset links stop working.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn retire_all(
        db: &impl ConnectionTrait,
        user_id: i32,
        purpose: Purpose,
    ) -> ModelResult<()> {
        Entity::update_many()
            .col_expr(
                Column::UsedAt,
                Expr::value(DateTimeWithTimeZone::from(chrono::Utc::now())),
            )
            .filter(Column::UserId.eq(user_id))
            .filter(Column::Purpose.eq(purpose.as_str()))
            .filter(Column::UsedAt.is_null())
            .exec(db)
            .await?;
        Ok(())
    }

    /// The user of a valid token, without using it (to check a new password
    /// before spending the link on it).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn peek(
        db: &impl ConnectionTrait,
        token: &str,
        purpose: Purpose,
    ) -> ModelResult<Option<i32>> {
        Ok(Entity::find()
            .filter(Column::TokenHash.eq(hash_token(token)))
            .filter(Column::Purpose.eq(purpose.as_str()))
            .filter(Column::UsedAt.is_null())
            .filter(Column::ExpiresAt.gt(chrono::Utc::now()))
            .one(db)
            .await?
            .map(|found| found.user_id))
    }

    /// Uses a token: returns its user when the token exists, has this
    /// purpose, is not used and not expired; it cannot be used again.
    ///
    /// # Errors
    /// `EntityNotFound` when the token is unknown, used, expired or of
    /// another purpose.
    pub async fn consume(
        db: &impl ConnectionTrait,
        token: &str,
        purpose: Purpose,
    ) -> ModelResult<i32> {
        let now = chrono::Utc::now();
        let found = Entity::find()
            .filter(Column::TokenHash.eq(hash_token(token)))
            .filter(Column::Purpose.eq(purpose.as_str()))
            .filter(Column::UsedAt.is_null())
            .filter(Column::ExpiresAt.gt(now))
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)?;
        // The update only succeeds for the first of two concurrent uses.
        let used = Entity::update_many()
            .col_expr(Column::UsedAt, Expr::value(DateTimeWithTimeZone::from(now)))
            .filter(Column::Id.eq(found.id))
            .filter(Column::UsedAt.is_null())
            .exec(db)
            .await?;
        if used.rows_affected == 1 {
            Ok(found.user_id)
        } else {
            Err(ModelError::EntityNotFound)
        }
    }
}
