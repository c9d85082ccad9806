mod generate;
mod imports;
mod offers;
mod outbox;
mod recommend;

use loco_rs::task::Vars;

/// A task's `key:value` arguments.
fn vars(args: &[(&str, &str)]) -> Vars {
    Vars::from_cli_args(
        args.iter()
            .map(|(key, value)| ((*key).to_string(), (*value).to_string()))
            .collect(),
    )
}
