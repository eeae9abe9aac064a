//! Many rows written in one statement.
//!
//! Inserts are written straight from values. For the recorder's 10,000-row batches,
//! sea-query's expression tree (an `Expr` per value, walked, cloned into the parameter
//! list and dropped) cost a tenth of a batch; the statement is plain enough to write here.
//!
//! Updates of rows by key take the new values as one JSON parameter, so the statement has
//! one shape (prepared once) whatever the number of rows. A `CASE id WHEN …` per column
//! changes shape with every batch, and SQLite compares each of its bound constants with
//! every other one while preparing it: a few hundred rows took 20 ms.
//!
//! Table and column names are written as given: pass the schema's own, never input.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};
use std::fmt::Write;

/// Rows per statement: under SQLite's 32,766 bound values at up to 32 columns.
pub const ROWS_PER_STATEMENT: usize = 1_000;

/// `INSERT INTO table (columns) VALUES (…), (…) tail`, one row per `columns.len()` values
/// (`tail`: an `ON CONFLICT` clause, or nothing).
pub fn insert(
    backend: DbBackend,
    table: &str,
    columns: &[&str],
    values: Vec<Value>,
    tail: &str,
) -> Statement {
    debug_assert!(!values.is_empty() && values.len().is_multiple_of(columns.len()));
    let names = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut sql = format!("INSERT INTO \"{table}\" ({names}) VALUES ");
    sql.reserve(values.len() * 7);
    for n in 0..values.len() {
        let row_starts = n.is_multiple_of(columns.len());
        sql.push_str(match (n, row_starts) {
            (0, _) => "(",
            (_, true) => "), (",
            _ => ", ",
        });
        // Writing to a String cannot fail.
        let _ = match backend {
            DbBackend::Postgres => write!(sql, "${}", n + 1),
            _ => write!(sql, "?"),
        };
    }
    sql.push(')');
    if !tail.is_empty() {
        sql.push(' ');
        sql.push_str(tail);
    }
    Statement::from_sql_and_values(backend, sql, values)
}

/// Writes `rows` in statements of [`ROWS_PER_STATEMENT`], each row's values
/// (`columns.len()` of them) pushed by `row`.
pub async fn insert_all<R>(
    db: &impl ConnectionTrait,
    table: &str,
    columns: &[&str],
    rows: &[R],
    tail: &str,
    row: impl Fn(&R, &mut Vec<Value>),
) -> Result<(), DbErr> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut values = Vec::with_capacity(chunk.len() * columns.len());
        for r in chunk {
            row(r, &mut values);
        }
        let backend = db.get_database_backend();
        db.execute_raw(insert(backend, table, columns, values, tail))
            .await?;
    }
    Ok(())
}

