//! Emails about accounts: invitations, password links, magic links. French
//! text and HTML; links carry their token after `#`, so it never reaches a
//! server log or a `Referer` header.
#![allow(non_upper_case_globals)]

use loco_rs::prelude::*;
use serde_json::json;

use crate::{
    domain::Role,
    models::{invitations, organisations, users},
};

static invitation: Dir<'_> = include_dir!("src/mailers/account/invitation");
static password_reset: Dir<'_> = include_dir!("src/mailers/account/password_reset");
static magic_link: Dir<'_> = include_dir!("src/mailers/account/magic_link");
static welcome_admin: Dir<'_> = include_dir!("src/mailers/account/welcome_admin");

pub struct AccountMailer {}
impl Mailer for AccountMailer {}

/// The sender of every email, from the settings (`RELAIS_MAIL_FROM`).
fn from(ctx: &AppContext) -> Option<String> {
    crate::settings::Settings::from_context(ctx)
        .ok()
        .map(|settings| settings.mail_from)
}

/// The web interface's address, for links.
fn host(ctx: &AppContext) -> String {
    ctx.config.server.host.trim_end_matches('/').to_string()
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::OrgAdmin => "administrateur ou administratrice",
        Role::Counsellor => "conseiller ou conseillère",
        Role::Seeker => "",
    }
}

impl AccountMailer {
    /// # Errors
    /// When the message cannot be rendered or handed to the mailer.
    pub async fn invitation(
        ctx: &AppContext,
        invite: &invitations::Model,
        token: &str,
        organisation: &organisations::Model,
        inviter: &users::Model,
    ) -> Result<()> {
        let role = invite.role().unwrap_or(Role::Seeker);
        let sender = organisation
            .sender_name
            .clone()
            .unwrap_or_else(|| organisation.name.clone());
        Self::mail_template(
            ctx,
            &invitation,
            mailer::Args {
                to: invite.email.clone(),
                locals: json!({
                    "organisation": organisation.name,
                    "inviter": inviter.name,
                    "role_label": role_label(role),
                    "is_seeker": role == Role::Seeker,
                    "expires_on": invite.expires_at.format("%d/%m/%Y").to_string(),
                    "link": format!("{}/invitation#{token}", host(ctx)),
                    "sender": sender,
                }),
                from: from(ctx),
                ..Default::default()
            },
        )
        .await
    }

    /// # Errors
    /// When the message cannot be rendered or handed to the mailer.
    pub async fn password_reset(ctx: &AppContext, user: &users::Model, token: &str) -> Result<()> {
        Self::mail_template(
            ctx,
            &password_reset,
            mailer::Args {
                to: user.email.clone(),
                locals: json!({
                    "name": user.name,
                    "link": format!("{}/mot-de-passe#{token}", host(ctx)),
                }),
                from: from(ctx),
                ..Default::default()
            },
        )
        .await
    }

    /// # Errors
    /// When the message cannot be rendered or handed to the mailer.
    pub async fn magic_link(ctx: &AppContext, user: &users::Model, token: &str) -> Result<()> {
        Self::mail_template(
            ctx,
            &magic_link,
            mailer::Args {
                to: user.email.clone(),
                locals: json!({
                    "name": user.name,
                    "link": format!("{}/connexion#{token}", host(ctx)),
                }),
                from: from(ctx),
                ..Default::default()
            },
        )
        .await
    }

    /// # Errors
    /// When the message cannot be rendered or handed to the mailer.
    pub async fn welcome_admin(ctx: &AppContext, user: &users::Model, token: &str) -> Result<()> {
        Self::mail_template(
            ctx,
            &welcome_admin,
            mailer::Args {
                to: user.email.clone(),
                locals: json!({
                    "email": user.email,
                    "link": format!("{}/mot-de-passe#{token}", host(ctx)),
                }),
                from: from(ctx),
                ..Default::default()
            },
        )
        .await
    }
}
