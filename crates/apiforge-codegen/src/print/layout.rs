//! Lines and indentation, in the manner of rustfmt: one item, statement,
//! field or match arm per line; blocks indented; a parenthesized list that
//! does not fit in the width broken one element per line (unless only its
//! last element holds a block, which then spills over, as a closure
//! argument does); a method chain that does not fit broken before each `.`;
//! a field's type that does not fit after its name on the line below if it
//! fits there, else a type's generic arguments one per line; a trait impl's
//! header that does not fit broken before `for` and before its body; a
//! statement's value that does not fit after its `=` on the next line.

use proc_macro2::Delimiter;

use super::doc;
use super::spacing::{calls, space, Prev};
use super::tree::{Node, Role, Word};

const WIDTH: usize = 100;
const INDENT: &str = "    ";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Items or statements: `;` and list commas end lines.
    Block,
    /// Within one line (which its groups may still break).
    Inline,
    /// An attribute or a `use` tree: never broken, braces kept inline.
    Flat,
}

pub(super) struct Printer {
    out: String,
    indent: usize,
    /// Where the current line starts in `out`.
    line_start: usize,
    /// Nothing printed on the current line yet (not even its indent).
    fresh: bool,
    /// Within an attribute: a broken list gets no added trailing comma,
    /// which not every attribute's parser accepts.
    in_attribute: bool,
}

impl Printer {
    /// A printer whose output should take about `capacity` bytes.
    pub(super) fn new(indent: usize, capacity: usize) -> Printer {
        Printer { out: String::with_capacity(capacity), indent, line_start: 0, fresh: true, in_attribute: false }
    }

    pub(super) fn finish(self) -> String {
        self.out
    }

    /// Prints items (or statements), each on lines of its own.
    pub(super) fn items(&mut self, nodes: &[Node]) {
        self.seq(nodes, Mode::Block, 0);
        self.newline();
    }

    fn col(&self) -> usize {
        if self.fresh {
            self.indent * INDENT.len()
        } else {
            self.out.len() - self.line_start
        }
    }

    fn put(&mut self, text: &str, space: bool) {
        if self.fresh {
            for _ in 0..self.indent {
                self.out.push_str(INDENT);
            }
            self.fresh = false;
        } else if space {
            self.out.push(' ');
        }
        self.out.push_str(text);
    }

    fn newline(&mut self) {
        if !self.fresh {
            self.out.push('\n');
            self.line_start = self.out.len();
            self.fresh = true;
        }
    }

