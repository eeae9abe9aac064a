//! The results after a restart: every reading recorded once, and ingest batches whole.

use super::*;

fn counts_of_snapshot(s: &metric_snapshot::Model) -> Counts {
    [
        s.impressions,
        s.reach,
        s.views,
        s.likes,
        s.comments,
        s.shares,
        s.saves,
        s.clicks,
        s.conversions,
        s.revenue_minor,
    ]
}

/// The latest and trend tables equal a recomputation from the snapshots: a deliverable's
/// latest is its last snapshot (by capture time, then insertion); a campaign's trend on a
/// day is the sum of the changes its snapshots of that day (UTC) made to their
/// deliverables. Also answers the readings per second, to find the batches in.
pub async fn metrics(db: &DatabaseConnection) -> Result<HashMap<i64, usize>, String> {
    let snapshots = metric_snapshot::Entity::find()
        .order_by_asc(metric_snapshot::Column::DeliverableId)
        .order_by_asc(metric_snapshot::Column::CapturedMicros)
        .order_by_asc(metric_snapshot::Column::Id)
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    let mut latest: HashMap<i32, (i64, i32, Counts)> = HashMap::new();
    let mut trend: BTreeMap<(i32, chrono::NaiveDate), Counts> = BTreeMap::new();
    let mut per_second: HashMap<i64, usize> = HashMap::new();
    for s in &snapshots {
        *per_second
            .entry(s.captured_micros.div_euclid(1_000_000))
            .or_default() += 1;
        let counts = counts_of_snapshot(s);
        let before = latest.get(&s.deliverable_id).map_or([0; 10], |l| l.2);
        let day = s.captured_at.date_naive();
        let sum = trend.entry((s.campaign_id, day)).or_insert([0; 10]);
        for i in 0..10 {
            sum[i] += counts[i] - before[i];
        }
        latest.insert(s.deliverable_id, (s.captured_micros, s.campaign_id, counts));
    }
    let stored = metric_latest::Entity::find()
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    if stored.len() != latest.len() {
        return Err(format!(
            "{} latest rows for {} deliverables with readings",
            stored.len(),
            latest.len()
        ));
    }
    for l in &stored {
        let counts = [
            l.impressions,
            l.reach,
            l.views,
            l.likes,
            l.comments,
            l.shares,
            l.saves,
            l.clicks,
            l.conversions,
            l.revenue_minor,
        ];
        let want = latest.get(&l.deliverable_id);
        if want != Some(&(l.captured_at.timestamp_micros(), l.campaign_id, counts)) {
            return Err(format!(
                "deliverable {}'s latest is {:?}, its snapshots say {want:?}",
                l.deliverable_id,
                (l.captured_at, counts)
            ));
        }
    }
    let stored: BTreeMap<(i32, chrono::NaiveDate), Counts> = metric_trend::Entity::find()
        .all(db)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|t| {
            let counts = [
                t.impressions,
                t.reach,
                t.views,
                t.likes,
                t.comments,
                t.shares,
                t.saves,
                t.clicks,
                t.conversions,
                t.revenue_minor,
            ];
            ((t.campaign_id, t.day), counts)
        })
        .filter(|(_, c)| c.iter().any(|n| *n != 0))
        .collect();
    trend.retain(|_, c| c.iter().any(|n| *n != 0));
    if stored != trend {
        let wrong = trend
            .iter()
            .find(|(k, v)| stored.get(k) != Some(v))
            .map(|(k, v)| format!("{k:?}: {:?}, recomputed {v:?}", stored.get(k)));
        return Err(format!(
            "the trend differs from its recomputation ({} rows stored, {} recomputed): {}",
            stored.len(),
            trend.len(),
            wrong.unwrap_or_else(|| "a stored row has no recomputed counterpart".into())
        ));
    }
    Ok(per_second)
}

/// An answered batch is there whole; an unanswered one is whole or absent.
pub async fn batches(
    db: &DatabaseConnection,
    ledger: &Ledger,
    per_second: &HashMap<i64, usize>,
) -> Checked {
    let keys: HashSet<String> = ingest_batch::Entity::find()
        .all(db)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|b| b.idempotency_key)
        .collect();
    for b in &ledger.batches {
        let rows = per_second
            .get(&(b.window_micros / 1_000_000))
            .copied()
            .unwrap_or(0);
        let kept = keys.contains(&b.key);
        let whole = kept && rows == BATCH_ROWS;
        let absent = !kept && rows == 0;
        if b.answer.is_some() && !whole {
            return fail(format!(
                "answered batch {}: key kept {kept}, {rows} of {BATCH_ROWS} readings",
                b.key
            ));
        }
        if !whole && !absent {
            return fail(format!(
                "unanswered batch {} half-written: key kept {kept}, {rows} of {BATCH_ROWS} readings",
                b.key
            ));
        }
    }
    Ok(())
}
