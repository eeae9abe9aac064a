//! The automatic checks every draft version gets before anyone reviews it: disclosure
//! present and early, required hashtags, no do-not-say phrase, talking points mentioned,
//! the platform's length limits. Matching ignores case and accents ("Crème" = "creme").

use super::anchor::Span;
use super::creator::Platform;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A disclosure must be this early: it has to show before a feed cuts the caption off.
pub const DISCLOSURE_LINES: usize = 3;
/// What a caption must disclose when the brief names nothing.
pub const DEFAULT_DISCLOSURES: [&str; 2] = ["#ad", "#sponsored"];

/// What the brief asks of a draft.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub platform: Platform,
    pub disclosures: &'a [String],
    pub hashtags: &'a [String],
    pub do_not_say: &'a [String],
    pub talking_points: &'a [String],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckKind {
    Disclosure,
    Hashtags,
    DoNotSay,
    TalkingPoints,
    Length,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub kind: CheckKind,
    pub passed: bool,
    pub title: String,
    pub detail: String,
    /// The text at fault, when there is one (a do-not-say phrase, a late disclosure).
    pub span: Option<Span>,
}

/// A platform's caption limits: characters, and hashtags where the platform caps them.
pub fn limits(platform: Platform) -> (Option<usize>, Option<usize>) {
    match platform {
        Platform::Instagram => (Some(2200), Some(30)),
        Platform::TikTok => (Some(4000), None),
        Platform::YouTube => (Some(5000), Some(60)),
        Platform::X => (Some(280), None),
        Platform::LinkedIn => (Some(3000), None),
        Platform::Pinterest => (Some(500), Some(20)),
        Platform::Snapchat => (Some(160), None),
        Platform::Facebook | Platform::Twitch | Platform::Blog => (None, None),
    }
}

pub fn check(caption: &str, rules: Rules) -> Vec<Check> {
    let text = Folded::new(caption);
    let mut checks = vec![disclosure(caption, &text, rules.disclosures)];
    if !rules.hashtags.is_empty() {
        checks.push(hashtags(&text, rules.hashtags));
    }
    if !rules.do_not_say.is_empty() {
        checks.push(do_not_say(&text, rules.do_not_say));
    }
    if !rules.talking_points.is_empty() {
        checks.push(talking_points(&text, rules.talking_points));
    }
    checks.push(length(caption, &text, rules.platform));
    checks
}

/// A platform setting ("Paid partnership label") rather than words of the caption: the
/// text cannot show it, so reviewers confirm it (the checklist's disclosure point).
fn is_setting(disclosure: &str) -> bool {
    let d = fold(disclosure);
    !d.starts_with('#') && ["label", "setting", "toggle"].iter().any(|w| d.contains(w))
}

fn disclosure(caption: &str, text: &Folded, disclosures: &[String]) -> Check {
    let (settings, words): (Vec<&str>, Vec<&str>) = disclosures
        .iter()
        .map(String::as_str)
        .partition(|d| is_setting(d));
    let confirm = if settings.is_empty() {
        String::new()
    } else {
        format!(" Reviewers confirm in the post: {}.", settings.join(", "))
    };
    let check = |passed: bool, detail: String, span: Option<Span>| Check {
        kind: CheckKind::Disclosure,
        passed,
        title: "Disclosure in the first lines".into(),
        detail: format!("{detail}{confirm}"),
        span,
    };
    let wanted: Vec<&str> = match (words.is_empty(), settings.is_empty()) {
        (false, _) => words,
        // Only a platform setting is asked for: there are no words to look for.
        (true, false) => return check(true, "Nothing to find in the text.".into(), None),
        (true, true) => DEFAULT_DISCLOSURES.to_vec(),
    };
    let first = wanted
        .iter()
        .filter_map(|d| text.find(d))
        .min_by_key(|s| s.start);
    let Some(found) = first else {
        let named = wanted.join(" or ");
        let detail = format!("No disclosure: add {named} at the start of the caption.");
        return check(false, detail, None);
    };
    let line = caption[..found.start].matches('\n').count() + 1;
    let passed = line <= DISCLOSURE_LINES;
    let detail = if passed {
        format!("“{}” on line {line}.", found.of(caption))
    } else {
        format!(
            "“{}” is on line {line}: move it into the first {DISCLOSURE_LINES} lines, where it shows before “more”.",
            found.of(caption)
        )
    };
    check(passed, detail, Some(found))
}

fn hashtags(text: &Folded, required: &[String]) -> Check {
    let missing: Vec<&str> = required
        .iter()
        .filter(|t| text.find(t).is_none())
        .map(String::as_str)
        .collect();
    Check {
        kind: CheckKind::Hashtags,
        passed: missing.is_empty(),
        title: "Required hashtags".into(),
        detail: if missing.is_empty() {
            format!("All {} present.", required.len())
        } else {
            format!("Missing: {}.", missing.join(" "))
        },
        span: None,
    }
}

