//! What the server and the pages of briefs exchange: views, inputs and
//! their limits.

use crate::domain::brief::{self, DeliverableSpec, MAX_QUANTITY, MAX_TALKING_POINTS};
use crate::domain::creator::Platform;
use crate::error::{AppError, Validation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A brief's content, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BriefFields {
    pub objective: String,
    pub audience: String,
    pub deliverables: Vec<DeliverableSpec>,
    pub talking_points: Vec<String>,
    pub brand_values: String,
    pub hashtags: Vec<String>,
    /// "#ad", "Paid partnership label"…
    pub disclosures: Vec<String>,
    pub do_not_say: Vec<String>,
    pub revision_rounds: u8,
    pub turnaround_hours: u16,
    pub drafts_due_on: Option<NaiveDate>,
    pub live_by: Option<NaiveDate>,
    pub payment_terms: String,
}

/// A version of the brief as people read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefVersion {
    pub id: i32,
    pub version: i32,
    pub fields: BriefFields,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<String>,
}

/// The brief page: the version shown, and the list of all versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefPage {
    pub campaign_id: i32,
    pub campaign_name: String,
    pub currency: String,
    pub shown: Option<BriefVersion>,
    pub latest_version: Option<i32>,
    pub versions: Vec<(i32, DateTime<Utc>)>,
    /// Creators on the board who were sent a version, and which.
    pub sent: Vec<(String, i32)>,
}

/// One deliverable line as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeliverableInput {
    pub platform: String,
    pub format: String,
    pub quantity: String,
    pub due_on: String,
}

impl DeliverableInput {
    pub fn from_spec(d: &DeliverableSpec) -> Self {
        DeliverableInput {
            platform: d.platform.as_str().into(),
            format: d.format.clone(),
            quantity: d.quantity.to_string(),
            due_on: d.due_on.to_string(),
        }
    }
}

/// Checks deliverable lines, reporting problems as `<field>.<row>.<part>`.
pub fn check_deliverables(
    v: &mut Validation,
    field: &str,
    rows: &[DeliverableInput],
) -> Vec<DeliverableSpec> {
    if rows.len() > brief::MAX_DELIVERABLE_KINDS {
        v.check(
            false,
            field,
            "List at most 20 kinds of deliverable; use the quantity for more of one.",
        );
        return Vec::new();
    }
    let mut specs = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let name = |part: &str| format!("{field}.{i}.{part}");
        let platform = v.take(
            name("platform"),
            Platform::parse(&row.platform).ok_or_else(|| "Choose a platform.".to_string()),
        );
        let format = row.format.trim().to_string();
        let format = v.take(
            name("format"),
            if format.is_empty() {
                Err("Name the format, like Reel or Story.".to_string())
            } else if format.chars().count() > 60 || format.chars().any(char::is_control) {
                Err("Keep the format to one short line.".to_string())
            } else {
                Ok(format)
            },
        );
        let quantity = v.take(
            name("quantity"),
            row.quantity
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|q| (1..=MAX_QUANTITY).contains(q))
                .ok_or_else(|| format!("Enter how many, from 1 to {MAX_QUANTITY}.")),
        );
        let due_on = v.take(name("due_on"), date(&row.due_on));
        if let (Some(platform), Some(format), Some(quantity), Some(due_on)) =
            (platform, format, quantity, due_on)
        {
            specs.push(DeliverableSpec {
                platform,
                format,
                quantity,
                due_on,
            });
        }
    }
    specs
}

pub fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| "Enter a date.".to_string())
}

fn optional_date(text: &str) -> Result<Option<NaiveDate>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        date(text).map(Some)
    }
}

/// The brief form as typed. Lists are one item per line.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BriefInput {
    pub objective: String,
    pub audience: String,
    pub deliverables: Vec<DeliverableInput>,
    pub talking_points: String,
    pub brand_values: String,
    pub hashtags: String,
    pub disclosures: String,
    pub do_not_say: String,
    pub revision_rounds: String,
    pub turnaround_hours: String,
    pub drafts_due_on: String,
    pub live_by: String,
    pub payment_terms: String,
}

