//! Server functions of agreements: marketing sends, the creator answers.

use super::{AgreementInput, AgreementView};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn send_agreement(
    entry_id: i32,
    input: AgreementInput,
) -> Result<AgreementView, AppError> {
    use crate::{auth::ssr::authorized, domain::role::Permission::EditCampaigns};
    authorized(EditCampaigns, |c, me| async move {
        let now = c.state.clock.now();
        let url = &c.state.settings.public_url;
        super::ssr::send(&c.state.db, &me, now, url, entry_id, &input).await
    })
    .await
}

/// `body_sha256` is the hash of the text the creator read.
#[server]
pub async fn accept_agreement(
    agreement_id: i32,
    legal_name: String,
    body_sha256: String,
) -> Result<AgreementView, AppError> {
    use crate::{auth::ssr::authorized, domain::role::Permission::UsePortal};
    authorized(UsePortal, |c, me| async move {
        let now = c.state.clock.now();
        let db = &c.state.db;
        super::ssr::accept(
            db,
            &me,
            now,
            c.ip.clone(),
            agreement_id,
            &legal_name,
            &body_sha256,
        )
        .await
    })
    .await
}

#[server]
pub async fn decline_agreement(
    agreement_id: i32,
    reason: String,
) -> Result<AgreementView, AppError> {
    use crate::{auth::ssr::authorized, domain::role::Permission::UsePortal};
    authorized(UsePortal, |c, me| async move {
        let now = c.state.clock.now();
        super::ssr::decline(&c.state.db, &me, now, agreement_id, &reason).await
    })
    .await
}
