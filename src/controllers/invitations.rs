//! Invitations: org admins invite staff (and seekers), counsellors invite
//! seekers. The invited person opens the emailed link, sees who invites
//! them, and accepts: a new account is created, or an existing one is
//! linked once its owner is signed in.

use axum::{extract::State, http::StatusCode, Extension};
use axum_extra::extract::CookieJar;
use loco_rs::prelude::{
    delete, get, post, AppContext, IntoActiveModel, ModelError, Routes, TransactionTrait,
};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    api_error::{ApiError, ApiResult},
    auth::open_session,
    params::{self, ApiJson, ApiPath},
};
use crate::{
    authz::{
        domain,
        guard::{Actor, ClientIp, OrgAccess},
        AuthzStore,
    },
    domain::{Email, Role},
    mailers::account::AccountMailer,
    models::{
        audit_events::AuditEntry,
        invitations::{self, InvitationState, NewInvitation},
        memberships, organisations, seekers, users,
    },
    settings::Settings,
    views::accounts::{
        AcceptedView, InvitationPreviewView, InvitationView, InvitationsView, OrganisationView,
    },
};

#[derive(Debug, Deserialize, ToSchema)]
pub struct InviteParams {
    pub email: Option<String>,
    /// `org_admin`, `counsellor` or `seeker`.
    pub role: Option<String>,
    /// For a seeker: the referent counsellor's user id (default: the
    /// inviting counsellor).
    pub referent: Option<String>,
}

async fn inviter_of(ctx: &AppContext, invitation: &invitations::Model) -> ApiResult<users::Model> {
    Ok(users::Model::find_by_id(&ctx.db, invitation.invited_by_id).await?)
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/invitations", tag = "invitations",
    params(("org" = String, Path, description = "Organisation id")),
    responses((status = 200, description = "Invitations, newest first (counsellors see seekers' only)", body = InvitationsView)))]
pub async fn list(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
) -> ApiResult<axum::Json<InvitationsView>> {
    let only = if may_invite_staff(&ctx, &actor, &access).await? {
        None
    } else {
        Some(Role::Seeker)
    };
    let mut views = Vec::new();
    for invitation in invitations::Model::list(&ctx.db, access.organisation.id, only).await? {
        let inviter = inviter_of(&ctx, &invitation).await?;
        views.push(InvitationView::new(&invitation, Some(&inviter)));
    }
    Ok(axum::Json(InvitationsView { invitations: views }))
}

async fn may_invite_staff(ctx: &AppContext, actor: &Actor, access: &OrgAccess) -> ApiResult<bool> {
    Ok(AuthzStore::of(ctx)?
        .allows(
            &ctx.db,
            actor.user.id,
            &domain(access.organisation.id),
            "staff_invitations",
            "create",
        )
        .await?)
}

/// The referent of a new seeker: the one named, who must be active staff
/// here, or else the inviting person if they are a counsellor.
async fn referent(
    ctx: &AppContext,
    access: &OrgAccess,
    actor: &Actor,
    named: Option<&str>,
) -> ApiResult<Option<i32>> {
    let Some(named) = named.filter(|named| !named.trim().is_empty()) else {
        return Ok(access.has(Role::Counsellor).then_some(actor.user.id));
    };
    Ok(Some(
        super::members::active_staff(ctx, access.organisation.id, named)
            .await?
            .id,
    ))
}

/// Refuses to invite someone who is already in the organisation or
/// already has a pending invitation there.
async fn not_yet_invited(ctx: &AppContext, organisation_id: i32, email: &Email) -> ApiResult<()> {
    if let Ok(user) = users::Model::find_by_email(&ctx.db, email).await {
        let member = memberships::Model::find(&ctx.db, organisation_id, user.id)
            .await
            .is_ok_and(|m| m.is_active());
        let seeker = seekers::Model::find_by_user(&ctx.db, user.id)
            .await?
            .is_some_and(|s| s.organisation_id == organisation_id);
        if member || seeker {
            return Err(ApiError::conflict(
                "already_member",
                format!("{email} is already in this organisation"),
            ));
        }
    }
    let pending = invitations::Model::list(&ctx.db, organisation_id, None)
        .await?
        .into_iter()
        .any(|invitation| {
            invitation.email == email.as_str() && invitation.state() == InvitationState::Pending
        });
    if pending {
        return Err(ApiError::conflict(
            "already_invited",
            format!("{email} already has a pending invitation: resend it instead"),
        ));
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/invitations", tag = "invitations", request_body = InviteParams,
    params(("org" = String, Path, description = "Organisation id")),
    responses(
        (status = 201, description = "Invitation created and emailed", body = InvitationView),
        (status = 400, description = "A field is missing or invalid", body = crate::views::error::ErrorBody),
        (status = 403, description = "Counsellors invite seekers only", body = crate::views::error::ErrorBody),
        (status = 409, description = "Already a member, or already invited", body = crate::views::error::ErrorBody),
    ))]
