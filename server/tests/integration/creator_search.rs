//! Searching the creator database: filters, sort orders and server-side pages.

use crate::common::creators::{create, names, search};
use crate::common::{Client, TestApp};
use app::creators::Creator;

/// A creator with one channel.
async fn quick(
    c: &mut Client,
    name: &str,
    niches: &str,
    platform: &str,
    followers: &str,
    er: &str,
    country: &str,
) -> Creator {
    let handle = name.to_lowercase().replace(' ', ".");
    create(
        c,
        &[
            ("input[name]", name),
            ("input[niches]", niches),
            ("input[country]", country),
            ("input[channel][platform]", platform),
            ("input[channel][handle]", &handle),
            ("input[channel][followers]", followers),
            ("input[channel][engagement]", er),
        ],
    )
    .await
}

#[tokio::test]
async fn search_filters_sorts_and_pages() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    quick(
        &mut maya,
        "Ana Souza",
        "beauty",
        "instagram",
        "48k",
        "3.4",
        "BR",
    )
    .await;
    quick(
        &mut maya,
        "Ben Okafor",
        "fitness",
        "instagram",
        "120k",
        "2.1",
        "NG",
    )
    .await;
    quick(
        &mut maya,
        "Cleo Martin",
        "beauty, food",
        "tiktok",
        "1.2M",
        "5.5",
        "FR",
    )
    .await;
    quick(&mut maya, "Dev Patel", "beauty", "youtube", "9k", "7", "IN").await;
    quick(&mut maya, "Eve 100% Real_", "tech", "x", "500", "", "US").await;

    let r = search(&mut maya, &[("filter[niche]", "beauty")]).await;
    assert_eq!(names(&r), ["Ana Souza", "Cleo Martin", "Dev Patel"]);
    let r = search(
        &mut maya,
        &[
            ("filter[niche]", "beauty"),
            ("filter[followers_min]", "10000"),
            ("filter[followers_max]", "100000"),
        ],
    )
    .await;
    assert_eq!(names(&r), ["Ana Souza"]);
    let r = search(
        &mut maya,
        &[
            ("filter[platform]", "instagram"),
            ("filter[sort]", "followers_desc"),
        ],
    )
    .await;
    assert_eq!(names(&r), ["Ben Okafor", "Ana Souza"]);
    let r = search(&mut maya, &[("filter[engagement_min_bp]", "500")]).await;
    assert_eq!(names(&r), ["Cleo Martin", "Dev Patel"]);
    let r = search(&mut maya, &[("filter[sort]", "engagement_desc")]).await;
    assert_eq!(
        names(&r).last(),
        Some(&"Eve 100% Real_"),
        "no rate goes last"
    );
    let r = search(&mut maya, &[("filter[country]", "FR")]).await;
    assert_eq!(names(&r), ["Cleo Martin"]);
    let r = search(&mut maya, &[("filter[text]", "@cleo.")]).await;
    assert_eq!(names(&r), ["Cleo Martin"], "handles are searched");
    let r = search(&mut maya, &[("filter[text]", "100%")]).await;
    assert_eq!(names(&r), ["Eve 100% Real_"], "% is literal");
    let r = search(&mut maya, &[("filter[text]", "_")]).await;
    assert_eq!(names(&r), ["Eve 100% Real_"], "_ is literal");
    let r = search(&mut maya, &[("filter[tier]", "ambassador")]).await;
    assert_eq!(r.total, 0);
    let r = search(&mut maya, &[("filter[sort]", "name")]).await;
    assert_eq!((r.total, r.pages, r.page), (5, 1, 1));
}

#[tokio::test]
async fn results_are_paged_on_the_server() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    for i in 0..53 {
        let name = format!("Creator {i:02}");
        create(&mut maya, &[("input[name]", &name)]).await;
    }
    let first = search(&mut maya, &[]).await;
    assert_eq!((first.total, first.pages, first.rows.len()), (53, 2, 50));
    let second = search(&mut maya, &[("filter[page]", "2")]).await;
    assert_eq!(names(&second), ["Creator 50", "Creator 51", "Creator 52"]);
    // Past the end: the last page.
    let past = search(&mut maya, &[("filter[page]", "9")]).await;
    assert_eq!(past.page, 2);
}

/// docs/PRODUCT.md §3.1's promise: follower and engagement ranges (and the platform) apply to one
/// channel. Dana's Instagram is small and lively, her TikTok big and quiet: no channel of
/// hers is both big and lively, so that search leaves her out, while a search either one
/// channel fits finds her.
#[tokio::test]
async fn ranges_apply_to_one_channel_of_a_creator_with_two() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let dana = quick(
        &mut maya,
        "Dana Lee",
        "travel",
        "instagram",
        "8k",
        "7.5",
        "KR",
    )
    .await;
    let r = maya
        .call::<app::creators::api::AddChannel>(&[
            ("id", &dana.id.to_string()),
            ("version", &dana.version.to_string()),
            ("input[platform]", "tiktok"),
            ("input[handle]", "dana.tok"),
            ("input[followers]", "90k"),
            ("input[engagement]", "1.2"),
        ])
        .await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.text);

    // Big and lively: no one channel is both.
    assert!(
        !finds_dana(
            &mut maya,
            &[
                ("filter[followers_min]", "50000"),
                ("filter[engagement_min_bp]", "500"),
            ]
        )
        .await
    );
    // Big and quiet: the TikTok; small and lively: the Instagram.
    assert!(
        finds_dana(
            &mut maya,
            &[
                ("filter[followers_min]", "50000"),
                ("filter[engagement_max_bp]", "200"),
            ]
        )
        .await
    );
    assert!(
        finds_dana(
            &mut maya,
            &[
                ("filter[followers_max]", "10000"),
                ("filter[engagement_min_bp]", "500"),
            ]
        )
        .await
    );
    // The platform too: no Instagram channel of hers has 50k followers.
    assert!(
        !finds_dana(
            &mut maya,
            &[
                ("filter[platform]", "instagram"),
                ("filter[followers_min]", "50000"),
            ]
        )
        .await
    );
}

async fn finds_dana(c: &mut Client, args: &[(&str, &str)]) -> bool {
    names(&search(c, args).await).contains(&"Dana Lee")
}
