//! The digital coach: the outbox of every email, the one-click links the
//! coach's emails carry, each person's email preferences, when the coach
//! asks next about a kept company, and the kinds of email an organisation
//! switched off.

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for column in [
            integer("coach_round").default(0).to_owned(),
            timestamp_with_time_zone_null("coach_due_at"),
        ] {
            m.alter_table(
                Table::alter()
                    .table("shortlist_entries")
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(index("shortlist_entries", &["coach_due_at"]))
            .await?;
        for column in ["coach_reminders", "coach_nudges", "coach_digests"] {
            m.alter_table(
                Table::alter()
                    .table("organisations")
                    .add_column(boolean(column).default(true))
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table("outbox_messages")
                .col(pk_auto("id"))
                .col(uuid_uniq("pid"))
                .col(string("kind"))
                .col(string_uniq("dedup_key"))
                .col(integer_null("organisation_id"))
                .col(integer_null("user_id"))
                .col(string("sender"))
                .col(string("recipient"))
                .col(string("subject"))
                .col(text_null("text_body"))
                .col(text_null("html_body"))
                .col(string_null("unsubscribe_url"))
                .col(string("state"))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(string_null("claim"))
                .col(timestamp_with_time_zone_null("claimed_at"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("outbox_messages", &["state", "next_attempt_at"]))
            .await?;
        m.create_index(index("outbox_messages", &["claim"])).await?;

        m.create_table(
            Table::create()
                .table("coach_links")
                .col(pk_auto("id"))
                .col(string_uniq("token_hash"))
                .col(string("purpose"))
                .col(integer("user_id"))
                .col(integer_null("entry_id"))
                .col(integer_null("round"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(string_null("answer"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("coach_links", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("coach_links", &["entry_id"])).await?;

        m.create_table(
            Table::create()
                .table("email_preferences")
                .col(pk_auto("id"))
                .col(integer_uniq("user_id"))
                .col(timestamp_with_time_zone_null("paused_at"))
                .col(timestamp_with_time_zone_null("snoozed_until"))
                .col(timestamp_with_time_zone_null("unsubscribed_at"))
                .col(string("digest_frequency"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("email_preferences", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["email_preferences", "coach_links", "outbox_messages"] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_shortlist_entries_coach_due_at")
                .table("shortlist_entries")
                .to_owned(),
        )
        .await?;
        for column in ["coach_round", "coach_due_at"] {
            m.alter_table(
                Table::alter()
                    .table("shortlist_entries")
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        for column in ["coach_reminders", "coach_nudges", "coach_digests"] {
            m.alter_table(
                Table::alter()
                    .table("organisations")
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
