//! Response shapes of the caseload and the organisation's figures.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::accounts::UserView;
use crate::reports::{
    caseload::{Person, SeekerLine, TargetJob},
    funnel::{Stages, YearMonth},
};

impl From<&Person> for UserView {
    fn from(person: &Person) -> Self {
        Self {
            id: person.pid.to_string(),
            email: person.email.clone(),
            name: person.name.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TargetJobView {
    /// ROME code.
    pub rome: String,
    pub label: String,
}

impl From<&TargetJob> for TargetJobView {
    fn from(job: &TargetJob) -> Self {
        Self {
            rome: job.rome.clone(),
            label: job.label.clone(),
        }
    }
}

/// One seeker of the caseload and how far they went. Counts are numbers of
/// companies; docs/caseload.md defines each.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseloadSeekerView {
    pub id: String,
    pub user: UserView,
    pub referent: Option<UserView>,
    pub joined_at: String,
    /// False once the seeker is deactivated (never stalled then).
    pub active: bool,
    pub target_jobs: Vec<TargetJobView>,
    pub kept: u32,
    pub contacted: u32,
    pub answered: u32,
    pub interviews: u32,
    pub hired: u32,
    /// The last activity, or the joining time when there was none.
    pub last_activity_at: String,
    /// No activity for more than the organisation's `stalled_after_days`.
    pub stalled: bool,
}

impl CaseloadSeekerView {
    #[must_use]
    pub fn new(line: &SeekerLine, now: DateTime<Utc>, stalled_after_days: i32) -> Self {
        Self {
            id: line.seeker_pid.to_string(),
            user: (&line.person).into(),
            referent: line.referent.as_ref().map(UserView::from),
            joined_at: line.joined_at.to_rfc3339(),
            active: line.active,
            target_jobs: line.target_jobs.iter().map(TargetJobView::from).collect(),
            kept: line.tallies.kept,
            contacted: line.tallies.contacted,
            answered: line.tallies.answered,
            interviews: line.tallies.interviews,
            hired: line.tallies.hired,
            last_activity_at: line.last_activity().to_rfc3339(),
            stalled: line.is_stalled(now, stalled_after_days),
        }
    }
}

/// One page of the caseload.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseloadView {
    /// How many seekers match, over all pages.
    pub total: usize,
    pub page: usize,
    pub limit: usize,
    /// The organisation's setting the `stalled` flags were computed with.
    pub stalled_after_days: i32,
    pub seekers: Vec<CaseloadSeekerView>,
}

/// How many seekers reached each stage of the funnel.
#[derive(Debug, Serialize, ToSchema)]
pub struct StagesView {
    pub seekers: u32,
    pub with_shortlist: u32,
    pub contacted: u32,
    pub answered: u32,
    pub interview: u32,
    pub hired: u32,
}

impl From<Stages> for StagesView {
    fn from(stages: Stages) -> Self {
        Self {
            seekers: stages.seekers,
            with_shortlist: stages.with_shortlist,
            contacted: stages.contacted,
            answered: stages.answered,
            interview: stages.interview,
            hired: stages.hired,
        }
    }
}

/// The funnel at the end of a month.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthFiguresView {
    /// `YYYY-MM`.
    pub month: String,
    #[serde(flatten)]
    pub stages: StagesView,
}

impl MonthFiguresView {
    #[must_use]
    pub fn new(month: YearMonth, stages: Stages) -> Self {
        Self {
            month: month.to_string(),
            stages: stages.into(),
        }
    }
}

/// The funnel today of one counsellor's seekers.
#[derive(Debug, Serialize, ToSchema)]
pub struct CounsellorFiguresView {
    /// `null` for the seekers who have no referent.
    pub referent: Option<UserView>,
    #[serde(flatten)]
    pub stages: StagesView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresView {
    pub from: String,
    pub to: String,
    /// One snapshot per month, the oldest first.
    pub months: Vec<MonthFiguresView>,
    /// By current referent, by name; the seekers without one last.
    pub counsellors: Vec<CounsellorFiguresView>,
}
