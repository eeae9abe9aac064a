//! The reminder scheduler's rules over SQL: deliverables due in 72 and 24 hours, drafts
//! waiting past the brief's turnaround, payments falling due and overdue. Each reminder
//! has a key; it is written with its notifications, and a key already there means the
//! reminder went: each fires once, across restarts and processes.

use crate::db::{begin_write, deliverable, payment, pipeline_entry, reminder, user};
use crate::deliverables::ssr::summary;
use crate::domain::money::Money;
use crate::domain::notice::NoticeKind;
use crate::domain::payment::PaymentStatus;
use crate::domain::pipeline::Stage;
use crate::domain::reminder::due_reminder;
use crate::domain::review::{Lane, duration_label};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::platform::caller::load_current_user;
use crate::platform::notify::{Notice, notify_all};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use std::collections::{BTreeSet, HashMap};

/// A reminder to send once: its key, and what it tells whom.
struct Reminder {
    key: String,
    notices: Vec<Notice>,
}

/// Sends every reminder due at `now` that has not gone yet; answers whom it notified.
pub async fn send_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<BTreeSet<i32>, AppError> {
    let mut due = deliverables_due(db, now).await?;
    due.extend(reviews_overdue(db, now).await?);
    due.extend(payments_due(db, now).await?);
    let mut notified = BTreeSet::new();
    for r in due.into_iter().filter(|r| !r.notices.is_empty()) {
        let txn = begin_write(db).await?;
        let claimed = reminder::Entity::insert(reminder::ActiveModel {
            key: Set(r.key),
            sent_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(reminder::Column::Key)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if claimed == 1 {
            notified.extend(notify_all(&txn, r.notices, now).await?);
            txn.commit().await?;
        }
    }
    Ok(notified)
}

async fn entries_of(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, pipeline_entry::Model>, AppError> {
    Ok(pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect())
}

/// Deliverables not live yet, 72 and 24 hours before their due date ends: their creator
/// (through the portal) and the collaboration's owner.
async fn deliverables_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<Reminder>, AppError> {
    // A day more on each side than in UTC: time zones run up to 14 hours apart.
    let soon = now.date_naive() + chrono::Duration::days(4);
    let open = deliverable::Entity::find()
        .filter(deliverable::Column::LiveUrl.is_null())
        .filter(deliverable::Column::DueOn.gte(now.date_naive() - chrono::Duration::days(1)))
        .filter(deliverable::Column::DueOn.lte(soon))
        .all(db)
        .await?;
    let zones = crate::db::organization::zones(db).await?;
    let wall = |org: i32| {
        let tz = zones.get(&org).copied().unwrap_or(chrono_tz::UTC);
        crate::db::organization::wall_clock(now, tz)
    };
    let entries = entries_of(db, open.iter().map(|d| d.pipeline_entry_id)).await?;
    let mut out = Vec::new();
    for d in open {
        // Not for a creator who left the campaign.
        let active = |e: &&pipeline_entry::Model| {
            !matches!(
                Stage::parse(&e.stage),
                Some(Stage::Declined | Stage::Dropped)
            )
        };
        let (Some(which), Some(entry)) = (
            due_reminder(d.due_on, wall(d.organization_id)),
            entries.get(&d.pipeline_entry_id).filter(active),
        ) else {
            continue;
        };
        let title = format!(
            "{} is due within {} hours ({})",
            summary(&d, 0).title,
            which.hours(),
            d.due_on
        );
        let creator = crate::db::creator::Entity::find_by_id(entry.creator_id)
            .one(db)
            .await?;
        let mut notices = Vec::new();
        if let Some(user_id) = creator.and_then(|c| c.user_id) {
            notices.push(Notice {
                organization_id: d.organization_id,
                user_id,
                kind: NoticeKind::DueSoon,
                title: title.clone(),
                link: format!("/portal/deliverables/{}", d.id),
            });
        }
        if let Some(owner) = entry.owner_id {
            notices.push(Notice {
                organization_id: d.organization_id,
                user_id: owner,
                kind: NoticeKind::DueSoon,
                title,
                link: format!("/deliverables/{}", d.id),
            });
        }
        out.push(Reminder {
            // The due date is in the key: a deliverable moved to a new date is reminded again.
            key: format!("deliverable.{}:{}:{}", which.key(), d.id, d.due_on),
            notices,
        });
    }
    Ok(out)
}

/// Drafts a lane has kept waiting past the brief's turnaround: each reviewer of that lane
/// hears once per version.
async fn reviews_overdue(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<Reminder>, AppError> {
    let reviewers = user::Entity::find()
        .filter(user::Column::OrganizationId.is_not_null())
        .filter(
            user::Column::Role.is_in([Role::Admin, Role::Marketing, Role::Legal].map(Role::as_str)),
        )
        .all(db)
        .await?;
    let mut out = Vec::new();
    for reviewer in reviewers {
        let Some(me) = load_current_user(db, reviewer.id).await? else {
            continue;
        };
        if Lane::of(me.role).is_none() {
            continue;
        }
        for item in crate::deliverables::ssr::waiting_for_review(db, &me, now).await? {
            if !item.wait.breached {
                continue;
            }
            out.push(Reminder {
                key: format!(
                    "review.overdue:{}:v{}:{}",
                    item.deliverable_id, item.version_number, me.id
                ),
                notices: vec![Notice {
                    organization_id: me.organization_id.unwrap_or_default(),
                    user_id: me.id,
                    kind: NoticeKind::ReviewOverdue,
                    title: format!(
                        "{}'s draft v{} of {} has waited {} (target {} h)",
                        item.creator_name,
                        item.version_number,
                        item.title,
                        duration_label(item.wait.minutes),
                        item.wait.target_hours
                    ),
                    link: format!("/deliverables/{}", item.deliverable_id),
                }],
            });
        }
    }
    Ok(out)
}

/// Unpaid payments on their due date, and once overdue: the collaboration's owner.
async fn payments_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<Reminder>, AppError> {
    let zones = crate::db::organization::zones(db).await?;
    let today_of = |org: i32| {
        let tz = zones.get(&org).copied().unwrap_or(chrono_tz::UTC);
        crate::db::organization::today(now, tz)
    };
    let unpaid: Vec<payment::Model> = payment::Entity::find()
        .filter(payment::Column::Status.ne(PaymentStatus::Paid.as_str()))
        .filter(payment::Column::DueOn.lte(now.date_naive() + chrono::Duration::days(1)))
        .all(db)
        .await?
        .into_iter()
        .filter(|p| p.due_on <= today_of(p.organization_id))
        .collect();
    let entries = entries_of(db, unpaid.iter().map(|p| p.pipeline_entry_id)).await?;
    let mut out = Vec::new();
    for p in unpaid {
        let Some(owner) = entries.get(&p.pipeline_entry_id).and_then(|e| e.owner_id) else {
            continue;
        };
        let amount = Money {
            minor: p.amount_minor,
            currency: p.currency.clone(),
        }
        .display();
        let (key, title) = if p.due_on == today_of(p.organization_id) {
            ("due", format!("A payment of {amount} falls due today"))
        } else {
            (
                "overdue",
                format!("A payment of {amount} is overdue (due {})", p.due_on),
            )
        };
        out.push(Reminder {
            key: format!("payment.{key}:{}", p.id),
            notices: vec![Notice {
                organization_id: p.organization_id,
                user_id: owner,
                kind: NoticeKind::PaymentDue,
                title,
                link: "/payments".into(),
            }],
        });
    }
    Ok(out)
}
