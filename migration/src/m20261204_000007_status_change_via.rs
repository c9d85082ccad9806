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
