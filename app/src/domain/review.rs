//! Two-lane approval of drafts (docs/PRODUCT.md §5.4): marketing and legal each approve or request
//! changes on a version; a draft is approved when both approved the same version, so a new
//! version starts both lanes over. Revision rounds and waiting time are measured against
//! the brief's review policy.

use super::role::Role;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lane {
    Marketing,
    Legal,
}

impl Lane {
    pub const ALL: [Lane; 2] = [Lane::Marketing, Lane::Legal];

    pub fn as_str(self) -> &'static str {
        match self {
            Lane::Marketing => "marketing",
            Lane::Legal => "legal",
        }
    }

    pub fn parse(s: &str) -> Option<Lane> {
        Lane::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Lane::Marketing => "Marketing",
            Lane::Legal => "Legal",
        }
    }

    /// The lane a role decides in: marketing users and admins in marketing's, legal in
    /// legal's. Directors and creators decide in none.
    pub fn of(role: Role) -> Option<Lane> {
        match role {
            Role::Admin | Role::Marketing => Some(Lane::Marketing),
            Role::Legal => Some(Lane::Legal),
            Role::Director | Role::Creator => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Approved,
    ChangesRequested,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approved => "approved",
            Verdict::ChangesRequested => "changes_requested",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        [Verdict::Approved, Verdict::ChangesRequested]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Approved => "Approved",
            Verdict::ChangesRequested => "Changes requested",
        }
    }
}

/// What a reviewer confirms before approving (docs/PRODUCT.md §5.4), as `(key, label)`.
pub const CHECKLIST: [(&str, &str); 5] = [
    ("claims", "Claims are accurate and allowed"),
    ("brand_values", "Fits the brand values"),
    ("disclosure", "Disclosure is clear and early"),
    ("visuals", "Visuals are right (product, logo, setting)"),
    (
        "technical",
        "Technical quality (sound, light, focus, format)",
    ),
];

/// Approving means every point was checked; requesting changes needs a word on what.
pub fn check_decision(verdict: Verdict, checked: &[String], note: &str) -> Result<(), String> {
    match verdict {
        Verdict::Approved => {
            let missing: Vec<&str> = CHECKLIST
                .iter()
                .filter(|(key, _)| !checked.iter().any(|c| c == key))
                .map(|(_, label)| *label)
                .collect();
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "Check every point before approving. Not checked: {}.",
                    missing.join("; ")
                ))
            }
        }
        Verdict::ChangesRequested if note.trim().is_empty() => {
            Err("Say what should change.".into())
        }
        Verdict::ChangesRequested => Ok(()),
    }
}

/// A decision as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Orders decisions made in the same instant.
    pub id: i32,
    pub lane: Lane,
    pub verdict: Verdict,
    pub version: i32,
    pub at: DateTime<Utc>,
}

/// A lane's latest verdict on `version`, if it gave one.
pub fn verdict(decisions: &[Decision], lane: Lane, version: i32) -> Option<Decision> {
    decisions
        .iter()
        .filter(|d| d.lane == lane && d.version == version)
        .max_by_key(|d| (d.at, d.id))
        .copied()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    AwaitingDraft,
    InReview,
    ChangesRequested,
    Approved,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::AwaitingDraft => "Waiting for a draft",
            Status::InReview => "In review",
            Status::ChangesRequested => "Changes requested",
            Status::Approved => "Approved",
        }
    }
}

/// Where a draft stands, judged on its latest version only: decisions on earlier
/// versions no longer count.
pub fn status(latest: Option<i32>, decisions: &[Decision]) -> Status {
    let Some(latest) = latest else {
        return Status::AwaitingDraft;
    };
    let verdicts = Lane::ALL.map(|lane| verdict(decisions, lane, latest).map(|d| d.verdict));
    if verdicts.contains(&Some(Verdict::ChangesRequested)) {
        Status::ChangesRequested
    } else if verdicts.iter().all(|v| *v == Some(Verdict::Approved)) {
        Status::Approved
    } else {
        Status::InReview
    }
}

/// Revision rounds used: every version after the first is one.
pub fn revisions_used(versions: i32) -> i32 {
    (versions - 1).max(0)
}

/// How long a lane's review of a version is taking (or took), and whether that breaks the
/// turnaround target. A target of zero hours sets none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wait {
    pub minutes: i64,
    pub target_hours: u16,
    pub breached: bool,
    /// Still waiting (no decision yet).
    pub open: bool,
}

pub fn wait(
    submitted: DateTime<Utc>,
    decided: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    target_hours: u16,
) -> Wait {
    let waited = decided.unwrap_or(now) - submitted;
    let minutes = waited.num_minutes().max(0);
    Wait {
        minutes,
        target_hours,
        breached: target_hours > 0 && waited > Duration::hours(i64::from(target_hours)),
        open: decided.is_none(),
    }
}

