//! The table mode: process events in a `huntkit-core` table in, the same rows plus the
//! tree columns out.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use arrow::array::{
    new_null_array, Array, ArrayRef, AsArray, BooleanArray, StringArray, StringBuilder,
    TimestampMicrosecondArray, TimestampMillisecondArray, TimestampNanosecondArray,
    TimestampSecondArray, UInt32Array, UInt64Array,
};
use arrow::compute::{interleave, take, TakeOptions};
use arrow::datatypes::{DataType, Field, TimeUnit};
use arrow::row::{RowConverter, Rows, SortField};
use huntkit_core::{StrColumn, Table};
use rustc_hash::FxHasher;

use crate::columns::{FillColumns, SynthText};
use crate::error::Result;
use crate::events::{parse_time, text_event_rows, Source, TextCol};
use crate::options::Options;
use crate::tree::{flags, push_pad, ProcessTree};

/// The columns a build adds to the input rows.
pub const TREE_COLUMNS: [&str; 12] = [
    "proc_key",
    "parent_key",
    "path",
    "parent_index",
    "source_index",
    "IsRoot",
    "IsLeaf",
    "IsBranch",
    "depth",
    "EffectiveLogonId",
    "flags",
    "source_row",
];

/// A built tree together with its table.
#[derive(Clone, Debug)]
pub struct TreeTable {
    /// The tree, for the tree operations.
    pub tree: ProcessTree,
    /// One row per process in reading order: the input's columns (synthesised parents
    /// have their name, id, time and host filled in, the rest empty) followed by
    /// [`TREE_COLUMNS`].
    pub table: Table,
}

/// Builds the process trees of a table of process events.
///
/// ```
/// use huntkit_proctree::{build_table, Options};
///
/// let csv = b"UtcTime,Image,ProcessId,ParentProcessId,ParentImage,EventID\n\
///             2024-01-01 10:00:00.000,C:\\Windows\\cmd.exe,100,4,C:\\Windows\\explorer.exe,1\n\
///             2024-01-01 10:00:02.000,C:\\Windows\\whoami.exe,200,100,C:\\Windows\\cmd.exe,1\n";
/// let table = huntkit_core::read(csv, &Default::default())?;
/// let built = build_table(&table, &Options::default())?;
/// assert_eq!(built.tree.kind.name(), "sysmon");
/// assert_eq!(built.table.num_rows(), 3);
/// let paths = built.table.str_column("path")?;
/// assert_eq!(paths.get(2), Some("00002/00000/00001"));
/// # Ok::<(), huntkit_proctree::Error>(())
/// ```
pub fn build_table(table: &Table, options: &Options) -> Result<TreeTable> {
    build_table_leaving(table, options, &[])
}

/// [`build_table`], with the input columns named in `left` not copied into tree order:
/// in the output they hold only the synthesised processes' values (their name, id, time
/// and host where the column is one of those), null in every row read from the input.
///
/// For a caller that still holds the input, as the Python package holds a pandas frame:
/// it takes those rows from its own copy by `source_row`, and the text is not copied
/// through the engine and back.
pub fn build_table_leaving(table: &Table, options: &Options, left: &[String]) -> Result<TreeTable> {
    let input = without_tree_columns(table)?;
    let src = TableSource {
        table: &input,
        names: input.column_names(),
        text: OnceCell::new(),
        rows: OnceCell::new(),
    };
    let tree = crate::build_source(&src, options)?;
    let cells = tree.nodes.len().saturating_mul(input.column_names().len());
    let out = tree_table_on(&input, &tree, parallel(cells), left)?;
    Ok(TreeTable { tree, table: out })
}

/// A previous output can be built again: its tree columns are recomputed, not kept.
fn without_tree_columns(table: &Table) -> Result<Table> {
    let names = table.column_names();
    if !names.iter().any(|n| TREE_COLUMNS.contains(&n.as_str())) {
        return Ok(table.clone());
    }
    let keep: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| !TREE_COLUMNS.contains(&n.as_str()))
        .map(|(i, _)| i)
        .collect();
    let batch = table
        .to_batch()?
        .project(&keep)
        .map_err(|e| huntkit_core::Error::Arrow {
            detail: e.to_string(),
        })?;
    Ok(Table::from_batch(batch))
}

fn arrow_err(e: impl std::fmt::Display) -> crate::Error {
    crate::Error::Table(huntkit_core::Error::Arrow {
        detail: e.to_string(),
    })
}

/// Reads one value of a synthesised process for an output column.
type SynthValue<'a> = dyn Fn(&crate::Node, &SynthText) -> Option<String> + 'a;
type NodeValue<'a> = Box<SynthValue<'a>>;

/// The output table of `tree` built from `input`.
///
/// Where the machine has a second core and the table is large, the columns are shared
/// out between two threads: each input column copied into tree order, and each of the
/// tree's own columns, is independent of the others.
pub fn tree_table(input: &Table, tree: &ProcessTree) -> Result<Table> {
    let cells = tree.nodes.len().saturating_mul(input.column_names().len());
    tree_table_on(input, tree, parallel(cells), &[])
}

