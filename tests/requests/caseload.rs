//! The counsellor's caseload, the organisation's figures and the CSV
//! exports, checked value by value on a journey built directly in the
//! database: Élodie went far (hired), Bruno went quiet, Chloé follows a
//! colleague, Denis has no referent, and the other organisation has a
//! contact that must never show.

use axum::http::Method;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use loco_rs::prelude::*;
use relais::models::{
    _entities::establishments, audit_events, contacts, organisations, seeker_profiles, seekers,
    shortlist_entries, status_changes, users,
};
use sea_orm::{QueryOrder, QuerySelect};
use serde_json::{json, Value};

use crate::support::{
    people::{person, send, Persona, World},
    seeded_app, SeededApp,
};

fn at(day: &str) -> DateTime<Utc> {
    let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    Utc.from_utc_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
}

fn days_ago(days: i64) -> DateTime<Utc> {
    Utc::now() - Duration::days(days)
}

async fn seeker(
    ctx: &AppContext,
    organisation_id: i32,
    (email, name): (&str, &str),
    referent: Option<&users::Model>,
    joined: DateTime<Utc>,
    last_activity: Option<DateTime<Utc>>,
) -> seekers::Model {
    let user = person(ctx, email, name).await;
    let seeker = seekers::Model::create(&ctx.db, organisation_id, user.id, referent.map(|r| r.id))
        .await
        .unwrap();
    active(ctx, &seeker, joined, last_activity).await
}

/// Sets when a seeker joined and was last active.
async fn active(
    ctx: &AppContext,
    seeker: &seekers::Model,
    joined: DateTime<Utc>,
    last_activity: Option<DateTime<Utc>>,
) -> seekers::Model {
    let mut seeker = seeker.clone().into_active_model();
    seeker.created_at = Set(joined.into());
    seeker.last_activity_at = Set(last_activity.map(Into::into));
    seeker.update(&ctx.db).await.unwrap()
}

async fn profile(
    ctx: &AppContext,
    seeker: &seekers::Model,
    target_jobs: Value,
    first_built: Option<DateTime<Utc>>,
) {
    let now = Utc::now();
    seeker_profiles::ActiveModel {
        seeker_id: Set(seeker.id),
        organisation_id: Set(seeker.organisation_id),
        target_jobs: Set(target_jobs.to_string()),
        commune_code: Set("57463".to_string()),
        postcode: Set(Some("57000".to_string())),
        place_name: Set("Metz".to_string()),
        latitude: Set(49.1193),
        longitude: Set(6.1757),
        max_distance_km: Set(10.0),
        mobility: Set("public_transport".to_string()),
        headcount_min: Set(None),
        headcount_max: Set(None),
        avoided_sectors: Set("[]".to_string()),
        skills: Set("[]".to_string()),
        aspirations: Set(None),
        available_from: Set(None),
        shortlist_data_version: Set(None),
        shortlist_refreshed_at: Set(first_built.map(Into::into)),
        shortlist_first_built_at: Set(first_built.map(Into::into)),
        updated_by_id: Set(None),
        created_at: Set(now.into()),
        updated_at: Set(now.into()),
        ..Default::default()
    }
    .insert(&ctx.db)
    .await
    .unwrap();
}

async fn entry(
    ctx: &AppContext,
    seeker: &seekers::Model,
    siret: &str,
    state: &str,
    status: Option<&str>,
) -> shortlist_entries::Model {
    let now = Utc::now();
    shortlist_entries::ActiveModel {
        seeker_id: Set(seeker.id),
        organisation_id: Set(seeker.organisation_id),
        siret: Set(siret.to_string()),
        romes: Set("D1102".to_string()),
        state: Set(state.to_string()),
        is_new: Set(false),
        dismiss_reason: Set(None),
        status: Set(status.map(str::to_string)),
        status_changed_at: Set(status.map(|_| now.into())),
        proposed_at: Set(now.into()),
        decided_at: Set((state != "proposed").then(|| now.into())),
        created_at: Set(now.into()),
        updated_at: Set(now.into()),
        ..Default::default()
    }
    .insert(&ctx.db)
    .await
    .unwrap()
}

