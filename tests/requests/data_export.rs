//! "Download my data": a seeker's whole record in one organisation as a
//! JSON file, with the values checked, the audit entry, and nothing of
//! another organisation or another seeker reachable.

use axum::http::Method;
use chrono::Utc;
use loco_rs::prelude::*;
use relais::{
    domain::MessageKind,
    mailers::postman::Envelope,
    models::{
        audit_events,
        outbox::{self, NewMessage},
        seekers,
    },
};
use serde_json::{json, Value};

use crate::support::{
    people::{send, Persona, World},
    seeded_app, SeededApp,
};

const REMINDER_BODY: &str = "Bonjour, l'entreprise vous a-t-elle répondu ?";

struct Fixture {
    app: SeededApp,
    world: World,
    seeker: seekers::Model,
    kept: String,
    dismissed: String,
}

impl Fixture {
    fn path(&self, seeker: &seekers::Model, rest: &str) -> String {
        format!(
            "/api/v1/orgs/{}/seekers/{}{rest}",
            self.world.org.pid, seeker.pid
        )
    }

    async fn call(&self, method: Method, rest: &str, who: &Persona, body: Value) -> Value {
        let response = send(
            &self.app.server,
            method,
            &self.path(&self.seeker, rest),
            Some(who),
            (!body.is_null()).then_some(&body),
        )
        .await;
        let status = response.status_code().as_u16();
        let text = response.text();
        assert!(status < 300, "{rest}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    async fn export(&self, who: &Persona) -> axum_test::TestResponse {
        send(
            &self.app.server,
            Method::GET,
            &self.path(&self.seeker, "/export"),
            Some(who),
            None,
        )
        .await
    }

    async fn exports_recorded(&self) -> Vec<audit_events::Model> {
        audit_events::Entity::find()
            .filter(audit_events::Column::Action.eq("seeker_data_exported"))
            .all(&self.app.ctx.db)
            .await
            .unwrap()
    }
}

fn email(n: &str, to: &str) -> Envelope {
    Envelope {
        from: "Mission locale de Metz <ne-pas-repondre@relais.localhost>".to_string(),
        to: to.to_string(),
        subject: format!("Avez-vous eu une réponse ? ({n})"),
        text: REMINDER_BODY.to_string(),
        html: format!("<p>{REMINDER_BODY}</p>"),
        unsubscribe_url: None,
    }
}

/// A seeker with a profile, a kept company contacted once, a dismissed
/// one, a private and a shared note, paused emails, and a reminder from
/// their organisation (plus emails of other organisations and of no
/// organisation, which are not the organisation's to give).
async fn fixture() -> Fixture {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    let seeker = seekers::Model::find_by_user(&app.ctx.db, world.seeker.user.id)
        .await
        .unwrap()
        .unwrap();
    let mut f = Fixture {
        app,
        world,
        seeker,
        kept: String::new(),
        dismissed: String::new(),
    };
    let me = f.world.seeker.clone();
    let counsellor = f.world.counsellor.clone();

    f.call(
        Method::PUT,
        "/profile",
        &me,
        json!({"target_jobs": ["K2204"], "commune": "57463", "max_distance_km": 10,
               "skills": ["Permis B"], "aspirations": "Travailler le matin"}),
    )
    .await;
    let shortlist = f.call(Method::GET, "/shortlist", &me, Value::Null).await;
    let sirets: Vec<String> = shortlist["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|card| card["siret"].as_str().unwrap().to_string())
        .collect();
    assert!(sirets.len() >= 3, "{shortlist}");
    f.kept = sirets[0].clone();
    f.dismissed = sirets[1].clone();
    let kept = f.kept.clone();
    let dismissed = f.dismissed.clone();
    f.call(
        Method::POST,
        &format!("/shortlist/{kept}/keep"),
        &me,
        Value::Null,
    )
    .await;
    f.call(
        Method::POST,
        &format!("/applications/{kept}/contacts"),
        &me,
        json!({"method": "phone", "note": "Rappeler jeudi"}),
    )
    .await;
    f.call(
        Method::POST,
        &format!("/shortlist/{dismissed}/dismiss"),
        &me,
        json!({"reason": "trop loin"}),
    )
    .await;
    f.call(
        Method::POST,
        "/notes",
        &counsellor,
        json!({"body": "Fragile, à rappeler souvent", "visibility": "private"}),
    )
    .await;
    f.call(
        Method::POST,
        "/notes",
        &counsellor,
        json!({"body": "Bravo pour l'appel !", "visibility": "shared"}),
    )
    .await;
    let response = send(
        &f.app.server,
        Method::PATCH,
        "/api/v1/me/emails",
        Some(&me),
        Some(&json!({"paused": true})),
    )
    .await;
    assert_eq!(response.status_code().as_u16(), 200, "{}", response.text());

    let to = me.user.email.clone();
    for (n, organisation_id) in [
        ("ici", Some(f.world.org.id)),
        ("ailleurs", Some(f.world.other_org.id)),
        ("compte", None),
    ] {
        outbox::Model::enqueue(
            &f.app.ctx.db,
            NewMessage {
                kind: MessageKind::Reminder,
                dedup_key: format!("test:{n}"),
                organisation_id,
                user_id: Some(me.user.id),
                envelope: email(n, &to),
            },
            Utc::now(),
        )
        .await
        .unwrap();
    }
    f
}

fn note_bodies(document: &Value) -> Vec<&str> {
    document["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|note| note["body"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_seeker_downloads_their_whole_record_without_the_private_notes() {
    let f = fixture().await;

    let response = f.export(&f.world.seeker).await;
    assert_eq!(response.status_code().as_u16(), 200, "{}", response.text());
    let today = Utc::now().date_naive();
    assert_eq!(
        response.header("content-disposition").to_str().unwrap(),
        format!("attachment; filename=\"relais-mes-donnees-{today}.json\"")
    );
    assert_eq!(
        response.header("content-type").to_str().unwrap(),
        "application/json; charset=utf-8"
    );
    assert_eq!(
        response.header("cache-control").to_str().unwrap(),
        "no-store"
    );
    let text = response.text();
    let document: Value = serde_json::from_str(&text).unwrap();

    assert_eq!(document["organisation"]["id"], f.world.org.pid.to_string());
    assert_eq!(document["organisation"]["name"], "Mission locale de Metz");
    let account = &document["account"];
    assert_eq!(account["id"], f.seeker.pid.to_string());
    assert_eq!(account["email"], "jeune@metz.test");
    assert_eq!(account["name"], "jeune");
    assert_eq!(account["language"], "fr");
    assert_eq!(account["joined_at"], f.seeker.created_at.to_rfc3339());
    assert_eq!(account["referent"]["email"], "conseil@metz.test");
    assert_eq!(account["consents"]["terms"]["version"], "2026-12");
    assert_eq!(
        account["consents"]["terms"]["accepted_at"],
        f.seeker.terms_accepted_at.to_rfc3339()
    );
    assert_eq!(
        account["consents"]["progress_sharing"]["version"],
        "2026-12"
    );

    assert_eq!(document["profile"]["target_jobs"][0]["rome"], "K2204");
    assert_eq!(document["profile"]["place"]["commune"], "57463");
    assert_eq!(document["profile"]["skills"], json!(["Permis B"]));
    assert_eq!(document["profile"]["aspirations"], "Travailler le matin");

    // The shortlist holds what is still proposed: neither the kept company
    // nor the dismissed one.
    let proposed: Vec<&str> = document["shortlist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|card| card["siret"].as_str().unwrap())
        .collect();
    assert!(!proposed.is_empty());
    assert!(!proposed.contains(&f.kept.as_str()));
    assert!(!proposed.contains(&f.dismissed.as_str()));

    let applications = document["applications"].as_array().unwrap();
    assert_eq!(applications.len(), 1);
    assert_eq!(applications[0]["siret"], f.kept.as_str());
    assert_eq!(applications[0]["status"], "contacted");
    let history: Vec<&str> = applications[0]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| change["to"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["to_contact", "contacted"]);
    assert_eq!(applications[0]["contacts"][0]["method"], "phone");
    assert_eq!(applications[0]["contacts"][0]["note"], "Rappeler jeudi");
    assert_eq!(document["dismissed"][0]["siret"], f.dismissed.as_str());
    assert_eq!(document["dismissed"][0]["reason"], "trop loin");

    assert_eq!(document["notes_included"], "shared");
    assert_eq!(note_bodies(&document), ["Bravo pour l'appel !"]);
    assert!(!text.contains("Fragile"), "a private note leaked");

    assert!(document["email_preferences"]["paused_since"].is_string());
    assert_eq!(document["email_preferences"]["digest_frequency"], "weekly");

    // Only this organisation's email, without its body.
    let messages = document["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["kind"], "reminder");
    assert_eq!(messages[0]["subject"], "Avez-vous eu une réponse ? (ici)");
    assert_eq!(messages[0]["state"], "pending");
    assert_eq!(messages[0]["sent_at"], Value::Null);
    assert!(!text.contains(REMINDER_BODY), "an email body was exported");

    let audit = f.exports_recorded().await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].organisation_id, Some(f.world.org.id));
    assert_eq!(audit[0].actor_id, Some(f.world.seeker.user.id));
    assert_eq!(
        audit[0].subject.as_deref(),
        Some(f.seeker.pid.to_string().as_str())
    );
    let details: Value = serde_json::from_str(&audit[0].details).unwrap();
    assert_eq!(
        details,
        json!({"notes_included": "shared", "applications": 1, "notes": 1, "messages": 1})
    );
}

#[tokio::test]
async fn staff_download_the_private_notes_too_marked_private() {
    let f = fixture().await;

    let response = f.export(&f.world.counsellor).await;
    assert_eq!(response.status_code().as_u16(), 200, "{}", response.text());
    let document: Value = response.json();
    assert_eq!(document["notes_included"], "all");
    assert_eq!(
        note_bodies(&document),
        ["Bravo pour l'appel !", "Fragile, à rappeler souvent"]
    );
    assert_eq!(document["notes"][1]["visibility"], "private");
    assert_eq!(document["notes"][1]["author"]["email"], "conseil@metz.test");
    assert_eq!(document["account"]["email"], "jeune@metz.test");

    let audit = f.exports_recorded().await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor_id, Some(f.world.counsellor.user.id));
    let details: Value = serde_json::from_str(&audit[0].details).unwrap();
    assert_eq!(details["notes_included"], "all");
    assert_eq!(details["notes"], 2);
}

#[tokio::test]
async fn no_one_outside_the_record_downloads_it_and_nothing_is_audited() {
    let f = fixture().await;
    let server = &f.app.server;
    let world = &f.world;
    let other_org_path = format!(
        "/api/v1/orgs/{}/seekers/{}/export",
        world.other_org.pid, f.seeker.pid
    );
    let cases = [
        // Another organisation's staff and seeker, on this organisation.
        (f.path(&f.seeker, "/export"), Some(&world.other_admin), 404),
        (
            f.path(&f.seeker, "/export"),
            Some(&world.other_counsellor),
            404,
        ),
        (f.path(&f.seeker, "/export"), Some(&world.other_seeker), 404),
        // This seeker named under another organisation, by its own staff.
        (other_org_path.clone(), Some(&world.other_admin), 404),
        (other_org_path, Some(&world.other_counsellor), 404),
        // Another seeker of the same organisation.
        (
            f.path(&world.target_seeker, "/export"),
            Some(&world.seeker),
            404,
        ),
        // Not a seeker id at all.
        (
            format!("/api/v1/orgs/{}/seekers/moi/export", world.org.pid),
            Some(&world.counsellor),
            404,
        ),
        (f.path(&f.seeker, "/export"), None, 401),
    ];
    for (path, who, expected) in cases {
        let response = send(server, Method::GET, &path, who, None).await;
        let who = who.map_or("anonymous", |persona| persona.user.email.as_str());
        assert_eq!(
            response.status_code().as_u16(),
            expected,
            "{path} as {who}: {}",
            response.text()
        );
        assert!(
            !response.text().contains("jeune@metz.test"),
            "{path} as {who} revealed the seeker"
        );
    }
    assert!(f.exports_recorded().await.is_empty());
}
