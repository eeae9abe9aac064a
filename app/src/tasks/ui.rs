//! "My tasks": what the signed-in marketer has to do, overdue first.

use super::api::{CompleteTask, my_tasks};
use super::{Agenda, Task};
use crate::auth::ui::guard::Allow;
use crate::domain::role::Permission;
use crate::domain::task::Urgency;
use crate::ui::feedback::{FormError, Loading, Ready};
use crate::ui::format;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn MyTasksPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::EditCampaigns>
            <MyTasksView/>
        </Allow>
    }
}

#[component]
fn MyTasksView() -> impl IntoView {
    let complete = ServerAction::<CompleteTask>::new();
    let data = Resource::new(move || complete.version().get(), |_| my_tasks());
    let error = Signal::derive(move || complete.value().get().and_then(|r| r.err()));
    view! {
        <Title text="My tasks · Roster"/>
        <header class="page-header">
            <h1>"My tasks"</h1>
            <p class="muted">"Outreach and follow-ups for the creators you own. Tasks close by themselves when the creator moves on."</p>
        </header>
        <FormError error/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                data.await.map(|d| view! { <TaskLists data=d complete/> <Ready/> })
            })}
        </Transition>
    }
}

#[component]
fn TaskLists(data: Agenda, complete: ServerAction<CompleteTask>) -> impl IntoView {
    let now = data.now;
    let group = |urgency: Urgency| -> Vec<Task> {
        data.tasks
            .iter()
            .filter(|t| Urgency::of(t.due_at, now) == urgency)
            .cloned()
            .collect()
    };
    let groups = [Urgency::Overdue, Urgency::Due, Urgency::Upcoming]
        .map(|u| (u, group(u)))
        .into_iter()
        .filter(|(_, tasks)| !tasks.is_empty())
        .collect::<Vec<_>>();
    view! {
        <section class="card" aria-labelledby="tasks-title">
            <h2 id="tasks-title">"Tasks"</h2>
            {groups.is_empty().then(|| view! {
                <p class="muted">"Nothing to do. Moving a creator to Contacted gives their owner an outreach task and follow-ups on day 3 and day 7."</p>
            })}
            {groups.into_iter().map(|(urgency, tasks)| view! {
                <h3 class=format!("task-group {}", urgency.class())>{urgency.label()}" ("{tasks.len()}")"</h3>
                <ul class="task-list">
                    {tasks.into_iter().map(|t| view! { <TaskItem task=t now complete/> }).collect_view()}
                </ul>
            }).collect_view()}
        </section>
    }
}

#[component]
fn TaskItem(task: Task, now: DateTime<Utc>, complete: ServerAction<CompleteTask>) -> impl IntoView {
    let urgency = Urgency::of(task.due_at, now);
    view! {
        <li class="task">
            <div>
                <strong>{task.title.clone()}</strong>
                <span class="muted">
                    " · "<A href=format!("/campaigns/{}/board", task.campaign_id)>{task.campaign_name.clone()}</A>
                </span>
                <div class=format!("when {}", urgency.class())>
                    {urgency.label()}" · "{format::date_time(&task.due_at)}
                </div>
            </div>
            <ActionForm action=complete>
                <input type="hidden" name="id" value=task.id/>
                <button class="button" type="submit" aria-label=format!("Mark done: {}", task.title)>"Done"</button>
            </ActionForm>
        </li>
    }
}
