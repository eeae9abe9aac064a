//! A campaign with creators on its board, and moving them, as the tests' browser would.

use super::{Client, Reply};
use app::campaigns::Campaign;
use app::campaigns::api::CreateCampaign;
use app::creators::Creator;
use app::creators::api::CreateCreator;
use app::domain::pipeline::Stage;
use app::pipeline::Entry;
use app::pipeline::api::{MoveEntry, ShortlistCreators};
use axum::http::StatusCode;

/// A campaign with Ana (fee 500), Ben and Cleo (no fee) shortlisted, in that order.
pub async fn board(c: &mut Client) -> (Campaign, Vec<Entry>) {
    let r = c
        .call::<CreateCampaign>(&[
            ("input[name]", "Spring"),
            ("input[objective]", "awareness"),
            ("input[currency]", "EUR"),
            ("input[budget]", "10000"),
            ("input[starts_on]", "2026-03-01"),
            ("input[ends_on]", "2026-04-30"),
        ])
        .await;
    let campaign: Campaign = r.json();
    let mut ids = Vec::new();
    for (name, rate) in [("Ana", "500"), ("Ben", ""), ("Cleo", "")] {
        let r = c
            .call::<CreateCreator>(&[
                ("input[name]", name),
                ("input[rate]", rate),
                ("input[currency]", "EUR"),
            ])
            .await;
        ids.push(r.json::<Creator>().id);
    }
    let campaign_id = campaign.id.to_string();
    for id in &ids {
        let id = id.to_string();
        let r = c
            .call::<ShortlistCreators>(&[
                ("campaign_id", campaign_id.as_str()),
                ("creator_ids[0]", &id),
            ])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let entries = entries_of(c, campaign.id).await;
    (campaign, entries)
}

/// The board as its page loads it.
pub async fn entries_of(c: &mut Client, campaign_id: i32) -> Vec<Entry> {
    let r = c
        .call::<app::pipeline::api::PipelineEntries>(&[("campaign_id", &campaign_id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

pub fn entry<'a>(entries: &'a [Entry], name: &str) -> &'a Entry {
    entries.iter().find(|e| e.creator_name == name).unwrap()
}

pub async fn move_to(c: &mut Client, e: &Entry, to: &str, index: u32) -> Reply {
    c.call::<MoveEntry>(&[
        ("entry_id", &e.id.to_string()),
        ("version", &e.version.to_string()),
        ("to", to),
        ("index", &index.to_string()),
    ])
    .await
}

pub fn column(entries: &[Entry], stage: Stage) -> Vec<&str> {
    entries
        .iter()
        .filter(|e| e.stage == stage)
        .map(|e| e.creator_name.as_str())
        .collect()
}
