//! Many rows as one JSON value.
//!
//! Out: sqlx hands SQLite's rows over from its worker thread one at a time, which for
//! thousands of rows takes longer than the query. Aggregated into one JSON array
//! (`json_group_array`, `json_agg`), they come over as one value.
//!
//! In, for ids and other keys: `IN (?, ?, …)` binds each on its own and changes shape with
//! their number, so each count is a new prepared statement; a JSON array of them is one
//! value and one statement. (Whole rows to insert stay `VALUES` lists: SQLite re-reads a
//! row's JSON for each field it takes out, several times slower than binding the values
//! when there are thousands.)

use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use serde::de::DeserializeOwned;

/// `column IN (ids)` for a sea-query statement, the ids one JSON parameter.
pub fn is_in(backend: DbBackend, column: &str, ids: impl IntoIterator<Item = i32>) -> Expr {
    let ids: Vec<i32> = ids.into_iter().collect();
    within(
        backend,
        column,
        "value::integer",
        serde_json::to_string(&ids),
    )
}

/// `column IN (texts)`, the texts one JSON parameter.
pub fn is_in_text<'a>(
    backend: DbBackend,
    column: &str,
    texts: impl IntoIterator<Item = &'a str>,
) -> Expr {
    let texts: Vec<&str> = texts.into_iter().collect();
    within(backend, column, "value", serde_json::to_string(&texts))
}

/// `column IN` the elements of a JSON array (`postgres_value`: how PostgreSQL reads one).
fn within(
    backend: DbBackend,
    column: &str,
    postgres_value: &str,
    json: serde_json::Result<String>,
) -> Expr {
    let elements = match backend {
        DbBackend::Postgres => {
            format!("SELECT {postgres_value} FROM json_array_elements_text($1::json)")
        }
        _ => "SELECT value FROM json_each(?)".to_string(),
    };
    Expr::cust_with_values(
        format!("{column} IN ({elements})"),
        [json.expect("integers and strings are JSON")],
    )
}

/// A value of each row [`fetch_all`] reads.
#[derive(Debug, Clone, Copy)]
pub enum Out<'a> {
    /// One column of the query, by name.
    Column(&'a str),
    /// Several, as one array (a struct's array field).
    Array(&'a [&'a str]),
}

/// The rows of `select` as `T`s, each built from a JSON array of `columns`' values in
/// order: a tuple, or a struct with its fields in that order. `select`'s columns need
/// distinct names; times come as RFC 3339 text, which chrono's serde reads.
pub async fn fetch_all<T: DeserializeOwned>(
    db: &impl ConnectionTrait,
    select: &SelectStatement,
    columns: &[Out<'_>],
) -> Result<Vec<T>, DbErr> {
    let backend = db.get_database_backend();
    let inner = backend.build(select);
    let sql = format!(
        "SELECT {} FROM ({}) AS \"rows\"",
        aggregate(backend, columns),
        inner.sql
    );
    let stmt = Statement { sql, ..inner };
    let unreadable = |e: String| DbErr::Type(format!("rows read as JSON: {e}"));
    let json: Option<String> = match db.query_one_raw(stmt).await? {
        Some(row) => row.try_get_by_index(0)?,
        None => None,
    };
    // PostgreSQL aggregates no rows to NULL.
    json.map_or(Ok(Vec::new()), |json| {
        serde_json::from_str(&json).map_err(|e| unreadable(e.to_string()))
    })
}

/// The aggregate of the rows' arrays of `columns`.
fn aggregate(backend: DbBackend, columns: &[Out<'_>]) -> String {
    let array = match backend {
        DbBackend::Postgres => "json_build_array",
        _ => "json_array",
    };
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|name| format!("\"rows\".\"{name}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let values = columns
        .iter()
        .map(|out| match out {
            Out::Column(name) => list(&[name]),
            Out::Array(names) => format!("{array}({})", list(names)),
        })
        .collect::<Vec<_>>()
        .join(", ");
    match backend {
        DbBackend::Postgres => format!("json_agg({array}({values}))::text"),
        _ => format!("json_group_array({array}({values}))"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_as_one_aggregate_of_arrays() {
        let columns = [Out::Column("id"), Out::Array(&["a", "b"])];
        assert_eq!(
            aggregate(DbBackend::Sqlite, &columns),
            r#"json_group_array(json_array("rows"."id", json_array("rows"."a", "rows"."b")))"#
        );
        assert_eq!(
            aggregate(DbBackend::Postgres, &columns),
            r#"json_agg(json_build_array("rows"."id", json_build_array("rows"."a", "rows"."b")))::text"#
        );
    }

    #[test]
    fn ids_are_one_parameter_wherever_the_condition_sits() {
        use sea_orm::sea_query::{ExprTrait, PostgresQueryBuilder, Query, SqliteQueryBuilder};
        let query = |backend| {
            Query::select()
                .expr(Expr::val(1))
                .and_where(Expr::cust("org").eq(5))
                .and_where(is_in(backend, "t.id", [3, 4]))
                .to_owned()
        };
        let (sql, values) = query(DbBackend::Postgres).build(PostgresQueryBuilder);
        assert_eq!(
            sql,
            "SELECT $1 WHERE (org) = $2 AND (t.id IN (SELECT value::integer \
             FROM json_array_elements_text($3::json)))"
        );
        assert_eq!(values.0.len(), 3);
        assert_eq!(values.0[2], "[3,4]".into());
        let (sql, _) = query(DbBackend::Sqlite).build(SqliteQueryBuilder);
        assert_eq!(
            sql,
            "SELECT ? WHERE (org) = ? AND (t.id IN (SELECT value FROM json_each(?)))"
        );
    }

    #[test]
    fn texts_are_one_parameter_too() {
        use sea_orm::sea_query::{PostgresQueryBuilder, Query};
        let (sql, values) = Query::select()
            .expr(Expr::val(1))
            .and_where(is_in_text(DbBackend::Postgres, "t.stage", ["a", "b\""]))
            .build(PostgresQueryBuilder);
        assert_eq!(
            sql,
            "SELECT $1 WHERE t.stage IN (SELECT value FROM json_array_elements_text($2::json))"
        );
        assert_eq!(values.0[1], r#"["a","b\""]"#.into());
    }
}
