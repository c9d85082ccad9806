pub mod accounts;
pub mod companies;
pub mod data_export;
pub mod error;
pub mod journey;
pub mod pages;
pub mod places;
pub mod reports;
