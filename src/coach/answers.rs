//! What the coach's email links do: record a seeker's one-click answer,
//! change a person's email settings; and the operator's retry.

use chrono::{DateTime, Utc};
use loco_rs::prelude::*;
use serde::Serialize;

use crate::{
    domain::{paris_day, ApplicationStatus, CoachAnswer, Role},
    models::{
        _entities::{organisations, seekers},
        coach_links::{self, LinkProblem, Purpose},
        email_preferences::{self, Change},
        memberships, outbox,
        shortlist_entries::{self, EntryError},
        users,
    },
};

/// What the answer page shows.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerPage {
    /// `confirm`, `recorded` or `problem`.
    pub state: &'static str,
    /// `unknown`, `expired`, `used`, `moved` or `closed` (the seeker is no
    /// longer followed), for a problem.
    pub problem: Option<&'static str>,
    pub answer: Option<CoachAnswer>,
    /// The answer recorded before, for a used link.
    pub recorded: Option<String>,
    pub company: String,
    /// The coach marked the company `no_answer` after this "not yet".
    pub gave_up: bool,
    /// When the coach asks again (dd/mm/yyyy).
    pub ask_again_on: Option<String>,
    #[serde(skip)]
    pub locale: String,
}

impl AnswerPage {
    fn problem(problem: &'static str, locale: String) -> Self {
        Self {
            state: "problem",
            problem: Some(problem),
            answer: None,
            recorded: None,
            company: String::new(),
            gave_up: false,
            ask_again_on: None,
            locale,
        }
    }

    #[must_use]
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self.problem {
            None => StatusCode::OK,
            Some("unknown") => StatusCode::NOT_FOUND,
            Some("expired" | "closed") => StatusCode::GONE,
            Some(_) => StatusCode::CONFLICT,
        }
    }
}

/// The answer and link of an answer's address, or the page that says why
/// it does not work.
async fn answer_link(
    ctx: &AppContext,
    token: &str,
    answer: Option<CoachAnswer>,
    now: DateTime<Utc>,
) -> Result<Result<(CoachAnswer, coach_links::Model, users::Model), AnswerPage>> {
    let Some(answer) = answer else {
        return Ok(Err(AnswerPage::problem("unknown", String::new())));
    };
    match coach_links::Model::find_valid(&ctx.db, token, Purpose::Answer, now).await? {
        Ok(link) => {
            let user = users::Model::find_by_id(&ctx.db, link.user_id).await?;
            if !still_followed(ctx, &link, &user).await? {
                return Ok(Err(AnswerPage::problem("closed", user.locale)));
            }
            Ok(Ok((answer, link, user)))
        }
        Err((problem, link)) => {
            let locale = match &link {
                Some(link) => {
                    users::Model::find_by_id(&ctx.db, link.user_id)
                        .await?
                        .locale
                }
                None => String::new(),
            };
            let mut page = AnswerPage::problem(
                match problem {
                    LinkProblem::Unknown => "unknown",
                    LinkProblem::Expired => "expired",
                    LinkProblem::Used => "used",
                },
                locale,
            );
            page.recorded = link.and_then(|link| link.answer);
            Ok(Err(page))
        }
    }
}

/// Whether the link's seeker is still followed: an active person, in an
/// organisation that is not archived. Sign-in and the coach leave the
/// others alone; so do their old links.
async fn still_followed(
    ctx: &AppContext,
    link: &coach_links::Model,
    user: &users::Model,
) -> Result<bool> {
    let Some(entry_id) = link.entry_id else {
        return Ok(false);
    };
    let Some(entry) = shortlist_entries::Entity::find_by_id(entry_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(false);
    };
    let seeker = seekers::Entity::find_by_id(entry.seeker_id)
        .one(&ctx.db)
        .await?;
    let organisation = organisations::Entity::find_by_id(entry.organisation_id)
        .one(&ctx.db)
        .await?;
    Ok(user.deactivated_at.is_none()
        && seeker
            .is_some_and(|seeker| seeker.deactivated_at.is_none() && seeker.user_id == user.id)
        && organisation.is_some_and(|organisation| organisation.archived_at.is_none()))
}

async fn company_of(ctx: &AppContext, link: &coach_links::Model) -> Result<String> {
    let Some(entry_id) = link.entry_id else {
        return Ok(String::new());
    };
    let Some(entry) = shortlist_entries::Entity::find_by_id(entry_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(String::new());
    };
    let companies = super::companies(&ctx.db, vec![entry.siret.clone()]).await?;
    Ok(companies
        .get(&entry.siret)
        .map_or(entry.siret, |(name, _)| name.clone()))
}

/// The page a link opens: the answer to confirm, or why the link does not
/// work. Changes nothing.
///
/// # Errors
/// When the database fails.
pub async fn preview(
    ctx: &AppContext,
    token: &str,
    answer: Option<CoachAnswer>,
    now: DateTime<Utc>,
) -> Result<AnswerPage> {
    let (answer, link, user) = match answer_link(ctx, token, answer, now).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    Ok(AnswerPage {
        state: "confirm",
        problem: None,
        answer: Some(answer),
        recorded: None,
        company: company_of(ctx, &link).await?,
        gave_up: false,
        ask_again_on: None,
        locale: user.locale,
    })
}