/// Whether a table of `cells` is worth a second thread, where there is a second core.
fn parallel(cells: usize) -> bool {
    cells >= PARALLEL_CELLS && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// One piece of the output: an input column in tree order, or a group of the tree's
/// own columns.
#[derive(Clone, Copy)]
enum Job {
    ProcKey,
    ParentKey,
    Path,
    Indexes,
    Rest,
    Input(usize),
}

/// [`tree_table`], on two threads or on this one.
fn tree_table_on(
    input: &Table,
    tree: &ProcessTree,
    two_threads: bool,
    left: &[String],
) -> Result<Table> {
    let batch = input.to_batch()?;
    let gather = Gather::new(input, tree)?;
    let fields = batch.schema().fields().clone();
    let sources: Vec<(&Field, &ArrayRef)> = fields
        .iter()
        .map(|f| f.as_ref())
        .zip(batch.columns())
        .collect();
    // The tree's columns first: each costs more than an input column, and the largest
    // go out first so that the two threads finish close together.
    let jobs: Vec<Job> = [
        Job::ProcKey,
        Job::ParentKey,
        Job::Path,
        Job::Indexes,
        Job::Rest,
    ]
    .into_iter()
    .chain((0..sources.len()).map(Job::Input))
    .collect();
    let next = AtomicUsize::new(0);
    // Takes jobs, one at a time, until none is left.
    let work = || -> Vec<(usize, Result<Vec<ArrayRef>>)> {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&job) = jobs.get(i) else {
                return done;
            };
            let made = match job {
                Job::Input(c) => match sources.get(c) {
                    Some(&(field, column)) => {
                        let copied = !left.contains(field.name());
                        gather.column(field, column, copied).map(|a| vec![a])
                    }
                    None => Ok(Vec::new()),
                },
                Job::ProcKey => proc_key_column(tree).map(|a| vec![a]),
                Job::ParentKey => parent_key_column(tree).map(|a| vec![a]),
                Job::Path => path_column(tree).map(|a| vec![a]),
                Job::Indexes => Ok(index_columns(tree)),
                Job::Rest => Ok(other_columns(tree, &gather.rows)),
            };
            done.push((i, made));
        }
    };
    let mut made = if two_threads {
        std::thread::scope(|scope| {
            // No thread (wasm has none): this thread does all of it.
            let helper = std::thread::Builder::new().spawn_scoped(scope, work).ok();
            let mut made = work();
            match helper.map(|h| h.join()) {
                Some(Ok(theirs)) => made.extend(theirs),
                // Only a bug panics; it is the helper's to report, not to hide.
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => {}
            }
            made
        })
    } else {
        work()
    };
    made.sort_unstable_by_key(|(i, _)| *i);
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(sources.len() + TREE_COLUMNS.len());
    for (_, part) in made {
        arrays.extend(part?);
    }
    // Jobs are in tree-column order, then input order; the table puts the input first.
    if arrays.len() != TREE_COLUMNS.len() + sources.len() {
        return Err(arrow_err(format!(
            "made {} columns, expected {}",
            arrays.len(),
            TREE_COLUMNS.len() + sources.len()
        )));
    }
    let mut own_arrays = arrays;
    let input_arrays = own_arrays.split_off(TREE_COLUMNS.len());
    let own = TREE_COLUMNS.len();
    let mut columns: Vec<(String, ArrayRef)> = Vec::with_capacity(own + sources.len());
    for ((field, _), array) in sources.iter().zip(input_arrays) {
        columns.push((field.name().clone(), array));
    }
    for (name, array) in TREE_COLUMNS.iter().zip(own_arrays) {
        columns.push(((*name).to_string(), array));
    }
    Ok(Table::from_columns(columns)?)
}

/// Below this many cells (rows × input columns), a second thread costs more than it
/// saves.
const PARALLEL_CELLS: usize = 1 << 18;

/// What copying an input column into tree order needs.
struct Gather<'a> {
    nodes: &'a [crate::Node],
    /// Each output row's input row, null for a synthesised process: read from the nodes
    /// once here, not once per column.
    rows: UInt64Array,
    /// The synthesised processes' positions in the output, in order.
    synthesized: Vec<usize>,
    /// Each output row's source for `interleave`: `(0, input row)`, or `(1, k)` for the
    /// `k`th synthesised process. Empty when nothing was synthesised.
    sources: Vec<(usize, usize)>,
    fill: &'a FillColumns,
    time_col: Option<String>,
}

impl<'a> Gather<'a> {
    fn new(input: &Table, tree: &'a ProcessTree) -> Result<Self> {
        let nodes = &tree.nodes;
        let fill = &tree.fill;
        let input_rows = input.num_rows();
        // Arrow's gathers index without checking; a row the input does not have is a
        // tree built from another table, refused here rather than read out of bounds.
        if let Some(row) = nodes
            .iter()
            .filter_map(|n| n.row)
            .find(|&r| r >= input_rows)
        {
            return Err(crate::Error::Table(huntkit_core::Error::Arrow {
                detail: format!(
                    "the tree names input row {row}, but the table has {input_rows} rows"
                ),
            }));
        }
        let synthesized: Vec<usize> = (0..nodes.len())
            .filter(|&i| nodes.get(i).is_some_and(|n| n.row.is_none()))
            .collect();
        let sources = if synthesized.is_empty() {
            Vec::new()
        } else {
            let mut k = 0;
            nodes
                .iter()
                .map(|n| match n.row {
                    Some(r) => (0, r),
                    None => {
                        k += 1;
                        (1, k - 1)
                    }
                })
                .collect()
        };
        Ok(Gather {
            nodes,
            rows: UInt64Array::from_iter(nodes.iter().map(|n| n.row.map(|r| r as u64))),
            synthesized,
            sources,
            fill,
            time_col: fill.time.iter().find(|c| input.has_column(c)).cloned(),
        })
    }

