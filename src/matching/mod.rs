//! The ranking engine: which establishments are likely to hire for a job
//! (ROME code) near a place, in the La Bonne Boîte way.
//!
//! An establishment's predicted hirings (all jobs together) are split across
//! jobs by its activity's share of the national ROME × NAF hirings table;
//! results inside a great-circle radius are ranked by that expectation.
//! `docs/ranking.md` describes the rules, the score and star thresholds, and
//! the index layout with its costs.
//!
//! The module is pure Rust with no web or database types: it takes plain
//! values in (`IndexedEstablishment`, `RomeNafHirings`) and returns plain
//! values (`SearchPage`), so it can be read, tested and benchmarked alone,
//! and each application server can hold its own read-only copy.

mod geo;
mod grid;
mod index;
mod query;
mod rating;
pub mod reference;

#[cfg(test)]
mod tests;

pub use geo::{haversine_km, EARTH_RADIUS_KM};
pub use index::{IndexedEstablishment, JobBoost, MatchingIndex, RomeNafHirings};
pub use query::{Filters, Hit, Ranked, SearchPage, SearchQuery, SortOrder, DEFAULT_LIMIT};
pub use rating::{score, stars, MAX_SCORE, MAX_STARS, SCORE_SATURATION_HIRINGS, STAR_THRESHOLDS};
