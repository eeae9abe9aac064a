//! Answering an agreement: the creator accepts (typing their name) or declines. Every write after sending is a conditional update on
//! `status = 'sent'`: an answered agreement can never be written again, and of two
//! answers at the same moment only one wins.

use crate::agreements::AgreementView;
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{Write, agreement, begin_write, deliverable, draft_version, metric_latest};
use crate::domain::agreement::{AgreementStatus, signature};
use crate::domain::brief::units;
use crate::domain::notice::NoticeKind;
use crate::error::AppError;
use crate::platform::access::{self, Access};
use crate::platform::token::sha256_hex;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use super::store::{lock, to_view};

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
    AuditEvent::new(Actor::from(me), Action::AgreementAccept)
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
    AuditEvent::new(Actor::from(me), Action::AgreementDecline)
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