    /// Prints `nodes`, which `outer_tail` columns follow on their last line
    /// (the closing delimiters and whatever follows them).
    fn seq(&mut self, nodes: &[Node], mode: Mode, outer_tail: usize) {
        let mut prev = Prev::Start;
        let mut nesting = Nesting::default();
        let mut in_use = false;
        let mut chain_end = None;
        // An arm's body, a field's type or a statement's value started on
        // the line below its `=>`, `:` or `=`, indented one level more up to here.
        let mut hang_end = None;
        // A trait impl's header too long for its line: where its `for` and
        // its body start, each on a line of its own.
        let mut impl_breaks = None;
        let mut i = 0;
        while i < nodes.len() {
            if let Some((at_for, at_body)) = impl_breaks {
                if i == at_for {
                    self.indent += 1;
                    self.newline();
                    prev = Prev::Start;
                } else if i == at_body {
                    self.indent -= 1;
                    self.newline();
                    prev = Prev::Start;
                    impl_breaks = None;
                }
            }
            if chain_end == Some(i) {
                chain_end = None;
                self.indent -= 1;
            }
            if hang_end == Some(i) {
                hang_end = None;
                self.indent -= 1;
            }
            if let Some(len) = attribute_len(&nodes[i..]) {
                self.attribute(&nodes[i..i + len], prev, mode);
                prev = match mode {
                    Mode::Block => Prev::Start,
                    _ => Prev::Close(Delimiter::Bracket),
                };
                i += len;
                continue;
            }
            let node = &nodes[i];
            in_use |= matches!(node, Node::Word("use", _));
            // Where what follows this node starts on the next line, indented.
            let mut hang_to = None;
            match node {
                Node::Word(word, _) if *word == "impl" && mode == Mode::Block && nesting.top() && impl_breaks.is_none() => {
                    impl_breaks = self.impl_header_breaks(&nodes[i..]).map(|(at_for, at_body)| (i + at_for, i + at_body));
                    self.put(word, space(prev, node));
                }
                Node::Word(word, _) if *word == "where" && mode == Mode::Block && nesting.top() => {
                    i += self.where_clause(&nodes[i..]);
                    prev = Prev::Start;
                    continue;
                }
                Node::Group(Delimiter::Brace, children) => {
                    let mode = if in_use { Mode::Flat } else { mode };
                    let one_line = rest_pattern(children) || shorthand_literal(&nodes[..i], children);
                    let broken = self.brace(node, children, prev, mode, one_line);
                    let next = nodes.get(i + 1);
                    let line_ends = if broken { !continues(next) } else { starts_item(next) };
                    if mode == Mode::Block && line_ends {
                        self.newline();
                        prev = Prev::Start;
                        i += 1;
                        continue;
                    }
                }
                Node::Group(delimiter, children) => {
                    let tail = || match tail_width(&nodes[i + 1..], Prev::of(node)) {
                        Tail::Stops(width) => width,
                        Tail::Runs(width) => width + outer_tail,
                    };
                    self.delimited(*delimiter, node, children, prev, mode, tail);
                }
                Node::Op(text, Role::Semi) if mode == Mode::Block => {
                    self.put(text, false);
                    self.newline();
                    in_use = false;
                    prev = Prev::Start;
                    i += 1;
                    continue;
                }
                Node::Op(text, Role::Comma) if mode == Mode::Block && nesting.top() => {
                    self.put(text, false);
                    self.newline();
                    prev = Prev::Start;
                    i += 1;
                    continue;
                }
                // A match arm whose body does not fit after `=>` starts it on the next line.
                Node::Op(text @ "=>", _) if mode == Mode::Block && nesting.top() && hang_end.is_none() => {
                    self.put(text, true);
                    // To the arm's comma: not a split of every arm that follows.
                    let end = i + 1 + top_level_end(&nodes[i + 1..], |node| matches!(node, Node::Op(_, Role::Comma)));
                    let body = &nodes[i + 1..end];
                    let block = matches!(body.first(), Some(Node::Group(Delimiter::Brace, _)));
                    let room = WIDTH.saturating_sub(self.col() + 2);
                    let fits = !matches!(measure(body, room), Measure::TooWide) || head_fits(body, room);
                    if !block && !fits {
                        hang_to = Some(end);
                    }
                }
                // A field whose type does not fit after its name, but does on
                // a line of its own, starts the type on the next line. Only a
                // type: a value with a call or a block in it breaks there.
                Node::Op(text, Role::Colon) if mode == Mode::Block && nesting.top() && hang_end.is_none() => {
                    let end = i + 1 + top_level_end(&nodes[i + 1..], |node| matches!(node, Node::Op(_, Role::Comma | Role::Semi)));
                    let field_type = &nodes[i + 1..end];
                    let room = WIDTH.saturating_sub(self.col() + 3);
                    let below = WIDTH.saturating_sub((self.indent + 1) * INDENT.len() + 1);
                    let fits = |room| !matches!(measure(field_type, room), Measure::TooWide);
                    let hangs = plain_type(field_type) && !fits(room) && fits(below);
                    self.put(text, !hangs && space(prev, node));
                    if hangs {
                        hang_to = Some(end);
                    }
                }
                // A statement's value (`let x: T = value;`) that does not fit
                // after its `=`, but does on a line of its own, starts there.
                // One with a block in it spills over instead, and a line too
                // long up to its `=` is left whole (as rustfmt leaves it).
                Node::Op(text @ "=", Role::Binary) if mode == Mode::Block && nesting.top() && hang_end.is_none() => {
                    let end = i + 1 + top_level_end(&nodes[i + 1..], |node| matches!(node, Node::Op(_, Role::Comma | Role::Semi)));
                    let value = &nodes[i + 1..end];
                    let room = WIDTH.saturating_sub(self.col() + 4);
                    let below = WIDTH.saturating_sub((self.indent + 1) * INDENT.len() + 1);
                    let fits = |room| matches!(measure(value, room), Measure::Fits(_));
                    self.put(text, space(prev, node));
                    if self.col() <= WIDTH && !fits(room) && fits(below) {
                        hang_to = Some(end);
                    }
                }
                // Generic arguments too long for their line go one per line
                // (a type's: not a turbofish's or a qualified path's, nor a
                // function's generic parameters, whose arguments break first).
                Node::Op(_, Role::AngleOpen) if mode != Mode::Flat && nesting.top() && prev == Prev::Word(Word::Plain) => {
                    let close = i + closing_angle(&nodes[i..]);
                    if self.breaks_angles(&nodes[i..], close - i, outer_tail) {
                        self.angled(&nodes[i + 1..close]);
                        prev = Prev::Op(Role::AngleClose);
                        i = close + 1;
                        continue;
                    }
                    self.put(text_of(node), space(prev, node));
                }
                Node::Op(text, Role::Dot) if mode != Mode::Flat => {
                    let mut starts_chain = false;
                    if chain_end.is_none() {
                        let end = chain_len(&nodes[i..]) + i;
                        if self.breaks_chain(&nodes[i..end]) {
                            self.indent += 1;
                            chain_end = Some(end);
                            starts_chain = true;
                        }
                    }
                    // A root no wider than an indent keeps its first call (`f.debug_struct(..)`).
                    if chain_end.is_some() && !(starts_chain && short_root(&nodes[..i])) {
                        self.newline();
                    }
                    self.put(text, false);
                }
                _ => self.put(text_of(node), space(prev, node)),
            }
            nesting.track(node);
            prev = Prev::of(node);
            if let Some(end) = hang_to {
                self.indent += 1;
                self.newline();
                hang_end = Some(end);
                prev = Prev::Start;
            }
            i += 1;
        }
        self.indent -= usize::from(chain_end.is_some()) + usize::from(hang_end.is_some());
    }

