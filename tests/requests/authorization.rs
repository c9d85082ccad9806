//! The authorization matrix: every API route × every role × (own
//! organisation, another organisation, anonymous), with the status each
//! must get. It fails when a route is added without its row.

use std::collections::BTreeSet;

use axum::http::Method;
use serde_json::{json, Value};

use crate::support::{
    boot,
    people::{send, Persona, World, METZ_COMPANY},
    seeded_db, server,
};

/// The callers, in the order of each row's statuses. Each row runs in a
/// world of its own, in this order, the most powerful last.
const CALLERS: [&str; 8] = [
    "anonymous",
    "other_seeker",
    "other_counsellor",
    "other_admin",
    "seeker",
    "counsellor",
    "admin",
    "platform_admin",
];

struct Row {
    method: &'static str,
    route: &'static str,
    query: &'static str,
    body: Option<fn() -> Value>,
    statuses: [u16; 8],
}

const fn row(method: &'static str, route: &'static str, statuses: [u16; 8]) -> Row {
    Row {
        method,
        route,
        query: "",
        body: None,
        statuses,
    }
}

const ALL_200: [u16; 8] = [200; 8];
const ALL_400: [u16; 8] = [400; 8];
const SIGNED_IN_200: [u16; 8] = [401, 200, 200, 200, 200, 200, 200, 200];
const PLATFORM_ONLY: [u16; 8] = [401, 403, 403, 403, 403, 403, 403, 200];
const PLATFORM_ON_ORG: [u16; 8] = [401, 404, 404, 404, 403, 403, 403, 200];
const MEMBERS_200: [u16; 8] = [401, 404, 404, 404, 200, 200, 200, 200];
const STAFF_200: [u16; 8] = [401, 404, 404, 404, 403, 200, 200, 200];
const ADMIN_200: [u16; 8] = [401, 404, 404, 404, 403, 403, 200, 200];
/// A seeker's journey: the organisation's staff, and the seeker themself
/// (the `seeker` caller is another seeker of the organisation: 404).
const JOURNEY_200: [u16; 8] = [401, 404, 404, 404, 404, 200, 200, 200];

