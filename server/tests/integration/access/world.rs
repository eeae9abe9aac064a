//! The data every row's ids point at: the demo organization with a campaign in full swing
//! (Ana's collaboration, linked to the demo creator's account: an accepted agreement, a
//! draft with a comment, a payment, an upload), and a second organization with its admin.

use super::Actor;
use crate::common::portal::{self, CREATOR, MARKETING};
use crate::common::{self, Client, PUBLIC_URL, TestApp};
use app::db::{agreement, notification, outbox_message, task};
use app::deliverables::types::DraftVersionView;
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::BTreeSet;

pub struct World {
    pub app: TestApp,
    /// The demo organization, whose data the ids point at.
    organization: i32,
    cookies: Vec<(Actor, Option<String>)>,
    pub campaign: i32,
    pub entry: i32,
    pub entry_version: i32,
    pub creator: i32,
    pub creator_version: i32,
    pub channel: i32,
    pub deliverable: i32,
    pub draft_version: i32,
    pub thread: i32,
    pub agreement: i32,
    pub payment: i32,
    pub payment_version: i32,
    /// An upload not yet in a draft (its creator's alone).
    pub upload: i32,
    /// A file of the submitted draft.
    pub media: i32,
    pub task: i32,
    pub invitation: i32,
    pub invitation_token: String,
    pub outbox_message: i32,
    pub api_token: i32,
    pub notification: i32,
    pub import: i32,
    pub marketer_id: i32,
    /// The other organization's collaboration, for ids that mix the two.
    pub theirs: Theirs,
}

/// The other organization's creator (the "other creator" account) in a collaboration of
/// its own: a channel, a submitted draft with a comment, an upload not yet in a draft.
pub struct Theirs {
    pub channel: i32,
    pub deliverable: i32,
    pub draft_version: i32,
    pub thread: i32,
    pub upload: i32,
}

