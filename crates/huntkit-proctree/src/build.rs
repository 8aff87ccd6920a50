//! From events to processes with parent links: the Windows/Linux-style builder (parent
//! found by id, name and time) and the Defender for Endpoint builder (parent named by
//! the event itself).

use huntkit_core::StrColumn;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::events::{parse_pid, push_key_time, PidKey, Source, TextCol};
use crate::keys::{KeySet, Keys};
use crate::options::{Compat, MissingTime, Options};
use crate::schema::{Schema, SchemaKind};
use crate::tree::{flags, key_hash, FillColumns, Report, Runs};

/// Where a process's parent is.
#[derive(Clone, Debug, Default)]
pub(crate) enum ParentRef {
    /// A root: no parent.
    #[default]
    None,
    /// The process at this position of the builder's list; `key` is the parent key to
    /// show when it differs from that process's own key (MSTICPy compatibility).
    Index { index: usize, key: Option<String> },
    /// The process whose key is number `key` of the build's [`Keys`] (resolved when the
    /// tree is assembled); `hash` is its [`key_hash`], made once.
    Key { key: usize, hash: u64 },
}

/// One process before the tree is assembled: a kept input event, or a parent (or
/// grandparent) synthesised because the data does not hold it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Proc {
    /// Input row; `None` for a synthesised process.
    pub row: Option<usize>,
    pub time: i64,
    /// The host's number (`NO_ID`: no host, or hosts not told apart).
    pub host: u32,
    /// The number of its key in the build's [`Keys`].
    pub key: usize,
    /// [`key_hash`] of the key, made while the key is fresh in the cache.
    pub key_hash: u64,
    pub parent: ParentRef,
    pub flags: u32,
    /// The texts of a synthesised process; an input event's are read from its row.
    pub text: Option<Box<SynthText>>,
}

/// What a synthesised process shows, taken from the events that name it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SynthText {
    pub name: String,
    pub pid: String,
    pub host: Option<String>,
    pub effective_logon: Option<String>,
    pub cmd_line: Option<String>,
    pub user_id: Option<String>,
    pub logon_id: Option<String>,
}

/// The input columns a process's texts are read from, kept by the tree (Arrow columns
/// are shared, not copied).
#[derive(Clone, Debug, Default)]
pub(crate) struct TextColumns {
    pub name: Option<StrColumn>,
    pub pid: Option<StrColumn>,
    pub host: Option<StrColumn>,
    pub cmd: Option<StrColumn>,
    pub user: Option<StrColumn>,
    pub logon: Option<StrColumn>,
    pub target: Option<StrColumn>,
    /// Whether the schema's logon id column is there (else the effective logon is `0`).
    pub has_logon: bool,
}

fn value(col: &Option<StrColumn>, row: usize) -> Option<&str> {
    col.as_ref()?.get(row)
}

impl TextColumns {
    pub fn name(&self, row: usize) -> &str {
        value(&self.name, row).unwrap_or("")
    }
    pub fn pid(&self, row: usize) -> std::borrow::Cow<'_, str> {
        parse_pid(value(&self.pid, row).unwrap_or("")).display
    }
    pub fn host(&self, row: usize) -> Option<&str> {
        value(&self.host, row)
    }
    pub fn cmd_line(&self, row: usize) -> Option<&str> {
        value(&self.cmd, row)
    }
    pub fn user_id(&self, row: usize) -> Option<&str> {
        value(&self.user, row)
    }
    pub fn logon_id(&self, row: usize) -> Option<&str> {
        value(&self.logon, row)
    }
    pub fn effective_logon(&self, row: usize) -> Option<&str> {
        effective_logon(
            value(&self.logon, row),
            value(&self.target, row),
            self.has_logon,
        )
    }
}

/// An input event's values, read in row order for the linking done in time order.
#[derive(Clone, Copy)]
struct Event {
    row: usize,
    time: i64,
    /// Lower-case name id.
    name: u32,
    host: u32,
    pid: u64,
    ppid: u64,
    /// Lower-case id of the parent name to link by; `NO_ID` when not linking by name.
    parent_name: u32,
    flags: u32,
    key: usize,
    key_hash: u64,
}

/// Processes in `source_index` order (the position is the index), plus the report so far.
pub(crate) struct Built {
    pub procs: Vec<Proc>,
    pub keys: Keys,
    pub report: Report,
    pub fill: FillColumns,
    pub texts: TextColumns,
}

const NO_ID: u32 = u32::MAX;

