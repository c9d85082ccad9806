//! The dated history of each kept company's status.

use loco_rs::prelude::*;

pub use super::_entities::status_changes::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}
