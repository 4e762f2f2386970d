//! The `StrEnum` derive of generated string enums.

use apiforge_runtime::StrEnum;

#[derive(Debug, Clone, Copy, PartialEq, StrEnum)]
#[serde(rename_all = "kebab-case")]
enum Color {
    LightRed,
    Blue,
    #[serde(rename = "+1")]
    PlusOne,
}

#[test]
fn a_str_enum_parses_its_wire_values_only() {
    assert_eq!("light-red".parse(), Ok(Color::LightRed));
    assert_eq!("blue".parse(), Ok(Color::Blue));
    let unknown = "LightRed".parse::<Color>().unwrap_err();
    assert_eq!(unknown.to_string(), "`LightRed` is not a valid Color");
    assert_eq!(Color::LightRed.to_string(), "light-red");
    assert_eq!("+1".parse(), Ok(Color::PlusOne));
}

/// The same variants under each rule, by `StrEnum` and by serde's derive.
macro_rules! spelled_as_by_serde {
    ($($rule:literal)*) => {$({
        #[derive(StrEnum)]
        #[serde(rename_all = $rule)]
        enum Ours { InProgress, V2Beta, Done, Url }
        #[derive(serde::Serialize)]
        #[serde(rename_all = $rule)]
        enum Serdes { InProgress, V2Beta, Done, Url }
        let ours = [Ours::InProgress, Ours::V2Beta, Ours::Done, Ours::Url].map(|v| v.as_str().to_string());
        let serdes = [Serdes::InProgress, Serdes::V2Beta, Serdes::Done, Serdes::Url]
            .map(|v| serde_json::to_value(v).unwrap().as_str().unwrap().to_string());
        assert_eq!(ours, serdes, "rename_all = {}", $rule);
    })*};
}

#[test]
fn a_rule_spells_variants_as_serde_does() {
    spelled_as_by_serde!("lowercase" "UPPERCASE" "camelCase" "snake_case" "SCREAMING_SNAKE_CASE" "kebab-case" "SCREAMING-KEBAB-CASE");
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
