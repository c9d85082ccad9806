pub mod account;
pub mod postman;
pub mod templates;
