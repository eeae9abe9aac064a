//! Agreements over the database. Every write after sending is a conditional update on
//! `status = 'sent'`: an answered agreement can never be written again, and of two
//! answers at the same moment only one wins.

use super::{AgreementInput, AgreementView};
use crate::db::audit::{Actor, AuditEvent};
use crate::db::outbox::{self, Email};
use crate::db::{
    Write, agreement, begin_write, campaign, deliverable, draft_version, metric_latest,
    organization, pipeline_entry,
};
use crate::domain::agreement::{AgreementStatus, Parties, render, signature};
use crate::domain::brief::units;
use crate::domain::campaign::CampaignStatus;
use crate::domain::notice::NoticeKind;
use crate::domain::pipeline::{Stage, closed_reason};
use crate::domain::text::escape_html;
use crate::domain::utm::tracking_link;
use crate::error::AppError;
use crate::pipeline::ssr::main_channels;
use crate::platform::access::{self, Access};
use crate::platform::token::sha256_hex;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

/// Holds the collaboration for this transaction: of two agreements sent (or answered) at
/// the same moment, the second waits for the first and sees it.
pub(crate) async fn lock(txn: &impl ConnectionTrait, entry_id: i32) -> Result<(), AppError> {
    pipeline_entry::Entity::update_many()
        .col_expr(
            pipeline_entry::Column::UpdatedAt,
            Expr::col(pipeline_entry::Column::UpdatedAt),
        )
        .filter(pipeline_entry::Column::Id.eq(entry_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Agreements and briefs go only to creators who can see the campaign (contacted, and not
/// gone), of a campaign still running.
pub(crate) fn check_open(
    campaign: &campaign::Model,
    entry: &pipeline_entry::Model,
) -> Result<(), AppError> {
    let stage = Stage::parse(&entry.stage);
    if let Some(why) = closed_reason(CampaignStatus::parse(&campaign.status), stage) {
        return Err(AppError::Conflict(why.into()));
    }
    if stage == Some(Stage::Shortlisted) {
        return Err(AppError::Conflict(
            "Move the card to Contacted first: a shortlisted creator has not heard of the campaign yet.".into(),
        ));
    }
    Ok(())
}

pub(crate) fn to_view(row: agreement::Model) -> Result<AgreementView, AppError> {
    let terms = serde_json::from_str(&row.terms).map_err(|e| {
        tracing::error!(agreement = row.id, error = %e, "unreadable agreement terms");
        AppError::Internal
    })?;
    Ok(AgreementView {
        id: row.id,
        status: AgreementStatus::parse(&row.status).unwrap_or(AgreementStatus::Withdrawn),
        terms,
        body: row.body,
        body_sha256: row.body_sha256,
        sent_at: row.sent_at,
        answered_at: row.answered_at,
        accepted_name: row.accepted_name,
        decline_reason: row.decline_reason,
    })
}

/// Every agreement of an entry, newest first.
pub async fn for_entry(
    db: &impl ConnectionTrait,
    entry_id: i32,
) -> Result<Vec<AgreementView>, AppError> {
    agreement::Entity::find()
        .filter(agreement::Column::PipelineEntryId.eq(entry_id))
        .order_by_desc(agreement::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_view)
        .collect()
}

/// Sends a new agreement for an entry. One still waiting for an answer is withdrawn; an
/// accepted one stays in force until the creator accepts the new one.
pub async fn send(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    public_url: &str,
    entry_id: i32,
    input: &AgreementInput,
) -> Result<AgreementView, AppError> {
    let access = access::entry(db, me, entry_id).await?;
    access.require_editor(me)?;
    let Access { entry, creator, .. } = access;
    let campaign = campaign::of_organization(db, entry.organization_id, entry.campaign_id).await?;
    check_open(&campaign, &entry)?;
    let mut terms = input.validate(&campaign.currency)?;
    if let Some(landing) = &campaign.landing_url {
        let platform = main_channels(db, [creator.id])
            .await?
            .remove(&creator.id)
            .map(|c| c.platform.as_str())
            .unwrap_or("social");
        terms.tracking_link = tracking_link(landing, platform, &campaign.name, &creator.name);
    }
    let brand = organization::Entity::find_by_id(entry.organization_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let signer = creator.legal_name.clone().unwrap_or(creator.name.clone());
    let body = render(
        &Parties {
            brand: &brand,
            creator: &signer,
            campaign: &campaign.name,
        },
        &terms,
    );
    let txn = begin_write(db).await?;
    lock(&txn, entry.id).await?;
    agreement::Entity::update_many()
        .col_expr(
            agreement::Column::Status,
            Expr::value(AgreementStatus::Withdrawn.as_str()),
        )
        .filter(agreement::Column::PipelineEntryId.eq(entry.id))
        .filter(agreement::Column::Status.eq(AgreementStatus::Sent.as_str()))
        .exec(&txn)
        .await?;
    let saved = agreement::ActiveModel {
        organization_id: Set(entry.organization_id),
        pipeline_entry_id: Set(entry.id),
        terms: Set(serde_json::to_string(&terms).map_err(|_| AppError::Internal)?),
        body_sha256: Set(sha256_hex(body.as_bytes())),
        signer_name: Set(signer),
        body: Set(body),
        status: Set(AgreementStatus::Sent.as_str().into()),
        sent_by: Set(Some(me.id)),
        sent_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(to) = creator.email.clone() {
        let link = format!("{public_url}/portal/collaborations/{}", entry.id);
        outbox::queue(
            &txn,
            Some(entry.organization_id),
            Email {
                to,
                subject: format!("{brand} sent you an agreement for {}", campaign.name),
                text: format!(
                    "Hello {name},\n\n{brand} sent you the agreement for {campaign}. Read it and accept it in your portal:\n{link}\n",
                    name = creator.name,
                    campaign = campaign.name,
                ),
                html: format!(
                    "<p>Hello {name},</p><p>{brand} sent you the agreement for <strong>{campaign}</strong>.</p><p><a href=\"{link}\">Read and accept it in your portal</a></p>",
                    name = escape_html(&creator.name),
                    brand = escape_html(&brand),
                    campaign = escape_html(&campaign.name),
                    link = escape_html(&link),
                ),
                link,
            },
            now,
        )
        .await?;
    }
    let view = to_view(saved)?;
    AuditEvent::new(Actor::from(me), "agreement.send", "agreement")
        .entity(view.id)
        .after(&serde_json::json!({
            "pipeline_entry_id": entry.id,
            "terms": view.terms,
            "body_sha256": view.body_sha256,
        }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(view)
}

/// The agreement and the creator's access to it.
async fn for_creator(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    agreement_id: i32,
) -> Result<(agreement::Model, Access), AppError> {
    let not_found = || AppError::NotFound("Agreement".into());
    let row = agreement::Entity::find_by_id(agreement_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let access = access::entry(db, me, row.pipeline_entry_id)
        .await
        .map_err(|_| not_found())?;
    access.require_creator()?;
    Ok((row, access))
}

fn already_answered(row: &agreement::Model) -> AppError {
    AppError::Conflict(
        match AgreementStatus::parse(&row.status) {
            Some(AgreementStatus::Accepted) => "You already accepted this agreement.",
            Some(AgreementStatus::Declined) => "You already declined this agreement.",
            _ => "This agreement was replaced by a newer one. Reload to read it.",
        }
        .into(),
    )
}

/// Answers a `sent` agreement; false when it was answered or withdrawn meanwhile.
async fn answer(
    txn: &impl ConnectionTrait,
    id: i32,
    status: AgreementStatus,
    columns: Vec<(agreement::Column, sea_orm::Value)>,
) -> Result<bool, AppError> {
    let mut update = agreement::Entity::update_many()
        .col_expr(agreement::Column::Status, Expr::value(status.as_str()));
    for (col, value) in columns {
        update = update.col_expr(col, Expr::value(value));
    }
    let done = update
        .filter(agreement::Column::Id.eq(id))
        .filter(agreement::Column::Status.eq(AgreementStatus::Sent.as_str()))
        .exec(txn)
        .await?;
    Ok(done.rows_affected == 1)
}

/// The creator accepts by typing their legal name. `body_sha256` is the hash of the text
/// their screen showed: if the agreement is not that text any more, nothing is accepted.
pub async fn accept(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    ip: Option<String>,
    agreement_id: i32,
    typed_name: &str,
    body_sha256: &str,
) -> Result<AgreementView, AppError> {
    let (row, access) = for_creator(db, me, agreement_id).await?;
    if row.status != AgreementStatus::Sent.as_str() {
        return Err(already_answered(&row));
    }
    if row.body_sha256 != body_sha256 || sha256_hex(row.body.as_bytes()) != row.body_sha256 {
        return Err(AppError::Conflict(
            "This agreement is not the text you read. Reload and read it again.".into(),
        ));
    }
    let name =
        signature(typed_name, &row.signer_name).map_err(|m| AppError::invalid("legal_name", m))?;
    let view = to_view(row.clone())?;
    let txn = begin_write(db).await?;
    lock(&txn, access.entry.id).await?;
    access::ensure_open(&txn, access.entry.id).await?;
    let accepted = answer(
        &txn,
        row.id,
        AgreementStatus::Accepted,
        vec![
            (agreement::Column::AnsweredAt, now.into()),
            (agreement::Column::AnsweredBy, me.id.into()),
            (agreement::Column::AcceptedName, name.clone().into()),
            (agreement::Column::AcceptedIp, ip.clone().into()),
        ],
    )
    .await?;
    if !accepted {
        return Err(already_answered(&row));
    }
    schedule_deliverables(&txn, &access, &view, now).await?;
    AuditEvent::new(Actor::from(me), "agreement.accept", "agreement")
        .organization(Some(access.entry.organization_id))
        .entity(row.id)
        .before(&serde_json::json!({ "status": "sent" }))
        .after(&serde_json::json!({
            "status": "accepted",
            "accepted_name": name,
            "ip": ip,
            "body_sha256": row.body_sha256,
        }))
        .record(&txn, now)
        .await?;
    finish_answer(db, txn, &access, row.id, "accepted", now).await
}

/// Tells the owner, commits the answer, and reads the agreement as it now stands.
async fn finish_answer(
    db: &DatabaseConnection,
    txn: Write,
    access: &Access,
    id: i32,
    answered: &str,
    now: DateTime<Utc>,
) -> Result<AgreementView, AppError> {
    let title = format!("{} {answered} the agreement", access.creator.name);
    let link = format!("/entries/{}", access.entry.id);
    access
        .tell_owner(&txn, NoticeKind::General, title, link, now)
        .await?;
    txn.commit().await?;
    let saved = agreement::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    to_view(saved)
}

pub const REASON_MAX: usize = 1000;

pub async fn decline(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    agreement_id: i32,
    reason: &str,
) -> Result<AgreementView, AppError> {
    let (row, access) = for_creator(db, me, agreement_id).await?;
    if row.status != AgreementStatus::Sent.as_str() {
        return Err(already_answered(&row));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            "Tell the brand why, so they can send a better offer.",
        ));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(AppError::invalid(
            "reason",
            format!("Keep the reason under {REASON_MAX} characters."),
        ));
    }
    let txn = begin_write(db).await?;
    lock(&txn, access.entry.id).await?;
    access::ensure_open(&txn, access.entry.id).await?;
    let declined = answer(
        &txn,
        row.id,
        AgreementStatus::Declined,
        vec![
            (agreement::Column::AnsweredAt, now.into()),
            (agreement::Column::AnsweredBy, me.id.into()),
            (agreement::Column::DeclineReason, reason.to_string().into()),
        ],
    )
    .await?;
    if !declined {
        return Err(already_answered(&row));
    }
    AuditEvent::new(Actor::from(me), "agreement.decline", "agreement")
        .organization(Some(access.entry.organization_id))
        .entity(row.id)
        .before(&serde_json::json!({ "status": "sent" }))
        .after(&serde_json::json!({ "status": "declined", "reason": reason }))
        .record(&txn, now)
        .await?;
    finish_answer(db, txn, &access, row.id, "declined", now).await
}

/// Makes the entry's deliverables those of the accepted agreement: the same one (platform,
/// format, number) keeps its drafts and takes the new due date; new ones are added; one
/// the agreement no longer asks for goes, unless a draft was already uploaded for it.
async fn schedule_deliverables(
    txn: &impl ConnectionTrait,
    access: &Access,
    agreement: &AgreementView,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let existing = deliverable::Entity::find()
        .filter(deliverable::Column::PipelineEntryId.eq(access.entry.id))
        .all(txn)
        .await?;
    let wanted = units(&agreement.terms.deliverables);
    let key = |platform: &str, format: &str, number: i32| {
        (platform.to_string(), format.to_lowercase(), number)
    };
    for unit in &wanted {
        let k = key(unit.platform.as_str(), &unit.format, i32::from(unit.number));
        match existing
            .iter()
            .find(|d| key(&d.platform, &d.format, d.number) == k)
        {
            Some(d) => {
                let mut row: deliverable::ActiveModel = d.clone().into();
                row.due_on = Set(unit.due_on);
                row.of_count = Set(i32::from(unit.of));
                row.update(txn).await?;
            }
            None => {
                deliverable::ActiveModel {
                    organization_id: Set(access.entry.organization_id),
                    pipeline_entry_id: Set(access.entry.id),
                    platform: Set(unit.platform.as_str().into()),
                    format: Set(unit.format.clone()),
                    number: Set(i32::from(unit.number)),
                    of_count: Set(i32::from(unit.of)),
                    due_on: Set(unit.due_on),
                    live_url: Set(None),
                    live_at: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
            }
        }
    }
    for d in &existing {
        let still_wanted = wanted.iter().any(|u| {
            key(u.platform.as_str(), &u.format, i32::from(u.number))
                == key(&d.platform, &d.format, d.number)
        });
        // A deliverable with drafts, a live post or metrics is kept: it happened.
        if still_wanted || d.live_url.is_some() {
            continue;
        }
        let has_drafts = draft_version::Entity::find()
            .filter(draft_version::Column::DeliverableId.eq(d.id))
            .one(txn)
            .await?
            .is_some();
        let has_metrics = metric_latest::Entity::find_by_id(d.id)
            .one(txn)
            .await?
            .is_some();
        if !has_drafts && !has_metrics {
            deliverable::Entity::delete_by_id(d.id).exec(txn).await?;
        }
    }
    Ok(())
}
