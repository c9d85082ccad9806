//! The digital coach against a real SMTP server on loopback: reminders
//! about contacts, one-click answers, rounds until `no_answer`, nudges,
//! digests, pause / snooze / unsubscribe, and delivery faults (server down,
//! two runs at once, a sender that dies mid-run).

use axum::http::Method;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use loco_rs::{prelude::*, task::Task};
use relais::{
    coach,
    domain::{ask_at, paris_day, ApplicationStatus, ContactMethod, ContactOutcome},
    mailers::postman::{Postman, CONNECTIONS},
    models::{
        _entities::{
            contacts, organisations, outbox_messages, seekers as seeker_rows, status_changes, users,
        },
        outbox, seekers,
        shortlist_entries::{self, NewContact},
    },
    tasks::coach::Outbox,
};
use serde_json::json;

use crate::support::{
    people::{plain_envelope, queue_plain_email, seeker, send, World, METZ_COMPANY},
    seeded_app,
    smtp::{header, links, postman_to, silent_smtp_server, ClosingSmtpServer, SmtpServer},
    SeededApp,
};

/// A second company of the Moselle data.
const OTHER_COMPANY: &str = "44229377500031";

struct Coached {
    app: SeededApp,
    world: World,
    smtp: SmtpServer,
}

impl Coached {
    async fn new() -> Self {
        Self::with_smtp(SmtpServer::start()).await
    }

    async fn with_smtp(smtp: SmtpServer) -> Self {
        let app = seeded_app().await;
        let world = World::build(&app.ctx).await;
        Postman::install(&app.ctx, smtp.postman());
        Self { app, world, smtp }
    }

    fn ctx(&self) -> &AppContext {
        &self.app.ctx
    }

    async fn seeker_row(&self, user: &users::Model) -> seekers::Model {
        seekers::Model::find_by_user(&self.ctx().db, user.id)
            .await
            .unwrap()
            .unwrap()
    }

    /// Keeps `siret` for the seeker of `user` and logs a phone call on
    /// `day` still waiting for an answer.
    async fn contacted(
        &self,
        user: &users::Model,
        siret: &str,
        day: NaiveDate,
    ) -> shortlist_entries::Model {
        let seeker = self.seeker_row(user).await;
        let entry = shortlist_entries::Model::keep(&self.ctx().db, &seeker, siret, user.id)
            .await
            .unwrap();
        let (entry, _) = entry
            .log_contact(
                &self.ctx().db,
                NewContact {
                    method: ContactMethod::Phone,
                    contacted_on: day,
                    note: None,
                    outcome: ContactOutcome::NoAnswerYet,
                },
                user.id,
            )
            .await
            .unwrap();
        entry
    }

    async fn entry(&self, id: i32) -> shortlist_entries::Model {
        shortlist_entries::Entity::find_by_id(id)
            .one(&self.ctx().db)
            .await
            .unwrap()
            .unwrap()
    }

    /// The target seeker (followed by the counsellor), with no activity
    /// for 40 days: stalled in every digest.
    async fn idle_for_40_days(&self) -> seekers::Model {
        let idle = self.world.target_seeker.clone();
        let mut stale = seeker_rows::Entity::find_by_id(idle.id)
            .one(&self.ctx().db)
            .await
            .unwrap()
            .unwrap()
            .into_active_model();
        stale.last_activity_at = Set(Some((this_morning() - Duration::days(40)).into()));
        stale.update(&self.ctx().db).await.unwrap();
        idle
    }

    async fn outbox(&self) -> Vec<outbox_messages::Model> {
        outbox_messages::Entity::find()
            .all(&self.ctx().db)
            .await
            .unwrap()
    }

    async fn set_org(&self, change: impl FnOnce(&mut organisations::ActiveModel)) {
        let mut org = organisations::Entity::find_by_id(self.world.org.id)
            .one(&self.ctx().db)
            .await
            .unwrap()
            .unwrap()
            .into_active_model();
        change(&mut org);
        org.update(&self.ctx().db).await.unwrap();
    }
}

/// Ten days ago, French calendar.
fn ten_days_ago() -> NaiveDate {
    paris_day(Utc::now()) - Duration::days(10)
}

/// Today at 10:00, French time: the coach writes from 9:00.
fn this_morning() -> DateTime<Utc> {
    ask_at(paris_day(Utc::now()), 0) + Duration::hours(1)
}

/// The path of the link for `answer` in a reminder.
fn answer_path(mail: &str, answer: &str) -> String {
    links(mail, "http://localhost/coach/answers/")
        .into_iter()
        .find(|link| link.ends_with(&format!("/{answer}")))
        .unwrap_or_else(|| panic!("no {answer} link in {mail}"))
        .trim_start_matches("http://localhost")
        .to_string()
}

/// Follows a one-click answer as a browser does: opens the link (which
/// changes nothing), then sends the form the page submits by itself.
async fn answer(app: &SeededApp, link: &str) -> (u16, u16, String) {
    let path = link.trim_start_matches("http://localhost");
    let opened = app.server.get(path).await;
    let opened_text = opened.text();
    assert!(
        opened_text.contains("<form method=\"post\""),
        "{opened_text}"
    );
    let posted = app.server.post(path).await;
    (
        opened.status_code().as_u16(),
        posted.status_code().as_u16(),
        posted.text(),
    )
}

