//! "Did the company answer?": the questions that fall due.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use loco_rs::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, TransactionTrait};
use serde_json::json;

use super::{companies, timing, Audience, Letter, Reach, RunReport, Writer};
use crate::{
    domain::{
        due_step, ApplicationStatus, CoachAnswer, DueStep, EntryState, MessageKind,
        ANSWER_LINK_DAYS,
    },
    models::{
        _entities::{contacts, shortlist_entries},
        coach_links::{self, NewLink, Purpose},
        shortlist_entries::{EntryError, Model as Entry},
    },
};

/// Entries read at a time.
const PAGE: u64 = 500;

/// Plans every question due at `now`.
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
    let mut after = 0;
    loop {
        let due = shortlist_entries::Entity::find()
            .filter(shortlist_entries::Column::Id.gt(after))
            .filter(shortlist_entries::Column::CoachDueAt.lte(DateTimeWithTimeZone::from(now)))
            .filter(shortlist_entries::Column::State.eq(EntryState::Kept.as_str()))
            .filter(shortlist_entries::Column::Status.is_in([
                ApplicationStatus::Contacted.as_str(),
                ApplicationStatus::FollowUpDue.as_str(),
            ]))
            .order_by_asc(shortlist_entries::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = due.last() else {
            return Ok(());
        };
        after = last.id;
        plan_page(ctx, writer, due, now, report).await?;
    }
}

async fn plan_page(
    ctx: &AppContext,
    writer: &Writer,
    due: Vec<Entry>,
    now: DateTime<Utc>,
    report: &mut RunReport,
) -> Result<()> {
    let db = &ctx.db;
    let audience = Audience::load(db, due.iter().map(|e| e.seeker_id).collect()).await?;
    let companies = companies(db, due.iter().map(|e| e.siret.clone()).collect()).await?;
    let last_contacts = last_contacts(db, due.iter().map(|e| e.id).collect()).await?;

    let mut questions = Vec::new();
    for entry in due {
        let Reach::Found {
            user,
            organisation,
            wanted,
        } = audience.reach(
            entry.seeker_id,
            |organisation| organisation.coach_reminders,
            now,
        )
        else {
            continue;
        };
        match due_step(entry.coach_round, timing(organisation), now) {
            // With the organisation's reminders off, the coach changes
            // nothing either.
            DueStep::GiveUp if !organisation.coach_reminders => report.held_back += 1,
            DueStep::GiveUp => {
                if Entry::coach_gives_up(db, &entry, now)
                    .await
                    .map_err(|err| match err {
                        EntryError::Model(err) => err.into(),
                        EntryError::Conflict(message) => Error::string(&message),
                    })?
                {
                    report.gave_up += 1;
                }
            }
            DueStep::Ask { .. } if !wanted => report.held_back += 1,
            DueStep::Ask { round, then } => {
                questions.push((entry, round, then, user, organisation))
            }
        }
    }

    // One transaction per page: each question moves its company's round
    // only if no other run moved it first, then issues its link and queues
    // its message.
    let txn = db.begin().await?;
    for (entry, round, then, user, organisation) in questions {
        if !entry.advance_coach_round(&txn, round, then, now).await? {
            continue;
        }
        let token = coach_links::Model::issue(
            &txn,
            NewLink {
                purpose: Purpose::Answer,
                user_id: user.id,
                entry_id: Some(entry.id),
                round: Some(round),
                valid_for: chrono::Duration::days(ANSWER_LINK_DAYS),
            },
            now,
        )
        .await?;
        let answer_urls: serde_json::Map<String, serde_json::Value> = CoachAnswer::ALL
            .iter()
            .map(|answer| {
                (
                    answer.to_string(),
                    writer
                        .url(&format!("/coach/answers/{token}/{answer}"))
                        .into(),
                )
            })
            .collect();
        let (company, place) = companies
            .get(&entry.siret)
            .cloned()
            .unwrap_or_else(|| (format!("SIRET {}", entry.siret), None));
        let contacted_on = last_contacts
            .get(&entry.id)
            .map(|contact| contact.contacted_on)
            .unwrap_or_else(|| crate::domain::paris_day(now));
        let due_at = entry.coach_due_at.map_or(0, |due| due.timestamp());
        let queued = writer
            .queue(
                &txn,
                Letter {
                    kind: MessageKind::Reminder,
                    dedup_key: format!("reminder:{}:{round}:{due_at}", entry.id),
                    organisation,
                    user,
                    locals: json!({
                    "name": user.name,
                    "company": company,
                    "place": place,
                    "contacted_on": contacted_on.format("%d/%m/%Y").to_string(),
                    "round": round,
                    "link_days": ANSWER_LINK_DAYS,
                    "answer_urls": answer_urls,
                    }),
                },
                now,
            )
            .await?;
        if queued {
            report.reminders += 1;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The latest contact of each entry.
async fn last_contacts(
    db: &impl ConnectionTrait,
    entry_ids: Vec<i32>,
) -> Result<HashMap<i32, contacts::Model>> {
    let mut latest: HashMap<i32, contacts::Model> = HashMap::new();
    for chunk in entry_ids.chunks(500) {
        for contact in contacts::Entity::find()
            .filter(contacts::Column::EntryId.is_in(chunk.to_vec()))
            .order_by_asc(contacts::Column::ContactedOn)
            .order_by_asc(contacts::Column::Id)
            .all(db)
            .await?
        {
            latest.insert(contact.entry_id, contact);
        }
    }
    Ok(latest)
}
