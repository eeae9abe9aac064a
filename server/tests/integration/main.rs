//! The server's integration tests, one binary: each module drives the real router over HTTP.
//! One binary links once, where a binary per file would link the whole app two dozen times.

mod common;

mod access;
mod agreements;
mod audit_trail;
mod auth;
mod backup;
mod body_limits;
mod campaigns;
mod closed;
mod creator_import;
mod creator_search;
mod creators;
mod drafts;
mod email_ownership;
mod fuzz_router;
mod invitations;
mod jobs;
mod mail;
mod members;
mod metrics;
mod metrics_entry;
mod notifications;
mod organizations;
mod pages;
mod password_reset;
mod payments;
mod pipeline;
mod portal;
mod reminders;
mod report;
mod reviews;
mod security;
mod session_store;
mod shortlist;
mod storage;
mod tasks;
mod two_factor;
mod uploads;
