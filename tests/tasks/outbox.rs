//! The operator's `outbox` task: list and retry failed messages.

use chrono::Utc;
use loco_rs::{prelude::*, task::Task};
use relais::{models::outbox, tasks::coach::Outbox};
use sea_orm::sea_query::Expr;

use super::vars;
use crate::support::{
    boot, create_db,
    people::{queue_plain_email, sent_emails},
};

#[tokio::test]
async fn failed_messages_are_listed_and_retried_once_each() {
    let db = create_db(None).await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    // Nothing failed yet: retrying every failed message does nothing.
    Outbox
        .run(ctx, &vars(&[("retry", "failed")]))
        .await
        .unwrap();

    for n in 0..2 {
        queue_plain_email(ctx, n, Utc::now()).await;
    }
    outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value("failed"))
        .col_expr(outbox::Column::Attempts, Expr::value(6))
        .exec(&ctx.db)
        .await
        .unwrap();

    Outbox.run(ctx, &vars(&[])).await.unwrap();
    Outbox.run(ctx, &vars(&[("state", "all")])).await.unwrap();
    let wrong = Outbox
        .run(ctx, &vars(&[("state", "lost")]))
        .await
        .unwrap_err();
    assert!(
        wrong.to_string().contains("unknown message state \"lost\""),
        "{wrong}"
    );
    let wrong = Outbox
        .run(ctx, &vars(&[("retry", "abc")]))
        .await
        .unwrap_err();
    assert!(
        wrong
            .to_string()
            .contains("expected a message id or `failed`"),
        "{wrong}"
    );

    Outbox
        .run(ctx, &vars(&[("retry", "failed")]))
        .await
        .unwrap();
    let states: Vec<String> = outbox::Entity::find()
        .all(&ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|message| message.state)
        .collect();
    assert_eq!(states, ["sent", "sent"]);
    assert_eq!(sent_emails(ctx).len(), 2);
    Outbox
        .run(ctx, &vars(&[("retry", "failed")]))
        .await
        .unwrap();
    assert_eq!(
        sent_emails(ctx).len(),
        2,
        "a sent message is not sent again"
    );
}
