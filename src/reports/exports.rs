//! The rows of the two CSV exports, with French headers and values, since
//! the files are read by people in a spreadsheet, not by programs.

use chrono::{DateTime, NaiveDate, Utc};

use super::caseload::SeekerLine;
use crate::domain::{ContactMethod, ContactOutcome};

pub const CASELOAD_HEADER: [&str; 12] = [
    "Nom",
    "Courriel",
    "Référent",
    "Métiers visés",
    "Entreprises retenues",
    "Entreprises contactées",
    "Réponses obtenues",
    "Entretiens",
    "Embauches",
    "Dernière activité",
    "Sans activité récente",
    "Inscription",
];

pub const CONTACTS_HEADER: [&str; 8] = [
    "Nom",
    "Courriel",
    "Entreprise",
    "SIRET",
    "Date",
    "Moyen",
    "Résultat",
    "Note",
];

/// One logged contact, with who made it and with which company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactLine {
    pub seeker_name: String,
    pub seeker_email: String,
    /// `None` when the company left the national data since.
    pub company_name: Option<String>,
    pub siret: String,
    pub contacted_on: NaiveDate,
    pub method: String,
    pub outcome: String,
    pub note: Option<String>,
}

fn day(at: DateTime<Utc>) -> String {
    at.date_naive().to_string()
}

fn yes_no(value: bool) -> String {
    if value { "oui" } else { "non" }.to_string()
}

/// A caseload line as a CSV row, in the order of [`CASELOAD_HEADER`].
#[must_use]
pub fn caseload_row(line: &SeekerLine, now: DateTime<Utc>, stalled_after_days: i32) -> Vec<String> {
    let jobs: Vec<String> = line
        .target_jobs
        .iter()
        .map(|job| format!("{} ({})", job.label, job.rome))
        .collect();
    let tallies = line.tallies;
    vec![
        line.person.name.clone(),
        line.person.email.clone(),
        line.referent
            .as_ref()
            .map(|referent| referent.name.clone())
            .unwrap_or_default(),
        jobs.join(", "),
        tallies.kept.to_string(),
        tallies.contacted.to_string(),
        tallies.answered.to_string(),
        tallies.interviews.to_string(),
        tallies.hired.to_string(),
        day(line.last_activity()),
        yes_no(line.is_stalled(now, stalled_after_days)),
        day(line.joined_at),
    ]
}

/// A contact as a CSV row, in the order of [`CONTACTS_HEADER`].
#[must_use]
pub fn contact_row(contact: &ContactLine) -> Vec<String> {
    vec![
        contact.seeker_name.clone(),
        contact.seeker_email.clone(),
        contact.company_name.clone().unwrap_or_default(),
        contact.siret.clone(),
        contact.contacted_on.to_string(),
        method_label(&contact.method),
        outcome_label(&contact.outcome),
        contact.note.clone().unwrap_or_default(),
    ]
}

/// The French word for a contact method; an unknown stored value as is.
fn method_label(method: &str) -> String {
    let label = match ContactMethod::parse(method) {
        Ok(ContactMethod::Visit) => "visite",
        Ok(ContactMethod::Phone) => "téléphone",
        Ok(ContactMethod::Email) => "courriel",
        Ok(ContactMethod::Letter) => "courrier",
        Ok(ContactMethod::OnlineForm) => "formulaire en ligne",
        Ok(ContactMethod::Other) => "autre",
        Err(_) => method,
    };
    label.to_string()
}

/// The French words for a contact outcome; an unknown stored value as is.
fn outcome_label(outcome: &str) -> String {
    let label = match ContactOutcome::parse(outcome) {
        Ok(ContactOutcome::NoAnswerYet) => "pas encore de réponse",
        Ok(ContactOutcome::PositiveAnswer) => "réponse positive",
        Ok(ContactOutcome::Interview) => "entretien",
        Ok(ContactOutcome::Refused) => "refus",
        Ok(ContactOutcome::Hired) => "embauche",
        Err(_) => outcome,
    };
    label.to_string()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use uuid::Uuid;

    use super::*;
    use crate::reports::caseload::{Person, Tallies, TargetJob};

    #[test]
    fn a_caseload_row_follows_the_header() {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        let line = SeekerLine {
            seeker_id: 1,
            seeker_pid: Uuid::new_v4(),
            person: Person {
                id: 2,
                pid: Uuid::new_v4(),
                name: "Léa Müller".to_string(),
                email: "lea@exemple.test".to_string(),
            },
            referent: None,
            joined_at: now - Duration::days(60),
            last_activity_at: Some(now - Duration::days(30)),
            active: true,
            target_jobs: vec![
                TargetJob {
                    rome: "D1102".to_string(),
                    label: "Boulanger".to_string(),
                },
                TargetJob {
                    rome: "G1602".to_string(),
                    label: "Cuisinier".to_string(),
                },
            ],
            tallies: Tallies {
                kept: 5,
                contacted: 4,
                answered: 3,
                interviews: 2,
                hired: 1,
            },
        };
        let row = caseload_row(&line, now, 21);
        assert_eq!(row.len(), CASELOAD_HEADER.len());
        assert_eq!(
            row,
            [
                "Léa Müller",
                "lea@exemple.test",
                "",
                "Boulanger (D1102), Cuisinier (G1602)",
                "5",
                "4",
                "3",
                "2",
                "1",
                "2026-11-07",
                "oui",
                "2026-10-08"
            ]
        );
    }

    #[test]
    fn contact_values_are_written_in_french() {
        let contact = ContactLine {
            seeker_name: "Léa".to_string(),
            seeker_email: "lea@exemple.test".to_string(),
            company_name: None,
            siret: "48186978200013".to_string(),
            contacted_on: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
            method: "online_form".to_string(),
            outcome: "no_answer_yet".to_string(),
            note: Some("Rappeler lundi".to_string()),
        };
        let row = contact_row(&contact);
        assert_eq!(row.len(), CONTACTS_HEADER.len());
        assert_eq!(row[5], "formulaire en ligne");
        assert_eq!(row[6], "pas encore de réponse");
        assert_eq!(method_label("pigeon"), "pigeon");
    }
}
