//! The server side of metrics: the one recorder every source goes through, the ingest API
//! and the dashboard's queries.

pub mod ingest;
pub mod manual;
pub(crate) mod payload;
pub mod record;
pub mod sheet;
pub mod simulator;
mod store;

pub use sheet::file_stem;
