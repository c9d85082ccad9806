//! How a status change was made, when not in the interface: through an
//! answer to one of the coach's emails, or by the coach itself.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("status_changes")
                .add_column(string_null("via"))
                .to_owned(),
        )
        .await?;
        // Before this column, the coach's giving up was the only change
        // made by nobody. Answers given by email cannot be told apart from
        // changes in the interface, and stay unmarked.
        m.exec_stmt(
            Query::update()
                .table("status_changes")
                .value("via", "coach")
                .and_where(Expr::col("actor_id").is_null())
                .and_where(Expr::col("to_status").eq("no_answer"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("status_changes")
                .drop_column("via")
                .to_owned(),
        )
        .await
    }
}
