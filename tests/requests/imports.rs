//! The platform admin reads the import runs and downloads their reports.

use axum::http::Method;
use relais::models::import_runs::{self, ImportKind, ImportSummary};
use serde_json::Value;

use crate::support::{
    people::{send, World},
    seeded_app,
};

#[tokio::test]
async fn the_platform_admin_lists_the_real_imports_newest_first_with_their_counts() {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;

    let response = send(
        &app.server,
        Method::GET,
        "/api/v1/imports",
        Some(&world.platform_admin),
        None,
    )
    .await;

    response.assert_status_ok();
    let runs: Value = response.json();
    let runs = runs.as_array().expect("a list of runs");
    let kinds: Vec<&str> = runs
        .iter()
        .map(|run| run["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["establishments", "referentials"]);
    let establishments = &runs[0];
    assert_eq!(establishments["status"], "succeeded", "{establishments}");
    assert!(establishments["source"]
        .as_str()
        .unwrap()
        .ends_with("moselle-57.csv"));
    assert_eq!(establishments["rows_read"], 17_091);
    assert_eq!(establishments["rows_inserted"], 17_039);
    assert_eq!(establishments["rows_unchanged"], 0);
    assert_eq!(establishments["rows_rejected"], 52);
    assert!(establishments["finished_at"].is_string());
    assert_eq!(
        establishments["report_url"],
        format!("/api/v1/imports/{}/report", establishments["id"])
    );
    assert!(runs[0]["id"].as_i64() > runs[1]["id"].as_i64());
}

#[tokio::test]
async fn a_runs_report_downloads_as_csv_with_the_rejected_rows() {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    let runs: Value = send(
        &app.server,
        Method::GET,
        "/api/v1/imports",
        Some(&world.platform_admin),
        None,
    )
    .await
    .json();
    let url = runs[0]["report_url"]
        .as_str()
        .expect("a report")
        .to_string();

    let response = send(
        &app.server,
        Method::GET,
        &url,
        Some(&world.platform_admin),
        None,
    )
    .await;

    response.assert_status_ok();
    assert_eq!(
        response.header("content-type").to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    assert!(response
        .header("content-disposition")
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"establishments-"));
    let report = response.text();
    assert!(
        report.starts_with("file;line;field;value;reason;outcome"),
        "{report}"
    );
    let rejected_naf = report
        .lines()
        .filter(|line| line.contains(";0000Z;") && line.ends_with(";rejected"))
        .count();
    assert_eq!(rejected_naf, 52, "{report}");
}

#[tokio::test]
async fn a_run_without_report_or_an_unknown_run_answers_404_saying_why() {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    let run = import_runs::Model::start(&app.ctx.db, ImportKind::Offers, "offers.json")
        .await
        .unwrap();
    let run = loco_rs::prelude::IntoActiveModel::into_active_model(run)
        .succeeded(&app.ctx.db, &ImportSummary::default(), None)
        .await
        .unwrap();

    for (path, expected) in [
        (
            format!("/api/v1/imports/{}/report", run.id),
            "has no report",
        ),
        (
            "/api/v1/imports/999999/report".to_string(),
            "no import run 999999",
        ),
        ("/api/v1/imports/abc/report".to_string(), "no import run"),
    ] {
        let response = send(
            &app.server,
            Method::GET,
            &path,
            Some(&world.platform_admin),
            None,
        )
        .await;
        assert_eq!(response.status_code().as_u16(), 404, "{path}");
        let body: Value = response.json();
        assert_eq!(body["error"], "not_found", "{body}");
        assert!(
            body["message"].as_str().unwrap().contains(expected),
            "{path}: {body}"
        );
    }

    let listed: Value = send(
        &app.server,
        Method::GET,
        "/api/v1/imports",
        Some(&world.platform_admin),
        None,
    )
    .await
    .json();
    assert_eq!(listed[0]["id"], run.id);
    assert_eq!(listed[0]["kind"], "offers");
    assert!(listed[0]["report_url"].is_null());
}

#[tokio::test]
async fn only_the_platform_admin_reads_the_imports() {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;

    for (persona, expected) in [
        (None, 401),
        (Some(&world.admin), 403),
        (Some(&world.counsellor), 403),
        (Some(&world.seeker), 403),
    ] {
        for path in ["/api/v1/imports", "/api/v1/imports/1/report"] {
            let response = send(&app.server, Method::GET, path, persona, None).await;
            assert_eq!(response.status_code().as_u16(), expected, "{path}");
        }
    }
}
