//! Server functions of tasks.

use super::Agenda;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn my_tasks() -> Result<Agenda, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        super::ssr::mine(&c.state.db, &me, c.state.clock.now()).await
    })
    .await
}

/// Marks a task done.
#[server]
pub async fn complete_task(id: i32) -> Result<(), AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let campaign = super::ssr::complete(&c.state.db, &me, c.state.clock.now(), id).await?;
        // The board shows each card's next task.
        c.state.events.publish(
            me.organization()?,
            crate::realtime::Kind::TaskClosed,
            Some(campaign),
            None,
        );
        Ok(())
    })
    .await
}
