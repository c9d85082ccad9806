//! Foreign keys and indexes named the same way in every migration.

use sea_orm_migration::prelude::*;

/// A foreign key from `from.column` to `to.id`, refusing to delete a row
/// still referred to.
pub fn fk(from: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(Alias::new(from), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

/// An index named `idx_<table>_<columns>`.
pub fn index(table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(format!("idx_{table}_{}", columns.join("_")))
        .table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    index.to_owned()
}
