//! CSV import (upload, preview, commit or cancel) and export of the creator database,
//! including hostile files and the export → import round trip.

use crate::common;
use crate::common::{Client, Reply, TestApp};
use app::creators::api::{
    CancelImport, CommitImport, CreateCreator, GetCreator, GetImport, SearchCreators,
};
use app::creators::import::{ImportPreview, ImportStatus};
use app::creators::{Creator, CreatorResults};
use axum::http::StatusCode;
use sea_orm::EntityTrait;

const GOOD: &str = "\u{feff}Email,Name,Niches,Instagram Handle,Instagram Followers,TikTok,TikTok Followers,Country,Legal name\r\n\
ana@example.com,Ana Souza,\"beauty, skincare\",@ana.makes,48.2k,,,BR,Ana Paula Souza\r\n\
ben@example.com,Ben Okafor,fitness,benlifts,120000,ben.tok,80k,NG,\r\n\
,Cleo Martin,\"food\",,,cleo.cooks,1.2M,FR,\r\n";

async fn upload(c: &mut Client, name: &str, bytes: &[u8]) -> Reply {
    c.post_bytes(
        &format!("/creators/import/upload?name={name}"),
        bytes.to_vec(),
    )
    .await
}

async fn staged(c: &mut Client, bytes: &[u8]) -> ImportPreview {
    let r = upload(c, "creators.csv", bytes).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn total(c: &mut Client) -> u64 {
    let r: CreatorResults = c.call::<SearchCreators>(&[]).await.json();
    r.total
}

#[tokio::test]
async fn a_good_file_is_previewed_then_imported_in_one_go() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let preview = staged(&mut maya, GOOD.as_bytes()).await;
    assert_eq!(
        (preview.rows, preview.ready, preview.problem_count),
        (3, 3, 0)
    );
    assert_eq!(preview.status, ImportStatus::Previewed);
    assert_eq!(
        preview.sample[1].channels,
        ["Instagram @benlifts", "TikTok @ben.tok"]
    );
    assert_eq!(total(&mut maya).await, 0, "a preview writes no creator");

    let id = preview.id.to_string();
    let again: ImportPreview = maya.call::<GetImport>(&[("id", &id)]).await.json();
    assert_eq!(again, preview, "the preview can be reopened");
    let r = maya.call::<CommitImport>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<ImportPreview>().status, ImportStatus::Imported);
    assert_eq!(total(&mut maya).await, 3);
    let r = maya.call::<CommitImport>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "never twice");
    assert_eq!(r.error().to_string(), "This file was already imported.");
    assert_eq!(total(&mut maya).await, 3);
    // The staged rows (onboarding data included) are not kept once imported.
    let stored = app::db::creator_import::Entity::find_by_id(preview.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.rows.contains("Ana Paula Souza"), "{}", stored.rows);
    let reopened: ImportPreview = maya.call::<GetImport>(&[("id", &id)]).await.json();
    assert_eq!(
        (reopened.ready, reopened.sample.len()),
        (3, 3),
        "the summary stays"
    );

    let results: CreatorResults = maya
        .call::<SearchCreators>(&[("filter[text]", "ben")])
        .await
        .json();
    let ben: Creator = maya
        .call::<GetCreator>(&[("id", &results.rows[0].id.to_string())])
        .await
        .json();
    assert_eq!(ben.followers, 200_000);
    assert_eq!(ben.country.as_deref(), Some("NG"));
}

#[tokio::test]
async fn a_cancelled_import_writes_nothing() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let preview = staged(&mut maya, GOOD.as_bytes()).await;
    let id = preview.id.to_string();
    let r = maya.call::<CancelImport>(&[("id", &id)]).await;
    assert_eq!(r.json::<ImportPreview>().status, ImportStatus::Cancelled);
    assert_eq!(
        maya.call::<CommitImport>(&[("id", &id)]).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(total(&mut maya).await, 0);
}

