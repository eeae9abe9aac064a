//! Reports over the database: figures computed live or read frozen, finalization (one
//! transaction: the figures, the audit event, the directors' emails), the CSV exports.

use super::{DeliverableResult, Export, Figures, Report};
use crate::campaigns::Campaign;
use crate::dashboard::ssr::{Scope, dashboard};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::outbox::{self, Email};
use crate::db::{begin_write, campaign, metric_latest, user};
use crate::deliverables::ssr::summary;
use crate::domain::campaign::CampaignStatus;
use crate::domain::csv_safety::neutralize;
use crate::domain::metrics::{Counts, Kpis, format_rate, format_times};
use crate::domain::money::{Money, exponent, format_minor};
use crate::domain::role::{Permission, Role};
use crate::domain::text::escape_html;
use crate::error::AppError;
use crate::metrics::ssr::file_stem;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The campaign's figures as they are now.
pub async fn figures(
    db: &DatabaseConnection,
    org: i32,
    campaign_id: i32,
) -> Result<Figures, AppError> {
    Ok(Figures {
        dashboard: dashboard(db, org, Scope::Campaign(campaign_id), usize::MAX).await?,
        deliverables: deliverables(db, campaign_id).await?,
    })
}

/// Every deliverable of the campaign with its latest reading (zeros before any), by
/// creator.
async fn deliverables(
    db: &impl ConnectionTrait,
    campaign_id: i32,
) -> Result<Vec<DeliverableResult>, AppError> {
    let rows = crate::db::deliverable::of_campaign(db, campaign_id).await?;
    let latest: HashMap<i32, metric_latest::Model> = metric_latest::Entity::find()
        .filter(metric_latest::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.deliverable_id, l))
        .collect();
    let mut out: Vec<DeliverableResult> = rows
        .into_iter()
        .map(|(d, creator)| {
            let s = summary(&d, 0);
            let l = latest.get(&d.id);
            DeliverableResult {
                deliverable_id: d.id,
                entry_id: d.pipeline_entry_id,
                creator,
                title: s.title,
                platform: s.platform,
                live_url: d.live_url.clone(),
                captured_at: l.map(|l| l.captured_at),
                counts: l.map(crate::db::counts::of).unwrap_or_default(),
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.creator, a.deliverable_id).cmp(&(&b.creator, b.deliverable_id)));
    Ok(out)
}

pub async fn report(
    db: &DatabaseConnection,
    me: &CurrentUser,
    campaign_id: i32,
) -> Result<Report, AppError> {
    let org = me.organization()?;
    let c = campaign::of_organization(db, org, campaign_id).await?;
    let status = CampaignStatus::parse(&c.status).unwrap_or(CampaignStatus::Draft);
    let figures = match (&c.final_figures, c.finalized_at) {
        (Some(frozen), Some(_)) => serde_json::from_str(frozen).map_err(|e| {
            tracing::error!(campaign = c.id, error = %e, "final figures unreadable");
            AppError::Internal
        })?,
        _ => figures(db, org, c.id).await?,
    };
    let edits = me.can(Permission::EditCampaigns);
    Ok(Report {
        campaign_id: c.id,
        name: c.name,
        status,
        version: c.version,
        finalized_at: c.finalized_at,
        figures,
        can_finalize: edits && status == CampaignStatus::Completed && c.finalized_at.is_none(),
        can_archive: edits && status == CampaignStatus::Completed,
    })
}

/// Archives a campaign. A completed campaign's results are finalized first, if nobody did:
/// the report keeps them, and the directors get it.
pub async fn archive(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    public_url: &str,
    campaign_id: i32,
    mut version: i32,
) -> Result<Campaign, AppError> {
    let before = crate::campaigns::ssr::get(db, me, campaign_id).await?;
    if before.status == CampaignStatus::Completed
        && before.finalized_at.is_none()
        && before.version == version
    {
        finalize(db, me, now, public_url, campaign_id, version).await?;
        // Finalizing took one version: anyone else's since is still a conflict.
        version += 1;
    }
    let to = CampaignStatus::Archived;
    crate::campaigns::ssr::transition(db, me, now, campaign_id, version, to).await
}

