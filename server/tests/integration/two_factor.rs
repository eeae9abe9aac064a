//! Two-factor sign-in: turned on with the app's first code, asked for after the password,
//! each code good once, recovery codes used up, five wrong codes and the password again,
//! and an organization that asks it of its admins.

use crate::common::{Client, TestApp};
use app::auth::SignIn;
use app::auth::api::VerifySignInCode;
use app::auth::two_factor::TotpSetup;
use app::auth::two_factor::api::{
    ConfirmTwoFactor, DisableTwoFactor, RenewRecoveryCodes, StartTwoFactor,
};
use app::organization::api::UpdateOrganizationSettings;
use axum::http::StatusCode;
use totp_rs::{Builder, Secret};

const MAYA: &str = "marketing@roster.example";

/// The code an authenticator app shows for `secret` (as the page shows it) at the app's time.
fn code(app: &TestApp, secret: &str) -> String {
    let secret = Secret::try_from_base32(secret.replace(' ', "")).unwrap();
    let totp = Builder::new().with_secret(secret).build().unwrap();
    totp.generate(app.clock.now().timestamp() as u64)
        .to_string()
}

/// Turns two-factor sign-in on for a signed-in client; answers the secret and the codes.
async fn turn_on(app: &TestApp, c: &mut Client) -> (String, Vec<String>) {
    let r = c.call::<StartTwoFactor>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let setup: TotpSetup = r.json();
    assert!(
        setup.url.starts_with("otpauth://totp/Roster:"),
        "{}",
        setup.url
    );
    assert!(setup.qr.size >= 21 && !setup.qr.dark.is_empty());
    let wrong = c.call::<ConfirmTwoFactor>(&[("code", "000000")]).await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.text
    );
    let r = c
        .call::<ConfirmTwoFactor>(&[("code", &code(app, &setup.secret))])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let codes: Vec<String> = r.json();
    assert_eq!(codes.len(), 10);
    (setup.secret, codes)
}

async fn password_step(app: &TestApp, email: &str) -> Client {
    let mut c = app.client();
    let r = c.login(email, server::demo::PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<SignIn>(), SignIn::CodeNeeded);
    assert_eq!(
        c.current_user().await,
        None,
        "not signed in before the code"
    );
    c
}

async fn code_step(c: &mut Client, code: &str) -> crate::common::Reply {
    c.call::<VerifySignInCode>(&[("code", code)]).await
}

