//! Server functions of two-factor sign-in, for the signed-in staff member's own account.

use super::{TotpSetup, TwoFactorStatus};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_two_factor_status() -> Result<TwoFactorStatus, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        crate::auth::ssr::two_factor::status(&c.state.db, &me).await
    })
    .await
}

/// A new secret for the authenticator app; kept in the session until its first code
/// confirms it.
#[server]
pub async fn start_two_factor() -> Result<TotpSetup, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        if me.two_factor {
            return Err(AppError::Conflict(
                "Two-factor sign-in is on already.".into(),
            ));
        }
        let (secret, setup) = crate::auth::ssr::two_factor::new_setup(&me.email)?;
        c.hold_totp_secret(&secret).await?;
        Ok(setup)
    })
    .await
}

/// Turns two-factor sign-in on with the app's first code; answers the recovery codes,
/// shown this once.
#[server]
pub async fn confirm_two_factor(code: String) -> Result<Vec<String>, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        let pending = c.held_totp_secret().await?.ok_or_else(|| {
            AppError::Conflict("Start again: the code to scan has expired.".into())
        })?;
        let now = c.state.clock.now();
        let codes =
            crate::auth::ssr::two_factor::enable(&c.state.db, &me, now, &pending, &code).await?;
        c.forget_totp_secret().await?;
        Ok(codes)
    })
    .await
}

#[server]
pub async fn disable_two_factor(password: String) -> Result<(), AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        let now = c.state.clock.now();
        crate::auth::ssr::two_factor::disable(&c.state.db, &me, now, &password, c.ip.as_deref())
            .await
    })
    .await
}

#[server]
pub async fn renew_recovery_codes(password: String) -> Result<Vec<String>, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        let now = c.state.clock.now();
        let ip = c.ip.as_deref();
        crate::auth::ssr::two_factor::renew_recovery_codes(&c.state.db, &me, now, &password, ip)
            .await
    })
    .await
}
