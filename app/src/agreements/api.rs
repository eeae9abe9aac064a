//! Server functions of agreements: marketing sends, the creator answers. Each change is
//! announced to the pages following the campaign once it is committed.

use super::{AgreementInput, AgreementView};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn send_agreement(
    entry_id: i32,
    input: AgreementInput,
) -> Result<AgreementView, AppError> {
    use crate::collaboration::ssr::{Changed, announce};
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let now = c.state.clock.now();
        let url = &c.state.settings.public_url;
        let sent = super::ssr::send(&c.state.db, &me, now, url, entry_id, &input).await?;
        announce(&c.state, Changed::Entry(entry_id)).await;
        Ok(sent)
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
    use crate::collaboration::ssr::{Changed, announce};
    use crate::{domain::role::Permission::UsePortal, platform::caller::authorized};
    authorized(UsePortal, |c, me| async move {
        let (now, ip) = (c.state.clock.now(), c.ip.clone());
        let (name, hash) = (&legal_name, &body_sha256);
        let accepted =
            super::ssr::accept(&c.state.db, &me, now, ip, agreement_id, name, hash).await?;
        announce(&c.state, Changed::Agreement(agreement_id)).await;
        Ok(accepted)
    })
    .await
}

#[server]
pub async fn decline_agreement(
    agreement_id: i32,
    reason: String,
) -> Result<AgreementView, AppError> {
    use crate::collaboration::ssr::{Changed, announce};
    use crate::{domain::role::Permission::UsePortal, platform::caller::authorized};
    authorized(UsePortal, |c, me| async move {
        let now = c.state.clock.now();
        let declined = super::ssr::decline(&c.state.db, &me, now, agreement_id, &reason).await?;
        announce(&c.state, Changed::Agreement(agreement_id)).await;
        Ok(declined)
    })
    .await
}