    /// Prints a brace group (`{ a, .. }` on one line when `one_line`);
    /// returns whether it took lines of its own.
    fn brace(&mut self, node: &Node, children: &[Node], prev: Prev, mode: Mode, one_line: bool) -> bool {
        let space = space(prev, node);
        if children.is_empty() {
            self.put("{}", space);
            return false;
        }
        if mode == Mode::Flat {
            self.put("{", space);
            self.seq(children, Mode::Flat, 0);
            self.put("}", false);
            return false;
        }
        if one_line {
            self.put("{ ", space);
            self.seq(children, Mode::Flat, 0);
            self.put("}", true);
            return false;
        }
        self.put("{", space);
        self.indent += 1;
        self.newline();
        self.seq(children, Mode::Block, 0);
        if needs_final_comma(children) {
            self.put(",", false);
        }
        self.indent -= 1;
        self.newline();
        self.put("}", false);
        true
    }

    /// A parenthesis or bracket group, followed on its line by `tail()`
    /// columns (measured only when the group may break).
    fn delimited(
        &mut self,
        delimiter: Delimiter,
        node: &Node,
        children: &[Node],
        prev: Prev,
        mode: Mode,
        tail: impl FnOnce() -> usize,
    ) {
        let (open, close) = match delimiter {
            Delimiter::Bracket => ("[", "]"),
            _ => ("(", ")"),
        };
        self.put(open, space(prev, node));
        if mode == Mode::Flat || children.is_empty() {
            self.seq(children, Mode::Flat, 0);
            self.put(close, false);
            return;
        }
        let tail = tail();
        let budget = WIDTH.saturating_sub(self.col() + close.len() + tail);
        // The elements to put one per line, or None when the group stays on its line.
        let broken = match measure(children, budget) {
            Measure::Fits(_) => None,
            // Only the last element holds a block, and what precedes the
            // block fits: the block spills over (`.map(|x| {`).
            Measure::BlockAt { index } => Some(split(children)).filter(|elements| index < last_start(children, elements)),
            // A lone element ending in a call spills its arguments over:
            // `Err(Unknown::new(` then one argument per line.
            Measure::TooWide => Some(split(children)).filter(|elements| elements.len() > 1 || !head_fits(children, budget)),
        };
        let Some(elements) = broken else {
            self.seq(children, Mode::Inline, close.len() + tail);
            self.put(close, false);
            return;
        };
        let had_trailing = matches!(children.last(), Some(Node::Op(_, Role::Comma)));
        // A vertical list ends with a comma, except where that changes the
        // meaning: `(x)` is not `(x,)`, and `[T; N,]` does not parse.
        let trailing = had_trailing
            || (!self.in_attribute && (elements.len() > 1 || (delimiter == Delimiter::Parenthesis && calls(prev))));
        self.indent += 1;
        let count = elements.len();
        for (k, element) in elements.into_iter().enumerate() {
            self.newline();
            self.seq(element, Mode::Inline, 1);
            if k + 1 < count || trailing {
                self.put(",", false);
            }
        }
        self.indent -= 1;
        self.newline();
        self.put(close, false);
    }

