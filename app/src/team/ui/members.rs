//! The members table of the Team page: each colleague's role (changeable), whether they
//! can sign in (deactivate, reactivate) and a password-reset link to send them.

use crate::domain::role::Role;
use crate::team::Member;
use crate::team::api::{ChangeMemberRole, SendMemberResetLink, SetMemberActive};
use crate::ui::feedback::FormError;
use crate::ui::format;
use leptos::prelude::*;

/// The actions of the members table, shared by its rows; the table reloads after each.
#[derive(Clone, Copy)]
pub struct MemberActions {
    pub role: ServerAction<ChangeMemberRole>,
    pub active: ServerAction<SetMemberActive>,
    pub reset: ServerAction<SendMemberResetLink>,
}

impl MemberActions {
    pub fn new() -> Self {
        MemberActions {
            role: ServerAction::new(),
            active: ServerAction::new(),
            reset: ServerAction::new(),
        }
    }

    /// Changes whenever one of them succeeds or fails.
    pub fn version(&self) -> (usize, usize, usize) {
        (
            self.role.version().get(),
            self.active.version().get(),
            self.reset.version().get(),
        )
    }
}

impl Default for MemberActions {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn MemberList(members: Vec<Member>, me: i32, actions: MemberActions) -> impl IntoView {
    let error = Signal::derive(move || {
        [
            actions.role.value().get().and_then(|r| r.err()),
            actions.active.value().get().and_then(|r| r.err()),
            actions.reset.value().get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .next()
    });
    let reset_sent = move || actions.reset.value().get().and_then(|r| r.ok());
    view! {
        <section class="card" aria-labelledby="members-title">
            <h2 id="members-title">"Members"</h2>
            <FormError error/>
            {move || reset_sent().map(|to| view! {
                <p class="notice success" role="status">{format!("A link to choose a new password is on its way to {to}.")}</p>
            })}
            <div class="table-wrap">
                <table class="members">
                    <thead><tr>
                        <th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th>
                        <th scope="col">"Joined"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr></thead>
                    <tbody>
                        {members.into_iter().map(|m| {
                            let is_me = m.id == me;
                            view! { <MemberRow m is_me actions/> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn MemberRow(m: Member, is_me: bool, actions: MemberActions) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let question = StoredValue::new(format!(
        "Sign {} out everywhere and block their access?",
        m.name
    ));
    let role_label = format!("Role of {}", m.name);
    let row_class = if m.active { "" } else { "inactive" };
    view! {
        <tr class=row_class>
            <td>
                {m.name.clone()}
                {is_me.then(|| view! { <span class="muted">" (you)"</span> })}
                {(!m.active).then(|| view! { <span class="badge status-revoked">"Deactivated"</span> })}
            </td>
            <td>{m.email.clone()}</td>
            <td>
                {if m.role.is_staff() && m.active {
                    view! {
                        <ActionForm action=actions.role attr:class="inline-form">
                            <input type="hidden" name="member_id" value=m.id/>
                            <select name="role" aria-label=role_label>
                                {Role::ALL.into_iter().filter(|r| r.is_staff()).map(|r| view! {
                                    <option value=r.as_str() selected=r == m.role>{r.label()}</option>
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button subtle">"Change"</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <span class="badge">{m.role.label()}</span> }.into_any()
                }}
            </td>
            <td>{format::date(&m.joined_at)}</td>
            <td class="row-actions">
                {(!is_me).then(|| if m.active {
                    view! {
                        <ActionForm action=actions.reset attr:class="inline-form">
                            <input type="hidden" name="member_id" value=m.id/>
                            <button type="submit" class="button subtle"
                                aria-label=format!("Send reset link to {}", m.name)>"Send reset link"</button>
                        </ActionForm>
                        <Show
                            when=move || confirming.get()
                            fallback=move || view! {
                                <button type="button" class="button subtle danger"
                                    on:click=move |_| confirming.set(true)>"Deactivate"</button>
                            }
                        >
                            <ActionForm action=actions.active attr:class="inline-form confirm">
                                <input type="hidden" name="member_id" value=m.id/>
                                <input type="hidden" name="active" value="false"/>
                                <span>{question.get_value()}</span>
                                <button type="submit" class="button danger">"Deactivate"</button>
                                <button type="button" class="button subtle" on:click=move |_| confirming.set(false)>"Cancel"</button>
                            </ActionForm>
                        </Show>
                    }.into_any()
                } else {
                    view! {
                        <ActionForm action=actions.active attr:class="inline-form">
                            <input type="hidden" name="member_id" value=m.id/>
                            <input type="hidden" name="active" value="true"/>
                            <button type="submit" class="button subtle"
                                aria-label=format!("Reactivate {}", m.name)>"Reactivate"</button>
                        </ActionForm>
                    }.into_any()
                })}
            </td>
        </tr>
    }
}
