//! API tokens on the Team page: create one (its secret is shown once), see when each was
//! last used, revoke.

use super::api::{CreateApiToken, RevokeApiToken, list_api_tokens};
use super::{ApiToken, CreatedToken};
use crate::ui::feedback::{FormError, Loading};
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn ApiTokens() -> impl IntoView {
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_tokens(),
    );
    let created = create.value();
    let error = Signal::derive(move || created.get().and_then(|r| r.err()));
    let revoke_error = Signal::derive(move || revoke.value().get().and_then(|r| r.err()));
    view! {
        <section class="card" aria-labelledby="tokens-title">
            <h2 id="tokens-title">"API tokens"</h2>
            <p class="muted">
                "Integrations post metric snapshots to "<code>"POST /api/v1/snapshots"</code>
                " with a token (see \"Ingest API\" in docs/FEATURES.md). A token is shown once, when it is created; Roster keeps only its fingerprint."
            </p>
            <ActionForm action=create attr:class="inline-form" attr:novalidate=true>
                <div class="field">
                    <label for="token-name">"Token name"</label>
                    <input id="token-name" name="name" type="text" required autocomplete="off" placeholder="Analytics sync"/>
                </div>
                <button class="button primary" type="submit" disabled=create.pending()>"Create token"</button>
            </ActionForm>
            <FormError error/>
            {move || created.get().and_then(|r| r.ok()).map(|t: CreatedToken| view! {
                <div class="notice success" role="status">
                    <p>"Copy the token for “"{t.token.name.clone()}"” now: it will not be shown again."</p>
                    <p><input class="copy-link" readonly value=t.secret.clone() aria-label="New API token"/></p>
                </div>
            })}
            <FormError error=revoke_error/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    tokens.await.map(|list| view! { <TokenList list revoke/> })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TokenList(list: Vec<ApiToken>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>"No tokens yet."</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table data-testid="api-tokens">
                <thead><tr>
                    <th scope="col">"Name"</th><th scope="col">"Ends with"</th><th scope="col">"Created"</th>
                    <th scope="col">"Last used"</th><th scope="col">"Status"</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|t| {
                        let id = t.id;
                        let by = t.created_by.map(|n| format!(" by {n}")).unwrap_or_default();
                        view! {
                            <tr>
                                <td>{t.name.clone()}</td>
                                <td><code>{format!("…{}", t.hint)}</code></td>
                                <td>{format!("{}{by}", format::date(&t.created_at))}</td>
                                <td>{t.last_used_at.map(|at| format::date_time(&at)).unwrap_or_else(|| "Never".into())}</td>
                                <td>{match t.revoked_at {
                                    Some(at) => view! { <span class="badge">{format!("Revoked {}", format::date(&at))}</span> }.into_any(),
                                    None => view! {
                                        <button class="button danger" type="button"
                                            aria-label=format!("Revoke {}", t.name)
                                            on:click=move |_| { revoke.dispatch(RevokeApiToken { id }); }
                                        >"Revoke"</button>
                                    }.into_any(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