    /// Whether the angle brackets opening `nodes` and closing at `close`
    /// (with what follows them on the line) are too wide for it.
    fn breaks_angles(&self, nodes: &[Node], close: usize, outer_tail: usize) -> bool {
        if close >= nodes.len() || close < 2 || matches!(nodes.get(close + 1), Some(Node::Group(Delimiter::Parenthesis, _))) {
            return false;
        }
        let tail = match tail_width(&nodes[close + 1..], Prev::Op(Role::AngleClose)) {
            Tail::Stops(width) => width,
            Tail::Runs(width) => width + outer_tail,
        };
        matches!(measure(&nodes[..=close], WIDTH.saturating_sub(self.col() + tail)), Measure::TooWide)
    }

    /// `<`, each of the arguments on a line of its own, `>`.
    fn angled(&mut self, arguments: &[Node]) {
        self.put("<", false);
        self.indent += 1;
        for argument in split(arguments) {
            self.newline();
            self.seq(argument, Mode::Inline, 1);
            self.put(",", false);
        }
        self.indent -= 1;
        self.newline();
        self.put(">", false);
    }

    /// Where a trait impl's header (`nodes` from `impl`) that does not fit on
    /// its line breaks, as rustfmt breaks it: before `for`, and before the
    /// body's brace. None for a header that fits, has no `for` or has a
    /// `where` clause (which breaks on its own).
    fn impl_header_breaks(&self, nodes: &[Node]) -> Option<(usize, usize)> {
        let body = top_level_end(nodes, |node| matches!(node, Node::Group(Delimiter::Brace, _) | Node::Op(_, Role::Semi) | Node::Word("where", _)));
        if !matches!(nodes.get(body), Some(Node::Group(Delimiter::Brace, _))) {
            return None;
        }
        let at_for = top_level_end(&nodes[..body], |node| matches!(node, Node::Word("for", _)));
        let too_wide = matches!(measure(&nodes[..body], WIDTH.saturating_sub(self.col() + 2)), Measure::TooWide);
        (at_for < body && too_wide).then_some((at_for, body))
    }

    /// Whether a method chain starting here is printed one `.` per line.
    fn breaks_chain(&self, chain: &[Node]) -> bool {
        let calls = chain
            .windows(3)
            .filter(|w| {
                matches!((&w[0], &w[2]), (Node::Op(_, Role::Dot), Node::Group(Delimiter::Parenthesis, _)))
            })
            .count();
        calls >= 2 && !matches!(measure(chain, WIDTH.saturating_sub(self.col())), Measure::Fits(_))
    }

