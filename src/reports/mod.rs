//! What counsellors and org admins read about their seekers: the caseload
//! (each seeker's progress and whether they stalled), the organisation's
//! funnel month by month, and the CSV files French spreadsheets open.
//!
//! Like the matching engine, this module is pure: it takes plain rows that
//! `models::reports` loads with a few grouped queries per organisation, and
//! returns plain values, so every rule can be read and tested without a
//! database. `docs/caseload.md` states the definitions.

pub mod caseload;
pub mod exports;
pub mod funnel;
pub mod spreadsheet;
