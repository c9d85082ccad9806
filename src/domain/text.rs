//! Free text typed by people: notes, aspirations, reasons. It may hold any
//! letter, but not the invisible characters that break storage (NUL is
//! refused by PostgreSQL) or reorder what others read (bidirectional
//! overrides).

use super::ParseError;

/// Whether a character is refused in typed text; `multiline` allows line
/// breaks and tabs.
fn refused(c: char, multiline: bool) -> bool {
    let bidi_control = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let allowed_control = multiline && matches!(c, '\n' | '\r' | '\t');
    bidi_control || (c.is_control() && !allowed_control)
}

/// Checks typed text: trimmed, 1 to `max_chars` characters, without
/// control characters (but line breaks and tabs when `multiline`).
///
/// # Errors
/// When the text is empty, too long, or holds a refused character.
pub fn typed_text(text: &str, max_chars: usize, multiline: bool) -> Result<String, ParseError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ParseError::new("the text is empty"));
    }
    if text.chars().count() > max_chars {
        return Err(ParseError::new(format!(
            "the text is longer than {max_chars} characters"
        )));
    }
    if let Some(c) = text.chars().find(|c| refused(*c, multiline)) {
        return Err(ParseError::new(format!(
            "the text holds an invisible control character (U+{:04X})",
            u32::from(c)
        )));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_allowed_only_in_multiline_text() {
        assert_eq!(
            typed_text(" Ligne 1\nLigne 2 ", 100, true).unwrap(),
            "Ligne 1\nLigne 2"
        );
        assert!(typed_text("Ligne 1\nLigne 2", 100, false).is_err());
    }

    #[test]
    fn nul_and_bidirectional_overrides_are_refused() {
        let err = typed_text("a\u{0}b", 100, true).unwrap_err();
        assert_eq!(
            err.message,
            "the text holds an invisible control character (U+0000)"
        );
        assert!(typed_text("abc\u{202E}def", 100, false).is_err());
        assert!(typed_text("Café crème — ça va ?", 100, false).is_ok());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(typed_text(&"é".repeat(10), 10, false).is_ok());
        assert!(typed_text(&"é".repeat(11), 10, false).is_err());
        assert!(typed_text("   ", 10, false).is_err());
    }
}