#[tokio::test]
async fn a_reminder_arrives_by_smtp_and_its_one_click_answers_move_the_company_along() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let seeker = &coached.world.seeker.user;
    let entry = coached
        .contacted(seeker, METZ_COMPANY, ten_days_ago())
        .await;
    assert_eq!(
        entry.coach_due_at.map(|at| at.with_timezone(&Utc)),
        Some(ask_at(ten_days_ago(), 7)),
        "asked 7 days after the call, at 9:00 French time"
    );

    // Before 9:00 the coach plans nothing.
    let early = coach::run(ctx, ask_at(paris_day(Utc::now()), 0) - Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(early.reminders, 0);

    let now = this_morning();
    let report = coach::run(ctx, now).await.unwrap();
    assert_eq!((report.reminders, report.delivery.sent), (1, 1));
    let received = coached.smtp.to(&seeker.email);
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert_eq!(
        header(mail, "From").unwrap(),
        "\"Mission locale de Metz\" <ne-pas-repondre@relais.localhost>"
    );
    let unsubscribe = header(mail, "List-Unsubscribe").unwrap();
    assert!(
        unsubscribe.starts_with("<http://localhost/coach/emails/"),
        "{unsubscribe}"
    );
    assert_eq!(
        header(mail, "List-Unsubscribe-Post").unwrap(),
        "List-Unsubscribe=One-Click"
    );
    assert_eq!(header(mail, "Auto-Submitted").unwrap(), "auto-generated");
    assert!(mail.contains("Content-Type: text/plain"));
    assert!(mail.contains("Content-Type: text/html"));
    let answers = links(mail, "http://localhost/coach/answers/");
    let suffixes: Vec<&str> = answers
        .iter()
        .map(|link| link.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(suffixes, ["interview", "refused", "not_yet", "followed_up"]);
    let sent = coached.outbox().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].state, "sent");
    assert!(
        sent[0].subject.ends_with("vous a-t-elle répondu ?"),
        "{}",
        sent[0].subject
    );
    assert_eq!(
        (sent[0].text_body.as_deref(), sent[0].html_body.as_deref()),
        (None, None),
        "bodies with links are erased once sent"
    );

    // A second run the same morning has nothing to say.
    let again = coach::run(ctx, now + Duration::minutes(15)).await.unwrap();
    assert_eq!((again.reminders, again.delivery.sent), (0, 0));

    // "Not yet": the company waits for a follow-up, asked again in 7 days.
    let not_yet = answers
        .iter()
        .find(|link| link.ends_with("/not_yet"))
        .unwrap();
    let (opened, posted, page) = answer(&coached.app, not_yet).await;
    assert_eq!((opened, posted), (200, 200));
    assert!(page.contains("Merci, c'est noté"), "{page}");
    assert!(page.contains("Relancez par téléphone ou passez sur place"));
    let after = coached.entry(entry.id).await;
    assert_eq!(after.status.as_deref(), Some("follow_up_due"));
    assert_eq!(after.coach_round, 1);
    let next = ask_at(paris_day(Utc::now()), 7);
    assert_eq!(
        after.coach_due_at.map(|at| at.with_timezone(&Utc)),
        Some(next)
    );

    // The link works once; another answer of the same email is refused.
    let reused = coached
        .app
        .server
        .post(not_yet.trim_start_matches("http://localhost"))
        .await;
    assert_eq!(reused.status_code(), 409);
    assert!(reused.text().contains("déjà été enregistrée"));
    let other = answers
        .iter()
        .find(|link| link.ends_with("/interview"))
        .unwrap();
    let other = coached
        .app
        .server
        .post(other.trim_start_matches("http://localhost"))
        .await;
    assert_eq!(other.status_code(), 409);
    assert_eq!(
        coached.entry(entry.id).await.status.as_deref(),
        Some("follow_up_due")
    );

    // A week later, the second question, with the follow-up tip.
    let later = coach::run(ctx, next + Duration::hours(1)).await.unwrap();
    assert_eq!(later.reminders, 1);
    let received = coached.smtp.to(&seeker.email);
    assert_eq!(received.len(), 2);
    assert!(
        received[1].contains("Une relance par t"),
        "the tip of a second question"
    );
    let interview = answer_path(&received[1], "interview");
    let (_, posted, page) = answer(&coached.app, &interview).await;
    assert_eq!(posted, 200);
    assert!(page.contains("Bravo"));
    let after = coached.entry(entry.id).await;
    assert_eq!(after.status.as_deref(), Some("interview"));
    assert_eq!(
        after.coach_due_at, None,
        "no more questions after an answer"
    );
    let history: Vec<_> = status_changes::Entity::find()
        .filter(status_changes::Column::EntryId.eq(entry.id))
        .all(&ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|change| (change.to_status, change.actor_id, change.via))
        .collect();
    let by_email = Some("coach_answer".to_string());
    assert_eq!(
        history,
        [
            ("to_contact".to_string(), Some(seeker.id), None),
            ("contacted".to_string(), Some(seeker.id), None),
            (
                "follow_up_due".to_string(),
                Some(seeker.id),
                by_email.clone()
            ),
            ("interview".to_string(), Some(seeker.id), by_email),
        ]
    );
    // The seeker sees in their list which moves their answers by email made.
    let listed = send(
        &coached.app.server,
        Method::GET,
        &format!(
            "/api/v1/orgs/{}/seekers/{}/applications",
            coached.world.org.pid,
            coached.seeker_row(seeker).await.pid
        ),
        Some(&coached.world.seeker),
        None,
    )
    .await;
    assert_eq!(listed.status_code(), 200, "{}", listed.text());
    let listed: serde_json::Value = listed.json();
    let vias: Vec<&serde_json::Value> = listed["applications"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|application| application["history"].as_array().unwrap())
        .map(|change| &change["via"])
        .collect();
    assert_eq!(
        vias,
        [
            &json!(null),
            &json!(null),
            &json!("coach_answer"),
            &json!("coach_answer")
        ]
    );
}

