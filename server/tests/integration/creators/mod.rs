//! The creator database over HTTP: profiles, channels, search, history, and who may do what.

mod changes;
mod reading;

use crate::common;
use crate::common::TestApp;
use crate::common::creators::{ANA, create, names, search};
use app::creators::Creator;
use app::creators::api::{
    AddChannel, CreateCreator, CreatorHistory, CreatorNiches, DeleteCreator, GetCreator,
    RemoveChannel, SearchCreators, UpdateCreator,
};
use app::domain::history::HistoryEntry;
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