    /// How a synthesised process fills the column `name`, if it does.
    fn value(&self, name: &str) -> Option<NodeValue<'static>> {
        let fill = self.fill;
        let is = |c: &Option<String>| c.as_deref() == Some(name);
        if self.synthesized.is_empty() {
            None
        } else if is(&fill.name) {
            Some(Box::new(|_, t: &SynthText| Some(t.name.clone())))
        } else if is(&fill.pid) {
            Some(Box::new(|_, t: &SynthText| Some(t.pid.clone())))
        } else if is(&self.time_col) {
            Some(Box::new(|n: &crate::Node, _| {
                Some(
                    chrono::DateTime::from_timestamp_nanos(n.time)
                        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                )
            }))
        } else if is(&fill.host) {
            Some(Box::new(|_, t: &SynthText| t.host.clone()))
        } else if is(&fill.cmd) {
            Some(Box::new(|_, t: &SynthText| t.cmd_line.clone()))
        } else if is(&fill.user) {
            Some(Box::new(|_, t: &SynthText| t.user_id.clone()))
        } else if is(&fill.logon) {
            Some(Box::new(|_, t: &SynthText| t.logon_id.clone()))
        } else {
            None
        }
    }

    /// The input column `column` in tree order: Arrow's `take`, or its `interleave` of
    /// the input and the synthesised processes' values where they fill the column, so
    /// that each column is copied once. Not `copied`, only the synthesised processes'
    /// values, null elsewhere (see [`build_table_leaving`]).
    fn column(&self, field: &Field, column: &ArrayRef, copied: bool) -> Result<ArrayRef> {
        let rows = self.nodes.len();
        let none = || Ok(new_null_array(field.data_type(), rows));
        let Some(f) = self.value(field.name()) else {
            return if copied {
                take(column.as_ref(), &self.rows, None).map_err(arrow_err)
            } else {
                none()
            };
        };
        // Not copied, the input is one null row that every input row points at.
        let (base, sources) = if copied {
            (column.clone(), Cow::Borrowed(&self.sources))
        } else {
            let sources = self
                .sources
                .iter()
                .map(|&(from, k)| if from == 0 { (0, 0) } else { (from, k) })
                .collect();
            (new_null_array(field.data_type(), 1), Cow::Owned(sources))
        };
        if let DataType::Timestamp(unit, zone) = field.data_type() {
            if self.time_col.as_deref() == Some(field.name().as_str()) {
                let times = self.synthesized_times(*unit, zone.clone());
                return interleave(&[base.as_ref(), times.as_ref()], &sources).map_err(arrow_err);
            }
        }
        let values: StringArray = self
            .synthesized
            .iter()
            .map(|&i| {
                let n = self.nodes.get(i)?;
                f(n, n.text.as_deref()?)
            })
            .collect();
        let filled: ArrayRef = if field.data_type() == &DataType::Utf8 {
            Arc::new(values)
        } else {
            match crate::fill::text_as(&values, field.data_type()) {
                Some(filled) => filled,
                None if copied => {
                    return take(column.as_ref(), &self.rows, None).map_err(arrow_err)
                }
                None => return none(),
            }
        };
        interleave_checked(
            &[base.as_ref(), filled.as_ref()],
            &sources,
            "the text of one column",
        )
    }

    /// The synthesised processes' times as an Arrow time column of the input's unit and
    /// zone: made from the numbers, as a zone name (`UTC`) cannot be parsed from text
    /// here.
    fn synthesized_times(&self, unit: TimeUnit, zone: Option<Arc<str>>) -> ArrayRef {
        let per = match unit {
            TimeUnit::Second => 1_000_000_000,
            TimeUnit::Millisecond => 1_000_000,
            TimeUnit::Microsecond => 1_000,
            TimeUnit::Nanosecond => 1,
        };
        let values = self
            .synthesized
            .iter()
            .map(|&i| self.nodes.get(i).map(|n| n.time.div_euclid(per)));
        match unit {
            TimeUnit::Second => {
                Arc::new(TimestampSecondArray::from_iter(values).with_timezone_opt(zone))
            }
            TimeUnit::Millisecond => {
                Arc::new(TimestampMillisecondArray::from_iter(values).with_timezone_opt(zone))
            }
            TimeUnit::Microsecond => {
                Arc::new(TimestampMicrosecondArray::from_iter(values).with_timezone_opt(zone))
            }
            TimeUnit::Nanosecond => {
                Arc::new(TimestampNanosecondArray::from_iter(values).with_timezone_opt(zone))
            }
        }
    }
}

/// `proc_key`: the tree's keys gathered into tree order.
fn proc_key_column(tree: &ProcessTree) -> Result<ArrayRef> {
    let at = UInt32Array::from_iter_values(tree.nodes.iter().map(|n| key_number(n.key)));
    take_keys(tree, &at)
}

/// `parent_key`: the parent's key, gathered as `proc_key` is; a parent key shown as the
/// child wrote it (MSTICPy compatibility) comes from its own column.
fn parent_key_column(tree: &ProcessTree) -> Result<ArrayRef> {
    let nodes = &tree.nodes;
    if let Some(rows) = parent_key_rows(tree) {
        let at: UInt32Array = rows
            .iter()
            .map(|r| r.and_then(|r| nodes.get(r)).map(|p| key_number(p.key)))
            .collect();
        return take_keys(tree, &at);
    }
    let parent_number = |n: &crate::Node| -> Option<u32> {
        let parent = nodes.get(n.parent?)?;
        Some(key_number(parent.key))
    };
    let shown: StringArray = nodes
        .iter()
        .filter(|n| !n.is_root)
        .filter_map(|n| n.parent_key_text.as_deref())
        .map(Some)
        .collect();
    let mut next_shown = 0;
    let key_count = tree.keys.array().len();
    let empty = StringArray::from(vec![None::<&str>]);
    let sources: Vec<(usize, usize)> = nodes
        .iter()
        .map(|n| {
            if n.is_root {
                return (2, 0);
            }
            if n.parent_key_text.is_some() {
                next_shown += 1;
                return (1, next_shown - 1);
            }
            match parent_number(n) {
                Some(k) if (k as usize) < key_count => (0, k as usize),
                _ => (2, 0),
            }
        })
        .collect();
    interleave_checked(
        &[tree.keys.array(), &shown, &empty],
        &sources,
        "the text of the parent keys",
    )
}

