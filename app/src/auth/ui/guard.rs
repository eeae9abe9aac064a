//! The signed-in user in the UI, and the guard that wraps every protected page.
//! The guard only decides what to show: the server functions enforce access themselves.

use crate::auth::api::{Login, Logout, LogoutEverywhere, VerifySignInCode, get_current_user};
use crate::domain::role::Permission;
use crate::domain::text::urlencode;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use crate::ui::feedback::{ErrorPage, Loading, Ready};
use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub login: ServerAction<Login>,
    /// The code step of signing in, for accounts with two-factor sign-in.
    pub second_step: ServerAction<VerifySignInCode>,
    pub logout: ServerAction<Logout>,
    pub logout_everywhere: ServerAction<LogoutEverywhere>,
}

/// Called once by the app root. The user is a blocking resource so that the server can
/// redirect an anonymous visitor before any HTML is sent.
pub fn provide_auth() -> Auth {
    let login = ServerAction::<Login>::new();
    let second_step = ServerAction::<VerifySignInCode>::new();
    let logout = ServerAction::<Logout>::new();
    let logout_everywhere = ServerAction::<LogoutEverywhere>::new();
    let user = Resource::new_blocking(
        move || {
            (
                login.version().get(),
                second_step.version().get(),
                logout.version().get(),
                logout_everywhere.version().get(),
            )
        },
        |_| get_current_user(),
    );
    let auth = Auth {
        user,
        login,
        second_step,
        logout,
        logout_everywhere,
    };
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The user of a page inside a [`Guard`]: always present there.
pub fn use_user() -> CurrentUser {
    expect_context::<CurrentUser>()
}

/// Shows `children` to a user whose role grants `permission`; sends anyone else to sign in
/// (and back here afterwards) or tells them they lack access.
#[component]
pub fn Guard(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let here = move || {
        let query = location.search.get_untracked();
        let query = query.trim_start_matches('?');
        let path = location.pathname.get_untracked();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) if user.can(permission) => {
                            provide_context(user);
                            EitherOf4::A(view! { {children()} <Ready/> })
                        }
                        Ok(Some(_)) => {
                            EitherOf4::B(view! { <NoAccess/> })
                        }
                        Ok(None) => {
                            let next = urlencode(&here());
                            EitherOf4::C(view! { <Redirect path=format!("/login?next={next}")/> })
                        }
                        Err(err) => {
                            EitherOf4::D(
                                view! {
                                    <ErrorPage status=500 title="Something went wrong" message=err.to_string()/>
                                },
                            )
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// A page-level permission check inside a layout's [`Guard`], which has already loaded the
/// user: synchronous, so it adds no second wait (nor a nested suspense to hydrate).
#[component]
pub fn Allow(permission: Permission, children: ChildrenFn) -> impl IntoView {
    use leptos::either::EitherOf3;
    let user = use_user();
    if !user.can(permission) {
        EitherOf3::A(view! { <NoAccess/> })
    } else if permission.is_admin_power() && user.two_factor_missing {
        EitherOf3::B(view! { <TwoFactorFirst/> })
    } else {
        EitherOf3::C(children())
    }
}

/// An admin page in an organization that asks its admins for a second factor.
#[component]
fn TwoFactorFirst() -> impl IntoView {
    view! {
        <ErrorPage
            status=403
            title="Two-factor sign-in first"
            message=crate::platform::user::TWO_FACTOR_FIRST
        />
        <p class="centered"><a class="button primary" href="/account#two-factor">"Set up two-factor sign-in"</a></p>
    }
}

#[component]
fn NoAccess() -> impl IntoView {
    view! {
        <ErrorPage
            status=403
            title="No access"
            message="Your role does not open this page. Ask your Roster admin if you need it."
        />
    }
}
