//! The contact log: each time a seeker reached a kept company, how, and what came of it.

use loco_rs::prelude::*;

pub use super::_entities::contacts::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}
