//! Accounts end to end: invitations, sign-in and its limits, password
//! reset and magic links, followed through the emails they send.

use axum::http::Method;
use loco_rs::prelude::*;
use relais::models::{audit_events, invitations, organisations, seekers, users};
use serde_json::{json, Value};

use crate::support::{
    people::{emails_to, link_tokens, send, sent_emails, signed_in, tokens_in, Persona, World},
    seeded_app, SeededApp,
};

const STRONG: &str = "Marelle-de-septembre-1987";

async fn world() -> (SeededApp, World) {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    (app, world)
}

fn org_path(world: &World, rest: &str) -> String {
    format!("/api/v1/orgs/{}{rest}", world.org.pid)
}

/// The session cookie a response set, as a persona that can make requests.
fn persona_from(response: &axum_test::TestResponse, user: users::Model) -> Persona {
    let cookie = response.cookie("relais_session");
    let body: Value = response.json();
    let csrf = body["csrf_token"]
        .as_str()
        .expect("a csrf token")
        .to_string();
    Persona {
        user,
        cookie: format!("relais_session={}", cookie.value()),
        csrf,
    }
}

async fn give_password(app: &SeededApp, user: &users::Model, password: &str) -> users::Model {
    user.clone()
        .into_active_model()
        .set_password(&app.ctx.db, password)
        .await
        .unwrap()
}

