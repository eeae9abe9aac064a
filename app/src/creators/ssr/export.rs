//! CSV export of a search (every page of it), in the columns import reads back. Every cell
//! is neutralised so a spreadsheet never runs it as a formula.

use super::search::ordered;
use super::{channels_of, niches_of};
use crate::creators::Channel;
use crate::db::creator;
use crate::domain::creator::Platform;
use crate::domain::creator_filter::CreatorFilter;
use crate::domain::csv_safety::neutralize;
use crate::domain::money::{exponent, format_bp, format_minor};
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use sea_orm::{ConnectionTrait, PaginatorTrait};
use std::collections::HashMap;

const BATCH: u64 = 1_000;

fn platform_columns(p: Platform) -> [String; 5] {
    let k = p.as_str();
    [
        format!("{k}_handle"),
        format!("{k}_url"),
        format!("{k}_followers"),
        format!("{k}_engagement_rate"),
        format!("{k}_fake_followers"),
    ]
}

fn channel_cells(c: Option<&Channel>) -> [String; 5] {
    match c {
        None => Default::default(),
        Some(c) => [
            c.handle.clone(),
            c.url.clone().unwrap_or_default(),
            c.followers.to_string(),
            c.engagement_bp.map(format_bp).unwrap_or_default(),
            c.fake_followers_bp.map(format_bp).unwrap_or_default(),
        ],
    }
}

/// The whole search as CSV bytes (UTF-8 with a byte-order mark, which Excel needs to read
/// accents right). Onboarding columns only for those who may see them.
pub async fn export(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    filter: &CreatorFilter,
) -> Result<Vec<u8>, AppError> {
    let org = me.organization()?;
    let onboarding = me.can(Permission::ManageCreators);
    let mut creators: Vec<creator::Model> = Vec::new();
    let mut pages = ordered(org, filter).paginate(db, BATCH);
    while let Some(batch) = pages.fetch_and_next().await? {
        creators.extend(batch);
    }
    let ids: Vec<i32> = creators.iter().map(|c| c.id).collect();
    let channels = channels_of(db, &ids).await?;
    let niches = niches_of(db, &ids).await?;
    // Only the platforms someone in the export uses get columns.
    let platforms: Vec<Platform> = Platform::ALL
        .iter()
        .copied()
        .filter(|p| channels.values().flatten().any(|c| c.platform == *p))
        .collect();

    let mut header: Vec<String> = [
        "name",
        "email",
        "country",
        "niches",
        "tier",
        "performance_tag",
        "rate",
        "currency",
        "notes",
    ]
    .map(String::from)
    .to_vec();
    if onboarding {
        header.extend(
            [
                "legal_name",
                "shipping_address",
                "payment_details",
                "tax_id",
            ]
            .map(String::from),
        );
    }
    for p in &platforms {
        header.extend(platform_columns(*p));
    }
    let mut out = csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
    let write_err = |e: csv::Error| {
        tracing::error!(error = %e, "csv export failed");
        AppError::Internal
    };
    out.write_record(&header).map_err(write_err)?;
    let empty = Vec::new();
    for c in &creators {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut cells = vec![
            c.name.clone(),
            text(&c.email),
            text(&c.country),
            niches.get(&c.id).map(|n| n.join(", ")).unwrap_or_default(),
            text(&c.tier),
            text(&c.performance_tag),
            c.rate_minor
                .map(|m| {
                    let exp = c.rate_currency.as_deref().and_then(exponent).unwrap_or(2);
                    // Plain digits: a spreadsheet reads "1200.00", not "1,200.00".
                    format_minor(m, exp).replace(',', "")
                })
                .unwrap_or_default(),
            text(&c.rate_currency),
            c.notes.clone(),
        ];
        if onboarding {
            cells.extend([
                text(&c.legal_name),
                text(&c.shipping_address),
                text(&c.payment_details),
                text(&c.tax_id),
            ]);
        }
        let theirs: HashMap<Platform, &Channel> = channels
            .get(&c.id)
            .unwrap_or(&empty)
            .iter()
            .map(|ch| (ch.platform, ch))
            .collect();
        for p in &platforms {
            cells.extend(channel_cells(theirs.get(p).copied()));
        }
        out.write_record(cells.iter().map(|cell| neutralize(cell).into_owned()))
            .map_err(write_err)?;
    }
    out.into_inner().map_err(|_| AppError::Internal)
}
