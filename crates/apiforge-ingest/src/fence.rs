//! Fenced code blocks of a Markdown page (CommonMark: three or more
//! backticks or tildes, closed by a run of the same character at least as
//! long; an unclosed block runs to the end of the page).

/// One fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FencedBlock {
    /// The first word of the info string, lowercased (`yaml` in ```` ```yaml POST /x ````).
    pub language: String,
    /// The page line (1-based) of the opening fence.
    pub line: usize,
    /// The block's text, with the fence's indentation removed.
    pub content: String,
}

struct Fence {
    marker: char,
    length: usize,
    indent: usize,
}

/// Every fenced block of `page`, in order.
pub fn fenced_blocks(page: &str) -> Vec<FencedBlock> {
    let mut blocks = Vec::new();
    let mut open: Option<(Fence, FencedBlock)> = None;
    for (index, line) in page.lines().enumerate() {
        match open.take() {
            None => {
                if let Some((fence, info)) = opening_fence(line) {
                    let language = info.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
                    open = Some((fence, FencedBlock { language, line: index + 1, content: String::new() }));
                }
            }
            Some((fence, mut block)) => {
                if closes(line, &fence) {
                    blocks.push(block);
                } else {
                    block.content.push_str(strip_indent(line, fence.indent));
                    block.content.push('\n');
                    open = Some((fence, block));
                }
            }
        }
    }
    blocks.extend(open.map(|(_, block)| block));
    blocks
}

/// An opening fence and its info string.
fn opening_fence(line: &str) -> Option<(Fence, &str)> {
    let rest = line.trim_start_matches(' ');
    let indent = line.len() - rest.len();
    let marker = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = rest.chars().take_while(|c| *c == marker).count();
    let info = rest[length..].trim();
    if indent > 3 || length < 3 || (marker == '`' && info.contains('`')) {
        return None;
    }
    Some((Fence { marker, length, indent }, info))
}

fn closes(line: &str, fence: &Fence) -> bool {
    let rest = line.trim_start_matches(' ');
    let run = rest.chars().take_while(|c| *c == fence.marker).count();
    line.len() - rest.len() <= 3 && run >= fence.length && rest[run..].trim().is_empty()
}

fn strip_indent(line: &str, indent: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(indent)..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_with_their_language_and_line() {
        let page = "# Title\n\n````yaml POST /x\na: 1\n```\nb: 2\n````\ntext\n~~~json\n{}\n~~~\n```\nplain\n```\n";
        let blocks = fenced_blocks(page);
        let summary: Vec<(&str, usize, &str)> =
            blocks.iter().map(|b| (b.language.as_str(), b.line, b.content.as_str())).collect();
        assert_eq!(summary, vec![("yaml", 3, "a: 1\n```\nb: 2\n"), ("json", 9, "{}\n"), ("", 12, "plain\n")]);
    }

    #[test]
    fn removes_the_fence_indentation_and_runs_an_unclosed_block_to_the_end() {
        let blocks = fenced_blocks("  ```YAML\n    a: 1\n  b: 2\n");
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].language, "yaml");
        assert_eq!(blocks[0].content, "  a: 1\nb: 2\n");
    }

    #[test]
    fn backtick_info_strings_cannot_hold_backticks() {
        assert!(fenced_blocks("```a`b\ncode\n").is_empty());
    }
}
