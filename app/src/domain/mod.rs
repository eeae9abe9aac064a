//! Pure domain rules: no Leptos, no database. Everything here is unit-tested.

pub mod agreement;
pub mod anchor;
pub mod brief;
pub mod campaign;
pub mod clock;
pub mod compliance;
pub mod creator;
pub mod creator_filter;
pub mod csv_safety;
pub mod delivery;
pub mod diff;
pub mod invitation;
pub mod media;
pub mod metrics;
pub mod money;
pub mod notice;
pub mod payment;
pub mod pipeline;
pub mod reminder;
pub mod review;
pub mod role;
pub mod task;
pub mod text;
pub mod text_diff;
pub mod utm;
pub mod validate;
