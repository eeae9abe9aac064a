//! The audit trail's changes: accounts.

use super::steps::*;
use super::*;

pub(super) fn changes() -> Vec<Change> {
    use Actor::*;
    use Names::*;
    vec![
        by_row("Logout", Marketing, "user.logout", Themselves),
        by_row(
            "LogoutEverywhere",
            Marketing,
            "user.logout_everywhere",
            Themselves,
        ),
        by_row("ChangeName", Marketing, "user.rename", Themselves),
        by_row(
            "SendEmailConfirmation",
            Marketing,
            "user.email_confirm_request",
            Themselves,
        ),
        by_row(
            "SaveEmailSettings",
            Marketing,
            "user.email_settings",
            Themselves,
        ),
        by_steps("Login", Marketing, "user.login", |w| {
            Box::pin(async move {
                let mut c = w.app.client();
                let r = c.login(MARKETING, server::demo::PASSWORD).await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps("ChangePassword", Marketing, "user.password_change", |w| {
            Box::pin(async move {
                let mut c = w.client(Actor::Marketing);
                let r = c
                    .call::<app::auth::api::ChangePassword>(&[
                        ("current_password", server::demo::PASSWORD),
                        ("new_password", "violet harbor ninety kettle"),
                    ])
                    .await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps(
            "ForgotPassword",
            Marketing,
            "user.password_reset_request",
            |w| {
                Box::pin(async move {
                    let r = w
                        .app
                        .client()
                        .call::<app::auth::api::ForgotPassword>(&[("email", MARKETING)])
                        .await;
                    w.app.settle().await;
                    made(r, id(w.marketer_id))
                })
            },
        ),
        by_steps("ResetPassword", Marketing, "user.password_reset", |w| {
            Box::pin(async move {
                let r = w
                    .app
                    .client()
                    .call::<app::auth::api::ForgotPassword>(&[("email", MARKETING)])
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                w.app.settle().await;
                let token = emailed_token(w, MARKETING, "reset").await;
                let r = w
                    .app
                    .client()
                    .call::<app::auth::api::ResetPassword>(&[
                        ("token", token.as_str()),
                        ("password", "violet harbor ninety kettle"),
                    ])
                    .await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps("ConfirmEmail", Marketing, "user.email_change", |w| {
            Box::pin(async move {
                let r = w
                    .client(Actor::Marketing)
                    .call::<app::auth::api::ChangeEmail>(&[
                        ("email", "maya.chen@example.com"),
                        ("current_password", server::demo::PASSWORD),
                    ])
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                w.app.settle().await;
                let token = emailed_token(w, "maya.chen@example.com", "confirm-email").await;
                let r = w
                    .app
                    .client()
                    .call::<app::auth::api::ConfirmEmail>(&[("token", token.as_str())])
                    .await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps("ConfirmTwoFactor", Marketing, "user.two_factor_on", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                let r = two_factor_on(w, &mut m).await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps(
            "RenewRecoveryCodes",
            Marketing,
            "user.recovery_codes",
            |w| {
                Box::pin(async move {
                    let mut m = w.client(Actor::Marketing);
                    let on = two_factor_on(w, &mut m).await;
                    assert_eq!(on.status, StatusCode::OK, "{}", on.text);
                    let r = m
                        .call::<app::auth::two_factor::api::RenewRecoveryCodes>(&[(
                            "password",
                            server::demo::PASSWORD,
                        )])
                        .await;
                    made(r, id(w.marketer_id))
                })
            },
        ),
        by_steps("DisableTwoFactor", Marketing, "user.two_factor_off", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                let on = two_factor_on(w, &mut m).await;
                assert_eq!(on.status, StatusCode::OK, "{}", on.text);
                let r = m
                    .call::<app::auth::two_factor::api::DisableTwoFactor>(&[(
                        "password",
                        server::demo::PASSWORD,
                    )])
                    .await;
                made(r, id(w.marketer_id))
            })
        }),
    ]
}