/// Sorts events (in row order) by time, ties kept in row order. Each event's time and
/// position are packed into one integer and the integers sorted, which moves 16 bytes
/// per event instead of a whole event; the events are then read once, in the new order,
/// into a new list. (Following the permutation's cycles in place instead writes as well
/// as reads an event at a random place per step: slower once the events outgrow the
/// cache.)
fn time_order(events: Vec<Event>) -> Vec<Event> {
    // Flipping the sign bit orders signed times as unsigned integers.
    let mut keys: Vec<u128> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (u128::from(e.time as u64 ^ (1 << 63)) << 64) | i as u128)
        .collect();
    keys.sort_unstable();
    keys.into_iter()
        .filter_map(|k| events.get(k as u64 as usize).copied())
        .collect()
}

fn required<'a>(
    src: &'a dyn Source,
    column: &str,
    role: &'static str,
    kind: SchemaKind,
) -> Result<TextCol<'a>> {
    src.text(column)?
        .ok_or_else(|| missing(src, column, role, kind))
}

fn missing(src: &dyn Source, column: &str, role: &'static str, kind: SchemaKind) -> Error {
    Error::MissingColumn {
        column: column.to_string(),
        role,
        schema: kind.name(),
        available: src.describe_columns(),
    }
}

fn optional<'a>(src: &'a dyn Source, column: Option<&String>) -> Result<Option<TextCol<'a>>> {
    match column {
        Some(c) if !c.is_empty() => src.text(c),
        _ => Ok(None),
    }
}

fn at<'a>(col: &'a Option<TextCol<'_>>, row: usize) -> Option<&'a str> {
    col.as_ref()?.get(row)
}

fn owned(col: &Option<TextCol<'_>>, row: usize) -> Option<String> {
    at(col, row).map(str::to_string)
}

/// A column already read, kept for the tree: shared when it came from a table, read
/// again otherwise.
fn keep(src: &dyn Source, col: &Option<TextCol<'_>>, column: &str) -> Result<Option<StrColumn>> {
    match col {
        Some(TextCol::Table(c)) => Ok(Some(c.clone())),
        Some(TextCol::Plain(_)) => src.owned_text(column),
        None => Ok(None),
    }
}

fn owned_optional(src: &dyn Source, column: Option<&String>) -> Result<Option<StrColumn>> {
    match column {
        Some(c) if !c.is_empty() => src.owned_text(c),
        _ => Ok(None),
    }
}

fn too_many() -> Error {
    Error::LimitExceeded {
        what: "the number of events".to_string(),
        limit: u64::from(u32::MAX),
        option: "maxRows",
    }
}

/// Rows that pass the event-type filter, with exact duplicate events removed (the
/// first is kept).
///
/// `identity` hashes a few of a row's values (its process id and time): equal
/// rows have equal identities, so only rows sharing one can be duplicates. Whole rows
/// are hashed, once for the table, only when two rows share an identity, and rows are
/// compared only when their whole-row hashes are equal too.
fn filter_rows(
    src: &dyn Source,
    schema: &Schema,
    report: &mut Report,
    identity: &dyn Fn(usize) -> u64,
) -> Result<Vec<usize>> {
    let n = src.num_rows();
    let wanted = match (&schema.event_id_column, &schema.event_id_identifier) {
        (Some(c), Some(id)) if !c.is_empty() && !id.is_empty() => src.event_rows(c, id)?,
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
fn row_identity(id: Option<&str>, time: Option<i64>) -> u64 {
    // 64 bits on every target: a million rows must rarely share a hash by chance.
    std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), (id, time))
}

/// Applies the missing-time policy; returns each kept row with its time.
fn resolve_times(
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
struct Names<'a> {
    exact: FxHashMap<&'a str, u32>,
    lower: FxHashMap<String, u32>,
    lower_text: Vec<String>,
}

impl<'a> Names<'a> {
    /// The lower-case id of `s`.
    fn lower_id(&mut self, s: &'a str) -> u32 {
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
    fn text(&self, id: u32) -> &str {
        self.lower_text.get(id as usize).map_or("", String::as_str)
    }
}

/// A process id as one number: numeric ids as themselves, other texts numbered from the
/// top of the range.
fn pid_number(key: &PidKey, texts: &mut FxHashMap<String, u64>) -> u64 {
    match key {
        PidKey::Num(v) => *v,
        PidKey::Text(t) => {
            let next = u64::MAX - texts.len() as u64;
            *texts.entry(t.clone()).or_insert(next)
        }
    }
}

/// Positions grouped by key, each group's positions ascending.
struct Groups<K> {
    index: FxHashMap<K, usize>,
    runs: Runs,
}

impl<K: std::hash::Hash + Eq> Groups<K> {
    fn new(keys: impl ExactSizeIterator<Item = K>) -> Result<Groups<K>> {
        let n = keys.len();
        u32::try_from(n).map_err(|_| too_many())?;
        let mut index: FxHashMap<K, usize> = FxHashMap::default();
        index.reserve(n);
        let mut group_of: Vec<Option<usize>> = Vec::with_capacity(n);
        for k in keys {
            let next = index.len();
            group_of.push(Some(*index.entry(k).or_insert(next)));
        }
        let runs = Runs::new(group_of.iter().copied(), index.len());
        Ok(Groups { index, runs })
    }

