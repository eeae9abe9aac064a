//! Inline comments hold on to their text across draft versions. A comment remembers the
//! quoted span with a little context on each side; on a new version the quote is looked up
//! exactly (context breaks ties between repeats), then approximately, so a comment follows
//! its words through small edits. When the words are gone it is outdated.
//!
//! Spans are byte ranges on UTF-8 char boundaries. Browsers count in UTF-16 units, so
//! [`byte_offset`] converts what a selection reports.

use serde::{Deserialize, Serialize};

/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;
/// Quotes shorter than this are matched exactly only: a fuzzy match of two letters is noise.
const FUZZY_MIN_CHARS: usize = 4;
/// Quotes longer than this are matched exactly only, which bounds the fuzzy search's work.
const FUZZY_MAX_CHARS: usize = 600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn of(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    /// Not empty, inside `text`, and on char boundaries: safe to slice with.
    pub fn fits(self, text: &str) -> bool {
        self.start < self.end
            && self.end <= text.len()
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
    }
}

/// A quoted span and its surroundings, as taken from the text the comment was made on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
}

/// The anchor of `span` in `text`, or `None` when the span is empty or not on char
/// boundaries.
pub fn capture(text: &str, span: Span) -> Option<Anchor> {
    if !span.fits(text) {
        return None;
    }
    let before = &text[..span.start];
    let after = &text[span.end..];
    let prefix_start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let suffix_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    Some(Anchor {
        quote: span.of(text).to_string(),
        prefix: before[prefix_start..].to_string(),
        suffix: after[..suffix_end].to_string(),
    })
}

/// Where `anchor` is in `text` now: an exact occurrence of the quote (the one whose
/// context fits best), else the closest approximate one within a quarter of the quote's
/// length in edits, else `None`.
pub fn locate(anchor: &Anchor, text: &str) -> Option<Span> {
    if anchor.quote.is_empty() {
        return None;
    }
    let exact: Vec<Span> = text
        .match_indices(anchor.quote.as_str())
        .map(|(i, q)| Span {
            start: i,
            end: i + q.len(),
        })
        .collect();
    if !exact.is_empty() {
        return best_by_context(anchor, text, exact);
    }
    fuzzy(anchor, text)
}

