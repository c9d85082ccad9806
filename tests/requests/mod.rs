mod accounts;
mod authorization;
mod autocomplete;
mod companies;
mod journey;
mod openapi;