    /// `where` and its predicates, one per line; returns how many nodes it
    /// took (up to the body or `;`).
    fn where_clause(&mut self, nodes: &[Node]) -> usize {
        let end = top_level_end(nodes, |node| matches!(node, Node::Group(Delimiter::Brace, _) | Node::Op(_, Role::Semi)));
        self.newline();
        self.put("where", false);
        self.indent += 1;
        for predicate in split(&nodes[1..end]) {
            self.newline();
            self.seq(predicate, Mode::Inline, 1);
            self.put(",", false);
        }
        self.indent -= 1;
        self.newline();
        end
    }

    /// `#[...]`, `#![...]`; a doc attribute as a `///` line where it can be.
    fn attribute(&mut self, nodes: &[Node], prev: Prev, mode: Mode) {
        let Some(Node::Group(_, inside)) = nodes.last() else { return };
        let inner = nodes.len() == 3;
        if mode == Mode::Block {
            self.newline();
        }
        match doc::text(inside).filter(|_| !inner && mode == Mode::Block) {
            Some(text) => {
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        self.newline();
                    }
                    self.put("///", false);
                    self.out.push_str(line);
                }
            }
            None => {
                self.put(if inner { "#![" } else { "#[" }, space(prev, &nodes[0]));
                self.in_attribute = true;
                self.seq(inside, Mode::Inline, 1);
                self.in_attribute = false;
                self.put("]", false);
            }
        }
        if mode == Mode::Block {
            self.newline();
        }
    }
}

/// Angle brackets and closure parameters: commas inside them do not
/// separate list elements.
#[derive(Default)]
struct Nesting {
    angles: usize,
    params: bool,
}

impl Nesting {
    fn top(&self) -> bool {
        self.angles == 0 && !self.params
    }

    fn track(&mut self, node: &Node) {
        match node {
            Node::Op(_, Role::AngleOpen) => self.angles += 1,
            Node::Op(_, Role::AngleClose) => self.angles = self.angles.saturating_sub(1),
            Node::Op(_, Role::ClosureOpen) => self.params = true,
            Node::Op(_, Role::ClosureClose) => self.params = false,
            _ => {}
        }
    }
}

/// Where the `<` starting `nodes` closes (or the length of `nodes`).
fn closing_angle(nodes: &[Node]) -> usize {
    let mut depth = 0usize;
    for (i, node) in nodes.iter().enumerate() {
        match node {
            Node::Op(_, Role::AngleOpen) => depth += 1,
            Node::Op(_, Role::AngleClose) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    nodes.len()
}

/// The elements of a comma-separated list (a trailing comma ends the last
/// one rather than starting an empty one).
fn split<'n, 't>(nodes: &'n [Node<'t>]) -> Vec<&'n [Node<'t>]> {
    let mut elements = Vec::new();
    let mut nesting = Nesting::default();
    let mut start = 0;
    for (i, node) in nodes.iter().enumerate() {
        if nesting.top() && matches!(node, Node::Op(_, Role::Comma)) {
            elements.push(&nodes[start..i]);
            start = i + 1;
        }
        nesting.track(node);
    }
    if start < nodes.len() {
        elements.push(&nodes[start..]);
    }
    elements
}

/// Where the last of `elements` (the list `nodes` split) starts in `nodes`.
fn last_start(nodes: &[Node], elements: &[&[Node]]) -> usize {
    elements.last().map_or(0, |last| nodes.len() - last.len() - usize::from(trailing_comma(nodes)))
}

/// The first node at the top level (outside angle brackets and closure
/// parameters) that `ends` accepts, or the length of `nodes`.
fn top_level_end(nodes: &[Node], ends: impl Fn(&Node) -> bool) -> usize {
    let mut nesting = Nesting::default();
    nodes
        .iter()
        .position(|node| {
            let end = nesting.top() && ends(node);
            nesting.track(node);
            end
        })
        .unwrap_or(nodes.len())
}

