//! A seeker's journey on the Moselle data: profile, shortlist, kept
//! companies, contacts and their outcomes, notes; and every bad input
//! refused with the field named and nothing stored changed.

use std::collections::BTreeSet;

use axum::http::Method;
use loco_rs::prelude::*;
use relais::models::{
    _entities::{contacts, offers, shortlist_entries, status_changes},
    seeker_profiles, seekers,
};
use serde_json::{json, Value};

use crate::support::{
    people::{seeker, send, signed_in, Persona, World, METZ_COMPANY},
    seeded_app, SeededApp,
};

struct Journey {
    app: SeededApp,
    world: World,
    seeker: seekers::Model,
}

impl Journey {
    async fn new() -> Self {
        let app = seeded_app().await;
        let world = World::build(&app.ctx).await;
        let seeker = seekers::Model::find_by_user(&app.ctx.db, world.seeker.user.id)
            .await
            .unwrap()
            .unwrap();
        Self { app, world, seeker }
    }

    fn path(&self, rest: &str) -> String {
        format!(
            "/api/v1/orgs/{}/seekers/{}{rest}",
            self.world.org.pid, self.seeker.pid
        )
    }

    async fn call(
        &self,
        method: Method,
        rest: &str,
        who: &Persona,
        body: Option<Value>,
    ) -> (u16, Value) {
        let response = send(
            &self.app.server,
            method,
            &self.path(rest),
            Some(who),
            body.as_ref(),
        )
        .await;
        let status = response.status_code().as_u16();
        let text = response.text();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn shortlist(&self, who: &Persona, query: &str) -> Value {
        let (status, body) = self
            .call(Method::GET, &format!("/shortlist{query}"), who, None)
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }
}

fn sirets(shortlist: &Value) -> Vec<String> {
    shortlist["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|card| card["siret"].as_str().unwrap().to_string())
        .collect()
}

fn cleaning_and_kitchen() -> Value {
    json!({
        "target_jobs": ["K2204", "G1602"],
        "commune": "57463",
        "max_distance_km": 10,
        "mobility": "public_transport",
        "skills": ["Permis B", "Travail en équipe"],
        "aspirations": "Travailler le matin",
        "available_from": "2027-01-04"
    })
}

#[tokio::test]
async fn a_seeker_walks_from_profile_to_hire_and_the_counsellor_sees_it_all() {
    let journey = Journey::new().await;
    let me = &journey.world.seeker;

    let (status, profile) = journey
        .call(Method::PUT, "/profile", me, Some(cleaning_and_kitchen()))
        .await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["place"]["name"], "METZ");
    assert_eq!(profile["reach_km"], 10.0);
    assert_eq!(profile["target_jobs"][0]["rome"], "K2204");
    assert_eq!(profile["target_jobs"][1]["rome"], "G1602");
    assert_eq!(profile["skills"], json!(["Permis B", "Travail en équipe"]));
    assert_eq!(profile["available_from"], "2027-01-04");

    // The shortlist holds, for each job, the best companies of the public
    // search within the same distance, each company once.
    let shortlist = journey.shortlist(me, "").await;
    let cards = shortlist["cards"].as_array().unwrap();
    let listed: BTreeSet<String> = sirets(&shortlist).into_iter().collect();
    assert_eq!(listed.len(), cards.len(), "a company appears twice");
    for rome in ["K2204", "G1602"] {
        let search = journey
            .app
            .server
            .get(&format!(
                "/api/v1/companies?rome={rome}&commune=57463&distance_km=10&limit=20"
            ))
            .await
            .json::<Value>();
        let best: Vec<&str> = search["companies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|company| company["siret"].as_str().unwrap())
            .collect();
        assert_eq!(best.len(), 20);
        for siret in best {
            let card = cards.iter().find(|card| card["siret"] == siret);
            let card = card.unwrap_or_else(|| panic!("{siret} of {rome} missing"));
            assert!(card["jobs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|job| job["rome"] == rome));
        }
    }
    for card in cards {
        assert!(card["distance_km"].as_f64().unwrap() <= 10.0);
        assert_eq!(card["is_new"], false, "a first shortlist has nothing new");
        let job = &card["jobs"][0];
        assert!(["high", "medium", "low"].contains(&job["band"].as_str().unwrap()));
        assert!(job["label"].as_str().unwrap().len() > 3);
    }
    // A company's open offers show on its card; ended ones do not.
    let with_offers = cards[0]["siret"].as_str().unwrap().to_string();
    let today = chrono::Utc::now().date_naive();
    for (id, published, ends) in [("OF-1", -3, 30), ("OF-2", -60, -1), ("OF-3", -10, 5)] {
        offers::ActiveModel {
            source_id: Set(id.to_string()),
            title: Set(format!("Agent d'entretien {id}")),
            rome_code: Set("K2204".to_string()),
            siret: Set(with_offers.clone()),
            contract_type: Set("CDD".to_string()),
            place: Set("Metz (57)".to_string()),
            published_on: Set(today + chrono::Duration::days(published)),
            ends_on: Set(today + chrono::Duration::days(ends)),
            url: Set(None),
            content_hash: Set(0),
            created_at: Set(chrono::Utc::now().into()),
            updated_at: Set(chrono::Utc::now().into()),
            ..Default::default()
        }
        .insert(&journey.app.ctx.db)
        .await
        .unwrap();
    }
    let shortlist = journey.shortlist(me, "").await;
    let cards = shortlist["cards"].as_array().unwrap();
    let card = cards
        .iter()
        .find(|card| card["siret"] == with_offers.as_str())
        .unwrap();
    let shown: Vec<&str> = card["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|offer| offer["id"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["OF-1", "OF-3"], "open offers, newest first");
    assert!(cards
        .iter()
        .filter(|card| card["siret"] != with_offers.as_str())
        .all(|card| card["offers"] == json!([])));

    // The spread order is the same at every visit; distance order sorts.
    assert_eq!(sirets(&journey.shortlist(me, "").await), sirets(&shortlist));
    let by_distance = journey.shortlist(me, "?sort=distance").await;
    let distances: Vec<f64> = by_distance["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|card| card["distance_km"].as_f64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|pair| pair[0] <= pair[1]));

    // Keep three, dismiss one: none of them is proposed again.
    let picked: Vec<String> = sirets(&shortlist).into_iter().take(4).collect();
    for siret in &picked[..3] {
        let (status, kept) = journey
            .call(Method::POST, &format!("/shortlist/{siret}/keep"), me, None)
            .await;
        assert_eq!(status, 200, "{kept}");
        assert_eq!(kept["status"], "to_contact");
        assert_eq!(kept["next_statuses"], json!(["contacted"]));
    }
    let (status, dismissed) = journey
        .call(
            Method::POST,
            &format!("/shortlist/{}/dismiss", picked[3]),
            me,
            Some(json!({"reason": "Trop loin du bus"})),
        )
        .await;
    assert_eq!(status, 200, "{dismissed}");
    assert_eq!(dismissed["reason"], "Trop loin du bus");
    let after = sirets(&journey.shortlist(me, "").await);
    assert_eq!(after.len(), cards.len() - 4);
    assert!(picked.iter().all(|siret| !after.contains(siret)));

    // Contacts and their outcomes move each company on.
    let (a, b, c) = (&picked[0], &picked[1], &picked[2]);
    let days_ago = |days: i64| (today - chrono::Duration::days(days)).to_string();
    let steps = [
        (a, "phone", days_ago(20), "no_answer_yet", "contacted"),
        (a, "visit", days_ago(12), "interview", "interview"),
        (a, "email", days_ago(2), "hired", "hired"),
        (b, "email", days_ago(15), "refused", "declined"),
        (c, "visit", days_ago(5), "positive_answer", "contacted"),
    ];
    for (siret, method, date, outcome, status_after) in &steps {
        let (status, application) = journey
            .call(
                Method::POST,
                &format!("/applications/{siret}/contacts"),
                me,
                Some(json!({"method": method, "date": date, "outcome": outcome, "note": "CV déposé"})),
            )
            .await;
        assert_eq!(status, 201, "{application}");
        assert_eq!(application["status"], *status_after);
    }
    // A hire is final.
    let (status, refused) = journey
        .call(
            Method::POST,
            &format!("/applications/{a}/contacts"),
            me,
            Some(json!({"method": "phone"})),
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    let (status, refused) = journey
        .call(
            Method::POST,
            &format!("/applications/{c}/status"),
            me,
            Some(json!({"status": "to_contact"})),
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("from contacted"));

    let (status, applications) = journey.call(Method::GET, "/applications", me, None).await;
    assert_eq!(status, 200);
    let applications = applications["applications"].as_array().unwrap();
    assert_eq!(applications.len(), 3);
    let of = |siret: &str| {
        applications
            .iter()
            .find(|application| application["siret"] == siret)
            .unwrap()
    };
    let history = |siret: &str| -> Vec<String> {
        of(siret)["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|change| change["to"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        history(a),
        ["to_contact", "contacted", "interview", "hired"]
    );
    assert_eq!(history(b), ["to_contact", "contacted", "declined"]);
    assert_eq!(history(c), ["to_contact", "contacted"]);
    assert_eq!(of(a)["contacts"].as_array().unwrap().len(), 3);
    assert_eq!(of(a)["contacts"][0]["outcome"], "hired", "newest first");
    assert_eq!(of(a)["next_statuses"], json!([]));
    assert!(of(a)["company"]["name"].as_str().is_some());

    // The counsellor writes a private and a shared note; the seeker reads
    // only the shared one.
    let counsellor = &journey.world.counsellor;
    for (body, visibility) in [
        ("Dossier CAF à suivre", "private"),
        ("Bravo pour l'embauche !", "shared"),
    ] {
        let (status, note) = journey
            .call(
                Method::POST,
                "/notes",
                counsellor,
                Some(json!({"body": body, "visibility": visibility})),
            )
            .await;
        assert_eq!(status, 201, "{note}");
    }
    let (_, seen_by_counsellor) = journey.call(Method::GET, "", counsellor, None).await;
    let (_, seen_by_seeker) = journey.call(Method::GET, "", me, None).await;
    assert_eq!(seen_by_counsellor["notes"].as_array().unwrap().len(), 2);
    assert_eq!(seen_by_seeker["notes"].as_array().unwrap().len(), 1);
    assert_eq!(
        seen_by_seeker["notes"][0]["body"],
        "Bravo pour l'embauche !"
    );
    let timeline = seen_by_counsellor["timeline"].as_array().unwrap();
    let dates: Vec<&str> = timeline
        .iter()
        .map(|item| item["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            days_ago(2),
            days_ago(5),
            days_ago(12),
            days_ago(15),
            days_ago(20)
        ]
    );
    assert_eq!(
        seen_by_counsellor["applications"].as_array().unwrap().len(),
        3
    );
    assert_eq!(seen_by_counsellor["dismissed"][0]["siret"], picked[3]);
    assert_eq!(
        seen_by_counsellor["profile"]["mobility"],
        "public_transport"
    );

    // The caseload shows this journey in numbers, and so do the figures
    // and the contacts export.
    let org = format!("/api/v1/orgs/{}", journey.world.org.pid);
    let caseload = get_as(
        &journey,
        &format!("{org}/seekers"),
        &journey.world.counsellor,
    )
    .await
    .json::<Value>();
    let line = caseload["seekers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["id"] == journey.seeker.pid.to_string())
        .unwrap();
    let counts: Vec<u64> = ["kept", "contacted", "answered", "interviews", "hired"]
        .iter()
        .map(|field| line[*field].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [3, 3, 3, 1, 1], "{line}");
    assert_eq!(line["stalled"], false);
    assert_eq!(
        line["target_jobs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|job| job["rome"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["K2204", "G1602"]
    );

    let figures = get_as(&journey, &format!("{org}/figures"), &journey.world.admin)
        .await
        .json::<Value>();
    let this_month = today.format("%Y-%m").to_string();
    let month = figures["months"]
        .as_array()
        .unwrap()
        .iter()
        .find(|month| month["month"] == this_month.as_str())
        .unwrap_or_else(|| panic!("no {this_month} in {figures}"));
    // The organisation's two seekers: this one, and the world's other one,
    // whose profile was stored without a shortlist being built.
    let funnel: Vec<u64> = [
        "seekers",
        "with_shortlist",
        "contacted",
        "answered",
        "interview",
        "hired",
    ]
    .iter()
    .map(|stage| month[*stage].as_u64().unwrap())
    .collect();
    assert_eq!(funnel, [2, 1, 1, 1, 1, 1], "{month}");

    let export = get_as(
        &journey,
        &format!("{org}/exports/contacts.csv"),
        &journey.world.counsellor,
    )
    .await;
    assert_eq!(export.status_code().as_u16(), 200);
    let bytes = export.as_bytes().to_vec();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM first");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect();
    rows.sort();
    let name_of = |siret: &str| {
        let company = &of(siret)["company"];
        company["trade_name"]
            .as_str()
            .or(company["name"].as_str())
            .unwrap()
            .to_string()
    };
    let method_fr = |method: &str| match method {
        "phone" => "téléphone",
        "visit" => "visite",
        _ => "courriel",
    };
    let outcome_fr = |outcome: &str| match outcome {
        "no_answer_yet" => "pas encore de réponse",
        "interview" => "entretien",
        "hired" => "embauche",
        "refused" => "refus",
        _ => "réponse positive",
    };
    let mut expected: Vec<Vec<String>> = steps
        .iter()
        .map(|(siret, method, date, outcome, _)| {
            vec![
                "jeune".to_string(),
                "jeune@metz.test".to_string(),
                name_of(siret),
                siret.to_string(),
                date.clone(),
                method_fr(method).to_string(),
                outcome_fr(outcome).to_string(),
                "CV déposé".to_string(),
            ]
        })
        .collect();
    expected.sort();
    assert_eq!(rows, expected);

    // The seeker finds their own record from `me`.
    let me_view = send(
        &journey.app.server,
        Method::GET,
        "/api/v1/auth/me",
        Some(me),
        None,
    )
    .await
    .json::<Value>();
    assert_eq!(
        me_view["organisations"][0]["seeker_id"],
        journey.seeker.pid.to_string()
    );
}

#[tokio::test]
async fn a_narrower_profile_drops_far_proposals_keeps_kept_ones_and_marks_new_ones() {
    let journey = Journey::new().await;
    let me = &journey.world.seeker;
    let mut profile = cleaning_and_kitchen();
    journey
        .call(Method::PUT, "/profile", me, Some(profile.clone()))
        .await;
    let by_distance = journey.shortlist(me, "?sort=distance").await;
    let farthest = sirets(&by_distance).last().unwrap().clone();
    let (status, _) = journey
        .call(
            Method::POST,
            &format!("/shortlist/{farthest}/keep"),
            me,
            None,
        )
        .await;
    assert_eq!(status, 200);

    profile["max_distance_km"] = json!(3);
    let (status, stored) = journey
        .call(Method::PUT, "/profile", me, Some(profile.clone()))
        .await;
    assert_eq!(status, 200, "{stored}");
    let narrow = journey.shortlist(me, "").await;
    for card in narrow["cards"].as_array().unwrap() {
        assert!(card["distance_km"].as_f64().unwrap() <= 3.0, "{card}");
    }
    let (_, applications) = journey.call(Method::GET, "/applications", me, None).await;
    assert_eq!(applications["applications"][0]["siret"], farthest);

    // Adding a job brings its companies in, marked as new.
    profile["target_jobs"] = json!(["K2204", "G1602", "D1102"]);
    journey
        .call(Method::PUT, "/profile", me, Some(profile))
        .await;
    let wider = journey.shortlist(me, "").await;
    let cards = wider["cards"].as_array().unwrap();
    let new_ones: Vec<&Value> = cards.iter().filter(|card| card["is_new"] == true).collect();
    assert!(!new_ones.is_empty());
    for card in new_ones {
        let jobs: Vec<&str> = card["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|job| job["rome"].as_str().unwrap())
            .collect();
        assert!(jobs.contains(&"D1102"), "{card}");
    }

    // Each change is in the audit log with the fields that changed.
    let log = send(
        &journey.app.server,
        Method::GET,
        &format!("/api/v1/orgs/{}/audit", journey.world.org.pid),
        Some(&journey.world.admin),
        None,
    )
    .await
    .json::<Value>();
    let changes: Vec<&Value> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| {
            event["action"] == "profile_updated"
                && event["subject"] == journey.seeker.pid.to_string()
        })
        .collect();
    assert_eq!(changes.len(), 3, "{log}");
    let fields: Vec<Value> = changes
        .iter()
        .map(|event| event["details"]["fields"].clone())
        .collect();
    assert!(fields.contains(&json!(["max_distance_km"])), "{fields:?}");
    assert!(fields.contains(&json!(["target_jobs"])), "{fields:?}");
}

#[tokio::test]
async fn companies_many_seekers_contacted_lately_say_so_and_weigh_less() {
    let journey = Journey::new().await;
    let ctx = &journey.app.ctx;
    let me = &journey.world.seeker;
    journey
        .call(Method::PUT, "/profile", me, Some(cleaning_and_kitchen()))
        .await;
    let busy = sirets(&journey.shortlist(me, "?sort=expected_hirings").await)[0].clone();

    // Three seekers of both organisations contacted it in the last 30
    // days; a fourth did 40 days ago and does not count.
    let today = chrono::Utc::now().date_naive();
    let referents = [
        (&journey.world.org, journey.world.counsellor.user.clone(), 3),
        (
            &journey.world.other_org,
            journey.world.other_counsellor.user.clone(),
            10,
        ),
        (
            &journey.world.other_org,
            journey.world.other_counsellor.user.clone(),
            29,
        ),
        (
            &journey.world.org,
            journey.world.counsellor.user.clone(),
            40,
        ),
    ];
    for (index, (org, referent, days)) in referents.into_iter().enumerate() {
        let (user, other) =
            seeker(ctx, org, &format!("voisin{index}@relais.test"), &referent).await;
        let other_persona = signed_in(ctx, &user).await;
        let path = format!("/api/v1/orgs/{}/seekers/{}", org.pid, other.pid);
        relais::authz::AuthzStore::of(ctx)
            .unwrap()
            .reload(&ctx.db)
            .await
            .unwrap();
        let kept = send(
            &journey.app.server,
            Method::POST,
            &format!("{path}/shortlist/{busy}/keep"),
            Some(&other_persona),
            None,
        )
        .await;
        assert_eq!(kept.status_code().as_u16(), 200, "{}", kept.text());
        let date = (today - chrono::Duration::days(days)).to_string();
        let logged = send(
            &journey.app.server,
            Method::POST,
            &format!("{path}/applications/{busy}/contacts"),
            Some(&other_persona),
            Some(&json!({"method": "visit", "date": date})),
        )
        .await;
        assert_eq!(logged.status_code().as_u16(), 201, "{}", logged.text());
    }

    let shortlist = journey.shortlist(me, "?sort=expected_hirings").await;
    let cards = shortlist["cards"].as_array().unwrap();
    let card = cards.iter().find(|card| card["siret"] == busy).unwrap();
    assert_eq!(card["recently_contacted_by"], 3);
    assert!(cards
        .iter()
        .filter(|card| card["siret"] != busy)
        .all(|card| card["recently_contacted_by"].is_null()));
}

#[tokio::test]
async fn bad_profiles_name_the_field_and_leave_the_stored_profile_as_it_was() {
    let journey = Journey::new().await;
    let me = &journey.world.seeker;
    let (status, _) = journey
        .call(Method::PUT, "/profile", me, Some(cleaning_and_kitchen()))
        .await;
    assert_eq!(status, 200);
    let before = journey.call(Method::GET, "/profile", me, None).await.1;
    let shortlist_before = sirets(&journey.shortlist(me, "").await);

    let with = |field: &str, value: Value| {
        let mut profile = cleaning_and_kitchen();
        profile[field] = value;
        profile
    };
    let mut both_places = cleaning_and_kitchen();
    both_places["postcode"] = json!("57000");
    let mut sizes = cleaning_and_kitchen();
    sizes["headcount_min"] = json!("32");
    sizes["headcount_max"] = json!("11");
    let mut no_place = cleaning_and_kitchen();
    no_place.as_object_mut().unwrap().remove("commune");
    let cases = [
        (
            with("target_jobs", json!([])),
            "invalid_parameter",
            "target_jobs",
        ),
        (
            with(
                "target_jobs",
                json!(["K2204", "G1602", "D1102", "K1302", "N1101", "H2805"]),
            ),
            "invalid_parameter",
            "target_jobs",
        ),
        (
            with("target_jobs", json!(["K2204", "Z9999"])),
            "unknown_code",
            "target_jobs[1]",
        ),
        (
            with("target_jobs", json!(["K2204", "K2204"])),
            "invalid_parameter",
            "target_jobs[1]",
        ),
        (both_places, "invalid_parameter", "place"),
        (no_place, "invalid_parameter", "place"),
        (with("commune", json!("99999")), "unknown_code", "commune"),
        (
            with("max_distance_km", json!(0)),
            "invalid_parameter",
            "max_distance_km",
        ),
        (
            with("max_distance_km", json!(150)),
            "invalid_parameter",
            "max_distance_km",
        ),
        (
            with("mobility", json!("velo")),
            "invalid_parameter",
            "mobility",
        ),
        (sizes, "invalid_parameter", "headcount_max"),
        (
            with("avoided_sectors", json!(["56", "restauration"])),
            "invalid_parameter",
            "avoided_sectors[1]",
        ),
        (
            with("skills", json!(["Permis B", ""])),
            "invalid_parameter",
            "skills[1]",
        ),
        (
            with("available_from", json!("04/01/2027")),
            "invalid_parameter",
            "available_from",
        ),
        (with("distance", json!(10)), "invalid_parameter", "distance"),
        (
            with("max_distance_km", json!("10")),
            "invalid_parameter",
            "max_distance_km",
        ),
        (
            with("max_distance_km", json!(0.5)),
            "invalid_parameter",
            "max_distance_km",
        ),
        (
            with("target_jobs", json!("K2204")),
            "invalid_parameter",
            "target_jobs",
        ),
        (
            with("target_jobs", json!(["K2204", 12])),
            "invalid_parameter",
            "target_jobs[1]",
        ),
        (
            with("aspirations", json!("a\u{0}b")),
            "invalid_parameter",
            "aspirations",
        ),
        (
            with("skills", json!(["abc\u{202E}def"])),
            "invalid_parameter",
            "skills[0]",
        ),
        (
            with("avoided_sectors", json!(["00"])),
            "unknown_code",
            "avoided_sectors[0]",
        ),
        (
            with("available_from", json!("0000-01-01")),
            "invalid_parameter",
            "available_from",
        ),
    ];
    for (profile, error, field) in cases {
        let (status, body) = journey
            .call(Method::PUT, "/profile", me, Some(profile.clone()))
            .await;
        assert_eq!(status, 400, "{profile} → {body}");
        assert_eq!(body["error"], error, "{profile} → {body}");
        assert_eq!(body["field"], field, "{profile} → {body}");
    }
    assert_eq!(
        journey.call(Method::GET, "/profile", me, None).await.1,
        before
    );
    assert_eq!(sirets(&journey.shortlist(me, "").await), shortlist_before);
}

async fn get_as(journey: &Journey, path: &str, who: &Persona) -> axum_test::TestResponse {
    send(&journey.app.server, Method::GET, path, Some(who), None).await
}

async fn post(journey: &Journey, who: &Persona, path: String, body: Value) -> (u16, Value) {
    let response = send(
        &journey.app.server,
        Method::POST,
        &path,
        Some(who),
        Some(&body),
    )
    .await;
    let status = response.status_code().as_u16();
    (
        status,
        serde_json::from_str(&response.text()).unwrap_or(Value::Null),
    )
}

async fn import(journey: &Journey, content_type: &str, body: &str) -> (u16, Value) {
    let me = &journey.world.seeker;
    let response = journey
        .app
        .server
        .post(&journey.path("/profile/import"))
        .add_header("cookie", me.cookie.as_str())
        .add_header("x-csrf-token", me.csrf.as_str())
        .add_header("content-type", content_type)
        .bytes(body.as_bytes().to_vec().into())
        .await;
    let status = response.status_code().as_u16();
    (
        status,
        serde_json::from_str(&response.text()).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_profile_imports_from_a_one_row_csv_or_a_json_document() {
    let journey = Journey::new().await;
    let csv = "\u{feff}jobs;postcode;max_distance_km;skills\nK2204|G1602;57000;7,5;Permis B|Anglais courant\n";
    let (status, profile) = import(&journey, "text/csv", csv).await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["place"]["postcode"], "57000");
    assert_eq!(profile["max_distance_km"], 7.5);
    assert_eq!(profile["skills"], json!(["Permis B", "Anglais courant"]));
    assert_eq!(profile["target_jobs"].as_array().unwrap().len(), 2);

    let bad_csvs = [
        ("jobs;postcode\nK2204|Z9999;57000\n", "row 2, column jobs"),
        (
            "jobs;postcode;max_distance_km\nK2204;57000;loin\n",
            "row 2, column max_distance_km",
        ),
        ("jobs;postcode\nK2204;57000\nG1602;57000\n", "file"),
        ("jobs;ville\nK2204;Metz\n", "column ville"),
        ("jobs;postcode\n", "file"),
        ("jobs;commune;jobs\nK2204;57463;G1602\n", "column jobs"),
    ];
    for (csv, field) in bad_csvs {
        let (status, body) = import(&journey, "text/csv", csv).await;
        assert_eq!(status, 400, "{csv} → {body}");
        assert_eq!(body["field"], field, "{csv} → {body}");
    }
    let (status, body) = import(
        &journey,
        "application/json",
        "{\"target_jobs\": [\"K2204\"],",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["field"], "file");
    for content_type in ["application/pdf", "text/csvfoo", "application/json-patch"] {
        let (status, body) = import(&journey, content_type, "%PDF").await;
        assert_eq!(
            (status, body["field"].as_str()),
            (400, Some("content_type"))
        );
    }
    let (status, body) = import(&journey, "application/json", "{\"target_jobs\": \"K2204\"}").await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("target_jobs")),
        "{body}"
    );

    // After all the refusals, the CSV profile is still the one stored.
    let (_, stored) = journey
        .call(Method::GET, "/profile", &journey.world.seeker, None)
        .await;
    assert_eq!(stored["max_distance_km"], 7.5);

    // A JSON file saved with a byte order mark reads like one without.
    let (status, profile) = import(
        &journey,
        "application/json; charset=utf-8",
        &format!(
            "\u{feff}{}",
            json!({"target_jobs": ["D1102"], "commune": "57463", "mobility": "none"})
        ),
    )
    .await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(
        profile["reach_km"], 5.0,
        "no mobility caps the reach at 5 km"
    );
}

#[tokio::test]
async fn bad_contacts_and_moves_are_refused_and_change_nothing() {
    let journey = Journey::new().await;
    let ctx = &journey.app.ctx;
    let counsellor = &journey.world.counsellor;
    let target = &journey.world.target_seeker;
    let path = |rest: &str| {
        format!(
            "/api/v1/orgs/{}/seekers/{}{rest}",
            journey.world.org.pid, target.pid
        )
    };
    let contacts_path = path(&format!("/applications/{METZ_COMPANY}/contacts"));
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string();
    let cases = [
        (json!({}), 400, "method"),
        (json!({"method": "pigeon"}), 400, "method"),
        (json!({"method": "phone", "date": tomorrow}), 400, "date"),
        (
            json!({"method": "phone", "date": "2026-13-01"}),
            400,
            "date",
        ),
        (
            json!({"method": "phone", "date": "2020-01-01"}),
            400,
            "date",
        ),
        (
            json!({"method": "phone", "outcome": "maybe"}),
            400,
            "outcome",
        ),
        (
            json!({"method": "phone", "note": "x".repeat(2_001)}),
            400,
            "note",
        ),
    ];
    for (body, status, field) in cases {
        let (got, answer) = post(&journey, counsellor, contacts_path.clone(), body.clone()).await;
        assert_eq!(
            (got, answer["field"].as_str()),
            (status, Some(field)),
            "{body} → {answer}"
        );
    }
    // A company that is not kept, a company that does not exist, a SIRET
    // that is not one.
    let (status, _) = post(
        &journey,
        counsellor,
        path("/applications/48186978200021/contacts"),
        json!({"method": "phone"}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = post(
        &journey,
        counsellor,
        path("/shortlist/00000000000000/keep"),
        json!({}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, body) = post(
        &journey,
        counsellor,
        path("/shortlist/4818697820001/keep"),
        json!({}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("siret")));
    let (status, body) = post(
        &journey,
        counsellor,
        path(&format!("/applications/{METZ_COMPANY}/status")),
        json!({"status": "hired"}),
    )
    .await;
    assert_eq!(status, 409, "to_contact cannot jump to hired: {body}");
    let (status, body) = post(
        &journey,
        counsellor,
        path(&format!("/applications/{METZ_COMPANY}/status")),
        json!({"status": "won"}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("status")));

    let logged = contacts::Entity::find()
        .filter(contacts::Column::SeekerId.eq(target.id))
        .count(&ctx.db)
        .await
        .unwrap();
    let changes = status_changes::Entity::find()
        .filter(status_changes::Column::SeekerId.eq(target.id))
        .count(&ctx.db)
        .await
        .unwrap();
    assert_eq!((logged, changes), (0, 1), "only the keep is recorded");

    // A dismissal needs no body; a note cannot hold a NUL.
    let response = journey
        .app
        .server
        .post(&path("/shortlist/01625043300220/dismiss"))
        .add_header("cookie", counsellor.cookie.as_str())
        .add_header("x-csrf-token", counsellor.csrf.as_str())
        .await;
    assert_eq!(response.status_code().as_u16(), 200, "{}", response.text());
    let (status, body) = post(
        &journey,
        counsellor,
        path("/notes"),
        json!({"body": "a\u{0}b"}),
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("body")),
        "{body}"
    );

    // Once contacted, a company is not dismissed any more.
    let (status, _) = post(
        &journey,
        counsellor,
        contacts_path,
        json!({"method": "phone"}),
    )
    .await;
    assert_eq!(status, 201);
    let (status, body) = post(
        &journey,
        counsellor,
        path(&format!("/shortlist/{METZ_COMPANY}/dismiss")),
        json!({}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    let entry = shortlist_entries::Entity::find()
        .filter(shortlist_entries::Column::SeekerId.eq(target.id))
        .filter(shortlist_entries::Column::Siret.eq(METZ_COMPANY))
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (entry.state.as_str(), entry.status.as_deref()),
        ("kept", Some("contacted"))
    );
}

#[tokio::test]
async fn two_keeps_or_two_contacts_at_once_apply_one_after_the_other() {
    let journey = Journey::new().await;
    let ctx = &journey.app.ctx;
    let counsellor = &journey.world.counsellor;
    let target = &journey.world.target_seeker;
    let path = |rest: &str| {
        format!(
            "/api/v1/orgs/{}/seekers/{}{rest}",
            journey.world.org.pid, target.pid
        )
    };
    let company = "01625043300220";
    let keep = path(&format!("/shortlist/{company}/keep"));
    let (first, second) = tokio::join!(
        post(&journey, counsellor, keep.clone(), json!({})),
        post(&journey, counsellor, keep.clone(), json!({})),
    );
    assert_eq!((first.0, second.0), (200, 200), "{first:?} {second:?}");

    let contacts = path(&format!("/applications/{METZ_COMPANY}/contacts"));
    let (first, second) = tokio::join!(
        post(
            &journey,
            counsellor,
            contacts.clone(),
            json!({"method": "phone"})
        ),
        post(
            &journey,
            counsellor,
            contacts.clone(),
            json!({"method": "email"})
        ),
    );
    assert_eq!((first.0, second.0), (201, 201), "{first:?} {second:?}");

    let moves: Vec<(String, String)> = status_changes::Entity::find()
        .filter(status_changes::Column::SeekerId.eq(target.id))
        .all(&ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|change| {
            let entry = if change.to_status == "to_contact" && change.from_status.is_none() {
                "keep"
            } else {
                "move"
            };
            (entry.to_string(), change.to_status)
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("keep".to_string(), "to_contact".to_string()),
            ("keep".to_string(), "to_contact".to_string()),
            ("move".to_string(), "contacted".to_string()),
        ],
        "one keep of each company, one move to contacted"
    );
    let logged = contacts::Entity::find()
        .filter(contacts::Column::SeekerId.eq(target.id))
        .count(&ctx.db)
        .await
        .unwrap();
    assert_eq!(logged, 2);
}

#[tokio::test]
async fn two_titles_of_one_job_search_once_and_new_national_data_rebuilds_the_shortlist() {
    let journey = Journey::new().await;
    let ctx = &journey.app.ctx;
    let me = &journey.world.seeker;
    // Two job titles of K2204 (agent de propreté de locaux, et d'hygiène).
    let (status, profile) = journey
        .call(
            Method::PUT,
            "/profile",
            me,
            Some(json!({"target_jobs": ["10571", "10573"], "commune": "57463"})),
        )
        .await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(
        profile["target_jobs"][0]["label"],
        "Agent / Agente de propreté de locaux"
    );
    assert_eq!(profile["target_jobs"][1]["rome"], "K2204");
    let shortlist = journey.shortlist(me, "").await;
    let cards = shortlist["cards"].as_array().unwrap();
    assert_eq!(cards.len(), relais::models::shortlists::PER_JOB);
    for card in cards {
        assert_eq!(card["jobs"].as_array().unwrap().len(), 1, "{card}");
        assert_eq!(
            card["jobs"][0]["label"],
            "Agent / Agente de propreté de locaux"
        );
    }

    // Built from other national data, the shortlist is rebuilt at the next
    // visit: a proposal lost meanwhile comes back.
    let stored = seeker_profiles::Model::of_seeker(&ctx.db, journey.seeker.id)
        .await
        .unwrap()
        .unwrap();
    let built_at = stored.shortlist_refreshed_at;
    let version = stored.shortlist_data_version;
    let mut stale = stored.into_active_model();
    stale.shortlist_data_version = Set(Some(-1));
    stale.update(&ctx.db).await.unwrap();
    let lost = cards[0]["siret"].as_str().unwrap();
    shortlist_entries::Entity::delete_many()
        .filter(shortlist_entries::Column::SeekerId.eq(journey.seeker.id))
        .filter(shortlist_entries::Column::Siret.eq(lost))
        .exec(&ctx.db)
        .await
        .unwrap();
    let rebuilt = journey.shortlist(me, "").await;
    assert!(sirets(&rebuilt).contains(&lost.to_string()));
    let stored = seeker_profiles::Model::of_seeker(&ctx.db, journey.seeker.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.shortlist_data_version, version);
    assert!(stored.shortlist_refreshed_at > built_at);
}
