//! The audit trail: every state change records who, when, what, before and after — in the
//! same transaction as the change, so the trail can never disagree with the data.

mod action;

pub use action::Action;

use super::audit_event;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use serde::Serialize;

/// Who did it: a signed-in user, or the system (seeding, background jobs).
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub user_id: Option<i32>,
    pub organization_id: Option<i32>,
}

impl Actor {
    pub const SYSTEM: Actor = Actor {
        user_id: None,
        organization_id: None,
    };
}

impl From<&super::user::Model> for Actor {
    fn from(user: &super::user::Model) -> Self {
        Actor {
            user_id: Some(user.id),
            organization_id: user.organization_id,
        }
    }
}

#[must_use = "an audit event is only written by .record()"]
pub struct AuditEvent {
    actor: Actor,
    organization_id: Option<i32>,
    action: &'static str,
    entity_type: &'static str,
    entity_id: Option<String>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl AuditEvent {
    pub fn new(actor: Actor, action: Action) -> Self {
        Self {
            actor,
            organization_id: actor.organization_id,
            action: action.name(),
            entity_type: action.entity(),
            entity_id: None,
            before: None,
            after: None,
        }
    }

    pub fn entity(mut self, id: impl ToString) -> Self {
        self.entity_id = Some(id.to_string());
        self
    }

    /// For events of an organization the actor does not belong to (a creator's acceptance).
    pub fn organization(mut self, organization_id: Option<i32>) -> Self {
        self.organization_id = organization_id;
        self
    }

    pub fn before(mut self, value: &impl Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn after(mut self, value: &impl Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }

    pub async fn record(self, db: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<(), DbErr> {
        Self::record_all(db, [self], at).await
    }

    /// Several events in one statement (a batch of changes).
    pub async fn record_all(
        db: &impl ConnectionTrait,
        events: impl IntoIterator<Item = AuditEvent>,
        at: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let rows: Vec<audit_event::ActiveModel> = events
            .into_iter()
            .map(|e| audit_event::ActiveModel {
                organization_id: Set(e.organization_id),
                actor_user_id: Set(e.actor.user_id),
                action: Set(e.action.to_string()),
                entity_type: Set(e.entity_type.to_string()),
                entity_id: Set(e.entity_id),
                before: Set(e.before),
                after: Set(e.after),
                created_at: Set(at),
                ..Default::default()
            })
            .collect();
        if !rows.is_empty() {
            audit_event::Entity::insert_many(rows)
                .exec_without_returning(db)
                .await?;
        }
        Ok(())
    }
}

/// An entity's trail, newest first, with actor names and field-level changes. Values
/// under the snapshot key `hide` (if any) show as "(hidden)".
pub async fn history(
    db: &impl ConnectionTrait,
    organization_id: i32,
    entity_type: &str,
    entity_id: &str,
    hide: Option<&str>,
) -> Result<Vec<crate::domain::history::HistoryEntry>, crate::error::AppError> {
    use super::user;
    use crate::domain::diff::{changes, changes_hiding};
    use crate::domain::history::{Change, HistoryEntry};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

    let events = audit_event::Entity::find()
        .filter(audit_event::Column::OrganizationId.eq(organization_id))
        .filter(audit_event::Column::EntityType.eq(entity_type))
        .filter(audit_event::Column::EntityId.eq(entity_id))
        .order_by_desc(audit_event::Column::CreatedAt)
        .order_by_desc(audit_event::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let actor_ids: Vec<i32> = events.iter().filter_map(|e| e.actor_user_id).collect();
    let names: std::collections::HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| HistoryEntry {
            at: e.created_at,
            actor: e.actor_user_id.and_then(|id| names.get(&id).cloned()),
            changes: match hide {
                Some(key) => changes_hiding(e.before.as_ref(), e.after.as_ref(), key),
                None => changes(e.before.as_ref(), e.after.as_ref()),
            }
            .into_iter()
            .filter(|c| c.field != "version" && c.field != "updated_at")
            .map(|c| Change {
                field: c.field,
                before: c.before,
                after: c.after,
            })
            .collect(),
            action: e.action,
        })
        .collect())
}
