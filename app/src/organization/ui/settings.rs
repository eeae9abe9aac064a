//! `/settings`: the admin's page for the organization's name, default currency and time
//! zone.

use crate::auth::ui::guard::Allow;
use crate::domain::money::CURRENCIES;
use crate::domain::role::Permission;
use crate::organization::api::{UpdateOrganizationSettings, get_organization_settings};
use crate::organization::ui::setup::TimeZoneList;
use crate::ui::feedback::{FormError, Loading};
use crate::ui::form::TextField;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::ManageOrganization>
            <SettingsContent/>
        </Allow>
    }
}

#[component]
fn SettingsContent() -> impl IntoView {
    let save = ServerAction::<UpdateOrganizationSettings>::new();
    let form = Resource::new(
        move || save.version().get(),
        |_| get_organization_settings(),
    );
    let error = Signal::derive(move || save.value().get().and_then(|r| r.err()));
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let field = move |name: &'static str| move || error.get().and_then(|e| e.field(name));
    let invalid = move |name: &'static str| move || field(name)().is_some().then_some("true");
    view! {
        <Title text="Settings · Roster"/>
        <header class="page-header">
            <h1>"Organization settings"</h1>
            <p class="muted">"New campaigns start in the default currency. Dates, due dates and reminders follow the time zone."</p>
        </header>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                form.await.map(|f| {
                    let current = f.settings;
                    view! {
                        <section class="card" aria-labelledby="settings-title">
                            <h2 id="settings-title" class="visually-hidden">"Settings"</h2>
                            <ActionForm action=save attr:class="stack narrow" attr:novalidate=true>
                                <TextField field="name" name="name" label="Organization name"
                                    value=current.name autocomplete="organization" error/>
                                <div class="field">
                                    <label for="org-currency">"Default currency"</label>
                                    <select id="org-currency" name="currency" aria-describedby="org-currency-error">
                                        {CURRENCIES.iter().map(|(code, _)| {
                                            let selected = *code == current.currency;
                                            view! { <option value=*code selected=selected>{*code}</option> }
                                        }).collect_view()}
                                    </select>
                                    <p class="field-error" id="org-currency-error">{field("currency")}</p>
                                </div>
                                <div class="field">
                                    <label for="org-zone">"Time zone"</label>
                                    <input id="org-zone" name="time_zone" type="text" value=current.time_zone
                                        list="time-zones" required autocomplete="off"
                                        aria-describedby="org-zone-error" aria-invalid=invalid("time_zone")/>
                                    <TimeZoneList names=f.time_zones/>
                                    <p class="field-error" id="org-zone-error">{field("time_zone")}</p>
                                </div>
                                <div class="field checkbox">
                                    <input id="org-two-factor" name="admins_need_two_factor" type="checkbox" value="true"
                                        checked=current.admins_need_two_factor aria-describedby="org-two-factor-error"/>
                                    <label for="org-two-factor">"Admins must use two-factor sign-in for the Team and Settings pages and API tokens"</label>
                                    <p class="field-error" id="org-two-factor-error">{field("admins_need_two_factor")}</p>
                                </div>
                                <FormError error=Signal::derive(move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid(_))))/>
                                <div class="actions">
                                    <button class="button primary" type="submit" disabled=save.pending()>"Save settings"</button>
                                    <Show when=saved>
                                        <p class="notice success" role="status">"Settings saved."</p>
                                    </Show>
                                </div>
                            </ActionForm>
                        </section>
                    }
                })
            })}
        </Transition>
    }
}