pub async fn create(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiJson(params): ApiJson<InviteParams>,
) -> ApiResult<(StatusCode, axum::Json<InvitationView>)> {
    let email = params::required_text(params.email.as_deref(), "email")?;
    let email = params::parse(email, "email", Email::parse)?;
    let role = params::required_text(params.role.as_deref(), "role")?;
    let role = params::parse(role, "role", Role::parse)?;
    if role.is_staff() && !may_invite_staff(&ctx, &actor, &access).await? {
        return Err(ApiError::forbidden(
            "counsellors invite seekers; org admins invite staff",
        ));
    }
    let referent_id = if role == Role::Seeker {
        referent(&ctx, &access, &actor, params.referent.as_deref()).await?
    } else {
        None
    };
    not_yet_invited(&ctx, access.organisation.id, &email).await?;
    if access.organisation.is_archived() {
        return Err(archived());
    }

    // The invitation is kept only with its email in the outbox.
    let settings = Settings::from_context(&ctx)?;
    let txn = ctx.db.begin().await.map_err(loco_rs::Error::from)?;
    let (invitation, token) = invitations::Model::create(
        &txn,
        NewInvitation {
            organisation_id: access.organisation.id,
            email,
            role,
            invited_by_id: actor.user.id,
            referent_id,
            valid_days: settings.invitation_valid_days,
        },
    )
    .await?;
    let email = AccountMailer::invitation(
        &ctx,
        &txn,
        &invitation,
        &token,
        &access.organisation,
        &actor.user,
    )
    .await?;
    txn.commit().await.map_err(loco_rs::Error::from)?;
    email.send(&ctx).await?;
    AuditEntry::new("invitation_sent")
        .organisation(access.organisation.id)
        .actor(actor.user.id)
        .subject("invitation", invitation.pid)
        .details(serde_json::json!({ "email": invitation.email, "role": invitation.role }))
        .ip(Some(ip))
        .record(&ctx.db)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(InvitationView::new(&invitation, Some(&actor.user))),
    ))
}

/// The invitation named in the path, which the caller may manage.
async fn managed(
    ctx: &AppContext,
    actor: &Actor,
    access: &OrgAccess,
    pid: &str,
) -> ApiResult<invitations::Model> {
    let pid = params::pid(pid, "invitation")?;
    let invitation = match invitations::Model::find_in(&ctx.db, access.organisation.id, pid).await {
        Ok(invitation) => invitation,
        Err(ModelError::EntityNotFound) => return Err(ApiError::not_found("no such invitation")),
        Err(err) => return Err(err.into()),
    };
    let staff = invitation.role().is_none_or(Role::is_staff);
    if staff && !may_invite_staff(ctx, actor, access).await? {
        return Err(ApiError::forbidden(
            "counsellors manage seekers' invitations only",
        ));
    }
    if invitation.state() == InvitationState::Accepted {
        return Err(ApiError::conflict(
            "already_accepted",
            "this invitation was accepted",
        ));
    }
    Ok(invitation)
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/invitations/{invitation}/resend", tag = "invitations",
    params(("org" = String, Path, description = "Organisation id"), ("invitation" = String, Path, description = "Invitation id")),
    responses((status = 200, description = "A new link is emailed; the old one stops working", body = InvitationView),
              (status = 409, description = "Already accepted", body = crate::views::error::ErrorBody)))]
