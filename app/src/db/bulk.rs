//! Multi-row inserts written straight from values. For the recorder's 10,000-row batches,
//! sea-query's expression tree (an `Expr` per value, walked, cloned into the parameter
//! list and dropped) cost a tenth of a batch; the statement is plain enough to write here.
//! Table and column names are written as given: pass the schema's own, never input.

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
}
