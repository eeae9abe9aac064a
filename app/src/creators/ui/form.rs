//! The creator form: add a creator (with a first channel) or edit one.

use crate::auth::ui::guard::Allow;
use crate::creators::CreatorInput;
use crate::creators::api::{CreateCreator, UpdateCreator, get_creator};
use crate::domain::creator::{PerformanceTag, Platform, Tier};
use crate::domain::money::CURRENCIES;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::ui::feedback::{FormError, Loading};
use crate::ui::form::{SelectField, TextField, general};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn choices<T: Copy>(
    blank: &str,
    all: &[T],
    key: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), blank.to_string()))
        .chain(
            all.iter()
                .map(|v| (key(*v).to_string(), label(*v).to_string())),
        )
        .collect()
}

pub fn platform_choices(blank: &str) -> Vec<(String, String)> {
    choices(blank, Platform::ALL, Platform::as_str, Platform::label)
}

pub fn tier_choices(blank: &str) -> Vec<(String, String)> {
    choices(blank, Tier::ALL, Tier::as_str, Tier::label)
}

pub fn tag_choices(blank: &str) -> Vec<(String, String)> {
    choices(
        blank,
        PerformanceTag::ALL,
        PerformanceTag::as_str,
        PerformanceTag::label,
    )
}

#[component]
pub fn NewCreatorPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::ManageCreators>
            <NewCreatorForm/>
        </Allow>
    }
}

#[component]
fn NewCreatorForm() -> impl IntoView {
    let create = ServerAction::<CreateCreator>::new();
    let error = Signal::derive(move || create.value().get().and_then(|r| r.err()));
    let initial = CreatorInput {
        currency: "EUR".into(),
        ..Default::default()
    };
    view! {
        <Title text="Add a creator · Roster"/>
        <header class="page-header">
            <p class="breadcrumb"><a href="/creators">"Creators"</a></p>
            <h1>"Add a creator"</h1>
        </header>
        <ActionForm action=create attr:class="card creator-form" attr:novalidate=true>
            <CreatorFields initial error/>
            <fieldset class="form-grid">
                <legend>"Main channel " <span class="muted">"(optional: add more on the profile)"</span></legend>
                <SelectField field="channel.platform" name="input[channel][platform]" label="Platform"
                    options=platform_choices("No channel yet") error/>
                <TextField field="channel.handle" name="input[channel][handle]" label="Handle" hint="Without the @ is fine." error/>
                <TextField field="channel.url" name="input[channel][url]" label="Profile link" kind="url" error/>
                <TextField field="channel.followers" name="input[channel][followers]" label="Followers" kind="decimal" hint="e.g. 48200 or 48.2k" error/>
                <TextField field="channel.engagement" name="input[channel][engagement]" label="Average engagement rate (%)" kind="decimal" error/>
                <TextField field="channel.fake_followers" name="input[channel][fake_followers]" label="Fake followers (%)" kind="decimal" hint="An audit tool's estimate." error/>
            </fieldset>
            <FormError error=general(error)/>
            <div class="actions">
                <button class="button primary" type="submit" disabled=create.pending()>"Add creator"</button>
                <a class="button" href="/creators">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn EditCreatorPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::ManageCreators>
            <EditCreatorForm/>
        </Allow>
    }
}

#[component]
fn EditCreatorForm() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0));
    let update = ServerAction::<UpdateCreator>::new();
    let creator = Resource::new(id, get_creator);
    let error = Signal::derive(move || update.value().get().and_then(|r| r.err()));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                creator.await.map(|c| {
                    let initial = CreatorInput::from(&c);
                    view! {
                        <Title text=format!("Edit {} · Roster", c.name)/>
                        <header class="page-header">
                            <p class="breadcrumb"><a href=format!("/creators/{}", c.id)>{c.name.clone()}</a></p>
                            <h1>"Edit creator"</h1>
                        </header>
                        <ActionForm action=update attr:class="card creator-form" attr:novalidate=true>
                            <input type="hidden" name="id" value=c.id/>
                            <input type="hidden" name="version" value=c.version/>
                            <CreatorFields initial error/>
                            <FormError error=general(error)/>
                            <div class="actions">
                                <button class="button primary" type="submit" disabled=update.pending()>"Save changes"</button>
                                <a class="button" href=format!("/creators/{}", c.id)>"Cancel"</a>
                            </div>
                        </ActionForm>
                    }
                })
            })}
        </Transition>
    }
}

/// The profile and onboarding fields, named `input[...]`.
#[component]
fn CreatorFields(
    initial: CreatorInput,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let currencies: Vec<(String, String)> = CURRENCIES
        .iter()
        .map(|(c, _)| (c.to_string(), c.to_string()))
        .collect();
    let i = initial;
    view! {
        <fieldset class="form-grid">
            <legend>"Profile"</legend>
            <TextField field="name" name="input[name]" label="Name" value=i.name error/>
            <TextField field="email" name="input[email]" label="Email" kind="email" value=i.email error/>
            <TextField field="country" name="input[country]" label="Country" value=i.country hint="Two letters, like DE or US." error/>
            <TextField field="niches" name="input[niches]" label="Niches" value=i.niches hint="Separated by commas: beauty, skincare." error/>
            <SelectField field="tier" name="input[tier]" label="Tier" options=tier_choices("Not set") value=i.tier error/>
            <SelectField field="tag" name="input[tag]" label="Performance tag" options=tag_choices("Not set") value=i.tag error/>
            <TextField field="rate" name="input[rate]" label="Rate per post" kind="decimal" value=i.rate error/>
            <SelectField field="currency" name="input[currency]" label="Rate currency" options=currencies value=i.currency error/>
            <TextField field="notes" name="input[notes]" label="Notes" kind="textarea" value=i.notes error
                hint="What the team should know: tone, past results, preferences."/>
        </fieldset>
        <fieldset class="form-grid">
            <legend>"Onboarding " <span class="muted">"(marketing and admins only)"</span></legend>
            <TextField field="legal_name" name="input[legal_name]" label="Legal name" value=i.legal_name error/>
            <TextField field="shipping_address" name="input[shipping_address]" label="Shipping address" kind="textarea" value=i.shipping_address error/>
            <TextField field="payment_details" name="input[payment_details]" label="Payment details" kind="textarea" value=i.payment_details error/>
            <TextField field="tax_id" name="input[tax_id]" label="Tax id" value=i.tax_id error/>
        </fieldset>
    }
}
