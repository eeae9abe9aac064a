//! The bell in the top bar of both shells: the unread count, live, and a panel with the
//! latest notifications. Opening one marks it read; "Mark all read" clears the count.

use crate::notifications::api::{ReadNotifications, my_notifications};
use crate::notifications::{Inbox, MyEvents, Notification};
use crate::ui::format;
use crate::ui::icon::{Icon, IconName};
use leptos::prelude::*;

#[component]
pub fn Bell(
    /// The account page, where email settings are.
    account: &'static str,
) -> impl IntoView {
    let arrived = MyEvents::changed();
    let read = ServerAction::<ReadNotifications>::new();
    let inbox = Resource::new(
        move || (arrived.get(), read.version().get()),
        |_| my_notifications(),
    );
    let open = RwSignal::new(false);
    // Only the count and the list wait for the data: the button stays, focus and all.
    let count = move || {
        Suspend::new(async move {
            inbox.await.ok().filter(|i| i.unread > 0).map(|i| {
                view! {
                    <span class="bell-count">{i.unread}</span>
                    <span class="visually-hidden">" unread"</span>
                }
            })
        })
    };
    view! {
        <div class="bell" on:keydown=move |e| if e.key() == "Escape" { open.set(false) }>
            <button
                type="button"
                class="bell-button"
                aria-controls="notification-panel"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <Icon name=IconName::Bell/>
                <span class="visually-hidden">"Notifications "</span>
                <Transition fallback=|| ()>{count}</Transition>
            </button>
            <div id="notification-panel" class="bell-panel" hidden=move || !open.get()>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        inbox.await.map(|i| view! { <Latest inbox=i read open/> })
                    })}
                </Transition>
                <a class="bell-settings" href=account on:click=move |_| open.set(false)>"Email settings"</a>
            </div>
        </div>
    }
}

#[component]
fn Latest(
    inbox: Inbox,
    read: ServerAction<ReadNotifications>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let header = view! {
        <header class="with-actions">
            <h2>"Notifications"</h2>
            {(inbox.unread > 0).then(|| view! {
                <button type="button" class="button subtle" on:click=move |_| {
                    read.dispatch(ReadNotifications { id: None });
                }>"Mark all read"</button>
            })}
        </header>
    };
    if inbox.recent.is_empty() {
        return view! { {header} <p class="muted">"Nothing yet."</p> }.into_any();
    }
    view! {
        {header}
        <ul class="notification-list">
            {inbox.recent.into_iter().map(|n: Notification| {
                let id = n.id;
                let unread = !n.read;
                view! {
                    <li class:unread=unread>
                        <a href=n.link on:click=move |_| {
                            open.set(false);
                            if unread {
                                read.dispatch(ReadNotifications { id: Some(id) });
                            }
                        }>{n.title}</a>
                        <span class="muted">{format::date_time(&n.created_at)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
