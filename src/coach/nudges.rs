//! The weekly nudge to seekers who kept companies but contacted none.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use loco_rs::prelude::*;
use serde_json::json;

use super::{companies, Audience, Letter, Reach, RunReport, Writer};
use crate::{
    domain::{period_key, ApplicationStatus, EntryState, MessageKind, NUDGE_AFTER_DAYS},
    models::_entities::shortlist_entries,
};

/// Companies named in a nudge; the others are counted.
const LISTED: usize = 5;

/// Plans this week's nudges.
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
    let week = period_key(now, false);
    let kept = shortlist_entries::Entity::find()
        .filter(shortlist_entries::Column::State.eq(EntryState::Kept.as_str()))
        .all(db)
        .await?;
    // Per seeker: their kept companies, if none was contacted yet.
    let mut waiting: BTreeMap<i32, Vec<shortlist_entries::Model>> = BTreeMap::new();
    let mut contacted_some = std::collections::HashSet::new();
    for entry in kept {
        if entry.status.as_deref() == Some(ApplicationStatus::ToContact.as_str()) {
            waiting.entry(entry.seeker_id).or_default().push(entry);
        } else {
            contacted_some.insert(entry.seeker_id);
        }
    }
    let since = now - Duration::days(NUDGE_AFTER_DAYS);
    waiting.retain(|seeker_id, entries| {
        !contacted_some.contains(seeker_id)
            && entries.iter().any(|entry| {
                entry
                    .decided_at
                    .is_some_and(|at| at <= DateTimeWithTimeZone::from(since))
            })
    });
    if waiting.is_empty() {
        return Ok(());
    }
    let audience = Audience::load(db, waiting.keys().copied().collect()).await?;
    let companies: HashMap<_, _> = companies(
        db,
        waiting
            .values()
            .flat_map(|entries| entries.iter().take(LISTED).map(|entry| entry.siret.clone()))
            .collect(),
    )
    .await?;

    for (seeker_id, entries) in waiting {
        let Reach::Found {
            user,
            organisation,
            wanted,
        } = audience.reach(seeker_id, |organisation| organisation.coach_nudges, now)
        else {
            continue;
        };
        if !wanted {
            report.held_back += 1;
            continue;
        }
        let listed: Vec<_> = entries
            .iter()
            .take(LISTED)
            .map(|entry| {
                let (name, place) = companies
                    .get(&entry.siret)
                    .cloned()
                    .unwrap_or_else(|| (format!("SIRET {}", entry.siret), None));
                json!({"name": name, "place": place})
            })
            .collect();
        let queued = writer
            .queue(
                db,
                Letter {
                    kind: MessageKind::Nudge,
                    dedup_key: format!("nudge:{seeker_id}:{week}"),
                    organisation,
                    user,
                    locals: json!({
                    "name": user.name,
                    "count": entries.len(),
                    "companies": listed,
                    "more": entries.len().saturating_sub(LISTED),
                    }),
                },
                now,
            )
            .await?;
        if queued {
            report.nudges += 1;
        }
    }
    Ok(())
}
