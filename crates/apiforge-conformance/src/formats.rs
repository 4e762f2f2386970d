//! Strings: for a `format`, for a `pattern`, and plain text that exercises
//! escaping and multi-byte characters.

use base64::Engine;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// A string in `format`, for the formats a validator checks or a generated
/// type might read differently; `None` for any other format (plain text).
pub fn draw(rng: &mut ChaCha8Rng, format: &str) -> Option<String> {
    let mut n = |low: u32, high: u32| rng.random_range(low..=high);
    let text = match format {
        "date-time" => {
            let fraction = if n(0, 1) == 1 { format!(".{:03}", n(0, 999)) } else { String::new() };
            let offset = if n(0, 1) == 1 { "Z".to_string() } else { format!("+{:02}:{:02}", n(0, 13), n(0, 1) * 30) };
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}{offset}",
                n(1970, 2099),
                n(1, 12),
                n(1, 28),
                n(0, 23),
                n(0, 59),
                n(0, 59)
            )
        }
        "date" => format!("{:04}-{:02}-{:02}", n(1970, 2099), n(1, 12), n(1, 28)),
        "time" => format!("{:02}:{:02}:{:02}Z", n(0, 23), n(0, 59), n(0, 59)),
        "uuid" => format!(
            "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
            n(0, u32::MAX),
            n(0, 0xffff),
            n(0, 0xfff),
            n(8, 11),
            n(0, 0xfff),
            (u64::from(n(0, u32::MAX)) << 16) | u64::from(n(0, 0xffff))
        ),
        "email" | "idn-email" => format!("user{}@example.com", n(0, 9999)),
        "uri" | "url" | "iri" => format!("https://example.com/items/{}", n(0, 9999)),
        "uri-reference" | "iri-reference" => format!("/items/{}", n(0, 9999)),
        "uri-template" => format!("https://example.com/items/{}/{{part}}", n(0, 9999)),
        "json-pointer" => format!("/items/{}", n(0, 9999)),
        "relative-json-pointer" => format!("{}/items", n(0, 9)),
        "hostname" | "idn-hostname" => format!("host{}.example.com", n(0, 9999)),
        "duration" => format!("P{}DT{}H", n(0, 30), n(0, 23)),
        "regex" => format!("^item-[0-9]{{{}}}$", n(1, 4)),
        "ipv4" => format!("{}.{}.{}.{}", n(1, 223), n(0, 255), n(0, 255), n(1, 254)),
        "ipv6" => format!("2001:db8::{:x}", n(1, 0xffff)),
        "byte" => {
            let bytes: Vec<u8> = (0..n(0, 12)).map(|_| n(0, 255) as u8).collect();
            base64::engine::general_purpose::STANDARD.encode(bytes)
        }
        _ => return None,
    };
    Some(text)
}

/// A string matching `pattern`, when it reads as a regular expression
/// without look-around; `None` otherwise (the caller draws plain text, and
/// the validator decides).
pub fn matching(rng: &mut ChaCha8Rng, pattern: &str) -> Option<String> {
    // An anchor is implied: the drawn string matches the whole expression.
    let inner = pattern.strip_prefix('^').unwrap_or(pattern);
    let inner = match inner.strip_suffix('$') {
        Some(rest) if !rest.ends_with('\\') => rest,
        _ => inner,
    };
    // ECMA-262 classes (`\d`, `\w`) are ASCII; a pattern with other
    // characters in it is read with Unicode on.
    let ascii = regex_syntax::ParserBuilder::new().unicode(false).build().parse(inner).ok();
    let hir = ascii.or_else(|| regex_syntax::Parser::new().parse(inner).ok())?;
    let regex = rand_regex::Regex::with_hir(hir, 8).ok()?;
    let drawn: Result<String, _> = rng.sample(&regex);
    drawn.ok()
}

/// One character of plain text: mostly ASCII letters and digits, sometimes
/// what JSON escapes or UTF-8 spells in several bytes.
pub fn character(rng: &mut ChaCha8Rng) -> char {
    const SPECIAL: [char; 8] = [' ', '"', '\\', '/', 'é', 'ß', '✓', '𝄞'];
    const PLAIN: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    if rng.random_bool(0.1) {
        SPECIAL[rng.random_range(0..SPECIAL.len())]
    } else {
        char::from(PLAIN[rng.random_range(0..PLAIN.len())])
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    /// Each format drawn is valid for a validator that checks formats.
    #[test]
    fn drawn_strings_hold_their_format() {
        let formats = [
            "date-time",
            "date",
            "time",
            "uuid",
            "email",
            "idn-email",
            "uri",
            "iri",
            "uri-reference",
            "iri-reference",
            "uri-template",
            "json-pointer",
            "relative-json-pointer",
            "hostname",
            "idn-hostname",
            "ipv4",
            "ipv6",
            "duration",
            "regex",
            "byte",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for format in formats {
            let schema = serde_json::json!({"type": "string", "format": format});
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&schema)
                .unwrap();
            for _ in 0..20 {
                let text = super::draw(&mut rng, format).unwrap();
                assert!(validator.is_valid(&serde_json::json!(text)), "{format}: {text}");
            }
        }
    }
}