/// Freezes a completed campaign's figures on it, and emails the report to the
/// organization's directors, in one transaction. The SQLite writer's turn (and, on
/// PostgreSQL, the campaign's row lock against the recorder's shared lock) keeps readings
/// from landing in between.
pub async fn finalize(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    public_url: &str,
    campaign_id: i32,
    version: i32,
) -> Result<(), AppError> {
    let org = me.organization()?;
    let txn = begin_write(db).await?;
    // The first statement writes (and takes the version). SQLite's write transaction holds
    // the lock from its start, so no other write can slip in before its commit; on
    // PostgreSQL the campaign's row stays locked until then.
    let claimed = campaign::Entity::update_many()
        // The stored version, not the one sent: a forged one must not overflow here.
        .col_expr(
            campaign::Column::Version,
            Expr::col(campaign::Column::Version).add(1),
        )
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(campaign_id))
        .filter(campaign::Column::OrganizationId.eq(org))
        .filter(campaign::Column::Version.eq(version))
        .filter(campaign::Column::Status.eq(CampaignStatus::Completed.as_str()))
        .filter(campaign::Column::FinalizedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        let c = campaign::of_organization(&txn, org, campaign_id).await?;
        return Err(AppError::Conflict(if c.version != version {
            "This campaign was changed meanwhile. Reload to see the latest version.".into()
        } else if c.finalized_at.is_some() {
            "This campaign's results are final already.".into()
        } else {
            "Only a completed campaign is finalized: mark it completed first.".into()
        }));
    }
    let c = campaign::of_organization(&txn, org, campaign_id).await?;
    let figures = figures(db, org, c.id).await?;
    let frozen = serde_json::to_string(&figures).map_err(|_| AppError::Internal)?;
    campaign::Entity::update_many()
        .col_expr(campaign::Column::FinalizedAt, Expr::value(now))
        .col_expr(campaign::Column::FinalFigures, Expr::value(frozen))
        .filter(campaign::Column::Id.eq(c.id))
        .exec(&txn)
        .await?;
    let d = &figures.dashboard;
    AuditEvent::new(Actor::from(me), Action::CampaignFinalize)
        .entity(c.id)
        .after(&serde_json::json!({
            "reach": d.counts.reach,
            "engagements": d.engagements,
            "money": d.money,
        }))
        .record(&txn, now)
        .await?;
    let directors = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::Role.eq(Role::Director.as_str()))
        .all(&txn)
        .await?;
    let link = format!("{public_url}/campaigns/{}/report", c.id);
    for director in directors {
        let email = report_email(&director, &c.name, &figures, &link);
        outbox::queue(&txn, Some(org), email, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The report in a few lines, and the link to all of it.
fn report_email(to: &user::Model, campaign: &str, f: &Figures, link: &str) -> Email {
    let d = &f.dashboard;
    let mut lines = vec![
        format!("Measured reach: {}", format_minor(d.counts.reach, 0)),
        format!("Engagements: {}", format_minor(d.engagements, 0)),
        format!("Engagement rate: {}", format_rate(d.er_bp)),
        format!("Conversions: {}", format_minor(d.counts.conversions, 0)),
    ];
    for m in &d.money {
        let money = |minor| {
            Money {
                minor,
                currency: m.currency.clone(),
            }
            .display()
        };
        lines.push(format!(
            "Total cost: {} of a {} budget ({})",
            money(m.cost_minor),
            money(m.budget_minor),
            format_rate(m.kpis.spend_bp)
        ));
        lines.push(format!("Revenue: {}", money(m.revenue_minor)));
        lines.push(format!(
            "ROAS: {} · ROI: {}",
            format_times(m.kpis.roas_centi),
            format_rate(m.kpis.roi_bp)
        ));
    }
    Email {
        to: to.email.clone(),
        subject: format!("Final report: {campaign}"),
        text: format!(
            "Hello {name},\n\nThe results of {campaign} are final.\n\n{}\n\nThe whole report, every creator and deliverable:\n{link}\n",
            lines.join("\n"),
            name = to.name,
        ),
        html: format!(
            "<p>Hello {name},</p><p>The results of <strong>{campaign}</strong> are final.</p><ul>{items}</ul><p><a href=\"{link}\">Read the whole report</a>: every creator and deliverable.</p>",
            name = escape_html(&to.name),
            campaign = escape_html(campaign),
            items = lines
                .iter()
                .map(|l| format!("<li>{}</li>", escape_html(l)))
                .collect::<String>(),
            link = escape_html(link),
        ),
        link: link.to_string(),
    }
}

/// A report's CSV: a line per creator or per deliverable, plain numbers (no thousands
/// separators), every text cell neutralised.
pub async fn export(
    db: &DatabaseConnection,
    me: &CurrentUser,
    campaign_id: i32,
    which: Export,
) -> Result<(Vec<u8>, String), AppError> {
    let r = report(db, me, campaign_id).await?;
    let currency = r
        .figures
        .dashboard
        .money
        .first()
        .map(|m| m.currency.clone())
        .unwrap_or_default();
    let exp = exponent(&currency).unwrap_or(2);
    let amount = |minor: i64| format_minor(minor, exp).replace(',', "");
    let rate = |bp: Option<i64>| bp.map(|v| format_minor(v, 2)).unwrap_or_default();
    let counts = |c: &Counts| -> Vec<String> {
        Counts::FIELDS
            .iter()
            .map(|f| {
                let v = c.get(f).unwrap_or(0);
                if *f == "revenue_minor" {
                    amount(v)
                } else {
                    v.to_string()
                }
            })
            .collect()
    };
    let count_columns = crate::domain::reading::TYPED.map(|t| {
        if t == "revenue" {
            format!("revenue_{}", currency.to_lowercase())
        } else {
            t.to_string()
        }
    });
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let fail = |e: csv::Error| {
        tracing::error!("writing a report CSV: {e}");
        AppError::Internal
    };
    match which {
        Export::Creators => {
            let mut header = vec![
                "creator".to_string(),
                "stage".into(),
                format!("cost_{}", currency.to_lowercase()),
            ];
            header.extend(count_columns);
            header.extend([
                "engagements".into(),
                "engagement_rate_pct".into(),
                "cpe".into(),
                "next_time".into(),
            ]);
            out.write_record(&header).map_err(fail)?;
            for c in &r.figures.dashboard.leaderboard {
                let mut line = vec![
                    neutralize(&c.name).into_owned(),
                    c.stage.label().to_string(),
                    amount(c.cost_minor),
                ];
                line.extend(counts(&c.counts));
                line.extend([
                    c.kpis.engagements.to_string(),
                    rate(c.kpis.er_bp),
                    c.kpis.cpe_minor.map(amount).unwrap_or_default(),
                    c.suggestion
                        .map(|s| s.label().to_string())
                        .unwrap_or_default(),
                ]);
                out.write_record(&line).map_err(fail)?;
            }
        }
        Export::Deliverables => {
            let mut header: Vec<String> = [
                "deliverable_id",
                "creator",
                "deliverable",
                "platform",
                "live_url",
                "captured_at",
            ]
            .map(String::from)
            .to_vec();
            header.extend(count_columns);
            header.extend(["engagements".into(), "engagement_rate_pct".into()]);
            out.write_record(&header).map_err(fail)?;
            for d in &r.figures.deliverables {
                let mut line = vec![
                    d.deliverable_id.to_string(),
                    neutralize(&d.creator).into_owned(),
                    neutralize(&d.title).into_owned(),
                    d.platform.label().to_string(),
                    neutralize(d.live_url.as_deref().unwrap_or("")).into_owned(),
                    d.captured_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                ];
                line.extend(counts(&d.counts));
                line.extend([
                    d.counts.engagements().to_string(),
                    rate(Kpis::of(&d.counts, 0, 0).er_bp),
                ]);
                out.write_record(&line).map_err(fail)?;
            }
        }
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal)?;
    let state = if r.finalized_at.is_some() {
        "final"
    } else {
        "provisional"
    };
    Ok((
        bytes,
        format!(
            "{}-report-{}-{state}.csv",
            file_stem(&r.name),
            which.as_str()
        ),
    ))
}