#[tokio::test]
async fn unanswered_questions_stop_after_the_last_round_and_mark_the_company_no_answer() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    coached
        .set_org(|org| {
            org.reminder_max_rounds = Set(2);
            org.follow_up_delay_days = Set(3);
        })
        .await;
    let seeker = &coached.world.seeker.user;
    let entry = coached
        .contacted(seeker, METZ_COMPANY, ten_days_ago())
        .await;

    let mut now = this_morning();
    for round in 1..=2 {
        let report = coach::run(ctx, now).await.unwrap();
        assert_eq!(report.reminders, 1, "question {round}");
        assert_eq!(coached.entry(entry.id).await.coach_round, round);
        now += Duration::days(3);
    }
    // No click on either: after the last round, the coach gives up.
    let report = coach::run(ctx, now).await.unwrap();
    assert_eq!((report.reminders, report.gave_up), (0, 1));
    let after = coached.entry(entry.id).await;
    assert_eq!(after.status.as_deref(), Some("no_answer"));
    assert_eq!(after.coach_due_at, None);
    let last = status_changes::Entity::find()
        .filter(status_changes::Column::EntryId.eq(entry.id))
        .all(&ctx.db)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        (last.to_status.as_str(), last.actor_id, last.via.as_deref()),
        ("no_answer", None, Some("coach")),
        "the coach, not a person"
    );
    assert_eq!(coached.smtp.to(&seeker.email).len(), 2);
    let report = coach::run(ctx, now + Duration::days(30)).await.unwrap();
    assert_eq!((report.reminders, report.gave_up), (0, 0));

    // "Not yet" on the last round gives up at once; an old link then
    // finds the journey moved on and changes nothing.
    let other = coached
        .contacted(seeker, OTHER_COMPANY, ten_days_ago())
        .await;
    let mut now = this_morning();
    for _ in 1..=2 {
        coach::run(ctx, now).await.unwrap();
        now += Duration::days(3);
    }
    let received = coached.smtp.to(&seeker.email);
    let first = answer_path(&received[2], "not_yet");
    let last = answer_path(&received[3], "not_yet");
    let (_, posted, page) = answer(&coached.app, &last).await;
    assert_eq!(posted, 200);
    assert!(
        page.contains("Nous arrêtons de vous poser la question"),
        "{page}"
    );
    assert_eq!(
        coached.entry(other.id).await.status.as_deref(),
        Some("no_answer")
    );
    let stale = &first;
    let stale = coached.app.server.post(stale).await;
    assert_eq!(stale.status_code(), 409);
    assert!(stale.text().contains("a déjà avancé"));
}

#[tokio::test]
async fn i_followed_up_logs_a_contact_and_starts_the_questions_again() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let seeker = &coached.world.seeker.user;
    let entry = coached
        .contacted(seeker, METZ_COMPANY, ten_days_ago())
        .await;
    coach::run(ctx, this_morning()).await.unwrap();
    let mail = coached.smtp.to(&seeker.email).pop().unwrap();
    let followed = answer_path(&mail, "followed_up");
    let (_, posted, page) = answer(&coached.app, &followed).await;
    assert_eq!(posted, 200);
    assert!(page.contains("Votre relance est notée"));

    let after = coached.entry(entry.id).await;
    assert_eq!(after.status.as_deref(), Some("contacted"));
    assert_eq!(
        after.coach_round, 0,
        "a new contact, a new series of questions"
    );
    assert_eq!(
        after.coach_due_at.map(|at| at.with_timezone(&Utc)),
        Some(ask_at(paris_day(Utc::now()), 7))
    );
    let logged: Vec<_> = contacts::Entity::find()
        .filter(contacts::Column::EntryId.eq(entry.id))
        .all(&ctx.db)
        .await
        .unwrap();
    assert_eq!(logged.len(), 2);
    assert_eq!(logged[1].method, "other");
    assert_eq!(logged[1].outcome, "no_answer_yet");
    assert_eq!(logged[1].contacted_on, paris_day(Utc::now()));
    assert_eq!(
        logged[1].note.as_deref(),
        Some(shortlist_entries::FOLLOW_UP_NOTE)
    );
}

#[tokio::test]
async fn bad_and_expired_links_answer_a_clear_page_and_change_nothing() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let seeker = &coached.world.seeker.user;
    let entry = coached
        .contacted(seeker, METZ_COMPANY, ten_days_ago())
        .await;
    coach::run(ctx, this_morning()).await.unwrap();
    let mail = coached.smtp.to(&seeker.email).pop().unwrap();
    let refused = answer_path(&mail, "refused");
    let path = refused;

    let unknown = coached
        .app
        .server
        .post("/coach/answers/not-a-token/refused")
        .await;
    assert_eq!(unknown.status_code(), 404);
    assert!(unknown.text().contains("n'existe pas"));
    let wrong_answer = coached
        .app
        .server
        .post(&path.replace("/refused", "/maybe"))
        .await;
    assert_eq!(wrong_answer.status_code(), 404);
    // A scanner that opens the link without running the page changes nothing.
    let opened = coached.app.server.get(&path).await;
    assert_eq!(opened.status_code(), 200);
    assert_eq!(opened.header("cache-control"), "no-store");
    assert_eq!(opened.header("referrer-policy"), "no-referrer");
    assert_eq!(
        coached.entry(entry.id).await.status.as_deref(),
        Some("contacted")
    );

    // Past 30 days the link has expired.
    relais::models::_entities::coach_links::Entity::update_many()
        .col_expr(
            relais::models::_entities::coach_links::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(DateTimeWithTimeZone::from(
                Utc::now() - Duration::minutes(1),
            )),
        )
        .exec(&ctx.db)
        .await
        .unwrap();
    let expired = coached.app.server.post(&path).await;
    assert_eq!(expired.status_code(), 410);
    assert!(expired.text().contains("expiré"));
    assert_eq!(
        coached.entry(entry.id).await.status.as_deref(),
        Some("contacted")
    );
}

#[tokio::test]
async fn with_the_smtp_server_down_messages_wait_and_go_out_once_on_the_next_run() {
    let coached = Coached::with_smtp(SmtpServer::down()).await;
    let ctx = coached.ctx();
    let seeker = &coached.world.seeker.user;
    coached
        .contacted(seeker, METZ_COMPANY, ten_days_ago())
        .await;
    coached
        .contacted(seeker, OTHER_COMPANY, ten_days_ago())
        .await;

    let now = this_morning();
    let report = coach::run(ctx, now).await.unwrap();
    assert_eq!(report.reminders, 2);
    assert_eq!(report.delivery.sent, 0);
    assert!(report.delivery.server_unreachable);
    let waiting = coached.outbox().await;
    assert!(
        waiting.iter().all(|message| message.state == "pending"),
        "{waiting:?}"
    );
    // The first was tried; the second too when it started before the first
    // failed. Each either counts its attempt and its error, or neither.
    assert!(waiting[0]
        .last_error
        .as_deref()
        .unwrap()
        .starts_with("SMTP: cannot reach 127.0.0.1:"));
    for message in &waiting {
        match message.attempts {
            1 => assert!(message.last_error.is_some(), "{message:?}"),
            0 => assert_eq!(message.last_error, None, "{message:?}"),
            other => panic!("{other} attempts: {message:?}"),
        }
    }

    // The server is back: the next run (after the retry delay) sends both, once.
    coached.smtp.listen();
    let report = coach::run(ctx, now + Duration::minutes(2)).await.unwrap();
    assert_eq!((report.reminders, report.delivery.sent), (0, 2));
    let report = coach::run(ctx, now + Duration::minutes(30)).await.unwrap();
    assert_eq!(report.delivery.sent, 0);
    assert_eq!(coached.smtp.to(&seeker.email).len(), 2);
    assert!(coached
        .outbox()
        .await
        .iter()
        .all(|message| message.state == "sent"));
}

