//! The board's arithmetic, shared by the server and the browser: columns, their headers,
//! and where a card lands when it is dropped (the browser shows it before the server
//! confirms, and the server's answer must agree).

use super::Entry;
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use chrono::{DateTime, Utc};

/// The cards in one stage, top to bottom.
pub fn column(entries: &[Entry], stage: Stage) -> Vec<Entry> {
    let mut cards: Vec<Entry> = entries
        .iter()
        .filter(|e| e.stage == stage)
        .cloned()
        .collect();
    cards.sort_by_key(|e| (e.position, e.id));
    cards
}

/// A column's header: how many creators, what they cost, how many people they reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub count: usize,
    /// Agreed fees; creators without a fee yet add nothing.
    pub fees: Money,
    /// Followers across the creators' channels.
    pub reach: i64,
}

pub fn summary(cards: &[Entry], currency: &str) -> Summary {
    Summary {
        count: cards.len(),
        fees: Money {
            minor: cards
                .iter()
                .filter_map(|e| e.fee.as_ref())
                .map(|f| f.minor)
                .sum(),
            currency: currency.to_string(),
        },
        reach: cards.iter().map(|e| e.followers).sum(),
    }
}

/// The server's word on a card just moved: its new version, days in stage and next task,
/// in the place the browser already gave it (positions there are the browser's own).
pub fn settle(entries: &mut [Entry], saved: Entry) {
    if let Some(card) = entries.iter_mut().find(|e| e.id == saved.id) {
        *card = Entry {
            position: card.position,
            ..saved
        };
    }
}

/// The board after moving `id` to `to` at `index` in that column (counted without the card
/// itself): the same order the server stores (its positions may have gaps; these are 1..n).
pub fn place(entries: &[Entry], id: i32, to: Stage, index: usize) -> Vec<Entry> {
    let Some(moved) = entries.iter().find(|e| e.id == id).cloned() else {
        return entries.to_vec();
    };
    let mut target: Vec<Entry> = column(entries, to)
        .into_iter()
        .filter(|e| e.id != id)
        .collect();
    let days_in_stage = if moved.stage == to {
        moved.days_in_stage
    } else {
        0
    };
    target.insert(
        index.min(target.len()),
        Entry {
            stage: to,
            days_in_stage,
            ..moved
        },
    );
    let mut out: Vec<Entry> = entries
        .iter()
        .filter(|e| e.id != id && e.stage != to)
        .cloned()
        .collect();
    out.extend(target.into_iter().enumerate().map(|(i, e)| Entry {
        position: i as i32 + 1,
        ..e
    }));
    out
}

/// Where a card sits: its column and its index there.
pub fn locate(entries: &[Entry], id: i32) -> Option<(Stage, usize)> {
    let stage = entries.iter().find(|e| e.id == id)?.stage;
    let index = column(entries, stage).iter().position(|e| e.id == id)?;
    Some((stage, index))
}

/// Whole days since the card entered its stage.
pub fn days_in_stage(since: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - since).num_days().max(0)
}

/// "Contacted vs needed": creators reached out to (whatever their answer) and creators
/// signed, against the campaign's target, so managers can plan for attrition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outreach {
    pub contacted: usize,
    pub signed: usize,
}