/// The value offsets of a text or binary column.
fn offsets(a: &dyn Array) -> Option<&[i32]> {
    match a.data_type() {
        DataType::Utf8 => Some(a.as_string::<i32>().value_offsets()),
        DataType::Binary => Some(a.as_binary::<i32>().value_offsets()),
        _ => None,
    }
}

/// Arrow's `interleave`, refusing text past 32-bit offsets with a limit error, where
/// `interleave` itself would panic. The time-column gather needs no check: its values
/// are fixed-width.
fn interleave_checked(
    values: &[&dyn Array],
    sources: &[(usize, usize)],
    what: &'static str,
) -> Result<ArrayRef> {
    // The longest value times the number of values bounds the total: one pass along
    // each column's offsets, where summing the gathered lengths reads them at scattered
    // places. Only when that bound is too high are the lengths summed.
    let longest = values
        .iter()
        .filter_map(|&a| offsets(a))
        .flat_map(|o| {
            o.windows(2)
                .map(|w| w.last().zip(w.first()).map_or(0, |(e, s)| e - s))
        })
        .max()
        .unwrap_or(0);
    let bound = usize::try_from(longest)
        .unwrap_or(0)
        .saturating_mul(sources.len());
    if bound > i32::MAX as usize {
        let total = sources.iter().fold(0usize, |t, &(a, row)| {
            let o = values.get(a).and_then(|&v| offsets(v));
            let len = o.and_then(|o| Some(o.get(row + 1)? - o.get(row)?));
            t.saturating_add(len.and_then(|l| usize::try_from(l).ok()).unwrap_or(0))
        });
        if total > i32::MAX as usize {
            return Err(crate::Error::LimitExceeded {
                what: what.to_string(),
                limit: i32::MAX as u64,
                option: "maxRows",
            });
        }
    }
    interleave(values, sources).map_err(arrow_err)
}

/// A key's number as the gathers index it: a build's keys are numbered below
/// `u32::MAX`, as its event count is.
fn key_number(key: usize) -> u32 {
    u32::try_from(key).unwrap_or(u32::MAX)
}

/// Arrow's `take` of keys, with its bounds check: a key number is the build's own, but a
/// wrong one must be an error, not a panic.
fn take_keys(tree: &ProcessTree, at: &UInt32Array) -> Result<ArrayRef> {
    let checked = TakeOptions { check_bounds: true };
    take(tree.keys.array(), at, Some(checked)).map_err(arrow_err)
}

/// Where each row's parent columns take their text from, for a caller that turns the
/// table's text into its own strings (pandas' Python strings) and would share the
/// parent's rather than convert the same text twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentRows {
    /// Row `i`'s `parent_key` is the `proc_key` of row `parent_key[i]` (`None`: null).
    /// `None` as a whole when some parent key is shown as its child wrote it (MSTICPy
    /// compatibility), which is no row's `proc_key`.
    pub parent_key: Option<Vec<Option<usize>>>,
    /// Row `i`'s `parent_index` is the `source_index` of row `parent_index[i]`.
    pub parent_index: Vec<Option<usize>>,
}

/// The rows whose `proc_key` and `source_index` are each row's `parent_key` and
/// `parent_index`: `parent_key_column` gathers its keys from the first, and
/// `index_columns` makes the same choice as the second.
pub fn parent_rows(tree: &ProcessTree) -> ParentRows {
    let nodes = &tree.nodes;
    let parent_index = nodes
        .iter()
        .map(|n| n.path_from.filter(|&p| p < nodes.len()))
        .collect();
    ParentRows {
        parent_key: parent_key_rows(tree),
        parent_index,
    }
}

/// Each row's parent row (`None` for a root), or `None` when some parent key is shown as
/// its child wrote it.
fn parent_key_rows(tree: &ProcessTree) -> Option<Vec<Option<usize>>> {
    let nodes = &tree.nodes;
    if nodes.iter().any(|n| n.parent_key_text.is_some()) {
        return None;
    }
    Some(
        nodes
            .iter()
            .map(|n| n.parent.filter(|&p| !n.is_root && p < nodes.len()))
            .collect(),
    )
}

/// `parent_index` and `source_index`.
fn index_columns(tree: &ProcessTree) -> Vec<ArrayRef> {
    let nodes = &tree.nodes;
    let width = tree.width;
    let mut digits = String::with_capacity(width + 20);
    let mut parent_index = StringBuilder::with_capacity(nodes.len(), nodes.len() * width);
    let mut source_index = StringBuilder::with_capacity(nodes.len(), nodes.len() * width);
    for n in nodes {
        match n.path_from.and_then(|p| nodes.get(p)) {
            Some(p) => {
                digits.clear();
                push_pad(&mut digits, p.source, width);
                parent_index.append_value(&digits);
            }
            None => parent_index.append_null(),
        }
        digits.clear();
        push_pad(&mut digits, n.source, width);
        source_index.append_value(&digits);
    }
    vec![
        Arc::new(parent_index.finish()),
        Arc::new(source_index.finish()),
    ]
}

