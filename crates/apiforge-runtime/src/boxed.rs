//! [`Boxed`]: how generated types hold a value of a recursive type.

use std::fmt;
use std::ops::{Deref, DerefMut};

/// A box for the recursive fields of generated types (`Refund` holding a
/// `Charge` holding a `Refund`). It derefs to its value like a `Box`.
///
/// Why not `Box`: the compiler proves `Send` and `Sync` of a type by walking
/// every type it holds, and a cycle of a few dozen types (Stripe's
/// expandable fields) exceeds its recursion limit (E0275) wherever a
/// handler's future must be `Send`. A `Boxed<T>` is `Send` and `Sync`
/// without that walk: it can only be made from a `T` that is both, which the
/// compiler checks where it is made, and there the walk stops at the next
/// `Boxed`.
pub struct Boxed<T>(Box<T>);

// SAFETY: a `Boxed<T>` is only ever made by `Boxed::new` (the field is
// private, and every impl below that makes one goes through `new`), which
// requires `T: Send + Sync`. Sending or sharing a `Boxed<T>` sends or shares
// nothing but its `T`.
unsafe impl<T> Send for Boxed<T> {}
// SAFETY: as for `Send`.
unsafe impl<T> Sync for Boxed<T> {}

impl<T: Send + Sync> Boxed<T> {
    pub fn new(value: T) -> Boxed<T> {
        Boxed(Box::new(value))
    }
}

impl<T> Boxed<T> {
    pub fn into_inner(self) -> T {
        *self.0
    }
}

impl<T: Send + Sync> From<T> for Boxed<T> {
    fn from(value: T) -> Boxed<T> {
        Boxed::new(value)
    }
}

impl<T> Deref for Boxed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Boxed<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Clone + Send + Sync> Clone for Boxed<T> {
    fn clone(&self) -> Boxed<T> {
        Boxed::new(T::clone(self))
    }
}

impl<T: PartialEq> PartialEq for Boxed<T> {
    fn eq(&self, other: &Boxed<T>) -> bool {
        T::eq(self, other)
    }
}

impl<T: fmt::Debug> fmt::Debug for Boxed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::fmt(self, f)
    }
}

impl<T: serde::Serialize> serde::Serialize for Boxed<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        T::serialize(self, serializer)
    }
}

impl<'de, T: serde::Deserialize<'de> + Send + Sync> serde::Deserialize<'de> for Boxed<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Boxed<T>, D::Error> {
        T::deserialize(deserializer).map(Boxed::new)
    }
}

impl<T: crate::validate::Validate> crate::validate::Validate for Boxed<T> {
    fn validate(&self) -> Result<(), crate::validate::ValidationError> {
        T::validate(self)
    }
}

#[cfg(test)]
mod tests {
    use super::Boxed;

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Node {
        name: String,
        next: Option<Boxed<Node>>,
    }

    #[test]
    fn a_boxed_value_reads_writes_and_compares_as_its_value() {
        let node: Node = serde_json::from_str(r#"{"name": "a", "next": {"name": "b", "next": null}}"#).unwrap();
        assert_eq!(node.next.as_ref().map(|next| next.name.as_str()), Some("b"));
        assert_eq!(serde_json::to_string(&node).unwrap(), r#"{"name":"a","next":{"name":"b","next":null}}"#);
        assert_eq!(node.clone(), node);
        assert_eq!(format!("{:?}", Boxed::new(1)), "1");
        assert_eq!(Boxed::new(String::from("x")).into_inner(), "x");
    }
}
