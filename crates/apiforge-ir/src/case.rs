//! snake_case and UpperCamelCase with heck's word boundaries, for ASCII text
//! (nearly every name in a spec). heck writes each character through a
//! formatter, which was a fifth of lowering Kubernetes; other text still goes
//! to heck, and a test holds the two to the same output.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `text` in snake_case, as heck spells it.
pub fn snake(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_snake_case();
    }
    let mut out = String::with_capacity(text.len() + 4);
    for_each_word(text, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// `text` in UpperCamelCase, as heck spells it.
pub fn upper_camel(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_upper_camel_case();
    }
    let mut out = String::with_capacity(text.len());
    for_each_word(text, |word| {
        let mut bytes = word.bytes();
        out.extend(bytes.next().map(|first| char::from(first.to_ascii_uppercase())));
        out.extend(bytes.map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// The words of ASCII `text`, never empty: runs of letters and digits, cut
/// where a lowercase letter meets a capital (`fooBar`) and before the last
/// capital of an acronym that starts a word (`HTTPServer` is `HTTP Server`).
/// Digits belong to the word they are in.
fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    for run in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = run.as_bytes();
        let mut start = 0;
        // The case of the last letter since `start`: None before any.
        let mut last_upper: Option<bool> = None;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                each(&run[start..]);
                break;
            };
            let upper = if c.is_ascii_lowercase() {
                Some(false)
            } else if c.is_ascii_uppercase() {
                Some(true)
            } else {
                last_upper
            };
            if upper == Some(false) && next.is_ascii_uppercase() {
                each(&run[start..=i]);
                start = i + 1;
                last_upper = None;
            } else if last_upper == Some(true) && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                each(&run[start..i]);
                start = i;
                last_upper = None;
            } else {
                last_upper = upper;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        assert_eq!(snake("HTTPServer error2Code"), "http_server_error2_code");
        assert_eq!(upper_camel("io.k8s.api.core.v1.PodSpec"), "IoK8sApiCoreV1PodSpec");
        assert_eq!(upper_camel("Ünïcode name"), "ÜnïcodeName");
    }

    /// Every string of up to five characters from lowercase and capital
    /// letters, digits and separators: the same as heck.
    #[test]
    fn spells_like_heck() {
        const ALPHABET: [char; 7] = ['a', 'y', 'B', 'Z', '1', '_', '.'];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts.iter().flat_map(|text| ALPHABET.map(|c| format!("{text}{c}"))).collect();
            for text in &longer {
                assert_eq!(snake(text), text.to_snake_case(), "{text:?}");
                assert_eq!(upper_camel(text), text.to_upper_camel_case(), "{text:?}");
            }
            texts = longer;
        }
    }
}