fn trailing_comma(nodes: &[Node]) -> bool {
    matches!(nodes.last(), Some(Node::Op(_, Role::Comma)))
}

/// How far a method chain reaches: to the end of its expression.
fn chain_len(nodes: &[Node]) -> usize {
    top_level_end(nodes, |node| match node {
        Node::Op(_, role) => matches!(role, Role::Comma | Role::Semi | Role::Colon | Role::Binary | Role::Range),
        Node::Word(word, kind) => *kind == Word::Keyword && *word != "await",
        Node::Group(delimiter, _) => *delimiter == Delimiter::Brace,
        _ => false,
    })
}

/// Whether `nodes` end with a group whose opening fits in `room`: its
/// contents can then go on the lines below.
fn head_fits(nodes: &[Node], room: usize) -> bool {
    let Some((Node::Group(Delimiter::Parenthesis | Delimiter::Bracket, _), head)) = nodes.split_last() else {
        return false;
    };
    let spaced = head.last().map_or(0, |last| usize::from(space(Prev::of(last), &nodes[nodes.len() - 1])));
    matches!(measure(head, room), Measure::Fits(width) if width + spaced < room)
}

enum Tail {
    /// A break point ends the line's tail.
    Stops(usize),
    /// The tail runs to the end of the sequence (its closers follow).
    Runs(usize),
}

/// The width of what follows a group on its line: up to a block's `{`, a
/// `;` or `,`, or the next method call (`-> Result<T, E> {` after a
/// signature's parameters, `.await?;` after a call).
fn tail_width(rest: &[Node], mut prev: Prev) -> Tail {
    let mut width = 0;
    let mut nesting = Nesting::default();
    for (i, node) in rest.iter().enumerate() {
        width += usize::from(space(prev, node));
        width += match node {
            Node::Op(_, Role::Comma | Role::Semi) if nesting.top() => return Tail::Stops(width + 1),
            Node::Op(_, Role::Dot) if matches!(rest.get(i + 2), Some(Node::Group(Delimiter::Parenthesis, _))) => {
                return Tail::Stops(width);
            }
            Node::Group(Delimiter::Brace, _) => return Tail::Stops(width + 1),
            Node::Group(_, children) => match measure(children, WIDTH) {
                Measure::Fits(inner) => inner + 2,
                _ => return Tail::Stops(WIDTH),
            },
            other => text_of(other).len(),
        };
        if width >= WIDTH {
            return Tail::Stops(WIDTH);
        }
        nesting.track(node);
        prev = Prev::of(node);
    }
    Tail::Runs(width)
}

/// Whether a chain's receiver is a word of at most four characters.
fn short_root(before: &[Node]) -> bool {
    let root_alone = !matches!(before.iter().rev().nth(1), Some(Node::Op(_, Role::Dot | Role::Path)));
    root_alone && matches!(before.last(), Some(Node::Word(word, _)) if word.len() <= INDENT.len())
}

/// What may follow a block's `}` on its line: `},`, `});`, `}.await`,
/// `} else {`.
fn continues(next: Option<&Node>) -> bool {
    match next {
        Some(Node::Op(_, role)) => matches!(role, Role::Comma | Role::Semi | Role::Dot | Role::Question),
        Some(Node::Word(word, _)) => *word == "else",
        _ => false,
    }
}

/// A list of fields, variants or match arms whose last element lacks the
/// comma the others have (not after `..base`, which must come last, nor
/// after an arm's block).
fn needs_final_comma(nodes: &[Node]) -> bool {
    let statements = top_level_end(nodes, |node| matches!(node, Node::Op(_, Role::Semi))) < nodes.len();
    let list = top_level_end(nodes, |node| matches!(node, Node::Op(_, Role::Comma | Role::Colon) | Node::Op("=>", _)))
        < nodes.len();
    if statements || !list {
        return false;
    }
    let last = split(nodes).last().copied().unwrap_or_default();
    !trailing_comma(nodes)
        && !matches!(last.first(), Some(Node::Op(_, Role::Range)))
        && !matches!(last.last(), Some(Node::Group(Delimiter::Brace, _)))
}

