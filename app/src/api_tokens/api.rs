//! Server functions of API tokens: admins only.

use super::{ApiToken, CreatedToken};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn list_api_tokens() -> Result<Vec<ApiToken>, AppError> {
    use crate::{domain::role::Permission::ManageApiTokens, platform::caller::authorized};
    authorized(ManageApiTokens, |c, me| async move {
        super::ssr::list(&c.state.db, me.organization()?).await
    })
    .await
}

#[server]
pub async fn create_api_token(name: String) -> Result<CreatedToken, AppError> {
    use crate::{domain::role::Permission::ManageApiTokens, platform::caller::authorized};
    authorized(ManageApiTokens, |c, me| async move {
        super::ssr::create(&c.state.db, &me, c.state.clock.now(), &name).await
    })
    .await
}

#[server]
pub async fn revoke_api_token(id: i32) -> Result<(), AppError> {
    use crate::{domain::role::Permission::ManageApiTokens, platform::caller::authorized};
    authorized(ManageApiTokens, |c, me| async move {
        super::ssr::revoke(&c.state.db, &me, c.state.clock.now(), id).await
    })
    .await
}