#[tokio::test]
async fn messages_not_started_when_the_server_is_found_down_keep_their_attempts() {
    let coached = Coached::with_smtp(SmtpServer::down()).await;
    let ctx = coached.ctx();
    let now = this_morning();
    let count = CONNECTIONS + 4;
    for n in 0..count {
        queue_plain_email(ctx, n, now).await;
    }

    // At most one message per connection is under way when the first
    // refusal comes back; the others are not tried at all.
    let report = coach::deliver_due(ctx, now, None).await.unwrap();
    assert!(report.server_unreachable);
    assert_eq!(report.sent, 0);
    let waiting = coached.outbox().await;
    assert_eq!(waiting.len(), count);
    assert!(waiting.iter().all(|message| message.state == "pending"));
    let tried = waiting
        .iter()
        .filter(|message| message.attempts == 1)
        .count();
    let untried = waiting
        .iter()
        .filter(|message| message.attempts == 0 && message.last_error.is_none())
        .count();
    assert!((1..=CONNECTIONS).contains(&tried), "{tried} tried");
    assert_eq!(tried + untried, count);
    assert_eq!(report.to_retry, tried);

    // Back up: the untried go at once, the tried after their retry delay;
    // every message arrives once, to its own recipient.
    coached.smtp.listen();
    let report = coach::deliver_due(ctx, now, None).await.unwrap();
    assert_eq!(report.sent, untried);
    let report = coach::deliver_due(ctx, now + Duration::minutes(2), None)
        .await
        .unwrap();
    assert_eq!(report.sent, tried);
    let mut recipients: Vec<String> = coached
        .smtp
        .received()
        .into_iter()
        .flat_map(|message| message.to)
        .collect();
    recipients.sort();
    let mut expected: Vec<String> = (0..count)
        .map(|n| format!("personne{n}@metz.test"))
        .collect();
    expected.sort();
    assert_eq!(recipients, expected);
}

#[tokio::test]
async fn a_connection_the_server_closed_between_two_messages_is_replaced_not_reused() {
    use std::sync::atomic::Ordering;

    let server = ClosingSmtpServer::start();
    let postman = server.postman();
    for n in 0..3 {
        postman
            .send(&plain_envelope(n))
            .await
            .unwrap_or_else(|failure| panic!("message {n}: {failure}"));
        // The server has closed the session by now.
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(server.messages.load(Ordering::SeqCst), 3);
    assert_eq!(server.connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_server_that_accepts_and_never_greets_fails_the_message_within_the_timeout() {
    let started = std::time::Instant::now();
    let failure = postman_to(silent_smtp_server())
        .send(&plain_envelope(0))
        .await
        .unwrap_err();
    assert!(
        failure.message.ends_with("no greeting within the timeout"),
        "{failure}"
    );
    assert!(failure.unreachable && !failure.permanent);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[tokio::test]
async fn two_runs_at_once_send_each_message_once() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let (second, _) = seeker(
        ctx,
        &coached.world.org,
        "deux@metz.test",
        &coached.world.counsellor.user,
    )
    .await;
    for user in [&coached.world.seeker.user, &second] {
        coached.contacted(user, METZ_COMPANY, ten_days_ago()).await;
        coached.contacted(user, OTHER_COMPANY, ten_days_ago()).await;
    }
    let now = this_morning();
    let (a, b) = tokio::join!(coach::run(ctx, now), coach::run(ctx, now));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.reminders + b.reminders, 4, "{a:?} {b:?}");
    assert_eq!(a.delivery.sent + b.delivery.sent, 4, "{a:?} {b:?}");
    let (c, d) = tokio::join!(coach::run(ctx, now), coach::run(ctx, now));
    assert_eq!(c.unwrap().delivery.sent + d.unwrap().delivery.sent, 0);
    assert_eq!(coached.smtp.to(&coached.world.seeker.user.email).len(), 2);
    assert_eq!(coached.smtp.to("deux@metz.test").len(), 2);
    assert_eq!(coached.smtp.received().len(), 4);
}

#[tokio::test]
async fn a_message_interrupted_mid_send_is_not_resent_until_the_operator_retries_it() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let seeker = &coached.world.seeker.user;
    coached
        .contacted(seeker, METZ_COMPANY, ten_days_ago())
        .await;
    let now = this_morning();
    // Plan only (before 9:00 nothing is planned, so plan at 10:00 with the
    // SMTP server unreachable, then take the claim as a dying sender would).
    Postman::install(ctx, SmtpServer::down().postman());
    coach::run(ctx, now).await.unwrap();
    let (_, claimed) = outbox::Model::claim_due(&ctx.db, None, now + Duration::minutes(2), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1, "the sender claimed it, then died");
    Postman::install(ctx, coached.smtp.postman());

    let report = coach::run(ctx, now + Duration::minutes(5)).await.unwrap();
    assert_eq!(
        (report.interrupted, report.delivery.sent),
        (0, 0),
        "still within its sender's time"
    );
    let report = coach::run(ctx, now + Duration::minutes(20)).await.unwrap();
    assert_eq!(
        (report.interrupted, report.delivery.sent),
        (1, 0),
        "it may have gone out: not sent again"
    );
    assert!(coached.smtp.to(&seeker.email).is_empty());

    // Retrying every failed message leaves it alone: it may have gone out.
    let bulk = loco_rs::task::Vars::from_cli_args(vec![("retry".into(), "failed".into())]);
    Outbox.run(ctx, &bulk).await.unwrap();
    assert!(coached.smtp.to(&seeker.email).is_empty());
    assert_eq!(coached.outbox().await[0].state, "failed");

    // The operator sees it and retries it by its id.
    let platform = &coached.world.platform_admin;
    let listed = send(
        &coached.app.server,
        Method::GET,
        "/api/v1/outbox?state=failed",
        Some(platform),
        None,
    )
    .await;
    assert_eq!(listed.status_code(), 200);
    let listed: serde_json::Value = listed.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["kind"], "reminder");
    assert!(listed[0]["last_error"]
        .as_str()
        .unwrap()
        .contains("may have gone out"));
    assert!(
        listed[0].get("text_body").is_none(),
        "no body, no links in the list"
    );
    let bad = send(
        &coached.app.server,
        Method::GET,
        "/api/v1/outbox?state=lost",
        Some(platform),
        None,
    )
    .await;
    assert_eq!(bad.status_code(), 400);
    assert_eq!(bad.json::<serde_json::Value>()["field"], "state");
    let id = listed[0]["id"].as_i64().unwrap();
    let retried = send(
        &coached.app.server,
        Method::POST,
        &format!("/api/v1/outbox/{id}/retry"),
        Some(platform),
        None,
    )
    .await;
    assert_eq!(retried.status_code(), 200, "{}", retried.text());
    assert_eq!(retried.json::<serde_json::Value>()["state"], "sent");
    assert_eq!(coached.smtp.to(&seeker.email).len(), 1);
    let again = send(
        &coached.app.server,
        Method::POST,
        &format!("/api/v1/outbox/{id}/retry"),
        Some(platform),
        None,
    )
    .await;
    assert_eq!(again.status_code(), 409, "a sent message is not sent twice");
}

