//! The `StrEnum` derive of generated string enums.

use apiforge_runtime::StrEnum;

#[derive(Debug, Clone, Copy, PartialEq, StrEnum)]
enum Color {
    LightRed,
    Blue,
}

impl Color {
    fn as_str(&self) -> &'static str {
        match self {
            Self::LightRed => "light-red",
            Self::Blue => "blue",
        }
    }
}

#[test]
fn a_str_enum_parses_its_wire_values_only() {
    assert_eq!("light-red".parse(), Ok(Color::LightRed));
    assert_eq!("blue".parse(), Ok(Color::Blue));
    let unknown = "LightRed".parse::<Color>().unwrap_err();
    assert_eq!(unknown.to_string(), "`LightRed` is not a valid Color");
    assert_eq!(Color::LightRed.to_string(), "light-red");
}

#[test]
fn a_str_enum_travels_as_its_string() {
    assert_eq!(serde_json::to_string(&Color::LightRed).unwrap(), r#""light-red""#);
    assert_eq!(serde_json::from_str::<Color>(r#""blue""#).unwrap(), Color::Blue);
    // An escaped string is read unescaped, through an owned copy.
    assert_eq!(serde_json::from_str::<Color>(r#""light\u002dred""#).unwrap(), Color::LightRed);
    let unknown = serde_json::from_str::<Color>(r#""green""#).unwrap_err();
    assert_eq!(unknown.to_string(), "`green` is not a valid Color at line 1 column 7");
    let mistyped = serde_json::from_str::<Color>("1").unwrap_err();
    assert_eq!(mistyped.to_string(), "invalid type: integer `1`, expected a string at line 1 column 1");
}
