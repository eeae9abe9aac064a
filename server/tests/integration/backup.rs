//! `server backup` while the server runs, and `server restore` into a new data directory:
//! the restored copy serves the same pages and media.

use crate::common::portal::*;
use crate::common::{TempDir, TestApp, unique};
use axum::http::StatusCode;
use std::process::Command;

fn server(args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .envs(env.iter().copied())
        .env("RUST_LOG", "warn")
        .output()
        .expect("the server binary runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// What a page shows, without what differs on every response: the script nonce wherever
/// it stands, and the order the page's data is written out in after the document.
fn page(html: &str) -> String {
    let html = html.split("</html>").next().unwrap_or(html);
    let nonce = html
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a page with a nonce");
    html.replace(nonce, "")
}

#[tokio::test]
async fn a_backup_of_a_running_server_restores_to_the_same_pages_and_media() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (ana, d) = deliverable(&app, &mut m, &mut creator).await;
    let up = upload(&mut creator, d, "look.png", png(2048)).await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.text);
    let file: app::deliverables::types::UploadedFile = up.json();
    let submitted = submit(&mut creator, d, "First take #ad", &[file.id]).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    let paths = [
        "/campaigns".to_string(),
        format!("/campaigns/{}/board", ana.campaign_id),
        format!("/deliverables/{d}"),
        format!("/creators/{}", ana.creator_id),
    ];
    let mut before = Vec::new();
    for path in &paths {
        before.push(page(&m.get(path).await.text));
    }
    let media_before = get_media(&m, &app, file.id, None).await;

    let data = app.data.0.display().to_string();
    let backup_dir = std::env::temp_dir().join(unique("roster_backup"));
    let _backup = TempDir(backup_dir.clone());
    let database_url = match &app.dir {
        Some(dir) => format!("sqlite://{}?mode=rwc", dir.0.join("roster.db").display()),
        None => std::env::var("ROSTER_TEST_POSTGRES").unwrap(),
    };
    let env = [
        ("DATABASE_URL", database_url.as_str()),
        ("ROSTER_DATA_DIR", data.as_str()),
    ];
    let target = backup_dir.display().to_string();
    // The server keeps running (its pool open, its checkpoint job on) meanwhile.
    let (ok, out) = server(&["backup", &target], &env);
    assert!(ok, "{out}");
    if crate::common::on_postgres() {
        // PostgreSQL is dumped with pg_dump; the command copies the media and says so.
        assert!(
            out.contains("pg_dump") && out.contains("1 media files"),
            "{out}"
        );
        return;
    }
    assert!(out.contains("the database and 1 media files"), "{out}");
    // Into a non-empty directory it refuses.
    let (ok, out) = server(&["backup", &target], &env);
    assert!(!ok && out.contains("not empty"), "{out}");

    let restored_dir = std::env::temp_dir().join(unique("roster_restored"));
    let restored = restored_dir.display().to_string();
    let (ok, out) = server(
        &["restore", &target],
        &[("ROSTER_DATA_DIR", restored.as_str())],
    );
    assert!(ok, "{out}");
    // Never over an existing database.
    let (ok, out) = server(
        &["restore", &target],
        &[("ROSTER_DATA_DIR", restored.as_str())],
    );
    assert!(!ok && out.contains("exists already"), "{out}");

    let url = format!("sqlite://{restored}/roster.db?mode=rwc");
    let db = server::db::connect(&url).await.unwrap();
    server::db::migrate(&db).await.unwrap();
    let copy = TestApp::on_data(db, None, TempDir(restored_dir));
    let mut m2 = copy.signed_in(MARKETING).await;
    for (path, before) in paths.iter().zip(before) {
        let after = page(&m2.get(path).await.text);
        assert_eq!(after, before, "{path} is served the same");
    }
    let media_after = get_media(&m2, &copy, file.id, None).await;
    assert_eq!(media_after.0, StatusCode::OK);
    assert_eq!(media_before.0, StatusCode::OK);
    assert_eq!(media_after.2, media_before.2, "the same bytes");
}
