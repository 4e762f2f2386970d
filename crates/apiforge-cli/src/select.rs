//! `--tag`, `--operation` and `--webhooks`: what to generate or check.

use apiforge_ir::Selection;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct SelectArgs {
    /// Only the operations with this tag (repeatable), and the types they use
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only the operations whose operationId or `METHOD /path` matches this
    /// glob (repeatable): `repos/*`, `get-*`, `DELETE /v1/tokens/*`
    #[arg(long = "operation", value_name = "PATTERN")]
    pub operations: Vec<String>,
    /// Also the spec's webhooks and callbacks: a sender and a receiver for
    /// each, and the types they use
    #[arg(long)]
    pub webhooks: bool,
}

impl SelectArgs {
    pub fn selection(&self) -> Selection {
        Selection { tags: self.tags.clone(), operations: self.operations.clone(), webhooks: self.webhooks }
    }

    /// The flags that take a value again, for the command that regenerates
    /// a crate.
    pub fn words(&self) -> Vec<(&'static str, &str)> {
        let tags = self.tags.iter().map(|tag| ("--tag", tag.as_str()));
        tags.chain(self.operations.iter().map(|pattern| ("--operation", pattern.as_str()))).collect()
    }
}
