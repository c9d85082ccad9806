mod accounts;
mod authorization;
mod autocomplete;
mod caseload;
mod companies;
mod journey;
mod openapi;
