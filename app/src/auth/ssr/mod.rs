//! Server side of auth: the caller of a server function, password hashing, sign-in.

mod login;
pub mod password;
pub mod token;

pub use login::{LOCKOUT_MINUTES, MAX_FAILURES, authenticate};

use super::CurrentUser;
use crate::db::{organization, session, user};
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::state::AppState;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use tower_sessions::Session;

/// The session key holding the signed-in user's id.
pub const USER_ID_KEY: &str = "user_id";

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

/// The context of one server-function call: shared state, the session, the client address.
pub struct Caller {
    pub state: AppState,
    pub session: Session,
    pub ip: Option<String>,
}

impl Caller {
    /// Reads the caller from the Leptos context that the axum integration provides.
    pub async fn from_context() -> Result<Self, AppError> {
        use leptos::prelude::use_context;
        let state = use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from context");
            AppError::Internal
        })?;
        let session = leptos_axum::extract::<Session>().await.map_err(|e| {
            tracing::error!(error = %e, "session layer missing");
            AppError::Internal
        })?;
        let ip = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .await
            .ok()
            .map(|info| info.0.ip().to_string());
        Ok(Caller { state, session, ip })
    }

    pub async fn user(&self) -> Result<Option<CurrentUser>, AppError> {
        let id: Option<i32> = self.session.get(USER_ID_KEY).await.map_err(|e| {
            tracing::error!(error = %e, "session read failed");
            AppError::Internal
        })?;
        match id {
            Some(id) => load_current_user(&self.state.db, id).await,
            None => Ok(None),
        }
    }

    /// The signed-in user, if their role grants `permission`.
    pub async fn require(&self, permission: Permission) -> Result<CurrentUser, AppError> {
        let user = self.user().await?.ok_or(AppError::Unauthenticated)?;
        if user.can(permission) {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Starts an authenticated session under a fresh id (no session fixation).
    pub async fn sign_in(&self, user_id: i32) -> Result<(), AppError> {
        let fail = |e: tower_sessions::session::Error| {
            tracing::error!(error = %e, "session write failed");
            AppError::Internal
        };
        self.session.cycle_id().await.map_err(fail)?;
        self.session
            .insert(USER_ID_KEY, user_id)
            .await
            .map_err(fail)
    }

    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.session.flush().await.map_err(|e| {
            tracing::error!(error = %e, "session flush failed");
            AppError::Internal
        })
    }
}

pub async fn load_current_user(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(u) = user::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let organization_name = match u.organization_id {
        Some(org) => organization::Entity::find_by_id(org)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    Ok(Some(CurrentUser {
        id: u.id,
        role: u.role(),
        name: u.name,
        email: u.email,
        organization_id: u.organization_id,
        organization_name,
    }))
}

/// Ends every session of a user, on every device.
pub async fn end_all_sessions(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, AppError> {
    let res = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Gives a server function's error its HTTP status and logs what needs logging.
/// Every server function ends with `reply(...)`.
pub fn reply<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(err.status())
    {
        res.set_status(status);
    }
    result
}