/// A contact: (day, method, outcome, note).
async fn contact(
    ctx: &AppContext,
    entry: &shortlist_entries::Model,
    (day, method, outcome, note): (&str, &str, &str, Option<&str>),
    by: &users::Model,
) {
    let now = Utc::now();
    contacts::ActiveModel {
        pid: Set(Uuid::new_v4()),
        entry_id: Set(entry.id),
        seeker_id: Set(entry.seeker_id),
        organisation_id: Set(entry.organisation_id),
        siret: Set(entry.siret.clone()),
        method: Set(method.to_string()),
        contacted_on: Set(NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap()),
        note: Set(note.map(str::to_string)),
        outcome: Set(outcome.to_string()),
        created_by_id: Set(by.id),
        created_at: Set(now.into()),
        updated_at: Set(now.into()),
        ..Default::default()
    }
    .insert(&ctx.db)
    .await
    .unwrap();
}

async fn status_change(
    ctx: &AppContext,
    entry: &shortlist_entries::Model,
    from: Option<&str>,
    to: &str,
    day: &str,
) {
    status_changes::ActiveModel {
        entry_id: Set(entry.id),
        seeker_id: Set(entry.seeker_id),
        organisation_id: Set(entry.organisation_id),
        from_status: Set(from.map(str::to_string)),
        to_status: Set(to.to_string()),
        contact_id: Set(None),
        actor_id: Set(None),
        created_at: Set(at(day).into()),
        ..Default::default()
    }
    .insert(&ctx.db)
    .await
    .unwrap();
}

/// Six real companies of the seeded data: SIRET and the name exports show.
async fn companies(ctx: &AppContext) -> Vec<(String, String)> {
    establishments::Entity::find()
        .order_by_asc(establishments::Column::Siret)
        .limit(6)
        .all(&ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|company| (company.siret, company.trade_name.unwrap_or(company.name)))
        .collect()
}

const INJECTION: &str = "=HYPERLINK(\"https://exemple.test\";\"clic\")";

struct Fixture {
    app: SeededApp,
    world: World,
    elodie: seekers::Model,
    companies: Vec<(String, String)>,
}