impl Theirs {
    async fn build(app: &TestApp, admin: &mut Client, creator: &mut Client) -> Self {
        let (_, entries) = crate::common::pipeline::board(admin).await;
        let tia = portal::entry_of(&entries, "Ana");
        let r = admin
            .call::<app::creators::api::AddChannel>(&[
                ("id", &tia.creator_id.to_string()),
                (
                    "version",
                    &portal::profile(app, tia.creator_id)
                        .await
                        .version
                        .to_string(),
                ),
                ("input[platform]", "instagram"),
                ("input[handle]", "tia.trails"),
                ("input[followers]", "9000"),
            ])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let channel = r.json::<app::creators::Creator>().channels[0].id;
        let account = portal::account(app, "stranger@creators.example")
            .await
            .unwrap();
        portal::change_profile(app, tia.creator_id, |row| {
            row.user_id = sea_orm::Set(Some(account.id));
        })
        .await;
        let tia = portal::move_to(admin, &tia, app::domain::pipeline::Stage::Contacted).await;
        let tia = portal::move_to(admin, &tia, app::domain::pipeline::Stage::Negotiating).await;
        portal::onboard(creator).await;
        let a: app::agreements::AgreementView =
            portal::send_agreement(admin, tia.id, "400").await.json();
        assert_eq!(
            portal::accept(creator, &a, "Ana Lima").await.status,
            StatusCode::OK
        );
        let seen: app::collaboration::Collaboration = creator
            .call::<app::collaboration::api::GetCollaboration>(&[("entry_id", &tia.id.to_string())])
            .await
            .json();
        let deliverable = seen.deliverables[0].id;
        let r = portal::upload(creator, deliverable, "theirs.png", portal::png(24)).await;
        let first = r.json::<app::deliverables::types::UploadedFile>().id;
        let r = portal::submit(
            creator,
            deliverable,
            "Trail day with the new jacket",
            &[first],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let version: DraftVersionView = r.json();
        let r = portal::upload(creator, deliverable, "later.png", portal::png(40)).await;
        let upload = r.json::<app::deliverables::types::UploadedFile>().id;
        let r = crate::reviews::comment_on(admin, &version, "new jacket", "Which jacket?").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let thread = crate::reviews::review(admin, deliverable).await.threads[0].id;
        Theirs {
            channel,
            deliverable,
            draft_version: version.id,
            thread,
            upload,
        }
    }
}

/// The plain routes, read from `routes.rs` as written there.
pub fn plain_routes() -> BTreeSet<String> {
    let source = include_str!("../../../src/routes.rs");
    source
        .split(".route(")
        .skip(1)
        .filter_map(|rest| rest.trim_start().strip_prefix('"'))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

fn token_in(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_string()
}

impl World {
    pub async fn build() -> Self {
        // With a mail server, so every emailed link (invitation, reset) is a real one.
        let app = TestApp::tuned(|s| s.mail_server = true).await;
        let mut m = app.signed_in(MARKETING).await;
        let mut sam = app.signed_in(CREATOR).await;
        let (ana, deliverable) = portal::deliverable(&app, &mut m, &mut sam).await;

        let r = portal::upload(&mut sam, deliverable, "first.png", portal::png(16)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let first_upload = r.json::<app::deliverables::types::UploadedFile>().id;
        let r = portal::submit(
            &mut sam,
            deliverable,
            "Morning run with the new shoes",
            &[first_upload],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let version: DraftVersionView = r.json();
        // An upload not yet in any draft.
        let r = portal::upload(&mut sam, deliverable, "second.png", portal::png(32)).await;
        let upload = r.json::<app::deliverables::types::UploadedFile>().id;

        let mut leo = app.signed_in(portal::LEGAL).await;
        let r = crate::reviews::comment_on(&mut leo, &version, "new shoes", "Name the model").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let review = crate::reviews::review(&mut leo, deliverable).await;
        let thread = review.threads[0].id;

        // Contracted (accepting the agreement changed the card), so it can be paid.
        let mut contracted = ana.clone();
        contracted.version = app::db::pipeline_entry::Entity::find_by_id(ana.id)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
            .version;
        portal::move_to(
            &mut m,
            &contracted,
            app::domain::pipeline::Stage::Contracted,
        )
        .await;
        let r = m
            .call::<app::payments::api::SchedulePayment>(&[
                ("entry_id", &ana.id.to_string()),
                ("amount", "250"),
                ("due_on", "2026-06-01"),
            ])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let payment: app::payments::PaymentView = r.json();

        let mut admin = app.signed_in("admin@roster.example").await;
        let r = admin
            .call::<app::creators::api::AddChannel>(&[
                ("id", &ana.creator_id.to_string()),
                (
                    "version",
                    &portal::profile(&app, ana.creator_id)
                        .await
                        .version
                        .to_string(),
                ),
                ("input[platform]", "instagram"),
                ("input[handle]", "ana.runs"),
                ("input[followers]", "12000"),
            ])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let creator: app::creators::Creator = r.json();

        let r = admin
            .call::<app::team::api::InviteMember>(&[
                ("email", "new.colleague@example.com"),
                ("name", "New Colleague"),
                ("role", "legal"),
            ])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let invitation = r.json::<app::team::SentInvitation>().invitation.id;
        let invitation_email = newest_mail(&app, "new.colleague@example.com").await;

        let r = m
            .post_bytes(
                "/creators/import/upload?name=more.csv",
                b"name,email\nDora Diaz,dora@example.com\n".to_vec(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let import = r.json::<app::creators::import::ImportPreview>().id;

        let r = admin
            .call::<app::api_tokens::api::CreateApiToken>(&[("name", "Sync")])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let api_token = r.json::<app::api_tokens::CreatedToken>().token.id;
        // An email of the organization's outbox (the brief sent to Ana, say).
        let outbox_message = outbox_message::Entity::find()
            .filter(outbox_message::Column::OrganizationId.is_not_null())
            .one(&app.state.db)
            .await
            .unwrap()
            .expect("an email in the organization's outbox")
            .id;

        let task = task::Entity::find()
            .order_by_asc(task::Column::Id)
            .one(&app.state.db)
            .await
            .unwrap()
            .map_or(0, |t| t.id);
        let sam_account = portal::account(&app, CREATOR).await.unwrap();
        let notification = notification::Entity::find()
            .filter(notification::Column::UserId.eq(sam_account.id))
            .one(&app.state.db)
            .await
            .unwrap()
            .map_or(0, |n| n.id);

        let mut stranger = portal::another_creator(&app).await;
        let outsider_email = common::other_organization_admin(&app).await;
        let mut outsider = app
            .signed_in_with(&outsider_email, "other admin password")
            .await;
        let theirs = Theirs::build(&app, &mut outsider, &mut stranger).await;
        let mut cookies = vec![
            (Actor::Anonymous, None),
            (Actor::Owner, sam.cookie.clone()),
            (Actor::OtherCreator, stranger.cookie.clone()),
            (Actor::Marketing, m.cookie.clone()),
            (Actor::Legal, leo.cookie.clone()),
            (Actor::Admin, admin.cookie.clone()),
            (Actor::Outsider, outsider.cookie.clone()),
        ];
        let director = app.signed_in("director@roster.example").await;
        cookies.push((Actor::Director, director.cookie.clone()));

        let entry = crate::common::pipeline::entries_of(&mut m, ana.campaign_id)
            .await
            .into_iter()
            .find(|e| e.id == ana.id)
            .unwrap();
        let marketer = portal::account(&app, MARKETING).await.unwrap();
        let (marketer_id, organization) = (marketer.id, marketer.organization_id.unwrap());
        World {
            campaign: ana.campaign_id,
            entry: entry.id,
            entry_version: entry.version,
            creator: creator.id,
            creator_version: creator.version,
            channel: creator.channels[0].id,
            deliverable,
            draft_version: version.id,
            thread,
            agreement: agreement::Entity::find()
                .one(&app.state.db)
                .await
                .unwrap()
                .expect("Ana's agreement")
                .id,
            payment: payment.id,
            payment_version: payment.version,
            upload,
            media: first_upload,
            task,
            invitation,
            invitation_token: token_in(&invitation_email.link),
            outbox_message,
            api_token,
            notification,
            import,
            marketer_id,
            organization,
            theirs,
            cookies,
            app,
        }
    }

    pub fn organization(&self) -> i32 {
        self.organization
    }

    /// A client signed in as `actor` (the world's own session of them).
    pub fn client(&self, actor: Actor) -> Client {
        let mut c = self.app.client();
        c.cookie = self
            .cookies
            .iter()
            .find(|(a, _)| *a == actor)
            .and_then(|(_, cookie)| cookie.clone());
        c
    }
}

async fn newest_mail(app: &TestApp, to: &str) -> outbox_message::Model {
    let m = outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq(to))
        .order_by_desc(outbox_message::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("an email to {to}"));
    assert!(m.link.starts_with(PUBLIC_URL), "{}", m.link);
    m
}
