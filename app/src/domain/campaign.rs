//! A campaign's life: draft → active → completed → archived. Archived campaigns are
//! read-only and leave the active views.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    Awareness,
    Consideration,
    Conversion,
    Loyalty,
}

impl Objective {
    pub const ALL: [Objective; 4] = [
        Objective::Awareness,
        Objective::Consideration,
        Objective::Conversion,
        Objective::Loyalty,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Objective::Awareness => "awareness",
            Objective::Consideration => "consideration",
            Objective::Conversion => "conversion",
            Objective::Loyalty => "loyalty",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Objective::Awareness => "Awareness",
            Objective::Consideration => "Consideration",
            Objective::Conversion => "Conversion",
            Objective::Loyalty => "Loyalty",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    Draft,
    Active,
    Completed,
    Archived,
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 4] = [
        CampaignStatus::Draft,
        CampaignStatus::Active,
        CampaignStatus::Completed,
        CampaignStatus::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Active => "active",
            CampaignStatus::Completed => "completed",
            CampaignStatus::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "Draft",
            CampaignStatus::Active => "Active",
            CampaignStatus::Completed => "Completed",
            CampaignStatus::Archived => "Archived",
        }
    }

    /// The statuses this one may move to. A draft that never ran may be archived directly;
    /// nothing comes back from the archive.
    pub fn next(self) -> &'static [CampaignStatus] {
        match self {
            CampaignStatus::Draft => &[CampaignStatus::Active, CampaignStatus::Archived],
            CampaignStatus::Active => &[CampaignStatus::Completed],
            CampaignStatus::Completed => &[CampaignStatus::Archived],
            CampaignStatus::Archived => &[],
        }
    }

    pub fn can_become(self, to: CampaignStatus) -> bool {
        self.next().contains(&to)
    }

    pub fn is_read_only(self) -> bool {
        self == CampaignStatus::Archived
    }

    /// Whether creators can still be shortlisted into it: not once it is over.
    pub fn takes_creators(self) -> bool {
        matches!(self, CampaignStatus::Draft | CampaignStatus::Active)
    }

    /// The verb on the button that makes a campaign this status.
    pub fn action(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "Back to draft",
            CampaignStatus::Active => "Launch",
            CampaignStatus::Completed => "Mark completed",
            CampaignStatus::Archived => "Archive",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CampaignStatus::*;

    #[test]
    fn the_lifecycle_moves_forward_only() {
        let allowed: Vec<(CampaignStatus, CampaignStatus)> = CampaignStatus::ALL
            .into_iter()
            .flat_map(|from| CampaignStatus::ALL.into_iter().map(move |to| (from, to)))
            .filter(|(from, to)| from.can_become(*to))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Draft, Active),
                (Draft, Archived),
                (Active, Completed),
                (Completed, Archived)
            ]
        );
    }

    #[test]
    fn only_the_archive_is_read_only() {
        assert!(Archived.is_read_only());
        assert!(!Completed.is_read_only() && !Active.is_read_only() && !Draft.is_read_only());
    }

    #[test]
    fn names_round_trip() {
        for s in CampaignStatus::ALL {
            assert_eq!(CampaignStatus::parse(s.as_str()), Some(s));
        }
        for o in Objective::ALL {
            assert_eq!(Objective::parse(o.as_str()), Some(o));
        }
        assert_eq!(CampaignStatus::parse("deleted"), None);
    }
}
