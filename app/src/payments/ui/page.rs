//! The payments page for marketing: what is due this week, what is overdue, every payment
//! with its next step (approve, then mark paid), and scheduling a collaboration's fee.

use crate::auth::ui::guard::Allow;
use crate::domain::money::Money;
use crate::domain::payment::{Due, PaymentStatus};
use crate::domain::role::Permission;
use crate::payments::api::{ApprovePayment, MarkPaid, SchedulePayment, get_payments};
use crate::payments::{Payable, PaymentBook, PaymentView};
use crate::ui::feedback::{FormError, Loading, Ready};
use crate::ui::form::{SelectField, TextField, general};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PaymentsPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::EditCampaigns>
            <Payments/>
        </Allow>
    }
}

/// "1,200.00 EUR + 300.00 USD", or "Nothing".
fn sum(totals: &[Money]) -> String {
    if totals.is_empty() {
        return "Nothing".into();
    }
    totals
        .iter()
        .map(Money::display)
        .collect::<Vec<_>>()
        .join(" + ")
}

#[component]
fn Payments() -> impl IntoView {
    // Bumped by every change made on the page.
    let changed = RwSignal::new(0u32);
    let book = Resource::new(move || changed.get(), |_| get_payments());
    view! {
        <Title text="Payments · Roster"/>
        <header class="page-header">
            <h1>"Payments"</h1>
            <p class="muted">"Each collaboration's fee, paid in one or more payments: pending, approved, then paid."</p>
        </header>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                book.await.map(|b| view! { <Book book=b changed/> <Ready/> })
            })}
        </Transition>
    }
}

#[component]
fn Book(book: PaymentBook, changed: RwSignal<u32>) -> impl IntoView {
    let overdue = !book.overdue.is_empty();
    view! {
        <section class="tiles" aria-label="Totals">
            <div class="tile"><span class="tile-label">"Due this week"</span><strong>{sum(&book.due_this_week)}</strong></div>
            <div class="tile" class:alert=overdue><span class="tile-label">"Overdue"</span><strong>{sum(&book.overdue)}</strong></div>
            <div class="tile"><span class="tile-label">"Paid"</span><strong>{sum(&book.paid)}</strong></div>
        </section>
        {(!book.payables.is_empty()).then(|| view! { <Schedule payables=book.payables today=book.today changed/> })}
        <section class="card" aria-labelledby="payments-title">
            <h2 id="payments-title">"All payments"</h2>
            {if book.payments.is_empty() {
                view! { <p class="muted">"No payments yet. Schedule one above once a creator is contracted with a fee."</p> }.into_any()
            } else {
                view! {
                    <ul class="payment-list">
                        {book.payments.into_iter().map(|p| view! { <Row p changed/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Reloads the page's data each time `succeeded` turns true (an action's answer).
fn reload_when(succeeded: impl Fn() -> bool + 'static, changed: RwSignal<u32>) {
    Effect::new(move |_| {
        if succeeded() {
            changed.update(|n| *n += 1);
        }
    });
}

#[component]
fn Schedule(
    payables: Vec<Payable>,
    today: chrono::NaiveDate,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let schedule = ServerAction::<SchedulePayment>::new();
    reload_when(
        move || matches!(schedule.value().get(), Some(Ok(_))),
        changed,
    );
    let error = Signal::derive(move || schedule.value().get().and_then(|r| r.err()));
    let options = payables
        .into_iter()
        .map(|p| {
            let label = format!(
                "{} · {} — {} of {} left to schedule",
                p.creator_name,
                p.campaign_name,
                p.unscheduled.display(),
                p.fee.display()
            );
            (p.entry_id.to_string(), label)
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="schedule-title">
            <h2 id="schedule-title">"Schedule a payment"</h2>
            <ActionForm action=schedule attr:class="inline-form">
                <FormError error=general(error)/>
                <SelectField field="entry_id" name="entry_id" label="Collaboration" options error/>
                <TextField field="amount" name="amount" label="Amount" kind="decimal" error/>
                <TextField field="due_on" name="due_on" label="Due on" kind="date" value=today.to_string() error/>
                <button class="button" type="submit">"Schedule"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Row(p: PaymentView, changed: RwSignal<u32>) -> impl IntoView {
    let approve = ServerAction::<ApprovePayment>::new();
    let pay = ServerAction::<MarkPaid>::new();
    reload_when(
        move || matches!(approve.value().get(), Some(Ok(_))),
        changed,
    );
    reload_when(move || matches!(pay.value().get(), Some(Ok(_))), changed);
    let error = Signal::derive(move || {
        approve
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| pay.value().get().and_then(|r| r.err()))
    });
    let (id, version) = (p.id, p.version);
    let who = format!("{} · {}", p.creator_name, p.campaign_name);
    let amount = p.amount.display();
    let approve_label = format!("Approve {amount} to {who}");
    let pay_label = format!("Mark paid: {amount} to {who}");
    let due_label = match p.due {
        Due::Overdue => Some(("overdue", "Overdue")),
        Due::ThisWeek => Some(("due", "Due this week")),
        _ => None,
    };
    view! {
        <li class="payment" class:overdue=p.due == Due::Overdue>
            <div class="payment-head">
                <strong>{amount.clone()}</strong>
                <a href=format!("/entries/{}", p.entry_id)>{who}</a>
                <span class=format!("status {}", p.status.as_str())>{p.status.label()}</span>
                <span class="muted">"Due " {p.due_on.to_string()}</span>
                {due_label.map(|(class, label)| view! { <span class=format!("flag {class}")>{label}</span> })}
            </div>
            {p.paid.clone().map(|paid| view! {
                <p class="muted">
                    "Paid " {paid.display()} " on " {p.paid_on.map(|d| d.to_string()).unwrap_or_default()}
                    {p.reference.clone().map(|r| format!(" · ref. {r}"))}
                    {p.partial_reason.clone().map(|r| format!(" · less than the amount: {r}"))}
                </p>
            })}
            <FormError error=general(error)/>
            {(p.status == PaymentStatus::Pending).then(|| view! {
                <ActionForm action=approve>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    <button class="button" type="submit" aria-label=approve_label>"Approve"</button>
                </ActionForm>
            })}
            {(p.status == PaymentStatus::Approved).then(|| view! {
                <ActionForm action=pay attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    <PayField id name="paid" label="Amount paid" kind="text" placeholder=amount.clone() error/>
                    <PayField id name="paid_on" label="Paid on" kind="date" error/>
                    <PayField id name="reference" label="Reference" kind="text" error/>
                    <PayField id name="reason" label="Reason, if less" kind="text" error/>
                    <button class="button" type="submit" aria-label=pay_label>"Mark paid"</button>
                </ActionForm>
            })}
        </li>
    }
}

/// One field of a row's "mark paid" form, its ids made unique by the payment's.
#[component]
fn PayField(
    id: i32,
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    #[prop(optional, into)] placeholder: String,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let input = format!("pay-{id}-{name}");
    let problem = format!("{input}-error");
    let message = move || error.get().and_then(|e| e.field(name));
    view! {
        <div class="field">
            <label for=input.clone()>{label}</label>
            <input id=input name=name type=kind placeholder=placeholder aria-describedby=problem.clone()
                aria-invalid=move || message().is_some().then_some("true")/>
            <p class="field-error" id=problem>{message}</p>
        </div>
    }
}
