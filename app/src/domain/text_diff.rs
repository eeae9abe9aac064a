//! What changed between two versions of a caption, word by word, for the review page's
//! comparison view.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub change: Change,
    pub text: String,
}

/// Past this many token pairs the comparison is shown as "all removed, all added" rather
/// than spend memory on the table (16 MB at most). A caption of a few hundred words is far
/// below it; only very long scripts reach it.
const MAX_CELLS: usize = 4_000_000;

/// Words and the whitespace between them, each its own token, so spacing survives.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let is_space = c.is_whitespace();
        if space.is_some_and(|was| was != is_space) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(is_space);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The longest common subsequence of words, as runs of same, removed and added text.
pub fn words(before: &str, after: &str) -> Vec<Piece> {
    let (a, b) = (tokens(before), tokens(after));
    let mut out: Vec<Piece> = Vec::new();
    let mut push = |change: Change, text: &str| match out.last_mut() {
        Some(last) if last.change == change => last.text.push_str(text),
        _ => out.push(Piece {
            change,
            text: text.to_string(),
        }),
    };
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        push(Change::Removed, before);
        push(Change::Added, after);
        return out.into_iter().filter(|p| !p.text.is_empty()).collect();
    }
    // lcs[i][j]: common tokens of a[i..] and b[j..].
    let w = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            push(Change::Same, a[i]);
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j]) {
            push(Change::Added, b[j]);
            j += 1;
        } else {
            push(Change::Removed, a[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn changed_words_show_as_removed_and_added() {
        let d = words(
            "Totally waterproof jacket #ad",
            "#ad Fully waterproof jacket",
        );
        let shown: Vec<(Change, &str)> = d.iter().map(|p| (p.change, p.text.as_str())).collect();
        assert_eq!(
            shown,
            vec![
                (Change::Added, "#ad Fully"),
                (Change::Removed, "Totally"),
                (Change::Same, " waterproof jacket"),
                (Change::Removed, " #ad"),
            ]
        );
    }

    proptest! {
        #[test]
        fn both_sides_can_be_rebuilt(a in "[a-c \n]{0,40}", b in "[a-c \n]{0,40}") {
            let d = words(&a, &b);
            let side = |skip: Change| d.iter().filter(|p| p.change != skip).map(|p| p.text.as_str()).collect::<String>();
            prop_assert_eq!(side(Change::Added), a);
            prop_assert_eq!(side(Change::Removed), b);
        }
    }
}
