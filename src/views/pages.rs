//! The few pages the server renders itself: those an email link opens
//! (a coach answer, the coach's email settings), which must work without
//! the web interface and without signing in. French and English, in
//! `src/views/pages/<locale>/`.

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
    let context = Context::from_value(locals.clone())
        .map_err(|err| Error::string(&format!("page {name}: {err}")))?;
    tera.render(&format!("{}/{name}.html", language(locale)), &context)
        .map_err(|err| Error::string(&format!("page {name}: {err:?}")))
}
