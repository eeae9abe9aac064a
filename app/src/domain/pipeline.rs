//! The pipeline's stages: where a creator stands in a campaign.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Shortlisted,
    Contacted,
    Negotiating,
    Contracted,
    Content,
    Live,
    Paid,
    /// The creator said no.
    Declined,
    /// The brand stopped the collaboration.
    Dropped,
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::Shortlisted,
        Stage::Contacted,
        Stage::Negotiating,
        Stage::Contracted,
        Stage::Content,
        Stage::Live,
        Stage::Paid,
        Stage::Declined,
        Stage::Dropped,
    ];

    /// Where a creator enters a campaign.
    pub const FIRST: Stage = Stage::Shortlisted;

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Shortlisted => "shortlisted",
            Stage::Contacted => "contacted",
            Stage::Negotiating => "negotiating",
            Stage::Contracted => "contracted",
            Stage::Content => "content",
            Stage::Live => "live",
            Stage::Paid => "paid",
            Stage::Declined => "declined",
            Stage::Dropped => "dropped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Shortlisted => "Shortlisted",
            Stage::Contacted => "Contacted",
            Stage::Negotiating => "Negotiating",
            Stage::Contracted => "Contracted",
            Stage::Content => "Content",
            Stage::Live => "Live",
            Stage::Paid => "Paid",
            Stage::Declined => "Declined",
            Stage::Dropped => "Dropped",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The board's columns, in order. Declined and Dropped are kept off the board.
    pub const BOARD: [Stage; 7] = [
        Stage::Shortlisted,
        Stage::Contacted,
        Stage::Negotiating,
        Stage::Contracted,
        Stage::Content,
        Stage::Live,
        Stage::Paid,
    ];

    /// Creators signed to the campaign: their costs count, and their contracted channels
    /// make its potential reach.
    pub const SIGNED: [Stage; 4] = [Stage::Contracted, Stage::Content, Stage::Live, Stage::Paid];

    /// Whether the creator knows of the collaboration: from the first contact on, never
    /// while merely shortlisted.
    pub fn creator_sees(self) -> bool {
        self != Stage::Shortlisted
    }

    pub fn on_board(self) -> bool {
        !matches!(self, Stage::Declined | Stage::Dropped)
    }

    /// Why an entry in this stage cannot move to `to`, if it cannot. Work happens in order
    /// from the contract on (content needs a contract, going live needs content or a
    /// contract, payment needs the post live), and a paid collaboration is closed.
    pub fn move_refusal(self, to: Stage, has_fee: bool) -> Option<String> {
        use Stage::*;
        if self == to {
            return None;
        }
        let needs = |allowed: &[Stage], what: &str| {
            (!allowed.contains(&self)).then(|| {
                format!(
                    "{} comes after {what}: this creator is {}.",
                    to.label(),
                    self.label().to_lowercase()
                )
            })
        };
        match to {
            _ if self == Paid => Some("This creator is paid: the collaboration is closed.".into()),
            Contracted if !has_fee => Some(
                "Agree a fee before moving to Contracted (it may be 0 for product-only).".into(),
            ),
            Content => needs(&[Contracted, Live], "Contracted"),
            Live => needs(&[Contracted, Content], "Content"),
            Paid => needs(&[Live], "Live"),
            _ => None,
        }
    }
}

/// Why nothing more may change on a collaboration, if nothing may: its campaign is
/// archived (kept as it was), or the collaboration ended (declined or dropped). An
/// unreadable status counts as archived: refusing is the safe answer.
pub fn closed_reason(
    campaign: Option<crate::domain::campaign::CampaignStatus>,
    stage: Option<Stage>,
) -> Option<&'static str> {
    if campaign.is_none_or(crate::domain::campaign::CampaignStatus::is_read_only) {
        return Some(ARCHIVED);
    }
    match stage {
        Some(Stage::Declined | Stage::Dropped) | None => Some(ENDED),
        _ => None,
    }
}

/// Why an archived campaign's collaborations refuse changes.
pub const ARCHIVED: &str = "Archived campaigns are read-only.";
/// Why a declined or dropped collaboration refuses changes.
pub const ENDED: &str = "This collaboration has ended. Staff can move the card back onto the board to work together again.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archived_campaigns_and_ended_collaborations_are_closed() {
        use crate::domain::campaign::CampaignStatus::*;
        for status in [Draft, Active, Completed] {
            for stage in Stage::BOARD {
                assert_eq!(closed_reason(Some(status), Some(stage)), None);
            }
            for ended in [Stage::Declined, Stage::Dropped] {
                assert_eq!(closed_reason(Some(status), Some(ended)), Some(ENDED));
            }
        }
        for stage in Stage::ALL {
            assert_eq!(closed_reason(Some(Archived), Some(stage)), Some(ARCHIVED));
        }
        assert_eq!(closed_reason(None, Some(Stage::Content)), Some(ARCHIVED));
        assert_eq!(closed_reason(Some(Active), None), Some(ENDED));
    }

    #[test]
    fn stages_round_trip_through_their_names() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::parse("won"), None);
    }

    #[test]
    fn the_board_follows_the_work() {
        use Stage::*;
        assert_eq!(Shortlisted.move_refusal(Contacted, false), None);
        assert_eq!(Shortlisted.move_refusal(Negotiating, false), None);
        assert!(
            Negotiating
                .move_refusal(Contracted, false)
                .unwrap()
                .contains("fee")
        );
        assert_eq!(Negotiating.move_refusal(Contracted, true), None);
        assert!(Negotiating.move_refusal(Content, true).is_some());
        assert_eq!(Contracted.move_refusal(Content, true), None);
        assert!(
            Contracted
                .move_refusal(Paid, true)
                .unwrap()
                .contains("after Live")
        );
        assert_eq!(Live.move_refusal(Paid, true), None);
        assert!(Paid.move_refusal(Live, true).unwrap().contains("closed"));
        assert!(Paid.move_refusal(Dropped, true).is_some());
        assert_eq!(Content.move_refusal(Dropped, true), None);
        assert_eq!(Declined.move_refusal(Contacted, false), None);
        // Reordering within a column is always allowed.
        for stage in Stage::ALL {
            assert_eq!(stage.move_refusal(stage, false), None);
        }
        assert!(Stage::BOARD.iter().all(|s| s.on_board()));
        assert!(!Declined.on_board() && !Dropped.on_board());
    }
}
