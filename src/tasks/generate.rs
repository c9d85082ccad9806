//! `generate_establishments`: writes a France-sized establishments file
//! from the Moselle one, for the performance measurements
//! (docs/performance.md).

use std::{fs::File, io::BufWriter, path::PathBuf};

use loco_rs::prelude::*;

use crate::{models::establishments::synthetic, settings::Settings};

/// Rows written when `rows:` is not given: about as many establishments
/// as France has.
pub const DEFAULT_ROWS: u64 = 2_000_000;

/// The seed used when `seed:` is not given.
pub const DEFAULT_SEED: u64 = 2026;

fn whole_number(vars: &task::Vars, name: &str, default: u64, min: u64) -> Result<u64> {
    match vars.cli_arg(name) {
        Err(_) => Ok(default),
        Ok(value) => value
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|number| *number >= min)
            .ok_or_else(|| {
                Error::string(&format!(
                    "{name}: expected a whole number of at least {min}, got {value:?}"
                ))
            }),
    }
}

pub struct GenerateEstablishments;

#[async_trait]
impl Task for GenerateEstablishments {
    fn task(&self) -> TaskInfo {
        TaskInfo {
            name: "generate_establishments".to_string(),
            detail: "Write a France-sized establishments file from the Moselle one \
                     (rows:2000000 seed:2026 file:tmp/establishments-france.csv)"
                .to_string(),
        }
    }

    async fn run(&self, ctx: &AppContext, vars: &task::Vars) -> Result<()> {
        super::check_args(vars, &["rows", "seed", "file"])?;
        let rows = whole_number(vars, "rows", DEFAULT_ROWS, 1)?;
        let seed = whole_number(vars, "seed", DEFAULT_SEED, 0)?;
        let file = vars.cli_arg("file").map_or_else(
            |_| PathBuf::from("tmp/establishments-france.csv"),
            PathBuf::from,
        );
        let settings = Settings::from_context(ctx)?;
        let communes =
            synthetic::communes(&settings.referentials_dir().join("laposte_hexasmal.csv"))
                .map_err(|err| Error::string(&err.to_string()))?;

        // Written beside its destination, then renamed: a failed run
        // leaves no half-written file under the name asked for.
        if let Some(parent) = file
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)?;
        }
        let partial = file.with_extension("csv.partial");
        let started = std::time::Instant::now();
        let generated = synthetic::generate(
            &settings.establishments_file(),
            &communes,
            rows,
            seed,
            BufWriter::new(File::create(&partial)?),
        );
        let generated = match generated {
            Ok(generated) => generated,
            Err(err) => {
                let _ = std::fs::remove_file(&partial);
                return Err(Error::string(&err.to_string()));
            }
        };
        std::fs::rename(&partial, &file)?;
        tracing::info!(
            rows = generated.rows,
            in_paris = generated.in_paris,
            seed,
            "establishments generated"
        );
        println!(
            "{}: {} establishments ({} in Paris) over {} communes, seed {seed}, in {:.1} s",
            file.display(),
            generated.rows,
            generated.in_paris,
            generated.communes,
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }
}
