//! The schema of Roster, one migration per capability. The only place the schema changes;
//! the same migrations run on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod builders;
mod m0001_foundation;
mod m0002_campaigns;
mod m0003_creators;
mod m0004_tasks;
mod m0005_board_columns;
mod m0006_collaborations;
mod m0007_reviews;
mod m0008_mail_payments;
mod m0009_metrics;
mod m0010_simulator;
mod m0011_latest_index;
mod m0012_snapshot_time_key;
mod m0013_real_organizations;
mod m0014_two_factor;
mod m0015_email_ownership;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_campaigns::Migration),
            Box::new(m0003_creators::Migration),
            Box::new(m0004_tasks::Migration),
            Box::new(m0005_board_columns::Migration),
            Box::new(m0006_collaborations::Migration),
            Box::new(m0007_reviews::Migration),
            Box::new(m0008_mail_payments::Migration),
            Box::new(m0009_metrics::Migration),
            Box::new(m0010_simulator::Migration),
            Box::new(m0011_latest_index::Migration),
            Box::new(m0012_snapshot_time_key::Migration),
            Box::new(m0013_real_organizations::Migration),
            Box::new(m0014_two_factor::Migration),
            Box::new(m0015_email_ownership::Migration),
        ]
    }
}
