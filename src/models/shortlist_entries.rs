//! The companies of a seeker's shortlist: proposed, kept (with a status on the way to a job) or dismissed.

use loco_rs::prelude::*;

pub use super::_entities::shortlist_entries::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}
