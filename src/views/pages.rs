//! The few pages the server renders itself: those an email link opens
//! (a coach answer, the coach's email settings), which must work without
//! the web interface and without signing in. French and English, in
//! `src/views/pages/<locale>/`, around one `layout.html`.

use std::sync::OnceLock;

use include_dir::{include_dir, Dir};
use loco_rs::{Error, Result};
use tera::{Context, Tera};

use crate::mailers::templates::{compile, language};

static PAGES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/views/pages");

/// Renders page `name` in `locale`'s language.
///
/// # Errors
/// When the template is missing or a value it needs is not in `locals`.
pub fn render(name: &str, locale: &str, locals: &serde_json::Value) -> Result<String> {
    static TERA: OnceLock<std::result::Result<Tera, String>> = OnceLock::new();
    let tera = TERA
        .get_or_init(|| compile(&PAGES))
        .as_ref()
        .map_err(|err| Error::string(err))?;
    let lang = language(locale);
    let mut context = Context::from_value(locals.clone())
        .map_err(|err| Error::string(&format!("page {name}: {err}")))?;
    context.insert("lang", lang);
    tera.render(&format!("{lang}/{name}.html"), &context)
        .map_err(|err| Error::string(&format!("page {name}: {err:?}")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn pages_speak_the_persons_language_and_escape_what_they_show() {
        let locals = json!({
            "state": "recorded",
            "answer": "not_yet",
            "company": "<script>alert(1)</script>",
            "gave_up": false,
            "ask_again_on": "10/12/2026",
            "app_url": "http://localhost/",
        });
        let english = render("answer", "en", &locals).unwrap();
        assert!(english.starts_with("<!doctype html>\n<html lang=\"en\">"));
        assert!(english.contains("<title>Answer recorded — Relais</title>"));
        assert!(english.contains("Skip to content"));
        assert!(english.contains("We will ask you again on 10&#x2F;12&#x2F;2026."));
        assert!(english
            .contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;: <strong>not yet</strong>"));
        let french = render("answer", "fr", &locals).unwrap();
        assert!(french.contains("<html lang=\"fr\">"));
        assert!(french.contains("<strong>pas encore</strong>"));
        assert!(!french.contains("<script>alert"));
    }
}