fn rows() -> Vec<Row> {
    vec![
        Row {
            query: "?rome=K2204&postcode=57000",
            ..row("GET", "/api/v1/companies", ALL_200)
        },
        row("GET", "/api/v1/companies/{siret}", ALL_200),
        row("GET", "/api/v1/companies/{siret}/correction", PLATFORM_ONLY),
        Row {
            body: Some(|| json!({"name": "Reibel Nettoyage"})),
            ..row("PUT", "/api/v1/companies/{siret}/correction", PLATFORM_ONLY)
        },
        // The platform admin removes the correction the row above saved.
        row(
            "DELETE",
            "/api/v1/companies/{siret}/correction",
            [401, 403, 403, 403, 403, 403, 403, 204],
        ),
        Row {
            query: "?q=boulang",
            ..row("GET", "/api/v1/jobs", ALL_200)
        },
        Row {
            query: "?q=metz",
            ..row("GET", "/api/v1/places", ALL_200)
        },
        row("GET", "/api/v1/openapi.json", ALL_200),
        Row {
            body: Some(|| json!({})),
            ..row("POST", "/api/v1/auth/sign_in", ALL_400)
        },
        row(
            "POST",
            "/api/v1/auth/sign_out",
            [401, 204, 204, 204, 204, 204, 204, 204],
        ),
        row("GET", "/api/v1/auth/me", SIGNED_IN_200),
        Row {
            body: Some(|| json!({})),
            ..row("POST", "/api/v1/auth/password/forgot", ALL_400)
        },
        Row {
            body: Some(|| json!({})),
            ..row("POST", "/api/v1/auth/password/reset", ALL_400)
        },
        Row {
            body: Some(|| json!({})),
            ..row("POST", "/api/v1/auth/magic_link", ALL_400)
        },
        Row {
            body: Some(|| json!({})),
            ..row("POST", "/api/v1/auth/magic_link/sign_in", ALL_400)
        },
        row("GET", "/api/v1/invitations/{token}", ALL_200),
        Row {
            body: Some(|| json!({})),
            ..row("POST", "/api/v1/invitations/{token}/accept", ALL_400)
        },
        row("GET", "/api/v1/me/emails", SIGNED_IN_200),
        Row {
            body: Some(|| json!({"digest_frequency": "daily"})),
            ..row("PATCH", "/api/v1/me/emails", SIGNED_IN_200)
        },
        row("GET", "/api/v1/outbox", PLATFORM_ONLY),
        row(
            "POST",
            "/api/v1/outbox/{id}/retry",
            [401, 403, 403, 403, 403, 403, 403, 404],
        ),
        row("GET", "/api/v1/imports", PLATFORM_ONLY),
        row(
            "GET",
            "/api/v1/imports/{id}/report",
            [401, 403, 403, 403, 403, 403, 403, 404],
        ),
        row("GET", "/api/v1/orgs", SIGNED_IN_200),
        Row {
            body: Some(|| json!({"name": "Association {caller}", "kind": "association"})),
            ..row(
                "POST",
                "/api/v1/orgs",
                [401, 403, 403, 403, 403, 403, 403, 201],
            )
        },
        row("GET", "/api/v1/audit", PLATFORM_ONLY),
        row("GET", "/api/v1/orgs/{org}", MEMBERS_200),
        Row {
            body: Some(|| json!({"name": "Mission locale du Pays messin"})),
            ..row("PATCH", "/api/v1/orgs/{org}", PLATFORM_ON_ORG)
        },
        row("POST", "/api/v1/orgs/{org}/archive", PLATFORM_ON_ORG),
        Row {
            body: Some(|| {
                json!({"sender_name": "Votre mission locale", "reminder_delay_days": 5,
                       "follow_up_delay_days": 7, "reminder_max_rounds": 3,
                       "stalled_after_days": 30, "retention_months": 24})
            }),
            ..row("PUT", "/api/v1/orgs/{org}/settings", ADMIN_200)
        },
        row("GET", "/api/v1/orgs/{org}/members", STAFF_200),
        Row {
            body: Some(|| json!({"role": "org_admin"})),
            ..row("PATCH", "/api/v1/orgs/{org}/members/{user}", ADMIN_200)
        },
        row(
            "POST",
            "/api/v1/orgs/{org}/members/{user}/deactivate",
            ADMIN_200,
        ),
        row(
            "POST",
            "/api/v1/orgs/{org}/members/{user}/reactivate",
            ADMIN_200,
        ),
        row("GET", "/api/v1/orgs/{org}/invitations", STAFF_200),
        Row {
            body: Some(|| json!({"email": "{caller}@invites.test", "role": "seeker"})),
            ..row(
                "POST",
                "/api/v1/orgs/{org}/invitations",
                [401, 404, 404, 404, 403, 201, 201, 201],
            )
        },
        row(
            "POST",
            "/api/v1/orgs/{org}/invitations/{invitation}/resend",
            STAFF_200,
        ),
        row(
            "DELETE",
            "/api/v1/orgs/{org}/invitations/{invitation}",
            STAFF_200,
        ),
        row("GET", "/api/v1/orgs/{org}/seekers", STAFF_200),
        Row {
            body: Some(|| json!({"referent": "{user}"})),
            ..row(
                "POST",
                "/api/v1/orgs/{org}/seekers/{seeker}/transfer",
                ADMIN_200,
            )
        },
        row("GET", "/api/v1/orgs/{org}/audit", ADMIN_200),
        row("GET", "/api/v1/orgs/{org}/seekers/{seeker}", JOURNEY_200),
        row(
            "GET",
            "/api/v1/orgs/{org}/seekers/{seeker}/profile",
            JOURNEY_200,
        ),
        Row {
            body: Some(|| json!({"target_jobs": ["K2204"], "postcode": "57000"})),
            ..row(
                "PUT",
                "/api/v1/orgs/{org}/seekers/{seeker}/profile",
                JOURNEY_200,
            )
        },
        Row {
            body: Some(|| json!({"target_jobs": ["K2204"], "commune": "57463"})),
            ..row(
                "POST",
                "/api/v1/orgs/{org}/seekers/{seeker}/profile/import",
                JOURNEY_200,
            )
        },
        row(
            "GET",
            "/api/v1/orgs/{org}/seekers/{seeker}/shortlist",
            JOURNEY_200,
        ),
        row(
            "POST",
            "/api/v1/orgs/{org}/seekers/{seeker}/shortlist/{siret}/keep",
            JOURNEY_200,
        ),
        Row {
            body: Some(|| json!({"reason": "trop loin"})),
            ..row(
                "POST",
                "/api/v1/orgs/{org}/seekers/{seeker}/shortlist/{siret}/dismiss",
                JOURNEY_200,
            )
        },
        row(
            "GET",
            "/api/v1/orgs/{org}/seekers/{seeker}/applications",
            JOURNEY_200,
        ),
        Row {
            // The first allowed caller moves the company on; the next ones
            // are let through and refused by the status rules.
            body: Some(|| json!({"status": "contacted"})),
            ..row(
                "POST",
                "/api/v1/orgs/{org}/seekers/{seeker}/applications/{siret}/status",
                [401, 404, 404, 404, 404, 200, 409, 409],
            )
        },
        Row {
            body: Some(|| json!({"method": "phone"})),
            ..row(
                "POST",
                "/api/v1/orgs/{org}/seekers/{seeker}/applications/{siret}/contacts",
                [401, 404, 404, 404, 404, 201, 201, 201],
            )
        },
        Row {
            body: Some(|| json!({"body": "Relancer lundi", "visibility": "shared"})),
            ..row(
                "POST",
                "/api/v1/orgs/{org}/seekers/{seeker}/notes",
                [401, 404, 404, 404, 403, 201, 201, 201],
            )
        },
        row(
            "GET",
            "/api/v1/orgs/{org}/seekers/{seeker}/export",
            JOURNEY_200,
        ),
        row("GET", "/api/v1/orgs/{org}/figures", ADMIN_200),
        row("GET", "/api/v1/orgs/{org}/exports/caseload.csv", STAFF_200),
        row("GET", "/api/v1/orgs/{org}/exports/contacts.csv", STAFF_200),
    ]
}