    fn get(&self, key: &K) -> &[usize] {
        self.index.get(key).map_or(&[], |&g| self.runs.of(g))
    }
}

/// The Windows 4688 / auditd / Sysmon / osquery / HX builder.
///
/// Each event's parent is the most recent process created at or before it with the
/// parent's id (and name, when the schema has one, and host). That keeps PID reuse
/// right. Parents not in the data are synthesised at 1970-01-01 and become roots.
pub(crate) fn build_winlx(
    src: &dyn Source,
    schema: &Schema,
    kind: SchemaKind,
    opts: &Options,
) -> Result<Built> {
    let compat = opts.compat;
    let mut report = Report {
        schema: kind,
        rows_in: src.num_rows(),
        ..Report::default()
    };
    let names = required(src, &schema.process_name, "process name", kind)?;
    let pids = required(src, &schema.process_id, "process id", kind)?;
    let ppids = required(src, &schema.parent_id, "parent id", kind)?;
    let times = src
        .times(&schema.time_stamp)?
        .ok_or_else(|| missing(src, &schema.time_stamp, "time stamp", kind))?;
    let parent_names = optional(src, schema.parent_name.as_ref())?;
    let logon = optional(src, schema.logon_id.as_ref())?;
    let hosts = optional(src, schema.host_name_column.as_ref())?;

    let identity = |row: usize| row_identity(pids.get(row), times.get(row).copied().flatten());
    let rows = filter_rows(src, schema, &mut report, &identity)?;
    report.out_of_order = rows.windows(2).any(|w| match (w.first(), w.get(1)) {
        (Some(&a), Some(&b)) => times.get(a).copied().flatten() > times.get(b).copied().flatten(),
        _ => false,
    });
    let timed = resolve_times(
        &rows,
        &times,
        &schema.time_stamp,
        opts.missing_time,
        &mut report,
    )?;
    drop(rows);
    if u32::try_from(timed.len()).is_err() {
        return Err(too_many());
    }

    // osquery's "parent name" column holds the parent's command line, which never equals
    // a process name; matching on it would leave every process parentless.
    let name_linking =
        schema.parent_name.is_some() && !(compat == Compat::None && kind == SchemaKind::Osquery);
    let by_host = compat == Compat::None;

    // Everything read from an event's own columns is read here, in row order: reading
    // the columns in time order instead jumps across the whole input once per value.
    let mut lower = Names::default();
    let mut host_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut text_pids: FxHashMap<String, u64> = FxHashMap::default();
    let mut events: Vec<Event> = Vec::with_capacity(timed.len());
    // Room for a synthesised parent per eight events, and keys of 40 to 70 bytes: a
    // reservation is only address space until it is written.
    let mut keys = Keys::with_capacity(timed.len() + timed.len() / 8, timed.len() * 56);
    for &(row, time, time_missing) in &timed {
        let pid = parse_pid(pids.get(row).unwrap_or(""));
        let ppid = parse_pid(ppids.get(row).unwrap_or(""));
        let name = lower.lower_id(names.get(row).unwrap_or(""));
        let host = match (by_host, at(&hosts, row)) {
            (true, Some(h)) => {
                let next = u32::try_from(host_ids.len()).unwrap_or(NO_ID);
                *host_ids.entry(h).or_insert(next)
            }
            _ => NO_ID,
        };
        let parent_name = if name_linking {
            // An empty parent name means "unknown", as in MSTICPy.
            at(&parent_names, row).map(|p| if p.is_empty() { "unknown" } else { p })
        } else {
            None
        };
        let parent_name = parent_name.map_or(NO_ID, |p| lower.lower_id(p));
        let mut flags = 0u32;
        if time_missing {
            flags |= flags::MISSING_TIME;
        }
        if !pid.numeric || !ppid.numeric {
            flags |= flags::BAD_PID;
            report.bad_pids += 1;
        }
        let key = keys.push_with(|k| push_key(k, lower.text(name), &pid.display, time));
        events.push(Event {
            row,
            time,
            name,
            host,
            pid: pid_number(&pid.key, &mut text_pids),
            ppid: pid_number(&ppid.key, &mut text_pids),
            parent_name,
            flags,
            key_hash: key_hash(keys.get(key)),
            key,
        });
    }
    drop(timed);
    // Events at the same time keep their input order: rows are unique and ascending.
    if !events.is_sorted_by_key(|e| e.time) {
        events = time_order(events);
    }
    let n = events.len();

    // Candidate parents grouped by (host, id, name) and by (host, id), each group's
    // positions in time order: one hash lookup per event finds its parent's candidates.
    let by_name = Groups::new(
        events
            .iter()
            .take(if name_linking { n } else { 0 })
            .map(|e| (e.host, e.pid, e.name)),
    )?;
    // Only events without a parent name to link by need the id-only groups.
    let by_id = if events.iter().any(|e| e.parent_name == NO_ID) {
        Groups::new(events.iter().map(|e| (e.host, e.pid)))?
    } else {
        Groups::new(std::iter::empty::<(u32, u64)>())?
    };

    let time_at = |p: usize| events.get(p).map_or(i64::MAX, |e| e.time);
    // The latest candidate created at or before `time`, other than `pos` itself;
    // candidates are positions, so in time order.
    let pick = |cands: &[usize], time: i64, pos: usize| -> Option<usize> {
        let upto = cands.partition_point(|&p| time_at(p) <= time);
        let mut idx = upto.checked_sub(1)?;
        if compat == Compat::None && cands.get(idx) == Some(&pos) {
            idx = idx.checked_sub(1)?;
        }
        cands.get(idx).copied()
    };

    let mut links: Vec<ParentRef> = Vec::with_capacity(n);
    let mut synth_index: FxHashMap<(u32, u32, String, Option<String>), usize> =
        FxHashMap::default();
    let mut synth: Vec<Proc> = Vec::new();
    for (pos, e) in events.iter().enumerate() {
        let plc = (e.parent_name != NO_ID).then_some(e.parent_name);
        let matched = match plc {
            Some(plc) => pick(by_name.get(&(e.host, e.ppid, plc)), e.time, pos),
            None => pick(by_id.get(&(e.host, e.ppid)), e.time, pos),
        };
        let parent = match matched {
            Some(p) => {
                // MSTICPy shows the child's text of the parent id; it can differ from
                // the parent's own text (`0xD78` and `0xd78`).
                let shown = match compat {
                    Compat::Msticpy => {
                        let ppid = parse_pid(ppids.get(e.row).unwrap_or(""));
                        let name = plc.unwrap_or_else(|| events.get(p).map_or(NO_ID, |c| c.name));
                        let mut k = String::new();
                        push_key(&mut k, lower.text(name), &ppid.display, time_at(p));
                        Some(k)
                    }
                    Compat::None => None,
                };
                ParentRef::Index {
                    index: p,
                    key: shown,
                }
            }
            None => {
                let ppid = parse_pid(ppids.get(e.row).unwrap_or(""));
                let plc_id = plc.unwrap_or_else(|| lower.lower_id("unknown"));
                let logon_raw = owned(&logon, e.row);
                // MSTICPy de-duplicates synthesised parents on all their columns, the
                // creator's logon id included; duplicates by key are dropped later.
                let dedupe_logon = match compat {
                    Compat::Msticpy => logon_raw.clone(),
                    Compat::None => None,
                };
                let synth_key = (e.host, plc_id, ppid.display.to_string(), dedupe_logon);
                let index = match synth_index.get(&synth_key) {
                    Some(&i) => i,
                    None => {
                        let i = synth.len();
                        let key =
                            keys.push_with(|k| push_key(k, lower.text(plc_id), &ppid.display, 0));
                        let parent_name = if name_linking {
                            at(&parent_names, e.row)
                                .map(|p| if p.is_empty() { "unknown" } else { p })
                        } else {
                            None
                        };
                        synth.push(Proc {
                            row: None,
                            time: 0,
                            host: e.host,
                            key_hash: key_hash(keys.get(key)),
                            key,
                            parent: ParentRef::None,
                            flags: flags::SYNTHESIZED,
                            text: Some(Box::new(SynthText {
                                name: parent_name.unwrap_or("unknown").to_string(),
                                pid: ppid.display.to_string(),
                                host: owned(&hosts, e.row),
                                effective_logon: logon_raw.clone(),
                                cmd_line: None,
                                user_id: None,
                                logon_id: logon_raw,
                            })),
                        });
                        synth_index.insert(synth_key, i);
                        i
                    }
                };
                ParentRef::Index {
                    index: n + index,
                    key: None,
                }
            }
        };
        links.push(parent);
    }
    drop((by_name, by_id));
    let mut procs: Vec<Proc> = Vec::with_capacity(n + synth.len());
    for (e, parent) in events.into_iter().zip(links) {
        let mut flags = e.flags;
        let self_named = e.parent_name == NO_ID || e.parent_name == e.name;
        if e.pid == e.ppid && self_named {
            flags |= flags::SELF_PARENT;
            report.self_parents += 1;
        }
        procs.push(Proc {
            row: Some(e.row),
            time: e.time,
            host: e.host,
            key: e.key,
            key_hash: e.key_hash,
            parent,
            flags,
            text: None,
        });
    }
    report.synthesized_parents = synth.len();
    procs.extend(synth);
    let fill = FillColumns {
        name: Some(schema.process_name.clone()),
        pid: Some(schema.process_id.clone()),
        time: vec![schema.time_stamp.clone()],
        host: schema.host_name_column.clone(),
        cmd: schema.cmd_line.clone(),
        user: schema.user_id.clone(),
        logon: schema.logon_id.clone(),
    };
    let texts = TextColumns {
        name: keep(src, &Some(names), &schema.process_name)?,
        pid: keep(src, &Some(pids), &schema.process_id)?,
        host: keep(
            src,
            &hosts,
            schema.host_name_column.as_deref().unwrap_or_default(),
        )?,
        cmd: owned_optional(src, schema.cmd_line.as_ref())?,
        user: owned_optional(src, schema.user_id.as_ref())?,
        target: owned_optional(src, schema.target_logon_id.as_ref())?,
        has_logon: schema.logon_id.is_some() && logon.is_some(),
        logon: keep(src, &logon, schema.logon_id.as_deref().unwrap_or_default())?,
    };
    Ok(Built {
        procs,
        keys,
        report,
        fill,
        texts,
    })
}

/// MSTICPy's effective logon id: the target logon id when there is one other than
/// `0x0`, else the creator's.
fn effective_logon<'a>(
    logon: Option<&'a str>,
    target: Option<&'a str>,
    has_logon: bool,
) -> Option<&'a str> {
    if !has_logon {
        return Some("0");
    }
    match target {
        Some(t) if t != "0x0" => Some(t),
        _ => logon,
    }
}

