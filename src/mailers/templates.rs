//! Every email's text, in French and English: `src/mailers/templates/<locale>/
//! <kind>/{subject.txt, message.txt, message.html}`, rendered with Tera
//! (HTML templates escape every value). The templates are compiled into the
//! binary and parsed once.

use std::sync::OnceLock;

use include_dir::{include_dir, Dir};
use loco_rs::{Error, Result};
use tera::{Context, Tera};

use crate::domain::MessageKind;

static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/mailers/templates");

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The language of a person's emails: English for those who chose it,
/// French otherwise.
#[must_use]
pub fn language(locale: &str) -> &'static str {
    if locale.trim().to_ascii_lowercase().starts_with("en") {
        "en"
    } else {
        "fr"
    }
}

fn tera() -> Result<&'static Tera> {
    static TERA: OnceLock<std::result::Result<Tera, String>> = OnceLock::new();
    TERA.get_or_init(|| compile(&TEMPLATES))
        .as_ref()
        .map_err(|err| Error::string(err))
}

/// Every template of an embedded folder, named by its path in it
/// (`fr/reminder/message.html`). Templates ending in `.html` escape the
/// values they show.
///
/// # Errors
/// When a template does not parse.
pub fn compile(dir: &'static Dir<'static>) -> std::result::Result<Tera, String> {
    let mut tera = Tera::default();
    let mut files = Vec::new();
    collect(dir, &mut files);
    tera.add_raw_templates(files)
        .map_err(|err| format!("templates: {err:?}"))?;
    Ok(tera)
}

fn collect(dir: &'static Dir<'static>, files: &mut Vec<(String, &'static str)>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            files.push((file.path().to_string_lossy().replace('\\', "/"), text));
        }
    }
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

