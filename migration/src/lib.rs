#![allow(elided_lifetimes_in_paths)]
#![allow(clippy::wildcard_imports)]
pub use sea_orm_migration::prelude::*;
mod keys;
mod m20261203_000001_national_data;
mod m20261203_000002_organisations_and_people;
mod m20261203_000003_import_runs_removed;
mod m20261203_000004_seeker_journey;
mod m20261203_000005_coach;
mod m20261204_000006_company_corrections;
mod m20261204_000007_status_change_via;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261203_000001_national_data::Migration),
            Box::new(m20261203_000002_organisations_and_people::Migration),
            Box::new(m20261203_000003_import_runs_removed::Migration),
            Box::new(m20261203_000004_seeker_journey::Migration),
            Box::new(m20261203_000005_coach::Migration),
            Box::new(m20261204_000006_company_corrections::Migration),
            Box::new(m20261204_000007_status_change_via::Migration),
            // inject-above (do not remove this comment)
        ]
    }
}
