//! Databases and servers for the integration tests.
//!
//! Every test gets a database of its own, on the engine `DATABASE_URL`
//! names (SQLite by default, PostgreSQL when it starts with `postgres://`),
//! so tests run in parallel. The real national data of `RELAIS_DATA_DIR`
//! (default `../shared/data`) is imported once per test run into a seeded
//! database that read-only tests share.

use std::path::{Path, PathBuf};

use axum::extract::connect_info::IntoMakeServiceWithConnectInfo;
use axum_test::TestServer;
use loco_rs::{
    app::{AppContext, Hooks},
    boot::{BootResult, StartMode},
    environment::Environment,
};
use relais::{app::App, settings::Settings, tasks::imports};
use sea_orm::{ConnectionTrait, Database};
use tokio::sync::OnceCell;

pub mod people;
pub mod smtp;

/// A database created for a test; PostgreSQL ones are dropped with it.
pub struct TestDb {
    pub url: String,
    postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((root_url, name)) = self.postgres.take() {
            // Drop runs outside any runtime guarantee: use a thread of its own.
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Runtime::new().expect("runtime");
                runtime.block_on(async {
                    if let Ok(root) = Database::connect(&root_url).await {
                        let _ = root
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                    }
                });
            })
            .join()
            .expect("drop thread");
        }
    }
}

fn base_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://relais_test.sqlite?mode=rwc".into())
}

fn unique_name(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        loco_rs::hash::random_string(6).to_lowercase()
    )
}

/// A new empty database; with `template`, a PostgreSQL copy of it.
pub async fn create_db(template: Option<&str>) -> TestDb {
    let base = base_url();
    if base.starts_with("postgres") {
        let mut root = url::Url::parse(&base).expect("DATABASE_URL is a URL");
        root.set_path("/postgres");
        let root_url = root.to_string();
        let name = unique_name("relais_test");
        let conn = Database::connect(&root_url)
            .await
            .expect("connect to PostgreSQL");
        let create = match template {
            Some(template) => format!("CREATE DATABASE {name} TEMPLATE {template}"),
            None => format!("CREATE DATABASE {name}"),
        };
        conn.execute_unprepared(&create)
            .await
            .expect("create test database");
        let mut url = root.clone();
        url.set_path(&format!("/{name}"));
        TestDb {
            url: url.to_string(),
            postgres: Some((root_url, name)),
            _dir: None,
        }
    } else {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("relais.sqlite");
        if let Some(template) = template {
            std::fs::copy(template, &file).expect("copy the seeded database");
        }
        TestDb {
            url: format!("sqlite://{}?mode=rwc", file.display()),
            postgres: None,
            _dir: Some(dir),
        }
    }
}

/// Boots the app (migrating the database) as a server would, without
/// listening.
pub async fn boot(db: &TestDb) -> BootResult {
    let mut config = App::load_config(&Environment::Test)
        .await
        .expect("test config");
    config.database.uri = db.url.clone();
    App::boot(StartMode::ServerOnly, &Environment::Test, config)
        .await
        .expect("boot")
}

pub fn server(boot: &BootResult) -> TestServer {
    let router = boot.router.clone().expect("a server has routes");
    let service: IntoMakeServiceWithConnectInfo<_, std::net::SocketAddr> =
        router.into_make_service_with_connect_info();
    TestServer::new(service).expect("test server")
}

pub fn data_dir(ctx: &AppContext) -> PathBuf {
    Settings::from_context(ctx).expect("settings").data_dir
}

pub fn moselle_csv(ctx: &AppContext) -> PathBuf {
    data_dir(ctx).join("establishments").join("moselle-57.csv")
}

/// Imports the real nomenclatures and, with `establishments`, the real
/// Moselle establishments.
pub async fn import_real_data(ctx: &AppContext, establishments: bool) {
    let dir = data_dir(ctx);
    imports::import_referentials(ctx, &dir.join("referentials"))
        .await
        .expect("referentials");
    if establishments {
        imports::import_establishments(ctx, &moselle_csv(ctx))
            .await
            .expect("establishments");
    }
}

/// The seeded database shared by read-only tests: its URL (PostgreSQL) or
/// file (SQLite), kept for the whole test run.
async fn seeded_template() -> &'static SeededTemplate {
    static SEEDED: OnceCell<SeededTemplate> = OnceCell::const_new();
    SEEDED
        .get_or_init(|| async {
            remove_stale_databases().await;
            let db = if base_url().starts_with("postgres") {
                create_db(None).await
            } else {
                std::fs::create_dir_all(seeded_sqlite_dir()).expect("test databases folder");
                let file =
                    seeded_sqlite_dir().join(format!("seeded-{}.sqlite", std::process::id()));
                let _ = std::fs::remove_file(&file);
                TestDb {
                    url: format!("sqlite://{}?mode=rwc", file.display()),
                    postgres: None,
                    _dir: None,
                }
            };
            {
                let booted = boot(&db).await;
                import_real_data(&booted.app_context, true).await;
                booted
                    .app_context
                    .db
                    .close_by_ref()
                    .await
                    .expect("close seeding connection");
            }
            SeededTemplate::new(db)
        })
        .await
}

fn process_is_alive(pid: &str) -> bool {
    Path::new("/proc").join(pid).exists()
}

/// Databases of earlier test runs outlive them (the shared seeded one is
/// never dropped): remove those whose process is gone.
async fn remove_stale_databases() {
    let base = base_url();
    if base.starts_with("postgres") {
        let mut root = url::Url::parse(&base).expect("DATABASE_URL is a URL");
        root.set_path("/postgres");
        let conn = Database::connect(root.as_str())
            .await
            .expect("connect to PostgreSQL");
        let rows = conn
            .query_all_raw(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                "SELECT datname FROM pg_database WHERE datname LIKE 'relais_test_%'",
            ))
            .await
            .expect("list databases");
        for row in rows {
            let name: String = row.try_get("", "datname").expect("datname");
            let pid = name.split('_').nth(2).unwrap_or_default();
            if !process_is_alive(pid) {
                let _ = conn
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            }
        }
    } else if let Ok(entries) = std::fs::read_dir(seeded_sqlite_dir()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let pid = name
                .trim_start_matches("seeded-")
                .trim_end_matches(".sqlite");
            if !process_is_alive(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

fn seeded_sqlite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("test-databases")
}

struct SeededTemplate {
    db: TestDb,
}

impl SeededTemplate {
    fn new(db: TestDb) -> Self {
        Self { db }
    }

    fn source(&self) -> String {
        template_source(&self.db)
    }
}

/// What [`create_db`] copies to clone `db`: its PostgreSQL name or SQLite
/// file. The copied database must have no open connection.
pub fn template_source(db: &TestDb) -> String {
    match &db.postgres {
        Some((_, name)) => name.clone(),
        None => db
            .url
            .trim_start_matches("sqlite://")
            .trim_end_matches("?mode=rwc")
            .to_string(),
    }
}

/// A database of its own holding the real national data, for a test that
/// may write to it.
pub async fn seeded_db() -> TestDb {
    let template = seeded_template().await;
    create_db(Some(&template.source())).await
}

/// A running app on a database of its own holding the real national data.
pub struct SeededApp {
    pub server: TestServer,
    pub ctx: AppContext,
    _boot: BootResult,
    _db: TestDb,
}

pub async fn seeded_app() -> SeededApp {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    SeededApp {
        server: server(&booted),
        ctx: booted.app_context.clone(),
        _boot: booted,
        _db: db,
    }
}
