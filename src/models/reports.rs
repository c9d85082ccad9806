//! Loads the plain rows the `reports` module computes on: a few grouped
//! queries per organisation, never one per seeker, assembled in Rust.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use loco_rs::prelude::*;
use sea_orm::{
    sea_query::{ExprTrait, SelectStatement},
    Condition, QueryOrder, QuerySelect, QueryTrait, Select,
};

use super::_entities::{
    contacts, establishments, seeker_profiles, seekers, shortlist_entries, status_changes, users,
};
use crate::{
    domain::{ApplicationStatus, ContactOutcome, EntryState},
    reports::{
        caseload::{Person, Referent, SeekerLine, Tallies, TargetJob},
        exports::ContactLine,
        funnel::Milestones,
    },
};

/// The seekers a report covers: an organisation's, or one referent's there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub organisation_id: i32,
    pub referent: Referent,
}

impl Scope {
    fn seekers(self) -> Select<seekers::Entity> {
        let query = seekers::Entity::find()
            .filter(seekers::Column::OrganisationId.eq(self.organisation_id));
        match self.referent {
            Referent::Anyone => query,
            Referent::Nobody => query.filter(seekers::Column::ReferentId.is_null()),
            Referent::Is(id) => query.filter(seekers::Column::ReferentId.eq(id)),
        }
    }

    /// The rows of `query` about the scope's seekers: a counsellor's page
    /// reads their seekers' rows only.
    fn rows<E: EntityTrait>(
        self,
        query: Select<E>,
        organisation: impl ColumnTrait,
        seeker: impl ColumnTrait,
    ) -> Select<E> {
        let query = query.filter(organisation.eq(self.organisation_id));
        match self.referent {
            Referent::Anyone => query,
            Referent::Nobody | Referent::Is(_) => {
                query.filter(seeker.in_subquery(subquery(self.seekers(), seekers::Column::Id)))
            }
        }
    }
}

fn subquery<E: EntityTrait>(query: Select<E>, column: impl ColumnTrait) -> SelectStatement {
    query.select_only().column(column).into_query()
}

/// The scope's seekers, with their progress.
///
/// # Errors
/// When the database fails.
pub async fn caseload(db: &impl ConnectionTrait, scope: Scope) -> ModelResult<Vec<SeekerLine>> {
    let seekers = scope
        .seekers()
        .order_by_asc(seekers::Column::Id)
        .all(db)
        .await?;
    let people = people_of(db, scope).await?;
    let jobs = target_jobs(db, scope).await?;
    let tallies = tallies(db, scope).await?;

    let mut lines = Vec::with_capacity(seekers.len());
    for seeker in seekers {
        let Some(person) = people.get(&seeker.user_id).cloned() else {
            tracing::error!(seeker = seeker.id, "seeker without a user");
            continue;
        };
        lines.push(SeekerLine {
            seeker_id: seeker.id,
            seeker_pid: seeker.pid,
            person,
            referent: seeker.referent_id.and_then(|id| people.get(&id).cloned()),
            joined_at: seeker.created_at.with_timezone(&Utc),
            last_activity_at: seeker.last_activity_at.map(|at| at.with_timezone(&Utc)),
            active: seeker.deactivated_at.is_none(),
            target_jobs: jobs.get(&seeker.id).cloned().unwrap_or_default(),
            tallies: tallies.get(&seeker.id).copied().unwrap_or_default(),
        });
    }
    Ok(lines)
}

/// The seekers of the selection and their referents, by user id.
async fn people_of(db: &impl ConnectionTrait, scope: Scope) -> ModelResult<HashMap<i32, Person>> {
    let seekers = scope.seekers();
    let users = users::Entity::find()
        .filter(
            Condition::any()
                .add(
                    users::Column::Id
                        .in_subquery(subquery(seekers.clone(), seekers::Column::UserId)),
                )
                .add(users::Column::Id.in_subquery(subquery(seekers, seekers::Column::ReferentId))),
        )
        .all(db)
        .await?;
    Ok(users.iter().map(|user| (user.id, person(user))).collect())
}

fn person(user: &users::Model) -> Person {
    Person {
        id: user.id,
        pid: user.pid,
        name: user.name.clone(),
        email: user.email.clone(),
    }
}

