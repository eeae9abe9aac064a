//! Onboarding, on first sign-in and whenever the creator's details change: what brands need
//! to contract, ship to and pay them.

use crate::domain::creator::Platform;
use crate::error::AppError;
use crate::portal::OnboardingInput;
use crate::portal::api::{SaveOnboarding, get_onboarding};
use crate::ui::feedback::{FormError, Loading, Ready};
use crate::ui::form::general;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let current = Resource::new(|| (), |_| get_onboarding());
    view! {
        <Title text="Your details · Roster"/>
        <h1>"Your details"</h1>
        <p class="muted">"Brands you work with use these to contract, ship products to and pay you. Only their marketing team sees them."</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                current.await.map(|initial| view! { <OnboardingForm initial/> <Ready/> })
            })}
        </Suspense>
    }
}

#[component]
fn OnboardingForm(initial: OnboardingInput) -> impl IntoView {
    let save = ServerAction::<SaveOnboarding>::new();
    let legal_name = RwSignal::new(initial.legal_name);
    let address = RwSignal::new(initial.shipping_address);
    let payment = RwSignal::new(initial.payment_details);
    let tax_id = RwSignal::new(initial.tax_id);
    let platforms = RwSignal::new(initial.preferred_platforms);
    let error = Signal::derive(move || save.value().get().and_then(|r| r.err()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            navigate("/portal", Default::default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveOnboarding {
            input: OnboardingInput {
                legal_name: legal_name.get(),
                shipping_address: address.get(),
                payment_details: payment.get(),
                tax_id: tax_id.get(),
                preferred_platforms: platforms.get(),
            },
        });
    };
    let problem =
        move |field: &'static str| move || error.get().and_then(|e: AppError| e.field(field));
    view! {
        <form class="stack card" on:submit=submit novalidate>
            <div class="field">
                <label for="legal-name">"Legal name"</label>
                <input id="legal-name" autocomplete="name" aria-describedby="legal-name-error"
                    prop:value=move || legal_name.get() on:input=move |ev| legal_name.set(event_target_value(&ev))/>
                <p class="field-error" id="legal-name-error">{problem("legal_name")}</p>
            </div>
            <div class="field">
                <label for="shipping-address">"Shipping address"</label>
                <textarea id="shipping-address" rows="3" autocomplete="street-address" aria-describedby="shipping-address-error"
                    prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))></textarea>
                <p class="field-error" id="shipping-address-error">{problem("shipping_address")}</p>
            </div>
            <div class="field">
                <label for="payment-details">"Payment details"</label>
                <textarea id="payment-details" rows="2" aria-describedby="payment-details-hint payment-details-error"
                    prop:value=move || payment.get() on:input=move |ev| payment.set(event_target_value(&ev))></textarea>
                <p class="hint" id="payment-details-hint">"IBAN and account holder, or your PayPal address."</p>
                <p class="field-error" id="payment-details-error">{problem("payment_details")}</p>
            </div>
            <div class="field">
                <label for="tax-id">"Tax id " <span class="muted">"(if you have one)"</span></label>
                <input id="tax-id" aria-describedby="tax-id-error"
                    prop:value=move || tax_id.get() on:input=move |ev| tax_id.set(event_target_value(&ev))/>
                <p class="field-error" id="tax-id-error">{problem("tax_id")}</p>
            </div>
            <fieldset class="field choices" aria-describedby="platforms-error">
                <legend>"Where you post"</legend>
                {Platform::ALL.iter().map(|p| {
                    let key = p.as_str().to_string();
                    let checked = {
                        let key = key.clone();
                        move || platforms.get().contains(&key)
                    };
                    view! {
                        <label class="choice">
                            <input type="checkbox" value=key.clone() prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    platforms.update(|list| {
                                        list.retain(|k| *k != key);
                                        if on { list.push(key.clone()); }
                                    });
                                }/>
                            {p.label()}
                        </label>
                    }
                }).collect_view()}
                <p class="field-error" id="platforms-error">{problem("preferred_platforms")}</p>
            </fieldset>
            <FormError error=general(error)/>
            <button class="button primary wide" type="submit" disabled=save.pending()>"Save my details"</button>
        </form>
    }
}
