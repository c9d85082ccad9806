pub mod coach;
pub mod generate;
pub mod imports;
pub mod offers;
pub mod platform_admin;
pub mod recommend;

use loco_rs::{task::Vars, Error, Result};

/// Refuses arguments a task does not know, so that a misspelled one
/// (`fil:` for `file:`) is not silently ignored.
///
/// # Errors
/// When an argument is not in `allowed`.
pub fn check_args(vars: &Vars, allowed: &[&str]) -> Result<()> {
    match vars.cli.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(unknown) if allowed.is_empty() => Err(Error::string(&format!(
            "unknown argument `{unknown}`: this task takes no arguments"
        ))),
        Some(unknown) => Err(Error::string(&format!(
            "unknown argument `{unknown}`: this task takes {}",
            allowed
                .iter()
                .map(|name| format!("{name}:"))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        None => Ok(()),
    }
}