pub async fn resend(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath((_, pid)): ApiPath<(String, String)>,
) -> ApiResult<axum::Json<InvitationView>> {
    let invitation = managed(&ctx, &actor, &access, &pid).await?;
    if access.organisation.is_archived() {
        return Err(archived());
    }
    // Resending reopens a revoked invitation: not when another one is
    // pending for the same address.
    let other_pending = invitations::Model::list(&ctx.db, access.organisation.id, None)
        .await?
        .into_iter()
        .any(|other| {
            other.id != invitation.id
                && other.email == invitation.email
                && other.state() == InvitationState::Pending
        });
    if other_pending {
        return Err(ApiError::conflict(
            "already_invited",
            format!("{} has another pending invitation", invitation.email),
        ));
    }

    // The new link replaces the old one only with its email in the outbox.
    let settings = Settings::from_context(&ctx)?;
    let txn = ctx.db.begin().await.map_err(loco_rs::Error::from)?;
    let (invitation, token) = invitation
        .into_active_model()
        .resent(&txn, settings.invitation_valid_days)
        .await?;
    let inviter = inviter_of(&ctx, &invitation).await?;
    let email = AccountMailer::invitation(
        &ctx,
        &txn,
        &invitation,
        &token,
        &access.organisation,
        &inviter,
    )
    .await?;
    txn.commit().await.map_err(loco_rs::Error::from)?;
    email.send(&ctx).await?;
    AuditEntry::new("invitation_resent")
        .organisation(access.organisation.id)
        .actor(actor.user.id)
        .subject("invitation", invitation.pid)
        .details(serde_json::json!({ "email": invitation.email }))
        .ip(Some(ip))
        .record(&ctx.db)
        .await?;
    Ok(axum::Json(InvitationView::new(&invitation, Some(&inviter))))
}

#[utoipa::path(delete, path = "/api/v1/orgs/{org}/invitations/{invitation}", tag = "invitations",
    params(("org" = String, Path, description = "Organisation id"), ("invitation" = String, Path, description = "Invitation id")),
    responses((status = 200, description = "Revoked: the link no longer works", body = InvitationView),
              (status = 409, description = "Already accepted", body = crate::views::error::ErrorBody)))]
pub async fn revoke(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiPath((_, pid)): ApiPath<(String, String)>,
) -> ApiResult<axum::Json<InvitationView>> {
    let invitation = managed(&ctx, &actor, &access, &pid).await?;
    if invitation.state() == InvitationState::Revoked {
        let inviter = inviter_of(&ctx, &invitation).await?;
        return Ok(axum::Json(InvitationView::new(&invitation, Some(&inviter))));
    }
    let invitation = invitation.into_active_model().revoked(&ctx.db).await?;
    let inviter = inviter_of(&ctx, &invitation).await?;
    AuditEntry::new("invitation_revoked")
        .organisation(access.organisation.id)
        .actor(actor.user.id)
        .subject("invitation", invitation.pid)
        .details(serde_json::json!({ "email": invitation.email }))
        .record(&ctx.db)
        .await?;
    Ok(axum::Json(InvitationView::new(&invitation, Some(&inviter))))
}

/// The pending invitation of a link's token; 404 or 410 otherwise.
fn archived() -> ApiError {
    ApiError::Gone {
        code: "organisation_archived",
        message: "this organisation is archived: it takes no new members".to_string(),
    }
}

async fn pending(ctx: &AppContext, token: &str) -> ApiResult<invitations::Model> {
    let invitation = match invitations::Model::find_by_token(&ctx.db, token).await {
        Ok(invitation) => invitation,
        Err(ModelError::EntityNotFound) => {
            return Err(ApiError::not_found(
                "this invitation link is not valid: check it was copied whole",
            ))
        }
        Err(err) => return Err(err.into()),
    };
    let gone = |code, message: &str| {
        Err(ApiError::Gone {
            code,
            message: message.to_string(),
        })
    };
    if organisations::Model::find_by_id(&ctx.db, invitation.organisation_id)
        .await?
        .is_archived()
    {
        return Err(archived());
    }
    match invitation.state() {
        InvitationState::Pending => Ok(invitation),
        InvitationState::Accepted => gone(
            "invitation_used",
            "this invitation was already accepted: sign in instead",
        ),
        InvitationState::Revoked => gone(
            "invitation_revoked",
            "this invitation was withdrawn: ask the organisation for a new one",
        ),
        InvitationState::Expired => gone(
            "invitation_expired",
            "this invitation has expired: ask the organisation to send it again",
        ),
    }
}

