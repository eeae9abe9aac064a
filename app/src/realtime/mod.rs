//! The one real-time channel: domain events, published after their transaction commits and
//! pushed to every open page that follows them (server-sent events). The pipeline board
//! uses it first; comments, decisions and the dashboard reuse it.

#[cfg(feature = "ssr")]
pub mod bus;
pub mod client;
#[cfg(feature = "ssr")]
pub mod relay;
#[cfg(feature = "ssr")]
pub mod slots;
#[cfg(feature = "ssr")]
pub mod sse;

use serde::{Deserialize, Serialize};

/// What happened, for the pages following it: enough to know what to reload, never the
/// data itself (that is read through the server functions, with their checks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Increasing; a page that reconnects sends the last one it saw to catch up.
    pub id: u64,
    /// Its [`Kind`]'s name, `entity.verb`, e.g. `pipeline.moved`.
    pub kind: String,
    pub campaign_id: Option<i32>,
    pub entity_id: Option<i32>,
}

/// Every kind of event there is, declared once. On the wire (and between processes) an
/// event carries its kind's name, `entity.verb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A card moved on a board.
    PipelineMoved,
    /// Creators were added to a campaign's board.
    PipelineShortlisted,
    /// An outreach task was done or dropped.
    TaskClosed,
    /// New results (readings) for a campaign.
    MetricsRecorded,
    /// A payment was marked paid.
    PaymentPaid,
    /// Something on a collaboration changed (brief, agreement, drafts, review).
    CollaborationChanged,
    /// A notification arrived for this person.
    NotificationNew,
    /// This person read notifications (on another page).
    NotificationRead,
    /// The page was away too long to catch up: reload everything.
    Resync,
    /// This person's sessions ended (signed out everywhere, a new password, deactivated
    /// by an admin): the stream closes after it, the page signs out.
    SignedOut,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::PipelineMoved,
        Kind::PipelineShortlisted,
        Kind::TaskClosed,
        Kind::MetricsRecorded,
        Kind::PaymentPaid,
        Kind::CollaborationChanged,
        Kind::NotificationNew,
        Kind::NotificationRead,
        Kind::Resync,
        Kind::SignedOut,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Kind::PipelineMoved => "pipeline.moved",
            Kind::PipelineShortlisted => "pipeline.shortlisted",
            Kind::TaskClosed => "task.closed",
            Kind::MetricsRecorded => "metrics.recorded",
            Kind::PaymentPaid => "payment.paid",
            Kind::CollaborationChanged => "collaboration.changed",
            Kind::NotificationNew => "notification.new",
            Kind::NotificationRead => "notification.read",
            Kind::Resync => RESYNC,
            Kind::SignedOut => SIGNED_OUT,
        }
    }

    /// The kind of a name received from another process, if it is one.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The name of [`Kind::Resync`] (used where a pattern needs a constant).
pub const RESYNC: &str = "resync";

/// The name of [`Kind::SignedOut`].
pub const SIGNED_OUT: &str = "signed_out";

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_kind_has_its_own_name_and_reads_back() {
        let names: std::collections::BTreeSet<_> = Kind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), Kind::ALL.len());
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.name()), Some(kind));
        }
        assert_eq!(Kind::parse("pipeline.flew"), None);
    }
}