/// The counsellor follows Élodie, Bruno and the world's two seekers (the
/// latter joined today); their colleague follows Chloé; Denis has no
/// referent.
async fn fixture() -> Fixture {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    let ctx = &app.ctx;
    let org = world.org.id;
    let counsellor = &world.counsellor.user;
    let companies = companies(ctx).await;
    let siret = |index: usize| companies[index].0.as_str();

    let elodie = seeker(
        ctx,
        org,
        ("elodie@exemple.test", "Élodie Dupré"),
        Some(counsellor),
        at("2024-08-20"),
        Some(days_ago(2)),
    )
    .await;
    profile(
        ctx,
        &elodie,
        json!([{"rome": "D1102", "label": "Boulanger"},
               {"rome": "G1602", "label": "Cuisinier", "ogr_code": "11573"}]),
        Some(at("2024-09-10")),
    )
    .await;
    let hired = entry(ctx, &elodie, siret(0), "kept", Some("hired")).await;
    let interview = entry(ctx, &elodie, siret(1), "kept", Some("interview")).await;
    let waiting = entry(ctx, &elodie, siret(2), "kept", Some("contacted")).await;
    entry(ctx, &elodie, siret(3), "kept", Some("to_contact")).await;
    let dismissed = entry(ctx, &elodie, siret(4), "dismissed", None).await;
    entry(ctx, &elodie, siret(5), "proposed", None).await;
    for (entry, line) in [
        (&hired, ("2024-09-20", "phone", "positive_answer", None)),
        (
            &hired,
            (
                "2024-10-05",
                "visit",
                "hired",
                Some("Embauchée après l'essai"),
            ),
        ),
        (&interview, ("2024-10-01", "email", "no_answer_yet", None)),
        (&interview, ("2024-10-12", "phone", "interview", None)),
        (
            &waiting,
            ("2024-10-15", "letter", "no_answer_yet", Some(INJECTION)),
        ),
        (&dismissed, ("2024-09-25", "online_form", "refused", None)),
    ] {
        contact(ctx, entry, line, counsellor).await;
    }
    status_change(ctx, &hired, Some("to_contact"), "contacted", "2024-09-20").await;
    status_change(ctx, &hired, Some("contacted"), "hired", "2024-10-05").await;
    status_change(
        ctx,
        &interview,
        Some("to_contact"),
        "contacted",
        "2024-10-01",
    )
    .await;
    status_change(
        ctx,
        &interview,
        Some("contacted"),
        "interview",
        "2024-10-12",
    )
    .await;
    status_change(ctx, &waiting, Some("to_contact"), "contacted", "2024-10-15").await;

    let bruno = seeker(
        ctx,
        org,
        ("bruno@exemple.test", "Bruno Martin"),
        Some(counsellor),
        at("2024-07-01"),
        Some(days_ago(40)),
    )
    .await;
    entry(ctx, &bruno, siret(0), "kept", Some("to_contact")).await;

    let chloe = seeker(
        ctx,
        org,
        ("chloe@exemple.test", "Chloé Zed"),
        Some(&world.target_member),
        at("2024-09-05"),
        Some(days_ago(5)),
    )
    .await;
    profile(ctx, &chloe, json!([]), Some(at("2024-09-06"))).await;
    let refused = entry(ctx, &chloe, siret(1), "kept", Some("declined")).await;
    entry(ctx, &chloe, siret(2), "kept", Some("to_contact")).await;
    contact(
        ctx,
        &refused,
        ("2024-11-02", "visit", "refused", None),
        &world.target_member,
    )
    .await;

    seeker(
        ctx,
        org,
        ("denis@exemple.test", "Denis Sans-Référent"),
        None,
        at("2024-10-01"),
        None,
    )
    .await;

    let world_seeker = seekers::Model::find_by_user(&ctx.db, world.seeker.user.id)
        .await
        .unwrap()
        .unwrap();
    active(
        ctx,
        &world_seeker,
        Utc::now(),
        Some(Utc::now() - Duration::hours(12)),
    )
    .await;

    // The world's other seeker kept a company when the world was built;
    // here they stand for a seeker with no activity since joining.
    let target = world.target_seeker.clone();
    active(ctx, &target, target.created_at.into(), None).await;

    let other_seeker = seekers::Model::find_by_user(&ctx.db, world.other_seeker.user.id)
        .await
        .unwrap()
        .unwrap();
    let elsewhere = entry(ctx, &other_seeker, siret(0), "kept", Some("contacted")).await;
    contact(
        ctx,
        &elsewhere,
        ("2024-10-03", "phone", "positive_answer", Some("Thionville")),
        &world.other_counsellor.user,
    )
    .await;

    Fixture {
        app,
        world,
        elodie,
        companies,
    }
}

impl Fixture {
    async fn get(&self, rest: &str, persona: &Persona) -> axum_test::TestResponse {
        let path = format!("/api/v1/orgs/{}{rest}", self.world.org.pid);
        send(&self.app.server, Method::GET, &path, Some(persona), None).await
    }

    async fn json(&self, rest: &str, persona: &Persona) -> Value {
        let response = self.get(rest, persona).await;
        assert_eq!(response.status_code(), 200, "{rest}: {}", response.text());
        response.json()
    }

