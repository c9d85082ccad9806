//! Relais' own settings, read from the `settings:` block of `config/<env>.yaml`.
//!
//! Environment variables reach these values through the YAML templates
//! (`get_env(name="RELAIS_DATA_DIR", ...)`), so application code never reads
//! the environment itself.

use std::path::PathBuf;

use loco_rs::prelude::*;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// Folder holding `referentials/` and `establishments/` (see `docs/data.md`).
    pub data_dir: PathBuf,
    /// Where import tasks write their reports of rejected rows.
    #[serde(default = "default_report_dir")]
    pub import_report_dir: PathBuf,
    /// How often, at most, a request checks whether an import changed the data
    /// behind the in-memory matching index. `0` checks on every request.
    #[serde(default = "default_refresh_check_seconds")]
    pub index_refresh_check_seconds: u64,
    /// How often, at most, a request checks whether roles changed in another
    /// process. `0` checks on every request.
    #[serde(default = "default_refresh_check_seconds")]
    pub authz_refresh_check_seconds: u64,
    /// Whether session cookies carry `Secure` (HTTPS only). Browsers accept
    /// it on `http://localhost` too.
    #[serde(default = "default_true")]
    pub secure_cookies: bool,
    /// The `From` of every email, e.g. `Relais <ne-pas-repondre@example.org>`.
    #[serde(default = "default_mail_from")]
    pub mail_from: String,
    /// Days an invitation link stays valid.
    #[serde(default = "default_invitation_days")]
    pub invitation_valid_days: i64,
    /// Import the data of `data_dir` when a server starts on a database that
    /// has never had an import: the embedded quick start.
    #[serde(default)]
    pub import_on_first_start: bool,
}

fn default_report_dir() -> PathBuf {
    PathBuf::from("tmp/import-reports")
}

const fn default_refresh_check_seconds() -> u64 {
    10
}

fn default_mail_from() -> String {
    "Relais <ne-pas-repondre@relais.localhost>".to_string()
}

const fn default_true() -> bool {
    true
}

const fn default_invitation_days() -> i64 {
    7
}

impl Settings {
    /// Reads the settings block of the loaded configuration.
    ///
    /// # Errors
    /// When the block is missing or does not have the expected shape.
    pub fn from_context(ctx: &AppContext) -> Result<Self> {
        let value = ctx
            .config
            .settings
            .clone()
            .ok_or_else(|| Error::string("config: the `settings:` block is missing"))?;
        serde_json::from_value(value)
            .map_err(|err| Error::string(&format!("config: invalid `settings:` block: {err}")))
    }

    #[must_use]
    pub fn referentials_dir(&self) -> PathBuf {
        self.data_dir.join("referentials")
    }

    #[must_use]
    pub fn establishments_file(&self) -> PathBuf {
        self.data_dir.join("establishments").join("moselle-57.csv")
    }
}
