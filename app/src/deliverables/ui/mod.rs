//! The pages of a deliverable: the creator's (upload, feedback, live link), the reviewers'
//! (caption and media with their threads, checks, lanes) and the review queue. What the
//! review page's parts share lives in `state`.

pub mod caption;
pub mod draft_page;
pub mod lanes;
pub mod queue;
pub mod review_page;
pub mod state;
pub mod threads;
pub mod uploader;
