pub mod _entities;
pub mod catalog;
pub mod csv_input;
pub mod establishments;
pub mod import_runs;
pub mod national_data;
pub mod referentials;
