//! Hostile text stays text on every page of the app.

use super::*;

#[tokio::test]
async fn hostile_text_stays_text_on_every_page_of_the_app() {
    use Reader::*;
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let mut creator = app.signed_in(CREATOR).await;
    let mut nobody = app.client();
    let (ana, d) = deliverable(&app, &mut m, &mut creator).await;
    let v = crate::reviews::version(&mut creator, d, &format!("Caption {HOSTILE} #ad")).await;
    let r = crate::reviews::add(&mut m, &v, HOSTILE, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    change_profile(&app, ana.creator_id, |row| row.name = Set(HOSTILE.into())).await;
    let mut c: campaign::ActiveModel = campaign::Entity::find_by_id(ana.campaign_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    c.name = Set(HOSTILE.into());
    // Running, so that the organization's wall counts it too.
    c.status = Set(app::domain::campaign::CampaignStatus::Active
        .as_str()
        .into());
    c.update(&app.state.db).await.unwrap();
    // Every person's name and the organization's name, as typed at sign-up and in settings.
    user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(HOSTILE))
        .exec(&app.state.db)
        .await
        .unwrap();
    organization::Entity::update_many()
        .col_expr(organization::Column::Name, Expr::value(HOSTILE))
        .exec(&app.state.db)
        .await
        .unwrap();
    // An invitation to someone the admin named, and the page its link opens.
    let sent = admin
        .call::<InviteMember>(&[
            ("email", "rosa@roster.example"),
            ("name", HOSTILE),
            ("role", "marketing"),
        ])
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let invitation = outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq("rosa@roster.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the invitation's email");
    let token = invitation.link.rsplit('/').next().unwrap().to_string();
    // A CSV of creators waiting in its preview.
    let csv = format!("Email,Name,Instagram Handle\r\nzed@example.com,\"{HOSTILE}\",zed\r\n");
    let staged = m
        .post_bytes(
            "/creators/import/upload?name=creators.csv",
            csv.into_bytes(),
        )
        .await;
    assert_eq!(staged.status, StatusCode::OK, "{}", staged.text);
    let import = staged.json::<app::creators::import::ImportPreview>().id;
    // A link's token is what a visitor typed into the address bar.
    let typed = "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E";

    let (campaign_id, entry, creator_id) = (ana.campaign_id, ana.id, ana.creator_id);
    let pages = [
        page("/", "/", Marketing, false),
        page("/login", "/login", Nobody, false),
        page("/forgot-password", "/forgot-password", Nobody, false),
        page("/invite/{token}", format!("/invite/{token}"), Nobody, true),
        page("/reset/{token}", format!("/reset/{typed}"), Nobody, false),
        page(
            "/confirm-email/{token}",
            format!("/confirm-email/{typed}"),
            Nobody,
            false,
        ),
        page("/setup/{token}", format!("/setup/{typed}"), Nobody, false),
        page("/wall", "/wall", Marketing, true),
        page(
            "/campaigns/{id}/wall",
            format!("/campaigns/{campaign_id}/wall"),
            Marketing,
            true,
        ),
        page("/portal", "/portal", Creator, true),
        page("/portal/onboarding", "/portal/onboarding", Creator, true),
        page(
            "/portal/collaborations/{id}",
            format!("/portal/collaborations/{entry}"),
            Creator,
            true,
        ),
        page(
            "/portal/deliverables/{id}",
            format!("/portal/deliverables/{d}"),
            Creator,
            true,
        ),
        page("/portal/account", "/portal/account", Creator, true),
        page("/dashboard", "/dashboard", Marketing, true),
        page(
            "/campaigns/{id}/dashboard",
            format!("/campaigns/{campaign_id}/dashboard"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/report",
            format!("/campaigns/{campaign_id}/report"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/results/import",
            format!("/campaigns/{campaign_id}/results/import"),
            Marketing,
            true,
        ),
        page("/campaigns", "/campaigns", Marketing, true),
        page("/campaigns/new", "/campaigns/new", Marketing, true),
        page(
            "/campaigns/{id}",
            format!("/campaigns/{campaign_id}"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/board",
            format!("/campaigns/{campaign_id}/board"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/edit",
            format!("/campaigns/{campaign_id}/edit"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/brief",
            format!("/campaigns/{campaign_id}/brief"),
            Marketing,
            true,
        ),
        page(
            "/entries/{id}",
            format!("/entries/{entry}"),
            Marketing,
            true,
        ),
        page(
            "/deliverables/{id}",
            format!("/deliverables/{d}"),
            Marketing,
            true,
        ),
        page("/creators", "/creators", Marketing, true),
        page("/creators/new", "/creators/new", Marketing, true),
        page("/creators/import", "/creators/import", Marketing, true),
        page(
            "/creators/import/{id}",
            format!("/creators/import/{import}"),
            Marketing,
            true,
        ),
        page(
            "/creators/{id}",
            format!("/creators/{creator_id}"),
            Marketing,
            true,
        ),
        page(
            "/creators/{id}/edit",
            format!("/creators/{creator_id}/edit"),
            Marketing,
            true,
        ),
        page("/tasks", "/tasks", Marketing, true),
        page("/reviews", "/reviews", Marketing, true),
        page("/payments", "/payments", Marketing, true),
        page("/team", "/team", Admin, true),
        page("/settings", "/settings", Admin, true),
        page("/account", "/account", Marketing, true),
    ];

    // Every page of the app is here: a new page without its row fails.
    let mut routes: Vec<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    routes.sort();
    routes.dedup();
    let mut listed: Vec<String> = pages.iter().map(|p| p.route.to_string()).collect();
    listed.sort();
    assert_eq!(listed, routes, "the pages checked are the app's pages");

    let mut wrong = Vec::new();
    for p in &pages {
        let client = match p.reader {
            Nobody => &mut nobody,
            Marketing => &mut m,
            Admin => &mut admin,
            Creator => &mut creator,
        };
        let reply = client.get(&p.path).await;
        assert!(
            // A link's page with a token that leads nowhere may say so with 404.
            reply.status == StatusCode::OK
                || reply.status.is_redirection()
                || (p.route.ends_with("{token}") && reply.status == StatusCode::NOT_FOUND),
            "{}: {}",
            p.path,
            reply.status
        );
        for raw in RAW {
            assert!(
                !reply.text.contains(raw),
                "{} carries {raw:?} as markup",
                p.path
            );
        }
        // The check above is only worth something where the text is there, escaped.
        if p.shows != reply.text.contains("&lt;/title&gt;&lt;img") {
            wrong.push(p.path.clone());
        }
    }
    assert!(
        wrong.is_empty(),
        "pages that should show the hostile text, escaped, and do not (or the other way round): {wrong:?}"
    );
    // The title itself, where the hostile name is the page's subject.
    let page = m.get(&format!("/creators/{creator_id}")).await;
    assert!(
        page.text
            .contains("<title>x &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "{}",
        &page.text[..page.text.len().min(600)]
    );
}