/// People by user id, for naming the referents of the figures.
///
/// # Errors
/// When the database fails.
pub async fn people(db: &impl ConnectionTrait, ids: &[i32]) -> ModelResult<HashMap<i32, Person>> {
    let users = users::Entity::find()
        .filter(users::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(users.iter().map(|user| (user.id, person(user))).collect())
}

/// Each profile's target jobs, by seeker id. A list that does not read is
/// logged and shown empty rather than failing the whole caseload.
async fn target_jobs(
    db: &impl ConnectionTrait,
    scope: Scope,
) -> ModelResult<HashMap<i32, Vec<TargetJob>>> {
    let profiles = scope.rows(
        seeker_profiles::Entity::find(),
        seeker_profiles::Column::OrganisationId,
        seeker_profiles::Column::SeekerId,
    );
    let rows: Vec<(i32, String)> = profiles
        .select_only()
        .columns([
            seeker_profiles::Column::SeekerId,
            seeker_profiles::Column::TargetJobs,
        ])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(seeker_id, text)| {
            let jobs = serde_json::from_str(&text).unwrap_or_else(|err| {
                tracing::warn!(seeker_id, error = %err, "unreadable target jobs");
                Vec::new()
            });
            (seeker_id, jobs)
        })
        .collect())
}

/// Every seeker's tallies, by seeker id.
async fn tallies(db: &impl ConnectionTrait, scope: Scope) -> ModelResult<HashMap<i32, Tallies>> {
    let mut tallies: HashMap<i32, Tallies> = HashMap::new();
    let entries = scope.rows(
        shortlist_entries::Entity::find(),
        shortlist_entries::Column::OrganisationId,
        shortlist_entries::Column::SeekerId,
    );
    let entries: Vec<(i32, String, Option<String>, i64)> = entries
        .select_only()
        .columns([
            shortlist_entries::Column::SeekerId,
            shortlist_entries::Column::State,
            shortlist_entries::Column::Status,
        ])
        .column_as(shortlist_entries::Column::Id.count(), "entries")
        .group_by(shortlist_entries::Column::SeekerId)
        .group_by(shortlist_entries::Column::State)
        .group_by(shortlist_entries::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    for (seeker_id, state, status, count) in entries {
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        let seeker = tallies.entry(seeker_id).or_default();
        if state == EntryState::Kept.as_str() {
            seeker.kept += count;
        }
        if status.as_deref() == Some(ApplicationStatus::Hired.as_str()) {
            seeker.hired += count;
        }
    }

    for (seeker_id, (contacted, answered)) in kept_companies_contacted(db, scope).await? {
        let seeker = tallies.entry(seeker_id).or_default();
        seeker.contacted = contacted;
        seeker.answered = answered;
    }
    for (seeker_id, count) in companies_that_reached_interview(db, scope).await? {
        tallies.entry(seeker_id).or_default().interviews = count;
    }
    Ok(tallies)
}

/// How many kept companies each seeker contacted, and how many of them
/// answered. The kept companies and the contacts are read apart and joined
/// here: PostgreSQL plans the SQL join badly before its statistics are
/// gathered (seconds for a few thousand seekers).
async fn kept_companies_contacted(
    db: &impl ConnectionTrait,
    scope: Scope,
) -> ModelResult<HashMap<i32, (u32, u32)>> {
    let kept: HashSet<i32> = scope
        .rows(
            shortlist_entries::Entity::find(),
            shortlist_entries::Column::OrganisationId,
            shortlist_entries::Column::SeekerId,
        )
        .filter(shortlist_entries::Column::State.eq(EntryState::Kept.as_str()))
        .select_only()
        .column(shortlist_entries::Column::Id)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let contacts: Vec<(i32, i32, String)> = scope
        .rows(
            contacts::Entity::find(),
            contacts::Column::OrganisationId,
            contacts::Column::SeekerId,
        )
        .select_only()
        .columns([
            contacts::Column::SeekerId,
            contacts::Column::EntryId,
            contacts::Column::Outcome,
        ])
        .into_tuple()
        .all(db)
        .await?;
    let answers: Vec<&str> = answer_outcomes().iter().map(|o| o.as_str()).collect();
    let mut contacted: HashMap<i32, (HashSet<i32>, HashSet<i32>)> = HashMap::new();
    for (seeker_id, entry_id, outcome) in contacts {
        if !kept.contains(&entry_id) {
            continue;
        }
        let (reached, answered) = contacted.entry(seeker_id).or_default();
        reached.insert(entry_id);
        if answers.contains(&outcome.as_str()) {
            answered.insert(entry_id);
        }
    }
    Ok(contacted
        .into_iter()
        .map(|(seeker_id, (reached, answered))| {
            let count = |set: HashSet<i32>| u32::try_from(set.len()).unwrap_or(u32::MAX);
            (seeker_id, (count(reached), count(answered)))
        })
        .collect())
}

/// How many companies each seeker reached the interview status with.
async fn companies_that_reached_interview(
    db: &impl ConnectionTrait,
    scope: Scope,
) -> ModelResult<Vec<(i32, u32)>> {
    let changes = scope.rows(
        status_changes::Entity::find(),
        status_changes::Column::OrganisationId,
        status_changes::Column::SeekerId,
    );
    let rows = changes
        .select_only()
        .column(status_changes::Column::SeekerId)
        .column_as(
            status_changes::Column::EntryId.into_expr().count_distinct(),
            "companies",
        )
        .filter(status_changes::Column::ToStatus.eq(ApplicationStatus::Interview.as_str()))
        .group_by(status_changes::Column::SeekerId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts(rows))
}

fn counts(rows: Vec<(i32, i64)>) -> Vec<(i32, u32)> {
    rows.into_iter()
        .map(|(seeker_id, count)| (seeker_id, u32::try_from(count).unwrap_or(u32::MAX)))
        .collect()
}

/// The day each of the organisation's seekers reached each stage.
///
/// Limitation: timestamps become days in UTC, not in French time, so an
/// event in the last hour or two of a month may count in the next one.
///
/// # Errors
/// When the database fails.
pub async fn milestones(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> ModelResult<Vec<Milestones>> {
    let seekers: Vec<(i32, Option<i32>, DateTimeWithTimeZone)> = seekers::Entity::find()
        .select_only()
        .columns([
            seekers::Column::Id,
            seekers::Column::ReferentId,
            seekers::Column::CreatedAt,
        ])
        .filter(seekers::Column::OrganisationId.eq(organisation_id))
        .into_tuple()
        .all(db)
        .await?;
    let shortlists = first_shortlists(db, organisation_id).await?;
    let contacts = first_contacts(db, organisation_id).await?;
    let statuses = first_statuses(db, organisation_id).await?;

    Ok(seekers
        .into_iter()
        .map(|(id, referent_id, created_at)| {
            let contact = |outcomes: &[ContactOutcome]| {
                earliest(
                    outcomes
                        .iter()
                        .map(|outcome| contacts.get(&(id, *outcome)).copied()),
                )
            };
            let status = |status| statuses.get(&(id, status)).copied();
            Milestones {
                referent_id,
                joined: utc_day(created_at),
                shortlist: shortlists.get(&id).copied(),
                contacted: contact(ContactOutcome::ALL),
                answered: contact(&answer_outcomes()),
                interview: earliest([
                    contact(&[ContactOutcome::Interview]),
                    status(ApplicationStatus::Interview),
                ]),
                hired: earliest([
                    contact(&[ContactOutcome::Hired]),
                    status(ApplicationStatus::Hired),
                ]),
            }
        })
        .collect())
}

fn answer_outcomes() -> Vec<ContactOutcome> {
    ContactOutcome::ALL
        .iter()
        .copied()
        .filter(|outcome| outcome.is_answer())
        .collect()
}

fn earliest(days: impl IntoIterator<Item = Option<NaiveDate>>) -> Option<NaiveDate> {
    days.into_iter().flatten().min()
}

fn utc_day(at: DateTimeWithTimeZone) -> NaiveDate {
    at.with_timezone(&Utc).date_naive()
}

/// The day each seeker's first shortlist was built, by seeker id.
async fn first_shortlists(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> ModelResult<HashMap<i32, NaiveDate>> {
    let rows: Vec<(i32, Option<DateTimeWithTimeZone>)> = seeker_profiles::Entity::find()
        .select_only()
        .columns([
            seeker_profiles::Column::SeekerId,
            seeker_profiles::Column::ShortlistFirstBuiltAt,
        ])
        .filter(seeker_profiles::Column::OrganisationId.eq(organisation_id))
        .filter(seeker_profiles::Column::ShortlistFirstBuiltAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(seeker_id, at)| at.map(|at| (seeker_id, utc_day(at))))
        .collect())
}

/// The first contact of each seeker with each outcome.
async fn first_contacts(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> ModelResult<HashMap<(i32, ContactOutcome), NaiveDate>> {
    let rows: Vec<(i32, String, NaiveDate)> = contacts::Entity::find()
        .select_only()
        .columns([contacts::Column::SeekerId, contacts::Column::Outcome])
        .column_as(contacts::Column::ContactedOn.min(), "first")
        .filter(contacts::Column::OrganisationId.eq(organisation_id))
        .group_by(contacts::Column::SeekerId)
        .group_by(contacts::Column::Outcome)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(seeker_id, outcome, day)| {
            let outcome = ContactOutcome::parse(&outcome).ok()?;
            Some(((seeker_id, outcome), day))
        })
        .collect())
}

/// The first time each seeker had a company reach interview or hired.
async fn first_statuses(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> ModelResult<HashMap<(i32, ApplicationStatus), NaiveDate>> {
    let rows: Vec<(i32, String, DateTimeWithTimeZone)> = status_changes::Entity::find()
        .select_only()
        .columns([
            status_changes::Column::SeekerId,
            status_changes::Column::ToStatus,
        ])
        .column_as(status_changes::Column::CreatedAt.min(), "first")
        .filter(status_changes::Column::OrganisationId.eq(organisation_id))
        .filter(status_changes::Column::ToStatus.is_in([
            ApplicationStatus::Interview.as_str(),
            ApplicationStatus::Hired.as_str(),
        ]))
        .group_by(status_changes::Column::SeekerId)
        .group_by(status_changes::Column::ToStatus)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(seeker_id, status, at)| {
            let status = ApplicationStatus::parse(&status).ok()?;
            Some(((seeker_id, status), utc_day(at)))
        })
        .collect())
}