/// Renders the email of `kind` in `locale`'s language, falling back to
/// French for a kind that has no English text.
///
/// # Errors
/// When a template is missing or a value it needs is not in `locals`.
pub fn render(kind: MessageKind, locale: &str, locals: &serde_json::Value) -> Result<Rendered> {
    let tera = tera()?;
    let mut language = language(locale);
    if tera
        .get_template(&format!("{language}/{kind}/subject.txt"))
        .is_err()
    {
        language = "fr";
    }
    let context = Context::from_value(locals.clone())
        .map_err(|err| Error::string(&format!("email {kind}: {err}")))?;
    let part = |name: &str| {
        tera.render(&format!("{language}/{kind}/{name}"), &context)
            .map_err(|err| Error::string(&format!("email {kind}/{name}: {err:?}")))
    };
    Ok(Rendered {
        // A subject is one line, whatever the template's line ends.
        subject: part("subject.txt")?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        text: part("message.txt")?,
        html: part("message.html")?,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn reminder_locals() -> serde_json::Value {
        json!({
            "name": "Inès <b>",
            "company": "Boulangerie \"Le Fournil\" & Fils",
            "place": "Metz",
            "contacted_on": "24/11/2026",
            "round": 2,
            "link_days": 30,
            "answer_urls": {
                "interview": "http://localhost/coach/answers/t0k/interview",
                "refused": "http://localhost/coach/answers/t0k/refused",
                "not_yet": "http://localhost/coach/answers/t0k/not_yet",
                "followed_up": "http://localhost/coach/answers/t0k/followed_up",
            },
            "sender": "Mission locale de Metz",
            "organisation": "Mission locale de Metz",
            "manage_url": "http://localhost/coach/emails/m4n",
        })
    }

    #[test]
    fn a_reminder_reads_in_french_with_its_four_answers_escaped_in_html() {
        let mail = render(MessageKind::Reminder, "fr", &reminder_locals()).unwrap();
        assert_eq!(
            mail.subject,
            "Boulangerie \"Le Fournil\" & Fils vous a-t-elle répondu ?"
        );
        assert!(mail.text.starts_with("Bonjour Inès <b>,\n\nLe 24/11/2026, vous avez contacté Boulangerie \"Le Fournil\" & Fils (Metz)."));
        assert!(mail
            .text
            .contains("- Pas encore : http://localhost/coach/answers/t0k/not_yet\n"));
        assert!(mail.text.contains("Une relance par téléphone ou sur place"));
        assert!(mail.text.ends_with("Faire une pause ou ne plus recevoir ces messages : http://localhost/coach/emails/m4n\n"));
        assert!(mail.html.starts_with("<!doctype html>\n<html lang=\"fr\">"));
        assert!(mail.html.contains("Bonjour Inès &lt;b&gt;,"));
        assert!(mail
            .html
            .contains("<strong>Boulangerie &quot;Le Fournil&quot; &amp; Fils</strong>"));
        for answer in ["interview", "refused", "not_yet", "followed_up"] {
            assert!(
                mail.html.contains(&format!("href=\"http:&#x2F;&#x2F;localhost&#x2F;coach&#x2F;answers&#x2F;t0k&#x2F;{answer}\"")),
                "{answer} in {}",
                mail.html
            );
        }
        assert!(mail.html.contains("name=\"viewport\""));
    }

    #[test]
    fn english_is_for_those_who_chose_it_and_the_first_question_has_no_tip() {
        let mut locals = reminder_locals();
        locals["round"] = json!(1);
        let mail = render(MessageKind::Reminder, "en-GB", &locals).unwrap();
        assert_eq!(
            mail.subject,
            "Did Boulangerie \"Le Fournil\" & Fils answer you?"
        );
        assert!(mail
            .text
            .contains("- Not yet: http://localhost/coach/answers/t0k/not_yet"));
        assert!(!mail.text.contains("No news?"));
        assert!(mail.html.contains("<html lang=\"en\">"));
        assert_eq!(language("fr-FR"), "fr");
        assert_eq!(language("de"), "fr");
    }

    #[test]
    fn account_links_read_in_english_for_those_who_chose_it_and_invitations_stay_french() {
        let locals = json!({ "name": "Inès", "link": "http://localhost/reset#t0k" });
        let reset = render(MessageKind::PasswordReset, "en", &locals).unwrap();
        assert_eq!(reset.subject, "Choose a new Relais password");
        assert!(reset
            .text
            .starts_with("Hello Inès,\n\nYou asked to change your Relais password."));
        assert!(reset.text.contains("\nhttp://localhost/reset#t0k\n"));
        assert!(reset
            .html
            .starts_with("<!doctype html>\n<html lang=\"en\">"));
        let sign_in = render(MessageKind::MagicLink, "en-US", &locals).unwrap();
        assert_eq!(sign_in.subject, "Your Relais sign-in link");
        assert!(sign_in.html.contains(">Sign in to Relais</a>"));
        let french = render(MessageKind::PasswordReset, "fr", &locals).unwrap();
        assert_eq!(french.subject, "Choisissez un nouveau mot de passe Relais");

        let invitation = json!({
            "inviter": "Claire", "organisation": "Mission locale de Metz", "role_label": "",
            "is_seeker": true, "expires_on": "18/12/2026", "link": "http://localhost/i#t0k",
            "sender": "Mission locale de Metz",
        });
        let invited = render(MessageKind::Invitation, "en", &invitation).unwrap();
        assert_eq!(
            invited.subject,
            "Invitation à rejoindre Mission locale de Metz sur Relais"
        );
    }

    #[test]
    fn a_digest_names_each_section_and_sums_it_up_in_the_subject() {
        let locals = json!({
            "name": "Claire",
            "organisation": "Mission locale de Metz",
            "sender": "Mission locale de Metz",
            "daily": false,
            "stalled_after_days": 21,
            "hires": [{"seeker": "Inès Martin", "company": "Le Fournil"}],
            "interviews": [
                {"seeker": "Yanis Petit", "company": "Garage Moderne"},
                {"seeker": "Inès Martin", "company": "Le Fournil"}
            ],
            "refusals": [{"seeker": "Yanis Petit", "company": "Auchan", "status": "declined"}],
            "stalled": [{"name": "Léa Roux", "days": 30}, {"name": "Tom Noir", "days": null}],
            "app_url": "http://localhost/",
            "manage_url": "http://localhost/coach/emails/m4n",
        });
        let mail = render(MessageKind::Digest, "fr", &locals).unwrap();
        assert_eq!(
            mail.subject,
            "Votre point de la semaine · 1 embauche · 2 entretiens · 1 autre réponse · 2 sans activité"
        );
        assert!(mail
            .text
            .contains("Embauches (1)\n- Inès Martin chez Le Fournil\n"));
        assert!(mail.text.contains(
            "Entretiens (2)\n- Yanis Petit chez Garage Moderne\n- Inès Martin chez Le Fournil\n"
        ));
        assert!(mail.text.contains("- Yanis Petit : refus de Auchan\n"));
        assert!(mail
            .text
            .contains("- Léa Roux : 30 jours\n- Tom Noir : aucune activité\n"));
        let english = render(MessageKind::Digest, "en", &locals).unwrap();
        assert_eq!(
            english.subject,
            "Your weekly update · 1 hire · 2 interviews · 1 other answer · 2 without activity"
        );
        for html in [&mail.html, &english.html] {
            assert!(html.starts_with("<!doctype html>"), "{html}");
            assert!(html.contains("Inès Martin"), "{html}");
            assert!(html.contains("Léa Roux"), "{html}");
        }
    }

    #[test]
    fn a_nudge_lists_five_companies_and_counts_the_rest() {
        let locals = json!({
            "name": "Inès",
            "count": 7,
            "companies": [
                {"name": "A", "place": "Metz"}, {"name": "B", "place": null},
                {"name": "C", "place": "Woippy"}, {"name": "D", "place": "Metz"},
                {"name": "E", "place": "Metz"}
            ],
            "more": 2,
            "app_url": "http://localhost/",
            "sender": "Mission locale de Metz",
            "organisation": "Mission locale de Metz",
            "manage_url": "http://localhost/coach/emails/m4n",
        });
        let mail = render(MessageKind::Nudge, "fr", &locals).unwrap();
        assert_eq!(mail.subject, "7 entreprises attendent votre candidature");
        assert!(mail.text.contains("- A (Metz)\n- B\n- C (Woippy)"));
        assert!(mail.text.contains("- et 2 autres\n"));
        assert!(mail.html.starts_with("<!doctype html>"), "{}", mail.html);
        assert!(mail
            .html
            .contains("<li><strong>A</strong> (Metz)</li><li><strong>B</strong></li>"));
        assert!(mail.html.contains("<li>et 2 autres</li>"));

        let english = render(MessageKind::Nudge, "en", &locals).unwrap();
        assert_eq!(
            english.subject,
            "7 companies are waiting for your application"
        );
        assert!(english.text.contains("- A (Metz)\n- B\n- C (Woippy)"));
        assert!(english.text.contains("- and 2 more"));
        assert!(english.html.starts_with("<!doctype html>"));
    }

    #[test]
    fn an_email_with_no_english_text_falls_back_to_french() {
        let mail = render(
            MessageKind::WelcomeAdmin,
            "en",
            &json!({"email": "ann@relais.test", "link": "http://localhost/connexion#abc"}),
        )
        .unwrap();
        assert_eq!(mail.subject, "Votre accès administrateur à Relais");
        assert!(mail
            .html
            .contains("http:&#x2F;&#x2F;localhost&#x2F;connexion#abc"));
    }
}

#[cfg(test)]
mod account_tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_invitation_renders_for_a_seeker_and_for_staff() {
        for (is_seeker, role_label) in [(true, ""), (false, "conseiller ou conseillère")] {
            let mail = render(
                MessageKind::Invitation,
                "fr",
                &json!({
                    "organisation": "Mission locale de Metz",
                    "inviter": "Claire",
                    "role_label": role_label,
                    "is_seeker": is_seeker,
                    "expires_on": "10/12/2026",
                    "link": "http://localhost/invitation#abc",
                    "sender": "Mission locale de Metz",
                }),
            )
            .unwrap();
            assert_eq!(
                mail.subject,
                "Invitation à rejoindre Mission locale de Metz sur Relais"
            );
        }
    }
}
