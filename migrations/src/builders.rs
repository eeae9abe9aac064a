//! Small builders the migrations share: an index, and a foreign key with what happens to
//! the row when the row it points at is deleted.

use sea_orm_migration::prelude::*;

pub fn index(name: &str, table: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(Alias::new(table));
    for col in cols {
        index.col(Alias::new(*col));
    }
    index.to_owned()
}

pub fn references(
    from: &str,
    col: &str,
    to: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.to_string(), col.to_string())
        .to(to.to_string(), "id")
        .on_delete(on_delete)
        .to_owned()
}

/// Deleting the row pointed at deletes this one.
pub fn cascade(from: &str, col: &str, to: &str) -> ForeignKeyCreateStatement {
    references(from, col, to, ForeignKeyAction::Cascade)
}

/// Deleting the row pointed at empties this column (a user who left, say).
pub fn set_null(from: &str, col: &str, to: &str) -> ForeignKeyCreateStatement {
    references(from, col, to, ForeignKeyAction::SetNull)
}

/// Adds columns to existing tables, one statement each: SQLite adds one column per
/// `ALTER TABLE`.
pub async fn add_columns(
    m: &SchemaManager<'_>,
    added: impl IntoIterator<Item = (&str, ColumnDef)>,
) -> Result<(), DbErr> {
    for (table, mut column) in added {
        m.alter_table(
            Table::alter()
                .table(Alias::new(table))
                .add_column(&mut column)
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}
