//! The admin's team page: members, invitations (send, revoke), API tokens and the email
//! outbox.

use crate::api_tokens::ui::ApiTokens;
use crate::auth::ui::guard::{Allow, use_user};
use crate::domain::invitation::InvitationStatus;
use crate::domain::role::{Permission, Role};
use crate::team::api::{InviteMember, RevokeInvitation, get_team};
use crate::team::ui::members::{MemberActions, MemberList};
use crate::team::ui::outbox::Outbox;
use crate::team::{Invitation, SentInvitation};
use crate::ui::feedback::{EmptyState, FormError, Loading};
use crate::ui::format;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TeamPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::ManageTeam>
            <TeamContent/>
        </Allow>
    }
}

#[component]
fn TeamContent() -> impl IntoView {
    let invite = ServerAction::<InviteMember>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let members = MemberActions::new();
    let me = use_user().id;
    let team = Resource::new(
        move || {
            (
                invite.version().get(),
                revoke.version().get(),
                members.version(),
            )
        },
        |_| get_team(),
    );

    view! {
        <Title text="Team · Roster"/>
        <header class="page-header">
            <h1>"Team"</h1>
            <p class="muted">"Invite colleagues and creators. Each invitation link works once, for 7 days."</p>
        </header>
        <InviteForm invite/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                team.await.map(|team| view! {
                    <MemberList members=team.members me=me actions=members/>
                    <InvitationList invitations=team.invitations revoke/>
                })
            })}
        </Transition>
        <ApiTokens/>
        <Outbox sent=invite.version()/>
    }
}

#[component]
fn InviteForm(invite: ServerAction<InviteMember>) -> impl IntoView {
    let result = invite.value();
    let error = Signal::derive(move || result.get().and_then(|r| r.err()));
    let sent = move || result.get().and_then(|r| r.ok());
    let field = move |name: &'static str| move || error.get().and_then(|e| e.field(name));
    // A sent invitation clears the form for the next one.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(result.get(), Some(Ok(_)))
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });
    view! {
        <section class="card" aria-labelledby="invite-title">
            <h2 id="invite-title">"Invite someone"</h2>
            <ActionForm action=invite node_ref=form attr:class="invite-form" attr:novalidate=true>
                <div class="field">
                    <label for="invite-email">"Email"</label>
                    <input id="invite-email" name="email" type="email" required autocomplete="off"/>
                    <p class="field-error">{field("email")}</p>
                </div>
                <div class="field">
                    <label for="invite-name">"Name"</label>
                    <input id="invite-name" name="name" type="text" required autocomplete="off"/>
                    <p class="field-error">{field("name")}</p>
                </div>
                <div class="field">
                    <label for="invite-role">"Role"</label>
                    <select id="invite-role" name="role">
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=r == Role::Marketing>{r.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button class="button primary" type="submit" disabled=invite.pending()>"Send invitation"</button>
            </ActionForm>
            <FormError error=Signal::derive(move || error.get().filter(|e| e.field("email").is_none() && e.field("name").is_none()))/>
            {move || sent().map(|s: SentInvitation| view! {
                <div class="notice success" role="status">
                    {match s.link {
                        Some(link) => view! {
                            <p>
                                "Invitation for " <strong>{s.invitation.email.clone()}</strong>
                                " is in the outbox. Until email sending is set up, share this link with them:"
                            </p>
                            <p><input class="copy-link" readonly value=link aria-label="Invitation link"/></p>
                        }.into_any(),
                        None => view! {
                            <p>
                                "Invitation sent to " <strong>{s.invitation.email.clone()}</strong>
                                " by email. The link goes to them alone, so using it proves the address is theirs."
                            </p>
                        }.into_any(),
                    }}
                </div>
            })}
        </section>
    }
}

#[component]
fn InvitationList(
    invitations: Vec<Invitation>,
    revoke: ServerAction<RevokeInvitation>,
) -> impl IntoView {
    let error = Signal::derive(move || revoke.value().get().and_then(|r| r.err()));
    view! {
        <section class="card" aria-labelledby="invitations-title">
            <h2 id="invitations-title">"Invitations"</h2>
            <FormError error/>
            {if invitations.is_empty() {
                view! {
                    <EmptyState title="No invitations yet">
                        <p>"Invite your first colleague or creator with the form above."</p>
                    </EmptyState>
                }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <thead><tr>
                                <th scope="col">"Email"</th><th scope="col">"Name"</th><th scope="col">"Role"</th>
                                <th scope="col">"Status"</th><th scope="col">"Expires"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr></thead>
                            <tbody>
                                {invitations.into_iter().map(|i| {
                                    let pending = i.status == InvitationStatus::Pending;
                                    let status_class = format!("badge status-{}", i.status.label().to_lowercase());
                                    view! {
                                        <tr>
                                            <td>{i.email.clone()}</td>
                                            <td>{i.name.clone()}</td>
                                            <td>{i.role.label()}</td>
                                            <td><span class=status_class>{i.status.label()}</span></td>
                                            <td>{format::date(&i.expires_at)}</td>
                                            <td>
                                                {pending.then(|| view! {
                                                    <ActionForm action=revoke>
                                                        <input type="hidden" name="id" value=i.id/>
                                                        <button type="submit" class="button subtle"
                                                            aria-label=format!("Revoke the invitation of {}", i.email)>
                                                            "Revoke"
                                                        </button>
                                                    </ActionForm>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
