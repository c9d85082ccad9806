//! The organisation's funnel: seekers → with a shortlist → contacted a
//! company → got an answer → interview → hired.
//!
//! Each month is a cumulative snapshot: among the seekers who had joined by
//! the end of the month, how many had reached each stage by then. Stages
//! are counted independently, each from the first day the seeker reached it,
//! so a seeker hired straight after a call counts as hired without an
//! interview.

use std::{collections::BTreeMap, fmt};

use chrono::{Datelike, Months, NaiveDate};

use crate::domain::ParseError;

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    first_day: NaiveDate,
}

impl YearMonth {
    /// # Errors
    /// When `input` is not `YYYY-MM` with a month from 01 to 12.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let invalid = || ParseError::new(format!("{input:?} is not a month written YYYY-MM"));
        let (year, month) = input.trim().split_once('-').ok_or_else(invalid)?;
        let digits = |text: &str, length: usize| {
            text.len() == length && text.bytes().all(|byte| byte.is_ascii_digit())
        };
        if !digits(year, 4) || !digits(month, 2) {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let month = month.parse().map_err(|_| invalid())?;
        NaiveDate::from_ymd_opt(year, month, 1)
            .map(|first_day| Self { first_day })
            .ok_or_else(invalid)
    }

    /// The month holding `date`.
    #[must_use]
    pub fn of(date: NaiveDate) -> Self {
        Self {
            first_day: date.with_day(1).unwrap_or(date),
        }
    }

    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        self.first_day
    }

    /// The last day of the month.
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day.pred_opt().unwrap_or(self.first_day)
    }

    /// The month `count` months later (earlier when negative); months
    /// outside chrono's range stay where they are.
    #[must_use]
    pub fn plus(self, count: i32) -> Self {
        let shifted = if count >= 0 {
            self.first_day
                .checked_add_months(Months::new(count.unsigned_abs()))
        } else {
            self.first_day
                .checked_sub_months(Months::new(count.unsigned_abs()))
        };
        Self {
            first_day: shifted.unwrap_or(self.first_day),
        }
    }

    /// How many months from `self` to `to`, both included (0 when `to` is
    /// earlier).
    #[must_use]
    pub fn span_to(self, to: Self) -> u32 {
        let months = |month: Self| month.first_day.year() * 12 + month.first_day.month0() as i32;
        u32::try_from(months(to) - months(self) + 1).unwrap_or(0)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first_day.format("%Y-%m"))
    }
}

/// The days one seeker reached each stage, as loaded from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestones {
    pub referent_id: Option<i32>,
    pub joined: NaiveDate,
    pub shortlist: Option<NaiveDate>,
    pub contacted: Option<NaiveDate>,
    pub answered: Option<NaiveDate>,
    pub interview: Option<NaiveDate>,
    pub hired: Option<NaiveDate>,
}

/// How many seekers reached each stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stages {
    pub seekers: u32,
    pub with_shortlist: u32,
    pub contacted: u32,
    pub answered: u32,
    pub interview: u32,
    pub hired: u32,
}

impl Stages {
    /// Counts `seeker` for the stages reached by `by` (any day when `None`),
    /// provided they had joined by then.
    fn count(&mut self, seeker: &Milestones, by: Option<NaiveDate>) {
        let reached = |day: Option<NaiveDate>| day.is_some_and(|day| by.is_none_or(|by| day <= by));
        if !reached(Some(seeker.joined)) {
            return;
        }
        self.seekers += 1;
        self.with_shortlist += u32::from(reached(seeker.shortlist));
        self.contacted += u32::from(reached(seeker.contacted));
        self.answered += u32::from(reached(seeker.answered));
        self.interview += u32::from(reached(seeker.interview));
        self.hired += u32::from(reached(seeker.hired));
    }
}

/// The snapshot at the end of each month from `from` to `to`, both included.
#[must_use]
pub fn monthly(seekers: &[Milestones], from: YearMonth, to: YearMonth) -> Vec<(YearMonth, Stages)> {
    let span = i32::try_from(from.span_to(to)).unwrap_or(0);
    (0..span)
        .map(|offset| {
            let month = from.plus(offset);
            let mut stages = Stages::default();
            for seeker in seekers {
                stages.count(seeker, Some(month.last_day()));
            }
            (month, stages)
        })
        .collect()
}

