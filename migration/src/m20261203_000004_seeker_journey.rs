//! The seeker's journey: a profile, a shortlist of companies (proposed,
//! kept or dismissed), the status history of each kept company, the contact
//! log, counsellors' notes, and the job offers companies publish.
//!
//! Every table owned by an organisation carries `organisation_id`.

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("seekers")
                .add_column(timestamp_with_time_zone_null("last_activity_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("seeker_profiles")
                .col(pk_auto("id"))
                .col(integer_uniq("seeker_id"))
                .col(integer("organisation_id"))
                .col(text("target_jobs"))
                .col(string("commune_code"))
                .col(string_null("postcode"))
                .col(string("place_name"))
                .col(double("latitude"))
                .col(double("longitude"))
                .col(double("max_distance_km"))
                .col(string("mobility"))
                .col(string_null("headcount_min"))
                .col(string_null("headcount_max"))
                .col(text("avoided_sectors"))
                .col(text("skills"))
                .col(text_null("aspirations"))
                .col(date_null("available_from"))
                .col(integer_null("shortlist_data_version"))
                .col(timestamp_with_time_zone_null("shortlist_refreshed_at"))
                .col(timestamp_with_time_zone_null("shortlist_first_built_at"))
                .col(integer_null("updated_by_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("seeker_profiles", "seeker_id", "seekers"))
                .foreign_key(&mut fk(
                    "seeker_profiles",
                    "organisation_id",
                    "organisations",
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("shortlist_entries")
                .col(pk_auto("id"))
                .col(integer("seeker_id"))
                .col(integer("organisation_id"))
                .col(string_len("siret", 14))
                .col(string("romes"))
                .col(string("state"))
                .col(boolean("is_new"))
                .col(string_null("dismiss_reason"))
                .col(string_null("status"))
                .col(timestamp_with_time_zone_null("status_changed_at"))
                .col(timestamp_with_time_zone("proposed_at"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("shortlist_entries", "seeker_id", "seekers"))
                .foreign_key(&mut fk(
                    "shortlist_entries",
                    "organisation_id",
                    "organisations",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index("shortlist_entries", &["seeker_id", "siret"])
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(index("shortlist_entries", &["organisation_id", "state"]))
            .await?;

        m.create_table(
            Table::create()
                .table("contacts")
                .col(pk_auto("id"))
                .col(uuid_uniq("pid"))
                .col(integer("entry_id"))
                .col(integer("seeker_id"))
                .col(integer("organisation_id"))
                .col(string_len("siret", 14))
                .col(string("method"))
                .col(date("contacted_on"))
                .col(text_null("note"))
                .col(string("outcome"))
                .col(integer("created_by_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("contacts", "entry_id", "shortlist_entries"))
                .foreign_key(&mut fk("contacts", "seeker_id", "seekers"))
                .foreign_key(&mut fk("contacts", "organisation_id", "organisations"))
                .foreign_key(&mut fk("contacts", "created_by_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("contacts", &["siret", "contacted_on"]))
            .await?;
        m.create_index(index("contacts", &["organisation_id", "seeker_id"]))
            .await?;
        m.create_index(index("contacts", &["entry_id"])).await?;

        m.create_table(
            Table::create()
                .table("status_changes")
                .col(pk_auto("id"))
                .col(integer("entry_id"))
                .col(integer("seeker_id"))
                .col(integer("organisation_id"))
                .col(string_null("from_status"))
                .col(string("to_status"))
                .col(integer_null("contact_id"))
                .col(integer_null("actor_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("status_changes", "entry_id", "shortlist_entries"))
                .foreign_key(&mut fk("status_changes", "seeker_id", "seekers"))
                .foreign_key(&mut fk(
                    "status_changes",
                    "organisation_id",
                    "organisations",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("status_changes", &["organisation_id", "seeker_id"]))
            .await?;
        m.create_index(index("status_changes", &["entry_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("notes")
                .col(pk_auto("id"))
                .col(uuid_uniq("pid"))
                .col(integer("seeker_id"))
                .col(integer("organisation_id"))
                .col(integer("author_id"))
                .col(string("visibility"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("notes", "seeker_id", "seekers"))
                .foreign_key(&mut fk("notes", "organisation_id", "organisations"))
                .foreign_key(&mut fk("notes", "author_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("notes", &["organisation_id", "seeker_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("offers")
                .col(pk_auto("id"))
                .col(string_uniq("source_id"))
                .col(string("title"))
                .col(string_len("rome_code", 5))
                .col(string_len("siret", 14))
                .col(string("contract_type"))
                .col(string("place"))
                .col(date("published_on"))
                .col(date("ends_on"))
                .col(string_null("url"))
                .col(big_integer("content_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("offers", &["siret"])).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "offers",
            "notes",
            "status_changes",
            "contacts",
            "shortlist_entries",
            "seeker_profiles",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table("seekers")
                .drop_column("last_activity_at")
                .to_owned(),
        )
        .await
    }
}
