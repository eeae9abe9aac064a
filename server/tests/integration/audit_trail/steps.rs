//! Steps the changes share: saving a brief, a setting turned there and back, an emailed
//! link, two-factor sign-in, a new creator, a board, an agreement sent.

use super::*;

pub(super) async fn save_brief(w: &World, m: &mut Client) -> (Reply, Option<String>) {
    let current: Value = m
        .call::<app::briefs::api::GetBrief>(&[("campaign_id", &id(w.campaign))])
        .await
        .json();
    let based_on = current.pointer("/version").map(|v| v.to_string());
    let args = portal::brief_args(&id(w.campaign), based_on.as_deref(), "Launch, told again");
    (
        portal::call_owned::<app::briefs::api::SaveBrief>(m, &args).await,
        based_on,
    )
}

/// `F` called with `key` set to `first`, then to `second` (a member deactivated and
/// reactivated, a thread resolved and reopened); answers the second reply.
pub(super) async fn there_and_back<F: server_fn::ServerFn>(
    c: &mut Client,
    (name, value): (&str, String),
    key: &str,
    first: &str,
    second: &str,
) -> Reply {
    let args = |flag: &str| {
        vec![
            (name.to_string(), value.clone()),
            (key.to_string(), flag.to_string()),
        ]
    };
    let r = portal::call_owned::<F>(c, &args(first)).await;
    assert!(r.status.is_success(), "{}", r.text);
    portal::call_owned::<F>(c, &args(second)).await
}

/// Every point of the review checklist, as an approval ticks them.
pub(super) fn every_point() -> String {
    let points: Vec<&str> = app::domain::review::CHECKLIST
        .iter()
        .map(|(k, _)| *k)
        .collect();
    points.join(",")
}

/// The token of the newest link emailed to `to` under `path` (`reset`, `confirm-email`).
pub(super) async fn emailed_token(w: &World, to: &str, path: &str) -> String {
    let m = outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq(to))
        .filter(outbox_message::Column::Link.contains(format!("/{path}/")))
        .order_by_desc(outbox_message::Column::Id)
        .one(&w.app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no {path} link was emailed to {to}"));
    m.link.rsplit('/').next().unwrap().to_string()
}

/// Two-factor sign-in turned on for `c`: the first code of a fresh secret confirmed.
pub(super) async fn two_factor_on(w: &World, c: &mut Client) -> Reply {
    let r = c
        .call::<app::auth::two_factor::api::StartTwoFactor>(&[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let secret = serde_json::from_str::<Value>(&r.text).unwrap()["secret"]
        .as_str()
        .unwrap()
        .replace(' ', "");
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap();
    let code = totp
        .generate(w.app.clock.now().timestamp() as u64)
        .to_string();
    c.call::<app::auth::two_factor::api::ConfirmTwoFactor>(&[("code", code.as_str())])
        .await
}

pub(super) async fn new_creator(m: &mut Client) -> String {
    let r = m
        .call::<app::creators::api::CreateCreator>(&[
            ("input[name]", "Dora Klein"),
            ("input[currency]", "EUR"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    answered(&r, "/id")
}

pub(super) async fn board_of(m: &mut Client, campaign: i32) -> (i32, Vec<app::pipeline::Entry>) {
    let r = m
        .call::<app::pipeline::api::PipelineEntries>(&[("campaign_id", &id(campaign))])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (campaign, r.json())
}

pub(super) async fn send_agreement(w: &World) -> app::agreements::AgreementView {
    let r = portal::send_agreement(&mut w.client(Actor::Marketing), w.entry, "700").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

pub(super) async fn last_event(world: &World) -> i32 {
    audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .one(&world.app.state.db)
        .await
        .unwrap()
        .map_or(0, |e| e.id)
}
