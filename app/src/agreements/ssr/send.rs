//! Sending an agreement: the terms marketing set, rendered into the text the creator
//! accepts, with its fingerprint.

use crate::agreements::{AgreementInput, AgreementView};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::outbox::{self, Email};
use crate::db::{agreement, begin_write, campaign, organization};
use crate::domain::agreement::{AgreementStatus, Parties, render};
use crate::domain::text::escape_html;
use crate::domain::utm::tracking_link;
use crate::error::AppError;
use crate::pipeline::ssr::main_channels;
use crate::platform::access::{self, Access};
use crate::platform::token::sha256_hex;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::store::{check_open, lock, to_view};

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
    AuditEvent::new(Actor::from(me), Action::AgreementSend)
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
