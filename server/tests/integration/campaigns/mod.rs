//! Campaigns over HTTP: create, edit, the status lifecycle, the archive, history, and who
//! may do what.

mod access;
mod forms;

use crate::common;
use crate::common::{Client, TestApp};
use app::campaigns::api::{
    CampaignHistory, CampaignOwners, CreateCampaign, GetCampaign, ListCampaigns,
    TransitionCampaign, UpdateCampaign,
};
use app::campaigns::{Campaign, Person};
use app::domain::campaign::CampaignStatus;
use app::domain::history::HistoryEntry;
use app::error::AppError;
use axum::http::StatusCode;

const FORM: &[(&str, &str)] = &[
    ("input[name]", "Spring launch"),
    ("input[objective]", "awareness"),
    ("input[currency]", "EUR"),
    ("input[budget]", "25,000.50"),
    ("input[starts_on]", "2026-03-01"),
    ("input[ends_on]", "2026-04-30"),
    ("input[target_reach]", "500000"),
    ("input[target_engagement]", "3.5"),
    ("input[target_creators]", "20"),
];

fn form_with<'a>(changes: &[(&'static str, &'a str)]) -> Vec<(&'static str, &'a str)> {
    FORM.iter()
        .map(|(k, v)| {
            let v = changes
                .iter()
                .find(|(ck, _)| ck == k)
                .map(|(_, cv)| *cv)
                .unwrap_or(*v);
            (*k, v)
        })
        .collect()
}

async fn create(c: &mut Client) -> Campaign {
    let r = c.call::<CreateCampaign>(FORM).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn transition(c: &mut Client, campaign: &Campaign, to: &str) -> common::Reply {
    let (id, version) = (campaign.id.to_string(), campaign.version.to_string());
    c.call::<TransitionCampaign>(&[("id", &id), ("version", &version), ("to", to)])
        .await
}
