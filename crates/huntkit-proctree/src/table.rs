//! The table mode: process events in a `huntkit-core` table in, the same rows plus the
//! tree columns out.

use std::cell::OnceCell;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use arrow::array::builder::NullBufferBuilder;
use arrow::array::{
    Array, ArrayRef, BooleanArray, StringArray, StringBuilder, UInt32Array, UInt64Array,
};
use arrow::buffer::{Buffer, OffsetBuffer, ScalarBuffer};
use arrow::compute::kernels::zip::zip;
use arrow::compute::{cast_with_options, is_null, take, CastOptions};
use arrow::datatypes::{DataType, Field};
use arrow::row::{RowConverter, Rows, SortField};
use huntkit_core::{StrColumn, Table};
use rustc_hash::FxHasher;

use crate::build::SynthText;
use crate::error::Result;
use crate::events::{parse_time, Source, TextCol};
use crate::options::Options;
use crate::tree::{flags, push_pad, FillColumns, ProcessTree};

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
    let input = without_tree_columns(table)?;
    let src = TableSource {
        table: &input,
        names: input.column_names(),
        text: OnceCell::new(),
        rows: OnceCell::new(),
    };
    let tree = crate::build_source(&src, options)?;
    let out = tree_table(&input, &tree)?;
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
/// Where the machine has a second core and the table is large, the input's columns are
/// shared out between two threads while the tree's own columns are made: copying the
/// input into tree order is most of the work, and each column is independent.
pub fn tree_table(input: &Table, tree: &ProcessTree) -> Result<Table> {
    let cells = tree.nodes.len().saturating_mul(input.column_names().len());
    let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    tree_table_on(input, tree, two_cores && cells >= PARALLEL_CELLS)
}

/// [`tree_table`], on two threads or on this one.
fn tree_table_on(input: &Table, tree: &ProcessTree, two_threads: bool) -> Result<Table> {
    let batch = input.to_batch()?;
    let gather = Gather::new(input, tree);
    let fields = batch.schema().fields().clone();
    let sources: Vec<(&Field, &ArrayRef)> = fields
        .iter()
        .map(|f| f.as_ref())
        .zip(batch.columns())
        .collect();
    let next = AtomicUsize::new(0);
    // Takes input columns, one at a time, until none is left.
    let work = || -> Vec<(usize, Result<ArrayRef>)> {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(field, column)) = sources.get(i) else {
                return done;
            };
            done.push((i, gather.column(field, column)));
        }
    };
    let (mut taken, own) = if two_threads {
        std::thread::scope(|scope| {
            // No thread (wasm has none): this thread does all of it.
            let helper = std::thread::Builder::new().spawn_scoped(scope, work).ok();
            let own = tree_columns(tree, &gather.rows);
            let mut taken = work();
            match helper.map(|h| h.join()) {
                Some(Ok(theirs)) => taken.extend(theirs),
                // Only a bug panics; it is the helper's to report, not to hide.
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => {}
            }
            (taken, own)
        })
    } else {
        (work(), tree_columns(tree, &gather.rows))
    };
    taken.sort_unstable_by_key(|(i, _)| *i);
    let mut columns: Vec<(String, ArrayRef)> =
        Vec::with_capacity(sources.len() + TREE_COLUMNS.len());
    for ((field, _), (_, array)) in sources.iter().zip(taken) {
        columns.push((field.name().clone(), array?));
    }
    columns.extend(own?);
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
    fill: &'a FillColumns,
    time_col: Option<String>,
}

impl<'a> Gather<'a> {
    fn new(input: &Table, tree: &'a ProcessTree) -> Self {
        let nodes = &tree.nodes;
        let fill = &tree.fill;
        Gather {
            nodes,
            rows: UInt64Array::from_iter(nodes.iter().map(|n| n.row.map(|r| r as u64))),
            fill,
            time_col: fill.time.iter().find(|c| input.has_column(c)).cloned(),
        }
    }

