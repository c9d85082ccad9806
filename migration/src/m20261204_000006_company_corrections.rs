//! Corrections the platform admin makes to the imported establishments:
//! one row per SIRET, kept apart from `establishments` so that a new
//! import of the establishments file never overwrites them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("company_corrections")
                .col(string_len("siret", 14).primary_key())
                .col(boolean("hidden").default(false))
                .col(text_null("hidden_reason"))
                .col(string_null("name"))
                .col(string_null("phone"))
                .col(string_null("email"))
                .col(text_null("website"))
                // A JSON list of {"rome", "factor"}.
                .col(text("boosts"))
                .col(integer_null("updated_by_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("company_corrections").to_owned())
            .await
    }
}
