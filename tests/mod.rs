mod requests;
mod support;
mod tasks;