/// "3 h 20 min", "2 d 4 h": waiting time as reviewers read it.
pub fn duration_label(minutes: i64) -> String {
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (d, h) {
        (0, 0) => format!("{m} min"),
        (0, _) => format!("{h} h {m} min"),
        _ => format!("{d} d {h} h"),
    }
}

/// `@handles` mentioned in a comment, lowercased and without repeats. A handle is the
/// part of a colleague's email before the `@`.
pub fn mentions(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chars: Vec<char> = body.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.');
        if *c != '@' || !starts_word {
            continue;
        }
        let handle: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
            .collect::<String>()
            .trim_end_matches('.')
            .to_lowercase();
        if !handle.is_empty() && !out.contains(&handle) {
            out.push(handle);
        }
    }
    out
}

/// The handle of an email address: what colleagues type after `@`.
pub fn handle(email: &str) -> String {
    email.split('@').next().unwrap_or_default().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 1, h, 0, 0).unwrap()
    }

    fn d(lane: Lane, verdict: Verdict, version: i32, h: u32) -> Decision {
        Decision {
            id: i32::try_from(h).unwrap(),
            lane,
            verdict,
            version,
            at: at(h),
        }
    }

    #[test]
    fn approved_only_when_both_lanes_approve_the_same_version() {
        use {Lane::*, Verdict::*};
        assert_eq!(status(None, &[]), Status::AwaitingDraft);
        assert_eq!(status(Some(1), &[]), Status::InReview);
        let one = [d(Marketing, Approved, 1, 1)];
        assert_eq!(status(Some(1), &one), Status::InReview);
        let split = [d(Marketing, Approved, 1, 1), d(Legal, Approved, 2, 2)];
        assert_eq!(
            status(Some(2), &split),
            Status::InReview,
            "a new version resets"
        );
        let both = [d(Marketing, Approved, 2, 1), d(Legal, Approved, 2, 2)];
        assert_eq!(status(Some(2), &both), Status::Approved);
        let changes = [
            d(Marketing, Approved, 2, 1),
            d(Legal, ChangesRequested, 2, 2),
        ];
        assert_eq!(status(Some(2), &changes), Status::ChangesRequested);
        let changed_mind = [d(Legal, ChangesRequested, 2, 1), d(Legal, Approved, 2, 3)];
        assert_eq!(
            verdict(&changed_mind, Legal, 2).map(|d| d.verdict),
            Some(Approved)
        );
        // Two decisions in the same instant: the later row counts, whatever the order.
        let mut same = [d(Legal, Approved, 2, 1), d(Legal, ChangesRequested, 2, 1)];
        same[1].id = 9;
        for order in [same, [same[1], same[0]]] {
            assert_eq!(
                verdict(&order, Legal, 2).map(|d| d.verdict),
                Some(ChangesRequested)
            );
        }
    }

    #[test]
    fn roles_decide_in_their_own_lane_only() {
        assert_eq!(Lane::of(Role::Marketing), Some(Lane::Marketing));
        assert_eq!(Lane::of(Role::Admin), Some(Lane::Marketing));
        assert_eq!(Lane::of(Role::Legal), Some(Lane::Legal));
        assert_eq!(Lane::of(Role::Director), None);
        assert_eq!(Lane::of(Role::Creator), None);
    }

    #[test]
    fn approving_needs_the_whole_checklist() {
        let all: Vec<String> = CHECKLIST.iter().map(|(k, _)| k.to_string()).collect();
        assert!(check_decision(Verdict::Approved, &all, "").is_ok());
        let err = check_decision(Verdict::Approved, &all[1..], "").unwrap_err();
        assert!(err.contains("Claims"), "{err}");
        assert!(check_decision(Verdict::ChangesRequested, &[], " ").is_err());
        assert!(check_decision(Verdict::ChangesRequested, &[], "Move #ad up").is_ok());
    }

    #[test]
    fn waiting_is_measured_against_the_target() {
        let w = wait(at(0), None, at(30 % 24) + Duration::hours(24), 24);
        assert!(w.breached && w.open);
        assert_eq!(w.minutes, 30 * 60);
        let on_time = wait(at(0), Some(at(5)), at(23), 24);
        assert!(!on_time.breached && !on_time.open);
        assert!(!wait(at(0), None, at(0) + Duration::days(90), 0).breached);
        assert_eq!(duration_label(200), "3 h 20 min");
        assert_eq!(duration_label(3120), "2 d 4 h");
        assert_eq!(revisions_used(0), 0);
        assert_eq!(revisions_used(3), 2);
    }

    #[test]
    fn mentions_are_handles_after_an_at() {
        assert_eq!(
            mentions("@Lena please check, cc @legal. Mail me at x@y.com @lena"),
            vec!["lena", "legal"]
        );
        assert_eq!(handle("Lena.Ortiz@brand.example"), "lena.ortiz");
    }
}