/// Column names of the Defender for Endpoint builder.
struct MdeColumns {
    name: &'static str,
    id: &'static str,
    time: &'static [&'static str],
    init_name: &'static str,
    init_id: &'static str,
    init_time: &'static str,
    init_parent_name: &'static str,
    init_parent_id: &'static str,
    init_parent_time: &'static str,
    host: &'static str,
    cmd: &'static str,
    init_cmd: &'static str,
    user: &'static str,
    init_user: &'static str,
    logon: &'static str,
    target_logon: &'static str,
    action: Option<(&'static str, &'static str)>,
}

fn mde_columns(kind: SchemaKind, compat: Compat) -> MdeColumns {
    match kind {
        SchemaKind::Mde => MdeColumns {
            name: "FileName",
            id: "ProcessId",
            // MSTICPy keys a process by the event time; the process creation time is
            // what children refer to, so it comes first unless reproducing MSTICPy.
            time: match compat {
                Compat::Msticpy => &["Timestamp"],
                Compat::None => &["ProcessCreationTime", "Timestamp"],
            },
            init_name: "InitiatingProcessFileName",
            init_id: "InitiatingProcessId",
            init_time: "InitiatingProcessCreationTime",
            init_parent_name: "InitiatingProcessParentFileName",
            init_parent_id: "InitiatingProcessParentId",
            init_parent_time: "InitiatingProcessParentCreationTime",
            host: "DeviceName",
            cmd: "ProcessCommandLine",
            init_cmd: "InitiatingProcessCommandLine",
            user: "AccountSid",
            init_user: "InitiatingProcessAccountSid",
            logon: "InitiatingProcessLogonId",
            target_logon: "LogonId",
            action: match compat {
                Compat::Msticpy => None,
                Compat::None => Some(("ActionType", "ProcessCreated")),
            },
        },
        _ => MdeColumns {
            name: "CreatedProcessName",
            id: "CreatedProcessId",
            time: &["CreatedProcessCreationTime"],
            init_name: "InitiatingProcessName",
            init_id: "InitiatingProcessId",
            init_time: "InitiatingProcessCreationTime",
            init_parent_name: "InitiatingProcessParentProcessName",
            init_parent_id: "InitiatingProcessParentProcessId",
            init_parent_time: "InitiatingProcessParentCreationTime",
            host: "ComputerDnsName",
            cmd: "CreatedProcessCommandLine",
            init_cmd: "Process_CommandLine",
            user: "CreatedProcessAccountSid",
            init_user: "InitiatingProcessAccountSid",
            logon: "InitiatingProcessLogonId",
            target_logon: "LogonId",
            action: None,
        },
    }
}

