//! apiforge's back half: IR in, Rust code out.
//!
//! Emitters are pure functions of the IR, one per module of generated code
//! ([`types`], [`client`], [`server`], [`mock`], [`calls`]); they build `proc_macro2` tokens with
//! quote. [`generate`] hands those tokens to the compiler (`generate_api!`);
//! [`render`] parses them with syn and lays them out with prettyplease.

pub mod calls;
pub mod client;
mod format;
mod literal;
mod markdown;
pub mod mock;
mod names;
mod options;
mod params;
mod payload;
mod plan;
mod rename_rule;
mod runtime_alias;
mod rust_type;
mod security;
pub mod server;
mod size;
pub mod types;
mod validation;

use apiforge_ir::Api;
use proc_macro2::TokenStream;

pub use format::InvalidCode;
pub use names::ident;
pub use options::Options;
pub use plan::{Item, Module, Plan, Shell};

/// What to emit and how to gate it.
#[derive(Debug, Clone)]
pub struct Parts {
    pub client: bool,
    pub server: bool,
    /// Put `client` and `server` behind cargo features of those names (for
    /// committed crates that serve both sides).
    pub feature_gated: bool,
    /// Mark each module `#[rustfmt::skip]`: for a generated crate kept in a
    /// workspace that runs `cargo fmt`, whose layout is prettyplease's and
    /// must stay what regenerating writes.
    pub skip_rustfmt: bool,
    /// Emit a `mock` module beside the server (with `server`), answering
    /// with these values.
    pub mock: Option<mock::Answers>,
    /// Emit a `calls` module beside the client (with `client`), calling
    /// every operation with these arguments.
    pub calls: Option<calls::Calls>,
    /// More derives for every generated schema type (`Hash`,
    /// `schemars::JsonSchema`). One a type derives already is not repeated.
    pub derives: Vec<Derive>,
}

/// The name of the client method, and of the `calls` entry, for `op`.
pub fn method_name(op: &apiforge_ir::Operation) -> String {
    names::OperationNames(op).method().to_string()
}

/// The path of a derive (`Hash`, `schemars::JsonSchema`): identifiers
/// joined by `::`, checked when made, so that emitting it cannot fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derive(String);

impl Derive {
    pub fn new(path: &str) -> Result<Derive, apiforge_ir::Diagnostic> {
        if apiforge_ir::naming::is_rust_path(path) {
            Ok(Derive(path.to_string()))
        } else {
            Err(apiforge_ir::Diagnostic::document(format!("`{path}` is not the path of a derive"))
                .with_help("give a path such as `Hash` or `schemars::JsonSchema`"))
        }
    }

    /// The derive's own name, its path's last segment (`JsonSchema`).
    pub fn name(&self) -> &str {
        self.0.rsplit("::").next().unwrap_or(&self.0)
    }

    pub(crate) fn tokens(&self) -> TokenStream {
        self.0.parse().expect("`Derive::new` lets through only identifiers joined by `::`")
    }
}