#[tokio::test]
async fn duplicates_of_the_database_are_reported_and_left_out() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let r = maya
        .call::<CreateCreator>(&[
            ("input[name]", "Ana (already here)"),
            ("input[email]", "ANA@example.com"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let preview = staged(&mut maya, GOOD.as_bytes()).await;
    assert_eq!((preview.ready, preview.duplicates), (2, 1));
    let dup = &preview.problems[0];
    assert_eq!(dup.line, 2);
    assert!(dup.messages[0].contains("Ana (already here)"), "{dup:?}");
    maya.call::<CommitImport>(&[("id", &preview.id.to_string())])
        .await;
    assert_eq!(total(&mut maya).await, 3, "one existing + two imported");
}

#[tokio::test]
async fn a_clash_since_the_preview_rolls_the_whole_import_back() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let preview = staged(&mut maya, GOOD.as_bytes()).await;
    // Someone adds Cleo's TikTok by hand before the commit.
    let r = maya
        .call::<CreateCreator>(&[
            ("input[name]", "Cleo by hand"),
            ("input[channel][platform]", "tiktok"),
            ("input[channel][handle]", "cleo.cooks"),
            ("input[channel][followers]", "1"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = maya
        .call::<CommitImport>(&[("id", &preview.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("Cleo Martin"), "{}", r.text);
    assert_eq!(total(&mut maya).await, 1, "nothing of the file was written");
    let again: ImportPreview = maya
        .call::<GetImport>(&[("id", &preview.id.to_string())])
        .await
        .json();
    assert_eq!(
        again.status,
        ImportStatus::Previewed,
        "it can be fixed and retried"
    );
}

#[tokio::test]
async fn hostile_files_are_rejected_or_contained() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    // UTF-16 as Excel's "Unicode text" writes it.
    let utf16: Vec<u8> = "name,email\nAna,ana@example.com\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let r = upload(&mut maya, "x.csv", &[&[0xff, 0xfe][..], &utf16].concat()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().field("file").unwrap().contains("UTF-8"));
    // Latin-1 accents.
    let r = upload(&mut maya, "x.csv", b"name\nJos\xe9\n").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Over the size limit.
    let big = vec![b'a'; app::creators::import::MAX_FILE_BYTES + 10];
    let r = upload(&mut maya, "x.csv", &big).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().field("file").unwrap().contains("10 MB"));
    // A huge cell and a broken row are left out; the good row is kept.
    let file = format!(
        "name,notes\nAna,{}\nBen,\"fine\"\n\"Cleo,unclosed\n",
        "x".repeat(200_000)
    );
    let preview = staged(&mut maya, file.as_bytes()).await;
    assert_eq!(preview.ready, 1, "{preview:?}");
    assert!(preview.problems[0].messages[0].contains("longer than"));
    // The preview does not echo the huge cell back.
    assert!(serde_json::to_string(&preview).unwrap().len() < 5_000);
    assert_eq!(total(&mut maya).await, 0);
}

#[tokio::test]
async fn only_marketing_and_admins_import_and_only_their_own_previews() {
    let app = TestApp::new().await;
    let mut legal = app.signed_in("legal@roster.example").await;
    assert_eq!(
        upload(&mut legal, "x.csv", GOOD.as_bytes()).await.status,
        StatusCode::FORBIDDEN
    );
    let mut nobody = app.client();
    assert_eq!(
        upload(&mut nobody, "x.csv", GOOD.as_bytes()).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A cross-site upload is refused by the Origin check.
    let mut maya = app.signed_in("marketing@roster.example").await;
    maya.origin = Some("https://evil.example".into());
    assert_eq!(
        upload(&mut maya, "x.csv", GOOD.as_bytes()).await.status,
        StatusCode::FORBIDDEN
    );
    maya.origin = Some(common::PUBLIC_URL.into());
    let preview = staged(&mut maya, GOOD.as_bytes()).await;
    let id = preview.id.to_string();
    assert_eq!(
        legal.call::<CommitImport>(&[("id", &id)]).await.status,
        StatusCode::FORBIDDEN
    );
    let other = common::other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    for r in [
        olga.call::<GetImport>(&[("id", &id)]).await,
        olga.call::<CommitImport>(&[("id", &id)]).await,
        olga.call::<CancelImport>(&[("id", &id)]).await,
    ] {
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(total(&mut maya).await, 0);
}

#[tokio::test]
async fn export_neutralises_formulas_and_reads_back_identically() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let r = maya
        .call::<CreateCreator>(&[
            ("input[name]", "=cmd|' /C calc'!A0"),
            ("input[email]", "evil@example.com"),
            ("input[notes]", "+1 great, \"quoted\"\nsecond line"),
            ("input[niches]", "beauty, food"),
            ("input[tier]", "ambassador"),
            ("input[tag]", "test"),
            ("input[rate]", "1234.5"),
            ("input[currency]", "EUR"),
            ("input[tax_id]", "-42"),
            ("input[channel][platform]", "youtube"),
            ("input[channel][handle]", "@evil"),
            ("input[channel][url]", "https://youtube.com/@evil"),
            ("input[channel][followers]", "12345"),
            ("input[channel][engagement]", "4.25"),
            ("input[channel][fake_followers]", "8"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let original: Creator = r.json();

    let csv = maya.get("/creators/export.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.text.starts_with('\u{feff}'), "a BOM for Excel");
    assert!(csv.text.contains("'=cmd|' /C calc'!A0"), "{}", csv.text);
    assert!(
        csv.text
            .contains("\"'+1 great, \"\"quoted\"\"\nsecond line\""),
        "{}",
        csv.text
    );
    assert!(csv.text.contains("'-42"));
    assert!(!csv.text.contains(",=cmd"));

    // Import the export into another organization: the same creator comes out.
    let other = common::other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    let preview = staged(&mut olga, csv.text.as_bytes()).await;
    assert_eq!(preview.ready, 1, "{preview:?}");
    olga.call::<CommitImport>(&[("id", &preview.id.to_string())])
        .await;
    let found: CreatorResults = olga.call::<SearchCreators>(&[]).await.json();
    let copy: Creator = olga
        .call::<GetCreator>(&[("id", &found.rows[0].id.to_string())])
        .await
        .json();
    let same = |c: &Creator| {
        (
            c.name.clone(),
            c.email.clone(),
            c.notes.clone(),
            c.niches.clone(),
            c.tier,
            c.tag,
            c.rate.clone(),
            c.onboarding.clone(),
            c.channels
                .iter()
                .map(|ch| {
                    (
                        ch.platform,
                        ch.handle.clone(),
                        ch.url.clone(),
                        ch.followers,
                        ch.engagement_bp,
                        ch.fake_followers_bp,
                    )
                })
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(same(&copy), same(&original));
}

#[tokio::test]
async fn export_follows_the_filter_and_hides_onboarding_from_readers() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    for (name, niche) in [("Ana", "beauty"), ("Ben", "fitness")] {
        let r = maya
            .call::<CreateCreator>(&[
                ("input[name]", name),
                ("input[niches]", niche),
                ("input[tax_id]", "T-1"),
            ])
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let csv = maya.get("/creators/export.csv?niche=beauty").await;
    assert!(
        csv.text.contains("Ana") && !csv.text.contains("Ben"),
        "{}",
        csv.text
    );
    assert!(csv.text.contains("tax_id"));
    let mut legal = app.signed_in("legal@roster.example").await;
    let csv = legal.get("/creators/export.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.text.contains("Ben"));
    assert!(
        !csv.text.contains("tax_id") && !csv.text.contains("T-1"),
        "{}",
        csv.text
    );
    let mut sam = app.signed_in("creator@roster.example").await;
    assert_eq!(
        sam.get("/creators/export.csv").await.status,
        StatusCode::FORBIDDEN
    );
    let mut nobody = app.client();
    assert_eq!(
        nobody.get("/creators/export.csv").await.status,
        StatusCode::UNAUTHORIZED
    );
}
