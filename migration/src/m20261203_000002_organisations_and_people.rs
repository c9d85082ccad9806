//! Partner organisations (the tenants), the people who use Relais and their
//! roles, invitations, sessions, one-time sign-in tokens and the audit log.
//!
//! Every table owned by an organisation carries `organisation_id`.

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("organisations")
                .col(pk_auto("id"))
                .col(uuid_uniq("pid"))
                .col(string("name"))
                .col(string("kind"))
                .col(string_len_null("siret", 14))
                .col(string("departments"))
                .col(string_null("sender_name"))
                .col(integer("reminder_delay_days"))
                .col(integer("follow_up_delay_days"))
                .col(integer("reminder_max_rounds"))
                .col(integer("stalled_after_days"))
                .col(integer("retention_months"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("users")
                .col(pk_auto("id"))
                .col(uuid_uniq("pid"))
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string_null("password_hash"))
                .col(boolean("is_platform_admin"))
                .col(string_len("locale", 5))
                .col(timestamp_with_time_zone_null("deactivated_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("memberships")
                .col(pk_auto("id"))
                .col(integer("organisation_id"))
                .col(integer("user_id"))
                .col(string("role"))
                .col(timestamp_with_time_zone_null("deactivated_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("memberships", "organisation_id", "organisations"))
                .foreign_key(&mut fk("memberships", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index("memberships", &["organisation_id", "user_id"])
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(index("memberships", &["user_id"])).await?;

        m.create_table(
            Table::create()
                .table("seekers")
                .col(pk_auto("id"))
                .col(uuid_uniq("pid"))
                .col(integer("organisation_id"))
                .col(integer_uniq("user_id"))
                .col(integer_null("referent_id"))
                .col(timestamp_with_time_zone("terms_accepted_at"))
                .col(string("terms_version"))
                .col(timestamp_with_time_zone("consent_at"))
                .col(string("consent_version"))
                .col(timestamp_with_time_zone_null("deactivated_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("seekers", "organisation_id", "organisations"))
                .foreign_key(&mut fk("seekers", "user_id", "users"))
                .foreign_key(&mut fk("seekers", "referent_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("seekers", &["organisation_id", "referent_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("invitations")
                .col(pk_auto("id"))
                .col(uuid_uniq("pid"))
                .col(integer("organisation_id"))
                .col(string("email"))
                .col(string("role"))
                .col(string_uniq("token_hash"))
                .col(integer("invited_by_id"))
                .col(integer_null("referent_id"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .col(integer_null("accepted_by_id"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(integer("send_count"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("invitations", "organisation_id", "organisations"))
                .foreign_key(&mut fk("invitations", "invited_by_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("invitations", &["organisation_id", "email"]))
            .await?;

        m.create_table(
            Table::create()
                .table("sessions")
                .col(pk_auto("id"))
                .col(string_uniq("token_hash"))
                .col(string("csrf_token"))
                .col(integer("user_id"))
                .col(string_null("ip"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("sessions", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", &["user_id"])).await?;

        m.create_table(
            Table::create()
                .table("auth_tokens")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string("purpose"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("auth_tokens", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("auth_tokens", &["user_id", "purpose"]))
            .await?;

        m.create_table(
            Table::create()
                .table("sign_in_attempts")
                .col(pk_auto("id"))
                .col(string("email"))
                .col(string("ip"))
                .col(boolean("succeeded"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sign_in_attempts", &["email", "created_at"]))
            .await?;
        m.create_index(index("sign_in_attempts", &["ip", "created_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("audit_events")
                .col(pk_auto("id"))
                .col(integer_null("organisation_id"))
                .col(integer_null("actor_id"))
                .col(string("action"))
                .col(string_null("subject_type"))
                .col(string_null("subject"))
                .col(text("details"))
                .col(string_null("ip"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("audit_events", &["organisation_id", "created_at"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "audit_events",
            "sign_in_attempts",
            "auth_tokens",
            "sessions",
            "invitations",
            "seekers",
            "memberships",
            "users",
            "organisations",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
