pub mod api_error;
pub mod companies;
pub mod not_found;
pub mod openapi;
pub mod params;
pub mod places;