async fn org_actions(
    app: &SeededApp,
    org: &organisations::Model,
    persona: &Persona,
) -> Vec<String> {
    let path = format!("/api/v1/orgs/{}/audit?limit=200", org.pid);
    let log: Value = send(&app.server, Method::GET, &path, Some(persona), None)
        .await
        .json();
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["action"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn an_invited_counsellor_joins_from_the_emailed_link_and_the_link_then_stops_working() {
    let (app, world) = world().await;

    let invited = send(
        &app.server,
        Method::POST,
        &org_path(&world, "/invitations"),
        Some(&world.admin),
        Some(&json!({"email": "Nouvelle.Conseillere@Metz.test", "role": "counsellor"})),
    )
    .await;
    let token = link_tokens(&app.ctx, "nouvelle.conseillere@metz.test")
        .pop()
        .expect("a link");
    let preview = app
        .server
        .get(&format!("/api/v1/invitations/{token}"))
        .await;
    let accepted = app
        .server
        .post(&format!("/api/v1/invitations/{token}/accept"))
        .json(&json!({"name": "Nadia Conseillère", "password": STRONG}))
        .await;
    let reused = app
        .server
        .post(&format!("/api/v1/invitations/{token}/accept"))
        .json(&json!({"name": "Quelqu'un", "password": STRONG}))
        .await;

    assert_eq!(invited.status_code(), 201, "{}", invited.text());
    assert_eq!(
        invited.json::<Value>()["email"],
        "nouvelle.conseillere@metz.test"
    );
    assert_eq!(preview.status_code(), 200);
    assert_eq!(preview.json::<Value>()["role"], "counsellor");
    assert_eq!(
        preview.json::<Value>()["organisation"],
        "Mission locale de Metz"
    );
    assert_eq!(preview.json::<Value>()["account_exists"], false);
    assert_eq!(accepted.status_code(), 200, "{}", accepted.text());
    let cookie = accepted.cookie("relais_session");
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(cookie.secure(), Some(true));
    assert_eq!(
        cookie.same_site(),
        Some(axum_extra::extract::cookie::SameSite::Lax)
    );
    let user = users::Model::find_by_email(
        &app.ctx.db,
        &relais::domain::Email::parse("nouvelle.conseillere@metz.test").unwrap(),
    )
    .await
    .unwrap();
    let newcomer = persona_from(&accepted, user);
    let me: Value = send(
        &app.server,
        Method::GET,
        "/api/v1/auth/me",
        Some(&newcomer),
        None,
    )
    .await
    .json();
    assert_eq!(
        me["organisations"],
        json!([{"id": world.org.pid.to_string(), "name": "Mission locale de Metz", "role": "counsellor", "seeker_id": null}])
    );
    assert_eq!(reused.status_code(), 410);
    assert_eq!(reused.json::<Value>()["error"], "invitation_used");
    let actions = org_actions(&app, &world.org, &world.admin).await;
    assert!(
        actions.contains(&"invitation_sent".to_string())
            && actions.contains(&"invitation_accepted".to_string()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_seeker_joins_only_after_accepting_the_terms_and_consenting() {
    let (app, world) = world().await;

    send(
        &app.server,
        Method::POST,
        &org_path(&world, "/invitations"),
        Some(&world.counsellor),
        Some(&json!({"email": "lea@exemple.test", "role": "seeker"})),
    )
    .await;
    let token = link_tokens(&app.ctx, "lea@exemple.test").pop().unwrap();
    let accept = |body: Value| {
        app.server
            .post(&format!("/api/v1/invitations/{token}/accept"))
            .json(&body)
    };
    let no_terms = accept(json!({"name": "Léa", "consent": true})).await;
    let no_consent = accept(json!({"name": "Léa", "accept_terms": true})).await;
    let joined = accept(json!({"name": "Léa", "accept_terms": true, "consent": true})).await;

    assert_eq!(no_terms.status_code(), 400);
    assert_eq!(no_terms.json::<Value>()["field"], "accept_terms");
    assert_eq!(no_consent.status_code(), 400);
    assert_eq!(no_consent.json::<Value>()["field"], "consent");
    assert_eq!(joined.status_code(), 200, "{}", joined.text());
    let user = users::Model::find_by_email(
        &app.ctx.db,
        &relais::domain::Email::parse("lea@exemple.test").unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        user.password_hash, None,
        "a seeker may join without a password"
    );
    let seeker = seekers::Model::find_by_user(&app.ctx.db, user.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seeker.organisation_id, world.org.id);
    assert_eq!(seeker.referent_id, Some(world.counsellor.user.id));
    assert_eq!(seeker.terms_version, seekers::TERMS_VERSION);
    assert_eq!(seeker.consent_version, seekers::CONSENT_VERSION);
    let caseload: Value = send(
        &app.server,
        Method::GET,
        &org_path(&world, "/seekers"),
        Some(&world.counsellor),
        None,
    )
    .await
    .json();
    let emails: Vec<&str> = caseload["seekers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["user"]["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"lea@exemple.test"), "{emails:?}");
}

#[tokio::test]
async fn expired_and_revoked_invitations_are_refused_and_a_resent_link_replaces_the_old_one() {
    let (app, world) = world().await;
    let accept_body = json!({"name": "Invité", "accept_terms": true, "consent": true});

    let mut expired = world.invitation.clone().into_active_model();
    expired.expires_at = Set((chrono::Utc::now() - chrono::Duration::days(1)).into());
    expired.update(&app.ctx.db).await.unwrap();
    let preview_expired = app
        .server
        .get(&format!("/api/v1/invitations/{}", world.invitation_token))
        .await;
    let accept_expired = app
        .server
        .post(&format!(
            "/api/v1/invitations/{}/accept",
            world.invitation_token
        ))
        .json(&accept_body)
        .await;

    let resend_path = org_path(
        &world,
        &format!("/invitations/{}/resend", world.invitation.pid),
    );
    let resent = send(
        &app.server,
        Method::POST,
        &resend_path,
        Some(&world.counsellor),
        None,
    )
    .await;
    let new_token = link_tokens(&app.ctx, &world.invitation.email)
        .pop()
        .unwrap();
    let old_link = app
        .server
        .get(&format!("/api/v1/invitations/{}", world.invitation_token))
        .await;
    let revoked = send(
        &app.server,
        Method::DELETE,
        &org_path(&world, &format!("/invitations/{}", world.invitation.pid)),
        Some(&world.counsellor),
        None,
    )
    .await;
    let accept_revoked = app
        .server
        .post(&format!("/api/v1/invitations/{new_token}/accept"))
        .json(&accept_body)
        .await;

    assert_eq!(preview_expired.status_code(), 410);
    assert_eq!(
        preview_expired.json::<Value>()["error"],
        "invitation_expired"
    );
    assert_eq!(accept_expired.status_code(), 410);
    assert_eq!(resent.status_code(), 200, "{}", resent.text());
    assert_eq!(resent.json::<Value>()["state"], "pending");
    assert_eq!(resent.json::<Value>()["send_count"], 2);
    assert_ne!(new_token, world.invitation_token);
    assert_eq!(old_link.status_code(), 404);
    assert_eq!(revoked.json::<Value>()["state"], "revoked");
    assert_eq!(accept_revoked.status_code(), 410);
    assert_eq!(
        accept_revoked.json::<Value>()["error"],
        "invitation_revoked"
    );
    let stored = invitations::Model::find_in(&app.ctx.db, world.org.id, world.invitation.pid)
        .await
        .unwrap();
    assert!(stored.accepted_at.is_none());
}

#[tokio::test]
async fn accepting_while_signed_in_to_another_organisation_links_the_same_account() {
    let (app, world) = world().await;
    let email = world.other_counsellor.user.email.clone();

    send(
        &app.server,
        Method::POST,
        &org_path(&world, "/invitations"),
        Some(&world.admin),
        Some(&json!({"email": email, "role": "counsellor"})),
    )
    .await;
    let token = link_tokens(&app.ctx, &email).pop().unwrap();
    let anonymous = app
        .server
        .post(&format!("/api/v1/invitations/{token}/accept"))
        .json(&json!({"name": "X", "password": STRONG}))
        .await;
    let wrong_account = send(
        &app.server,
        Method::POST,
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&world.counsellor),
        Some(&json!({})),
    )
    .await;
    let accepted = send(
        &app.server,
        Method::POST,
        &format!("/api/v1/invitations/{token}/accept"),
        Some(&world.other_counsellor),
        Some(&json!({})),
    )
    .await;
    let me: Value = send(
        &app.server,
        Method::GET,
        "/api/v1/auth/me",
        Some(&world.other_counsellor),
        None,
    )
    .await
    .json();
    let members = send(
        &app.server,
        Method::GET,
        &org_path(&world, "/members"),
        Some(&world.other_counsellor),
        None,
    )
    .await;

    assert_eq!(anonymous.status_code(), 409);
    assert_eq!(anonymous.json::<Value>()["error"], "account_exists");
    assert_eq!(wrong_account.status_code(), 409);
    assert_eq!(
        wrong_account.json::<Value>()["error"],
        "invitation_for_another_account"
    );
    assert_eq!(accepted.status_code(), 200, "{}", accepted.text());
    assert_eq!(
        accepted.json::<Value>()["csrf_token"],
        Value::Null,
        "the existing session is kept"
    );
    let mut names: Vec<&str> = me["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["Mission locale de Metz", "Mission locale de Thionville"]
    );
    assert_eq!(members.status_code(), 200);
}

#[tokio::test]
async fn a_common_or_short_password_is_refused_naming_the_field() {
    let (app, world) = world().await;
    send(
        &app.server,
        Method::POST,
        &org_path(&world, "/invitations"),
        Some(&world.admin),
        Some(&json!({"email": "faible@metz.test", "role": "org_admin"})),
    )
    .await;
    let token = link_tokens(&app.ctx, "faible@metz.test").pop().unwrap();
    let accept = |password: &'static str| {
        app.server
            .post(&format!("/api/v1/invitations/{token}/accept"))
            .json(&json!({"name": "Faible", "password": password}))
    };

    let short = accept("Court1!").await;
    let common = accept("password1234").await;
    let missing = app
        .server
        .post(&format!("/api/v1/invitations/{token}/accept"))
        .json(&json!({"name": "Faible"}))
        .await;
    let fine = accept(STRONG).await;

    for refused in [&short, &common] {
        assert_eq!(refused.status_code(), 400, "{}", refused.text());
        assert_eq!(refused.json::<Value>()["field"], "password");
    }
    assert!(short.json::<Value>()["message"]
        .as_str()
        .unwrap()
        .contains("12 characters"));
    assert_eq!(missing.json::<Value>()["error"], "missing_parameter");
    assert_eq!(
        fine.status_code(),
        200,
        "the failed attempts did not use the link up: {}",
        fine.text()
    );
}

#[tokio::test]
async fn sign_in_is_limited_per_account_and_per_address() {
    let (app, world) = world().await;
    give_password(&app, &world.admin.user, STRONG).await;
    let sign_in = |email: String, password: &'static str| {
        app.server
            .post("/api/v1/auth/sign_in")
            .json(&json!({"email": email, "password": password}))
    };

    let first = sign_in(world.admin.user.email.clone(), STRONG).await;
    let mut failures = Vec::new();
    for _ in 0..5 {
        failures.push(
            sign_in(world.admin.user.email.clone(), "wrong-password-here")
                .await
                .status_code()
                .as_u16(),
        );
    }
    let locked = sign_in(world.admin.user.email.clone(), STRONG).await;
    for i in 0..15 {
        sign_in(format!("inconnu{i}@nulle-part.test"), "wrong-password-here").await;
    }
    let address_locked = sign_in(world.counsellor.user.email.clone(), "anything-at-all").await;

    assert_eq!(first.status_code(), 200, "{}", first.text());
    assert_eq!(
        first.json::<Value>()["user"]["email"],
        world.admin.user.email
    );
    assert_eq!(failures, [401; 5]);
    assert_eq!(locked.status_code(), 429, "{}", locked.text());
    assert_eq!(locked.json::<Value>()["error"], "too_many_attempts");
    assert_eq!(
        address_locked.status_code(),
        429,
        "20 failures from one address: {}",
        address_locked.text()
    );
    let actions = org_actions(&app, &world.other_org, &world.other_admin).await;
    assert!(
        !actions.contains(&"sign_in_failed".to_string()),
        "another organisation's log stays apart"
    );
    let mut own = org_actions(&app, &world.org, &world.admin).await;
    own.retain(|action| action.starts_with("sign"));
    assert_eq!(
        own.iter().filter(|a| *a == "sign_in_failed").count(),
        5,
        "{own:?}"
    );
    assert_eq!(
        own.iter().filter(|a| *a == "signed_in").count(),
        1,
        "{own:?}"
    );
}

#[tokio::test]
async fn a_password_reset_by_email_signs_out_other_sessions() {
    let (app, world) = world().await;
    give_password(&app, &world.counsellor.user, STRONG).await;
    let email = world.counsellor.user.email.clone();

    let unknown = app
        .server
        .post("/api/v1/auth/password/forgot")
        .json(&json!({"email": "personne@nulle-part.test"}))
        .await;
    let asked = app
        .server
        .post("/api/v1/auth/password/forgot")
        .json(&json!({"email": email}))
        .await;
    let token = link_tokens(&app.ctx, &email).pop().unwrap();
    let weak = app
        .server
        .post("/api/v1/auth/password/reset")
        .json(&json!({"token": token, "password": "azertyuiop"}))
        .await;
    let reset = app
        .server
        .post("/api/v1/auth/password/reset")
        .json(&json!({"token": token, "password": "Une-autre-phrase-de-passe"}))
        .await;
    let reused = app
        .server
        .post("/api/v1/auth/password/reset")
        .json(&json!({"token": token, "password": "Encore-une-autre-phrase"}))
        .await;
    let old_session = send(
        &app.server,
        Method::GET,
        "/api/v1/auth/me",
        Some(&world.counsellor),
        None,
    )
    .await;
    let old_password = app
        .server
        .post("/api/v1/auth/sign_in")
        .json(&json!({"email": email, "password": STRONG}))
        .await;
    let new_password = app
        .server
        .post("/api/v1/auth/sign_in")
        .json(&json!({"email": email, "password": "Une-autre-phrase-de-passe"}))
        .await;

    assert_eq!(unknown.status_code(), 202);
    assert_eq!(emails_to(&app.ctx, "personne@nulle-part.test"), 0);
    assert_eq!(asked.status_code(), 202);
    assert_eq!(
        asked.json::<Value>(),
        unknown.json::<Value>(),
        "the answer does not tell whether the account exists"
    );
    assert_eq!(weak.status_code(), 400);
    assert_eq!(weak.json::<Value>()["field"], "password");
    assert_eq!(reset.status_code(), 200, "{}", reset.text());
    assert_eq!(reused.status_code(), 410);
    assert_eq!(old_session.status_code(), 401);
    assert_eq!(old_password.status_code(), 401);
    assert_eq!(new_password.status_code(), 200);
}

#[tokio::test]
async fn a_seeker_signs_in_once_by_magic_link_and_staff_get_no_link() {
    let (app, world) = world().await;
    let seeker_email = world.seeker.user.email.clone();
    let staff_email = world.counsellor.user.email.clone();

    app.server
        .post("/api/v1/auth/magic_link")
        .json(&json!({"email": seeker_email}))
        .await;
    let staff = app
        .server
        .post("/api/v1/auth/magic_link")
        .json(&json!({"email": staff_email}))
        .await;
    let token = link_tokens(&app.ctx, &seeker_email).pop().unwrap();
    let signed = app
        .server
        .post("/api/v1/auth/magic_link/sign_in")
        .json(&json!({"token": token}))
        .await;
    let again = app
        .server
        .post("/api/v1/auth/magic_link/sign_in")
        .json(&json!({"token": token}))
        .await;

    assert_eq!(staff.status_code(), 202);
    assert_eq!(emails_to(&app.ctx, &staff_email), 0);
    assert_eq!(signed.status_code(), 200, "{}", signed.text());
    assert_eq!(signed.json::<Value>()["organisations"][0]["role"], "seeker");
    assert_eq!(again.status_code(), 410);
}

#[tokio::test]
async fn writes_without_the_session_csrf_token_are_refused() {
    let (app, world) = world().await;
    let settings = json!({"sender_name": null, "reminder_delay_days": 5, "follow_up_delay_days": 7,
                          "reminder_max_rounds": 3, "stalled_after_days": 30, "retention_months": 24});

    let without = app
        .server
        .put(&org_path(&world, "/settings"))
        .add_header("cookie", world.admin.cookie.as_str())
        .json(&settings)
        .await;
    let wrong = app
        .server
        .put(&org_path(&world, "/settings"))
        .add_header("cookie", world.admin.cookie.as_str())
        .add_header("x-csrf-token", world.counsellor.csrf.as_str())
        .json(&settings)
        .await;
    let with = send(
        &app.server,
        Method::PUT,
        &org_path(&world, "/settings"),
        Some(&world.admin),
        Some(&settings),
    )
    .await;
    let out_of_range = send(
        &app.server,
        Method::PUT,
        &org_path(&world, "/settings"),
        Some(&world.admin),
        Some(
            &json!({"sender_name": null, "reminder_delay_days": 0, "follow_up_delay_days": 7,
                     "reminder_max_rounds": 3, "stalled_after_days": 30, "retention_months": 24}),
        ),
    )
    .await;

    assert_eq!(without.status_code(), 403);
    assert_eq!(without.json::<Value>()["error"], "csrf_token_invalid");
    assert_eq!(wrong.status_code(), 403);
    assert_eq!(with.status_code(), 200, "{}", with.text());
    assert_eq!(with.json::<Value>()["settings"]["reminder_delay_days"], 5);
    assert_eq!(out_of_range.status_code(), 400);
    assert_eq!(out_of_range.json::<Value>()["field"], "reminder_delay_days");
}

#[tokio::test]
async fn a_role_change_or_deactivation_applies_on_the_next_request() {
    let (app, world) = world().await;
    give_password(&app, &world.counsellor.user, STRONG).await;
    let audit = org_path(&world, "/audit");
    let member = org_path(&world, &format!("/members/{}", world.counsellor.user.pid));

    let before = send(
        &app.server,
        Method::GET,
        &audit,
        Some(&world.counsellor),
        None,
    )
    .await;
    send(
        &app.server,
        Method::PATCH,
        &member,
        Some(&world.admin),
        Some(&json!({"role": "org_admin"})),
    )
    .await;
    let promoted = send(
        &app.server,
        Method::GET,
        &audit,
        Some(&world.counsellor),
        None,
    )
    .await;
    send(
        &app.server,
        Method::POST,
        &format!("{member}/deactivate"),
        Some(&world.admin),
        None,
    )
    .await;
    let deactivated = send(
        &app.server,
        Method::GET,
        &org_path(&world, ""),
        Some(&world.counsellor),
        None,
    )
    .await;
    let sign_in = app
        .server
        .post("/api/v1/auth/sign_in")
        .json(&json!({"email": world.counsellor.user.email, "password": STRONG}))
        .await;
    let members: Value = send(
        &app.server,
        Method::GET,
        &org_path(&world, "/members"),
        Some(&world.admin),
        None,
    )
    .await
    .json();

    assert_eq!(before.status_code(), 403);
    assert_eq!(promoted.status_code(), 200);
    assert_eq!(deactivated.status_code(), 404);
    assert_eq!(sign_in.status_code(), 401, "no active role left anywhere");
    let kept = members["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user"]["email"] == world.counsellor.user.email)
        .unwrap();
    assert_eq!(kept["active"], false, "the history is kept");
    let log = audit_events::Model::list(&app.ctx.db, Some(world.org.id), None, 100)
        .await
        .unwrap();
    let change = log
        .iter()
        .find(|event| event.action == "role_changed")
        .unwrap();
    assert_eq!(change.details, r#"{"from":"counsellor","to":"org_admin"}"#);
}

#[tokio::test]
async fn the_last_org_admin_stays() {
    let (app, world) = world().await;
    let admin = org_path(&world, &format!("/members/{}", world.admin.user.pid));

    let demoted = send(
        &app.server,
        Method::PATCH,
        &admin,
        Some(&world.admin),
        Some(&json!({"role": "counsellor"})),
    )
    .await;
    let deactivated = send(
        &app.server,
        Method::POST,
        &format!("{admin}/deactivate"),
        Some(&world.admin),
        None,
    )
    .await;

    assert_eq!(demoted.status_code(), 409);
    assert_eq!(demoted.json::<Value>()["error"], "last_org_admin");
    assert_eq!(deactivated.status_code(), 409);
}

#[tokio::test]
async fn a_seeker_is_transferred_to_another_counsellor_of_the_organisation_only() {
    let (app, world) = world().await;
    let path = org_path(
        &world,
        &format!("/seekers/{}/transfer", world.target_seeker.pid),
    );

    let outsider = send(
        &app.server,
        Method::POST,
        &path,
        Some(&world.admin),
        Some(&json!({"referent": world.other_counsellor.user.pid.to_string()})),
    )
    .await;
    let moved = send(
        &app.server,
        Method::POST,
        &path,
        Some(&world.admin),
        Some(&json!({"referent": world.target_member.pid.to_string()})),
    )
    .await;
    let new_caseload: Value = send(
        &app.server,
        Method::GET,
        &org_path(&world, "/seekers"),
        Some(&signed_in(&app.ctx, &world.target_member).await),
        None,
    )
    .await
    .json();

    assert_eq!(outsider.status_code(), 400);
    assert_eq!(outsider.json::<Value>()["field"], "referent");
    assert_eq!(moved.status_code(), 200, "{}", moved.text());
    assert_eq!(
        moved.json::<Value>()["referent"]["id"],
        world.target_member.pid.to_string()
    );
    assert_eq!(new_caseload["seekers"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_first_platform_admin_chooses_a_password_from_the_emailed_link() {
    let app = seeded_app().await;

    let admin =
        relais::tasks::platform_admin::create_platform_admin(&app.ctx, "Admin@Relais.test", None)
            .await
            .unwrap();
    let token = link_tokens(&app.ctx, "admin@relais.test").pop().unwrap();
    let no_password = app
        .server
        .post("/api/v1/auth/sign_in")
        .json(&json!({"email": "admin@relais.test", "password": STRONG}))
        .await;
    let chosen = app
        .server
        .post("/api/v1/auth/password/reset")
        .json(&json!({"token": token, "password": STRONG}))
        .await;
    let admin_persona = persona_from(&chosen, admin);
    let created = send(&app.server, Method::POST, "/api/v1/orgs", Some(&admin_persona),
        Some(&json!({"name": "Conseil départemental de la Moselle", "kind": "conseil_departemental", "departments": ["57"]}))).await;
    let bad_kind = send(
        &app.server,
        Method::POST,
        "/api/v1/orgs",
        Some(&admin_persona),
        Some(&json!({"name": "X Y", "kind": "company"})),
    )
    .await;

    assert_eq!(
        no_password.status_code(),
        401,
        "there is no default password"
    );
    assert_eq!(chosen.status_code(), 200, "{}", chosen.text());
    assert_eq!(chosen.json::<Value>()["is_platform_admin"], true);
    assert_eq!(created.status_code(), 201, "{}", created.text());
    assert_eq!(
        created.json::<Value>()["settings"]["reminder_delay_days"],
        7
    );
    assert_eq!(bad_kind.status_code(), 400);
    assert_eq!(bad_kind.json::<Value>()["field"], "kind");
}

#[tokio::test]
async fn emails_have_a_clean_subject_and_start_their_html_with_the_document() {
    let (app, world) = world().await;
    send(
        &app.server,
        Method::POST,
        &org_path(&world, "/invitations"),
        Some(&world.admin),
        Some(&json!({"email": "propre@metz.test", "role": "counsellor"})),
    )
    .await;

    let sent = sent_emails(&app.ctx);
    let message = sent
        .iter()
        .find(|m| m.contains("To: propre@metz.test"))
        .unwrap();
    // Unfold the headers (a long header continues on lines starting with a space).
    let unfolded = message.replace("\r\n ", " ").replace("\n ", " ");
    let subject = unfolded
        .lines()
        .find(|line| line.starts_with("Subject:"))
        .expect("a subject");

    assert_eq!(
        subject, "Subject: Invitation =?utf-8?b?w6A=?= rejoindre Mission locale de Metz sur Relais",
        "nothing after the text, no newline"
    );
    assert!(
        !message.contains(";<html") && !message.contains(";<!doctype"),
        "no stray ';' before the HTML"
    );
    assert!(message.contains("<!doctype html>"), "an HTML part");
    assert!(message.contains("Mission locale de Metz"));
}

#[tokio::test]
async fn names_in_emails_are_escaped_and_names_with_control_characters_refused() {
    let (app, world) = world().await;
    let mut renamed = world.counsellor.user.clone().into_active_model();
    renamed.name = Set("<a href=\"http://evil.test/\">Cliquez</a>".to_string());
    renamed.update(&app.ctx.db).await.unwrap();

    send(
        &app.server,
        Method::POST,
        &org_path(&world, "/invitations"),
        Some(&world.counsellor),
        Some(&json!({"email": "cible@metz.test", "role": "seeker"})),
    )
    .await;
    let token = link_tokens(&app.ctx, "cible@metz.test").pop().unwrap();
    let spoofed = app
        .server
        .post(&format!("/api/v1/invitations/{token}/accept"))
        .json(&json!({"name": "Evil\u{202e}lave", "accept_terms": true, "consent": true}))
        .await;

    let sent = sent_emails(&app.ctx);
    let message = sent
        .iter()
        .find(|m| m.contains("To: cible@metz.test"))
        .unwrap();
    let decoded = message.replace("=\r\n", "").replace("=3D", "=");
    // The text part shows the name as typed; the HTML part must escape it.
    let html = decoded
        .split("Content-Type: text/html")
        .nth(1)
        .expect("an HTML part");
    assert!(
        !html.contains("<a href=\"http://evil.test/\">"),
        "the name is not HTML"
    );
    assert!(html.contains("&lt;a href="), "the name is shown as text");
    assert_eq!(spoofed.status_code(), 400);
    assert_eq!(spoofed.json::<Value>()["field"], "name");
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let (app, world) = world().await;
    let second = org_path(&world, &format!("/members/{}", world.target_member.pid));
    let first = org_path(&world, &format!("/members/{}", world.admin.user.pid));
    send(
        &app.server,
        Method::PATCH,
        &second,
        Some(&world.admin),
        Some(&json!({"role": "org_admin"})),
    )
    .await;
    let demote = json!({"role": "counsellor"});

    let (a, b) = tokio::join!(
        send(
            &app.server,
            Method::PATCH,
            &first,
            Some(&world.admin),
            Some(&demote)
        ),
        send(
            &app.server,
            Method::PATCH,
            &second,
            Some(&world.admin),
            Some(&demote)
        ),
    );

    // One demotion goes through; the other is refused: 409 when it is
    // checked against the last admin, or 403 when the admin had already
    // demoted themself by the time their second request was authorised.
    let mut statuses = [a.status_code().as_u16(), b.status_code().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses[0], 200, "{statuses:?}");
    assert!(matches!(statuses[1], 403 | 409), "{statuses:?}");
    let members: Value = send(
        &app.server,
        Method::GET,
        &org_path(&world, "/members"),
        Some(&world.platform_admin),
        None,
    )
    .await
    .json();
    let admins = members["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "org_admin" && m["active"] == true)
        .count();
    assert_eq!(admins, 1);
}

#[tokio::test]
async fn an_archived_organisation_takes_no_one_in() {
    let (app, world) = world().await;
    give_password(&app, &world.counsellor.user, STRONG).await;

    let archived = send(
        &app.server,
        Method::POST,
        &org_path(&world, "/archive"),
        Some(&world.platform_admin),
        None,
    )
    .await;
    let preview = app
        .server
        .get(&format!("/api/v1/invitations/{}", world.invitation_token))
        .await;
    let sign_in = app
        .server
        .post("/api/v1/auth/sign_in")
        .json(&json!({"email": world.counsellor.user.email, "password": STRONG}))
        .await;
    let invite = send(
        &app.server,
        Method::POST,
        &org_path(&world, "/invitations"),
        Some(&world.platform_admin),
        Some(&json!({"email": "tard@metz.test", "role": "seeker"})),
    )
    .await;

    assert_eq!(archived.status_code(), 200);
    assert_eq!(preview.status_code(), 410);
    assert_eq!(preview.json::<Value>()["error"], "organisation_archived");
    assert_eq!(
        sign_in.status_code(),
        401,
        "no organisation left to work in"
    );
    assert_eq!(invite.status_code(), 410);
}

#[tokio::test]
async fn staff_who_are_also_seekers_get_no_magic_link_and_reset_links_die_together() {
    let (app, world) = world().await;
    relais::models::seekers::Model::create(
        &app.ctx.db,
        world.other_org.id,
        world.target_member.id,
        None,
    )
    .await
    .unwrap();
    give_password(&app, &world.admin.user, STRONG).await;
    let admin = world.admin.user.email.clone();

    app.server
        .post("/api/v1/auth/magic_link")
        .json(&json!({"email": world.target_member.email}))
        .await;
    app.server
        .post("/api/v1/auth/password/forgot")
        .json(&json!({"email": admin}))
        .await;
    app.server
        .post("/api/v1/auth/password/forgot")
        .json(&json!({"email": admin}))
        .await;
    let links = link_tokens_all(&app, &admin);
    for _ in 0..3 {
        app.server
            .post("/api/v1/auth/password/forgot")
            .json(&json!({"email": admin}))
            .await;
    }
    let first = app
        .server
        .post("/api/v1/auth/password/reset")
        .json(&json!({"token": links[0], "password": "Une-autre-phrase-de-passe"}))
        .await;
    let second = app
        .server
        .post("/api/v1/auth/password/reset")
        .json(&json!({"token": links[1], "password": "Encore-une-autre-phrase"}))
        .await;

    assert_eq!(emails_to(&app.ctx, &world.target_member.email), 0);
    assert_eq!(links.len(), 2);
    assert_eq!(emails_to(&app.ctx, &admin), 3, "at most 3 links an hour");
    assert_eq!(first.status_code(), 200);
    assert_eq!(second.status_code(), 410, "the other links stop working");
}

/// The link tokens of every email to `to`, oldest first.
fn link_tokens_all(app: &SeededApp, to: &str) -> Vec<String> {
    sent_emails(&app.ctx)
        .iter()
        .filter(|message| message.contains(&format!("To: {to}")))
        .filter_map(|message| tokens_in(message).into_iter().next())
        .collect()
}
