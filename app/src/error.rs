//! The one error type every server function returns. It crosses the wire as JSON so the UI
//! can show a precise message; internal details stay in the server log.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A problem with one input field, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You do not have permission to do that.")]
    Forbidden,
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("{}", join_messages(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// Seconds to wait.
    #[error("Too many attempts. Try again in {}.", crate::domain::throttle::describe(*.0))]
    RateLimited(u32),
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The request never reached our code (network down, bad encoding).
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

fn join_messages(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    /// The message for one field, if this error is about it.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status that best describes this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound(_) => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited(_) => 429,
            AppError::Internal => 500,
            AppError::Transport(_) => 400,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server this means the request itself was malformed (bad arguments):
        // answer 400, not the framework's default 500.
        #[cfg(feature = "ssr")]
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::BAD_REQUEST);
        }
        AppError::Transport(value.to_string())
    }
}

/// Collects field errors so a form reports every problem at once, not one per submit.
#[derive(Debug, Default)]
pub struct Validation(Vec<FieldError>);

impl Validation {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn check(&mut self, ok: bool, field: &str, message: &str) -> &mut Self {
        if !ok {
            self.0.push(FieldError {
                field: field.to_string(),
                message: message.to_string(),
            });
        }
        self
    }

    pub fn add(&mut self, field: &str, result: Result<(), String>) -> &mut Self {
        if let Err(message) = result {
            self.0.push(FieldError {
                field: field.to_string(),
                message,
            });
        }
        self
    }

    /// Keeps the value of a parsed field, or records why it could not be parsed.
    pub fn take<T>(&mut self, field: impl Into<String>, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.0.push(FieldError {
                    field: field.into(),
                    message,
                });
                None
            }
        }
    }

    /// The problems found so far (CSV import lists them per row).
    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }

    pub fn finish(&mut self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(std::mem::take(&mut self.0)))
        }
    }
}

/// Plain axum routes (file upload and download) answer errors the way server functions do:
/// the status, and the error as JSON.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status =
            http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::BAD_REQUEST);
        (status, axum::Json(self)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_reports_every_failed_field() {
        let err = Validation::new()
            .check(false, "email", "Enter an email address.")
            .check(true, "name", "unused")
            .check(false, "password", "Too short.")
            .finish()
            .unwrap_err();
        assert_eq!(
            err.field("email").as_deref(),
            Some("Enter an email address.")
        );
        assert_eq!(err.field("password").as_deref(), Some("Too short."));
        assert_eq!(err.field("name"), None);
        assert_eq!(err.to_string(), "Enter an email address. Too short.");
        assert_eq!(err.status(), 422);
    }

    #[test]
    fn errors_survive_the_wire() {
        let err = AppError::invalid("email", "Bad.");
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), err);
    }
}
