mod accounts;
mod authorization;
mod autocomplete;
mod caseload;
mod coach;
mod companies;
mod journey;
mod openapi;
