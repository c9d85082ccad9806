//! Sign-in attempts, to slow down password guessing: too many failures in a
//! window, for one account or from one address, and sign-in is refused for
//! a while.

use loco_rs::prelude::*;
use sea_orm::PaginatorTrait;

pub use super::_entities::sign_in_attempts::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}

/// The window over which failures count.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures allowed per account in the window.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failures allowed per IP address in the window.
pub const MAX_FAILURES_PER_IP: u64 = 20;

/// Why sign-in is refused before the password is even checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    Account,
    Address,
}

impl Model {
    /// # Errors
    /// When the database fails.
    pub async fn record(
        db: &impl ConnectionTrait,
        email: &str,
        ip: &str,
        succeeded: bool,
    ) -> ModelResult<()> {
        ActiveModel {
            email: Set(email.to_string()),
            ip: Set(ip.to_string()),
            succeeded: Set(succeeded),
            created_at: Set(chrono::Utc::now().into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }

    /// Whether the account or the address has failed too often lately.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn throttled(
        db: &impl ConnectionTrait,
        email: &str,
        ip: &str,
    ) -> ModelResult<Option<Throttle>> {
        let since = chrono::Utc::now() - chrono::Duration::minutes(WINDOW_MINUTES);
        let failures = |column: Column, value: &str| {
            Entity::find()
                .filter(column.eq(value))
                .filter(Column::Succeeded.eq(false))
                .filter(Column::CreatedAt.gt(since))
        };
        if failures(Column::Email, email).count(db).await? >= MAX_FAILURES_PER_ACCOUNT {
            return Ok(Some(Throttle::Account));
        }
        if failures(Column::Ip, ip).count(db).await? >= MAX_FAILURES_PER_IP {
            return Ok(Some(Throttle::Address));
        }
        Ok(None)
    }
}
