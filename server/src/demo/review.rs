//! The demo creator's own collaboration, so the review desk and the portal have something
//! real to show: a campaign with a brief, Sam Rivera contracted with an accepted agreement,
//! and a Reel in its second version after legal asked for changes. Demo data only.

use app::briefs::BriefFields;
use app::creators::{ChannelFields, CreatorFields, Onboarding};
use app::db::{
    agreement, brief, brief_delivery, campaign, creator, deliverable, draft_version,
    pipeline_entry, review_comment, review_decision,
};
use app::domain::agreement::{AgreementStatus, AgreementTerms, Parties, UsageRights, render};
use app::domain::anchor::{Span, capture};
use app::domain::brief::DeliverableSpec;
use app::domain::campaign::{CampaignStatus, Objective};
use app::domain::creator::{Platform, Tier};
use app::domain::money::Money;
use app::domain::pipeline::Stage;
use app::domain::review::{CHECKLIST, Lane, Verdict};
use app::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};

/// The demo users this seed writes as.
pub struct Staff {
    pub marketing: i32,
    pub legal: i32,
    pub creator: i32,
}

const CAMPAIGN: &str = "Summer Ridge Launch";
const V1: &str = "Rain all day on the ridge and I stayed bone dry. This jacket is basically indestructible!\nPacks into its own pocket, too.\n#TrailReady #ad";
const V2: &str = "#ad Rain all day on the ridge and I stayed bone dry: the shell is rated to 20,000 mm.\nPacks into its own pocket, too.\n#TrailReady";

fn span_of(text: &str, quote: &str) -> Result<Span, AppError> {
    let start = text.find(quote).ok_or(AppError::Internal)?;
    Ok(Span {
        start,
        end: start + quote.len(),
    })
}