impl Default for Parts {
    fn default() -> Parts {
        Parts {
            client: true,
            server: true,
            feature_gated: false,
            skip_rustfmt: false,
            mock: None,
            calls: None,
            derives: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum ModuleKind {
    Types,
    Client,
    Server,
}

fn module_kinds(parts: &Parts) -> impl Iterator<Item = ModuleKind> {
    let optional = [(parts.client, ModuleKind::Client), (parts.server, ModuleKind::Server)];
    std::iter::once(ModuleKind::Types).chain(optional.into_iter().filter(|(on, _)| *on).map(|(_, kind)| kind))
}

/// The modules for one API, in output order, not yet emitted: the types,
/// the client and the server, then the webhooks' sender (beside the
/// client) and receiver (beside the server) when the API has webhooks.
pub fn plans<'a>(api: &'a Api, parts: &'a Parts) -> Vec<Plan<'a>> {
    let mut plans: Vec<Plan<'a>> = module_kinds(parts)
        .map(|kind| match kind {
            ModuleKind::Types => types::emit(api, &parts.derives),
            ModuleKind::Client => client::emit(api),
            ModuleKind::Server => server::emit(api, parts.client),
        })
        .collect();
    if let (true, Some(answers)) = (parts.server, &parts.mock) {
        plans.push(mock::emit(api, answers));
    }
    if let (true, Some(calls)) = (parts.client, &parts.calls) {
        plans.push(calls::emit(api, calls));
    }
    if let Some(webhooks) = &api.webhooks {
        if parts.client {
            let mut sender = client::emit(&webhooks.sender);
            sender.shell = Shell::new("webhook_sender", WEBHOOK_SENDER_DOC, Some("client"));
            plans.push(sender);
        }
        if parts.server {
            let mut receiver = server::emit(&webhooks.receiver, false);
            receiver.shell = Shell::new("webhook_receiver", WEBHOOK_RECEIVER_DOC, Some("server"));
            plans.push(receiver);
        }
    }
    for plan in &mut plans {
        if !parts.feature_gated {
            plan.shell.feature = None;
        }
        plan.shell.skip_rustfmt = parts.skip_rustfmt;
    }
    plans
}

const WEBHOOK_SENDER_DOC: &str = "The API's webhooks and callbacks, sent: `Client::new(url)` posts each event to the \
                                  URL a consumer registered, as it is.";
const WEBHOOK_RECEIVER_DOC: &str = "The API's webhooks and callbacks, received: one trait method per event, served by \
                                    `router` at `/{webhook}` and `/{operationId}/{callback}`.";

/// The modules for one API, emitted (the emit phase, as the benchmark
/// times it).
pub fn modules(api: &Api, parts: &Parts) -> Vec<Module> {
    plans(api, parts)
        .into_iter()
        .map(|plan| {
            let mut items: Vec<(String, TokenStream)> =
                plan.items.iter().filter_map(|item| Some((item.origin.clone(), item.emit()?))).collect();
            if items.iter().any(|(_, tokens)| runtime_alias::is_named_in(tokens)) {
                items.insert(0, (RUNTIME_IMPORT.to_string(), runtime_alias::import()));
            }
            Module { shell: plan.shell, items }
        })
        .collect()
}

/// The origin of the runtime's import, as an item of its own.
const RUNTIME_IMPORT: &str = "the runtime import";

/// All the code for one API, as items to place at a crate or module root
/// (what `generate_api!` expands to).
pub fn generate(api: &Api, parts: &Parts) -> TokenStream {
    plans(api, parts)
        .iter()
        .map(|plan| {
            let mut content: TokenStream = plan.items.iter().filter_map(Item::emit).collect();
            if runtime_alias::is_named_in(&content) {
                content = [runtime_alias::import(), content].into_iter().collect();
            }
            plan.shell.wrap(content)
        })
        .collect()
}

/// Items are emitted and formatted this many at a time: enough to make the
/// module wrapper each run parses and prints negligible, few enough that a
/// run's tokens and syntax trees stay small and the threads share the work
/// evenly.
const ITEMS_PER_RUN: usize = 16;

/// The code for one API as formatted source text, behind a header comment.
/// Runs of items are emitted, parsed and laid out on a thread per core;
/// each run's tokens and syntax trees are dropped once it is printed.
pub fn render(api: &Api, parts: &Parts, header: &str) -> Result<String, InvalidCode> {
    let plans = plans(api, parts);
    let runs: Vec<(&Plan, &[Item])> =
        plans.iter().flat_map(|plan| plan.items.chunks(ITEMS_PER_RUN).map(move |run| (plan, run))).collect();
    let mut texts = apiforge_parallel::map_shared(&runs, |(plan, run)| {
        let mut names_runtime = false;
        let items = run
            .iter()
            .filter_map(|item| Some((item.origin.as_str(), item.emit()?)))
            .inspect(|(_, tokens)| names_runtime = names_runtime || runtime_alias::is_named_in(tokens));
        let text = format::items(plan.shell.name, items)?;
        Ok((text, names_runtime))
    })
    .into_iter();
    let mut text = format::header_comment(header);
    for plan in &plans {
        let module: Vec<(String, bool)> =
            texts.by_ref().take(plan.items.len().div_ceil(ITEMS_PER_RUN)).collect::<Result<_, InvalidCode>>()?;
        let import = match module.iter().any(|(_, names_runtime)| *names_runtime) {
            true => format::items(plan.shell.name, [(RUNTIME_IMPORT, runtime_alias::import())])?,
            false => String::new(),
        };
        format::module_shell(&plan.shell)?.write(&mut text, |text| {
            text.push_str(&import);
            module.iter().for_each(|(run, _)| text.push_str(run));
            Ok(())
        })?;
    }
    Ok(text)
}

/// Emitted modules as formatted source text, behind a header comment, on
/// this thread (the format phase, as the benchmark times it).
pub fn render_modules(modules: Vec<Module>, header: &str) -> Result<String, InvalidCode> {
    let mut text = format::header_comment(header);
    for module in modules {
        let shell = format::module_shell(&module.shell)?;
        let mut items = module.items.into_iter().peekable();
        shell.write(&mut text, |text| {
            while items.peek().is_some() {
                text.push_str(&format::items(module.shell.name, items.by_ref().take(ITEMS_PER_RUN))?);
            }
            Ok(())
        })?;
    }
    Ok(text)
}
