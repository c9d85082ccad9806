//! The digital coach's rules: when it asks about a contact, what each
//! one-click answer does, how often a person hears from it, and how a
//! failed delivery is retried. Pure functions of the time they are given.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

use super::{journey::named_values, ApplicationStatus, ParseError};

named_values!(
    /// A seeker's answer to "did the company answer?", from the email.
    CoachAnswer, "answer", {
        Interview => "interview",
        Refused => "refused",
        NotYet => "not_yet",
        FollowedUp => "followed_up",
    }
);

named_values!(
    /// Every kind of email Relais sends.
    MessageKind, "message kind", {
        Reminder => "reminder",
        Nudge => "nudge",
        Digest => "digest",
        Invitation => "invitation",
        PasswordReset => "password_reset",
        MagicLink => "magic_link",
        WelcomeAdmin => "welcome_admin",
    }
);

named_values!(
    /// Where a message of the outbox is.
    OutboxState, "message state", {
        Pending => "pending",
        Sending => "sending",
        Sent => "sent",
        Failed => "failed",
    }
);

named_values!(
    /// How often a counsellor receives the digest of their caseload.
    DigestFrequency, "digest frequency", {
        Daily => "daily",
        Weekly => "weekly",
        Off => "off",
    }
);

impl MessageKind {
    /// The coach's own kinds, which a person can pause or unsubscribe from;
    /// account emails (invitations, password links) always go out.
    #[must_use]
    pub const fn is_coaching(self) -> bool {
        matches!(self, Self::Reminder | Self::Nudge | Self::Digest)
    }
}

/// The hour, French time, from which the coach writes: nobody gets a
/// reminder at three in the morning.
pub const SEND_FROM_HOUR: u32 = 9;

/// Days a one-click answer link stays valid.
pub const ANSWER_LINK_DAYS: i64 = 30;

/// Days an unsubscribe link stays valid.
pub const UNSUBSCRIBE_LINK_DAYS: i64 = 365;

/// Days a seeker keeps companies without contacting any before the first
/// nudge.
pub const NUDGE_AFTER_DAYS: i64 = 7;

/// Delivery attempts before a message is left as failed for the operator.
pub const MAX_ATTEMPTS: i32 = 6;

/// Snooze lengths a person can choose, in days.
pub const SNOOZE_DAYS: [i64; 3] = [7, 14, 30];

/// The French calendar day of an instant.
#[must_use]
pub fn paris_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Paris).date_naive()
}

/// `delay_days` after `day`, at the coach's hour, French time.
#[must_use]
pub fn ask_at(day: NaiveDate, delay_days: i32) -> DateTime<Utc> {
    let day = day + Duration::days(i64::from(delay_days));
    let local = day.and_time(NaiveTime::from_hms_opt(SEND_FROM_HOUR, 0, 0).unwrap_or_default());
    // On the day clocks change, 09:00 exists exactly once.
    Paris
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| local.and_utc(), |at| at.with_timezone(&Utc))
}

/// Whether the coach may write at `now` (French time past its hour).
#[must_use]
pub fn is_writing_hour(now: DateTime<Utc>) -> bool {
    use chrono::Timelike;
    now.with_timezone(&Paris).hour() >= SEND_FROM_HOUR
}

/// The period a digest or a nudge belongs to, so that each goes out once
/// per period: the French day (`2026-12-03`) or ISO week (`2026-W49`).
#[must_use]
pub fn period_key(now: DateTime<Utc>, daily: bool) -> String {
    let day = paris_day(now);
    if daily {
        day.format("%Y-%m-%d").to_string()
    } else {
        let week = day.iso_week();
        format!("{}-W{:02}", week.year(), week.week())
    }
}

/// How long to wait before the next attempt after `attempts` failed ones:
/// 1 min, 5 min, 30 min, 2 h, 12 h.
#[must_use]
pub fn retry_delay(attempts: i32) -> Duration {
    match attempts {
        i32::MIN..=1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(30),
        4 => Duration::hours(2),
        _ => Duration::hours(12),
    }
}

/// The organisation's timing of the coach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub reminder_delay_days: i32,
    pub follow_up_delay_days: i32,
    pub max_rounds: i32,
}

/// What the coach does when a question about a contact falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueStep {
    /// Ask (again): this is question number `round`; if it stays
    /// unanswered, the coach comes back at `then`.
    Ask { round: i32, then: DateTime<Utc> },
    /// Enough questions: the company counts as not answering.
    GiveUp,
}

/// The step for a company asked about `round` times so far.
#[must_use]
pub fn due_step(round: i32, timing: Timing, now: DateTime<Utc>) -> DueStep {
    if round >= timing.max_rounds {
        DueStep::GiveUp
    } else {
        DueStep::Ask {
            round: round + 1,
            then: ask_at(paris_day(now), timing.follow_up_delay_days),
        }
    }
}

/// What an answer changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerEffect {
    /// Statuses the company goes through, in order (empty: unchanged).
    pub statuses: Vec<ApplicationStatus>,
    /// Whether the answer logs a new contact (the seeker followed up).
    pub logs_follow_up: bool,
    /// When the coach asks again, if it does.
    pub ask_again_at: Option<DateTime<Utc>>,
}

