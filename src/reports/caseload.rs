//! The caseload: one line per seeker with their progress counts, filtered,
//! sorted and paged as the counsellor asks.

use std::cmp::Ordering;

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use uuid::Uuid;

use crate::{domain::ParseError, models::catalog::folded};

/// A person as the caseload shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i32,
    pub pid: Uuid,
    pub name: String,
    pub email: String,
}

/// A job a seeker looks for, as their profile stores it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TargetJob {
    pub rome: String,
    pub label: String,
}

/// How far a seeker went with the companies of their shortlist. Each count
/// is a number of companies (shortlist entries), never of contacts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tallies {
    /// Companies the seeker keeps.
    pub kept: u32,
    /// Kept companies contacted at least once.
    pub contacted: u32,
    /// Kept companies with at least one contact that got an answer.
    pub answered: u32,
    /// Companies that reached the interview status at some point.
    pub interviews: u32,
    /// Companies whose status is hired.
    pub hired: u32,
}

/// One seeker of the caseload.
#[derive(Debug, Clone, PartialEq)]
pub struct SeekerLine {
    pub seeker_id: i32,
    pub seeker_pid: Uuid,
    pub person: Person,
    pub referent: Option<Person>,
    pub joined_at: DateTime<Utc>,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub active: bool,
    pub target_jobs: Vec<TargetJob>,
    pub tallies: Tallies,
}

impl SeekerLine {
    /// The seeker's last recorded activity, or the day they joined when
    /// they have done nothing since.
    #[must_use]
    pub fn last_activity(&self) -> DateTime<Utc> {
        self.last_activity_at.unwrap_or(self.joined_at)
    }

    /// An active seeker whose last activity is more than `after_days` days
    /// old. A deactivated seeker is no longer followed, so never stalled.
    #[must_use]
    pub fn is_stalled(&self, now: DateTime<Utc>, after_days: i32) -> bool {
        self.active && self.last_activity() < now - Duration::days(i64::from(after_days))
    }
}

/// Which referent's seekers to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referent {
    Anyone,
    Nobody,
    Is(i32),
}

impl Referent {
    #[must_use]
    pub fn matches(self, referent_id: Option<i32>) -> bool {
        match self {
            Self::Anyone => true,
            Self::Nobody => referent_id.is_none(),
            Self::Is(id) => referent_id == Some(id),
        }
    }
}

/// What a caseload request keeps. The referent is applied when loading,
/// the rest here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub referent: Referent,
    pub stalled: Option<bool>,
    /// Searched in the name and email, case and accents ignored.
    pub text: Option<String>,
}

/// What the caseload can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    LastActivity,
    Kept,
    Contacted,
    Hired,
}

/// A sort key and its direction. Ties are broken by name, then by seeker,
/// so pages never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    /// The oldest activity first: on Monday morning a counsellor wants the
    /// seekers who went quiet at the top.
    fn default() -> Self {
        Self {
            key: SortKey::LastActivity,
            descending: false,
        }
    }
}

impl Sort {
    pub const KEYS: [(&'static str, SortKey); 5] = [
        ("name", SortKey::Name),
        ("last_activity", SortKey::LastActivity),
        ("kept", SortKey::Kept),
        ("contacted", SortKey::Contacted),
        ("hired", SortKey::Hired),
    ];

    /// Parses `name`, `-kept`…: a key, descending with a leading `-`.
    ///
    /// # Errors
    /// When the key is unknown.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let input = input.trim();
        let (descending, name) = match input.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, input),
        };
        let key = Self::KEYS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, key)| *key)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::KEYS.iter().map(|(known, _)| *known).collect();
                ParseError::new(format!(
                    "unknown sort {input:?}: use {}, with a leading - for descending",
                    names.join(", ")
                ))
            })?;
        Ok(Self { key, descending })
    }

    fn compare(self, a: &SeekerLine, b: &SeekerLine) -> Ordering {
        let primary = match self.key {
            SortKey::Name => Ordering::Equal,
            SortKey::LastActivity => a.last_activity().cmp(&b.last_activity()),
            SortKey::Kept => a.tallies.kept.cmp(&b.tallies.kept),
            SortKey::Contacted => a.tallies.contacted.cmp(&b.tallies.contacted),
            SortKey::Hired => a.tallies.hired.cmp(&b.tallies.hired),
        };
        let by_name = name_key(&a.person.name)
            .cmp(&name_key(&b.person.name))
            .then(a.seeker_id.cmp(&b.seeker_id));
        let (primary, by_name) = match (self.key, self.descending) {
            (SortKey::Name, true) => (primary, by_name.reverse()),
            (_, true) => (primary.reverse(), by_name),
            (_, false) => (primary, by_name),
        };
        primary.then(by_name)
    }
}

/// Names compare without case or accents: "Élodie" sits beside "Eloïse".
fn name_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// The lines the filter keeps, in the asked order.
#[must_use]
pub fn select(
    lines: Vec<SeekerLine>,
    filter: &Filter,
    sort: Sort,
    now: DateTime<Utc>,
    stalled_after_days: i32,
) -> Vec<SeekerLine> {
    let needle = filter.text.as_deref().map(folded);
    let mut kept: Vec<SeekerLine> = lines
        .into_iter()
        .filter(|line| {
            filter
                .referent
                .matches(line.referent.as_ref().map(|r| r.id))
        })
        .filter(|line| {
            filter
                .stalled
                .is_none_or(|stalled| line.is_stalled(now, stalled_after_days) == stalled)
        })
        .filter(|line| {
            needle.as_deref().is_none_or(|needle| {
                folded(&format!("{} {}", line.person.name, line.person.email)).contains(needle)
            })
        })
        .collect();
    kept.sort_by(|a, b| sort.compare(a, b));
    kept
}