/// The stages reached so far, by current referent (`None`: no referent).
#[must_use]
pub fn by_referent(seekers: &[Milestones]) -> BTreeMap<Option<i32>, Stages> {
    let mut groups: BTreeMap<Option<i32>, Stages> = BTreeMap::new();
    for seeker in seekers {
        groups
            .entry(seeker.referent_id)
            .or_default()
            .count(seeker, None);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn month(text: &str) -> YearMonth {
        YearMonth::parse(text).unwrap()
    }

    fn joined(on: &str, referent_id: Option<i32>) -> Milestones {
        Milestones {
            referent_id,
            joined: day(on),
            shortlist: None,
            contacted: None,
            answered: None,
            interview: None,
            hired: None,
        }
    }

    fn stages(values: [u32; 6]) -> Stages {
        let [seekers, with_shortlist, contacted, answered, interview, hired] = values;
        Stages {
            seekers,
            with_shortlist,
            contacted,
            answered,
            interview,
            hired,
        }
    }

    #[test]
    fn months_parse_strictly_and_know_their_bounds() {
        assert_eq!(month("2024-02").last_day(), day("2024-02-29"));
        assert_eq!(month("2026-12").plus(1), month("2027-01"));
        assert_eq!(month("2026-01").plus(-1), month("2025-12"));
        assert_eq!(month("2025-12").span_to(month("2026-02")), 3);
        assert_eq!(month("2026-02").span_to(month("2025-12")), 0);
        assert_eq!(month("2026-03").to_string(), "2026-03");
        assert_eq!(YearMonth::of(day("2026-03-31")), month("2026-03"));
        for bad in [
            "2026-13",
            "2026-1",
            "26-01",
            "2026/01",
            "2026-00",
            "",
            "2026-01-01",
        ] {
            assert!(YearMonth::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_month_counts_what_was_reached_by_its_last_day() {
        let mut ana = joined("2026-09-15", Some(1));
        ana.shortlist = Some(day("2026-09-30"));
        ana.contacted = Some(day("2026-10-01"));
        ana.answered = Some(day("2026-10-20"));
        ana.interview = Some(day("2026-11-02"));
        ana.hired = Some(day("2026-11-30"));
        let mut bruno = joined("2026-10-31", None);
        bruno.shortlist = Some(day("2026-11-01"));
        let late = joined("2026-12-01", Some(1));

        let months = monthly(&[ana, bruno, late], month("2026-08"), month("2026-11"));

        assert_eq!(
            months,
            [
                (month("2026-08"), stages([0, 0, 0, 0, 0, 0])),
                (month("2026-09"), stages([1, 1, 0, 0, 0, 0])),
                (month("2026-10"), stages([2, 1, 1, 1, 0, 0])),
                (month("2026-11"), stages([2, 2, 1, 1, 1, 1])),
            ]
        );
    }

    #[test]
    fn stages_are_counted_independently() {
        let mut straight_hire = joined("2026-01-05", Some(1));
        straight_hire.contacted = Some(day("2026-01-10"));
        straight_hire.answered = Some(day("2026-01-10"));
        straight_hire.hired = Some(day("2026-01-10"));
        let months = monthly(&[straight_hire], month("2026-01"), month("2026-01"));
        assert_eq!(months[0].1, stages([1, 0, 1, 1, 0, 1]));
    }

    #[test]
    fn referents_get_everything_reached_so_far() {
        let mut ana = joined("2026-09-15", Some(1));
        ana.contacted = Some(day("2026-12-01"));
        let bruno = joined("2026-10-01", Some(2));
        let chloe = joined("2026-10-01", None);
        let dan = joined("2026-11-01", Some(1));

        let groups = by_referent(&[ana, bruno, chloe, dan]);

        assert_eq!(groups.len(), 3);
        assert_eq!(groups[&Some(1)], stages([2, 0, 1, 0, 0, 0]));
        assert_eq!(groups[&Some(2)], stages([1, 0, 0, 0, 0, 0]));
        assert_eq!(groups[&None], stages([1, 0, 0, 0, 0, 0]));
    }
}
