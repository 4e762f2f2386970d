//! What comparing records: who sends a value, who a change breaks, and the
//! changes found, shared by [`crate::compare`] and [`crate::shape`].

use crate::Change;

/// Who sends a value: the client (a request) or the server (a response).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    Request,
    Response,
}

/// Who a change breaks.
#[derive(Clone, Copy)]
pub(crate) enum Breaks {
    Neither,
    Clients,
    Servers,
    Both,
}

impl Breaks {
    /// A promise about a value made tighter breaks the side that sends it.
    pub(crate) fn sender(direction: Direction) -> Breaks {
        match direction {
            Direction::Request => Breaks::Clients,
            Direction::Response => Breaks::Servers,
        }
    }

    /// A promise made looser breaks the side that reads the value.
    pub(crate) fn reader(direction: Direction) -> Breaks {
        match direction {
            Direction::Request => Breaks::Servers,
            Direction::Response => Breaks::Clients,
        }
    }
}

/// The changes found so far, and the operation they are seen from.
pub(crate) struct Recorder {
    pub(crate) changes: Vec<Change>,
    pub(crate) operation: String,
}

impl Recorder {
    pub(crate) fn record(&mut self, kind: &'static str, location: &str, breaks: Breaks, message: String) {
        self.push(kind, location, breaks, message, false);
    }

    /// A change that also changes a generated Rust signature.
    pub(crate) fn record_rust(&mut self, kind: &'static str, location: &str, breaks: Breaks, message: String) {
        self.push(kind, location, breaks, message, true);
    }

    fn push(&mut self, kind: &'static str, location: &str, breaks: Breaks, message: String, rust: bool) {
        let (clients, servers) = match breaks {
            Breaks::Neither => (false, false),
            Breaks::Clients => (true, false),
            Breaks::Servers => (false, true),
            Breaks::Both => (true, true),
        };
        self.changes.push(Change {
            kind,
            operation: self.operation.clone(),
            location: location.to_string(),
            breaking_for_clients: clients,
            breaking_for_servers: servers,
            message,
            changes_rust_api: rust || clients || servers,
        });
    }
}
