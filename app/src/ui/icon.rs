//! The app's icons, drawn inline as SVG in the text's colour, so they look the same on
//! every system (an emoji or a symbol needs a font that has it; without one, a box shows).
//! Each is decorative: the control around it carries the words for screen readers.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconName {
    /// Notifications.
    Bell,
    /// The menu on narrow screens.
    Menu,
    /// A check that passed.
    Check,
    /// A check that failed.
    Cross,
    /// Connected (filled dot).
    Connected,
    /// Not connected yet (hollow dot).
    Waiting,
}

impl IconName {
    /// The drawing, on a 24 × 24 grid.
    fn shapes(self) -> AnyView {
        match self {
            IconName::Bell => view! {
                <path d="M12 3.5a5 5 0 0 0-5 5v3.8L5 16.5h14l-2-4.2V8.5a5 5 0 0 0-5-5z"/>
                <path d="M10 19.5a2 2 0 0 0 4 0"/>
            }
            .into_any(),
            IconName::Menu => view! { <path d="M4 6.5h16M4 12h16M4 17.5h16"/> }.into_any(),
            IconName::Check => view! { <path d="M5 12.5l4.5 4.5L19 7.5"/> }.into_any(),
            IconName::Cross => view! { <path d="M6.5 6.5l11 11M17.5 6.5l-11 11"/> }.into_any(),
            IconName::Connected => {
                view! { <circle cx="12" cy="12" r="5" fill="currentColor"/> }.into_any()
            }
            IconName::Waiting => view! { <circle cx="12" cy="12" r="5"/> }.into_any(),
        }
    }
}

#[component]
pub fn Icon(name: IconName) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            {name.shapes()}
        </svg>
    }
}
