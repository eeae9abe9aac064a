//! Where cards stand on the stored boards, for working out a batch of moves before any of
//! it is written. Positions are spaced out, so a card dropped between two others takes a
//! number between theirs and is usually the only row to change; a column is renumbered
//! only when there is no room left. Pure, so the rules are tested without a database.

use crate::domain::pipeline::Stage;
use std::collections::HashMap;

/// The room left between two cards when a column is numbered afresh.
pub const GAP: i32 = 1 << 10;
/// Numbers stay well inside `i32`: past this, the column is numbered afresh.
const CEILING: i32 = 1 << 30;

/// A column: one stage of one campaign.
type ColumnKey = (i32, Stage);

#[derive(Debug, Default)]
pub struct Layout {
    /// Card ids and positions, top to bottom.
    columns: HashMap<ColumnKey, Vec<(i32, i32)>>,
    /// Each card's campaign and stage.
    cards: HashMap<i32, ColumnKey>,
    /// Positions as stored, to tell which changed.
    stored: HashMap<i32, i32>,
}

impl Layout {
    /// Adds a stored card; call in board order (position, then id).
    pub fn push(&mut self, campaign_id: i32, id: i32, stage: Stage, position: i32) {
        self.columns
            .entry((campaign_id, stage))
            .or_default()
            .push((id, position));
        self.cards.insert(id, (campaign_id, stage));
        self.stored.insert(id, position);
    }

    pub fn stage_of(&self, id: i32) -> Option<Stage> {
        self.cards.get(&id).map(|(_, stage)| *stage)
    }

    /// Moves a card to `index` (from 0, past the end means last) of the column `to`.
    pub fn place(&mut self, id: i32, to: Stage, index: usize) {
        let Some(&(campaign, from)) = self.cards.get(&id) else {
            return;
        };
        if let Some(column) = self.columns.get_mut(&(campaign, from)) {
            column.retain(|(c, _)| *c != id);
        }
        self.cards.insert(id, (campaign, to));
        let column = self.columns.entry((campaign, to)).or_default();
        let i = index.min(column.len());
        let above = i.checked_sub(1).map_or(0, |k| column[k].1);
        let below = column.get(i).map(|c| c.1);
        column.insert(i, (id, 0));
        let between = match below {
            Some(below) if below - above >= 2 => Some(above + (below - above) / 2),
            None if above < CEILING => Some(above + GAP),
            _ => None,
        };
        match between {
            Some(position) => column[i].1 = position,
            None => {
                for (k, card) in column.iter_mut().enumerate() {
                    card.1 = (k as i32 + 1) * GAP;
                }
            }
        }
    }

    /// Where a card stands now.
    pub fn position(&self, id: i32) -> Option<i32> {
        let column = self.columns.get(self.cards.get(&id)?)?;
        column.iter().find(|(c, _)| *c == id).map(|c| c.1)
    }

    /// The positions to save: the cards whose number changed.
    pub fn changed(&self) -> Vec<(i32, i32)> {
        self.columns
            .values()
            .flatten()
            .filter(|(id, position)| self.stored.get(id) != Some(position))
            .copied()
            .collect()
    }

    /// The column's cards, top to bottom.
    #[cfg(test)]
    fn column(&self, campaign_id: i32, stage: Stage) -> Vec<i32> {
        self.columns
            .get(&(campaign_id, stage))
            .map(|c| c.iter().map(|(id, _)| *id).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn layout() -> Layout {
        let mut l = Layout::default();
        l.push(1, 10, Stage::Shortlisted, 1);
        l.push(1, 11, Stage::Shortlisted, 2);
        l.push(1, 20, Stage::Contacted, 1024);
        l.push(1, 21, Stage::Contacted, 2048);
        l.push(2, 30, Stage::Shortlisted, 1);
        l
    }

    fn sorted(mut v: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
        v.sort_unstable();
        v
    }

    #[test]
    fn a_card_dropped_between_two_takes_a_number_between_theirs() {
        let mut l = layout();
        l.place(10, Stage::Contacted, 1);
        assert_eq!(l.column(1, Stage::Contacted), [20, 10, 21]);
        assert_eq!(l.stage_of(10), Some(Stage::Contacted));
        // Only the moved card is written; the column it left keeps its numbers.
        assert_eq!(l.changed(), [(10, 1536)]);
        l.place(11, Stage::Contacted, 99);
        assert_eq!(l.position(11), Some(2048 + GAP));
        assert_eq!(l.column(2, Stage::Shortlisted), [30], "another campaign");
    }

    #[test]
    fn a_column_without_room_is_numbered_afresh() {
        let mut l = layout();
        // Nothing between 0 and 1 at the top of Shortlisted.
        l.place(11, Stage::Shortlisted, 0);
        assert_eq!(l.column(1, Stage::Shortlisted), [11, 10]);
        assert_eq!(sorted(l.changed()), [(10, 2 * GAP), (11, GAP)]);
    }

    #[test]
    fn an_unknown_card_changes_nothing() {
        let mut l = layout();
        l.place(99, Stage::Contacted, 0);
        assert!(l.changed().is_empty());
    }

    proptest! {
        /// Any run of moves keeps every card exactly once, and the numbers order each
        /// column top to bottom, inside their bounds.
        #[test]
        fn moves_never_lose_or_disorder_a_card(
            stages in proptest::collection::vec(0usize..9, 1..30),
            moves in proptest::collection::vec((0usize..30, 0usize..9, 0usize..40), 0..200),
        ) {
            let mut l = Layout::default();
            for (i, s) in stages.iter().enumerate() {
                l.push(1, i as i32, Stage::ALL[*s], i as i32 + 1);
            }
            for (card, to, index) in &moves {
                l.place((*card % stages.len()) as i32, Stage::ALL[*to], *index);
            }
            let mut seen: Vec<i32> = Stage::ALL.iter().flat_map(|s| l.column(1, *s)).collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..stages.len() as i32).collect::<Vec<_>>());
            for stage in Stage::ALL {
                let numbers: Vec<i32> =
                    l.column(1, stage).iter().map(|id| l.position(*id).unwrap()).collect();
                prop_assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{:?}", numbers);
                prop_assert!(numbers.iter().all(|n| *n > 0 && *n <= CEILING + GAP));
            }
        }
    }
}