impl BriefInput {
    pub fn validate(&self) -> Result<BriefFields, AppError> {
        let mut v = Validation::new();
        let text = |v: &mut Validation, field: &str, value: &str, required: Option<&str>| {
            let value = value.trim();
            if let Some(message) = required
                && value.is_empty()
            {
                v.check(false, field, message);
            }
            v.add(field, brief::text(value));
            value.to_string()
        };
        let objective = text(
            &mut v,
            "objective",
            &self.objective,
            Some("Say what this campaign should achieve."),
        );
        let audience = text(
            &mut v,
            "audience",
            &self.audience,
            Some("Describe who the content is for."),
        );
        let brand_values = text(&mut v, "brand_values", &self.brand_values, None);
        let payment_terms = text(&mut v, "payment_terms", &self.payment_terms, None);
        let deliverables = check_deliverables(&mut v, "deliverables", &self.deliverables);
        v.check(
            !self.deliverables.is_empty(),
            "deliverables",
            "Add at least one deliverable.",
        );
        let talking_points = brief::list(&self.talking_points);
        v.check(
            talking_points.len() <= MAX_TALKING_POINTS,
            "talking_points",
            "Keep to three talking points: more get lost.",
        );
        v.add(
            "talking_points",
            brief::check_list(&talking_points, "talking points"),
        );
        let hashtags = v
            .take("hashtags", brief::hashtags(&self.hashtags))
            .unwrap_or_default();
        let disclosures = brief::list(&self.disclosures);
        v.add(
            "disclosures",
            brief::check_list(&disclosures, "disclosures"),
        );
        v.check(
            !disclosures.is_empty(),
            "disclosures",
            "Name the disclosure creators must use, like #ad or the paid-partnership label.",
        );
        let do_not_say = brief::list(&self.do_not_say);
        v.add("do_not_say", brief::check_list(&do_not_say, "phrases"));
        let revision_rounds = v.take(
            "revision_rounds",
            self.revision_rounds
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|n| *n <= brief::MAX_REVISION_ROUNDS)
                .ok_or_else(|| "Enter the revision rounds included, from 0 to 10.".to_string()),
        );
        let turnaround_hours = v.take(
            "turnaround_hours",
            self.turnaround_hours
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|n| (1..=brief::MAX_TURNAROUND_HOURS).contains(n))
                .ok_or_else(|| {
                    "Enter the review turnaround in hours, from 1 to 672 (four weeks).".to_string()
                }),
        );
        let drafts_due_on = v.take("drafts_due_on", optional_date(&self.drafts_due_on));
        let live_by = v.take("live_by", optional_date(&self.live_by));
        if let (Some(Some(d)), Some(Some(l))) = (drafts_due_on, live_by) {
            v.check(
                l >= d,
                "live_by",
                "Posts cannot go live before the drafts are due.",
            );
        }
        v.finish()?;
        Ok(BriefFields {
            objective,
            audience,
            deliverables,
            talking_points,
            brand_values,
            hashtags,
            disclosures,
            do_not_say,
            revision_rounds: revision_rounds.unwrap_or_default(),
            turnaround_hours: turnaround_hours.unwrap_or_default(),
            drafts_due_on: drafts_due_on.flatten(),
            live_by: live_by.flatten(),
            payment_terms,
        })
    }

    /// The form prefilled from a version, to write the next one.
    pub fn from_fields(f: &BriefFields) -> Self {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        BriefInput {
            objective: f.objective.clone(),
            audience: f.audience.clone(),
            deliverables: f
                .deliverables
                .iter()
                .map(DeliverableInput::from_spec)
                .collect(),
            talking_points: f.talking_points.join("\n"),
            brand_values: f.brand_values.clone(),
            hashtags: f.hashtags.join(" "),
            disclosures: f.disclosures.join("\n"),
            do_not_say: f.do_not_say.join("\n"),
            revision_rounds: f.revision_rounds.to_string(),
            turnaround_hours: f.turnaround_hours.to_string(),
            drafts_due_on: date(f.drafts_due_on),
            live_by: date(f.live_by),
            payment_terms: f.payment_terms.clone(),
        }
    }

    /// A new brief's starting point: the usual policy, one deliverable line.
    pub fn blank() -> Self {
        BriefInput {
            deliverables: vec![DeliverableInput {
                platform: Platform::Instagram.as_str().into(),
                format: "Reel".into(),
                quantity: "1".into(),
                due_on: String::new(),
            }],
            disclosures: "#ad".into(),
            revision_rounds: "2".into(),
            turnaround_hours: "48".into(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> BriefInput {
        BriefInput {
            objective: "Launch the serum".into(),
            audience: "Women 25–40 into skincare".into(),
            deliverables: vec![DeliverableInput {
                platform: "instagram".into(),
                format: "Reel".into(),
                quantity: "2".into(),
                due_on: "2027-04-10".into(),
            }],
            talking_points: "Hydration\nVegan\n".into(),
            hashtags: "#glow ad".into(),
            disclosures: "#ad".into(),
            do_not_say: "cure\nmiracle".into(),
            revision_rounds: "2".into(),
            turnaround_hours: "48".into(),
            drafts_due_on: "2027-04-01".into(),
            live_by: "2027-04-15".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_brief_validates_and_round_trips_through_the_form() {
        let fields = input().validate().unwrap();
        assert_eq!(fields.deliverables.len(), 1);
        assert_eq!(fields.hashtags, vec!["#glow", "#ad"]);
        assert_eq!(fields.do_not_say, vec!["cure", "miracle"]);
        let again = BriefInput::from_fields(&fields).validate().unwrap();
        assert_eq!(again, fields);
    }

    #[test]
    fn every_problem_is_reported_on_its_field() {
        let bad = BriefInput {
            objective: " ".into(),
            deliverables: vec![DeliverableInput {
                platform: "myspace".into(),
                format: "".into(),
                quantity: "0".into(),
                due_on: "soon".into(),
            }],
            talking_points: "a\nb\nc\nd".into(),
            hashtags: "#ok #not-ok".into(),
            disclosures: "".into(),
            revision_rounds: "11".into(),
            turnaround_hours: "0".into(),
            drafts_due_on: "2027-04-10".into(),
            live_by: "2027-04-01".into(),
            ..input()
        };
        let err = bad.validate().unwrap_err();
        for field in [
            "objective",
            "deliverables.0.platform",
            "deliverables.0.format",
            "deliverables.0.quantity",
            "deliverables.0.due_on",
            "talking_points",
            "hashtags",
            "disclosures",
            "revision_rounds",
            "turnaround_hours",
            "live_by",
        ] {
            assert!(err.field(field).is_some(), "no error on {field}: {err:?}");
        }
    }

    #[test]
    fn a_brief_needs_a_deliverable() {
        let err = BriefInput {
            deliverables: vec![],
            ..input()
        }
        .validate()
        .unwrap_err();
        assert!(err.field("deliverables").is_some());
    }
}
