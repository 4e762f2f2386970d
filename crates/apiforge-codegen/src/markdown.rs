//! Spec descriptions as doc comments clippy finds nothing to say about, read
//! the same by rustdoc. CommonMark lets a paragraph inside a list item or a
//! block quote go on in lines that are neither indented nor marked ("lazy"
//! lines, common in specs); clippy's `doc_lazy_continuation` asks for the
//! indentation or the `>`, and `tabs_in_doc_comments` for spaces. Both
//! rewrites keep what the Markdown says.

/// The lines of one description, with lazy lines indented or marked and
/// tabs as four spaces.
pub fn tidy<'a>(lines: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut tidied = Vec::new();
    // The paragraph the last line belongs to, if a lazy line may go on with it.
    let mut open: Option<Open> = None;
    let mut fenced = false;
    for line in lines {
        let line = line.replace('\t', "    ");
        let indent = line.len() - line.trim_start().len();
        let text = line.trim_start();
        if fence(text) && indent < 4 {
            fenced = !fenced;
            open = None;
            tidied.push(line);
            continue;
        }
        if fenced || text.is_empty() {
            open = None;
            tidied.push(line);
            continue;
        }
        if let Some(content) = item_content(text) {
            open = Some(Open::Item(indent + content));
            tidied.push(line);
            continue;
        }
        if text.starts_with('>') && indent < 4 {
            open = Some(Open::Quote(indent));
            tidied.push(line);
            continue;
        }
        let lazy = !starts_block(text);
        tidied.push(match open {
            Some(Open::Item(column)) if lazy && indent < column => format!("{}{text}", " ".repeat(column)),
            Some(Open::Quote(column)) if lazy => format!("{}> {text}", " ".repeat(column)),
            _ => {
                if !lazy {
                    open = None;
                }
                line
            }
        });
    }
    tidied
}

/// A paragraph a lazy line would go on with: a list item's, whose text
/// starts at the column; or a block quote's, whose `>` is at the column.
#[derive(Clone, Copy)]
enum Open {
    Item(usize),
    Quote(usize),
}

fn fence(text: &str) -> bool {
    text.starts_with("```") || text.starts_with("~~~")
}

/// Where a list item's text starts, from its marker (`- `, `* `, `+ `,
/// `1. `, `1) `); None for any other line.
fn item_content(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match text.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    let rest = &text[marker..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    // A marker alone, or glued to its text, is no item (`**bold**`, `-1`).
    (spaces > 0 && !rest.trim().is_empty()).then(|| marker + spaces.min(4))
}

/// Whether a line starts a block of its own (a heading, a rule, a table
/// row, HTML), which ends the paragraph before it instead of going on with it.
fn starts_block(text: &str) -> bool {
    let rule = text.len() >= 3 && text.chars().all(|c| c == '-' || c == '*' || c == '_' || c == ' ');
    text.starts_with('#') || text.starts_with('|') || text.starts_with('<') || rule
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn lazy_lines_are_indented_or_marked_as_markdown_reads_them() {
        let text =
            "The options are:\n * `secret` - only owners.\n * `closed` - all members.\nDefault: `secret`\n\nAfter.";
        assert_eq!(
            tidy(text.lines()),
            [
                "The options are:",
                " * `secret` - only owners.",
                " * `closed` - all members.",
                "   Default: `secret`",
                "",
                "After."
            ]
        );
        let quote = "> [!NOTE]\n>    Both kinds of token.\nOthers see nothing.";
        assert_eq!(tidy(quote.lines()), ["> [!NOTE]", ">    Both kinds of token.", "> Others see nothing."]);
        let numbered = "1. First\nstill first\n## Heading\nplain";
        assert_eq!(tidy(numbered.lines()), ["1. First", "   still first", "## Heading", "plain"]);
    }

    #[test]
    fn code_tabs_and_lookalikes_are_kept() {
        let code = "- item\n```\nnot lazy\n```\n**bold** text\ngoes on\n-1 is negative\nstill";
        assert_eq!(
            tidy(code.lines()),
            ["- item", "```", "not lazy", "```", "**bold** text", "goes on", "-1 is negative", "still"]
        );
        assert_eq!(tidy(["\tindented", "a\tb"]), ["    indented", "a    b"]);
    }
}
