//! From events to process trees, in two steps.
//!
//! A builder turns the input's events into processes, each with a reference to its
//! parent: `winlx` for the Windows/Linux-style schemas (the parent is found by id, name
//! and time) and `mde` for Defender for Endpoint (the event names its parent). Both read
//! their input the same way (`input`: columns, the rows to build from, names and hosts
//! as numbers). Parents missing from the data are synthesised. `assemble` then makes
//! trees of the processes: it drops processes whose key repeats, resolves the parent
//! references, cuts cycles, and numbers and orders everything.

mod assemble;
mod input;
mod mde;
mod winlx;

use crate::columns::{FillColumns, SynthText, TextColumns};
use crate::error::Result;
use crate::events::Source;
use crate::keys::Keys;
use crate::options::Options;
use crate::schema::{Schema, SchemaKind};
use crate::tree::{flags, ProcessTree, Report};

/// Builds the process trees of `src` with the schema resolved for it.
pub(crate) fn build_tree(
    src: &dyn Source,
    kind: SchemaKind,
    schema: Schema,
    options: &Options,
) -> Result<ProcessTree> {
    let built = match kind {
        SchemaKind::Mde | SchemaKind::MdeInternal => mde::build_mde(src, kind, options)?,
        _ => winlx::build_winlx(src, &schema, kind, options)?,
    };
    assemble::assemble(built, schema, options)
}

/// Where a process's parent is.
#[derive(Clone, Debug, Default)]
enum ParentRef {
    /// A root: no parent.
    #[default]
    None,
    /// The process at this position of the builder's list; `key` is the parent key to
    /// show when it differs from that process's own key (MSTICPy compatibility).
    Index { index: usize, key: Option<String> },
    /// The process whose key is number `key` of the build's [`Keys`] (resolved when the
    /// tree is assembled); `hash` is its [`key_hash`](crate::keys::key_hash), made once.
    Key { key: usize, hash: u64 },
}

/// One process before the tree is assembled: a kept input event, or a parent (or
/// grandparent) synthesised because the data does not hold it.
#[derive(Clone, Debug, Default)]
struct Proc {
    /// Input row; `None` for a synthesised process.
    row: Option<usize>,
    time: i64,
    /// The host's number (`NO_ID`: no host, or hosts not told apart).
    host: u32,
    /// The number of its key in the build's [`Keys`].
    key: usize,
    /// [`key_hash`](crate::keys::key_hash) of the key, made while the key is fresh in
    /// the cache.
    key_hash: u64,
    parent: ParentRef,
    flags: u32,
    /// The texts of a synthesised process; an input event's are read from its row.
    text: Option<Box<SynthText>>,
}

impl Proc {
    /// A process synthesised from the events that name it, flagged as such.
    fn synthesised(
        time: i64,
        host: u32,
        key: usize,
        key_hash: u64,
        parent: ParentRef,
        text: SynthText,
    ) -> Proc {
        Proc {
            row: None,
            time,
            host,
            key,
            key_hash,
            parent,
            flags: flags::SYNTHESIZED,
            text: Some(Box::new(text)),
        }
    }
}

/// Processes in `source_index` order (the position is the index), plus the report so far.
struct Built {
    procs: Vec<Proc>,
    keys: Keys,
    report: Report,
    fill: FillColumns,
    texts: TextColumns,
}

/// No number: no host, hosts not told apart, or no parent name to link by.
const NO_ID: u32 = u32::MAX;
