//! Sends what the outbox holds, at most once per message (see
//! [`crate::models::outbox`]), through the [`Postman`].

use chrono::{DateTime, Utc};
use loco_rs::prelude::*;
use serde::{Deserialize, Serialize};

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use futures_util::{stream, StreamExt};

use crate::{
    domain::OutboxState,
    mailers::postman::{Postman, SendFailure, CONNECTIONS},
    models::outbox,
};

/// Messages claimed at a time.
const BATCH: u64 = 200;

/// What one delivery run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    pub sent: usize,
    /// Failed attempts that will be retried later.
    pub to_retry: usize,
    /// Messages given up (refused by the server, or out of attempts).
    pub failed: usize,
    /// Whether the run stopped early because the server was unreachable.
    pub server_unreachable: bool,
}

/// Sends every pending message due at `now` (or only message `only`).
///
/// When the server cannot be reached at all, the run stops and the
/// messages not tried yet stay pending as they were, for the next run.
///
/// # Errors
/// When the database fails or the mailer is misconfigured.
pub async fn deliver_due(
    ctx: &AppContext,
    now: DateTime<Utc>,
    only: Option<i32>,
) -> Result<DeliveryReport> {
    let postman = Postman::of(ctx)?;
    let mut report = DeliveryReport::default();
    loop {
        let (claim, batch) = outbox::Model::claim_due(&ctx.db, only, now, BATCH).await?;
        if batch.is_empty() {
            return Ok(report);
        }
        // Sent [`CONNECTIONS`] at a time; once the server is found
        // unreachable, the messages not started yet are left untried.
        // What went out is recorded as the answers come, a few at a time,
        // so that a sender dying mid-batch leaves at most those few
        // "sending" (and so failed as interrupted), not the whole batch.
        let unreachable = Arc::new(AtomicBool::new(false));
        let mut results = stream::iter(batch)
            .map(|message: outbox::Model| {
                let (postman, unreachable) = (postman.clone(), unreachable.clone());
                async move {
                    if unreachable.load(Ordering::Relaxed) {
                        return (message, None);
                    }
                    let result = match message.envelope() {
                        Some(envelope) => postman.send(&envelope).await,
                        None => Err(SendFailure {
                            message: "the message has no body".to_string(),
                            permanent: true,
                            unreachable: false,
                        }),
                    };
                    if result.as_ref().is_err_and(|failure| failure.unreachable) {
                        unreachable.store(true, Ordering::Relaxed);
                    }
                    (message, Some(result))
                }
            })
            .buffer_unordered(CONNECTIONS)
            .ready_chunks(CONNECTIONS);
        let mut untried = Vec::new();
        let mut recorded = Ok(());
        while let Some(done) = results.next().await {
            let mut sent = Vec::with_capacity(done.len());
            for (message, result) in done {
                match result {
                    None => untried.push(message.id),
                    Some(Ok(())) => sent.push(message.id),
                    Some(Err(failure)) if recorded.is_ok() => {
                        tracing::warn!(message = message.id, kind = %message.kind, error = %failure, "email not sent");
                        match message.record_failure(&ctx.db, &failure, now).await {
                            Ok(OutboxState::Failed) => report.failed += 1,
                            Ok(_) => report.to_retry += 1,
                            Err(err) => recorded = Err(err),
                        }
                        if failure.unreachable {
                            report.server_unreachable = true;
                        }
                    }
                    // The database failed: the message stays claimed, and
                    // counts as interrupted later.
                    Some(Err(_)) => {}
                }
            }
            if recorded.is_ok() {
                recorded = outbox::Model::mark_sent(&ctx.db, &claim, &sent, now).await;
                report.sent += sent.len();
            }
        }
        // Whatever happened to the database meanwhile, the messages never
        // tried go back to the queue rather than wait as interrupted.
        outbox::Model::release(&ctx.db, &claim, &untried, now).await?;
        recorded?;
        if report.server_unreachable || only.is_some() {
            return Ok(report);
        }
    }
}

/// The worker that sends one queued message right away, so that a request
/// (an invitation, a password link) does not wait for the SMTP server.
pub struct DeliverMessage {
    ctx: AppContext,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DeliverMessageArgs {
    pub message_id: i32,
}

#[async_trait]
impl BackgroundWorker<DeliverMessageArgs> for DeliverMessage {
    fn build(ctx: &AppContext) -> Self {
        Self { ctx: ctx.clone() }
    }

    fn tags() -> Vec<String> {
        vec!["mail".to_string()]
    }

    async fn perform(&self, args: DeliverMessageArgs) -> Result<()> {
        let report = deliver_due(&self.ctx, Utc::now(), Some(args.message_id)).await?;
        if report.to_retry > 0 || report.failed > 0 {
            // The message stays in the outbox; the coach's scheduled run
            // retries it.
            tracing::warn!(
                message = args.message_id,
                "email left in the outbox for a later attempt"
            );
        }
        Ok(())
    }
}
