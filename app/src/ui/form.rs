//! Form fields that show their own validation message: one markup for every form.

use crate::error::AppError;
use leptos::prelude::*;

/// A labelled input named `{name}` (e.g. `input[email]`) whose error is looked up as `field`.
/// `kind` is an input type, or "decimal" for numbers typed as text with a decimal keypad.
#[component]
pub fn TextField(
    /// The server function's field name, e.g. `email` or `channel.handle`.
    field: &'static str,
    /// The form control's name, e.g. `input[email]`.
    #[prop(into)]
    name: String,
    label: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: &'static str,
    /// What the browser may fill in (`username`, `new-password`…), when it matters.
    #[prop(optional)]
    autocomplete: &'static str,
    /// The control's id, where another form of the page has a field of the same name.
    #[prop(optional)]
    id: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let (kind, mode) = match kind {
        "decimal" => ("text", "decimal"),
        "email" => ("email", "email"),
        other => (other, "text"),
    };
    let id = if id.is_empty() {
        format!("f-{}", field.replace('.', "-"))
    } else {
        id.to_string()
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_empty() {
        error_id.clone()
    } else {
        format!("{hint_id} {error_id}")
    };
    let problem = move || error.get().and_then(|e| e.field(field));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {if kind == "textarea" {
                view! {
                    <textarea id=id name=name aria-describedby=described rows="3"
                        aria-invalid=move || problem().is_some().then_some("true")>{value}</textarea>
                }.into_any()
            } else {
                view! {
                    <input id=id name=name type=kind value=value inputmode=mode aria-describedby=described
                        autocomplete=(!autocomplete.is_empty()).then_some(autocomplete) aria-invalid=move || problem().is_some().then_some("true")/>
                }.into_any()
            }}
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <p class="field-error" id=error_id>{problem}</p>
        </div>
    }
}

/// A labelled select; `options` are (value, label) pairs, the first row may be a blank
/// "choose" option.
#[component]
pub fn SelectField(
    field: &'static str,
    #[prop(into)] name: String,
    label: &'static str,
    options: Vec<(String, String)>,
    #[prop(into, optional)] value: String,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = format!("f-{}", field.replace('.', "-"));
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name aria-describedby=error_id.clone()
                aria-invalid=move || error.get().and_then(|e| e.field(field)).is_some().then_some("true")>
                {options.into_iter().map(|(v, l)| {
                    let selected = v == value;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id=error_id>{move || error.get().and_then(|e| e.field(field))}</p>
        </div>
    }
}

/// The error of a submission that is not about one field (conflicts, permissions).
pub fn general(error: Signal<Option<AppError>>) -> Signal<Option<AppError>> {
    Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))
}

/// Counts an action's successful results. Pages reload their data on these only, so a
/// refused submission keeps the form as it was typed, with its message.
pub fn successes<T, E>(value: MappedSignal<Option<Result<T, E>>>) -> ReadSignal<u32>
where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    let count = RwSignal::new(0u32);
    Effect::new(move |_| {
        if value.with(|v| matches!(v, Some(Ok(_)))) {
            count.update(|n| *n += 1);
        }
    });
    count.read_only()
}
