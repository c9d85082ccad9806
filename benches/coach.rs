//! One run of the digital coach over 10,000 seekers whose reminder is due,
//! on SQLite, sending every message to a real SMTP server on loopback (in
//! this process). Not a test: it prints timings and asserts nothing about
//! them.
//!
//! Each seeker kept one real Moselle company and phoned it ten days ago
//! without an answer; the run renders 10,000 reminders (text and HTML,
//! with their links), queues them in the outbox and sends them. The
//! seeded database is built once and copied for every measured run.
//!
//! Run with `cargo bench --bench coach` (`SEEKERS=…`, `RUNS=…` to change
//! the size and the number of runs; data from `RELAIS_DATA_DIR`).
//! `SMTP_PORT=…` sends to another SMTP server on 127.0.0.1 instead (such
//! as `python3 -m aiosmtpd -n -l 127.0.0.1:2525`); `SMTP_PORT=stub` keeps
//! the messages in memory, to time the run without SMTP.

use std::time::Instant;

use chrono::{Duration, Utc};
use loco_rs::{
    app::Hooks,
    boot::{BootResult, StartMode},
    environment::Environment,
};
use relais::{
    app::App,
    coach,
    domain::{
        ask_at, paris_day, ApplicationStatus, ContactMethod, ContactOutcome, EntryState, Role,
    },
    mailers::postman::Postman,
    models::_entities::{
        contacts, establishments, memberships, organisations, seekers, shortlist_entries, users,
    },
    settings::Settings,
    tasks::imports,
};
use sea_orm::{ActiveValue::Set, EntityTrait, QuerySelect};

#[allow(dead_code)]
#[path = "../tests/support/smtp.rs"]
mod smtp;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

async fn boot(url: &str) -> BootResult {
    let mut config = App::load_config(&Environment::Test)
        .await
        .expect("test config");
    config.database.uri = url.to_string();
    App::boot(StartMode::ServerOnly, &Environment::Test, config)
        .await
        .expect("boot")
}