/// Records the answer of a link (once).
///
/// # Errors
/// When the database fails.
pub async fn record(
    ctx: &AppContext,
    token: &str,
    answer: Option<CoachAnswer>,
    now: DateTime<Utc>,
) -> Result<AnswerPage> {
    let (answer, link, user) = match answer_link(ctx, token, answer, now).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let company = company_of(ctx, &link).await?;
    match shortlist_entries::Model::answer_from_coach(&ctx.db, &link, answer, now).await {
        Ok((entry, effect)) => Ok(AnswerPage {
            state: "recorded",
            problem: None,
            answer: Some(answer),
            recorded: None,
            company,
            gave_up: entry.status() == Some(ApplicationStatus::NoAnswer),
            ask_again_on: effect
                .ask_again_at
                .map(|at| paris_day(at).format("%d/%m/%Y").to_string()),
            locale: user.locale,
        }),
        Err(EntryError::Conflict(_)) => {
            // Used meanwhile by another click, or the journey moved on.
            let again =
                coach_links::Model::find_valid(&ctx.db, token, Purpose::Answer, now).await?;
            let mut page =
                AnswerPage::problem(if again.is_ok() { "moved" } else { "used" }, user.locale);
            page.company = company;
            page.recorded = again
                .err()
                .and_then(|(_, link)| link.and_then(|link| link.answer));
            Ok(page)
        }
        Err(EntryError::Model(ModelError::EntityNotFound)) => {
            Ok(AnswerPage::problem("unknown", user.locale))
        }
        Err(EntryError::Model(err)) => Err(err.into()),
    }
}

/// What the email settings page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ManagePage {
    /// `unknown` or `expired`.
    pub problem: Option<&'static str>,
    pub email: String,
    pub paused: bool,
    pub unsubscribed: bool,
    /// dd/mm/yyyy, while snoozed.
    pub snoozed_until: Option<String>,
    pub digest: String,
    pub is_staff: bool,
    /// What was just changed, said in the page's language.
    pub done: Option<String>,
    #[serde(skip)]
    pub locale: String,
}

impl ManagePage {
    #[must_use]
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self.problem {
            None => StatusCode::OK,
            Some("expired") => StatusCode::GONE,
            Some(_) => StatusCode::NOT_FOUND,
        }
    }
}

/// The email settings of a link's person, after `change` if given.
///
/// # Errors
/// When the database fails.
pub async fn manage(
    ctx: &AppContext,
    token: &str,
    change: Option<Change>,
    now: DateTime<Utc>,
) -> Result<ManagePage> {
    let link =
        match coach_links::Model::find_valid(&ctx.db, token, Purpose::ManageEmails, now).await? {
            Ok(link) => link,
            // A settings link is not single-use: "used" does not happen.
            Err((problem, _)) => {
                return Ok(ManagePage {
                    problem: Some(if problem == LinkProblem::Expired {
                        "expired"
                    } else {
                        "unknown"
                    }),
                    email: String::new(),
                    paused: false,
                    unsubscribed: false,
                    snoozed_until: None,
                    digest: String::new(),
                    is_staff: false,
                    done: None,
                    locale: String::new(),
                })
            }
        };
    let user = users::Model::find_by_id(&ctx.db, link.user_id).await?;
    let preferences = match change {
        Some(change) => email_preferences::apply(&ctx.db, user.id, &[change], now).await?,
        None => email_preferences::of(&ctx.db, user.id).await?,
    };
    let is_staff = memberships::Model::active_for_user(&ctx.db, user.id)
        .await?
        .iter()
        .any(|membership| membership.role().is_some_and(|role| role != Role::Seeker));
    Ok(ManagePage {
        problem: None,
        email: user.email.clone(),
        paused: preferences.paused_since.is_some(),
        unsubscribed: preferences.unsubscribed_since.is_some(),
        snoozed_until: preferences
            .snoozed_until
            .filter(|until| *until > now)
            .map(|until| paris_day(until).format("%d/%m/%Y").to_string()),
        digest: preferences.digest_frequency.to_string(),
        is_staff,
        done: change.map(|change| done_text(change, &user.locale)),
        locale: user.locale,
    })
}

fn done_text(change: Change, locale: &str) -> String {
    let english = crate::mailers::templates::language(locale) == "en";
    match (change, english) {
        (Change::Pause, false) => "les e-mails du coach sont en pause".to_string(),
        (Change::Pause, true) => "the coach's emails are paused".to_string(),
        (Change::Resume | Change::Unpause | Change::Unsnooze | Change::Resubscribe, false) => {
            "vous recevez à nouveau les e-mails du coach".to_string()
        }
        (Change::Resume | Change::Unpause | Change::Unsnooze | Change::Resubscribe, true) => {
            "you receive the coach's emails again".to_string()
        }
        (Change::Snooze { days }, false) => format!("pause de {days} jours"),
        (Change::Snooze { days }, true) => format!("paused for {days} days"),
        (Change::Unsubscribe, false) => "vous ne recevrez plus les e-mails du coach".to_string(),
        (Change::Unsubscribe, true) => "you will no longer receive the coach's emails".to_string(),
        (Change::Digest(frequency), false) => format!(
            "fréquence du point : {}",
            match frequency {
                crate::domain::DigestFrequency::Daily => "chaque jour",
                crate::domain::DigestFrequency::Weekly => "chaque semaine",
                crate::domain::DigestFrequency::Off => "jamais",
            }
        ),
        (Change::Digest(frequency), true) => format!(
            "update frequency: {}",
            match frequency {
                crate::domain::DigestFrequency::Daily => "every day",
                crate::domain::DigestFrequency::Weekly => "every week",
                crate::domain::DigestFrequency::Off => "never",
            }
        ),
    }
}

/// The operator's retry of a failed message: back in the queue, then one
/// attempt at once.
///
/// # Errors
/// `EntityNotFound` for an unknown id; a message when it is not failed;
/// or the database fails.
pub async fn retry(ctx: &AppContext, id: i32) -> Result<outbox::Model> {
    let now = Utc::now();
    outbox::Model::retry(&ctx.db, id, now).await?;
    super::deliver_due(ctx, now, Some(id)).await?;
    Ok(outbox::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .ok_or(ModelError::EntityNotFound)?)
}
