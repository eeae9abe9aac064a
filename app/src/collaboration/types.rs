//! What the server and the pages of collaboration exchange: views, inputs and
//! their limits.

use crate::agreements::AgreementView;
use crate::briefs::BriefVersion;
use crate::deliverables::types::DeliverableSummary;
use crate::domain::agreement::AgreementStatus;
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Whether the creator can reach the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortalAccess {
    Linked,
    Invited,
    NotInvited,
    /// The profile has no email address to invite.
    NoEmail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collaboration {
    pub entry_id: i32,
    pub campaign_id: i32,
    pub campaign_name: String,
    pub brand: String,
    pub creator_id: i32,
    pub creator_name: String,
    pub stage: Stage,
    pub fee: Option<Money>,
    /// The brief version the creator was sent, and when.
    pub brief: Option<BriefVersion>,
    pub brief_sent_at: Option<DateTime<Utc>>,
    /// The campaign's newest brief version (staff decide whether to send it).
    pub latest_brief_version: Option<i32>,
    /// Newest first.
    pub agreements: Vec<AgreementView>,
    pub deliverables: Vec<DeliverableSummary>,
    pub portal: PortalAccess,
    pub is_creator: bool,
    /// Whether the viewer may send briefs and agreements.
    pub can_edit: bool,
}

impl Collaboration {
    /// The agreement waiting for the creator's answer.
    pub fn pending_agreement(&self) -> Option<&AgreementView> {
        self.agreements
            .iter()
            .find(|a| a.status == AgreementStatus::Sent)
    }

    /// The accepted agreement in force (the newest accepted one).
    pub fn agreement_in_force(&self) -> Option<&AgreementView> {
        self.agreements
            .iter()
            .find(|a| a.status == AgreementStatus::Accepted)
    }
}

/// A line of the creator's portal home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollaborationCard {
    pub entry_id: i32,
    pub campaign_name: String,
    pub brand: String,
    pub stage: Stage,
    /// What the creator should do next, if anything.
    pub to_do: Option<String>,
    pub next_due: Option<NaiveDate>,
}

/// The portal home: collaborations, and whether onboarding is still to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalHome {
    pub onboarded: bool,
    pub active: Vec<CollaborationCard>,
    pub past: Vec<CollaborationCard>,
}
