//! The rules of a brief and of the deliverables it asks for: lists as people type them,
//! hashtags, and the review policy's limits.

use super::creator::Platform;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const MAX_TALKING_POINTS: usize = 3;
pub const MAX_DELIVERABLE_KINDS: usize = 20;
pub const MAX_QUANTITY: u8 = 50;
pub const MAX_REVISION_ROUNDS: u8 = 10;
/// Four weeks: a longer review turnaround is a typo.
pub const MAX_TURNAROUND_HOURS: u16 = 672;
pub const TEXT_MAX: usize = 4000;
pub const LIST_ITEM_MAX: usize = 200;
pub const LIST_MAX: usize = 30;

/// One line of the deliverables: "2 × Instagram Reel, due 10 April".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverableSpec {
    pub platform: Platform,
    /// Reel, Story, Short, Video, Post…
    pub format: String,
    pub quantity: u8,
    pub due_on: NaiveDate,
}

impl DeliverableSpec {
    pub fn label(&self) -> String {
        format!(
            "{} × {} {}, due {}",
            self.quantity,
            self.platform.label(),
            self.format,
            self.due_on.format("%-d %B %Y")
        )
    }

    /// The single deliverables this line stands for, numbered: "Instagram Reel 2 of 3".
    pub fn units(&self) -> impl Iterator<Item = DeliverableUnit> + '_ {
        (1..=self.quantity).map(move |n| DeliverableUnit {
            platform: self.platform,
            format: self.format.clone(),
            number: n,
            of: self.quantity,
            due_on: self.due_on,
        })
    }
}

/// One post or video the creator owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverableUnit {
    pub platform: Platform,
    pub format: String,
    pub number: u8,
    pub of: u8,
    pub due_on: NaiveDate,
}

impl DeliverableUnit {
    pub fn title(&self) -> String {
        let base = format!("{} {}", self.platform.label(), self.format);
        if self.of > 1 {
            format!("{base} {} of {}", self.number, self.of)
        } else {
            base
        }
    }
}

/// Every unit of a list of deliverable lines, in order.
pub fn units(specs: &[DeliverableSpec]) -> Vec<DeliverableUnit> {
    specs.iter().flat_map(DeliverableSpec::units).collect()
}

/// A free-text list typed one item per line: trimmed, blank lines and repeats dropped.
pub fn list(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !items.iter().any(|i| i.eq_ignore_ascii_case(line)) {
            items.push(line.to_string());
        }
    }
    items
}

/// Checks a typed list against the length limits.
pub fn check_list(items: &[String], what: &str) -> Result<(), String> {
    if items.len() > LIST_MAX {
        return Err(format!("List at most {LIST_MAX} {what}."));
    }
    if items.iter().any(|i| i.chars().count() > LIST_ITEM_MAX) {
        return Err(format!(
            "Keep each of the {what} under {LIST_ITEM_MAX} characters."
        ));
    }
    Ok(())
}

/// Hashtags as they are typed, one per line or separated by spaces or commas: each gets
/// its `#`, and must be one word.
pub fn hashtags(text: &str) -> Result<Vec<String>, String> {
    let mut tags: Vec<String> = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace() || c == ',') {
        let word = raw.trim_start_matches('#');
        if raw.is_empty() {
            continue;
        }
        if word.is_empty() || !word.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(format!(
                "\"{raw}\" is not a hashtag: use letters, digits and _ only, like #ad."
            ));
        }
        let tag = format!("#{word}");
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    if tags.len() > LIST_MAX {
        return Err(format!("List at most {LIST_MAX} hashtags."));
    }
    Ok(tags)
}

pub fn text(text: &str) -> Result<(), String> {
    if text.chars().count() > TEXT_MAX {
        Err(format!("Keep this under {TEXT_MAX} characters."))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reel(quantity: u8) -> DeliverableSpec {
        DeliverableSpec {
            platform: Platform::Instagram,
            format: "Reel".into(),
            quantity,
            due_on: NaiveDate::from_ymd_opt(2027, 4, 10).unwrap(),
        }
    }

    #[test]
    fn a_line_reads_like_a_brief() {
        assert_eq!(reel(2).label(), "2 × Instagram Reel, due 10 April 2027");
    }

    #[test]
    fn a_line_of_three_is_three_numbered_deliverables() {
        let titles: Vec<String> = units(&[reel(3), reel(1)])
            .iter()
            .map(DeliverableUnit::title)
            .collect();
        assert_eq!(
            titles,
            [
                "Instagram Reel 1 of 3",
                "Instagram Reel 2 of 3",
                "Instagram Reel 3 of 3",
                "Instagram Reel"
            ]
        );
    }

    #[test]
    fn lists_drop_blanks_and_repeats() {
        assert_eq!(
            list("  cure \n\nmiracle\nCure\n"),
            vec!["cure".to_string(), "miracle".to_string()]
        );
    }

    #[test]
    fn hashtags_get_their_hash_and_stay_single_words() {
        assert_eq!(
            hashtags("#ad, sponsored  #GlowUp\n#ad").unwrap(),
            vec!["#ad", "#sponsored", "#GlowUp"]
        );
        assert!(hashtags("#ad #not-a-tag").is_err());
        assert!(hashtags("#").is_err());
        assert_eq!(hashtags("  ").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn lists_have_limits() {
        let many: Vec<String> = (0..31).map(|i| i.to_string()).collect();
        assert!(check_list(&many, "phrases").is_err());
        assert!(check_list(&["x".repeat(201)], "phrases").is_err());
        assert!(check_list(&many[..30], "phrases").is_ok());
    }

    proptest! {
        #[test]
        fn parsed_hashtags_are_always_single_hash_words(text in "[#a-z ,_\n]{0,60}") {
            if let Ok(tags) = hashtags(&text) {
                for t in tags {
                    prop_assert!(t.starts_with('#') && t.len() > 1 && !t[1..].contains('#'));
                }
            }
        }
    }
}
