//! The import tasks an operator runs when national data is published:
//! `import_referentials` first, then `import_establishments`.

use std::path::{Path, PathBuf};

use loco_rs::prelude::*;

use crate::{
    models::{
        establishments,
        import_runs::{self, ImportError, ImportKind, ImportSummary},
        referentials,
    },
    settings::Settings,
};

/// How many rejected rows a task prints before pointing to the report.
const REJECTED_SHOWN: usize = 10;

fn print_summary(run: &import_runs::Model, summary: &ImportSummary) {
    println!("import #{} of {}: {summary}", run.id, run.source);
    if !summary.changed() {
        println!("nothing changed: the data was already up to date");
    }
    for row in summary.rejected.iter().take(REJECTED_SHOWN) {
        println!(
            "  rejected {} line {}: {} {:?}: {}",
            row.file, row.line, row.field, row.value, row.reason
        );
    }
    if let Some(path) = &run.report_path {
        println!("rejected rows and their reasons: {path}");
    }
}

pub(super) fn task_error(err: ImportError) -> Error {
    Error::string(&format!("import failed, nothing was changed: {err}"))
}

fn path_arg(vars: &task::Vars, name: &str, default: impl FnOnce() -> PathBuf) -> PathBuf {
    vars.cli_arg(name).map_or_else(|_| default(), PathBuf::from)
}

/// Imports the nomenclatures of a `referentials/` folder.
pub async fn import_referentials(ctx: &AppContext, dir: &Path) -> Result<()> {
    let settings = Settings::from_context(ctx)?;
    let (run, summary) = import_runs::recorded(
        &ctx.db,
        ImportKind::Referentials,
        dir,
        &settings.import_report_dir,
        referentials::import(&ctx.db, dir),
    )
    .await
    .map_err(task_error)?;
    print_summary(&run, &summary);
    Ok(())
}

/// Imports (upserts) the establishments of a CSV file.
pub async fn import_establishments(ctx: &AppContext, file: &Path) -> Result<()> {
    let settings = Settings::from_context(ctx)?;
    let (run, summary) = import_runs::recorded(
        &ctx.db,
        ImportKind::Establishments,
        file,
        &settings.import_report_dir,
        establishments::import_csv(&ctx.db, file),
    )
    .await
    .map_err(task_error)?;
    print_summary(&run, &summary);
    Ok(())
}

pub struct ImportReferentials;

#[async_trait]
impl Task for ImportReferentials {
    fn task(&self) -> TaskInfo {
        TaskInfo {
            name: "import_referentials".to_string(),
            detail: "Import the national nomenclatures (ROME, OGR, NAF, ROME×NAF hirings, \
                     postcodes, contact modes, jobs in short supply).\nUsage: cargo loco task \
                     import_referentials [dir:<folder>] (default: $RELAIS_DATA_DIR/referentials)"
                .to_string(),
        }
    }

    async fn run(&self, ctx: &AppContext, vars: &task::Vars) -> Result<()> {
        super::check_args(vars, &["dir"])?;
        let settings = Settings::from_context(ctx)?;
        let dir = path_arg(vars, "dir", || settings.referentials_dir());
        import_referentials(ctx, &dir).await
    }
}

pub struct ImportEstablishments;

#[async_trait]
impl Task for ImportEstablishments {
    fn task(&self) -> TaskInfo {
        TaskInfo {
            name: "import_establishments".to_string(),
            detail: "Import (upsert by SIRET) the establishments of a CSV file.\nUsage: cargo \
                     loco task import_establishments [file:<path.csv>] (default: \
                     $RELAIS_DATA_DIR/establishments/moselle-57.csv)"
                .to_string(),
        }
    }

    async fn run(&self, ctx: &AppContext, vars: &task::Vars) -> Result<()> {
        super::check_args(vars, &["file"])?;
        let settings = Settings::from_context(ctx)?;
        let file = path_arg(vars, "file", || settings.establishments_file());
        import_establishments(ctx, &file).await
    }
}
