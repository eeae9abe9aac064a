//! The server side of metrics: the one recorder every source goes through, the ingest API
//! and the dashboard's queries.

mod counts;
pub mod ingest;
pub mod record;
