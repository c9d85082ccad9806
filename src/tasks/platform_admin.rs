//! `create_platform_admin`: the first platform admin, and any later one.
//! There is no default password: the person receives a link to choose one.

use loco_rs::prelude::*;

use crate::{
    authz::AuthzStore,
    domain::Email,
    mailers::account::AccountMailer,
    models::{
        audit_events::AuditEntry,
        auth_tokens::{self, Purpose},
        users,
    },
};

pub struct CreatePlatformAdmin;

/// Creates the platform admin (or promotes an existing user) and emails the
/// link to choose a password.
///
/// # Errors
/// When the address is invalid, or the database or the mailer fails.
pub async fn create_platform_admin(
    ctx: &AppContext,
    email: &str,
    name: Option<&str>,
) -> Result<users::Model> {
    let email = Email::parse(email).map_err(|err| Error::string(&format!("email: {err}")))?;
    let user = match users::Model::find_by_email(&ctx.db, &email).await {
        Ok(user) => {
            let mut promoted = user.into_active_model();
            promoted.is_platform_admin = Set(true);
            promoted.updated_at = Set(chrono::Utc::now().into());
            promoted.update(&ctx.db).await?
        }
        Err(ModelError::EntityNotFound) => {
            let name = name.map_or_else(
                || {
                    email
                        .as_str()
                        .split('@')
                        .next()
                        .unwrap_or_default()
                        .to_string()
                },
                str::to_string,
            );
            users::Model::create(&ctx.db, &email, &name, true).await?
        }
        Err(err) => return Err(err.into()),
    };
    let token = auth_tokens::Model::issue(&ctx.db, user.id, Purpose::SetPassword).await?;
    AccountMailer::welcome_admin(ctx, &user, &token)
        .await?
        .send_now(ctx)
        .await?;
    AuthzStore::of(ctx)?.reload(&ctx.db).await?;
    AuditEntry::new("platform_admin_created")
        .subject("user", user.pid)
        .record(&ctx.db)
        .await?;
    Ok(user)
}

#[async_trait]
impl Task for CreatePlatformAdmin {
    fn task(&self) -> TaskInfo {
        TaskInfo {
            name: "create_platform_admin".to_string(),
            detail: "Create a platform admin and email them a link to choose a password.\nUsage: \
                     cargo loco task create_platform_admin email:<address> [name:<name>]"
                .to_string(),
        }
    }

    async fn run(&self, ctx: &AppContext, vars: &task::Vars) -> Result<()> {
        let email = vars
            .cli_arg("email")
            .map_err(|_| Error::string("email is required, e.g. email:admin@example.org"))?;
        let user = create_platform_admin(ctx, email, vars.cli_arg("name").ok()).await?;
        println!(
            "{} is a platform admin; a link to choose a password was emailed to them.",
            user.email
        );
        Ok(())
    }
}