/// `ON CONFLICT (key) DO UPDATE SET column = value, …`, each value an SQL expression of the
/// column (`excluded.column` is the row that was refused).
pub fn on_conflict<'a>(key: &[&str], set: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let key = key
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let set = set
        .into_iter()
        .map(|(column, value)| format!("\"{column}\" = {value}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("ON CONFLICT ({key}) DO UPDATE SET {set}")
}

/// `UPDATE table SET column = new value, … WHERE key = row key` for many rows, as one
/// statement with one parameter. Each row is a JSON array: the key (an integer), then a
/// value for each of `columns`, where null keeps what is stored. `columns` pairs each name
/// with its PostgreSQL type, which reads the JSON text back (SQLite needs no cast). Keys
/// must be distinct; times go in as [`time_text`].
pub fn update(
    backend: DbBackend,
    table: &str,
    key: &str,
    columns: &[(&str, &str)],
    rows: &[serde_json::Value],
) -> Statement {
    let field = |n: usize, postgres_type: &str| match backend {
        DbBackend::Postgres => format!("(\"new\".\"value\" ->> {n})::{postgres_type}"),
        _ => format!("\"new\".\"value\" ->> {n}"),
    };
    let set = columns
        .iter()
        .enumerate()
        .map(|(n, (column, postgres_type))| {
            let new = field(n + 1, postgres_type);
            format!("\"{column}\" = COALESCE({new}, \"{table}\".\"{column}\")")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let rows_of = match backend {
        DbBackend::Postgres => "json_array_elements($1::json) AS \"new\" (\"value\")",
        _ => "json_each(?) AS \"new\"",
    };
    let sql = format!(
        "UPDATE \"{table}\" SET {set} FROM {rows_of} WHERE \"{table}\".\"{key}\" = {}",
        field(0, "integer")
    );
    debug_assert!(
        {
            let keys: std::collections::BTreeSet<String> =
                rows.iter().map(|r| r[0].to_string()).collect();
            keys.len() == rows.len()
        },
        "distinct keys (PostgreSQL would take any one row of a repeated key)"
    );
    let json = serde_json::Value::from(rows).to_string();
    Statement::from_sql_and_values(backend, sql, [Value::from(json)])
}

/// A time as [`update`] takes it, as sqlx writes one: in SQLite RFC 3339 text with
/// `+00:00` (stored times compare as text), to PostgreSQL whole microseconds.
pub fn time_text(backend: DbBackend, t: DateTime<Utc>) -> serde_json::Value {
    let t = match backend {
        DbBackend::Postgres => t.trunc_subsecs(6),
        _ => t,
    };
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_with_each_engines_placeholders() {
        let values = vec![1.into(), "a".into(), 2.into(), "b".into()];
        let sqlite = insert(DbBackend::Sqlite, "t", &["id", "name"], values.clone(), "");
        assert_eq!(
            sqlite.sql,
            r#"INSERT INTO "t" ("id", "name") VALUES (?, ?), (?, ?)"#
        );
        assert_eq!(sqlite.values.unwrap().0, values);
        let tail = on_conflict(&["id"], [("name", "excluded.\"name\"".to_string())]);
        let postgres = insert(DbBackend::Postgres, "t", &["id", "name"], values, &tail);
        assert_eq!(
            postgres.sql,
            r#"INSERT INTO "t" ("id", "name") VALUES ($1, $2), ($3, $4) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name""#
        );
    }

    #[test]
    fn a_single_column_row_is_its_own_parentheses() {
        let one = insert(
            DbBackend::Sqlite,
            "t",
            &["id"],
            vec![1.into(), 2.into()],
            "",
        );
        assert_eq!(one.sql, r#"INSERT INTO "t" ("id") VALUES (?), (?)"#);
    }

    #[test]
    fn rows_are_updated_from_one_json_parameter() {
        let rows = [
            serde_json::json!([7, 3, null]),
            serde_json::json!([8, null, "b"]),
        ];
        let columns = [("position", "integer"), ("stage", "text")];
        let sqlite = update(DbBackend::Sqlite, "t", "id", &columns, &rows);
        assert_eq!(
            sqlite.sql,
            r#"UPDATE "t" SET "position" = COALESCE("new"."value" ->> 1, "t"."position"), "stage" = COALESCE("new"."value" ->> 2, "t"."stage") FROM json_each(?) AS "new" WHERE "t"."id" = "new"."value" ->> 0"#
        );
        assert_eq!(
            sqlite.values.unwrap().0,
            [Value::from(r#"[[7,3,null],[8,null,"b"]]"#)]
        );
        let postgres = update(DbBackend::Postgres, "t", "id", &columns, &rows);
        assert_eq!(
            postgres.sql,
            r#"UPDATE "t" SET "position" = COALESCE(("new"."value" ->> 1)::integer, "t"."position"), "stage" = COALESCE(("new"."value" ->> 2)::text, "t"."stage") FROM json_array_elements($1::json) AS "new" ("value") WHERE "t"."id" = ("new"."value" ->> 0)::integer"#
        );
    }

    #[test]
    fn times_are_written_as_sqlx_stores_them() {
        let t = DateTime::parse_from_rfc3339("2026-03-01T09:30:00.25Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            time_text(DbBackend::Sqlite, t),
            "2026-03-01T09:30:00.250+00:00"
        );
        let t = t + chrono::Duration::nanoseconds(1_001);
        assert_eq!(
            time_text(DbBackend::Postgres, t),
            "2026-03-01T09:30:00.250001+00:00"
        );
    }
}