#[utoipa::path(get, path = "/api/v1/invitations/{token}", tag = "invitations",
    params(("token" = String, Path, description = "The token of the emailed link")),
    responses((status = 200, description = "Who invites whom, for what", body = InvitationPreviewView),
              (status = 404, description = "Unknown link", body = crate::views::error::ErrorBody),
              (status = 410, description = "Used, revoked or expired", body = crate::views::error::ErrorBody)))]
pub async fn preview(
    State(ctx): State<AppContext>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<axum::Json<InvitationPreviewView>> {
    let invitation = pending(&ctx, &token).await?;
    let organisation =
        organisations::Model::find_by_id(&ctx.db, invitation.organisation_id).await?;
    let email = Email::parse(&invitation.email)
        .map_err(|err| ApiError::Internal(loco_rs::Error::wrap(err)))?;
    let account_exists = users::Model::find_by_email(&ctx.db, &email).await.is_ok();
    let is_seeker = invitation.role() == Some(Role::Seeker);
    Ok(axum::Json(InvitationPreviewView {
        organisation: organisation.name,
        email: invitation.email,
        role: invitation.role,
        expires_at: invitation.expires_at.to_rfc3339(),
        account_exists,
        terms_version: is_seeker.then_some(seekers::TERMS_VERSION),
        consent_version: is_seeker.then_some(seekers::CONSENT_VERSION),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptParams {
    /// For a new account: the person's name.
    pub name: Option<String>,
    /// For a new account: required for staff, optional for seekers (who can
    /// sign in by emailed link).
    pub password: Option<String>,
    /// Seekers: acceptance of the terms of use.
    #[serde(default)]
    pub accept_terms: bool,
    /// Seekers: consent to share their progress with the organisation.
    #[serde(default)]
    pub consent: bool,
}

/// The account that accepts: the signed-in one (which must have the
/// invited address), or a new one.
async fn accepting_user(
    ctx: &AppContext,
    actor: Option<&Actor>,
    invitation: &invitations::Model,
    role: Role,
    params: &AcceptParams,
) -> ApiResult<Option<users::Model>> {
    if let Some(actor) = actor {
        if actor.user.email != invitation.email {
            return Err(ApiError::conflict(
                "invitation_for_another_account",
                format!(
                    "this invitation was sent to {}: sign out, then open the link again",
                    invitation.email
                ),
            ));
        }
        return Ok(Some(actor.user.clone()));
    }
    let email = Email::parse(&invitation.email)
        .map_err(|err| ApiError::Internal(loco_rs::Error::wrap(err)))?;
    if users::Model::find_by_email(&ctx.db, &email).await.is_ok() {
        return Err(ApiError::conflict(
            "account_exists",
            format!("an account already has the address {email}: sign in with it, then accept"),
        ));
    }
    let name = params::required_text(params.name.as_deref(), "name")?;
    let name = params::parse(name, "name", users::check_name)?;
    let name = name.as_str();
    match params
        .password
        .as_deref()
        .filter(|password| !password.is_empty())
    {
        Some(password) => users::check_password(password, email.as_str(), name)
            .map_err(|message| ApiError::invalid("password", message))?,
        None if role.is_staff() => return Err(ApiError::missing("password", "choose a password")),
        None => {}
    }
    Ok(None)
}

#[utoipa::path(post, path = "/api/v1/invitations/{token}/accept", tag = "invitations", request_body = AcceptParams,
    params(("token" = String, Path, description = "The token of the emailed link")),
    responses(
        (status = 200, description = "Joined; a new account is also signed in", body = AcceptedView),
        (status = 400, description = "A field is missing or invalid (terms, consent, password…)", body = crate::views::error::ErrorBody),
        (status = 409, description = "Signed in as someone else, or the address has an account: sign in first", body = crate::views::error::ErrorBody),
        (status = 410, description = "Used, revoked or expired", body = crate::views::error::ErrorBody),
    ))]
pub async fn accept(
    State(ctx): State<AppContext>,
    actor: Option<Extension<Actor>>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    jar: CookieJar,
    ApiPath(token): ApiPath<String>,
    ApiJson(params): ApiJson<AcceptParams>,
) -> ApiResult<(CookieJar, axum::Json<AcceptedView>)> {
    let actor = actor.map(|Extension(actor)| actor);
    let invitation = pending(&ctx, &token).await?;
    let role = invitation.role().ok_or_else(|| {
        ApiError::Internal(loco_rs::Error::string("invitation with an unknown role"))
    })?;
    if role == Role::Seeker {
        if !params.accept_terms {
            return Err(ApiError::invalid(
                "accept_terms",
                "accept the terms of use to join",
            ));
        }
        if !params.consent {
            return Err(ApiError::invalid(
                "consent",
                "consent to share your progress with the organisation to join",
            ));
        }
    }
    let existing = accepting_user(&ctx, actor.as_ref(), &invitation, role, &params).await?;
    if let Some(user) = &existing {
        if role == Role::Seeker {
            if let Some(seeker) = seekers::Model::find_by_user(&ctx.db, user.id).await? {
                let code = if seeker.organisation_id == invitation.organisation_id {
                    "already_member"
                } else {
                    "already_a_seeker"
                };
                return Err(ApiError::conflict(
                    code,
                    "a seeker belongs to one organisation, and this account already is a seeker",
                ));
            }
        }
    }

    let txn = ctx.db.begin().await.map_err(loco_rs::Error::from)?;
    let user = match existing {
        Some(user) => user,
        None => {
            let email = Email::parse(&invitation.email)
                .map_err(|err| ApiError::Internal(loco_rs::Error::wrap(err)))?;
            let name = params.name.as_deref().unwrap_or_default();
            let user = match users::Model::create(&txn, &email, name, false).await {
                Ok(user) => user,
                // Another request accepting the same link created it first.
                Err(ModelError::DbErr(err))
                    if matches!(
                        err.sql_err(),
                        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                    ) =>
                {
                    return Err(ApiError::Gone {
                        code: "invitation_used",
                        message: "this invitation was just accepted".to_string(),
                    });
                }
                Err(err) => return Err(err.into()),
            };
            match params
                .password
                .as_deref()
                .filter(|password| !password.is_empty())
            {
                Some(password) => {
                    user.into_active_model()
                        .set_password(&txn, password)
                        .await?
                }
                None => user,
            }
        }
    };
    if role.is_staff() {
        memberships::Model::grant(&txn, invitation.organisation_id, user.id, role).await?;
    } else {
        // The referent named at invitation time, if still active staff here.
        let referent = match invitation.referent_id {
            Some(id) => memberships::Model::find(&txn, invitation.organisation_id, id)
                .await
                .ok()
                .filter(memberships::Model::is_active)
                .map(|membership| membership.user_id),
            None => None,
        };
        seekers::Model::create(&txn, invitation.organisation_id, user.id, referent).await?;
    }
    if !invitations::Model::mark_accepted(&txn, invitation.id, user.id).await? {
        return Err(ApiError::Gone {
            code: "invitation_used",
            message: "this invitation was just accepted".to_string(),
        });
    }
    txn.commit().await.map_err(loco_rs::Error::from)?;

    AuthzStore::of(&ctx)?.reload(&ctx.db).await?;
    AuditEntry::new("invitation_accepted")
        .organisation(invitation.organisation_id)
        .actor(user.id)
        .subject("invitation", invitation.pid)
        .details(serde_json::json!({
            "email": invitation.email,
            "role": role.as_str(),
            "terms_version": (role == Role::Seeker).then_some(seekers::TERMS_VERSION),
            "consent_version": (role == Role::Seeker).then_some(seekers::CONSENT_VERSION),
        }))
        .ip(Some(ip.clone()))
        .record(&ctx.db)
        .await?;

    let organisation =
        organisations::Model::find_by_id(&ctx.db, invitation.organisation_id).await?;
    let (jar, csrf_token) = if actor.is_some() {
        (jar, None)
    } else {
        let (jar, me) = open_session(&ctx, jar, &user, &ip).await?;
        (jar, Some(me.csrf_token))
    };
    Ok((
        jar,
        axum::Json(AcceptedView {
            organisation: OrganisationView::from(&organisation),
            role: role.to_string(),
            user: (&user).into(),
            csrf_token,
        }),
    ))
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1")
        .add("/orgs/{org}/invitations", get(list).post(create))
        .add("/orgs/{org}/invitations/{invitation}", delete(revoke))
        .add("/orgs/{org}/invitations/{invitation}/resend", post(resend))
        .add("/invitations/{token}", get(preview))
        .add("/invitations/{token}/accept", post(accept))
}