pub async fn seed(
    txn: &DatabaseTransaction,
    org: i32,
    staff: &Staff,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let day = |n: i64| now - Duration::days(n);
    let profile = CreatorFields {
        name: "Sam Rivera".into(),
        email: Some("creator@roster.example".into()),
        country: Some("US".into()),
        niches: vec!["outdoor".into(), "hiking".into()],
        tier: Some(Tier::Paid),
        tag: None,
        rate: Some(Money {
            minor: 80_000,
            currency: "EUR".into(),
        }),
        notes: "Demo creator: sign in as creator@roster.example to see the portal.".into(),
        channels: vec![ChannelFields {
            platform: Platform::Instagram,
            handle: "sam.on.ridges".into(),
            url: None,
            followers: 36_400,
            engagement_bp: Some(480),
            fake_followers_bp: None,
        }],
        onboarding: Onboarding {
            legal_name: Some("Sam Rivera".into()),
            ..Default::default()
        },
    };
    let creator_id = app::creators::ssr::insert(txn, org, day(30), &profile)
        .await?
        .ok_or(AppError::Internal)?;
    creator::ActiveModel {
        id: Set(creator_id),
        user_id: Set(Some(staff.creator)),
        ..Default::default()
    }
    .update(txn)
    .await?;

    let starts = day(14).date_naive();
    let c = campaign::ActiveModel {
        organization_id: Set(org),
        name: Set(CAMPAIGN.into()),
        objective: Set(Objective::Awareness.as_str().into()),
        status: Set(CampaignStatus::Active.as_str().into()),
        currency: Set("EUR".into()),
        budget_minor: Set(1_500_000),
        starts_on: Set(starts),
        ends_on: Set(starts + Duration::weeks(8)),
        target_reach: Set(Some(400_000)),
        target_engagement_bp: Set(Some(400)),
        target_creators: Set(Some(1)),
        owner_id: Set(Some(staff.marketing)),
        version: Set(1),
        landing_url: Set(Some("https://northwind.example/summer-ridge".into())),
        created_at: Set(day(20)),
        updated_at: Set(day(20)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let reel = DeliverableSpec {
        platform: Platform::Instagram,
        format: "Reel".into(),
        quantity: 1,
        due_on: (now + Duration::days(10)).date_naive(),
    };
    let fields = BriefFields {
        objective: "Show the Ridge shell keeping people dry on real summer storms.".into(),
        audience: "Weekend hikers, 25 to 40, who hike whatever the weather.".into(),
        deliverables: vec![reel.clone()],
        talking_points: vec![
            "Rated to 20,000 mm".into(),
            "Packs into its own pocket".into(),
        ],
        brand_values: "Honest, practical, outdoors for everyone.".into(),
        hashtags: vec!["#TrailReady".into()],
        disclosures: vec!["#ad".into()],
        do_not_say: vec!["indestructible".into(), "waterproof forever".into()],
        revision_rounds: 2,
        turnaround_hours: 48,
        drafts_due_on: Some(reel.due_on - Duration::days(5)),
        live_by: Some(reel.due_on),
        payment_terms: "30 days after the post is live.".into(),
    };
    let b = brief::ActiveModel {
        organization_id: Set(org),
        campaign_id: Set(c.id),
        version: Set(1),
        content: Set(serde_json::to_string(&fields).map_err(|_| AppError::Internal)?),
        created_by: Set(Some(staff.marketing)),
        created_at: Set(day(12)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let entry = pipeline_entry::ActiveModel {
        organization_id: Set(org),
        campaign_id: Set(c.id),
        creator_id: Set(creator_id),
        stage: Set(Stage::Content.as_str().into()),
        position: Set(1),
        fee_minor: Set(Some(80_000)),
        shipping_minor: Set(1_500),
        product_cost_minor: Set(12_000),
        owner_id: Set(Some(staff.marketing)),
        stage_changed_at: Set(day(8)),
        version: Set(1),
        created_at: Set(day(12)),
        updated_at: Set(day(8)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    brief_delivery::ActiveModel {
        pipeline_entry_id: Set(entry.id),
        brief_id: Set(b.id),
        sent_by: Set(Some(staff.marketing)),
        sent_at: Set(day(9)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let terms = AgreementTerms {
        deliverables: vec![reel.clone()],
        fee: Money {
            minor: 80_000,
            currency: "EUR".into(),
        },
        usage: UsageRights {
            channels: vec!["Brand Instagram".into()],
            regions: Vec::new(),
            months: 6,
            whitelisting: false,
        },
        posting_from: reel.due_on - Duration::days(3),
        posting_until: reel.due_on,
        exclusivity: String::new(),
        late_terms: String::new(),
        cancellation_terms: String::new(),
        promo_code: "SAM15".into(),
        tracking_link: app::domain::utm::tracking_link(
            "https://northwind.example/summer-ridge",
            "instagram",
            CAMPAIGN,
            "Sam Rivera",
        ),
    };
    let body = render(
        &Parties {
            brand: super::ORGANIZATION,
            creator: "Sam Rivera",
            campaign: CAMPAIGN,
        },
        &terms,
    );
    agreement::ActiveModel {
        organization_id: Set(org),
        pipeline_entry_id: Set(entry.id),
        terms: Set(serde_json::to_string(&terms).map_err(|_| AppError::Internal)?),
        body_sha256: Set(app::platform::token::sha256_hex(body.as_bytes())),
        body: Set(body),
        signer_name: Set("Sam Rivera".into()),
        status: Set(AgreementStatus::Accepted.as_str().into()),
        sent_by: Set(Some(staff.marketing)),
        sent_at: Set(day(9)),
        answered_at: Set(Some(day(8))),
        answered_by: Set(Some(staff.creator)),
        accepted_name: Set(Some("Sam Rivera".into())),
        accepted_ip: Set(Some("demo".into())),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let d = deliverable::ActiveModel {
        organization_id: Set(org),
        pipeline_entry_id: Set(entry.id),
        platform: Set(reel.platform.as_str().into()),
        format: Set(reel.format.clone()),
        number: Set(1),
        of_count: Set(1),
        due_on: Set(reel.due_on),
        created_at: Set(day(8)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    drafts(txn, org, staff, d.id, now).await
}

/// Version 1 with legal's inline comment and both decisions; version 2 waiting for review,
/// the comment outdated since its words are gone, and Sam's answer.
async fn drafts(
    txn: &DatabaseTransaction,
    org: i32,
    staff: &Staff,
    deliverable_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let version = |number: i32, caption: &str, at: DateTime<Utc>| draft_version::ActiveModel {
        organization_id: Set(org),
        deliverable_id: Set(deliverable_id),
        number: Set(number),
        caption: Set(caption.into()),
        submitted_by: Set(Some(staff.creator)),
        created_at: Set(at),
        ..Default::default()
    };
    let v1 = version(1, V1, now - Duration::days(3)).insert(txn).await?;
    let quoted = span_of(V1, "basically indestructible")?;
    let anchor = capture(V1, quoted).ok_or(AppError::Internal)?;
    let comment = |author: i32, body: &str, at: DateTime<Utc>| review_comment::ActiveModel {
        organization_id: Set(org),
        deliverable_id: Set(deliverable_id),
        draft_version_id: Set(v1.id),
        author_id: Set(Some(author)),
        body: Set(body.into()),
        target: Set("draft".into()),
        created_at: Set(at),
        ..Default::default()
    };
    let mut legal = comment(
        staff.legal,
        "We can't claim this: nothing is indestructible. Say what the shell is rated to (20,000 mm).",
        now - Duration::days(2),
    );
    legal.target = Set("text".into());
    legal.quote = Set(Some(anchor.quote));
    legal.prefix = Set(Some(anchor.prefix));
    legal.suffix = Set(Some(anchor.suffix));
    let (start, end) = (quoted.start as i32, quoted.end as i32);
    legal.origin_start = Set(Some(start));
    legal.origin_end = Set(Some(end));
    legal.anchor_start = Set(Some(start));
    legal.anchor_end = Set(Some(end));
    legal.anchor_version_id = Set(Some(v1.id));
    let legal = legal.insert(txn).await?;
    comment(
        staff.marketing,
        "Love the opening shot in the rain. Keep it!",
        now - Duration::days(2),
    )
    .insert(txn)
    .await?;
    for (lane, verdict, by, note) in [
        (Lane::Marketing, Verdict::Approved, staff.marketing, ""),
        (
            Lane::Legal,
            Verdict::ChangesRequested,
            staff.legal,
            "Remove “indestructible” and move #ad to the start.",
        ),
    ] {
        let checked: Vec<&str> = match verdict {
            Verdict::Approved => CHECKLIST.iter().map(|(k, _)| *k).collect(),
            Verdict::ChangesRequested => Vec::new(),
        };
        review_decision::ActiveModel {
            organization_id: Set(org),
            deliverable_id: Set(deliverable_id),
            draft_version_id: Set(v1.id),
            lane: Set(lane.as_str().into()),
            verdict: Set(verdict.as_str().into()),
            checked: Set(checked.join(",")),
            note: Set(note.into()),
            decided_by: Set(Some(by)),
            created_at: Set(now - Duration::days(2)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    let reply = |body: &str| review_comment::ActiveModel {
        organization_id: Set(org),
        deliverable_id: Set(deliverable_id),
        draft_version_id: Set(v1.id),
        parent_id: Set(Some(legal.id)),
        author_id: Set(Some(staff.creator)),
        body: Set(body.into()),
        target: Set("text".into()),
        created_at: Set(now - Duration::hours(30)),
        ..Default::default()
    };
    reply("Fair! Changed it to the 20,000 mm rating in v2.")
        .insert(txn)
        .await?;
    let at = now - Duration::hours(29);
    let v2 = version(2, V2, at).insert(txn).await?;
    app::deliverables::ssr::reanchor(txn, &v2, at).await
}
