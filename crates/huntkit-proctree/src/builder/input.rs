//! What both builders do with their input: read its columns, choose the rows to build
//! from (the event type, exact duplicates, missing time stamps), and number names and
//! hosts so that linking compares numbers rather than texts.

use huntkit_core::StrColumn;
use rustc_hash::FxHashMap;

use super::NO_ID;
use crate::error::{Error, Result};
use crate::events::{Source, TextCol};
use crate::options::MissingTime;
use crate::schema::SchemaKind;
use crate::tree::Report;

/// The report of a build that has not started yet.
pub(super) fn new_report(src: &dyn Source, kind: SchemaKind) -> Report {
    Report {
        schema: kind,
        rows_in: src.num_rows(),
        ..Report::default()
    }
}

/// A column the schema cannot do without.
pub(super) fn required<'a>(
    src: &'a dyn Source,
    column: &str,
    role: &'static str,
    kind: SchemaKind,
) -> Result<TextCol<'a>> {
    src.text(column)?
        .ok_or_else(|| missing(src, column, role, kind))
}

pub(super) fn missing(
    src: &dyn Source,
    column: &str,
    role: &'static str,
    kind: SchemaKind,
) -> Error {
    Error::MissingColumn {
        column: column.to_string(),
        role,
        schema: kind.name(),
        available: src.describe_columns(),
    }
}

/// A column the schema may name, read when it does and the input has it.
pub(super) fn optional<'a>(
    src: &'a dyn Source,
    column: Option<&String>,
) -> Result<Option<TextCol<'a>>> {
    match column {
        Some(c) if !c.is_empty() => src.text(c),
        _ => Ok(None),
    }
}

pub(super) fn at<'a>(col: &'a Option<TextCol<'_>>, row: usize) -> Option<&'a str> {
    col.as_ref()?.get(row)
}

pub(super) fn owned(col: &Option<TextCol<'_>>, row: usize) -> Option<String> {
    at(col, row).map(str::to_string)
}

/// A column already read, kept for the tree: shared when it came from a table, read
/// again otherwise.
pub(super) fn keep(
    src: &dyn Source,
    col: Option<&TextCol<'_>>,
    column: &str,
) -> Result<Option<StrColumn>> {
    match col {
        Some(TextCol::Table(c)) => Ok(Some(c.clone())),
        Some(TextCol::Plain(_)) => src.owned_text(column),
        None => Ok(None),
    }
}

/// A column the builder does not read, kept for the tree when the schema names it.
pub(super) fn owned_optional(
    src: &dyn Source,
    column: Option<&String>,
) -> Result<Option<StrColumn>> {
    match column {
        Some(c) if !c.is_empty() => src.owned_text(c),
        _ => Ok(None),
    }
}

pub(super) fn too_many() -> Error {
    Error::LimitExceeded {
        what: "the number of events".to_string(),
        limit: u64::from(u32::MAX),
        option: "maxRows",
    }
}

/// Rows that pass the event-type filter (`(column, identifier)`), with exact duplicate
/// events removed (the first is kept).
///
/// `identity` hashes a few of a row's values (its process id and time): equal
/// rows have equal identities, so only rows sharing one can be duplicates. Whole rows
/// are hashed, once for the table, only when two rows share an identity, and rows are
/// compared only when their whole-row hashes are equal too.
pub(super) fn filter_rows(
    src: &dyn Source,
    event_type: Option<(&str, &str)>,
    report: &mut Report,
    identity: &dyn Fn(usize) -> u64,
) -> Result<Vec<usize>> {
    let n = src.num_rows();
    let wanted = match event_type {
        Some((c, id)) if !c.is_empty() && !id.is_empty() => src.event_rows(c, id)?,
        _ => None,
    };
    // The first kept row of each identity, and whether it has been put in `same` yet.
    let mut first: FxHashMap<u64, (usize, bool)> = FxHashMap::default();
    first.reserve(n);
    let mut whole: Option<Vec<u64>> = None;
    // Kept rows by (identity, whole-row hash), for identities that more than one row has.
    let mut same: FxHashMap<(u64, u64), Vec<usize>> = FxHashMap::default();
    let mut keep = Vec::with_capacity(n);
    for row in 0..n {
        if let Some(wanted) = &wanted {
            if !wanted.get(row).copied().unwrap_or(false) {
                report.filtered_out += 1;
                continue;
            }
        }
        let id = identity(row);
        let (earlier, listed) = match first.get_mut(&id) {
            None => {
                first.insert(id, (row, false));
                keep.push(row);
                continue;
            }
            Some(entry) => {
                let seen = *entry;
                entry.1 = true;
                seen
            }
        };
        let hashes = match &mut whole {
            Some(h) => h,
            None => whole.insert(src.row_hashes()?),
        };
        let hash_of = |r: usize| hashes.get(r).copied().unwrap_or(0);
        if !listed {
            same.entry((id, hash_of(earlier)))
                .or_default()
                .push(earlier);
        }
        let rows = same.entry((id, hash_of(row))).or_default();
        if rows.iter().any(|&o| src.rows_equal(o, row)) {
            report.duplicate_events += 1;
            continue;
        }
        rows.push(row);
        keep.push(row);
    }
    Ok(keep)
}

