//! The organisation's figures: its funnel month by month, and today by
//! counsellor (docs/caseload.md).

use axum::{extract::State, Extension};
use loco_rs::prelude::{get, AppContext, Routes};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{
    api_error::{ApiError, ApiResult},
    params::{self, ApiQuery},
};
use crate::{
    authz::guard::OrgAccess,
    models::reports,
    reports::funnel::{self, Stages, YearMonth},
    views::reports::{CounsellorFiguresView, FiguresView, MonthFiguresView},
};

/// The longest period one request covers.
pub const MAX_MONTHS: u32 = 24;
/// The period shown when none is asked: the current month and the five
/// before it.
pub const DEFAULT_MONTHS: i32 = 6;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresParams {
    /// First month, `YYYY-MM` (default: five months before `to`).
    pub from: Option<String>,
    /// Last month, `YYYY-MM` (default: the current month); at most 24
    /// months after `from`, both included.
    pub to: Option<String>,
}

fn month(value: Option<&str>, field: &'static str) -> ApiResult<Option<YearMonth>> {
    params::present(value)
        .map(|value| params::parse(value, field, YearMonth::parse))
        .transpose()
}

/// The months asked for; 400 naming `from` or `to` when they are not a
/// period of 1 to 24 months.
fn period(params: &FiguresParams, today: YearMonth) -> ApiResult<(YearMonth, YearMonth)> {
    let to = month(params.to.as_deref(), "to")?.unwrap_or(today);
    let from = month(params.from.as_deref(), "from")?.unwrap_or(to.plus(1 - DEFAULT_MONTHS));
    match from.span_to(to) {
        // Name the parameter the caller gave: `from` alone can pass today.
        0 => Err(ApiError::invalid(
            if params.to.is_some() { "to" } else { "from" },
            format!("to ({to}) is before from ({from})"),
        )),
        span if span > MAX_MONTHS => Err(ApiError::invalid(
            "from",
            format!("at most {MAX_MONTHS} months at once: from {from} to {to} is {span}"),
        )),
        _ => Ok((from, to)),
    }
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/figures", tag = "figures",
    params(("org" = String, Path, description = "Organisation id"), FiguresParams),
    responses((status = 200, description = "The funnel by month and by counsellor", body = FiguresView),
              (status = 400, description = "A month is invalid, or the period too long", body = crate::views::error::ErrorBody)))]
pub async fn show(
    State(ctx): State<AppContext>,
    Extension(access): Extension<OrgAccess>,
    ApiQuery(params): ApiQuery<FiguresParams>,
) -> ApiResult<axum::Json<FiguresView>> {
    let today = YearMonth::of(chrono::Utc::now().date_naive());
    let (from, to) = period(&params, today)?;

    let milestones = reports::milestones(&ctx.db, access.organisation.id).await?;
    let months = funnel::monthly(&milestones, from, to)
        .into_iter()
        .map(|(month, stages)| MonthFiguresView::new(month, stages))
        .collect();
    let counsellors = by_counsellor(&ctx, funnel::by_referent(&milestones)).await?;
    Ok(axum::Json(FiguresView {
        from: from.to_string(),
        to: to.to_string(),
        months,
        counsellors,
    }))
}

/// Names each referent's group; sorted by name, the seekers without a
/// referent last.
async fn by_counsellor(
    ctx: &AppContext,
    groups: std::collections::BTreeMap<Option<i32>, Stages>,
) -> ApiResult<Vec<CounsellorFiguresView>> {
    let ids: Vec<i32> = groups.keys().flatten().copied().collect();
    let people = reports::people(&ctx.db, &ids).await?;
    let mut views: Vec<CounsellorFiguresView> = groups
        .into_iter()
        .map(|(referent, stages)| CounsellorFiguresView {
            referent: referent.and_then(|id| people.get(&id)).map(Into::into),
            stages: stages.into(),
        })
        .collect();
    views.sort_by_cached_key(|view| match &view.referent {
        Some(referent) => (
            false,
            deunicode::deunicode(&referent.name).to_lowercase(),
            referent.id.clone(),
        ),
        None => (true, String::new(), String::new()),
    });
    Ok(views)
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/orgs/{org}/figures")
        .add("/", get(show))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(from: Option<&str>, to: Option<&str>) -> ApiResult<(YearMonth, YearMonth)> {
        let params = FiguresParams {
            from: from.map(str::to_string),
            to: to.map(str::to_string),
        };
        period(&params, YearMonth::parse("2026-12").unwrap())
    }

    fn months(from: &str, to: &str) -> (YearMonth, YearMonth) {
        (
            YearMonth::parse(from).unwrap(),
            YearMonth::parse(to).unwrap(),
        )
    }

    fn field(result: ApiResult<(YearMonth, YearMonth)>) -> String {
        match result {
            Err(ApiError::InvalidParameter { field, .. }) => field.into_owned(),
            other => panic!("expected an invalid parameter, got {other:?}"),
        }
    }

    #[test]
    fn the_default_period_is_the_last_six_months() {
        assert_eq!(asked(None, None).unwrap(), months("2026-07", "2026-12"));
        assert_eq!(
            asked(None, Some("2026-03")).unwrap(),
            months("2025-10", "2026-03")
        );
        assert_eq!(
            asked(Some("2026-11"), None).unwrap(),
            months("2026-11", "2026-12")
        );
    }

    #[test]
    fn a_period_is_one_to_twenty_four_months() {
        assert_eq!(
            asked(Some("2025-01"), Some("2026-12")).unwrap(),
            months("2025-01", "2026-12")
        );
        assert_eq!(field(asked(Some("2024-12"), Some("2026-12"))), "from");
        assert_eq!(field(asked(Some("2026-05"), Some("2026-04"))), "to");
        assert_eq!(field(asked(Some("2026-5"), None)), "from");
        assert_eq!(field(asked(None, Some("décembre"))), "to");
    }
}