/// The flags, depth, `EffectiveLogonId`, the flags' names and `source_row`; `rows` is
/// each process's input row, as the gather has it.
fn other_columns(tree: &ProcessTree, rows: &UInt64Array) -> Vec<ArrayRef> {
    let nodes = &tree.nodes;
    let flag = |f: &dyn Fn(&crate::Node) -> bool| -> ArrayRef {
        Arc::new(nodes.iter().map(|n| Some(f(n))).collect::<BooleanArray>())
    };
    vec![
        flag(&|n| n.is_root),
        flag(&|n| n.is_leaf),
        flag(&|n| n.is_branch),
        Arc::new(UInt32Array::from_iter_values(
            nodes
                .iter()
                .map(|n| u32::try_from(n.depth).unwrap_or(u32::MAX)),
        )),
        Arc::new(
            (0..nodes.len())
                .map(|i| tree.effective_logon_id(i))
                .collect::<StringArray>(),
        ),
        Arc::new(
            nodes
                .iter()
                .map(|n| flags::describe(n.flags))
                .collect::<StringArray>(),
        ),
        Arc::new(rows.clone()),
    ]
}

/// The values and offsets of a text column being written byte by byte.
struct TextBuilder {
    values: String,
    offsets: Vec<i32>,
    /// What the column holds and the option that bounds it, for the error when its text
    /// outgrows Arrow's 32-bit offsets.
    what: &'static str,
    option: &'static str,
}

impl TextBuilder {
    fn new(rows: usize, bytes: usize, what: &'static str, option: &'static str) -> Self {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        TextBuilder {
            values: String::with_capacity(bytes),
            offsets,
            what,
            option,
        }
    }

    /// Ends the current value at the bytes written so far.
    fn end_value(&mut self) -> Result<()> {
        let end = i32::try_from(self.values.len()).map_err(|_| crate::Error::LimitExceeded {
            what: self.what.to_string(),
            limit: i32::MAX as u64,
            option: self.option,
        })?;
        self.offsets.push(end);
        Ok(())
    }

    fn finish(self) -> Result<ArrayRef> {
        let array = crate::keys::text_array(self.offsets, self.values).map_err(arrow_err)?;
        Ok(Arc::new(array))
    }
}

/// The `path` column, each path made from the path it extends: parents come before
/// their children, so every path is a copy of an earlier one plus a number, written
/// straight into the column's buffer.
fn path_column(tree: &ProcessTree) -> Result<ArrayRef> {
    let nodes = &tree.nodes;
    let width = tree.width;
    let mut out = TextBuilder::new(
        nodes.len(),
        nodes.len() * (width + 1) * 4,
        "the total length of the paths",
        "maxPathBytes",
    );
    let mut ends: Vec<(usize, usize)> = Vec::with_capacity(nodes.len());
    let mut digits = String::with_capacity(width + 20);
    for (i, n) in nodes.iter().enumerate() {
        let values = &mut out.values;
        let start = values.len();
        match n.path_from.and_then(|p| ends.get(p).copied()) {
            Some((a, b)) => {
                values.extend_from_within(a..b);
                values.push('/');
                digits.clear();
                push_pad(&mut digits, n.source, width);
                values.push_str(&digits);
            }
            // Not made yet (never so for built trees): walk the ancestors instead.
            None if n.path_from.is_some() => {
                values.push_str(&tree.path(i).unwrap_or_default());
            }
            None => {
                digits.clear();
                push_pad(&mut digits, n.source, width);
                values.push_str(&digits);
            }
        }
        ends.push((start, values.len()));
        out.end_value()?;
    }
    out.finish()
}

/// A `huntkit-core` table seen as the builders' input.
struct TableSource<'a> {
    table: &'a Table,
    names: Vec<String>,
    /// Every column as text, read once, for removing duplicate events.
    text: OnceCell<Vec<StrColumn>>,
    /// Every row in the row format, made once.
    rows: OnceCell<Option<Rows>>,
}

fn is_text(dt: &DataType) -> bool {
    matches!(
        dt,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Dictionary(..)
    )
}

impl TableSource<'_> {
    /// Every row in Arrow's comparable row format: equal bytes are equal rows. `None`
    /// when a column type has no row form (then rows are compared as text).
    fn binary_rows(&self) -> Option<&Rows> {
        self.rows
            .get_or_init(|| {
                let batch = self.table.to_batch().ok()?;
                let fields = batch
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| SortField::new(f.data_type().clone()))
                    .collect();
                let converter = RowConverter::new(fields).ok()?;
                converter.convert_columns(batch.columns()).ok()
            })
            .as_ref()
    }

    /// Row hashes over every column read as text, for tables the row format cannot hold.
    fn text_hashes(&self) -> Result<Vec<u64>> {
        let cols = self.all_text()?;
        let n = self.table.num_rows();
        let mut hashers: Vec<FxHasher> = (0..n).map(|_| FxHasher::default()).collect();
        for col in cols {
            for (h, v) in hashers.iter_mut().zip(col.iter()) {
                v.hash(h);
            }
        }
        Ok(hashers.into_iter().map(|h| h.finish()).collect())
    }

    fn all_text(&self) -> Result<&Vec<StrColumn>> {
        if let Some(t) = self.text.get() {
            return Ok(t);
        }
        let cols = self
            .names
            .iter()
            .map(|n| self.table.str_column(n))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(self.text.get_or_init(|| cols))
    }
}