    /// The names of a caseload page, in order.
    async fn names(&self, rest: &str, persona: &Persona) -> Vec<String> {
        let page = self.json(rest, persona).await;
        page["seekers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|seeker| seeker["user"]["name"].as_str().unwrap().to_string())
            .collect()
    }
}

fn counts(seeker: &Value) -> [u64; 5] {
    ["kept", "contacted", "answered", "interviews", "hired"]
        .map(|field| seeker[field].as_u64().unwrap_or_else(|| panic!("{field}")))
}

#[tokio::test]
async fn the_caseload_counts_each_seekers_progress_value_by_value() {
    let f = fixture().await;

    let page = f.json("/seekers", &f.world.counsellor).await;

    assert_eq!(page["total"], 4);
    assert_eq!(page["page"], 1);
    assert_eq!(page["limit"], 25);
    assert_eq!(page["stalled_after_days"], 21);
    let seekers = page["seekers"].as_array().unwrap();
    let names: Vec<&str> = seekers
        .iter()
        .map(|seeker| seeker["user"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Bruno Martin", "Élodie Dupré", "jeune", "autre.jeune"],
        "the quietest first"
    );

    let elodie = &seekers[1];
    assert_eq!(elodie["id"], f.elodie.pid.to_string());
    assert_eq!(elodie["user"]["email"], "elodie@exemple.test");
    assert_eq!(elodie["referent"]["name"], "conseil");
    assert_eq!(
        elodie["target_jobs"],
        json!([{"rome": "D1102", "label": "Boulanger"},
               {"rome": "G1602", "label": "Cuisinier"}])
    );
    assert_eq!(counts(elodie), [4, 3, 2, 1, 1]);
    assert_eq!(elodie["stalled"], false);
    assert_eq!(elodie["active"], true);
    assert!(
        elodie["joined_at"]
            .as_str()
            .unwrap()
            .starts_with("2024-08-20"),
        "{}",
        elodie["joined_at"]
    );

    let bruno = &seekers[0];
    assert_eq!(counts(bruno), [1, 0, 0, 0, 0]);
    assert_eq!(bruno["stalled"], true);
    assert_eq!(bruno["target_jobs"], json!([]));

    // The world's other seeker joined today and kept one company
    // (tests/support/people.rs); the fixture clears their activity.
    let joined_today = &seekers[3];
    assert_eq!(joined_today["user"]["name"], "autre.jeune");
    assert_eq!(counts(joined_today), [1, 0, 0, 0, 0]);
    assert_eq!(joined_today["stalled"], false);
    assert_eq!(
        joined_today["last_activity_at"], joined_today["joined_at"],
        "without activity, the joining time counts"
    );
}

#[tokio::test]
async fn the_caseload_sorts_filters_and_pages() {
    let f = fixture().await;
    let admin = &f.world.admin;
    let everyone = [
        "autre.jeune",
        "Bruno Martin",
        "Chloé Zed",
        "Denis Sans-Référent",
        "Élodie Dupré",
        "jeune",
    ];

    assert_eq!(f.names("/seekers?sort=name", admin).await, everyone);
    assert_eq!(
        f.names("/seekers?sort=-name", admin).await,
        everyone.iter().rev().copied().collect::<Vec<_>>()
    );
    assert_eq!(
        f.names("/seekers?sort=-kept", admin).await,
        [
            "Élodie Dupré",
            "Chloé Zed",
            "autre.jeune",
            "Bruno Martin",
            "Denis Sans-Référent",
            "jeune"
        ],
        "equal counts in name order"
    );
    assert_eq!(
        f.names("/seekers?sort=-contacted&limit=2", admin).await,
        ["Élodie Dupré", "Chloé Zed"]
    );
    assert_eq!(
        f.names("/seekers?sort=-hired&limit=1", admin).await,
        ["Élodie Dupré"]
    );
    assert_eq!(
        f.names("/seekers?sort=-last_activity&limit=2", admin).await,
        ["autre.jeune", "jeune"]
    );

    assert_eq!(
        f.names("/seekers?stalled=true&sort=name", admin).await,
        ["Bruno Martin", "Denis Sans-Référent"]
    );
    assert_eq!(
        f.names("/seekers?stalled=false&sort=name", admin).await,
        ["autre.jeune", "Chloé Zed", "Élodie Dupré", "jeune"]
    );
    assert_eq!(f.names("/seekers?q=DUPRE", admin).await, ["Élodie Dupré"]);
    assert_eq!(f.names("/seekers?q=chloe@", admin).await, ["Chloé Zed"]);
    // Names are not place names: "saint" is not shortened to "st", which
    // every .test address holds.
    assert!(f.names("/seekers?q=saint", admin).await.is_empty());
    assert_eq!(
        f.names("/seekers?q=sans-ref", admin).await,
        ["Denis Sans-Référent"]
    );
    assert_eq!(
        f.names("/seekers?referent=none", admin).await,
        ["Denis Sans-Référent"]
    );

    let colleague = format!("/seekers?referent={}", f.world.target_member.pid);
    assert_eq!(
        f.names(&colleague, &f.world.counsellor).await,
        ["Chloé Zed"],
        "a named referent replaces the counsellor's default scope"
    );
    let chloe = &f.json(&colleague, &f.world.counsellor).await["seekers"][0];
    assert_eq!(counts(chloe), [2, 1, 1, 0, 0], "a refusal is an answer");
    assert_eq!(chloe["referent"]["name"], "collegue");
    assert_eq!(
        f.json("/seekers?scope=all", &f.world.counsellor).await["total"],
        6
    );

    let second = f.json("/seekers?sort=name&limit=4&page=2", admin).await;
    assert_eq!(second["total"], 6);
    assert_eq!(second["page"], 2);
    assert_eq!(second["limit"], 4);
    assert_eq!(
        f.names("/seekers?sort=name&limit=4&page=2", admin).await,
        ["Élodie Dupré", "jeune"]
    );
    let beyond = f.json("/seekers?page=3&limit=4", admin).await;
    assert_eq!(beyond["total"], 6);
    assert_eq!(beyond["seekers"], json!([]));
}

#[tokio::test]
async fn bad_caseload_parameters_answer_400_naming_the_field() {
    let f = fixture().await;
    let colleague = f.world.target_member.pid;
    let stranger = f.world.other_counsellor.user.pid;
    let cases = [
        ("scope=everyone".to_string(), "scope"),
        ("sort=age".to_string(), "sort"),
        ("sort=-".to_string(), "sort"),
        ("stalled=maybe".to_string(), "stalled"),
        ("page=0".to_string(), "page"),
        ("limit=101".to_string(), "limit"),
        ("limit=ten".to_string(), "limit"),
        ("referent=someone".to_string(), "referent"),
        (format!("referent={stranger}"), "referent"),
        (format!("referent={}", Uuid::new_v4()), "referent"),
        (format!("scope=mine&referent={colleague}"), "referent"),
        ("page=1&page=2".to_string(), "page"),
        ("q=%25".to_string(), "q"),
    ];
    for (query, field) in cases {
        for route in ["/seekers", "/exports/caseload.csv", "/exports/contacts.csv"] {
            if route != "/seekers" && ["page", "limit"].contains(&field) {
                continue;
            }
            let response = f
                .get(&format!("{route}?{query}"), &f.world.counsellor)
                .await;
            assert_eq!(response.status_code(), 400, "{route}?{query}");
            let body: Value = response.json();
            assert_eq!(body["field"], field, "{route}?{query}: {body}");
            assert_eq!(body["error"], "invalid_parameter");
        }
    }
}

#[tokio::test]
async fn stalled_follows_the_organisation_setting() {
    let f = fixture().await;
    let mut settings = f.world.org.settings();
    settings.stalled_after_days = 1;
    organisations::Model::find_by_id(&f.app.ctx.db, f.world.org.id)
        .await
        .unwrap()
        .into_active_model()
        .with_settings(&f.app.ctx.db, settings)
        .await
        .unwrap();

    let page = f.json("/seekers?stalled=true", &f.world.counsellor).await;

    assert_eq!(page["stalled_after_days"], 1);
    let names: Vec<&str> = page["seekers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|seeker| seeker["user"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bruno Martin", "Élodie Dupré"]);
}

fn stages(values: [u64; 6]) -> Value {
    let [seekers, with_shortlist, contacted, answered, interview, hired] = values;
    json!({"seekers": seekers, "with_shortlist": with_shortlist, "contacted": contacted,
           "answered": answered, "interview": interview, "hired": hired})
}

fn month(name: &str, values: [u64; 6]) -> Value {
    let mut month = stages(values);
    month["month"] = json!(name);
    month
}

#[tokio::test]
async fn figures_give_the_monthly_funnel_and_each_counsellors_seekers() {
    let f = fixture().await;

    let figures = f
        .json("/figures?from=2024-08&to=2024-11", &f.world.admin)
        .await;

    assert_eq!(figures["from"], "2024-08");
    assert_eq!(figures["to"], "2024-11");
    assert_eq!(
        figures["months"],
        json!([
            month("2024-08", [2, 0, 0, 0, 0, 0]),
            month("2024-09", [3, 2, 1, 1, 0, 0]),
            month("2024-10", [4, 2, 1, 1, 1, 1]),
            month("2024-11", [4, 2, 2, 2, 1, 1]),
        ])
    );

    let person = |user: &users::Model| json!({"id": user.pid.to_string(), "email": user.email, "name": user.name});
    let with = |referent: Value, values| {
        let mut group = stages(values);
        group["referent"] = referent;
        group
    };
    assert_eq!(
        figures["counsellors"],
        json!([
            with(person(&f.world.target_member), [1, 1, 1, 1, 0, 0]),
            with(person(&f.world.counsellor.user), [4, 1, 1, 1, 1, 1]),
            with(Value::Null, [1, 0, 0, 0, 0, 0]),
        ])
    );
}

#[tokio::test]
async fn figures_cover_the_last_six_months_by_default_and_at_most_24() {
    let f = fixture().await;
    let admin = &f.world.admin;

    let figures = f.json("/figures", admin).await;
    let months = figures["months"].as_array().unwrap();
    let this_month = Utc::now().format("%Y-%m").to_string();
    assert_eq!(months.len(), 6);
    assert_eq!(figures["to"], this_month);
    assert_eq!(months[5]["month"], this_month);
    assert_eq!(months[5]["seekers"], 6, "everyone has joined by now");

    for (query, field) in [
        ("from=2024-01&to=2026-01", "from"),
        ("from=2024-05&to=2024-04", "to"),
        ("from=2024-13", "from"),
        ("to=juin", "to"),
    ] {
        let response = f.get(&format!("/figures?{query}"), admin).await;
        assert_eq!(response.status_code(), 400, "{query}");
        assert_eq!(response.json::<Value>()["field"], field, "{query}");
    }
}

/// The CSV as text after its BOM, and its rows parsed back.
fn parse_csv(response: &axum_test::TestResponse) -> Vec<Vec<String>> {
    assert_eq!(response.status_code(), 200, "{}", response.text());
    assert_eq!(
        response.header("content-type").to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    let bytes = response.as_bytes();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "a UTF-8 BOM comes first"
    );
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect()
}

async fn last_audit(f: &Fixture) -> audit_events::Model {
    audit_events::Model::list(&f.app.ctx.db, Some(f.world.org.id), None, 1)
        .await
        .unwrap()
        .remove(0)
}

#[tokio::test]
async fn the_caseload_export_is_a_french_excel_csv_and_is_audited() {
    let f = fixture().await;

    let response = f.get("/exports/caseload.csv", &f.world.counsellor).await;

    let rows = parse_csv(&response);
    let today = Utc::now().date_naive();
    assert_eq!(
        response.header("content-disposition").to_str().unwrap(),
        format!("attachment; filename=\"relais-portefeuille-{today}.csv\"")
    );
    assert_eq!(
        rows[0],
        [
            "Nom",
            "Courriel",
            "Référent",
            "Métiers visés",
            "Entreprises retenues",
            "Entreprises contactées",
            "Réponses obtenues",
            "Entretiens",
            "Embauches",
            "Dernière activité",
            "Sans activité récente",
            "Inscription"
        ]
    );
    assert_eq!(rows.len(), 5, "the header and the counsellor's 4 seekers");
    assert_eq!(rows[1][0], "Bruno Martin");
    assert_eq!(rows[1][10], "oui");
    assert_eq!(
        rows[2],
        [
            "Élodie Dupré",
            "elodie@exemple.test",
            "conseil",
            "Boulanger (D1102), Cuisinier (G1602)",
            "4",
            "3",
            "2",
            "1",
            "1",
            &days_ago(2).date_naive().to_string(),
            "non",
            "2024-08-20"
        ]
    );
    let text = String::from_utf8(response.as_bytes().to_vec()).unwrap();
    assert!(text.contains("Élodie Dupré;elodie@exemple.test;conseil;"));

    let audit = last_audit(&f).await;
    assert_eq!(audit.action, "caseload_exported");
    assert_eq!(audit.actor_id, Some(f.world.counsellor.user.id));
    let details: Value = serde_json::from_str(&audit.details).unwrap();
    assert_eq!(details["rows"], 4);
    assert_eq!(details["scope"], "mine");

    let all = parse_csv(
        &f.get(
            "/exports/caseload.csv?scope=all&stalled=true",
            &f.world.admin,
        )
        .await,
    );
    let names: Vec<&str> = all[1..].iter().map(|row| row[0].as_str()).collect();
    assert_eq!(names, ["Denis Sans-Référent", "Bruno Martin"]);
    let details: Value = serde_json::from_str(&last_audit(&f).await.details).unwrap();
    assert_eq!(details["rows"], 2);
    assert_eq!(details["scope"], "all");
    assert_eq!(details["filters"]["stalled"], true);
}

#[tokio::test]
async fn the_contacts_export_neutralises_formulas_and_keeps_the_scope() {
    let f = fixture().await;
    let company = |index: usize| f.companies[index].clone();

    let response = f.get("/exports/contacts.csv", &f.world.counsellor).await;

    let rows = parse_csv(&response);
    assert_eq!(
        rows[0],
        [
            "Nom",
            "Courriel",
            "Entreprise",
            "SIRET",
            "Date",
            "Moyen",
            "Résultat",
            "Note"
        ]
    );
    let expected = [
        (
            0,
            "2024-09-20",
            "téléphone",
            "réponse positive",
            String::new(),
        ),
        (
            4,
            "2024-09-25",
            "formulaire en ligne",
            "refus",
            String::new(),
        ),
        (
            1,
            "2024-10-01",
            "courriel",
            "pas encore de réponse",
            String::new(),
        ),
        (
            0,
            "2024-10-05",
            "visite",
            "embauche",
            "Embauchée après l'essai".to_string(),
        ),
        (1, "2024-10-12", "téléphone", "entretien", String::new()),
        (
            2,
            "2024-10-15",
            "courrier",
            "pas encore de réponse",
            format!("'{INJECTION}"),
        ),
    ];
    assert_eq!(rows.len(), expected.len() + 1, "{rows:?}");
    for (row, (index, day, method, outcome, note)) in rows[1..].iter().zip(expected) {
        let (siret, name) = company(index);
        assert_eq!(
            row,
            &[
                "Élodie Dupré".to_string(),
                "elodie@exemple.test".to_string(),
                name,
                siret,
                day.to_string(),
                method.to_string(),
                outcome.to_string(),
                note,
            ]
        );
    }
    let audit = last_audit(&f).await;
    assert_eq!(audit.action, "contacts_exported");
    let details: Value = serde_json::from_str(&audit.details).unwrap();
    assert_eq!(details["rows"], 6);
    assert_eq!(details["scope"], "mine");
    assert_eq!(
        response.header("content-disposition").to_str().unwrap(),
        format!(
            "attachment; filename=\"relais-contacts-{}.csv\"",
            Utc::now().date_naive()
        )
    );

    let all = parse_csv(
        &f.get("/exports/contacts.csv?scope=all", &f.world.admin)
            .await,
    );
    let people: Vec<&str> = all[1..].iter().map(|row| row[0].as_str()).collect();
    assert_eq!(people.len(), 7, "Élodie's six and Chloé's one: {people:?}");
    assert!(people.contains(&"Chloé Zed"));
    assert!(
        !all.iter().flatten().any(|cell| cell == "Thionville"),
        "another organisation's contact never shows"
    );
}

#[tokio::test]
async fn other_organisations_staff_get_404_seekers_403_and_figures_are_for_admins() {
    let f = fixture().await;
    let routes = [
        "/seekers",
        "/figures",
        "/exports/caseload.csv",
        "/exports/contacts.csv",
    ];
    for route in routes {
        for outsider in [&f.world.other_admin, &f.world.other_counsellor] {
            let response = f.get(route, outsider).await;
            assert_eq!(response.status_code(), 404, "{route}");
        }
        assert_eq!(f.get(route, &f.world.seeker).await.status_code(), 403);
        assert_eq!(f.get(route, &f.world.admin).await.status_code(), 200);
        assert_eq!(
            f.get(route, &f.world.platform_admin).await.status_code(),
            200
        );
        let counsellor = if route == "/figures" { 403 } else { 200 };
        assert_eq!(
            f.get(route, &f.world.counsellor).await.status_code(),
            counsellor,
            "{route}"
        );
    }
    let exports = audit_events::Entity::find()
        .filter(audit_events::Column::Action.is_in(["caseload_exported", "contacts_exported"]))
        .all(&f.app.ctx.db)
        .await
        .unwrap();
    assert!(
        exports
            .iter()
            .all(|event| event.organisation_id == Some(f.world.org.id)),
        "refused exports leave no trace elsewhere"
    );
    assert_eq!(exports.len(), 6, "one entry per export served");
}