pub fn outreach(entries: &[Entry]) -> Outreach {
    use Stage::*;
    let count = |stages: &[Stage]| entries.iter().filter(|e| stages.contains(&e.stage)).count();
    Outreach {
        contacted: count(&[
            Contacted,
            Negotiating,
            Contracted,
            Content,
            Live,
            Paid,
            Declined,
        ]),
        signed: count(&Stage::SIGNED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(id: i32, stage: Stage, position: i32) -> Entry {
        Entry {
            id,
            campaign_id: 1,
            creator_id: id,
            creator_name: format!("Creator {id}"),
            followers: 1_000 * id as i64,
            channel: None,
            stage,
            position,
            fee: (id % 2 == 0).then(|| Money {
                minor: 10_000,
                currency: "EUR".into(),
            }),
            shipping: Money {
                minor: 0,
                currency: "EUR".into(),
            },
            product_cost: Money {
                minor: 0,
                currency: "EUR".into(),
            },
            owner: None,
            stage_changed_at: DateTime::UNIX_EPOCH,
            days_in_stage: 4,
            next_task: None,
            version: 1,
        }
    }

    fn ids(entries: &[Entry], stage: Stage) -> Vec<i32> {
        column(entries, stage).iter().map(|e| e.id).collect()
    }

    #[test]
    fn headers_add_up_the_column() {
        let board = vec![
            entry(1, Stage::Shortlisted, 1),
            entry(2, Stage::Shortlisted, 2),
            entry(4, Stage::Contacted, 1),
        ];
        let s = summary(&column(&board, Stage::Shortlisted), "EUR");
        assert_eq!((s.count, s.fees.minor, s.reach), (2, 10_000, 3_000));
    }

    #[test]
    fn a_card_lands_where_it_is_dropped() {
        let board = vec![
            entry(1, Stage::Shortlisted, 1),
            entry(2, Stage::Shortlisted, 2),
            entry(3, Stage::Contacted, 1),
        ];
        let moved = place(&board, 1, Stage::Contacted, 1);
        assert_eq!(ids(&moved, Stage::Contacted), vec![3, 1]);
        assert_eq!(column(&moved, Stage::Contacted)[1].days_in_stage, 0);
        assert_eq!(ids(&moved, Stage::Shortlisted), vec![2]);
        let reordered = place(&board, 2, Stage::Shortlisted, 0);
        assert_eq!(ids(&reordered, Stage::Shortlisted), vec![2, 1]);
        assert_eq!(column(&reordered, Stage::Shortlisted)[0].days_in_stage, 4);
        assert_eq!(locate(&reordered, 1), Some((Stage::Shortlisted, 1)));
        // Past the end: the bottom of the column.
        assert_eq!(
            ids(
                &place(&board, 3, Stage::Shortlisted, 99),
                Stage::Shortlisted
            ),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn the_saved_card_keeps_the_place_the_browser_gave_it() {
        let board = vec![
            entry(1, Stage::Shortlisted, 1),
            entry(2, Stage::Shortlisted, 2),
        ];
        let mut moved = place(&board, 2, Stage::Contacted, 0);
        // The server numbers positions its own way (gaps and all).
        let saved = Entry {
            position: 41,
            version: 2,
            days_in_stage: 0,
            ..column(&moved, Stage::Contacted)[0].clone()
        };
        settle(&mut moved, saved);
        let card = &column(&moved, Stage::Contacted)[0];
        assert_eq!((card.id, card.version, card.position), (2, 2, 1));
        assert_eq!(ids(&moved, Stage::Shortlisted), vec![1]);
    }

    #[test]
    fn outreach_counts_everyone_contacted_and_everyone_signed() {
        let board = vec![
            entry(1, Stage::Shortlisted, 1),
            entry(2, Stage::Contacted, 1),
            entry(3, Stage::Declined, 1),
            entry(4, Stage::Contracted, 1),
            entry(5, Stage::Dropped, 1),
        ];
        assert_eq!(
            outreach(&board),
            Outreach {
                contacted: 3,
                signed: 1
            }
        );
    }

    proptest! {
        /// Any drop keeps every card exactly once and numbers the target column 1..n.
        #[test]
        fn a_drop_never_loses_or_duplicates_a_card(
            stages in proptest::collection::vec(0usize..9, 1..20),
            pick in 0usize..20,
            to in 0usize..9,
            index in 0usize..25,
        ) {
            let board: Vec<Entry> = stages
                .iter()
                .enumerate()
                .map(|(i, s)| entry(i as i32 + 1, Stage::ALL[*s], i as i32))
                .collect();
            let id = (pick % board.len()) as i32 + 1;
            let to = Stage::ALL[to];
            let after = place(&board, id, to, index);
            let mut all: Vec<i32> = after.iter().map(|e| e.id).collect();
            all.sort_unstable();
            prop_assert_eq!(all, (1..=board.len() as i32).collect::<Vec<_>>());
            let target = column(&after, to);
            let positions: Vec<i32> = target.iter().map(|e| e.position).collect();
            prop_assert_eq!(positions, (1..=target.len() as i32).collect::<Vec<_>>());
            let landed = target.iter().position(|e| e.id == id).unwrap();
            prop_assert_eq!(landed, index.min(target.len() - 1));
        }
    }
}
