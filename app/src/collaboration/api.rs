//! Server functions of collaborations.

use super::{Collaboration, PortalHome};
use crate::error::AppError;
use crate::team::SentInvitation;
use leptos::prelude::*;

/// One collaboration, for staff of its organization or its creator.
#[server]
pub async fn get_collaboration(entry_id: i32) -> Result<Collaboration, AppError> {
    crate::platform::caller::signed_in(|c, me| async move {
        super::ssr::load(&c.state.db, &me, c.state.clock.now(), entry_id).await
    })
    .await
}

/// The creator's portal home.
#[server]
pub async fn get_portal_home() -> Result<PortalHome, AppError> {
    use crate::{domain::role::Permission::UsePortal, platform::caller::authorized};
    authorized(UsePortal, |c, me| async move {
        super::ssr::home(&c.state.db, &me).await
    })
    .await
}

#[server]
pub async fn send_brief(entry_id: i32) -> Result<Collaboration, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let (now, url) = (c.state.clock.now(), &c.state.settings.public_url);
        let sent = super::ssr::send_brief(&c.state.db, &me, now, url, entry_id).await?;
        super::ssr::announce(&c.state, super::ssr::Changed::Entry(entry_id)).await;
        Ok(sent)
    })
    .await
}

/// Invites the entry's creator to the portal.
#[server]
pub async fn invite_creator(entry_id: i32) -> Result<SentInvitation, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let s = &c.state;
        super::ssr::invite(&s.db, &me, s.clock.now(), &s.settings, entry_id).await
    })
    .await
}
