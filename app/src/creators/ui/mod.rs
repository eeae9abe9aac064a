//! Creator pages: the searchable list (with shortlisting), a profile, the form, CSV import.

pub mod form;
pub mod import;
pub mod list;
pub mod profile;
