//! The passes over a lowered [`Api`], in the order they run: they read the
//! IR and what lowering recorded beside it, never the document.
//!
//! - [`select`]: keep the chosen operations and the types they reach;
//! - [`merge`]: one type per shape;
//! - [`recursion`]: boxes where a type holds itself;
//! - [`checks`]: which values have rules to check;
//! - [`pagination`]: which list operations are paginated, and how;
//! - [`webhooks`]: the webhooks split off into the sender's and the
//!   receiver's views.

mod checks;
mod merge;
mod pagination;
mod recursion;
pub mod select;
mod uses;
mod webhooks;

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::lower::LowerOptions;
use crate::model::{Api, TypeId};

/// What lowering recorded for the passes besides the API.
pub(crate) struct Recorded {
    /// How many of the API's operations are its own; those after them are
    /// its webhooks and callbacks.
    pub own_operations: usize,
    /// The types only the spec's webhooks may use.
    pub webhook_types: Vec<TypeId>,
    /// The `x-pagination` each operation declares, by its pointer.
    pub paginations: HashMap<String, serde_json::Value>,
}

/// Runs every pass over `api`.
pub(crate) fn run(api: &mut Api, recorded: Recorded, options: &LowerOptions) -> Result<(), Vec<Diagnostic>> {
    let Recorded { own_operations, webhook_types, mut paginations } = recorded;
    select::keep_needed_types(api, &options.selection, webhook_types);
    merge::merge_identical_types(api);
    recursion::box_cycles(&mut api.types);
    checks::mark(&mut api.types);
    paginations.extend(pagination::given(api, &options.pagination)?);
    let errors = pagination::mark(api, |op| paginations.get(&op.pointer).cloned());
    if !errors.is_empty() {
        return Err(errors);
    }
    let webhooks = api.operations.split_off(own_operations);
    if !webhooks.is_empty() {
        api.webhooks = Some(Box::new(webhooks::views(api, webhooks)));
    }
    Ok(())
}
