pub mod accounts;
pub mod companies;
pub mod error;
pub mod journey;
pub mod pages;
pub mod places;
pub mod reports;