#[tokio::test]
async fn a_refused_recipient_fails_at_once_and_a_deferred_one_is_retried_until_the_last_attempt() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let now = this_morning();
    for n in 0..3 {
        queue_plain_email(ctx, n, now).await;
    }
    coached.smtp.refuse("personne0@metz.test", 550);
    coached.smtp.refuse("personne1@metz.test", 451);

    let first = coach::deliver_due(ctx, now, None).await.unwrap();
    assert_eq!((first.sent, first.to_retry, first.failed), (1, 1, 1));
    assert!(!first.server_unreachable);
    let by_to = |messages: Vec<outbox_messages::Model>, to: &str| {
        messages
            .into_iter()
            .find(|message| message.recipient == to)
            .unwrap()
    };
    let refused = by_to(coached.outbox().await, "personne0@metz.test");
    assert_eq!((refused.state.as_str(), refused.attempts), ("failed", 1));
    assert!(
        refused.last_error.as_deref().unwrap_or("").contains("550"),
        "{:?}",
        refused.last_error
    );
    let deferred = by_to(coached.outbox().await, "personne1@metz.test");
    assert_eq!((deferred.state.as_str(), deferred.attempts), ("pending", 1));
    assert_eq!(coached.smtp.to("personne2@metz.test").len(), 1);

    // Not before its next attempt is due, then once per attempt, backing
    // off, until the last one gives it up.
    let early = coach::deliver_due(ctx, now + Duration::seconds(30), None)
        .await
        .unwrap();
    assert_eq!(early.to_retry + early.failed + early.sent, 0);
    let mut at = now;
    let mut waits = Vec::new();
    loop {
        let deferred = by_to(coached.outbox().await, "personne1@metz.test");
        if deferred.state != "pending" {
            assert_eq!(
                (deferred.state.as_str(), deferred.attempts),
                ("failed", relais::domain::MAX_ATTEMPTS)
            );
            break;
        }
        let due: DateTime<Utc> = deferred.next_attempt_at.into();
        waits.push((due - at).num_minutes());
        at = due;
        coach::deliver_due(ctx, at, None).await.unwrap();
    }
    assert_eq!(waits, [1, 5, 30, 120, 720]);
    assert!(coached.smtp.to("personne0@metz.test").is_empty());
    assert!(coached.smtp.to("personne1@metz.test").is_empty());
    assert_eq!(coached.smtp.to("personne2@metz.test").len(), 1, "sent once");
}