    /// How a synthesised process fills the column `name`, if it does.
    fn value(&self, name: &str) -> Option<NodeValue<'static>> {
        let fill = self.fill;
        let is = |c: &Option<String>| c.as_deref() == Some(name);
        if self.rows.null_count() == 0 {
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

    /// The input column `column` in tree order.
    fn column(&self, field: &Field, column: &ArrayRef) -> Result<ArrayRef> {
        let value = self.value(field.name());
        if let Some(text) = column.as_any().downcast_ref::<StringArray>() {
            let synth = |i: usize| match (&value, self.nodes.get(i)) {
                (Some(f), Some(n)) => n.text.as_ref().and_then(|t| f(n, t)),
                _ => None,
            };
            return gather_text(text, &self.rows, &synth);
        }
        let taken = take(column.as_ref(), &self.rows, None).map_err(arrow_err)?;
        let Some(f) = value else {
            return Ok(taken);
        };
        let values: StringArray = self
            .nodes
            .iter()
            .map(|n| match (&n.row, &n.text) {
                (None, Some(t)) => f(n, t),
                _ => None,
            })
            .collect();
        let opts = CastOptions {
            safe: true,
            ..CastOptions::default()
        };
        // A value the column's type cannot hold stays empty rather than failing.
        Ok(match cast_with_options(&values, field.data_type(), &opts) {
            Ok(filled) => match is_null(&self.rows) {
                Ok(synthesized) => zip(&synthesized, &filled, &taken).unwrap_or(taken),
                Err(_) => taken,
            },
            Err(_) => taken,
        })
    }
}

/// The columns the tree adds, [`TREE_COLUMNS`]; `rows` is each process's input row,
/// as the gather has it.
fn tree_columns(tree: &ProcessTree, rows: &UInt64Array) -> Result<Vec<(String, ArrayRef)>> {
    let nodes = &tree.nodes;
    let mut columns: Vec<(String, ArrayRef)> = Vec::with_capacity(TREE_COLUMNS.len());
    columns.push(("proc_key".into(), key_column(tree, |i| tree.proc_key(i))));
    columns.push((
        "parent_key".into(),
        key_column(tree, |i| tree.parent_key(i)),
    ));
    columns.push(("path".into(), path_column(tree)?));
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
    columns.push(("parent_index".into(), Arc::new(parent_index.finish())));
    columns.push(("source_index".into(), Arc::new(source_index.finish())));
    let flag = |f: &dyn Fn(&crate::Node) -> bool| -> ArrayRef {
        Arc::new(nodes.iter().map(|n| Some(f(n))).collect::<BooleanArray>())
    };
    columns.push(("IsRoot".into(), flag(&|n| n.is_root)));
    columns.push(("IsLeaf".into(), flag(&|n| n.is_leaf)));
    columns.push(("IsBranch".into(), flag(&|n| n.is_branch)));
    columns.push((
        "depth".into(),
        Arc::new(UInt32Array::from_iter_values(
            nodes
                .iter()
                .map(|n| u32::try_from(n.depth).unwrap_or(u32::MAX)),
        )),
    ));
    columns.push((
        "EffectiveLogonId".into(),
        Arc::new(
            (0..nodes.len())
                .map(|i| tree.effective_logon_id(i))
                .collect::<StringArray>(),
        ),
    ));
    columns.push((
        "flags".into(),
        Arc::new(
            nodes
                .iter()
                .map(|n| flags::describe(n.flags))
                .collect::<StringArray>(),
        ),
    ));
    columns.push(("source_row".into(), Arc::new(rows.clone())));
    Ok(columns)
}

/// A column of keys, `key(i)` for each process: written into a buffer sized once for
/// all the build's keys, not grown value by value.
fn key_column<'a>(tree: &'a ProcessTree, key: impl Fn(usize) -> Option<&'a str>) -> ArrayRef {
    let n = tree.nodes.len();
    let mut out = StringBuilder::with_capacity(n, tree.key_bytes());
    for i in 0..n {
        out.append_option(key(i));
    }
    Arc::new(out.finish())
}

