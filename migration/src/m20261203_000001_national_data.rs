//! National reference data shared by every organisation: the job and activity
//! nomenclatures, places, and the establishments the matching engine ranks.
//!
//! Codes (ROME, NAF, INSEE, SIRET) are the primary keys: they are stable
//! public identifiers, and later tables refer to establishments by SIRET.

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("rome_codes")
                .col(string_len("code", 5).primary_key())
                .col(string("label"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("ogr_titles")
                .col(string_len("code", 10).primary_key())
                .col(string("label"))
                .col(string_len("rome_code", 5))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ogr_titles", &["rome_code"])).await?;

        m.create_table(
            Table::create()
                .table("naf_codes")
                .col(string_len("code", 5).primary_key())
                .col(string("label"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("rome_naf_hirings")
                .col(string_len("rome_code", 5))
                .col(string_len("naf_code", 5))
                .col(integer("hirings"))
                .primary_key(Index::create().col("rome_code").col("naf_code"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("communes")
                .col(string_len("insee_code", 5).primary_key())
                .col(string("name"))
                .col(double_null("latitude"))
                .col(double_null("longitude"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("postcodes")
                .col(string_len("postcode", 5))
                .col(string_len("insee_code", 5))
                .col(string("locality"))
                .primary_key(Index::create().col("postcode").col("insee_code"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("postcodes", &["insee_code"])).await?;

        m.create_table(
            Table::create()
                .table("contact_modes")
                .col(string_len("naf_division", 2))
                .col(string_len("rome_code", 5))
                .col(string("mode"))
                .primary_key(Index::create().col("naf_division").col("rome_code"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("job_tensions")
                .col(string_len("rome_code", 5))
                .col(string_len("fap_code", 5))
                .col(string("fap_label"))
                .col(double("tension_pct"))
                .primary_key(Index::create().col("rome_code").col("fap_code"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("establishments")
                .col(string_len("siret", 14).primary_key())
                .col(string("name"))
                .col(string_null("trade_name"))
                .col(string_len("naf_code", 5))
                .col(string_len_null("headcount", 2))
                .col(string_null("street_number"))
                .col(string_null("street_name"))
                .col(string_len_null("postcode", 5))
                .col(string_len("commune_code", 5))
                .col(double("latitude"))
                .col(double("longitude"))
                .col(boolean("approximate_location"))
                .col(string_null("phone"))
                .col(string_null("email"))
                .col(string_null("website"))
                .col(string_null("contact_mode"))
                .col(boolean("flag_junior"))
                .col(boolean("flag_senior"))
                .col(boolean("flag_handicap"))
                .col(boolean("flag_alternance"))
                .col(boolean("flag_poe_afpr"))
                .col(boolean("flag_pmsmp"))
                .col(double("hiring"))
                .col(big_integer("content_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("establishments", &["naf_code"]))
            .await?;

        m.create_table(
            Table::create()
                .table("import_runs")
                .col(pk_auto("id"))
                .col(string("kind"))
                .col(string("source"))
                .col(string("status"))
                .col(big_integer("rows_read"))
                .col(big_integer("rows_inserted"))
                .col(big_integer("rows_updated"))
                .col(big_integer("rows_unchanged"))
                .col(big_integer("rows_rejected"))
                .col(string_null("report_path"))
                .col(text_null("error"))
                .col(timestamp_with_time_zone("started_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "import_runs",
            "establishments",
            "job_tensions",
            "contact_modes",
            "postcodes",
            "communes",
            "rome_naf_hirings",
            "naf_codes",
            "ogr_titles",
            "rome_codes",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
