pub mod accounts;
pub mod companies;
pub mod error;
pub mod places;
pub mod reports;
