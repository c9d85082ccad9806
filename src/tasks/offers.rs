//! `import_offers`: the job offers of a JSON document (see `docs/offers.md`).

use std::path::Path;

use loco_rs::prelude::*;

use crate::{
    models::{
        import_runs::{self, ImportKind, ImportSummary},
        offers,
    },
    settings::Settings,
};

/// How many rejected offers the task prints before pointing to the report.
const REJECTED_SHOWN: usize = 10;

fn print_summary(run: &import_runs::Model, summary: &ImportSummary) {
    println!("import #{} of {}", run.id, run.source);
    println!(
        "{} offers read: {} imported, {} updated, {} unchanged, {} already ended (not \
         imported), {} rejected",
        summary.read,
        summary.inserted,
        summary.updated,
        summary.unchanged,
        summary.expired,
        summary.rejected_rows()
    );
    println!("ended offers dropped: {}", summary.removed);
    if !summary.changed() {
        println!("nothing changed: the offers were already up to date");
    }
    for row in summary.rejected.iter().take(REJECTED_SHOWN) {
        println!(
            "  rejected offer {}: {} {:?}: {}",
            row.line, row.field, row.value, row.reason
        );
    }
    if let Some(path) = &run.report_path {
        println!("rejected offers and their reasons: {path}");
    }
}

/// Imports the offers of `file` as of `today`, recorded in `import_runs`.
///
/// # Errors
/// When the import fails; the database is then left as it was.
pub async fn import_offers(ctx: &AppContext, file: &Path, today: chrono::NaiveDate) -> Result<()> {
    let settings = Settings::from_context(ctx)?;
    let (run, summary) = import_runs::recorded(
        &ctx.db,
        ImportKind::Offers,
        file,
        &settings.import_report_dir,
        offers::import_json(&ctx.db, file, today),
    )
    .await
    .map_err(super::imports::task_error)?;
    print_summary(&run, &summary);
    Ok(())
}

pub struct ImportOffers;

#[async_trait]
impl Task for ImportOffers {
    fn task(&self) -> TaskInfo {
        TaskInfo {
            name: "import_offers".to_string(),
            detail: "Import (upsert by id) the job offers of a JSON document, and drop the \
                     offers past their end date.\nUsage: cargo loco task import_offers \
                     file:<offers.json>"
                .to_string(),
        }
    }

    async fn run(&self, ctx: &AppContext, vars: &task::Vars) -> Result<()> {
        super::check_args(vars, &["file"])?;
        let file = vars
            .cli_arg("file")
            .map_err(|_| Error::string("file is required: import_offers file:<offers.json>"))?;
        // The machine's calendar day rather than UTC's: an offer published
        // in France stays open until the end of its end date there.
        let today = chrono::Local::now().date_naive();
        import_offers(ctx, Path::new(file), today).await
    }
}
