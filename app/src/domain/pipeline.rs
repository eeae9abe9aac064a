//! The pipeline's stages: where a creator stands in a campaign.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip_through_their_names() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::parse("won"), None);
    }
}
