//! A seeker's profile: the jobs they want, where, how far, and what they bring.

use loco_rs::prelude::*;

pub use super::_entities::seeker_profiles::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}