#[tokio::test]
async fn a_second_factor_is_asked_after_the_password_and_each_code_is_good_once() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in(MAYA).await;
    let (secret, recovery) = turn_on(&app, &mut maya).await;
    assert!(maya.current_user().await.unwrap().two_factor);

    let mut c = password_step(&app, MAYA).await;
    assert_eq!(
        code_step(&mut c, "123456").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The code that turned it on was spent: the next step's code is needed.
    let spent = code(&app, &secret);
    assert_eq!(
        code_step(&mut c, &spent).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    app.clock.advance(chrono::Duration::seconds(30));
    let fresh = code(&app, &secret);
    let r = code_step(&mut c, &fresh).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(matches!(r.json::<SignIn>(), SignIn::Done(u) if u.email == MAYA));
    assert!(c.current_user().await.is_some());

    // The same code again, in another sign-in, is refused.
    let mut again = password_step(&app, MAYA).await;
    assert_eq!(
        code_step(&mut again, &fresh).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A recovery code signs in once.
    let r = code_step(&mut again, &recovery[0].to_uppercase()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let me = again.current_user().await.unwrap();
    assert_eq!(
        crate::common::only_event(&app, "user.recovery_code_used").await,
        (Some(me.id), me.organization_id, Some(me.id.to_string())),
        "a code used is on record"
    );
    let mut third = password_step(&app, MAYA).await;
    assert_eq!(
        code_step(&mut third, &recovery[0]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Without the password first there is nothing to verify.
    let mut stranger = app.client();
    let r = code_step(&mut stranger, &code(&app, &secret)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
}

#[tokio::test]
async fn five_wrong_codes_ask_for_the_password_again() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in(MAYA).await;
    let (secret, _) = turn_on(&app, &mut maya).await;
    app.clock.advance(chrono::Duration::seconds(30));
    let mut c = password_step(&app, MAYA).await;
    for _ in 0..4 {
        assert_eq!(
            code_step(&mut c, "111111").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let fifth = code_step(&mut c, "111111").await;
    assert_eq!(fifth.status, StatusCode::CONFLICT, "{}", fifth.text);
    let r = code_step(&mut c, &code(&app, &secret)).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "the right code no longer helps: {}",
        r.text
    );
    // Nor does a code after five minutes.
    let mut slow = password_step(&app, MAYA).await;
    app.clock.advance(chrono::Duration::minutes(6));
    let r = code_step(&mut slow, &code(&app, &secret)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
}

#[tokio::test]
async fn turning_it_off_or_renewing_codes_needs_the_password() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in(MAYA).await;
    let (_, old) = turn_on(&app, &mut maya).await;
    let r = maya
        .call::<RenewRecoveryCodes>(&[("password", "not it at all")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = maya
        .call::<RenewRecoveryCodes>(&[("password", server::demo::PASSWORD)])
        .await;
    let new: Vec<String> = r.json();
    assert!(new.iter().all(|c| !old.contains(c)));
    let r = maya.call::<DisableTwoFactor>(&[("password", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = maya
        .call::<DisableTwoFactor>(&[("password", server::demo::PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mut c = app.client();
    let r = c.login(MAYA, server::demo::PASSWORD).await;
    assert!(matches!(r.json::<SignIn>(), SignIn::Done(_)));
}

#[tokio::test]
async fn an_organization_can_ask_its_admins_for_a_second_factor() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let settings = |on: &'static str| {
        vec![
            ("name", "Northwind Outfitters (demo)"),
            ("currency", "EUR"),
            ("time_zone", "UTC"),
            ("admins_need_two_factor", on),
        ]
    };
    // Not before the admin who asks has it.
    let r = admin
        .call::<UpdateOrganizationSettings>(&settings("true"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    turn_on(&app, &mut admin).await;
    let r = admin
        .call::<UpdateOrganizationSettings>(&settings("true"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // A second admin without it keeps the everyday app, not the admin rights.
    let maya_id = crate::common::portal::account(&app, MAYA)
        .await
        .unwrap()
        .id
        .to_string();
    let r = admin
        .call::<app::team::api::ChangeMemberRole>(&[("member_id", &maya_id), ("role", "admin")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mut maya = app.signed_in(MAYA).await;
    let r = maya.call::<app::team::api::GetTeam>(&[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.text.contains("second factor"));
    assert_eq!(maya.get("/team").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        maya.call::<app::campaigns::api::CampaignOwners>(&[])
            .await
            .status,
        StatusCode::OK
    );
    turn_on(&app, &mut maya).await;
    assert_eq!(
        maya.call::<app::team::api::GetTeam>(&[]).await.status,
        StatusCode::OK
    );
    // And admins keep it on.
    let r = admin
        .call::<DisableTwoFactor>(&[("password", server::demo::PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
}

#[tokio::test]
async fn wrong_codes_are_counted_across_sign_ins_so_the_password_buys_no_endless_guesses() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in(MAYA).await;
    let (secret, _) = turn_on(&app, &mut maya).await;
    app.clock.advance(chrono::Duration::seconds(30));
    // Two sign-ins with five wrong codes each: ten in all.
    for _ in 0..2 {
        let mut c = password_step(&app, MAYA).await;
        for _ in 0..5 {
            code_step(&mut c, "111111").await;
        }
    }
    // A third sign-in: even the right code waits now.
    let mut c = password_step(&app, MAYA).await;
    let r = code_step(&mut c, &code(&app, &secret)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    // After the window, it goes through.
    app.clock.advance(chrono::Duration::minutes(16));
    let mut c = password_step(&app, MAYA).await;
    let r = code_step(&mut c, &code(&app, &secret)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}
