//! Server functions of the creator's own account in the portal.

use super::OnboardingInput;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_onboarding() -> Result<OnboardingInput, AppError> {
    use crate::{domain::role::Permission::UsePortal, platform::caller::authorized};
    authorized(UsePortal, |c, me| async move {
        super::ssr::get(&c.state.db, &me).await
    })
    .await
}

#[server]
pub async fn save_onboarding(input: OnboardingInput) -> Result<(), AppError> {
    use crate::{domain::role::Permission::UsePortal, platform::caller::authorized};
    authorized(UsePortal, |c, me| async move {
        super::ssr::save(&c.state.db, &me, c.state.clock.now(), &input).await
    })
    .await
}
