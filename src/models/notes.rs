//! Counsellors' notes on a seeker, shared with the seeker or private to the organisation.

use loco_rs::prelude::*;

pub use super::_entities::notes::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}
