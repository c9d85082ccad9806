//! Reading a JSON document whose errors name the place of the wrong value.

/// A JSON document that could not be read: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// The path of the wrong value (`target_jobs[1]`), or `whole` when the
    /// document itself is wrong (not JSON, cut short).
    pub field: String,
    pub message: String,
}

/// Reads `bytes` as a `T`; a byte order mark at the start is skipped.
///
/// # Errors
/// When the document is not JSON or a value does not fit `T`.
pub fn read_json<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    whole: &str,
) -> Result<T, JsonError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(bytes)).map_err(
        |err| {
            let path = err.path().to_string();
            // "." is the document itself, "?" a place the parser could not reach.
            let field = if path == "." || path == "?" {
                whole.to_string()
            } else {
                path
            };
            JsonError {
                field,
                message: err.inner().to_string(),
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        jobs: Vec<String>,
    }

    #[test]
    fn a_wrong_value_is_named_by_its_path_and_a_broken_document_as_a_whole() {
        let err = read_json::<Doc>(br#"{"jobs": ["K2204", 3]}"#, "file").unwrap_err();
        assert_eq!(err.field, "jobs[1]");
        let err = read_json::<Doc>(b"nope", "file").unwrap_err();
        assert_eq!(err.field, "file");
        assert!(read_json::<Doc>("\u{feff}{\"jobs\": []}".as_bytes(), "file").is_ok());
    }
}
