use std::path::Path;

use async_trait::async_trait;
use axum::Router as AxumRouter;
use loco_rs::{
    app::{AppContext, Hooks, Initializer},
    bgworker::{BackgroundWorker, Queue},
    boot::{create_app, BootResult, StartMode},
    config::Config,
    controller::AppRoutes,
    environment::Environment,
    task::Tasks,
    Result,
};
use migration::Migrator;

use crate::{
    authz, controllers,
    models::{
        import_runs::{self, ImportKind},
        national_data::NationalDataStore,
    },
    settings::Settings,
    tasks,
};

pub struct App;

#[async_trait]
impl Hooks for App {
    fn app_name() -> &'static str {
        env!("CARGO_CRATE_NAME")
    }

    fn app_version() -> String {
        format!(
            "{} ({})",
            env!("CARGO_PKG_VERSION"),
            option_env!("BUILD_SHA")
                .or(option_env!("GITHUB_SHA"))
                .unwrap_or("dev")
        )
    }

    async fn boot(
        mode: StartMode,
        environment: &Environment,
        config: Config,
    ) -> Result<BootResult> {
        create_app::<Self, Migrator>(mode, environment, config).await
    }

    async fn initializers(_ctx: &AppContext) -> Result<Vec<Box<dyn Initializer>>> {
        Ok(vec![])
    }

    /// A server builds its matching index before it answers anything; on
    /// a database that never had an import, it can import the data first.
    async fn before_run(ctx: &AppContext) -> Result<()> {
        let settings = Settings::from_context(ctx)?;
        if settings.import_on_first_start {
            // Each kind is imported until one import of it has succeeded, so
            // a first start that failed half-way tries again.
            if !import_runs::Model::has_succeeded(&ctx.db, ImportKind::Referentials).await? {
                tracing::info!(data_dir = %settings.data_dir.display(), "first start: importing the nomenclatures");
                tasks::imports::import_referentials(ctx, &settings.referentials_dir()).await?;
            }
            if !import_runs::Model::has_succeeded(&ctx.db, ImportKind::Establishments).await? {
                tracing::info!(data_dir = %settings.data_dir.display(), "first start: importing the establishments");
                tasks::imports::import_establishments(ctx, &settings.establishments_file()).await?;
            }
        }
        NationalDataStore::of(ctx)?.get(&ctx.db).await?;
        Ok(())
    }

    fn routes(_ctx: &AppContext) -> AppRoutes {
        AppRoutes::with_default_routes()
            .add_route(controllers::auth::routes())
            .add_route(controllers::organisations::routes())
            .add_route(controllers::members::routes())
            .add_route(controllers::invitations::routes())
            .add_route(controllers::seekers::routes())
            .add_route(controllers::journey::routes())
            .add_route(controllers::data_export::routes())
            .add_route(controllers::figures::routes())
            .add_route(controllers::exports::routes())
            .add_route(controllers::audit::routes())
            .add_route(controllers::imports::routes())
            .add_route(controllers::companies::routes())
            .add_route(controllers::corrections::routes())
            .add_route(controllers::places::routes())
            .add_route(controllers::coach::routes())
            .add_route(controllers::openapi::routes())
            .add_route(controllers::not_found::routes())
    }

    /// Every routed request passes the access guard first.
    async fn after_routes(router: AxumRouter, ctx: &AppContext) -> Result<AxumRouter> {
        Ok(router.route_layer(axum::middleware::from_fn_with_state(
            ctx.clone(),
            authz::guard::guard,
        )))
    }

    async fn connect_workers(ctx: &AppContext, queue: &Queue) -> Result<()> {
        queue
            .register(crate::coach::delivery::DeliverMessage::build(ctx))
            .await?;
        Ok(())
    }

    fn register_tasks(tasks: &mut Tasks) {
        tasks.register(tasks::imports::ImportReferentials);
        tasks.register(tasks::imports::ImportEstablishments);
        tasks.register(tasks::offers::ImportOffers);
        tasks.register(tasks::recommend::Recommend);
        tasks.register(tasks::generate::GenerateEstablishments);
        tasks.register(tasks::platform_admin::CreatePlatformAdmin);
        tasks.register(tasks::coach::Coach);
        tasks.register(tasks::coach::Outbox);
    }

    async fn truncate(_ctx: &AppContext) -> Result<()> {
        Ok(())
    }

    async fn seed(_ctx: &AppContext, _base: &Path) -> Result<()> {
        Ok(())
    }
}
