//! Whether a space separates two tokens printed on one line.

use proc_macro2::Delimiter;

use super::tree::{Node, Role, Word};

/// What was printed last on the current line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prev {
    /// Nothing yet: a line, or a group's contents, starts here.
    Start,
    /// A word, literal or lifetime.
    Word(Word),
    Op(Role),
    /// A group's closing delimiter.
    Close(Delimiter),
}

impl Prev {
    pub(super) fn of(node: &Node) -> Prev {
        match node {
            Node::Word(_, kind) => Prev::Word(*kind),
            Node::Literal(_) | Node::Lifetime(_) => Prev::Word(Word::Plain),
            Node::Op(_, role) => Prev::Op(*role),
            Node::Group(delimiter, _) => Prev::Close(*delimiter),
        }
    }
}

pub(super) fn space(prev: Prev, next: &Node) -> bool {
    let after = match prev {
        Prev::Start => return false,
        Prev::Op(role) => !matches!(
            role,
            Role::Prefix | Role::Bang | Role::Path | Role::Dot | Role::Range | Role::AngleOpen | Role::ClosureOpen
        ),
        Prev::Word(_) | Prev::Close(_) => true,
    };
    match next {
        Node::Op(_, role) => match role {
            Role::Comma
            | Role::Semi
            | Role::Colon
            | Role::Question
            | Role::Dot
            | Role::AngleClose
            | Role::Bang
            | Role::ClosureClose => false,
            Role::Binary => true,
            Role::Path => after && !continues_path(prev),
            Role::AngleOpen => after && !matches!(prev, Prev::Word(_)),
            Role::Range => after && !matches!(prev, Prev::Word(_) | Prev::Close(_)),
            Role::Prefix | Role::ClosureOpen | Role::EmptyClosure => after,
        },
        Node::Group(Delimiter::Parenthesis | Delimiter::Bracket, _) => after && !calls(prev),
        _ => after,
    }
}

/// `a::b`, `Vec::<T>::new`: the `::` joins what precedes it.
fn continues_path(prev: Prev) -> bool {
    matches!(prev, Prev::Word(Word::Plain | Word::PathStart) | Prev::Op(Role::AngleClose) | Prev::Close(_))
}

/// A parenthesis or bracket glued to what precedes it: a call, an index,
/// a tuple struct, a macro, `fn(..)` and `pub(crate)`.
pub(super) fn calls(prev: Prev) -> bool {
    matches!(
        prev,
        Prev::Word(Word::Plain | Word::PathStart | Word::Glued)
            | Prev::Close(_)
            | Prev::Op(Role::AngleClose | Role::Bang | Role::Question)
    )
}