/// The span whose surroundings share the most characters with the anchor's context.
fn best_by_context(anchor: &Anchor, text: &str, spans: Vec<Span>) -> Option<Span> {
    spans
        .into_iter()
        .enumerate()
        .max_by_key(|(i, s)| {
            let before = common_suffix(&text[..s.start], &anchor.prefix);
            let after = common_prefix(&text[s.end..], &anchor.suffix);
            // Ties go to the earliest occurrence.
            (before + after, std::cmp::Reverse(*i))
        })
        .map(|(_, s)| s)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Approximate substring search (Sellers): the substring of `text` with the fewest edits
/// from the quote, where the match may start anywhere.
fn fuzzy(anchor: &Anchor, text: &str) -> Option<Span> {
    let quote: Vec<char> = anchor.quote.chars().collect();
    if !(FUZZY_MIN_CHARS..=FUZZY_MAX_CHARS).contains(&quote.len()) {
        return None;
    }
    let budget = quote.len() / 4;
    // Byte offset of every char of `text`, plus its end.
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars: Vec<char> = text.chars().collect();
    let m = quote.len();
    // Column j of the previous and current rows: (edits, start char of the match).
    let mut prev: Vec<(usize, usize)> = (0..=chars.len()).map(|j| (0, j)).collect();
    let mut cur = prev.clone();
    for (i, q) in quote.iter().enumerate() {
        cur[0] = (i + 1, 0);
        for j in 1..=chars.len() {
            let substitute = (
                prev[j - 1].0 + usize::from(chars[j - 1] != *q),
                prev[j - 1].1,
            );
            let skip_quote = (prev[j].0 + 1, prev[j].1);
            let skip_text = (cur[j - 1].0 + 1, cur[j - 1].1);
            // Equal edits: the later start, so the match is no longer than it must be.
            cur[j] = [substitute, skip_quote, skip_text]
                .into_iter()
                .min_by_key(|c| (c.0, std::cmp::Reverse(c.1)))
                .unwrap_or(substitute);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let least = prev.iter().skip(1).map(|c| c.0).min()?;
    if least > budget || m == 0 {
        return None;
    }
    let candidates: Vec<Span> = prev
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(j, c)| c.0 == least && c.1 < *j)
        .map(|(j, c)| Span {
            start: offsets[c.1],
            end: offsets[j],
        })
        .collect();
    best_by_context(anchor, text, candidates).map(|s| whole_words(text, s, &anchor.quote))
}

/// Widens an approximate match to whole words where the quote starts or ends on a word,
/// so "fully" is found where "totally" was, not "lly".
fn whole_words(text: &str, mut span: Span, quote: &str) -> Span {
    let word = |c: char| c.is_alphanumeric();
    if quote.chars().next().is_some_and(word) {
        while let Some(c) = text[..span.start].chars().next_back().filter(|c| word(*c)) {
            span.start -= c.len_utf8();
        }
    }
    if quote.chars().next_back().is_some_and(word) {
        while let Some(c) = text[span.end..].chars().next().filter(|c| word(*c)) {
            span.end += c.len_utf8();
        }
    }
    span
}

/// The byte offset of a position given in UTF-16 units (what a browser selection reports),
/// or `None` when it is past the end or inside a character.
pub fn byte_offset(text: &str, utf16: usize) -> Option<usize> {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units == utf16 {
            return Some(i);
        }
        if units > utf16 {
            return None;
        }
        units += c.len_utf16();
    }
    (units == utf16).then_some(text.len())
}

/// A run of text and the comments covering it, for drawing highlights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub comments: Vec<i32>,
}

