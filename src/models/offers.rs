//! Job offers published by establishments, linked by SIRET.

use loco_rs::prelude::*;

pub use super::_entities::offers::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}
