//! The caseload's query parameters, shared by the seekers list and its CSV
//! export so both always show the same seekers.

use chrono::{DateTime, Utc};
use loco_rs::prelude::{AppContext, ModelError};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{
    api_error::{ApiError, ApiResult},
    params,
};
use crate::{
    authz::guard::{Actor, OrgAccess},
    domain::Role,
    models::{memberships, reports, users},
    reports::caseload::{self, Filter, Referent, SeekerLine, Sort},
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseloadParams {
    /// `mine` (a counsellor's default: the seekers they are referent of) or
    /// `all` (an org admin's default).
    pub scope: Option<String>,
    /// A staff member's user id, or `none` for the seekers without a
    /// referent; without `scope`, it replaces the default scope.
    pub referent: Option<String>,
    /// `true`: only stalled seekers; `false`: only the others.
    pub stalled: Option<String>,
    /// Part of the name or email, case and accents ignored.
    pub q: Option<String>,
    /// `name`, `last_activity` (default), `kept`, `contacted` or `hired`;
    /// a leading `-` sorts descending.
    pub sort: Option<String>,
}

/// Which seekers a caseload request shows, and in what order.
#[derive(Debug, Clone)]
pub struct Selection {
    /// `mine` or `all`, as the audit log records it.
    pub scope_name: &'static str,
    pub filter: Filter,
    pub sort: Sort,
    params: serde_json::Value,
}

impl Selection {
    /// The seekers to load: the referent filter is applied by the database.
    #[must_use]
    pub fn scope(&self, access: &OrgAccess) -> reports::Scope {
        reports::Scope {
            organisation_id: access.organisation.id,
            referent: self.filter.referent,
        }
    }

    /// What the audit log records of an export of `rows` rows.
    #[must_use]
    pub fn audit_details(&self, rows: usize) -> serde_json::Value {
        serde_json::json!({ "rows": rows, "scope": self.scope_name, "filters": self.params })
    }
}

/// Checks the parameters; 400 naming the first one at fault.
pub async fn selection(
    ctx: &AppContext,
    actor: &Actor,
    access: &OrgAccess,
    params: &CaseloadParams,
) -> ApiResult<Selection> {
    let referent = referent(ctx, actor, access, params).await?;
    let stalled = stalled(params.stalled.as_deref())?;
    let sort = match params::present(params.sort.as_deref()) {
        Some(sort) => params::parse(sort, "sort", Sort::parse)?,
        None => Sort::default(),
    };
    Ok(Selection {
        scope_name: if referent == Referent::Is(actor.user.id) {
            "mine"
        } else {
            "all"
        },
        filter: Filter {
            referent,
            stalled,
            text: search_text(params.q.as_deref())?,
        },
        sort,
        params: serde_json::json!({
            "referent": params.referent, "stalled": stalled, "q": params.q,
            "sort": params.sort,
        }),
    })
}

/// Whose seekers: the named referent, else the scope's (by default, a
/// counsellor's own; everyone for org admins and platform admins).
async fn referent(
    ctx: &AppContext,
    actor: &Actor,
    access: &OrgAccess,
    params: &CaseloadParams,
) -> ApiResult<Referent> {
    let scope = params::present(params.scope.as_deref());
    let mine = match scope {
        None => !access.has(Role::OrgAdmin) && !actor.is_platform_admin,
        Some("mine") => true,
        Some("all") => false,
        Some(other) => {
            return Err(ApiError::invalid(
                "scope",
                format!("unknown scope {other:?}: use mine or all"),
            ))
        }
    };
    let me = Referent::Is(actor.user.id);
    let Some(named) = params::present(params.referent.as_deref()) else {
        return Ok(if mine { me } else { Referent::Anyone });
    };
    let named = named_referent(ctx, access.organisation.id, named).await?;
    if scope == Some("mine") && named != me {
        return Err(ApiError::invalid(
            "referent",
            "scope=mine already keeps your own seekers: use scope=all to pick a referent",
        ));
    }
    Ok(named)
}

fn stalled(value: Option<&str>) -> ApiResult<Option<bool>> {
    match params::present(value) {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(ApiError::invalid(
            "stalled",
            format!("stalled is true or false, got {other:?}"),
        )),
    }
}

/// The referent a `referent` parameter names: `none`, or a member of the
/// organisation, active or not (a departed counsellor's seekers are the
/// ones to hand over).
async fn named_referent(
    ctx: &AppContext,
    organisation_id: i32,
    named: &str,
) -> ApiResult<Referent> {
    if named == "none" {
        return Ok(Referent::Nobody);
    }
    let invalid = || {
        ApiError::invalid(
            "referent",
            format!("{named:?} is neither none nor the id of a member of this organisation"),
        )
    };
    let pid = uuid::Uuid::parse_str(named).map_err(|_| invalid())?;
    let user = match users::Model::find_by_pid(&ctx.db, pid).await {
        Ok(user) => user,
        Err(ModelError::EntityNotFound) => return Err(invalid()),
        Err(err) => return Err(err.into()),
    };
    match memberships::Model::find(&ctx.db, organisation_id, user.id).await {
        Ok(_) => Ok(Referent::Is(user.id)),
        Err(ModelError::EntityNotFound) => Err(invalid()),
        Err(err) => Err(err.into()),
    }
}

/// The selected seekers, in order, with their progress as of `now`.
pub async fn lines(
    ctx: &AppContext,
    access: &OrgAccess,
    selection: &Selection,
    now: DateTime<Utc>,
) -> ApiResult<Vec<SeekerLine>> {
    let lines = reports::caseload(&ctx.db, selection.scope(access)).await?;
    Ok(caseload::select(
        lines,
        &selection.filter,
        selection.sort,
        now,
        access.organisation.stalled_after_days,
    ))
}

/// The text searched in names and addresses: it needs a letter or digit,
/// or it would match everyone.
fn search_text(q: Option<&str>) -> ApiResult<Option<String>> {
    let Some(q) = params::present(q) else {
        return Ok(None);
    };
    if crate::models::catalog::folded(q).is_empty() {
        return Err(ApiError::invalid(
            "q",
            "q needs at least one letter or digit",
        ));
    }
    Ok(Some(q.to_string()))
}