/// Appends a process key, `name|pid|time`, from texts ready to show.
fn push_key(out: &mut String, name: &str, pid: &str, time: i64) {
    out.push_str(name);
    out.push('|');
    out.push_str(pid);
    out.push('|');
    push_key_time(out, time);
}

/// Appends a Defender process's key: its name and id lower-cased, and its time.
fn push_mde_key(out: &mut String, name: &str, id: &str, time: i64) {
    let id = parse_pid(id);
    push_lower(out, name);
    out.push('|');
    push_lower(out, &id.display);
    out.push('|');
    push_key_time(out, time);
}

/// Appends `s` lower-cased, without a second string when it is ASCII.
fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else {
        out.push_str(&s.to_lowercase());
    }
}

fn basename(path: &str) -> &str {
    path.rsplit_once('\\').map_or(path, |(_, stem)| stem)
}

/// The Defender for Endpoint builder: each event names its creator (initiating process)
/// by name, id and creation time, and the creator's parent too. Creators that are not
/// themselves events become synthesised processes, and so do their parents; no deeper
/// ancestors are synthesised.
/// The name a synthesised creator is given: its own, or "unknown" when it has none.
fn creator_name(name: Option<&str>) -> &str {
    match name {
        Some(n) if !n.is_empty() => n,
        _ => "unknown",
    }
}

