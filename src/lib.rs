pub mod app;
pub mod controllers;
pub mod domain;
pub mod matching;
pub mod models;
pub mod settings;
pub mod tasks;
pub mod views;