/// Cuts `text` at every span's edges, so overlapping comments each keep their highlight.
/// Spans outside the text or off char boundaries are ignored.
pub fn segments(text: &str, spans: &[(i32, Span)]) -> Vec<Segment> {
    let spans: Vec<&(i32, Span)> = spans.iter().filter(|(_, s)| s.fits(text)).collect();
    let mut cuts: Vec<usize> = spans
        .iter()
        .flat_map(|(_, s)| [s.start, s.end])
        .chain([0, text.len()])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| Segment {
            text: text[w[0]..w[1]].to_string(),
            comments: spans
                .iter()
                .filter(|(_, s)| s.start <= w[0] && w[1] <= s.end)
                .map(|(id, _)| *id)
                .collect(),
        })
        .filter(|s| !s.text.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn span_of(text: &str, quote: &str) -> Span {
        let start = text.find(quote).unwrap();
        Span {
            start,
            end: start + quote.len(),
        }
    }

    #[test]
    fn an_untouched_quote_follows_its_text() {
        let v1 = "Loving the new Trail jacket. Totally waterproof! #ad";
        let a = capture(v1, span_of(v1, "Totally waterproof!")).unwrap();
        assert_eq!(a.prefix, "Loving the new Trail jacket. ");
        let v2 = "#ad Out on the ridge today.\nLoving the new Trail jacket. Totally waterproof! 🌧";
        assert_eq!(locate(&a, v2).unwrap().of(v2), "Totally waterproof!");
    }

    #[test]
    fn context_picks_the_right_repeat() {
        let v1 = "Light. Warm. Light enough to forget.";
        let second = Span { start: 13, end: 18 };
        assert_eq!(second.of(v1), "Light");
        let a = capture(v1, second).unwrap();
        let v2 = "So light. Warm. Light enough to forget.";
        let found = locate(&a, v2).unwrap();
        assert_eq!(&v2[found.start..], "Light enough to forget.");
    }

    #[test]
    fn a_small_edit_is_followed_fuzzily() {
        let v1 = "This jacket is totally waterproof in any storm.";
        let a = capture(v1, span_of(v1, "totally waterproof in any storm")).unwrap();
        let v2 = "This jacket is fully waterproof in any storm.";
        assert_eq!(
            locate(&a, v2).unwrap().of(v2),
            "fully waterproof in any storm"
        );
    }

    #[test]
    fn rewritten_text_is_outdated() {
        let v1 = "Guaranteed to cure your back pain.";
        let a = capture(v1, span_of(v1, "cure your back pain")).unwrap();
        assert_eq!(locate(&a, "A comfortable pack for long days."), None);
        let short = capture("a b c", Span { start: 2, end: 3 }).unwrap();
        assert_eq!(
            locate(&short, "a x c"),
            None,
            "short quotes match exactly only"
        );
    }

    #[test]
    fn utf16_offsets_become_byte_offsets() {
        let t = "né 🌧 x";
        assert_eq!(byte_offset(t, 0), Some(0));
        assert_eq!(byte_offset(t, 2), Some(3));
        assert_eq!(byte_offset(t, 3), Some(4));
        assert_eq!(byte_offset(t, 4), None, "inside the emoji's surrogate pair");
        assert_eq!(byte_offset(t, 5), Some(8));
        assert_eq!(byte_offset(t, 7), Some(t.len()));
        assert_eq!(byte_offset(t, 8), None);
    }

    #[test]
    fn overlapping_highlights_are_cut_at_every_edge() {
        let t = "abcdef";
        let s = segments(
            t,
            &[
                (1, Span { start: 1, end: 4 }),
                (2, Span { start: 3, end: 5 }),
            ],
        );
        let shape: Vec<(&str, Vec<i32>)> = s
            .iter()
            .map(|s| (s.text.as_str(), s.comments.clone()))
            .collect();
        assert_eq!(
            shape,
            vec![
                ("a", vec![]),
                ("bc", vec![1]),
                ("d", vec![1, 2]),
                ("e", vec![2]),
                ("f", vec![])
            ]
        );
    }

    proptest! {
        #[test]
        fn an_untouched_quote_always_re_anchors(
            text in "\\PC{1,120}",
            a in 0usize..120, b in 0usize..120,
            before in "\\PC{0,40}", after in "\\PC{0,40}",
        ) {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let (a, b) = (a % chars.len(), b % chars.len());
            let (lo, hi) = (a.min(b), a.max(b) + 1);
            let start = chars[lo].0;
            let end = chars.get(hi).map_or(text.len(), |c| c.0);
            let anchor = capture(&text, Span { start, end }).unwrap();
            // Edits around the quote, never inside it.
            let edited = format!("{before}{}{}{}{after}", &text[..start], anchor.quote, &text[end..]);
            let found = locate(&anchor, &edited).expect("re-anchored");
            prop_assert_eq!(found.of(&edited), anchor.quote.as_str());
        }

        #[test]
        fn random_edits_never_panic(
            text in "\\PC{0,80}", edited in "\\PC{0,80}",
            a in 0usize..100, b in 0usize..100,
        ) {
            let (start, end) = (a.min(b), a.max(b));
            if let Some(anchor) = capture(&text, Span { start, end })
                && let Some(s) = locate(&anchor, &edited)
            {
                prop_assert!(s.start < s.end && s.end <= edited.len());
                prop_assert!(edited.is_char_boundary(s.start) && edited.is_char_boundary(s.end));
            }
            let joined: String = segments(&edited, &[(1, Span { start, end })])
                .into_iter()
                .map(|s| s.text)
                .collect();
            prop_assert_eq!(joined, edited);
        }

        #[test]
        fn utf16_round_trips(text in "\\PC{0,40}") {
            let mut units = 0;
            for (i, c) in text.char_indices() {
                prop_assert_eq!(byte_offset(&text, units), Some(i));
                units += c.len_utf16();
            }
            prop_assert_eq!(byte_offset(&text, units), Some(text.len()));
        }
    }
}