fn do_not_say(text: &Folded, phrases: &[String]) -> Check {
    let found: Vec<(&str, Span)> = phrases
        .iter()
        .filter_map(|p| text.find(p).map(|s| (p.as_str(), s)))
        .collect();
    Check {
        kind: CheckKind::DoNotSay,
        passed: found.is_empty(),
        title: "No do-not-say phrases".into(),
        detail: if found.is_empty() {
            format!("None of the {} phrases used.", phrases.len())
        } else {
            let said: Vec<String> = found.iter().map(|(p, _)| format!("“{p}”")).collect();
            format!("Uses {}.", said.join(", "))
        },
        span: found.iter().map(|(_, s)| *s).min_by_key(|s| s.start),
    }
}

/// Words too common to show that a point was made.
const STOP_WORDS: [&str; 24] = [
    "about", "after", "also", "been", "from", "have", "into", "just", "like", "made", "make",
    "more", "much", "only", "over", "some", "than", "that", "their", "them", "then", "this",
    "very", "with",
];

/// A talking point counts as mentioned when at least half of its telling words (four
/// letters or more, not common words) appear; a word may carry an ending ("layer", "layers").
fn mentions(text: &Folded, point: &str) -> bool {
    let key: Vec<String> = fold(point)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect();
    if key.is_empty() {
        return text.find(point).is_some();
    }
    let words: Vec<&str> = text
        .folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let present = key
        .iter()
        .filter(|k| {
            words
                .iter()
                .any(|w| w.starts_with(k.as_str()) || (w.len() >= 4 && k.starts_with(w)))
        })
        .count();
    present * 2 >= key.len()
}

fn talking_points(text: &Folded, points: &[String]) -> Check {
    let missing: Vec<&str> = points
        .iter()
        .filter(|p| !mentions(text, p))
        .map(String::as_str)
        .collect();
    let made = points.len() - missing.len();
    Check {
        kind: CheckKind::TalkingPoints,
        passed: missing.is_empty(),
        title: format!("Talking points mentioned ({made} of {})", points.len()),
        detail: if missing.is_empty() {
            "Every talking point is there.".into()
        } else {
            let missing: Vec<String> = missing.iter().map(|p| format!("“{p}”")).collect();
            format!("Not found: {}.", missing.join(", "))
        },
        span: None,
    }
}

fn length(caption: &str, text: &Folded, platform: Platform) -> Check {
    let (max_chars, max_tags) = limits(platform);
    let chars = caption.chars().count();
    let tags = text
        .folded
        .split(|c: char| c.is_whitespace())
        .filter(|w| w.starts_with('#') && w.len() > 1)
        .count();
    let mut problems = Vec::new();
    if let Some(max) = max_chars.filter(|m| chars > *m) {
        problems.push(format!(
            "{chars} characters, {} allows {max}",
            platform.label()
        ));
    }
    if let Some(max) = max_tags.filter(|m| tags > *m) {
        problems.push(format!(
            "{tags} hashtags, {} allows {max}",
            platform.label()
        ));
    }
    Check {
        kind: CheckKind::Length,
        passed: problems.is_empty(),
        title: format!("Fits {}", platform.label()),
        detail: if problems.is_empty() {
            match max_chars {
                Some(max) => format!("{chars} of {max} characters."),
                None => format!("{chars} characters; {} sets no limit.", platform.label()),
            }
        } else {
            format!("{}.", problems.join("; "))
        },
        span: None,
    }
}

/// Lowercase without accents, one char at a time.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    std::iter::once(c)
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
}

fn fold(s: &str) -> String {
    s.chars().flat_map(fold_char).collect()
}

/// A caption folded for matching, remembering where each folded char came from.
struct Folded {
    folded: String,
    /// For each byte of `folded`, the original span of the char it came from.
    origin: Vec<Span>,
}

impl Folded {
    fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let span = Span {
                start: i,
                end: i + c.len_utf8(),
            };
            for f in fold_char(c) {
                folded.push(f);
                origin.extend(std::iter::repeat_n(span, f.len_utf8()));
            }
        }
        Folded { folded, origin }
    }

    /// The first whole-word occurrence of `phrase` ("cure" is not in "secure"), as a span
    /// of the original text.
    fn find(&self, phrase: &str) -> Option<Span> {
        let needle = fold(phrase.trim());
        if needle.is_empty() {
            return None;
        }
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        self.folded
            .match_indices(needle.as_str())
            .find(|(i, m)| {
                let before = self.folded[..*i].chars().next_back();
                let after = self.folded[i + m.len()..].chars().next();
                let edge_ok =
                    |inner: Option<char>, outer: Option<char>| !(word(inner) && word(outer));
                edge_ok(needle.chars().next(), before) && edge_ok(needle.chars().next_back(), after)
            })
            .map(|(i, m)| Span {
                start: self.origin[i].start,
                end: self.origin[i + m.len() - 1].end,
            })
    }
}

#[cfg(test)]
mod tests;