pub(crate) fn build_mde(src: &dyn Source, kind: SchemaKind, opts: &Options) -> Result<Built> {
    let compat = opts.compat;
    let c = mde_columns(kind, compat);
    let mut report = Report {
        schema: kind,
        rows_in: src.num_rows(),
        ..Report::default()
    };
    let names = required(src, c.name, "process name", kind)?;
    let ids = required(src, c.id, "process id", kind)?;
    let mut times: Option<Vec<Option<i64>>> = None;
    for col in c.time {
        if let Some(t) = src.times(col)? {
            times = Some(match times {
                None => t,
                // Fall back to the next column where the first has no value.
                Some(prev) => prev.into_iter().zip(t).map(|(a, b)| a.or(b)).collect(),
            });
        }
    }
    let time_col = c.time.first().copied().unwrap_or("Timestamp");
    let times = times.ok_or_else(|| missing(src, time_col, "time stamp", kind))?;
    let init_names = required(src, c.init_name, "creator name", kind)?;
    let init_ids = required(src, c.init_id, "creator id", kind)?;
    let init_times = src
        .times(c.init_time)?
        .ok_or_else(|| missing(src, c.init_time, "creator time", kind))?;
    let ip_names = src.text(c.init_parent_name)?;
    let ip_ids = src.text(c.init_parent_id)?;
    let ip_times = src.times(c.init_parent_time)?;
    let hosts = src.text(c.host)?;
    let init_cmds = src.text(c.init_cmd)?;
    let init_users = src.text(c.init_user)?;
    let logon = src.text(c.logon)?;

    let schema = Schema {
        event_id_column: c.action.map(|(col, _)| col.to_string()),
        event_id_identifier: c.action.map(|(_, v)| v.to_string()),
        ..Schema::default()
    };
    let rows: Vec<usize> = match compat {
        Compat::None => {
            let identity =
                |row: usize| row_identity(ids.get(row), times.get(row).copied().flatten());
            filter_rows(src, &schema, &mut report, &identity)?
        }
        Compat::Msticpy => (0..src.num_rows()).collect(),
    };
    report.out_of_order = rows.windows(2).any(|w| match (w.first(), w.get(1)) {
        (Some(&a), Some(&b)) => times.get(a).copied().flatten() > times.get(b).copied().flatten(),
        _ => false,
    });

    let time_or_epoch = |v: Option<i64>, report: &mut Report, fl: &mut u32| -> i64 {
        v.unwrap_or_else(|| {
            report.missing_time += 1;
            *fl |= flags::MISSING_TIME;
            0
        })
    };

    // Each row's host, lower-cased, as a number: processes are known per host.
    let mut lower = Names::default();
    let mut host_lc: Vec<u32> = vec![NO_ID; src.num_rows()];
    if compat == Compat::None {
        for &row in &rows {
            if let (Some(h), Some(slot)) = (at(&hosts, row), host_lc.get_mut(row)) {
                *slot = lower.lower_id(h);
            }
        }
    }
    let host_of = |row: usize| -> u32 { host_lc.get(row).copied().unwrap_or(NO_ID) };

    // Hosts told apart by number (MSTICPy's keys ignore the host).
    let mut host_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut host_id = |row: usize| -> u32 {
        match (compat, at(&hosts, row)) {
            (Compat::None, Some(h)) => {
                let next = u32::try_from(host_ids.len()).unwrap_or(NO_ID);
                *host_ids.entry(h).or_insert(next)
            }
            _ => NO_ID,
        }
    };
    let mut procs: Vec<Proc> = Vec::with_capacity(rows.len() + rows.len() / 8);
    // As in `build_winlx`, with room for each event's creator's key too: the keys events
    // name their creators by are written into the same buffer and hashed once, and a
    // synthesised parent's key is the one its first child wrote.
    let mut keys = Keys::with_capacity(2 * rows.len() + rows.len() / 8, rows.len() * 112);
    // (creator time, row, position) of each event that names a creator.
    let mut creators: Vec<(i64, usize, usize)> = Vec::new();
    for &row in &rows {
        let mut fl = 0u32;
        let t = match times.get(row).copied().flatten() {
            Some(t) => t,
            None => match opts.missing_time {
                MissingTime::Drop => {
                    report.missing_time_dropped += 1;
                    continue;
                }
                MissingTime::Error => {
                    return Err(Error::InvalidValue {
                        column: time_col.to_string(),
                        row,
                        detail: "the time stamp is missing or cannot be read".to_string(),
                    })
                }
                MissingTime::Flag => time_or_epoch(None, &mut report, &mut fl),
            },
        };
        let name = names.get(row);
        let id = ids.get(row);
        if id.is_some_and(|i| !parse_pid(i).numeric) {
            fl |= flags::BAD_PID;
            report.bad_pids += 1;
        }
        let key = keys.push_with(|k| match (name, id) {
            (Some(name), Some(id)) => push_mde_key(k, name, id, t),
            _ => push_key(k, "", id.unwrap_or(""), t),
        });
        let own_hash = key_hash(keys.get(key));
        // A creator with an id but no name is still a creator. MSTICPy reads Defender's
        // data as the service returns it, empty names as "", and names them "unknown";
        // a CSV's empty field is a missing value here, and is named the same way.
        let init_name = init_ids.get(row).map(|_| creator_name(init_names.get(row)));
        let init_time = init_times.get(row).copied().flatten().unwrap_or(0);
        let parent = match (init_name, init_ids.get(row)) {
            (Some(init_name), Some(init_id)) => {
                let pk = keys.push_with(|k| push_mde_key(k, init_name, init_id, init_time));
                let text = keys.get(pk);
                let hash = key_hash(text);
                if hash == own_hash && text == keys.get(key) {
                    fl |= flags::SELF_PARENT;
                    report.self_parents += 1;
                }
                creators.push((init_time, row, procs.len()));
                ParentRef::Key { key: pk, hash }
            }
            _ => ParentRef::None,
        };
        procs.push(Proc {
            row: Some(row),
            time: t,
            host: host_id(row),
            key_hash: own_hash,
            key,
            parent,
            flags: fl,
            text: None,
        });
    }

    let mut known = KeySet::with_capacity(procs.len() + procs.len() / 8);
    for p in &procs {
        known.insert(&keys, p.row.map_or(NO_ID, host_of), p.key_hash, p.key);
    }
    let creator_key = |pos: usize| -> Option<(usize, u64)> {
        match procs.get(pos).map(|p| &p.parent) {
            Some(&ParentRef::Key { key, hash }) => Some((key, hash)),
            _ => None,
        }
    };
    // Creators that are not events, oldest first.
    creators.retain(|&(_, row, pos)| {
        creator_key(pos).is_some_and(|(k, h)| !known.contains(&keys, host_of(row), h, k))
    });
    creators.sort_by_key(|&(t, _, _)| t);
    let mut parents: Vec<Proc> = Vec::new();
    // The event each synthesised parent was read from.
    let mut parent_rows: Vec<usize> = Vec::new();
    for &(init_time, row, pos) in &creators {
        let Some((pk, hash)) = creator_key(pos) else {
            continue;
        };
        if !known.insert(&keys, host_of(row), hash, pk) {
            continue;
        }
        let gp_time = ip_times
            .as_ref()
            .and_then(|t| t.get(row).copied().flatten())
            .unwrap_or(0);
        let gp = match (at(&ip_names, row).map(basename), at(&ip_ids, row)) {
            (Some(gp_name), Some(gp_id)) => {
                let gk = keys.push_with(|k| push_mde_key(k, gp_name, gp_id, gp_time));
                ParentRef::Key {
                    key: gk,
                    hash: key_hash(keys.get(gk)),
                }
            }
            _ => ParentRef::None,
        };
        let name = creator_name(init_names.get(row));
        parents.push(Proc {
            row: None,
            time: init_time,
            host: host_id(row),
            key: pk,
            key_hash: hash,
            parent: gp,
            flags: flags::SYNTHESIZED,
            text: Some(Box::new(SynthText {
                name: name.to_string(),
                pid: init_ids
                    .get(row)
                    .map(|i| parse_pid(i).display.into_owned())
                    .unwrap_or_default(),
                host: owned(&hosts, row),
                effective_logon: owned(&logon, row),
                cmd_line: owned(&init_cmds, row),
                user_id: owned(&init_users, row),
                logon_id: owned(&logon, row),
            })),
        });
        parent_rows.push(row);
    }
    // Grandparents: parents of synthesised parents that are not in the data either.
    let mut grandparents: Vec<Proc> = Vec::new();
    for (p, &row) in parents.iter().zip(&parent_rows) {
        let ParentRef::Key { key: gk, hash } = p.parent else {
            continue;
        };
        if !known.insert(&keys, host_of(row), hash, gk) {
            continue;
        }
        grandparents.push(Proc {
            row: None,
            time: ip_times
                .as_ref()
                .and_then(|t| t.get(row).copied().flatten())
                .unwrap_or(0),
            host: host_id(row),
            key: gk,
            key_hash: hash,
            parent: ParentRef::None,
            flags: flags::SYNTHESIZED,
            text: Some(Box::new(SynthText {
                name: at(&ip_names, row).map(basename).unwrap_or("").to_string(),
                pid: at(&ip_ids, row)
                    .map(|i| parse_pid(i).display.into_owned())
                    .unwrap_or_default(),
                host: owned(&hosts, row),
                ..SynthText::default()
            })),
        });
    }
    drop(known);
    report.synthesized_parents = parents.len() + grandparents.len();
    procs.extend(parents);
    procs.extend(grandparents);
    let fill = FillColumns {
        name: Some(c.name.to_string()),
        pid: Some(c.id.to_string()),
        time: c.time.iter().map(|t| t.to_string()).collect(),
        host: Some(c.host.to_string()),
        cmd: Some(c.cmd.to_string()),
        user: Some(c.user.to_string()),
        logon: Some(c.logon.to_string()),
    };
    let texts = TextColumns {
        name: keep(src, &Some(names), c.name)?,
        pid: keep(src, &Some(ids), c.id)?,
        host: keep(src, &hosts, c.host)?,
        cmd: src.owned_text(c.cmd)?,
        user: src.owned_text(c.user)?,
        target: src.owned_text(c.target_logon)?,
        has_logon: logon.is_some(),
        logon: keep(src, &logon, c.logon)?,
    };
    Ok(Built {
        procs,
        keys,
        report,
        fill,
        texts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(row: usize, time: i64) -> Event {
        Event {
            row,
            time,
            name: 0,
            host: 0,
            pid: 0,
            ppid: 0,
            parent_name: NO_ID,
            flags: 0,
            key: row,
            key_hash: 0,
        }
    }

    #[test]
    fn time_order_is_a_stable_sort_by_time() {
        // Times from a small range, so that many tie, including negative ones.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for n in [0, 1, 2, 3, 10, 257, 5000] {
            let times: Vec<i64> = (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state % 41) as i64 - 20
                })
                .collect();
            let events: Vec<Event> = times
                .iter()
                .enumerate()
                .map(|(r, &t)| event(r, t))
                .collect();
            let mut expected: Vec<(i64, usize)> =
                times.iter().enumerate().map(|(r, &t)| (t, r)).collect();
            expected.sort_by_key(|&(t, _)| t);
            let events = time_order(events);
            let got: Vec<(i64, usize)> = events.iter().map(|e| (e.time, e.row)).collect();
            assert_eq!(got, expected, "{n} events");
            assert!(events.iter().all(|e| e.key == e.row));
        }
    }
}