#[tokio::test]
async fn pause_snooze_and_unsubscribe_hold_the_coach_back_and_resuming_lets_it_write() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let seeker = &coached.world.seeker;
    coached
        .contacted(&seeker.user, METZ_COMPANY, ten_days_ago())
        .await;
    let now = this_morning();
    coach::run(ctx, now).await.unwrap();
    let mail = coached.smtp.to(&seeker.user.email).pop().unwrap();
    let manage = header(&mail, "List-Unsubscribe").unwrap();
    let manage = manage
        .trim_matches(|c| c == '<' || c == '>')
        .trim_start_matches("http://localhost")
        .to_string();

    // A mail client's one-click unsubscribe (RFC 8058).
    let one_click = coached
        .app
        .server
        .post(&manage)
        .content_type("application/x-www-form-urlencoded")
        .bytes("List-Unsubscribe=One-Click".into())
        .await;
    assert_eq!(one_click.status_code(), 200);
    assert!(one_click
        .text()
        .contains("vous ne recevrez plus les e-mails du coach"));
    let me = send(
        &coached.app.server,
        Method::GET,
        "/api/v1/me/emails",
        Some(seeker),
        None,
    )
    .await;
    assert!(me.json::<serde_json::Value>()["unsubscribed_since"].is_string());

    // The next question falls due: held back, not lost.
    let next = now + Duration::days(8);
    let report = coach::run(ctx, next).await.unwrap();
    assert_eq!((report.reminders, report.held_back), (0, 1));

    // Bad settings name their field and change nothing.
    for (body, field) in [
        (json!({"snooze_days": 5}), "snooze_days"),
        (json!({"digest_frequency": "hourly"}), "digest_frequency"),
        (json!({"paused": "yes"}), "paused"),
        (json!({"volume": 11}), "volume"),
    ] {
        let refused = send(
            &coached.app.server,
            Method::PATCH,
            "/api/v1/me/emails",
            Some(seeker),
            Some(&body),
        )
        .await;
        assert_eq!(refused.status_code(), 400, "{body}");
        assert_eq!(
            refused.json::<serde_json::Value>()["field"],
            field,
            "{body}"
        );
    }
    let me = send(
        &coached.app.server,
        Method::GET,
        "/api/v1/me/emails",
        Some(seeker),
        None,
    )
    .await;
    assert!(me.json::<serde_json::Value>()["unsubscribed_since"].is_string());

    // Back on, then snoozed for 14 days from the page.
    let back = send(
        &coached.app.server,
        Method::PATCH,
        "/api/v1/me/emails",
        Some(seeker),
        Some(&json!({"subscribed": true})),
    )
    .await;
    assert_eq!(back.status_code(), 200);
    assert!(back.json::<serde_json::Value>()["unsubscribed_since"].is_null());
    let snoozed = coached
        .app
        .server
        .post(&manage)
        .form(&[("action", "snooze_14")])
        .await;
    assert_eq!(snoozed.status_code(), 200);
    assert!(snoozed.text().contains("pause de 14 jours"));
    let report = coach::run(ctx, next).await.unwrap();
    assert_eq!((report.reminders, report.held_back), (0, 1));
    let report = coach::run(ctx, now + Duration::days(15)).await.unwrap();
    assert_eq!(report.reminders, 1, "the snooze is over");

    // An org admin can switch reminders off for the whole organisation.
    let settings = send(
        &coached.app.server,
        Method::PUT,
        &format!("/api/v1/orgs/{}/settings", coached.world.org.pid),
        Some(&coached.world.admin),
        Some(
            &json!({"reminder_delay_days": 7, "follow_up_delay_days": 7, "reminder_max_rounds": 3,
                     "stalled_after_days": 21, "retention_months": 24, "coach_reminders": false}),
        ),
    )
    .await;
    assert_eq!(settings.status_code(), 200, "{}", settings.text());
    let report = coach::run(ctx, now + Duration::days(30)).await.unwrap();
    assert_eq!((report.reminders, report.held_back), (0, 1));
    let bad = coached
        .app
        .server
        .post(&manage)
        .form(&[("action", "louder")])
        .await;
    assert_eq!(bad.status_code(), 400);
}

#[tokio::test]
async fn counsellors_get_one_digest_per_period_and_seekers_who_contacted_nobody_a_weekly_nudge() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let counsellor = &coached.world.counsellor;
    // The seeker the counsellor follows gets an interview; another one
    // has been idle for 40 days.
    let entry = coached
        .contacted(&coached.world.seeker.user, METZ_COMPANY, ten_days_ago())
        .await;
    entry
        .move_to(
            &ctx.db,
            ApplicationStatus::Interview,
            coached.world.seeker.user.id,
        )
        .await
        .unwrap();
    let idle = coached.idle_for_40_days().await;

    let daily = send(
        &coached.app.server,
        Method::PATCH,
        "/api/v1/me/emails",
        Some(counsellor),
        Some(&json!({"digest_frequency": "daily"})),
    )
    .await;
    assert_eq!(daily.status_code(), 200);
    let now = this_morning();
    let report = coach::run(ctx, now).await.unwrap();
    assert_eq!(report.digests, 1);
    let digest = coached.smtp.to(&counsellor.user.email);
    assert_eq!(digest.len(), 1);
    let row = coached
        .outbox()
        .await
        .into_iter()
        .find(|m| m.kind == "digest")
        .unwrap();
    assert_eq!(
        row.subject,
        "Votre point du jour · 1 entretien · 1 sans activité"
    );
    assert!(digest[0].contains("Entretiens (1)"), "{}", digest[0]);
    assert!(
        digest[0].contains("jeune chez"),
        "the seeker and the company"
    );
    assert!(
        digest[0].contains("autre.jeune : 40 jours"),
        "{}",
        digest[0]
    );
    // Once a day, whatever the number of runs.
    let report = coach::run(ctx, now + Duration::hours(3)).await.unwrap();
    assert_eq!(report.digests, 0);
    // The other organisation's counsellor hears nothing of these seekers.
    assert!(coached
        .smtp
        .to(&coached.world.other_counsellor.user.email)
        .iter()
        .all(|m| !m.contains("autre.jeune")));

    // The idle seeker kept a company 8 days before and contacted none: one
    // nudge this week.
    let later = now + Duration::days(8);
    let report = coach::run(ctx, later).await.unwrap();
    assert_eq!(report.nudges, 1);
    let idle_user = users::Entity::find_by_id(idle.user_id)
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap();
    let nudge = coached.smtp.to(&idle_user.email);
    assert_eq!(nudge.len(), 1);
    assert!(nudge[0].contains("Commencez par une seule"));
    let report = coach::run(ctx, later + Duration::hours(2)).await.unwrap();
    assert_eq!(report.nudges, 0);

    // In English for a counsellor who chose it.
    let mut english = users::Entity::find_by_id(counsellor.user.id)
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    english.locale = Set("en".to_string());
    english.update(&ctx.db).await.unwrap();
    coach::run(ctx, later + Duration::days(1)).await.unwrap();
    let row = coached
        .outbox()
        .await
        .into_iter()
        .rfind(|m| m.kind == "digest")
        .unwrap();
    assert!(
        row.subject.starts_with("Your daily update"),
        "{}",
        row.subject
    );
}

