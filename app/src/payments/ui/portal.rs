//! The creator's payments on the portal home: what each brand owes them and what is paid.
//! It reloads when a notification arrives (a payment made notifies the creator).

use crate::domain::payment::PaymentStatus;
use crate::notifications::MyEvents;
use crate::payments::CreatorPayment;
use crate::payments::api::my_payments;
use leptos::prelude::*;

#[component]
pub fn MyPayments() -> impl IntoView {
    let changed = MyEvents::changed();
    let payments = Resource::new(move || changed.get(), |_| my_payments());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                payments.await.map(|list| (!list.is_empty()).then(|| view! {
                    <section aria-labelledby="payments-title">
                        <h2 id="payments-title">"Payments"</h2>
                        <ul class="portal-cards">
                            {list.into_iter().map(|p| view! { <Payment p/> }).collect_view()}
                        </ul>
                    </section>
                }))
            })}
        </Transition>
    }
}

#[component]
fn Payment(p: CreatorPayment) -> impl IntoView {
    let status = match (p.status, &p.paid, p.paid_on) {
        (PaymentStatus::Paid, Some(paid), Some(on)) => format!("Paid {} on {on}", paid.display()),
        (PaymentStatus::Approved, _, _) => format!("Approved, due {}", p.due_on),
        _ => format!("Due {}", p.due_on),
    };
    view! {
        <li class="portal-card payment-card" class:paid=p.status == PaymentStatus::Paid>
            <a href=format!("/portal/collaborations/{}", p.entry_id)>
                <strong class="title">{p.amount.display()}</strong>
                <span class="muted">{p.brand}" · "{p.campaign_name}</span>
                <span class=format!("status {}", p.status.as_str())>{status}</span>
                {p.reference.map(|r| view! { <span class="muted small">"Reference " {r}</span> })}
                {p.partial_reason.map(|r| view! { <span class="muted small">"Less than agreed: " {r}</span> })}
            </a>
        </li>
    }
}
