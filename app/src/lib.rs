//! Roster's Leptos app, shared by the server (SSR, `ssr` feature) and the browser
//! (hydration, `hydrate` feature). Organised by domain; `domain/` holds the pure rules.

pub mod auth;
pub mod coming;
pub mod domain;
pub mod error;
pub mod portal;
pub mod team;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

use auth::guard::{provide_auth, use_auth};
use auth::pages::{AccountPage, LoginPage};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use ui::feedback::{Loading, NotFound};
use ui::layout::{PortalLayout, StaffLayout};

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
        <Title text="Roster"/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/invite/:token") view=team::accept::AcceptInvitationPage/>
                <ParentRoute path=path!("/portal") view=PortalLayout>
                    <Route path=path!("") view=portal::PortalHome/>
                    <Route path=path!("account") view=AccountPage/>
                </ParentRoute>
                <ParentRoute path=path!("") view=StaffLayout>
                    <Route path=path!("dashboard") view=coming::DashboardPage/>
                    <Route path=path!("campaigns") view=coming::CampaignsPage/>
                    <Route path=path!("creators") view=coming::CreatorsPage/>
                    <Route path=path!("reviews") view=coming::ReviewsPage/>
                    <Route path=path!("payments") view=coming::PaymentsPage/>
                    <Route path=path!("team") view=team::page::TeamPage/>
                    <Route path=path!("account") view=AccountPage/>
                </ParentRoute>
            </Routes>
        </Router>
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
