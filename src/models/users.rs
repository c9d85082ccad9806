//! People who sign in to Relais: staff of partner organisations, seekers,
//! and platform admins.

use loco_rs::{hash, prelude::*};

pub use super::_entities::users::{self, ActiveModel, Column, Entity, Model};
use crate::domain::Email;

impl ActiveModelBehavior for ActiveModel {}

/// The shortest password accepted.
pub const MIN_PASSWORD_LENGTH: usize = 12;

/// Checks a person's name: 2 to 80 characters, none of them a control or
/// text-direction character (they would garble emails and lists).
///
/// # Errors
/// When the trimmed name is too short, too long or has such a character.
pub fn check_name(name: &str) -> Result<String, crate::domain::ParseError> {
    let name = name.trim();
    if !(2..=80).contains(&name.chars().count()) {
        return Err(crate::domain::ParseError::new(
            "a name has 2 to 80 characters",
        ));
    }
    let hidden = |c: char| {
        c.is_control()
            || ('\u{200b}'..='\u{200f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if name.chars().any(hidden) {
        return Err(crate::domain::ParseError::new(
            "a name cannot hold control or text-direction characters",
        ));
    }
    Ok(name.to_string())
}

/// Why a password is refused, as a sentence for the person choosing it.
///
/// # Errors
/// When the password is shorter than [`MIN_PASSWORD_LENGTH`] or is among
/// the common or easily guessed passwords (zxcvbn score below 3, which
/// covers the lists of most common passwords).
pub fn check_password(password: &str, email: &str, name: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        return Err(format!(
            "the password needs at least {MIN_PASSWORD_LENGTH} characters"
        ));
    }
    // The person's own name and address, whole and in parts, are easy
    // guesses too.
    let parts: Vec<&str> = [email, name]
        .into_iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|part| part.len() >= 2)
        .chain([email, name])
        .collect();
    let estimate = zxcvbn::zxcvbn(password, &parts);
    if u8::from(estimate.score()) < 3 {
        return Err("this password is too common or too easy to guess".to_string());
    }
    Ok(())
}

/// Checks a password against a fixed hash and forgets the answer: sign-in
/// calls it for unknown addresses so that they take as long as known ones.
pub fn burn_password_check(password: &str) {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        hash::hash_password("relais-timing-equaliser").unwrap_or_default()
    });
    let _ = hash::verify_password(password, &DUMMY);
}

impl Model {
    /// # Errors
    /// `EntityNotFound` when no user has this address.
    pub async fn find_by_email(db: &impl ConnectionTrait, email: &Email) -> ModelResult<Self> {
        Entity::find()
            .filter(Column::Email.eq(email.as_str()))
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)
    }

    /// # Errors
    /// `EntityNotFound` when no user has this id.
    pub async fn find_by_id(db: &impl ConnectionTrait, id: i32) -> ModelResult<Self> {
        Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)
    }

    /// # Errors
    /// `EntityNotFound` when no user has this public id.
    pub async fn find_by_pid(db: &impl ConnectionTrait, pid: Uuid) -> ModelResult<Self> {
        Entity::find()
            .filter(Column::Pid.eq(pid))
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)
    }

    /// Creates a person without a password (they set one from an emailed
    /// link, or sign in by magic link).
    ///
    /// # Errors
    /// When the address is taken or the database fails.
    pub async fn create(
        db: &impl ConnectionTrait,
        email: &Email,
        name: &str,
        is_platform_admin: bool,
    ) -> ModelResult<Self> {
        let now = chrono::Utc::now();
        let user = ActiveModel {
            pid: Set(Uuid::new_v4()),
            email: Set(email.to_string()),
            name: Set(name.trim().to_string()),
            password_hash: Set(None),
            is_platform_admin: Set(is_platform_admin),
            locale: Set("fr".to_string()),
            deactivated_at: Set(None),
            created_at: Set(now.into()),
            updated_at: Set(now.into()),
            ..Default::default()
        };
        Ok(user.insert(db).await?)
    }

    #[must_use]
    pub fn verify_password(&self, password: &str) -> bool {
        self.password_hash
            .as_deref()
            .is_some_and(|hash| hash::verify_password(password, hash))
    }

    #[must_use]
    pub fn is_active(&self) -> bool {
        self.deactivated_at.is_none()
    }
}

impl ActiveModel {
    /// Sets a new password, hashed with argon2id.
    ///
    /// # Errors
    /// When hashing or the database fails.
    pub async fn set_password(
        mut self,
        db: &impl ConnectionTrait,
        password: &str,
    ) -> ModelResult<Model> {
        let hashed = hash::hash_password(password).map_err(|err| ModelError::Any(err.into()))?;
        self.password_hash = Set(Some(hashed));
        self.updated_at = Set(chrono::Utc::now().into());
        Ok(self.update(db).await?)
    }
}
