//! Roster's Leptos app, shared by the server (SSR, `ssr` feature) and the browser
//! (hydration, `hydrate` feature). Organised by domain; `domain/` holds the pure rules.

pub mod agreements;
pub mod api_tokens;
pub mod auth;
pub mod briefs;
pub mod campaigns;
pub mod collaboration;
pub mod creators;
pub mod dashboard;
pub mod deliverables;
pub mod domain;
pub mod error;
pub mod layout;
pub mod metrics;
pub mod notifications;
pub mod organization;
pub mod payments;
pub mod pipeline;
pub mod platform;
pub mod portal;
pub mod realtime;
pub mod report;
pub mod tasks;
pub mod team;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod fuzz;

use auth::ui::guard::{provide_auth, use_auth};
use auth::ui::sign_in::{AccountPage, LoginPage};
use layout::{PortalLayout, StaffLayout};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{SsrMode, path};
use ui::feedback::{Loading, NotFound};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#3b2f8f"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_auth();
    // Lets tests (and curious people) know the page is interactive.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/roster.css"/>
        // leptos_meta writes a title into the server-rendered HTML as it is, so every page
        // title passes through this formatter (the last one set wins: set no other).
        <Title text="Roster" formatter=title_text/>
        <Router>
            // Pages render completely before the response starts (SsrMode::Async): they sit
            // behind a session lookup and read a local database, so the wait is short, and
            // the status code (403, 404) and redirects are always right.
            <Routes fallback=NotFound>
                <Route path=path!("/") ssr=SsrMode::Async view=Home/>
                <Route path=path!("/login") ssr=SsrMode::Async view=LoginPage/>
                <Route path=path!("/invite/:token") ssr=SsrMode::Async view=team::ui::accept::AcceptInvitationPage/>
                <Route path=path!("/forgot-password") ssr=SsrMode::Async view=auth::ui::reset::ForgotPasswordPage/>
                <Route path=path!("/reset/:token") ssr=SsrMode::Async view=auth::ui::reset::ResetPasswordPage/>
                <Route path=path!("/confirm-email/:token") ssr=SsrMode::Async view=auth::ui::email::ConfirmEmailPage/>
                <Route path=path!("/setup/:token") ssr=SsrMode::Async view=organization::ui::setup::SetupPage/>
                <Route path=path!("/wall") ssr=SsrMode::Async view=dashboard::ui::page::WallPage/>
                <Route path=path!("/campaigns/:id/wall") ssr=SsrMode::Async view=dashboard::ui::page::WallPage/>
                <ParentRoute path=path!("/portal") ssr=SsrMode::Async view=PortalLayout>
                    <Route path=path!("") ssr=SsrMode::Async view=portal::ui::home::PortalHome/>
                    <Route path=path!("onboarding") ssr=SsrMode::Async view=portal::ui::onboarding::OnboardingPage/>
                    <Route path=path!("collaborations/:id") ssr=SsrMode::Async view=portal::ui::collaboration::CollaborationPage/>
                    <Route path=path!("deliverables/:id") ssr=SsrMode::Async view=deliverables::ui::draft_page::DeliverablePage/>
                    <Route path=path!("account") ssr=SsrMode::Async view=AccountPage/>
                </ParentRoute>
                <ParentRoute path=path!("") ssr=SsrMode::Async view=StaffLayout>
                    <Route path=path!("dashboard") ssr=SsrMode::Async view=dashboard::ui::page::DashboardPage/>
                    <Route path=path!("campaigns/:id/dashboard") ssr=SsrMode::Async view=dashboard::ui::page::CampaignDashboardPage/>
                    <Route path=path!("campaigns/:id/report") ssr=SsrMode::Async view=report::ui::ReportPage/>
                    <Route path=path!("campaigns/:id/results/import") ssr=SsrMode::Async view=metrics::ui::import::ImportReadingsPage/>
                    <Route path=path!("campaigns") ssr=SsrMode::Async view=campaigns::ui::CampaignsPage/>
                    <Route path=path!("campaigns/new") ssr=SsrMode::Async view=campaigns::ui::NewCampaignPage/>
                    <Route path=path!("campaigns/:id") ssr=SsrMode::Async view=campaigns::ui::CampaignPage/>
                    <Route path=path!("campaigns/:id/board") ssr=SsrMode::Async view=pipeline::ui::board_page::BoardPage/>
                    <Route path=path!("campaigns/:id/edit") ssr=SsrMode::Async view=campaigns::ui::EditCampaignPage/>
                    <Route path=path!("campaigns/:id/brief") ssr=SsrMode::Async view=briefs::ui::BriefRoute/>
                    <Route path=path!("entries/:id") ssr=SsrMode::Async view=collaboration::ui::EntryPage/>
                    <Route path=path!("deliverables/:id") ssr=SsrMode::Async view=deliverables::ui::review_page::ReviewPage/>
                    <Route path=path!("creators") ssr=SsrMode::Async view=creators::ui::list::CreatorsPage/>
                    <Route path=path!("creators/new") ssr=SsrMode::Async view=creators::ui::form::NewCreatorPage/>
                    <Route path=path!("creators/import") ssr=SsrMode::Async view=creators::ui::import::ImportPage/>
                    <Route path=path!("creators/import/:id") ssr=SsrMode::Async view=creators::ui::import::ImportPreviewPage/>
                    <Route path=path!("creators/:id") ssr=SsrMode::Async view=creators::ui::profile::CreatorPage/>
                    <Route path=path!("creators/:id/edit") ssr=SsrMode::Async view=creators::ui::form::EditCreatorPage/>
                    <Route path=path!("tasks") ssr=SsrMode::Async view=tasks::ui::MyTasksPage/>
                    <Route path=path!("reviews") ssr=SsrMode::Async view=deliverables::ui::queue::ReviewQueuePage/>
                    <Route path=path!("payments") ssr=SsrMode::Async view=payments::ui::page::PaymentsPage/>
                    <Route path=path!("team") ssr=SsrMode::Async view=team::ui::page::TeamPage/>
                    <Route path=path!("settings") ssr=SsrMode::Async view=organization::ui::settings::SettingsPage/>
                    <Route path=path!("account") ssr=SsrMode::Async view=AccountPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// A page title as it goes into the document: escaped for HTML on the server (a name
/// typed as `</title><script>` stays text), as it is in the browser (`document.title`).
fn title_text(text: String) -> String {
    if cfg!(feature = "ssr") {
        domain::text::escape_html(&text)
    } else {
        text
    }
}

/// `/` sends each person to their role's home, or to sign in.
#[component]
fn Home() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let home = match auth.user.await {
                    Ok(Some(user)) => user.role.home(),
                    _ => "/login",
                };
                view! { <Redirect path=home/> }
            })}
        </Suspense>
    }
}