/// Every contact of the seekers of `lines` (taken from `scope`), seeker by
/// seeker in their order, each seeker's from the oldest.
///
/// # Errors
/// When the database fails.
pub async fn contacts_of(
    db: &impl ConnectionTrait,
    scope: Scope,
    lines: &[SeekerLine],
) -> ModelResult<Vec<ContactLine>> {
    let of_scope = scope.rows(
        contacts::Entity::find(),
        contacts::Column::OrganisationId,
        contacts::Column::SeekerId,
    );
    let mut by_seeker: HashMap<i32, Vec<contacts::Model>> = HashMap::new();
    for contact in of_scope
        .clone()
        .order_by_asc(contacts::Column::ContactedOn)
        .order_by_asc(contacts::Column::Id)
        .all(db)
        .await?
    {
        by_seeker
            .entry(contact.seeker_id)
            .or_default()
            .push(contact);
    }
    let names = company_names(db, subquery(of_scope, contacts::Column::Siret)).await?;

    let mut rows = Vec::new();
    for line in lines {
        for contact in by_seeker.remove(&line.seeker_id).unwrap_or_default() {
            rows.push(ContactLine {
                seeker_name: line.person.name.clone(),
                seeker_email: line.person.email.clone(),
                company_name: names.get(&contact.siret).cloned(),
                siret: contact.siret,
                contacted_on: contact.contacted_on,
                method: contact.method,
                outcome: contact.outcome,
                note: contact.note,
            });
        }
    }
    Ok(rows)
}

/// The names people know companies by (the trade name when there is one),
/// by SIRET.
async fn company_names(
    db: &impl ConnectionTrait,
    sirets: SelectStatement,
) -> ModelResult<HashMap<String, String>> {
    let rows: Vec<(String, String, Option<String>)> = establishments::Entity::find()
        .select_only()
        .columns([
            establishments::Column::Siret,
            establishments::Column::Name,
            establishments::Column::TradeName,
        ])
        .filter(establishments::Column::Siret.in_subquery(sirets))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(siret, name, trade_name)| (siret, trade_name.unwrap_or(name)))
        .collect())
}
