//! The ten counts are columns of the same names in three tables (snapshots, latest,
//! trend): read here once, by name, for all three.

use crate::domain::metrics::Counts;
use sea_orm::{EntityTrait, ModelTrait, Value};
use std::str::FromStr;

type ColumnOf<E> = <E as EntityTrait>::Column;

/// The counts a row of any of the three tables carries.
pub fn of<M>(model: &M) -> Counts
where
    M: ModelTrait,
    ColumnOf<M::Entity>: FromStr,
{
    let mut counts = Counts::default();
    for field in Counts::FIELDS {
        if let Ok(column) = ColumnOf::<M::Entity>::from_str(field)
            && let Value::BigInt(Some(v)) = model.get(column)
        {
            counts.set(field, v);
        }
    }
    counts
}