#[tokio::test]
async fn a_weekly_digest_comes_once_a_week_and_pauses_and_switches_hold_digests_and_nudges_back() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let counsellor = &coached.world.counsellor;
    let idle = coached.idle_for_40_days().await;
    let server = &coached.app.server;
    let emails = |body: serde_json::Value| async move {
        send(
            server,
            Method::PATCH,
            "/api/v1/me/emails",
            Some(counsellor),
            Some(&body),
        )
        .await
    };
    let digests = || async {
        coached
            .outbox()
            .await
            .into_iter()
            .filter(|m| m.kind == "digest" && m.recipient == counsellor.user.email)
            .collect::<Vec<_>>()
    };

    assert_eq!(
        emails(json!({"digest_frequency": "weekly"}))
            .await
            .status_code(),
        200
    );
    let now = this_morning();
    coach::run(ctx, now).await.unwrap();
    let weekly = digests().await;
    assert_eq!(weekly.len(), 1);
    assert!(
        weekly[0].subject.starts_with("Votre point de la semaine"),
        "{}",
        weekly[0].subject
    );
    // The next day of the same week: nothing more.
    let next_day = now + Duration::days(1);
    if relais::domain::period_key(next_day, false) == relais::domain::period_key(now, false) {
        coach::run(ctx, next_day).await.unwrap();
        assert_eq!(digests().await.len(), 1);
    }
    // The next week: the next one (and the idle seeker, who kept a
    // company a week ago and contacted none, their nudge).
    let next_week = now + Duration::days(8);
    coach::run(ctx, next_week).await.unwrap();
    assert_eq!(digests().await.len(), 2);
    let idle_user = users::Entity::find_by_id(idle.user_id)
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap();
    let nudges = || async {
        coached
            .outbox()
            .await
            .into_iter()
            .filter(|m| m.kind == "nudge" && m.recipient == idle_user.email)
            .count()
    };
    let nudged = nudges().await;
    assert!(nudged >= 1, "the idle seeker is nudged each week");

    // Paused by the counsellor: held back.
    assert_eq!(emails(json!({"paused": true})).await.status_code(), 200);
    let report = coach::run(ctx, now + Duration::days(15)).await.unwrap();
    assert_eq!(digests().await.len(), 2);
    assert!(report.held_back >= 1, "{report:?}");
    assert_eq!(emails(json!({"paused": false})).await.status_code(), 200);

    // Switched off by the organisation: no digest, and no nudge either.
    coached
        .set_org(|org| {
            org.coach_digests = Set(false);
            org.coach_nudges = Set(false);
        })
        .await;
    let report = coach::run(ctx, now + Duration::days(22)).await.unwrap();
    assert_eq!(digests().await.len(), 2);
    assert_eq!(nudges().await, nudged + 1, "the week the counsellor paused");
    assert_eq!(report.nudges, 0);
    assert!(report.held_back >= 1, "{report:?}");

    // "Off" by the counsellor, with the organisation's switch back on.
    coached.set_org(|org| org.coach_digests = Set(true)).await;
    assert_eq!(
        emails(json!({"digest_frequency": "off"}))
            .await
            .status_code(),
        200
    );
    coach::run(ctx, now + Duration::days(29)).await.unwrap();
    assert_eq!(digests().await.len(), 2, "two weekly digests in all");
}

#[tokio::test]
async fn account_emails_go_through_the_outbox_and_keep_no_link_once_sent() {
    let coached = Coached::new().await;
    let forgot = coached
        .app
        .server
        .post("/api/v1/auth/password/forgot")
        .json(&json!({"email": coached.world.seeker.user.email}))
        .await;
    assert_eq!(forgot.status_code(), 202);
    let received = coached.smtp.to(&coached.world.seeker.user.email);
    assert_eq!(received.len(), 1);
    assert!(
        header(&received[0], "List-Unsubscribe").is_none(),
        "account emails cannot be unsubscribed"
    );
    let rows = coached.outbox().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].kind.as_str(), rows[0].state.as_str()),
        ("password_reset", "sent")
    );
    assert_eq!(rows[0].text_body, None);
}

#[tokio::test]
async fn a_sender_name_with_a_line_break_is_refused_and_absent_coach_switches_stay_as_they_were() {
    let coached = Coached::new().await;
    let path = format!("/api/v1/orgs/{}/settings", coached.world.org.pid);
    let admin = &coached.world.admin;
    let settings = |extra: serde_json::Value| {
        let mut body = json!({"reminder_delay_days": 7, "follow_up_delay_days": 7,
                              "reminder_max_rounds": 3, "stalled_after_days": 21, "retention_months": 24});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    for name in [
        "Mission locale\nde Metz",
        "Nom\r\nBcc: evil@example.org",
        "Mission\u{0}locale",
    ] {
        let refused = send(
            &coached.app.server,
            Method::PUT,
            &path,
            Some(admin),
            Some(&settings(json!({"sender_name": name}))),
        )
        .await;
        assert_eq!(refused.status_code(), 400, "{name:?}");
        assert_eq!(refused.json::<serde_json::Value>()["field"], "sender_name");
    }
    let off = json!({"coach_reminders": false, "coach_nudges": false, "coach_digests": false});
    let saved = send(
        &coached.app.server,
        Method::PUT,
        &path,
        Some(admin),
        Some(&settings(off)),
    )
    .await;
    assert_eq!(saved.status_code(), 200);
    let again = send(
        &coached.app.server,
        Method::PUT,
        &path,
        Some(admin),
        Some(&settings(json!({"sender_name": "ML Metz"}))),
    )
    .await;
    assert_eq!(again.status_code(), 200);
    let org = organisations::Entity::find_by_id(coached.world.org.id)
        .one(&coached.ctx().db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            org.coach_reminders,
            org.coach_nudges,
            org.coach_digests,
            org.sender_name.as_deref()
        ),
        (false, false, false, Some("ML Metz"))
    );

    // A name stored before the rule (control characters) cannot stop the
    // coach: it is cleaned in the From header, and other organisations'
    // seekers get their questions.
    coached
        .set_org(|org| {
            org.sender_name = Set(Some("Mission locale\nde Metz".to_string()));
            org.coach_reminders = Set(true);
        })
        .await;
    coached
        .contacted(&coached.world.seeker.user, METZ_COMPANY, ten_days_ago())
        .await;
    coached
        .contacted(
            &coached.world.other_seeker.user,
            METZ_COMPANY,
            ten_days_ago(),
        )
        .await;
    let report = coach::run(coached.ctx(), this_morning()).await.unwrap();
    assert_eq!(report.delivery.sent, 2);
    let mail = coached
        .smtp
        .to(&coached.world.seeker.user.email)
        .pop()
        .unwrap();
    assert_eq!(
        header(&mail, "From").unwrap(),
        "\"Mission locale de Metz\" <ne-pas-repondre@relais.localhost>"
    );
}