impl Source for TableSource<'_> {
    fn num_rows(&self) -> usize {
        self.table.num_rows()
    }

    fn column_names(&self) -> Vec<String> {
        self.names.clone()
    }

    fn text(&self, column: &str) -> Result<Option<TextCol<'_>>> {
        if !self.table.has_column(column) {
            return Ok(None);
        }
        Ok(Some(TextCol::Table(self.table.str_column(column)?)))
    }

    fn event_rows(&self, column: &str, identifier: &str) -> Result<Option<Vec<bool>>> {
        if !self.table.has_column(column) {
            return Ok(None);
        }
        // Event ids stored as integers (Windows' and Sysmon's EventID) are compared as
        // numbers, without writing each one out as text first.
        if self.table.data_type(column)?.is_integer() {
            let id = identifier.trim().parse::<f64>().ok();
            let whole = id.filter(|v| v.fract() == 0.0 && v.abs() < 9.0e15);
            #[allow(clippy::cast_possible_truncation)]
            let target = whole.map(|v| v as i64);
            // Unsigned values past i64::MAX cannot be held so: those columns are compared
            // as text below.
            if let Ok(ids) = self.table.ints(column) {
                return Ok(Some(
                    ids.iter().map(|v| v.is_some() && *v == target).collect(),
                ));
            }
        }
        Ok(self
            .text(column)?
            .map(|values| text_event_rows(&values, self.num_rows(), identifier)))
    }

    fn owned_text(&self, column: &str) -> Result<Option<StrColumn>> {
        if !self.table.has_column(column) {
            return Ok(None);
        }
        Ok(Some(self.table.str_column(column)?))
    }

    fn times(&self, column: &str) -> Result<Option<Vec<Option<i64>>>> {
        if !self.table.has_column(column) {
            return Ok(None);
        }
        // Text is read here rather than by the table layer, so that unreadable values
        // are flagged per event instead of failing the whole table, and so that
        // osquery's and epoch forms are read too.
        if !is_text(&self.table.data_type(column)?) {
            if let Ok(t) = self.table.timestamps(column) {
                return Ok(Some(t));
            }
        }
        let col = self.table.str_column(column)?;
        Ok(Some(col.iter().map(|v| v.and_then(parse_time)).collect()))
    }

    fn row_hashes(&self) -> Result<Vec<u64>> {
        // Column by column, on the values as stored: text as its bytes, fixed-width
        // values as theirs. Other types (lists, structs) take the row format. Equal
        // hashes are checked by `rows_equal`, so this only has to be fast.
        let n = self.table.num_rows();
        let batch = self.table.to_batch()?;
        let mut hashes = vec![0u64; n];
        let mix = |h: &mut u64, v: u64| {
            *h = (h.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        };
        for (field, col) in batch.schema().fields().iter().zip(batch.columns()) {
            let dt = field.data_type();
            if is_text(dt) {
                let values = self.table.str_column(field.name())?;
                for (h, v) in hashes.iter_mut().zip(values.iter()) {
                    let mut f = FxHasher::default();
                    v.hash(&mut f);
                    mix(h, f.finish());
                }
            } else if let Some(width) = dt.primitive_width() {
                let data = col.to_data();
                let bytes = data.buffers().first().map_or(&[][..], |b| b.as_slice());
                let offset = data.offset();
                for (row, h) in hashes.iter_mut().enumerate() {
                    let start = (offset + row) * width;
                    let v = if col.is_null(row) {
                        None
                    } else {
                        bytes.get(start..start + width)
                    };
                    let mut f = FxHasher::default();
                    v.hash(&mut f);
                    mix(h, f.finish());
                }
            } else {
                let Some(rows) = self.binary_rows() else {
                    return self.text_hashes();
                };
                for (i, h) in hashes.iter_mut().enumerate() {
                    let mut f = FxHasher::default();
                    rows.row(i).as_ref().hash(&mut f);
                    mix(h, f.finish());
                }
                return Ok(hashes);
            }
        }
        Ok(hashes)
    }

    fn rows_equal(&self, a: usize, b: usize) -> bool {
        // Made on the first equal hash only: most inputs never need it.
        if let Some(rows) = self.binary_rows() {
            return a < rows.num_rows() && b < rows.num_rows() && rows.row(a) == rows.row(b);
        }
        if self.all_text().is_err() {
            return false;
        }
        match self.text.get() {
            Some(cols) => cols.iter().all(|c| c.get(a) == c.get(b)),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interleave_refuses_text_past_32_bit_offsets_and_allows_it_below() {
        // One 1 MiB value among short ones: 2,100 gathers could reach 2.2 GB, so the
        // quick bound is too high and the gathered lengths are summed.
        let big = "x".repeat(1 << 20);
        let column = StringArray::from(vec!["a", big.as_str(), "bc"]);
        let synth = StringArray::from(vec!["s"]);
        let values: [&dyn Array; 2] = [&column, &synth];

        let mut small: Vec<(usize, usize)> = (0..2_100).map(|i| (0, i % 2 * 2)).collect();
        small.push((0, 1));
        small.push((1, 0));
        let out = interleave_checked(&values, &small, "test").unwrap();
        let out = out.as_string::<i32>();
        assert_eq!(out.len(), 2_102);
        assert_eq!((out.value(0), out.value(1)), ("a", "bc"));
        assert_eq!(out.value(2_100).len(), 1 << 20);
        assert_eq!(out.value(2_101), "s");

        let huge: Vec<(usize, usize)> = (0..2_100).map(|_| (0, 1)).collect();
        let err = interleave_checked(&values, &huge, "the text of one column").unwrap_err();
        assert!(
            matches!(&err, crate::Error::LimitExceeded { what, .. } if what == "the text of one column"),
            "{err}"
        );

        // Short values take the quick path.
        let quick: Vec<(usize, usize)> = vec![(1, 0), (0, 2), (0, 0)];
        let out = interleave_checked(&values, &quick, "test").unwrap();
        let got: Vec<&str> = out.as_string::<i32>().iter().flatten().collect();
        assert_eq!(got, ["s", "bc", "a"]);
    }

    #[test]
    fn parent_rows_name_the_rows_whose_text_the_parent_columns_hold() {
        let csv = "TimeGenerated,NewProcessName,NewProcessId,ProcessId,ParentProcessName\n\
                   2024-01-01 10:00:00,C:\\a.exe,0x10,0x4,C:\\p.exe\n\
                   2024-01-01 10:00:01,C:\\b.exe,0x11,0x10,C:\\a.exe\n\
                   2024-01-01 10:00:02,C:\\c.exe,0x12,0x11,C:\\b.exe\n\
                   2024-01-01 10:00:03,C:\\d.exe,0x13,0x10,C:\\a.exe\n\
                   2024-01-01 10:00:04,C:\\e.exe,0x14,0x8,C:\\q.exe\n";
        let table = huntkit_core::read(csv.as_bytes(), &Default::default()).unwrap();
        for compat in [crate::Compat::Huntkit, crate::Compat::Msticpy] {
            let opts = Options {
                compat,
                ..Options::default()
            };
            let built = build_table(&table, &opts).unwrap();
            let out = built.table.to_batch().unwrap();
            let column = |name: &str| -> Vec<Option<String>> {
                let c = out.column_by_name(name).unwrap();
                c.as_string::<i32>()
                    .iter()
                    .map(|v| v.map(str::to_string))
                    .collect()
            };
            let (proc_key, parent_key) = (column("proc_key"), column("parent_key"));
            let (source_index, parent_index) = (column("source_index"), column("parent_index"));
            let rows = parent_rows(&built.tree);
            let via = |rows: &[Option<usize>], text: &[Option<String>]| -> Vec<Option<String>> {
                rows.iter()
                    .map(|r| r.and_then(|r| text[r].clone()))
                    .collect()
            };
            assert_eq!(via(&rows.parent_index, &source_index), parent_index);
            assert!(
                parent_index.iter().flatten().count() >= 3,
                "{parent_index:?}"
            );
            match compat {
                crate::Compat::Huntkit => {
                    let keys = rows.parent_key.expect("no parent key is shown as written");
                    assert_eq!(via(&keys, &proc_key), parent_key);
                    assert!(parent_key.iter().flatten().count() >= 3, "{parent_key:?}");
                }
                // MSTICPy's parent keys are the child's text of the parent id.
                crate::Compat::Msticpy => assert_eq!(rows.parent_key, None),
            }
        }
    }

    #[test]
    fn input_columns_follow_source_row_and_synthesised_parents_are_filled() {
        // A sliced input (its buffers start past zero), a null inside the data, a
        // timestamp column, and parents not in the data.
        let csv = "skip,0,0,0,0,0,x\n\
                   2024-01-01 10:00:00,C:\\a.exe,0x10,0x4,C:\\p.exe,one,\n\
                   2024-01-01 10:00:01,C:\\b.exe,0x11,0x10,C:\\a.exe,,u1\n\
                   2024-01-01 10:00:02,C:\\c.exe,0x12,0x10,C:\\a.exe,three,u2\n\
                   2024-01-01 10:00:03,C:\\d.exe,0x13,0x8,C:\\q.exe,four,u3\n";
        let header = "TimeGenerated,NewProcessName,NewProcessId,ProcessId,ParentProcessName,CommandLine,SubjectUserName\n";
        let whole = huntkit_core::read(format!("{header}{csv}").as_bytes(), &Default::default())
            .unwrap()
            .to_batch()
            .unwrap();
        let mut batch = whole.slice(1, whole.num_rows() - 1);
        // Time stamps as Arrow times in a named zone, as pandas writes them.
        let times = Table::from_batch(batch.clone())
            .str_column("TimeGenerated")
            .unwrap();
        let times: ArrayRef = Arc::new(
            TimestampNanosecondArray::from_iter(
                (0..batch.num_rows()).map(|r| times.get(r).and_then(parse_time)),
            )
            .with_timezone("UTC"),
        );
        let i = batch.schema().index_of("TimeGenerated").unwrap();
        let mut columns = batch.columns().to_vec();
        columns[i] = times;
        let mut fields: Vec<Field> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        fields[i] = Field::new("TimeGenerated", columns[i].data_type().clone(), true);
        batch = arrow::record_batch::RecordBatch::try_new(
            Arc::new(arrow::datatypes::Schema::new(fields)),
            columns,
        )
        .unwrap();
        let table = Table::from_batch(batch);
        let built = build_table(&table, &Options::default()).unwrap();
        let out = built.table.to_batch().unwrap();
        let text = |t: &arrow::record_batch::RecordBatch, col: &str, row: usize| {
            let mut c = t.column_by_name(col).unwrap().clone();
            // A named zone needs chrono-tz to be shown: compare the numbers.
            if matches!(c.data_type(), DataType::Timestamp(..)) {
                c = arrow::compute::cast(&c, &DataType::Int64).unwrap();
            }
            c.is_valid(row)
                .then(|| arrow::util::display::array_value_to_string(c.as_ref(), row).unwrap())
        };
        let source = out.column_by_name("source_row").unwrap();
        let source = source.as_any().downcast_ref::<UInt64Array>().unwrap();
        let input = table.to_batch().unwrap();
        let mut synthesised = Vec::new();
        for row in 0..out.num_rows() {
            if source.is_valid(row) {
                let from = source.value(row) as usize;
                for name in table.column_names() {
                    assert_eq!(
                        text(&out, &name, row),
                        text(&input, &name, from),
                        "{name} {row}"
                    );
                }
            } else {
                synthesised.push((
                    text(&out, "NewProcessName", row),
                    text(&out, "NewProcessId", row),
                    text(&out, "TimeGenerated", row),
                    text(&out, "CommandLine", row),
                ));
            }
        }
        synthesised.sort();
        let epoch = Some("0".to_string());
        assert_eq!(
            synthesised,
            vec![
                (
                    Some("C:\\p.exe".into()),
                    Some("0x4".into()),
                    epoch.clone(),
                    None
                ),
                (Some("C:\\q.exe".into()), Some("0x8".into()), epoch, None),
            ]
        );
        assert_eq!(text(&out, "CommandLine", 0), None);
    }

    #[test]
    fn event_types_are_matched_as_numbers_or_as_text() {
        let table = Table::from_columns(vec![
            (
                "EventID".to_string(),
                Arc::new(arrow::array::Int32Array::from(vec![
                    Some(4688),
                    Some(4689),
                    None,
                    Some(4688),
                ])) as ArrayRef,
            ),
            (
                "EventText".to_string(),
                huntkit_core::string_array(vec![Some("4688"), Some("4688.0"), Some("x"), None]),
            ),
        ])
        .unwrap();
        let src = TableSource {
            table: &table,
            names: table.column_names(),
            text: OnceCell::new(),
            rows: OnceCell::new(),
        };
        let rows = |c: &str, id: &str| src.event_rows(c, id).unwrap();
        assert_eq!(
            rows("EventID", "4688"),
            Some(vec![true, false, false, true])
        );
        assert_eq!(
            rows("EventID", " 4688.0"),
            Some(vec![true, false, false, true])
        );
        assert_eq!(rows("EventID", "4688.5"), Some(vec![false; 4]));
        assert_eq!(rows("EventID", "ProcessCreated"), Some(vec![false; 4]));
        assert_eq!(
            rows("EventText", "4688"),
            Some(vec![true, true, false, false])
        );
        assert_eq!(rows("Missing", "4688"), None);
        // The text form, as the other inputs are matched, agrees.
        let events = crate::Events::new(vec![(
            "EventID".to_string(),
            vec![
                Some("4688".into()),
                Some("4689".into()),
                None,
                Some("4688".into()),
            ],
        )])
        .unwrap();
        assert_eq!(
            Source::event_rows(&events, "EventID", "4688").unwrap(),
            rows("EventID", "4688")
        );
    }

    /// `rows` 4688 events: every seventh a child of process 4 (whose parent is
    /// synthesised), the rest children of earlier events.
    fn sample_events(rows: u32) -> Table {
        let mut csv = String::from("TimeGenerated,NewProcessName,NewProcessId,ProcessId,ParentProcessName,CommandLine,EventID\n");
        for i in 0..rows {
            let parent = if i % 7 == 0 { 4 } else { 0x1000 + i / 2 };
            csv.push_str(&format!(
                "2024-01-01 10:{:02}:{:02},C:\\t{}.exe,0x{:x},0x{:x},C:\\t{}.exe,t {i},4688\n",
                (i / 60) % 60,
                i % 60,
                i % 5,
                0x1000 + i,
                parent,
                (i / 2) % 5,
            ));
        }
        huntkit_core::read(csv.as_bytes(), &Default::default()).unwrap()
    }

    #[test]
    fn two_threads_make_the_same_table_as_one() {
        let table = sample_events(3000);
        let tree = crate::build_source(
            &TableSource {
                table: &table,
                names: table.column_names(),
                text: OnceCell::new(),
                rows: OnceCell::new(),
            },
            &Options::default(),
        )
        .unwrap();
        assert!(
            tree.nodes.iter().any(|n| n.row.is_none()),
            "no synthesised parent"
        );
        let one = tree_table_on(&table, &tree, false, &[]).unwrap();
        let two = tree_table_on(&table, &tree, true, &[]).unwrap();
        assert_eq!(one.column_names(), two.column_names());
        assert_eq!(one.to_batch().unwrap(), two.to_batch().unwrap());
    }

    #[test]
    fn columns_left_to_the_caller_hold_only_the_synthesised_values() {
        let table = sample_events(200);
        let whole = build_table(&table, &Options::default()).unwrap().table;
        let left: Vec<String> = [
            "NewProcessName",
            "NewProcessId",
            "TimeGenerated",
            "CommandLine",
        ]
        .map(String::from)
        .to_vec();
        for two_threads in [false, true] {
            let tree = build_table(&table, &Options::default()).unwrap().tree;
            let part = tree_table_on(&table, &tree, two_threads, &left).unwrap();
            assert_eq!(part.column_names(), whole.column_names());
            let rows = part.to_batch().unwrap();
            let all = whole.to_batch().unwrap();
            let source = rows.column_by_name("source_row").unwrap();
            let mut synthesised = 0;
            for name in whole.column_names() {
                let (a, b) = (
                    rows.column_by_name(&name).unwrap(),
                    all.column_by_name(&name).unwrap(),
                );
                for row in 0..rows.num_rows() {
                    let from_input = source.is_valid(row);
                    if left.contains(&name) && from_input {
                        assert!(a.is_null(row), "{name} row {row} copied");
                    } else {
                        synthesised += usize::from(!from_input && a.is_valid(row));
                        assert_eq!(&a.slice(row, 1), &b.slice(row, 1), "{name} row {row}");
                    }
                }
            }
            assert!(synthesised > 0, "no synthesised value compared");
        }
    }
}
