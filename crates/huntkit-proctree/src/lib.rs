//! Process trees from process-creation events: Windows security event 4688, Linux
//! auditd `execve`, Defender for Endpoint (`DeviceProcessEvents` and its internal
//! schema), Sysmon event 1, osquery and FireEye HX.
//!
//! The schema is inferred from the column names, chosen by name, or given as a column
//! mapping. Each event's parent is the most recent earlier process with the parent's id
//! (and name, and host), so reused process ids link right; Defender events name their
//! parent exactly. Parents missing from the data are synthesised and become roots.
//! Duplicate events are removed, cycles are cut and flagged, and every process gets a
//! key, its parent's key, a path from its root, its depth and whether it is a root, a
//! leaf or a branch. The processes come out in reading order: each tree top-down,
//! children in creation order, at any number of rows.
//!
//! [`ProcessTree`] then answers what MSTICPy's `process_tree_utils` does: roots, root of
//! a process, children, descendants, ancestors, siblings, parent, lookup by key, a
//! summary, and a text rendering. [`build_table`] does the same on a `huntkit-core`
//! table and returns the input rows plus the tree columns.
//!
//! ```
//! use huntkit_proctree::{build, Events, Options};
//!
//! let csv = "TimeGenerated,NewProcessName,NewProcessId,ProcessId,ParentProcessName\n\
//!            2024-01-01 10:00:00,C:\\Windows\\cmd.exe,0x10,0x4,C:\\Windows\\explorer.exe\n\
//!            2024-01-01 10:00:01,C:\\Windows\\whoami.exe,0x20,0x10,C:\\Windows\\cmd.exe\n";
//! let events = Events::from_csv(csv.as_bytes(), 1_000)?;
//! let tree = build(&events, &Options::default())?;
//!
//! let summary = tree.summary();
//! assert_eq!(summary.processes, 3); // explorer.exe is synthesised from cmd.exe's event
//! assert_eq!(summary.root_processes, 1);
//! assert_eq!(summary.largest_tree_depth, 3);
//! let whoami = tree.by_key("c:\\windows\\whoami.exe|0x20|2024-01-01 10:00:01.000000").unwrap();
//! assert_eq!(tree.ancestors(whoami, true).len(), 3);
//! assert!(tree.to_text(&Default::default()).contains("+--  Process: C:\\Windows\\cmd.exe  PID: 0x10"));
//! # Ok::<(), huntkit_proctree::Error>(())
//! ```

mod builder;
mod columns;
mod error;
mod events;
mod fill;
mod keys;
mod options;
mod schema;
mod table;
mod text;
mod tree;

pub use error::{Error, Result};
pub use events::{parse_time, Events};
pub use options::{Compat, MissingTime, Options};
pub use schema::{infer_schema, Schema, SchemaKind};
pub use table::{
    build_table, build_table_leaving, parent_rows, tree_table, ParentRows, TreeTable, TREE_COLUMNS,
};
pub use text::TextOptions;
pub use tree::{flags, Node, ProcessTree, Report, Summary, TreeNode};

use events::Source;

/// Builds the process trees of plain [`Events`].
pub fn build(events: &Events, options: &Options) -> Result<ProcessTree> {
    build_source(events, options)
}

/// The schema to use: the mapping when given, else the named one, else inferred; with
/// `hostColumn` in place of its host column.
pub fn resolve_schema(columns: &[String], options: &Options) -> Result<(SchemaKind, Schema)> {
    let (kind, mut schema) = named_schema(columns, options)?;
    if let Some(host) = &options.host_column {
        if !columns.iter().any(|c| c == host) {
            return Err(Error::Table(huntkit_core::Error::ColumnNotFound {
                name: host.clone(),
                available: columns.to_vec(),
            }));
        }
        schema.host_name_column = Some(host.clone());
    }
    Ok((kind, schema))
}

fn named_schema(columns: &[String], options: &Options) -> Result<(SchemaKind, Schema)> {
    if let Some(mapping) = &options.mapping {
        mapping.validate()?;
        return Ok((SchemaKind::Custom, mapping.clone()));
    }
    let name = options.schema.trim();
    let kind = if name.is_empty() || name.eq_ignore_ascii_case("auto") {
        infer_schema(columns, options.compat)?
    } else {
        match SchemaKind::from_name(name) {
            Some(SchemaKind::Custom) | None => {
                return Err(Error::option(
                    "schema",
                    format!(
                        "{name:?} is not a schema; use auto, windows, linux, mde, mde-internal, sysmon, osquery or hx, or give a mapping"
                    ),
                ))
            }
            Some(kind) => kind,
        }
    };
    Ok((kind, kind.schema()))
}

pub(crate) fn build_source(src: &dyn Source, options: &Options) -> Result<ProcessTree> {
    if src.num_rows() > options.max_rows {
        return Err(Error::LimitExceeded {
            what: format!("the number of rows ({})", src.num_rows()),
            limit: options.max_rows as u64,
            option: "maxRows",
        });
    }
    let (kind, schema) = resolve_schema(&src.column_names(), options)?;
    builder::build_tree(src, kind, schema, options)
}