/// The effect of `answer` on a company in `status`, asked about `round`
/// times.
///
/// # Errors
/// When the company's status moved on since the question (the seeker or a
/// counsellor recorded something else): the message says where it is.
pub fn answer_effect(
    answer: CoachAnswer,
    status: ApplicationStatus,
    round: i32,
    timing: Timing,
    now: DateTime<Utc>,
) -> Result<AnswerEffect, ParseError> {
    use ApplicationStatus::{Contacted, Declined, FollowUpDue, Interview, NoAnswer};
    let today = paris_day(now);
    let waiting = matches!(status, Contacted | FollowUpDue);
    let effect = |statuses: Vec<ApplicationStatus>, logs_follow_up, ask_again_at| AnswerEffect {
        statuses,
        logs_follow_up,
        ask_again_at,
    };
    match answer {
        CoachAnswer::Interview if waiting || status == NoAnswer => {
            Ok(effect(vec![Interview], false, None))
        }
        CoachAnswer::Refused if waiting || status == NoAnswer => {
            Ok(effect(vec![Declined], false, None))
        }
        CoachAnswer::NotYet if waiting && round >= timing.max_rounds => {
            Ok(effect(vec![NoAnswer], false, None))
        }
        CoachAnswer::NotYet if waiting => Ok(effect(
            if status == Contacted {
                vec![FollowUpDue]
            } else {
                Vec::new()
            },
            false,
            Some(ask_at(today, timing.follow_up_delay_days)),
        )),
        CoachAnswer::FollowedUp if waiting || status == NoAnswer => Ok(effect(
            if status == Contacted {
                Vec::new()
            } else {
                vec![Contacted]
            },
            true,
            Some(ask_at(today, timing.reminder_delay_days)),
        )),
        _ => Err(ParseError::new(format!(
            "this company is already marked {status}: nothing was changed"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMING: Timing = Timing {
        reminder_delay_days: 7,
        follow_up_delay_days: 5,
        max_rounds: 3,
    };

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn questions_fall_at_nine_french_time_summer_and_winter() {
        let winter = ask_at(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), 7);
        assert_eq!(winter, at("2026-12-08T08:00:00Z"));
        let summer = ask_at(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(), 7);
        assert_eq!(summer, at("2026-06-08T07:00:00Z"));
        // Across the change to summer time (29 March 2026).
        let across = ask_at(NaiveDate::from_ymd_opt(2026, 3, 25).unwrap(), 7);
        assert_eq!(across, at("2026-04-01T07:00:00Z"));
    }

    #[test]
    fn the_french_day_and_hour_decide_late_evening_events() {
        // 23:30 UTC on 31 December is already 1 January in Paris.
        let late = at("2026-12-31T23:30:00Z");
        assert_eq!(
            paris_day(late),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        assert_eq!(period_key(late, true), "2027-01-01");
        assert_eq!(period_key(at("2026-12-03T10:00:00Z"), false), "2026-W49");
        assert!(!is_writing_hour(at("2026-12-03T07:59:00Z")));
        assert!(is_writing_hour(at("2026-12-03T08:00:00Z")));
    }

    #[test]
    fn the_coach_asks_max_rounds_times_then_gives_up() {
        let now = at("2026-12-03T09:00:00Z");
        assert_eq!(
            due_step(0, TIMING, now),
            DueStep::Ask {
                round: 1,
                then: at("2026-12-08T08:00:00Z")
            }
        );
        assert!(matches!(
            due_step(2, TIMING, now),
            DueStep::Ask { round: 3, .. }
        ));
        assert_eq!(due_step(3, TIMING, now), DueStep::GiveUp);
    }

    #[test]
    fn answers_move_the_status_and_set_the_next_question() {
        use ApplicationStatus as S;
        let now = at("2026-12-03T09:00:00Z");
        let effect = |answer, status, round| answer_effect(answer, status, round, TIMING, now);

        let interview = effect(CoachAnswer::Interview, S::Contacted, 1).unwrap();
        assert_eq!(interview.statuses, vec![S::Interview]);
        assert_eq!(interview.ask_again_at, None);
        assert_eq!(
            effect(CoachAnswer::Refused, S::FollowUpDue, 2)
                .unwrap()
                .statuses,
            vec![S::Declined]
        );

        let not_yet = effect(CoachAnswer::NotYet, S::Contacted, 1).unwrap();
        assert_eq!(not_yet.statuses, vec![S::FollowUpDue]);
        assert_eq!(not_yet.ask_again_at, Some(at("2026-12-08T08:00:00Z")));
        assert!(effect(CoachAnswer::NotYet, S::FollowUpDue, 2)
            .unwrap()
            .statuses
            .is_empty());
        let last = effect(CoachAnswer::NotYet, S::FollowUpDue, 3).unwrap();
        assert_eq!(last.statuses, vec![S::NoAnswer]);
        assert_eq!(last.ask_again_at, None);

        let followed = effect(CoachAnswer::FollowedUp, S::FollowUpDue, 3).unwrap();
        assert_eq!(followed.statuses, vec![S::Contacted]);
        assert!(followed.logs_follow_up);
        assert_eq!(followed.ask_again_at, Some(at("2026-12-10T08:00:00Z")));
    }

    #[test]
    fn an_answer_after_the_journey_moved_on_changes_nothing() {
        use ApplicationStatus as S;
        let now = at("2026-12-03T09:00:00Z");
        let err = answer_effect(CoachAnswer::NotYet, S::Hired, 1, TIMING, now).unwrap_err();
        assert_eq!(
            err.message,
            "this company is already marked hired: nothing was changed"
        );
        assert!(answer_effect(CoachAnswer::Interview, S::Interview, 1, TIMING, now).is_err());
        assert!(answer_effect(CoachAnswer::FollowedUp, S::ToContact, 0, TIMING, now).is_err());
    }

    #[test]
    fn retries_back_off_and_only_coaching_can_be_unsubscribed() {
        assert_eq!(retry_delay(1), Duration::minutes(1));
        assert_eq!(retry_delay(3), Duration::minutes(30));
        assert_eq!(retry_delay(9), Duration::hours(12));
        assert!(MessageKind::Reminder.is_coaching());
        assert!(!MessageKind::PasswordReset.is_coaching());
    }
}
