//! Server functions of notifications, for anyone signed in (creators included).

use super::{EmailSetting, Inbox};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn my_notifications() -> Result<Inbox, AppError> {
    use crate::platform::caller::signed_in;
    signed_in(|c, me| async move { super::ssr::inbox(&c.state.db, &me).await }).await
}

/// Marks one notification read, or (`id` absent) all of them.
#[server]
pub async fn read_notifications(id: Option<i32>) -> Result<(), AppError> {
    use crate::platform::caller::signed_in;
    signed_in(|c, me| async move {
        super::ssr::mark_read(&c.state.db, &me, id, c.state.clock.now()).await?;
        c.state
            .events
            .publish_to(me.id, crate::realtime::Kind::NotificationRead);
        Ok(())
    })
    .await
}

#[server]
pub async fn email_settings() -> Result<Vec<EmailSetting>, AppError> {
    use crate::platform::caller::signed_in;
    signed_in(|c, me| async move { super::ssr::email_settings(&c.state.db, &me).await }).await
}

/// Saves which notices go by email: `by_email` lists the kinds wanted, comma separated
/// (a form's checked boxes); every other kind the person can receive is switched off.
#[server]
pub async fn save_email_settings(
    #[server(default)] by_email: String,
) -> Result<Vec<EmailSetting>, AppError> {
    use crate::platform::caller::signed_in;
    signed_in(|c, me| async move {
        super::ssr::save_email_settings(&c.state.db, &me, &by_email, c.state.clock.now()).await
    })
    .await
}