/// What follows an inline `{}` on a new line: the next item.
fn starts_item(next: Option<&Node>) -> bool {
    match next {
        Some(Node::Word(word, _)) => *word != "else" && *word != "as",
        Some(Node::Op(op, _)) => *op == "#",
        _ => false,
    }
}

/// Words, paths and angle brackets only: no call, block or operator.
fn plain_type(nodes: &[Node]) -> bool {
    nodes.iter().all(|node| match node {
        Node::Word(..) | Node::Lifetime(_) => true,
        Node::Op(_, role) => matches!(role, Role::Path | Role::AngleOpen | Role::AngleClose | Role::Comma | Role::Prefix),
        Node::Literal(_) | Node::Group(..) => false,
    })
}

/// `{ .. }`, `{ status, .. }`: a struct pattern ignoring the rest.
fn rest_pattern(nodes: &[Node]) -> bool {
    matches!(nodes.last(), Some(Node::Op("..", _)))
}

/// `#`, an optional `!`, then a bracket group.
fn attribute_len(nodes: &[Node]) -> Option<usize> {
    match nodes {
        [Node::Op("#", _), Node::Group(Delimiter::Bracket, _), ..] => Some(2),
        [Node::Op("#", _), Node::Op("!", _), Node::Group(Delimiter::Bracket, _), ..] => Some(3),
        _ => None,
    }
}

fn text_of<'t>(node: &Node<'t>) -> &'t str {
    match node {
        Node::Word(text, _) | Node::Literal(text) | Node::Lifetime(text) => text,
        Node::Op(text, _) => text,
        Node::Group(..) => "",
    }
}

enum Measure {
    Fits(usize),
    /// A block brace, in the top-level node at `index`.
    BlockAt { index: usize },
    TooWide,
}

/// The width of `nodes` printed on one line, if it is at most `budget`.
fn measure(nodes: &[Node], budget: usize) -> Measure {
    let mut width = 0;
    let mut prev = Prev::Start;
    for (index, node) in nodes.iter().enumerate() {
        width += usize::from(space(prev, node));
        width += match node {
            Node::Group(Delimiter::Brace, []) => 2,
            Node::Group(Delimiter::Brace, children) if rest_pattern(children) => {
                match measure(children, budget.saturating_sub(width + 4)) {
                    Measure::Fits(inner) => inner + 4,
                    _ => return Measure::TooWide,
                }
            }
            Node::Group(Delimiter::Brace, _) => return Measure::BlockAt { index },
            Node::Group(_, children) => match measure(children, budget.saturating_sub(width + 2)) {
                Measure::Fits(inner) => inner + 2,
                Measure::BlockAt { .. } => return Measure::BlockAt { index },
                Measure::TooWide => return Measure::TooWide,
            },
            other => text_of(other).len(),
        };
        if width > budget {
            return Measure::TooWide;
        }
        prev = Prev::of(node);
    }
    Measure::Fits(width)
}

/// `Type { field }`: a struct literal of one field in shorthand, printed on
/// its line as rustfmt does (a block cannot be told from it, and would be
/// valid on one line too). Declarations (`enum E { A }`) keep their lines.
fn shorthand_literal(before: &[Node], children: &[Node]) -> bool {
    let [Node::Word(_, Word::Plain)] = children else { return false };
    let type_name = matches!(before.last(), Some(Node::Word(name, Word::Plain | Word::PathStart)) if name.starts_with(char::is_uppercase));
    let declared = matches!(before.iter().rev().nth(1), Some(Node::Word(_, Word::Keyword)));
    type_name && !declared
}
