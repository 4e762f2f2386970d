//! The Rust types of typed string formats that are not a crate's own:
//! [`Base64`] for `format: byte`, and [`FormatText`], the text a value of a
//! format stands for in a parameter, a header or a pattern check (a
//! `chrono::DateTime`'s `Display` is not RFC 3339).

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;

/// Bytes that travel as base64 text (`format: byte`). Written in the
/// standard alphabet with padding; read in the standard or the URL-safe
/// alphabet, padded or not, as servers send both.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64(pub Vec<u8>);

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Decodes base64 text in either alphabet, padded or not.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    STANDARD_LENIENT.decode(text).or_else(|_| URL_SAFE_LENIENT.decode(text)).ok()
}

impl Base64 {
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Base64 {
        Base64(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Base64 {
        Base64(bytes.to_vec())
    }
}

impl std::ops::Deref for Base64 {
    type Target = Vec<u8>;

    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl std::ops::DerefMut for Base64 {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(&self.0))
    }
}

/// As its base64 text, which is how it travels.
impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({:?})", self.to_string())
    }
}

/// Text that is not base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBase64;

impl fmt::Display for InvalidBase64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not base64 text")
    }
}

impl std::error::Error for InvalidBase64 {}

impl FromStr for Base64 {
    type Err = InvalidBase64;

    fn from_str(text: &str) -> Result<Base64, InvalidBase64> {
        decode_base64(text).map(Base64).ok_or(InvalidBase64)
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Base64, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The text a value of a string format stands for: what its JSON holds,
/// and what a parameter or header carries.
pub trait FormatText {
    fn format_text(&self) -> String;
}

impl<T: FormatText + ?Sized> FormatText for &T {
    fn format_text(&self) -> String {
        (**self).format_text()
    }
}

/// RFC 3339, as chrono's serde writes it: `Z`, and as many fractional
/// digits (0, 3, 6 or 9) as the value needs.
impl FormatText for chrono::DateTime<chrono::Utc> {
    fn format_text(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

/// The text of the types whose `Display` is already the format's.
macro_rules! displayed {
    ($($ty:ty),*) => {$(
        impl FormatText for $ty {
            fn format_text(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

displayed!(chrono::NaiveDate, uuid::Uuid, Ipv4Addr, Ipv6Addr, Base64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_written_padded_and_read_in_either_alphabet_padded_or_not() {
        let bytes = Base64(vec![0xfb, 0xff, 0x61]);
        assert_eq!(serde_json::to_string(&bytes).unwrap(), r#""+/9h""#);
        assert_eq!(Base64(b"a".to_vec()).to_string(), "YQ==");
        for text in ["+/9h", "-_9h"] {
            assert_eq!(text.parse::<Base64>().unwrap(), bytes);
        }
        for text in ["YQ==", "YQ"] {
            assert_eq!(serde_json::from_str::<Base64>(&format!("\"{text}\"")).unwrap().0, b"a");
        }
        assert!("not base64!".parse::<Base64>().is_err());
        assert!(serde_json::from_str::<Base64>("12").is_err());
        assert_eq!(format!("{:?}", Base64(b"a".to_vec())), r#"Base64("YQ==")"#);
    }

    #[test]
    fn format_text_is_the_text_the_json_holds() {
        let instant: chrono::DateTime<chrono::Utc> = "2024-05-01T10:00:00.5+02:00".parse().unwrap();
        assert_eq!(instant.format_text(), "2024-05-01T08:00:00.500Z");
        assert_eq!(serde_json::to_value(instant).unwrap(), instant.format_text().as_str());
        let date: chrono::NaiveDate = "2024-05-01".parse().unwrap();
        assert_eq!(<&chrono::NaiveDate as FormatText>::format_text(&&date), "2024-05-01");
        let id: uuid::Uuid = "67E55044-10B1-426F-9247-BB680E5FE0C8".parse().unwrap();
        assert_eq!(id.format_text(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    }
}
