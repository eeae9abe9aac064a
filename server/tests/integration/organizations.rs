//! Organizations for real: a new server's one-time setup link (and a used or wrong link
//! that reveals nothing), the operator's commands, a second organization on one server,
//! and the settings admins keep.

use crate::common::{self, TestApp, fresh_db, other_organization_admin};
use app::db::{audit_event, organization};
use app::error::AppError;
use app::organization::api::{
    CheckSetupLink, GetOrganizationSettings, SetUpOrganization, UpdateOrganizationSettings,
};
use app::organization::{OrganizationSettings as Settings, SettingsForm};
use app::platform::user::CurrentUser;
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::io::Write;
use std::process::{Command, Stdio};

const STRONG: &str = "violet harbor ninety kettle";

fn form<'a>(token: &'a str, password: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("token", token),
        ("name", "Fjord Outdoor"),
        ("currency", "NOK"),
        ("time_zone", "Europe/Oslo"),
        ("admin_name", "Ingrid Berg"),
        ("email", "Ingrid@Fjord.example"),
        ("password", password),
    ]
}

#[tokio::test]
async fn a_new_server_is_set_up_once_from_its_printed_link() {
    let (db, dir) = fresh_db().await;
    let now = crate::common::start_time();
    let link = app::organization::ssr::issue_setup_link(&db, "http://roster.test", now)
        .await
        .unwrap()
        .expect("an empty server prints a link");
    let token = link.rsplit('/').next().unwrap().to_string();
    // Kept only as a hash.
    let stored = app::db::setup_token::Entity::find().all(&db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, token);
    let mut app = TestApp::with_db(db);
    app.dir = dir;

    let mut visitor = app.client();
    let page = visitor.get(&format!("/setup/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Set up Roster"));
    // Without the right token: the same "not found" as any unknown page.
    for path in ["/setup", "/setup/wrong-token"] {
        let r = visitor.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.text.contains("Set up Roster"), "{path}");
    }
    let wrong = visitor.call::<CheckSetupLink>(&[("token", "nope")]).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);

    // A weak password is refused with the reason, and nothing is created.
    let weak = visitor
        .call::<SetUpOrganization>(&form(&token, "password1234"))
        .await;
    assert_eq!(
        weak.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        weak.text
    );
    assert!(weak.error().field("password").is_some(), "{}", weak.text);
    let bad_zone = form(&token, STRONG)
        .into_iter()
        .map(|(k, v)| {
            if k == "time_zone" {
                (k, "Mars/Olympus")
            } else {
                (k, v)
            }
        })
        .collect::<Vec<_>>();
    let r = visitor.call::<SetUpOrganization>(&bad_zone).await;
    assert!(r.error().field("time_zone").is_some(), "{}", r.text);
    assert_eq!(
        organization::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap(),
        0
    );

    let done = visitor
        .call::<SetUpOrganization>(&form(&token, STRONG))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let admin: CurrentUser = done.json();
    assert_eq!(admin.role, app::domain::role::Role::Admin);
    assert_eq!(admin.email, "ingrid@fjord.example");
    assert_eq!(visitor.current_user().await.map(|u| u.id), Some(admin.id));
    let org = organization::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            org.name.as_str(),
            org.currency.as_str(),
            org.time_zone.as_str(),
            org.is_demo
        ),
        ("Fjord Outdoor", "NOK", "Europe/Oslo", false)
    );
    // The founding is on record, made by the new admin: the organization and the account.
    assert_eq!(
        common::only_event(&app, "organization.create").await,
        (Some(admin.id), Some(org.id), Some(org.id.to_string()))
    );
    assert_eq!(
        common::only_event(&app, "user.create").await,
        (Some(admin.id), Some(org.id), Some(admin.id.to_string()))
    );

    // Used: the link reveals nothing any more, and founds nothing.
    let again = app.client().get(&format!("/setup/{token}")).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let r = app
        .client()
        .call::<SetUpOrganization>(&form(&token, "another strong passphrase"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
    assert_eq!(
        organization::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap(),
        1
    );
    // And a set-up server prints no new link.
    let none = app::organization::ssr::issue_setup_link(&app.state.db, "http://roster.test", now)
        .await
        .unwrap();
    assert_eq!(none, None);
}

#[tokio::test]
async fn a_restart_prints_a_new_link_and_the_old_one_stops_working() {
    let (db, _dir) = fresh_db().await;
    let now = crate::common::start_time();
    let first = app::organization::ssr::issue_setup_link(&db, "http://x", now)
        .await
        .unwrap()
        .unwrap();
    let second = app::organization::ssr::issue_setup_link(&db, "http://x", now)
        .await
        .unwrap()
        .unwrap();
    let token = |link: &str| link.rsplit('/').next().unwrap().to_string();
    assert_eq!(
        app::organization::ssr::check_link(&db, &token(&first)).await,
        Err(AppError::NotFound("This page".into()))
    );
    assert_eq!(
        app::organization::ssr::check_link(&db, &token(&second)).await,
        Ok(())
    );
}

/// Runs the server binary's operator command on `database`, with `stdin` as its input.
fn command(database: &str, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", database)
        .env("RUST_LOG", "warn")
        .env("ROSTER_DATA_DIR", std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
async fn the_operator_creates_organizations_and_resets_a_password_from_the_terminal() {
    let (url, _dir) = crate::common::fresh_database().await;
    let create = [
        "admin",
        "create",
        "--org",
        "Fjord Outdoor",
        "--name",
        "Ingrid Berg",
        "--email",
        "ingrid@fjord.example",
        "--time-zone",
        "Europe/Oslo",
    ];
    let (ok, out) = command(&url, &create, "password1234\n");
    assert!(!ok, "a weak password is refused: {out}");
    assert!(out.contains("password"), "{out}");
    let (ok, out) = command(&url, &create, &format!("{STRONG}\n"));
    assert!(ok, "{out}");
    assert!(out.contains("Created Fjord Outdoor"), "{out}");
    // A second organization on the same server.
    let second = [
        "admin",
        "create",
        "--org",
        "Sol Cosmetics",
        "--name",
        "Ana Sol",
        "--email",
        "ana@sol.example",
    ];
    let (ok, out) = command(&url, &second, "sun and salt and seven stones\n");
    assert!(ok, "{out}");
    // The same email cannot found another.
    let (ok, out) = command(&url, &create, &format!("{STRONG}\n"));
    assert!(!ok && out.contains("already has a Roster account"), "{out}");
    let (ok, out) = command(
        &url,
        &["admin", "reset-password", "--email", "ingrid@fjord.example"],
        "a fresh start for ingrid\n",
    );
    assert!(ok, "{out}");
    let (ok, out) = command(
        &url,
        &["admin", "reset-password", "--email", "nobody@fjord.example"],
        "a fresh start for nobody\n",
    );
    assert!(!ok && out.contains("nobody@fjord.example"), "{out}");

    let db = server::db::connect(&url).await.unwrap();
    let app = TestApp::with_db(db);
    let mut ingrid = app.client();
    assert_eq!(
        ingrid.login("ingrid@fjord.example", STRONG).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut ingrid = app
        .signed_in_with("ingrid@fjord.example", "a fresh start for ingrid")
        .await;
    let me = ingrid.current_user().await.unwrap();
    assert_eq!(me.organization_name.as_deref(), Some("Fjord Outdoor"));
    // Each admin sees their own organization only.
    let team: app::team::Team = ingrid.call::<app::team::api::GetTeam>(&[]).await.json();
    let emails: Vec<&str> = team.members.iter().map(|m| m.email.as_str()).collect();
    assert_eq!(emails, ["ingrid@fjord.example"]);
}

#[tokio::test]
async fn admins_keep_their_own_organizations_settings() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let r = admin.call::<GetOrganizationSettings>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let form: SettingsForm = r.json();
    assert_eq!(form.settings.currency, "EUR");
    assert!(form.time_zones.iter().any(|z| z == "America/New_York"));

    let change = [
        ("name", "  Northwind Outfitters  "),
        ("currency", "usd"),
        ("time_zone", "America/New_York"),
    ];
    let r = admin.call::<UpdateOrganizationSettings>(&change).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let saved: Settings = r.json();
    assert_eq!(
        saved,
        Settings {
            name: "Northwind Outfitters".into(),
            currency: "USD".into(),
            time_zone: "America/New_York".into(),
            admins_need_two_factor: false,
        }
    );
    let r = admin
        .call::<UpdateOrganizationSettings>(&[
            ("name", ""),
            ("currency", "XXX"),
            ("time_zone", "Nowhere"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = r.error();
    assert!(
        e.field("name").is_some()
            && e.field("currency").is_some()
            && e.field("time_zone").is_some()
    );
    assert_eq!(
        audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq("organization.update"))
            .count(&app.state.db)
            .await
            .unwrap(),
        1
    );
    // Others may not, and another organization's admin changes only theirs.
    let mut marketing = app.signed_in("marketing@roster.example").await;
    assert_eq!(
        marketing
            .call::<UpdateOrganizationSettings>(&change)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        marketing.get("/settings").await.status,
        StatusCode::FORBIDDEN
    );
    let other = other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    let theirs: SettingsForm = olga.call::<GetOrganizationSettings>(&[]).await.json();
    assert_eq!(theirs.settings.name, "Other Brand");
    assert_eq!(admin.get("/settings").await.status, StatusCode::OK);
}