/// A hash of a row's process id and time: the identity `filter_rows` groups by. The
/// name would rarely tell two rows apart that these do not, and is the longest to hash.
pub(super) fn row_identity(id: Option<&str>, time: Option<i64>) -> u64 {
    // 64 bits on every target: a million rows must rarely share a hash by chance.
    std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), (id, time))
}

/// Whether the rows' times ever go backwards (a missing time counts as the earliest).
pub(super) fn out_of_order(rows: &[usize], times: &[Option<i64>]) -> bool {
    rows.windows(2).any(|w| match (w.first(), w.get(1)) {
        (Some(&a), Some(&b)) => times.get(a).copied().flatten() > times.get(b).copied().flatten(),
        _ => false,
    })
}

/// Applies the missing-time policy; returns each kept row with its time, and whether the
/// time was missing (the process is then placed at 1970-01-01).
pub(super) fn resolve_times(
    rows: &[usize],
    times: &[Option<i64>],
    column: &str,
    policy: MissingTime,
    report: &mut Report,
) -> Result<Vec<(usize, i64, bool)>> {
    let mut out = Vec::with_capacity(rows.len());
    for &row in rows {
        match times.get(row).copied().flatten() {
            Some(t) => out.push((row, t, false)),
            None => match policy {
                MissingTime::Flag => {
                    report.missing_time += 1;
                    out.push((row, 0, true));
                }
                MissingTime::Drop => report.missing_time_dropped += 1,
                MissingTime::Error => {
                    return Err(Error::InvalidValue {
                        column: column.to_string(),
                        row,
                        detail: "the time stamp is missing or cannot be read".to_string(),
                    })
                }
            },
        }
    }
    Ok(out)
}

/// Gives each distinct text a small number: exact texts, and lower-cased texts (so
/// `CMD.EXE` and `cmd.exe` share a lower-case id).
#[derive(Default)]
pub(super) struct Names<'a> {
    exact: FxHashMap<&'a str, u32>,
    lower: FxHashMap<String, u32>,
    lower_text: Vec<String>,
}

impl<'a> Names<'a> {
    /// The lower-case id of `s`.
    pub(super) fn lower_id(&mut self, s: &'a str) -> u32 {
        if let Some(&id) = self.exact.get(s) {
            return id;
        }
        let lc = s.to_lowercase();
        let next = u32::try_from(self.lower_text.len()).unwrap_or(NO_ID);
        let id = *self.lower.entry(lc.clone()).or_insert(next);
        if id == next {
            self.lower_text.push(lc);
        }
        self.exact.insert(s, id);
        id
    }

    pub(super) fn text(&self, id: u32) -> &str {
        self.lower_text.get(id as usize).map_or("", String::as_str)
    }
}

/// Hosts told apart by number, as written. When they are not told apart (MSTICPy's keys
/// ignore the host), every process's host is `NO_ID`.
pub(super) struct HostIds<'a> {
    by_host: bool,
    ids: FxHashMap<&'a str, u32>,
}

impl<'a> HostIds<'a> {
    pub(super) fn new(by_host: bool) -> Self {
        HostIds {
            by_host,
            ids: FxHashMap::default(),
        }
    }

    /// The number of `host` (`NO_ID` for none).
    pub(super) fn id(&mut self, host: Option<&'a str>) -> u32 {
        match (self.by_host, host) {
            (true, Some(h)) => {
                let next = u32::try_from(self.ids.len()).unwrap_or(NO_ID);
                *self.ids.entry(h).or_insert(next)
            }
            _ => NO_ID,
        }
    }
}