/// A text column in tree order: the value of input row `rows[i]` for each output row
/// `i`, or `synth(i)` where `rows[i]` is null (a synthesised process). One
/// pass, where a gather and then a merge would copy the column twice.
fn gather_text(
    column: &StringArray,
    rows: &UInt64Array,
    synth: &dyn Fn(usize) -> Option<String>,
) -> Result<ArrayRef> {
    let offsets = column.value_offsets();
    let data = column.value_data();
    let span = |row: usize| -> Option<std::ops::Range<usize>> {
        if row >= column.len() || column.is_null(row) {
            return None;
        }
        let start = usize::try_from(*offsets.get(row)?).ok()?;
        let end = usize::try_from(*offsets.get(row + 1)?).ok()?;
        Some(start..end)
    };
    let at = |row: u64| usize::try_from(row).ok().and_then(span);
    let size: usize = rows.iter().flatten().filter_map(at).map(|r| r.len()).sum();
    let mut out = TextBuilder::new(rows.len(), size, "the text of one column", "maxRows");
    let mut nulls = NullBufferBuilder::new(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let valid = match row {
            None => match synth(i) {
                Some(v) => {
                    out.values.extend_from_slice(v.as_bytes());
                    true
                }
                None => false,
            },
            Some(row) => match at(row).and_then(|r| data.get(r)) {
                Some(bytes) => {
                    out.values.extend_from_slice(bytes);
                    true
                }
                None => false,
            },
        };
        nulls.append(valid);
        out.end_value()?;
    }
    out.finish(nulls.finish())
}

/// The values and offsets of a text column being written byte by byte.
struct TextBuilder {
    values: Vec<u8>,
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
            values: Vec::with_capacity(bytes),
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

    fn finish(self, nulls: Option<arrow::buffer::NullBuffer>) -> Result<ArrayRef> {
        let array = StringArray::try_new(
            OffsetBuffer::new(ScalarBuffer::from(self.offsets)),
            Buffer::from_vec(self.values),
            nulls,
        )
        .map_err(arrow_err)?;
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
                values.push(b'/');
                digits.clear();
                push_pad(&mut digits, n.source, width);
                values.extend_from_slice(digits.as_bytes());
            }
            // Not made yet (never so for built trees): walk the ancestors instead.
            None if n.path_from.is_some() => {
                values.extend_from_slice(tree.path(i).unwrap_or_default().as_bytes());
            }
            None => {
                digits.clear();
                push_pad(&mut digits, n.source, width);
                values.extend_from_slice(digits.as_bytes());
            }
        }
        ends.push((start, values.len()));
        out.end_value()?;
    }
    out.finish(None)
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
    fn gathered_text_matches_a_value_by_value_copy() {
        // Runs of consecutive rows, a null inside a run, synthesised rows with and
        // without text, a row past the end, a run that ends the column, and a column
        // that is a slice of a larger one.
        let whole = StringArray::from(vec![
            Some("skip"),
            Some("a"),
            Some("bb"),
            None,
            Some(""),
            Some("ccc"),
            Some("dddd"),
            Some("é"),
        ]);
        let column = whole.slice(1, 7);
        let rows = UInt64Array::from(vec![
            Some(0),
            Some(1),
            Some(2),
            Some(3),
            None,
            Some(5),
            Some(4),
            None,
            Some(99),
            Some(0),
            Some(4),
            Some(5),
            Some(6),
        ]);
        let synth = |i: usize| (i == 4).then(|| "synth".to_string());
        let got = gather_text(&column, &rows, &synth).unwrap();
        let got = got.as_any().downcast_ref::<StringArray>().unwrap();
        let want: Vec<Option<String>> = (0..rows.len())
            .map(|i| match rows.is_valid(i).then(|| rows.value(i) as usize) {
                None => synth(i),
                Some(r) if r < column.len() && column.is_valid(r) => {
                    Some(column.value(r).to_string())
                }
                Some(_) => None,
            })
            .collect();
        let got: Vec<Option<String>> = got.iter().map(|v| v.map(str::to_string)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn two_threads_make_the_same_table_as_one() {
        let mut csv = String::from("TimeGenerated,NewProcessName,NewProcessId,ProcessId,ParentProcessName,CommandLine,EventID\n");
        for i in 0..3000u32 {
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
        let table = huntkit_core::read(csv.as_bytes(), &Default::default()).unwrap();
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
        let one = tree_table_on(&table, &tree, false).unwrap();
        let two = tree_table_on(&table, &tree, true).unwrap();
        assert_eq!(one.column_names(), two.column_names());
        assert_eq!(one.to_batch().unwrap(), two.to_batch().unwrap());
    }
}
