mod autocomplete;
mod companies;
mod openapi;
