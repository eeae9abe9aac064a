//! Server side of auth: signing in, passwords and their resets, email confirmation,
//! two-factor sign-in. Who is calling a server function is `platform::caller`.

pub mod account;
pub mod email;
mod login;
pub mod reset;
mod sign_in;
pub mod two_factor;

pub use login::{authenticate, recheck_password};
pub use reset::{AskedBy, send_link};