/// Seeds `count` seekers, each with one kept company contacted ten days ago
/// and due for its first question.
async fn seed(url: &str, count: usize) {
    let booted = boot(url).await;
    let ctx = &booted.app_context;
    let settings = Settings::from_context(ctx).expect("settings");
    imports::import_referentials(ctx, &settings.referentials_dir())
        .await
        .expect("referentials");
    imports::import_establishments(ctx, &settings.establishments_file())
        .await
        .expect("establishments");
    let sirets: Vec<String> = establishments::Entity::find()
        .select_only()
        .column(establishments::Column::Siret)
        .limit(count as u64)
        .into_tuple()
        .all(&ctx.db)
        .await
        .expect("sirets");

    let now = Utc::now();
    let stamp = now.into();
    let organisation = organisations::Entity::insert(organisations::ActiveModel {
        pid: Set(uuid::Uuid::new_v4()),
        name: Set("Mission locale de Metz".to_string()),
        kind: Set("mission_locale".to_string()),
        departments: Set("57".to_string()),
        reminder_delay_days: Set(7),
        follow_up_delay_days: Set(7),
        reminder_max_rounds: Set(3),
        stalled_after_days: Set(21),
        retention_months: Set(24),
        created_at: Set(stamp),
        updated_at: Set(stamp),
        ..Default::default()
    })
    .exec(&ctx.db)
    .await
    .expect("organisation")
    .last_insert_id;
    let user = |email: String, name: String| users::ActiveModel {
        pid: Set(uuid::Uuid::new_v4()),
        email: Set(email),
        name: Set(name),
        is_platform_admin: Set(false),
        locale: Set("fr".to_string()),
        created_at: Set(stamp),
        updated_at: Set(stamp),
        ..Default::default()
    };
    let counsellor = users::Entity::insert(user("conseil@metz.test".into(), "Claire".into()))
        .exec(&ctx.db)
        .await
        .expect("counsellor")
        .last_insert_id;
    memberships::Entity::insert(memberships::ActiveModel {
        organisation_id: Set(organisation),
        user_id: Set(counsellor),
        role: Set(Role::Counsellor.to_string()),
        created_at: Set(stamp),
        updated_at: Set(stamp),
        ..Default::default()
    })
    .exec(&ctx.db)
    .await
    .expect("membership");

    let contacted_on = paris_day(now) - Duration::days(10);
    let due = ask_at(contacted_on, 7);
    // Ids are given, so that rows of one seeker point to each other
    // without reading them back.
    let id = |i: usize| i32::try_from(i).expect("an id") + 1_000;
    for chunk in (0..count).collect::<Vec<_>>().chunks(500) {
        users::Entity::insert_many(chunk.iter().map(|&i| users::ActiveModel {
            id: Set(id(i)),
            ..user(format!("personne{i}@metz.test"), format!("Personne {i}"))
        }))
        .exec(&ctx.db)
        .await
        .expect("users");
        seekers::Entity::insert_many(chunk.iter().map(|&i| seekers::ActiveModel {
            id: Set(id(i)),
            pid: Set(uuid::Uuid::new_v4()),
            organisation_id: Set(organisation),
            user_id: Set(id(i)),
            referent_id: Set(None),
            terms_accepted_at: Set(stamp),
            terms_version: Set("2026-11".to_string()),
            consent_at: Set(stamp),
            consent_version: Set("2026-11".to_string()),
            last_activity_at: Set(Some(stamp)),
            created_at: Set(stamp),
            updated_at: Set(stamp),
            ..Default::default()
        }))
        .exec(&ctx.db)
        .await
        .expect("seekers");
        shortlist_entries::Entity::insert_many(chunk.iter().map(|&i| {
            shortlist_entries::ActiveModel {
                id: Set(id(i)),
                seeker_id: Set(id(i)),
                organisation_id: Set(organisation),
                siret: Set(sirets[i % sirets.len()].clone()),
                romes: Set("K2204".to_string()),
                state: Set(EntryState::Kept.to_string()),
                is_new: Set(false),
                status: Set(Some(ApplicationStatus::Contacted.to_string())),
                status_changed_at: Set(Some(stamp)),
                proposed_at: Set(stamp),
                decided_at: Set(Some(stamp)),
                created_at: Set(stamp),
                updated_at: Set(stamp),
                coach_round: Set(0),
                coach_due_at: Set(Some(due.into())),
                ..Default::default()
            }
        }))
        .exec(&ctx.db)
        .await
        .expect("entries");
        contacts::Entity::insert_many(chunk.iter().map(|&i| contacts::ActiveModel {
            pid: Set(uuid::Uuid::new_v4()),
            entry_id: Set(id(i)),
            seeker_id: Set(id(i)),
            organisation_id: Set(organisation),
            siret: Set(sirets[i % sirets.len()].clone()),
            method: Set(ContactMethod::Phone.to_string()),
            contacted_on: Set(contacted_on),
            note: Set(None),
            outcome: Set(ContactOutcome::NoAnswerYet.to_string()),
            created_by_id: Set(id(i)),
            created_at: Set(stamp),
            updated_at: Set(stamp),
            ..Default::default()
        }))
        .exec(&ctx.db)
        .await
        .expect("contacts");
    }
    booted.app_context.db.close_by_ref().await.expect("close");
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .and_then(|line| line.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let seekers = env_number("SEEKERS", 10_000);
    let runs = env_number("RUNS", 3);
    let dir = tempfile::tempdir().expect("temp dir");
    let seeded = dir.path().join("seeded.sqlite");
    let started = Instant::now();
    seed(&format!("sqlite://{}?mode=rwc", seeded.display()), seekers).await;
    println!(
        "seeded {seekers} seekers due for a reminder in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let target = std::env::var("SMTP_PORT").ok();
    let smtp = match target.as_deref() {
        None => smtp::SmtpServer::start(),
        Some(_) => smtp::SmtpServer::down(),
    };
    let postman = || match target.as_deref() {
        None => smtp.postman(),
        Some("stub") => Postman::from_config(None).expect("stub"),
        Some(port) => Postman::smtp(&loco_rs::config::SmtpMailer {
            enable: true,
            host: "127.0.0.1".to_string(),
            port: port.parse().expect("SMTP_PORT is a port or `stub`"),
            secure: false,
            tls: Some(loco_rs::config::MailerTls::None),
            auth: None,
            hello_name: None,
        })
        .expect("postman"),
    };
    println!(
        "sending to {}",
        target.as_deref().map_or_else(
            || "mailin-embedded in this process".to_string(),
            |port| format!("SMTP_PORT={port}")
        )
    );
    let mut timings = Vec::new();
    for run in 1..=runs {
        let copy = dir.path().join(format!("run-{run}.sqlite"));
        std::fs::copy(&seeded, &copy).expect("copy the seeded database");
        let booted = boot(&format!("sqlite://{}?mode=rwc", copy.display())).await;
        let ctx = &booted.app_context;
        Postman::install(ctx, postman());
        let before = smtp.received().len();
        let now = ask_at(paris_day(Utc::now()), 0) + Duration::hours(1);
        let started = Instant::now();
        let report = coach::run(ctx, now).await.expect("coach run");
        let elapsed = started.elapsed().as_secs_f64();
        let received = smtp.received().len() - before;
        println!(
            "run {run}: {elapsed:.2} s: {} reminders queued, {} sent, {} received by the SMTP server",
            report.reminders, report.delivery.sent, received
        );
        timings.push(elapsed);
        booted.app_context.db.close_by_ref().await.expect("close");
    }
    timings.sort_by(f64::total_cmp);
    println!(
        "coach run over {seekers} seekers on SQLite: median {:.2} s over {runs} runs (min {:.2}, max {:.2}); peak RSS of the process {:.0} MiB",
        timings[timings.len() / 2],
        timings[0],
        timings[timings.len() - 1],
        peak_rss_mib()
    );
}
