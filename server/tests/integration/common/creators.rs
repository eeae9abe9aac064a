//! Creators for tests: a full form, and calling the create and search server functions.

use super::Client;
use app::creators::api::{CreateCreator, SearchCreators};
use app::creators::{Creator, CreatorResults};
use axum::http::StatusCode;

pub const ANA: &[(&str, &str)] = &[
    ("input[name]", "Ana Souza"),
    ("input[email]", "ana@example.com"),
    ("input[country]", "BR"),
    ("input[niches]", "Beauty, skincare"),
    ("input[tier]", "paid"),
    ("input[tag]", "rebook"),
    ("input[rate]", "1200"),
    ("input[currency]", "EUR"),
    ("input[notes]", "Quick to reply"),
    ("input[legal_name]", "Ana Paula Souza"),
    ("input[tax_id]", "BR-123"),
    ("input[channel][platform]", "instagram"),
    ("input[channel][handle]", "@Ana.Makes"),
    ("input[channel][followers]", "48.2k"),
    ("input[channel][engagement]", "3.4"),
];

pub async fn create(c: &mut Client, form: &[(&str, &str)]) -> Creator {
    let r = c.call::<CreateCreator>(form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

pub async fn search(c: &mut Client, args: &[(&str, &str)]) -> CreatorResults {
    let r = c.call::<SearchCreators>(args).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

pub fn names(r: &CreatorResults) -> Vec<&str> {
    r.rows.iter().map(|c| c.name.as_str()).collect()
}
