//! Reviews over the database: the review page's data, and what comments and decisions
//! share (locking a deliverable, the brief's policy, people's names).

use super::store::staff;
use crate::briefs::BriefFields;
use crate::db::{pipeline_entry, review_comment, review_decision};
use crate::deliverables::types::{
    CommentView, DecisionView, LaneView, ReviewView, Target, ThreadView, VersionChecks,
};
use crate::domain::anchor::Span;
use crate::domain::compliance::{self, Rules};
use crate::domain::review::{self, CHECKLIST, Decision, Lane, Verdict};
use crate::error::AppError;
use crate::platform::access::Side;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The brief the creator works to: the version they were sent, else the campaign's newest.
pub async fn policy(
    db: &impl ConnectionTrait,
    entry: &pipeline_entry::Model,
) -> Result<Option<BriefFields>, AppError> {
    use crate::briefs::ssr::{decode, latest, sent_to};
    let row = match sent_to(db, entry.id).await? {
        Some((b, _)) => Some(b),
        None => latest(db, entry.campaign_id).await?,
    };
    row.as_ref().map(decode).transpose()
}

/// The checklist keys in a comma-separated list; anything else is dropped.
pub(crate) fn checked(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|k| CHECKLIST.iter().any(|(key, _)| key == k))
        .map(str::to_string)
        .collect()
}

fn name_of(people: &HashMap<i32, String>, id: Option<i32>) -> String {
    id.and_then(|id| people.get(&id))
        .map_or_else(|| "Former user".into(), String::clone)
}

pub(crate) fn decision(row: &review_decision::Model) -> Option<Decision> {
    Some(Decision {
        id: row.id,
        lane: Lane::parse(&row.lane)?,
        verdict: Verdict::parse(&row.verdict)?,
        version: row.draft_version_id,
        at: row.created_at,
    })
}

fn span(start: Option<i32>, end: Option<i32>) -> Option<Span> {
    Some(Span {
        start: usize::try_from(start?).ok()?,
        end: usize::try_from(end?).ok()?,
    })
}

fn target(c: &review_comment::Model) -> Target {
    match (c.target.as_str(), c.upload_id, c.point_x, c.point_y) {
        ("image", Some(upload_id), Some(x), Some(y)) => Target::Image { upload_id, x, y },
        ("text", ..) => Target::Text,
        _ => Target::Draft,
    }
}

/// Threads of a deliverable: each first comment with its replies, oldest first.
fn threads(
    rows: Vec<review_comment::Model>,
    numbers: &HashMap<i32, i32>,
    people: &HashMap<i32, String>,
    me: &CurrentUser,
) -> Vec<ThreadView> {
    let comment = |c: &review_comment::Model| CommentView {
        id: c.id,
        author: name_of(people, c.author_id),
        mine: c.author_id == Some(me.id),
        body: if c.deleted_at.is_some() {
            String::new()
        } else {
            c.body.clone()
        },
        deleted: c.deleted_at.is_some(),
        edited: c.edited_at.is_some(),
        created_at: c.created_at,
    };
    let mut replies: HashMap<i32, Vec<CommentView>> = HashMap::new();
    for r in rows.iter().filter(|c| c.parent_id.is_some()) {
        replies
            .entry(r.parent_id.unwrap_or_default())
            .or_default()
            .push(comment(r));
    }
    rows.iter()
        .filter(|c| c.parent_id.is_none())
        .map(|c| {
            let mut comments = vec![comment(c)];
            comments.extend(replies.remove(&c.id).unwrap_or_default());
            ThreadView {
                id: c.id,
                target: target(c),
                comments,
                made_on: c.draft_version_id,
                made_on_number: numbers.get(&c.draft_version_id).copied().unwrap_or(0),
                quote: c.quote.clone(),
                origin: span(c.origin_start, c.origin_end),
                anchor: c.anchor_version_id.zip(span(c.anchor_start, c.anchor_end)),
                outdated: c.outdated_at.is_some(),
                resolved: c.resolved_at.is_some(),
            }
        })
        .collect()
}

/// The review page of a deliverable, for its organization's staff and its creator.
pub async fn view(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    upload_limit: u64,
    now: DateTime<Utc>,
    deliverable_id: i32,
) -> Result<ReviewView, AppError> {
    let (page, d, access) = super::drafts::load(db, me, upload_limit, deliverable_id).await?;
    let brief = policy(db, &access.entry).await?;
    let has_brief = brief.is_some();
    let brief = brief.unwrap_or_default();
    let numbers: HashMap<i32, i32> = page.versions.iter().map(|v| (v.id, v.number)).collect();
    let decision_rows = review_decision::Entity::find()
        .filter(review_decision::Column::DeliverableId.eq(d.id))
        .order_by_desc(review_decision::Column::CreatedAt)
        .order_by_desc(review_decision::Column::Id)
        .all(db)
        .await?;
    let comment_rows = review_comment::Entity::find()
        .filter(review_comment::Column::DeliverableId.eq(d.id))
        .order_by_asc(review_comment::Column::CreatedAt)
        .order_by_asc(review_comment::Column::Id)
        .all(db)
        .await?;
    let ids = decision_rows
        .iter()
        .filter_map(|r| r.decided_by)
        .chain(comment_rows.iter().filter_map(|c| c.author_id));
    let people = crate::db::user::names(db, ids).await?;
    let history: Vec<DecisionView> = decision_rows
        .iter()
        .filter_map(|row| {
            let dec = decision(row)?;
            Some(DecisionView {
                id: row.id,
                lane: dec.lane,
                verdict: dec.verdict,
                version_number: numbers.get(&row.draft_version_id).copied().unwrap_or(0),
                by: name_of(&people, row.decided_by),
                at: row.created_at,
                note: row.note.clone(),
                checked: checked(&row.checked),
            })
        })
        .collect();
    let decisions: Vec<Decision> = decision_rows.iter().filter_map(decision).collect();
    let latest = page.versions.first();
    let lanes = Lane::ALL
        .into_iter()
        .map(|lane| {
            let verdict = latest.and_then(|v| review::verdict(&decisions, lane, v.id));
            LaneView {
                lane,
                current: verdict.and_then(|v| history.iter().find(|h| h.id == v.id).cloned()),
                wait: latest.map(|v| {
                    review::wait(
                        v.created_at,
                        verdict.map(|d| d.at),
                        now,
                        brief.turnaround_hours,
                    )
                }),
            }
        })
        .collect();
    let checks = page
        .versions
        .iter()
        .map(|v| VersionChecks {
            version_id: v.id,
            checks: compliance::check(
                &v.caption,
                Rules {
                    platform: page.summary.platform,
                    disclosures: &brief.disclosures,
                    hashtags: &brief.hashtags,
                    do_not_say: &brief.do_not_say,
                    talking_points: &brief.talking_points,
                },
            ),
        })
        .collect();
    let is_staff = access.side == Side::Staff;
    let colleagues = if is_staff {
        staff(db, access.entry.organization_id)
            .await?
            .into_iter()
            .map(|u| (review::handle(&u.email), u.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(ReviewView {
        status: review::status(latest.map(|v| v.id), &decisions),
        approved_version: d.approved_version_id,
        lanes,
        history,
        checks,
        threads: threads(comment_rows, &numbers, &people, me),
        revisions_used: review::revisions_used(page.versions.len() as i32),
        revisions_allowed: has_brief.then_some(brief.revision_rounds),
        turnaround_hours: brief.turnaround_hours,
        my_lane: if is_staff { Lane::of(me.role) } else { None },
        is_staff,
        people: colleagues,
        deliverable: page,
    })
}
