//! The audit trail's changes: results.

use super::*;

pub(super) fn changes() -> Vec<Change> {
    use Actor::*;
    vec![
        by_steps("RecordReading", Marketing, "metrics.record", |w| {
            Box::pin(async move {
                let r = w
                    .client(Actor::Marketing)
                    .call::<app::metrics::api::RecordReading>(&[
                        ("deliverable_id", &id(w.deliverable)),
                        ("captured_at", "2026-06-01T08:00"),
                        ("counts[views]", "100"),
                    ])
                    .await;
                made(r, id(w.deliverable))
            })
        }),
        by_steps(
            "/campaigns/{id}/readings",
            Marketing,
            "metrics.import",
            |w| {
                Box::pin(async move {
                    let sheet = format!(
                        "deliverable_id,captured_at,reach,likes\n{},2026-05-30,800,30\n",
                        w.deliverable
                    );
                    let r = w
                        .client(Actor::Marketing)
                        .post_bytes(
                            &format!("/campaigns/{}/readings?commit=true", w.campaign),
                            sheet.into_bytes(),
                        )
                        .await;
                    made(r, id(w.campaign))
                })
            },
        ),
    ]
}
