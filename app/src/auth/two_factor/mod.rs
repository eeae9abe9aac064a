//! Two-factor sign-in: a code from an authenticator app (any app that follows RFC 6238)
//! after the password, with recovery codes for a lost phone. Staff turn it on from their
//! account page; an organization can ask it of its admins.

pub mod api;
pub mod ui;

use serde::{Deserialize, Serialize};

/// Where an account stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub enabled: bool,
    /// The organization asks it of this admin: it cannot be turned off.
    pub required: bool,
    pub recovery_codes_left: u32,
}

/// What the authenticator app is shown while two-factor sign-in is being turned on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    /// The secret in base32, grouped by four, for typing by hand.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub url: String,
    pub qr: QrCode,
}

/// A QR code as its dark modules, drawn by the page as SVG.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrCode {
    pub size: u16,
    pub dark: Vec<(u16, u16)>,
}

impl QrCode {
    /// An SVG path drawing every dark module as a unit square.
    pub fn path(&self) -> String {
        self.dark
            .iter()
            .map(|(x, y)| format!("M{x} {y}h1v1h-1z"))
            .collect()
    }
}
