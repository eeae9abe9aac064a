//! The two shells: the staff app (sidebar navigation by role) and the phone-first creator portal.

use crate::auth::ui::guard::{Guard, use_auth, use_user};
use crate::domain::role::{Permission, Role};
use crate::notifications::WithMyEvents;
use crate::notifications::ui::bell::Bell;
use crate::ui::icon::{Icon, IconName};
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

/// A navigation entry and the roles that see it.
struct NavItem {
    href: &'static str,
    label: &'static str,
    roles: &'static [Role],
}

const STAFF_NAV: &[NavItem] = &[
    NavItem {
        href: "/dashboard",
        label: "Dashboard",
        roles: &[Role::Admin, Role::Marketing, Role::Director],
    },
    NavItem {
        href: "/campaigns",
        label: "Campaigns",
        roles: &[Role::Admin, Role::Marketing, Role::Legal, Role::Director],
    },
    NavItem {
        href: "/creators",
        label: "Creators",
        roles: &[Role::Admin, Role::Marketing, Role::Legal, Role::Director],
    },
    NavItem {
        href: "/tasks",
        label: "My tasks",
        roles: &[Role::Admin, Role::Marketing],
    },
    NavItem {
        href: "/reviews",
        label: "Reviews",
        roles: &[Role::Admin, Role::Marketing, Role::Legal],
    },
    NavItem {
        href: "/payments",
        label: "Payments",
        roles: &[Role::Admin, Role::Marketing],
    },
    NavItem {
        href: "/team",
        label: "Team",
        roles: &[Role::Admin],
    },
    NavItem {
        href: "/settings",
        label: "Settings",
        roles: &[Role::Admin],
    },
];

#[component]
pub fn StaffLayout() -> impl IntoView {
    view! {
        <Guard permission=Permission::UseStaffApp>
            <WithMyEvents>
                <StaffShell/>
            </WithMyEvents>
        </Guard>
    }
}

#[component]
fn StaffShell() -> impl IntoView {
    let user = use_user();
    let role = user.role;
    let (menu_open, set_menu_open) = signal(false);
    view! {
        <div class="staff-app">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <button
                    class="menu-toggle"
                    aria-controls="staff-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| set_menu_open.update(|o| *o = !*o)
                >
                    <span class="visually-hidden">"Menu"</span>
                    <Icon name=IconName::Menu/>
                </button>
                <a class="brand" href="/">"Roster"</a>
                <span class="org-name">{user.organization_name.clone()}</span>
                <UserMenu/>
            </header>
            <nav
                id="staff-nav"
                class="sidebar"
                class:open=move || menu_open.get()
                aria-label="Main"
                on:click=move |_| set_menu_open.set(false)
            >
                <ul>
                    {STAFF_NAV
                        .iter()
                        .filter(|item| item.roles.contains(&role))
                        .map(|item| view! { <li><A href=item.href>{item.label}</A></li> })
                        .collect_view()}
                </ul>
            </nav>
            <main id="main" class="content" tabindex="-1">
                <PageErrors>
                    <Outlet/>
                </PageErrors>
            </main>
        </div>
    }
}

/// The signed-in user's name, their account link and sign out.
#[component]
fn UserMenu() -> impl IntoView {
    let auth = use_auth();
    let user = use_user();
    let account = if user.role == Role::Creator {
        "/portal/account"
    } else {
        "/account"
    };
    view! {
        <div class="user-menu">
            <Bell account/>
            <a href=account class="user-name">
                <span class="avatar" aria-hidden="true">
                    {user.name.chars().next().unwrap_or('?').to_string()}
                </span>
                <span class="user-label">{user.name.clone()}" · "{user.role.label()}</span>
            </a>
            <ActionForm action=auth.logout>
                <button type="submit" class="button subtle">"Sign out"</button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn PortalLayout() -> impl IntoView {
    view! {
        <Guard permission=Permission::UsePortal>
            <WithMyEvents>
            <div class="portal-app">
                <a class="skip-link" href="#main">"Skip to content"</a>
                <header class="topbar portal-topbar">
                    <a class="brand" href="/portal">"Roster"</a>
                    <UserMenu/>
                </header>
                <main id="main" class="portal-content" tabindex="-1">
                    <PageErrors>
                        <Outlet/>
                    </PageErrors>
                </main>
                <nav class="portal-nav" aria-label="Portal">
                    <A href="/portal" exact=true>"Collaborations"</A>
                    <A href="/portal/onboarding">"My details"</A>
                    <A href="/portal/account">"Account"</A>
                </nav>
            </div>
            </WithMyEvents>
        </Guard>
    }
}

/// Shows a failed load (a server function returning an error) in place of the page part.
#[component]
fn PageErrors(children: Children) -> impl IntoView {
    view! {
        <ErrorBoundary fallback=|errors| {
            view! {
                <p class="form-error" role="alert">
                    {move || {
                        errors
                            .get()
                            .into_iter()
                            .map(|(_, e)| e.to_string())
                            .collect::<Vec<_>>()
                            .join(" ")
                    }}
                </p>
            }
        }>{children()}</ErrorBoundary>
    }
}
