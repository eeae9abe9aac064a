//! `/setup/<token>`: the first visitor with the link the server printed founds the
//! organization and becomes its first admin. Without a live link the page is "not found".

use crate::auth::ui::guard::use_auth;
use crate::domain::money::CURRENCIES;
use crate::domain::validate::PASSWORD_HINT;
use crate::organization::api::{SetUpOrganization, check_setup_link};
use crate::ui::feedback::{FormError, Loading, NotFound};
use crate::ui::form::TextField;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SetupPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let link = Resource::new(token, check_setup_link);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match link.await {
                    Ok(time_zones) => view! { <SetupForm token=token() time_zones/> }.into_any(),
                    Err(_) => view! { <NotFound/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SetupForm(token: String, time_zones: Vec<String>) -> impl IntoView {
    let setup = ServerAction::<SetUpOrganization>::new();
    let auth = use_auth();
    // Setting up signs the admin in: the shell must learn who it is.
    Effect::new(move |_| {
        if matches!(setup.value().get(), Some(Ok(_))) {
            auth.user.refetch();
        }
    });
    let time_zone_names = time_zones.clone();
    let error = Signal::derive(move || setup.value().get().and_then(|r| r.err()));
    let field = move |name: &'static str| move || error.get().and_then(|e| e.field(name));
    let invalid = move |name: &'static str| move || field(name)().is_some().then_some("true");
    // The browser's own zone is the likely answer: filled in once the page is interactive.
    let zone = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = zone.get()
            && let Some(guess) = browser_time_zone()
            && time_zones.contains(&guess)
        {
            input.set_value(&guess);
        }
    });
    view! {
        <Title text="Set up Roster"/>
        <main class="auth-page">
            <section class="auth-card wide" aria-labelledby="setup-title">
                <h1 id="setup-title">"Set up Roster"</h1>
                <p class="muted">"Name your organization and create its first admin account. This link works once."</p>
                <ActionForm action=setup attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="token" value=token/>
                    <fieldset class="stack">
                        <legend>"Your organization"</legend>
                        <TextField field="name" name="name" label="Organization name"
                            autocomplete="organization" error/>
                        <div class="field">
                            <label for="org-currency">"Default currency"</label>
                            <select id="org-currency" name="currency" aria-describedby="org-currency-error">
                                {CURRENCIES.iter().map(|(code, _)| view! {
                                    <option value=*code selected=*code == "EUR">{*code}</option>
                                }).collect_view()}
                            </select>
                            <p class="field-error" id="org-currency-error">{field("currency")}</p>
                        </div>
                        <div class="field">
                            <label for="org-zone">"Time zone"</label>
                            <input id="org-zone" name="time_zone" type="text" value="UTC" required
                                node_ref=zone list="time-zones" autocomplete="off"
                                aria-describedby="org-zone-hint org-zone-error"
                                aria-invalid=invalid("time_zone")/>
                            <TimeZoneList names=time_zone_names.clone()/>
                            <p class="hint" id="org-zone-hint">"Dates, due dates and reminders use it, e.g. Europe/Paris or America/New_York."</p>
                            <p class="field-error" id="org-zone-error">{field("time_zone")}</p>
                        </div>
                    </fieldset>
                    <fieldset class="stack">
                        <legend>"Your admin account"</legend>
                        <TextField field="admin_name" name="admin_name" label="Your name"
                            autocomplete="name" error/>
                        <TextField field="email" name="email" label="Email" kind="email"
                            autocomplete="username" error/>
                        <TextField field="password" name="password" label="Password" kind="password"
                            autocomplete="new-password" hint=PASSWORD_HINT error/>
                    </fieldset>
                    <FormError error=Signal::derive(move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid(_))))/>
                    <button class="button primary" type="submit" disabled=setup.pending()>"Create the organization"</button>
                </ActionForm>
            </section>
        </main>
    }
}

/// The time zones a field suggests as the user types (`list="time-zones"`).
#[component]
pub fn TimeZoneList(names: Vec<String>) -> impl IntoView {
    view! {
        <datalist id="time-zones">
            {names.into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
        </datalist>
    }
}

/// The browser's time zone, as the browser names it (IANA).
fn browser_time_zone() -> Option<String> {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()
}
