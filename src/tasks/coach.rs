//! `coach`: one run of the digital coach (plan what is due, send the
//! outbox), and `outbox`: the operator's view of the outbox, with retries.
//! The scheduler runs `coach` (see `config/*.yaml` and `docs/coach.md`).

use chrono::Utc;
use loco_rs::prelude::*;

use crate::{coach, domain::OutboxState, models::outbox};

pub struct Coach;

#[async_trait]
impl Task for Coach {
    fn task(&self) -> TaskInfo {
        TaskInfo {
            name: "coach".to_string(),
            detail: "Plan the coach's due reminders, nudges and digests (from 9:00, French \
                     time), then send the outbox. Safe to run twice or at once.\nUsage: cargo \
                     loco task coach"
                .to_string(),
        }
    }

    async fn run(&self, ctx: &AppContext, vars: &task::Vars) -> Result<()> {
        super::check_args(vars, &[])?;
        let started = std::time::Instant::now();
        let report = coach::run(ctx, Utc::now()).await?;
        println!(
            "coach: {} reminders, {} companies marked no_answer, {} nudges, {} digests queued; \
             {} held back by settings",
            report.reminders, report.gave_up, report.nudges, report.digests, report.held_back
        );
        println!(
            "outbox: {} sent, {} to retry, {} failed{}{}",
            report.delivery.sent,
            report.delivery.to_retry,
            report.delivery.failed,
            if report.delivery.server_unreachable {
                "; the SMTP server could not be reached, the rest waits for the next run"
            } else {
                ""
            },
            if report.interrupted > 0 {
                format!(
                    "; {} interrupted while sending, now failed",
                    report.interrupted
                )
            } else {
                String::new()
            }
        );
        println!("in {:.1} s", started.elapsed().as_secs_f64());
        Ok(())
    }
}

pub struct Outbox;

#[async_trait]
impl Task for Outbox {
    fn task(&self) -> TaskInfo {
        TaskInfo {
            name: "outbox".to_string(),
            detail: "List the outbox (failed messages unless state: says otherwise), or put \
                     failed messages back in the queue.\nUsage: cargo loco task outbox \
                     [state:pending|sending|sent|failed|all] [retry:<id>|retry:failed]"
                .to_string(),
        }
    }

    async fn run(&self, ctx: &AppContext, vars: &task::Vars) -> Result<()> {
        super::check_args(vars, &["state", "retry"])?;
        let now = Utc::now();
        if let Ok(retry) = vars.cli_arg("retry") {
            let ids: Vec<i32> = if retry == "failed" {
                outbox::Model::retryable_failed_ids(&ctx.db).await?
            } else {
                vec![retry.parse().map_err(|_| {
                    Error::string(&format!(
                        "retry: expected a message id or `failed`, got {retry:?}"
                    ))
                })?]
            };
            for id in &ids {
                outbox::Model::retry(&ctx.db, *id, now)
                    .await
                    .map_err(|err| match err {
                        ModelError::EntityNotFound => {
                            Error::string(&format!("retry: no message {id}"))
                        }
                        other => other.into(),
                    })?;
            }
            println!("{} message(s) back in the queue; sending now", ids.len());
            let report = coach::deliver_due(ctx, now, None).await?;
            println!(
                "outbox: {} sent, {} to retry, {} failed",
                report.sent, report.to_retry, report.failed
            );
            return Ok(());
        }
        let state = match vars.cli_arg("state") {
            Err(_) => Some(OutboxState::Failed),
            Ok("all") => None,
            Ok(state) => Some(
                OutboxState::parse(state)
                    .map_err(|err| Error::string(&format!("state: {err} (or all)")))?,
            ),
        };
        let messages = outbox::Model::list(&ctx.db, state, 200).await?;
        let mut table = comfy_table::Table::new();
        table.set_header([
            "id",
            "kind",
            "recipient",
            "state",
            "attempts",
            "created",
            "last error",
        ]);
        for message in &messages {
            table.add_row([
                message.id.to_string(),
                message.kind.clone(),
                message.recipient.clone(),
                message.state.clone(),
                message.attempts.to_string(),
                message.created_at.format("%Y-%m-%d %H:%M").to_string(),
                message.last_error.clone().unwrap_or_default(),
            ]);
        }
        println!("{table}");
        println!("{} message(s)", messages.len());
        Ok(())
    }
}