#[tokio::test]
async fn each_email_setting_changes_its_own_state_and_one_click_takes_a_multipart_body() {
    let coached = Coached::new().await;
    let seeker = &coached.world.seeker;
    let patch = |body: serde_json::Value| {
        let server = &coached.app.server;
        async move {
            let response = send(
                server,
                Method::PATCH,
                "/api/v1/me/emails",
                Some(seeker),
                Some(&body),
            )
            .await;
            assert_eq!(response.status_code(), 200, "{body}");
            response.json::<serde_json::Value>()
        }
    };
    let state = |me: &serde_json::Value| {
        (
            me["paused_since"].is_string(),
            me["snoozed_until"].is_string(),
            me["unsubscribed_since"].is_string(),
        )
    };
    assert_eq!(
        state(&patch(json!({"subscribed": false})).await),
        (false, false, true)
    );
    assert_eq!(
        state(&patch(json!({"paused": false})).await),
        (false, false, true),
        "unpausing does not resubscribe"
    );
    assert_eq!(
        state(&patch(json!({"paused": true, "subscribed": true})).await),
        (true, false, false)
    );
    assert_eq!(
        state(&patch(json!({"snooze_days": 7, "paused": false})).await),
        (false, true, false)
    );
    assert_eq!(
        state(&patch(json!({"snooze_days": 0})).await),
        (false, false, false)
    );
    assert_eq!(state(&patch(json!({})).await), (false, false, false));

    // A mail client's one-click unsubscribe, as multipart/form-data.
    coached
        .contacted(&seeker.user, METZ_COMPANY, ten_days_ago())
        .await;
    coach::run(coached.ctx(), this_morning()).await.unwrap();
    let mail = coached.smtp.to(&seeker.user.email).pop().unwrap();
    let manage = header(&mail, "List-Unsubscribe").unwrap();
    let manage = manage
        .trim_matches(|c| c == '<' || c == '>')
        .trim_start_matches("http://localhost")
        .to_string();
    let multipart = coached
        .app
        .server
        .post(&manage)
        .content_type("multipart/form-data; boundary=XyZ")
        .bytes(
            "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n"
                .into(),
        )
        .await;
    assert_eq!(multipart.status_code(), 200, "{}", multipart.text());
    let me = send(
        &coached.app.server,
        Method::GET,
        "/api/v1/me/emails",
        Some(seeker),
        None,
    )
    .await;
    assert_eq!(state(&me.json::<serde_json::Value>()), (false, false, true));
}

#[tokio::test]
async fn links_of_a_seeker_no_longer_followed_change_nothing() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let seeker = &coached.world.seeker.user;
    let entry = coached
        .contacted(seeker, METZ_COMPANY, ten_days_ago())
        .await;
    coach::run(ctx, this_morning()).await.unwrap();
    let mail = coached.smtp.to(&seeker.email).pop().unwrap();

    let row = coached.seeker_row(seeker).await;
    let mut gone = seeker_rows::Entity::find_by_id(row.id)
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    gone.deactivated_at = Set(Some(Utc::now().into()));
    gone.update(&ctx.db).await.unwrap();
    let refused = coached
        .app
        .server
        .post(&answer_path(&mail, "followed_up"))
        .await;
    assert_eq!(refused.status_code(), 410);
    assert!(refused.text().contains("plus actif"));
    let mut back = seeker_rows::Entity::find_by_id(row.id)
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    back.deactivated_at = Set(None);
    back.update(&ctx.db).await.unwrap();

    coached
        .set_org(|org| org.archived_at = Set(Some(Utc::now().into())))
        .await;
    let refused = coached
        .app
        .server
        .post(&answer_path(&mail, "interview"))
        .await;
    assert_eq!(refused.status_code(), 410);
    let after = coached.entry(entry.id).await;
    assert_eq!(after.status.as_deref(), Some("contacted"));
    let logged = contacts::Entity::find()
        .filter(contacts::Column::EntryId.eq(entry.id))
        .all(&ctx.db)
        .await
        .unwrap();
    assert_eq!(logged.len(), 1, "no follow-up logged");
}

#[tokio::test]
async fn the_question_counts_from_the_latest_contact_and_an_older_email_cannot_push_it_back() {
    let coached = Coached::new().await;
    let ctx = coached.ctx();
    let seeker = &coached.world.seeker.user;
    let yesterday = paris_day(Utc::now()) - Duration::days(1);
    let entry = coached.contacted(seeker, METZ_COMPANY, yesterday).await;
    let (entry, _) = entry
        .log_contact(
            &ctx.db,
            NewContact {
                method: ContactMethod::Visit,
                contacted_on: paris_day(Utc::now()) - Duration::days(20),
                note: Some("logged late".to_string()),
                outcome: ContactOutcome::NoAnswerYet,
            },
            seeker.id,
        )
        .await
        .unwrap();
    assert_eq!(
        entry.coach_due_at.map(|at| at.with_timezone(&Utc)),
        Some(ask_at(yesterday, 7)),
        "an older contact logged afterwards does not bring the question forward"
    );

    // Round 1, unanswered; round 2; then the round-1 "not yet" arrives.
    let now = ask_at(yesterday, 7) + Duration::hours(1);
    coach::run(ctx, now).await.unwrap();
    coach::run(ctx, now + Duration::days(7)).await.unwrap();
    let received = coached.smtp.to(&seeker.email);
    assert_eq!(received.len(), 2);
    assert!(
        received[0].contains(&format!("Le {}", yesterday.format("%d/%m/%Y"))),
        "the latest contact's date"
    );
    let before = coached.entry(entry.id).await;
    let old = answer_path(&received[0], "not_yet");
    let stale = coached.app.server.post(&old).await;
    assert_eq!(stale.status_code(), 409);
    assert_eq!(coached.entry(entry.id).await, before, "nothing moved");

    // With the organisation's reminders off, the coach does not mark the
    // company no_answer either.
    coached
        .set_org(|org| {
            org.reminder_max_rounds = Set(2);
            org.coach_reminders = Set(false);
        })
        .await;
    let report = coach::run(ctx, now + Duration::days(14)).await.unwrap();
    assert_eq!((report.gave_up, report.held_back), (0, 1));
    assert_eq!(
        coached.entry(entry.id).await.status.as_deref(),
        Some("contacted")
    );
}
