//! The report as text (one line a change, grouped by operation), Markdown
//! (for a pull request comment) or JSON.

use std::fmt::Write;

use crate::{Change, Report, Semver};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Format, String> {
        match text {
            "text" => Ok(Format::Text),
            "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format `{other}`: use text, markdown or json")),
        }
    }
}

pub(crate) fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        // A report is plain data: it always serializes.
        Format::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
    }
}

fn verdict(change: &Change) -> &'static str {
    match (change.breaking_for_clients, change.breaking_for_servers) {
        (true, true) => "breaks clients and servers",
        (true, false) => "breaks clients",
        (false, true) => "breaks servers",
        (false, false) => "compatible",
    }
}

/// The changes of each operation together, operations in report order.
fn grouped(report: &Report) -> Vec<(&str, Vec<&Change>)> {
    let mut groups: Vec<(&str, Vec<&Change>)> = Vec::new();
    for change in &report.changes {
        match groups.iter_mut().find(|(operation, _)| *operation == change.operation) {
            Some((_, changes)) => changes.push(change),
            None => groups.push((&change.operation, vec![change])),
        }
    }
    groups
}

fn summary(report: &Report) -> String {
    if report.changes.is_empty() {
        return "no API change".into();
    }
    let clients = report.changes.iter().filter(|c| c.breaking_for_clients).count();
    let servers = report.changes.iter().filter(|c| c.breaking_for_servers).count();
    let bump = match report.semver {
        Semver::Major => "a major version",
        Semver::Minor => "a minor version",
        Semver::Patch => "a patch version",
    };
    format!(
        "{} change(s): {clients} break clients, {servers} break servers; the generated crate needs {bump}",
        report.changes.len()
    )
}

fn text(report: &Report) -> String {
    let mut out = String::new();
    for (operation, changes) in grouped(report) {
        let _ = writeln!(out, "{operation}");
        for change in changes {
            let _ = writeln!(out, "  {:<28} {}", verdict(change), change.message);
        }
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

fn markdown(report: &Report) -> String {
    let mut out = format!("### API changes\n\n{}\n", summary(report));
    if report.changes.is_empty() {
        return out;
    }
    out.push_str("\n| operation | change | breaks clients | breaks servers |\n|---|---|:---:|:---:|\n");
    let mark = |yes: bool| if yes { "yes" } else { "" };
    for (operation, changes) in grouped(report) {
        for change in changes {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                operation,
                change.message.replace('|', "\\|"),
                mark(change.breaking_for_clients),
                mark(change.breaking_for_servers)
            );
        }
    }
    out
}
