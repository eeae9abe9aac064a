//! The pipeline's pages: the board (columns of creator cards moved by mouse, touch or
//! keyboard, saved at once and kept live) and the summary on the campaign page.

pub mod board_page;
mod card;
mod column;
mod gesture;
mod live;
mod state;
pub mod summary;
