//! Pure domain rules: no Leptos, no database. Everything here is unit-tested.

pub mod clock;
pub mod invitation;
pub mod role;
pub mod text;
pub mod validate;
