//! Emails about accounts: invitations, password links, magic links, in the
//! person's language (French for an invitation, whose invitee has none yet);
//! text and HTML; links carry their token after `#`, so it never reaches a
//! server log or a `Referer` header.
//!
//! Each email is queued in the outbox and sent by a worker, so a request
//! neither waits for the SMTP server nor tells by its duration whether an
//! account exists; an email the server refused is retried by the coach's
//! scheduled run.

use chrono::Utc;
use loco_rs::prelude::*;
use serde_json::json;

use super::{postman::Envelope, templates};
use crate::{
    coach::delivery::{DeliverMessage, DeliverMessageArgs},
    domain::{MessageKind, Role},
    models::{
        invitations, organisations,
        outbox::{self, NewMessage},
        users,
    },
};

pub struct AccountMailer {}

/// The sender of every email, from the settings (`RELAIS_MAIL_FROM`).
fn from(ctx: &AppContext) -> Result<String> {
    Ok(crate::settings::Settings::from_context(ctx)?.mail_from)
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

/// An email in the outbox, to hand to a sender once the transaction that
/// queued it is committed.
#[must_use]
pub struct Queued(i32);

impl Queued {
    /// Hands the email to the delivery worker (after the response, in a
    /// server).
    ///
    /// # Errors
    /// When the worker cannot be reached.
    pub async fn send(self, ctx: &AppContext) -> Result<()> {
        DeliverMessage::perform_later(ctx, DeliverMessageArgs { message_id: self.0 }).await?;
        Ok(())
    }

    /// Sends the email now (a terminal task, which ends before a worker
    /// would run). What cannot be sent stays in the outbox.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn send_now(self, ctx: &AppContext) -> Result<()> {
        let report = crate::coach::deliver_due(ctx, Utc::now(), Some(self.0)).await?;
        if report.sent == 0 {
            println!(
                "the email could not be sent yet: it stays in the outbox (cargo loco task outbox)"
            );
        }
        Ok(())
    }
}

/// Renders the message and queues it in the outbox, in `db`'s transaction.
async fn queue(
    ctx: &AppContext,
    db: &impl ConnectionTrait,
    kind: MessageKind,
    to: &str,
    user: Option<&users::Model>,
    organisation_id: Option<i32>,
    locals: serde_json::Value,
) -> Result<Queued> {
    let locale = user.map_or("fr", |user| user.locale.as_str());
    let rendered = templates::render(kind, locale, &locals)?;
    let dedup_key = format!("{kind}:{}", Uuid::new_v4());
    let now = Utc::now();
    outbox::Model::enqueue(
        db,
        NewMessage {
            kind,
            dedup_key: dedup_key.clone(),
            organisation_id,
            user_id: user.map(|user| user.id),
            envelope: Envelope {
                from: from(ctx)?,
                to: to.to_string(),
                subject: rendered.subject,
                text: rendered.text,
                html: rendered.html,
                unsubscribe_url: None,
            },
        },
        now,
    )
    .await?;
    let message = outbox::Model::find_by_key(db, &dedup_key)
        .await?
        .ok_or_else(|| Error::string("the queued email is not in the outbox"))?;
    Ok(Queued(message.id))
}

impl AccountMailer {
    /// Queues an invitation in `db`'s transaction: the invitation and its
    /// email are kept together or not at all.
    ///
    /// # Errors
    /// When the message cannot be rendered or queued.
    pub async fn invitation(
        ctx: &AppContext,
        db: &impl ConnectionTrait,
        invite: &invitations::Model,
        token: &str,
        organisation: &organisations::Model,
        inviter: &users::Model,
    ) -> Result<Queued> {
        let role = invite.role().unwrap_or(Role::Seeker);
        let sender = organisation
            .sender_name
            .clone()
            .unwrap_or_else(|| organisation.name.clone());
        queue(
            ctx,
            db,
            MessageKind::Invitation,
            &invite.email,
            None,
            Some(organisation.id),
            json!({
                "organisation": organisation.name,
                "inviter": inviter.name,
                "role_label": role_label(role),
                "is_seeker": role == Role::Seeker,
                "expires_on": invite.expires_at.format("%d/%m/%Y").to_string(),
                "link": format!("{}/invitation#{token}", host(ctx)),
                "sender": sender,
            }),
        )
        .await
    }

    /// # Errors
    /// When the message cannot be rendered or queued.
    pub async fn password_reset(ctx: &AppContext, user: &users::Model, token: &str) -> Result<()> {
        Self::password_reset_queued(ctx, user, token)
            .await?
            .send(ctx)
            .await
    }

    async fn password_reset_queued(
        ctx: &AppContext,
        user: &users::Model,
        token: &str,
    ) -> Result<Queued> {
        queue(
            ctx,
            &ctx.db,
            MessageKind::PasswordReset,
            &user.email,
            Some(user),
            None,
            json!({
                "name": user.name,
                "link": format!("{}/mot-de-passe#{token}", host(ctx)),
            }),
        )
        .await
    }

    /// # Errors
    /// When the message cannot be rendered or queued.
    pub async fn magic_link(ctx: &AppContext, user: &users::Model, token: &str) -> Result<()> {
        Self::magic_link_queued(ctx, user, token)
            .await?
            .send(ctx)
            .await
    }

    async fn magic_link_queued(
        ctx: &AppContext,
        user: &users::Model,
        token: &str,
    ) -> Result<Queued> {
        queue(
            ctx,
            &ctx.db,
            MessageKind::MagicLink,
            &user.email,
            Some(user),
            None,
            json!({
                "name": user.name,
                "link": format!("{}/connexion#{token}", host(ctx)),
            }),
        )
        .await
    }

    /// # Errors
    /// When the message cannot be rendered or queued.
    pub async fn welcome_admin(
        ctx: &AppContext,
        user: &users::Model,
        token: &str,
    ) -> Result<Queued> {
        queue(
            ctx,
            &ctx.db,
            MessageKind::WelcomeAdmin,
            &user.email,
            Some(user),
            None,
            json!({
                "email": user.email,
                "link": format!("{}/mot-de-passe#{token}", host(ctx)),
            }),
        )
        .await
    }
}
