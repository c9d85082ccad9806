//! The counsellor's digest: stalled seekers, answers, interviews and hires
//! in their caseload since the last one, daily or weekly as they chose.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use loco_rs::prelude::*;
use serde_json::json;

use super::{by_id, companies, Letter, RunReport, Writer};
use crate::{
    domain::{period_key, ApplicationStatus, DigestFrequency, MessageKind},
    models::{
        _entities::{
            memberships, organisations, seekers, shortlist_entries, status_changes, users,
        },
        email_preferences, outbox,
        reports::{self, Scope},
    },
    reports::caseload::Referent,
};

/// Plans the digests of the current day or week.
///
/// # Errors
/// When the database fails or a template does not render.
pub async fn plan(
    ctx: &AppContext,
    writer: &Writer,
    now: DateTime<Utc>,
    report: &mut RunReport,
) -> Result<()> {
    let db = &ctx.db;
    let organisations = organisations::Entity::find()
        .filter(organisations::Column::ArchivedAt.is_null())
        .all(db)
        .await?;
    for organisation in organisations {
        // Active staff who follow at least one active seeker.
        let referents: BTreeSet<i32> = seekers::Entity::find()
            .filter(seekers::Column::OrganisationId.eq(organisation.id))
            .filter(seekers::Column::DeactivatedAt.is_null())
            .filter(seekers::Column::ReferentId.is_not_null())
            .all(db)
            .await?
            .into_iter()
            .filter_map(|seeker| seeker.referent_id)
            .collect();
        let staff: BTreeSet<i32> = memberships::Entity::find()
            .filter(memberships::Column::OrganisationId.eq(organisation.id))
            .filter(memberships::Column::DeactivatedAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|membership| membership.user_id)
            .filter(|user_id| referents.contains(user_id))
            .collect();
        if staff.is_empty() {
            continue;
        }
        let users =
            by_id::<users::Entity>(db, users::Column::Id, staff.iter().copied().collect()).await?;
        let preferences =
            email_preferences::of_many(db, &staff.iter().copied().collect::<Vec<_>>()).await?;
        for user in users.values().filter(|user| user.deactivated_at.is_none()) {
            let preferences = preferences.get(&user.id).cloned().unwrap_or_default();
            let daily = match preferences.digest_frequency {
                DigestFrequency::Off => continue,
                DigestFrequency::Daily => true,
                DigestFrequency::Weekly => false,
            };
            if !organisation.coach_digests || !preferences.allows_coaching(now) {
                report.held_back += 1;
                continue;
            }
            let key = format!(
                "digest:{}:{}:{}",
                organisation.id,
                user.id,
                period_key(now, daily)
            );
            if outbox::Model::find_by_key(db, &key).await?.is_some() {
                continue;
            }
            let since = now - Duration::days(if daily { 1 } else { 7 });
            let Some(locals) = digest(db, &organisation, user, since, now).await? else {
                continue;
            };
            let mut locals = locals;
            locals["daily"] = daily.into();
            if writer
                .queue(
                    db,
                    Letter {
                        kind: MessageKind::Digest,
                        dedup_key: key,
                        organisation: &organisation,
                        user,
                        locals,
                    },
                    now,
                )
                .await?
            {
                report.digests += 1;
            }
        }
    }
    Ok(())
}

/// The digest's content for one counsellor; `None` when there is nothing
/// to tell.
async fn digest(
    db: &DatabaseConnection,
    organisation: &organisations::Model,
    counsellor: &users::Model,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<serde_json::Value>> {
    let scope = Scope {
        organisation_id: organisation.id,
        referent: Referent::Is(counsellor.id),
    };
    let caseload = reports::caseload(db, scope).await?;
    let names: HashMap<i32, String> = caseload
        .iter()
        .map(|line| (line.seeker_id, line.person.name.clone()))
        .collect();
    let stalled: Vec<_> = caseload
        .iter()
        .filter(|line| line.is_stalled(now, organisation.stalled_after_days))
        .map(|line| {
            json!({
                "name": line.person.name,
                "days": line.last_activity_at.map(|at| (now - at).num_days()),
            })
        })
        .collect();

    let answers = [
        ApplicationStatus::Interview,
        ApplicationStatus::Hired,
        ApplicationStatus::Declined,
        ApplicationStatus::NoAnswer,
    ];
    let changes = status_changes::Entity::find()
        .filter(status_changes::Column::OrganisationId.eq(organisation.id))
        .filter(status_changes::Column::SeekerId.is_in(names.keys().copied()))
        .filter(status_changes::Column::CreatedAt.gt(DateTimeWithTimeZone::from(since)))
        .filter(status_changes::Column::ToStatus.is_in(answers.map(ApplicationStatus::as_str)))
        .all(db)
        .await?;
    let entries = by_id::<shortlist_entries::Entity>(
        db,
        shortlist_entries::Column::Id,
        changes.iter().map(|change| change.entry_id).collect(),
    )
    .await?;
    let companies = companies(
        db,
        entries.values().map(|entry| entry.siret.clone()).collect(),
    )
    .await?;
    let (mut hires, mut interviews, mut refusals) = (Vec::new(), Vec::new(), Vec::new());
    for change in &changes {
        let company = entries
            .get(&change.entry_id)
            .and_then(|entry| companies.get(&entry.siret))
            .map_or_else(String::new, |(name, _)| name.clone());
        let item = json!({
            "seeker": names.get(&change.seeker_id).cloned().unwrap_or_default(),
            "company": company,
            "status": change.to_status,
        });
        match ApplicationStatus::parse(&change.to_status) {
            Ok(ApplicationStatus::Hired) => hires.push(item),
            Ok(ApplicationStatus::Interview) => interviews.push(item),
            _ => refusals.push(item),
        }
    }
    if stalled.is_empty() && hires.is_empty() && interviews.is_empty() && refusals.is_empty() {
        return Ok(None);
    }
    Ok(Some(json!({
        "name": counsellor.name,
        "stalled_after_days": organisation.stalled_after_days,
        "stalled": stalled,
        "hires": hires,
        "interviews": interviews,
        "refusals": refusals,
    })))
}