/// The lines of page `page` (from 1) of `limit` lines.
#[must_use]
pub fn page<T>(lines: Vec<T>, page: usize, limit: usize) -> Vec<T> {
    let skip = page.saturating_sub(1).saturating_mul(limit);
    lines.into_iter().skip(skip).take(limit).collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
    }

    fn person(id: i32, name: &str, email: &str) -> Person {
        Person {
            id,
            pid: Uuid::new_v4(),
            name: name.to_string(),
            email: email.to_string(),
        }
    }

    fn line(id: i32, name: &str, idle_days: i64, kept: u32) -> SeekerLine {
        SeekerLine {
            seeker_id: id,
            seeker_pid: Uuid::new_v4(),
            person: person(100 + id, name, &format!("s{id}@exemple.test")),
            referent: Some(person(7, "Conseillère", "c@exemple.test")),
            joined_at: now() - Duration::days(400),
            last_activity_at: Some(now() - Duration::days(idle_days)),
            active: true,
            target_jobs: Vec::new(),
            tallies: Tallies {
                kept,
                ..Tallies::default()
            },
        }
    }

    fn names(lines: &[SeekerLine]) -> Vec<&str> {
        lines.iter().map(|line| line.person.name.as_str()).collect()
    }

    fn everyone() -> Filter {
        Filter {
            referent: Referent::Anyone,
            stalled: None,
            text: None,
        }
    }

    #[test]
    fn a_seeker_is_stalled_only_past_the_delay_and_while_active() {
        let mut seeker = line(1, "Ana", 21, 0);
        assert!(!seeker.is_stalled(now(), 21), "exactly 21 days is not past");
        seeker.last_activity_at = Some(now() - Duration::days(22));
        assert!(seeker.is_stalled(now(), 21));
        seeker.active = false;
        assert!(!seeker.is_stalled(now(), 21));
    }

    #[test]
    fn without_activity_the_joining_day_counts() {
        let mut seeker = line(1, "Ana", 0, 0);
        seeker.last_activity_at = None;
        assert_eq!(seeker.last_activity(), seeker.joined_at);
        assert!(seeker.is_stalled(now(), 21));
    }

    #[test]
    fn the_default_sort_puts_the_quietest_first_and_ties_go_by_name() {
        let lines = vec![
            line(1, "Zoé", 3, 0),
            line(2, "Bruno", 30, 0),
            line(3, "Émile", 3, 0),
        ];
        let sorted = select(lines, &everyone(), Sort::default(), now(), 21);
        assert_eq!(names(&sorted), ["Bruno", "Émile", "Zoé"]);
    }

    #[test]
    fn a_descending_count_keeps_ties_in_name_order() {
        let lines = vec![
            line(1, "Zoé", 3, 2),
            line(2, "Bruno", 30, 5),
            line(3, "Émile", 3, 2),
        ];
        let sorted = select(lines, &everyone(), Sort::parse("-kept").unwrap(), now(), 21);
        assert_eq!(names(&sorted), ["Bruno", "Émile", "Zoé"]);
        let by_name = select(
            sorted,
            &everyone(),
            Sort::parse("-name").unwrap(),
            now(),
            21,
        );
        assert_eq!(names(&by_name), ["Zoé", "Émile", "Bruno"]);
    }

    #[test]
    fn unknown_sorts_list_the_choices() {
        let err = Sort::parse("age").unwrap_err();
        assert_eq!(
            err.message,
            "unknown sort \"age\": use name, last_activity, kept, contacted, hired, \
             with a leading - for descending"
        );
    }

    #[test]
    fn text_ignores_case_and_accents_and_searches_the_email() {
        let lines = vec![line(1, "Émilie Dupré", 3, 0), line(2, "Bruno", 3, 0)];
        let filter = Filter {
            text: Some("dupre".to_string()),
            ..everyone()
        };
        assert_eq!(
            names(&select(lines.clone(), &filter, Sort::default(), now(), 21)),
            ["Émilie Dupré"]
        );
        let filter = Filter {
            text: Some("S2@".to_string()),
            ..everyone()
        };
        assert_eq!(
            names(&select(lines, &filter, Sort::default(), now(), 21)),
            ["Bruno"]
        );
    }

    #[test]
    fn the_stalled_and_referent_filters_keep_only_matching_seekers() {
        let mut orphan = line(3, "Chloé", 2, 0);
        orphan.referent = None;
        let lines = vec![line(1, "Ana", 40, 0), line(2, "Bruno", 2, 0), orphan];
        let stalled = Filter {
            stalled: Some(true),
            ..everyone()
        };
        let active = Filter {
            stalled: Some(false),
            ..everyone()
        };
        let nobody = Filter {
            referent: Referent::Nobody,
            ..everyone()
        };
        let sort = Sort::parse("name").unwrap();
        assert_eq!(
            names(&select(lines.clone(), &stalled, sort, now(), 21)),
            ["Ana"]
        );
        assert_eq!(
            names(&select(lines.clone(), &active, sort, now(), 21)),
            ["Bruno", "Chloé"]
        );
        assert_eq!(names(&select(lines, &nobody, sort, now(), 21)), ["Chloé"]);
    }

    #[test]
    fn pages_split_the_lines_without_overlap() {
        let lines: Vec<u32> = (1..=7).collect();
        assert_eq!(page(lines.clone(), 1, 3), [1, 2, 3]);
        assert_eq!(page(lines.clone(), 3, 3), [7]);
        assert!(page(lines, 4, 3).is_empty());
    }
}