fn caller<'w>(world: &'w World, name: &str) -> Option<&'w Persona> {
    match name {
        "anonymous" => None,
        "other_seeker" => Some(&world.other_seeker),
        "other_counsellor" => Some(&world.other_counsellor),
        "other_admin" => Some(&world.other_admin),
        "seeker" => Some(&world.seeker),
        "counsellor" => Some(&world.counsellor),
        "admin" => Some(&world.admin),
        "platform_admin" => Some(&world.platform_admin),
        other => panic!("unknown caller {other}"),
    }
}

/// Fills a route or body template with the world's ids.
fn fill(template: &str, world: &World, caller: &str) -> String {
    template
        .replace("{org}", &world.org.pid.to_string())
        .replace("{user}", &world.target_member.pid.to_string())
        .replace("{invitation}", &world.invitation.pid.to_string())
        .replace("{seeker}", &world.target_seeker.pid.to_string())
        .replace("{token}", &world.invitation_token)
        .replace("{siret}", METZ_COMPANY)
        .replace("{id}", "999999")
        .replace("{caller}", &format!("{caller}-{}", world.org.id))
}

#[tokio::test]
async fn the_matrix_covers_every_api_route() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let served: BTreeSet<(String, String)> =
        loco_rs::boot::list_endpoints::<relais::app::App>(&booted.app_context)
            .into_iter()
            .filter(|route| route.uri.starts_with("/api/v1/"))
            .flat_map(|route| {
                route
                    .actions
                    .into_iter()
                    .map(move |method| (method.to_string(), route.uri.clone()))
            })
            .collect();
    let in_matrix: BTreeSet<(String, String)> = rows()
        .iter()
        .map(|row| (row.method.to_string(), row.route.to_string()))
        .collect();
    let in_rules: BTreeSet<(String, String)> = relais::authz::rules::RULES
        .iter()
        .map(|rule| (rule.method.to_string(), rule.path.to_string()))
        .collect();

    assert_eq!(
        served, in_matrix,
        "the routes served and the matrix rows differ"
    );
    assert_eq!(
        served, in_rules,
        "the routes served and the access rules differ"
    );
}

#[tokio::test]
async fn every_route_answers_each_caller_as_the_matrix_says() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = booted.app_context.clone();
    let server = server(&booted);
    let mut failures = Vec::new();
    for (index, row) in rows().into_iter().enumerate() {
        // A world of its own per row (its own organisations and people), so
        // one row's writes do not meet another's.
        let world = World::build_named(&ctx, &format!("-row{index}")).await;
        for (name, expected) in CALLERS.iter().zip(row.statuses) {
            let path = format!("{}{}", fill(row.route, &world, name), row.query);
            let body = row.body.map(|body| {
                let text = fill(&body().to_string(), &world, name);
                serde_json::from_str::<Value>(&text).unwrap()
            });
            let method = Method::from_bytes(row.method.as_bytes()).unwrap();
            let response = send(&server, method, &path, caller(&world, name), body.as_ref()).await;
            if response.status_code().as_u16() != expected {
                failures.push(format!(
                    "{} {} as {name}: expected {expected}, got {} {}",
                    row.method,
                    row.route,
                    response.status_code().as_u16(),
                    response.text()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
