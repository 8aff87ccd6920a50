//! The Windows 4688 / auditd / Sysmon / osquery / HX builder.
//!
//! Each event's parent is the most recent process created at or before it with the
//! parent's id (and name, when the schema has one, and host). That keeps PID reuse
//! right. Parents not in the data are synthesised at 1970-01-01 and become roots.

use rustc_hash::FxHashMap;

use super::input::{
    at, filter_rows, keep, missing, new_report, optional, out_of_order, owned, owned_optional,
    required, resolve_times, row_identity, too_many, HostIds, Names,
};
use super::{Built, ParentRef, Proc, NO_ID};
use crate::columns::{FillColumns, SynthText, TextColumns};
use crate::error::Result;
use crate::events::{parse_pid, PidKey, Source, TextCol};
use crate::keys::{key_hash, push_key, Keys};
use crate::options::{Compat, Options};
use crate::schema::{Schema, SchemaKind};
use crate::tree::{flags, Report, Runs};

/// Builds the processes of Windows/Linux-style events: the events in time order, then
/// the parents synthesised for them.
pub(super) fn build_winlx(
    src: &dyn Source,
    schema: &Schema,
    kind: SchemaKind,
    opts: &Options,
) -> Result<Built> {
    let mut report = new_report(src, kind);
    let cols = EventColumns::read(src, schema, kind)?;
    let timed = cols.timed_rows(src, schema, opts, &mut report)?;
    let mut build = Build::new(&cols, schema, kind, opts.compat, report, timed.len());
    let events = build.read_events(&timed);
    drop(timed);
    let (links, synthesised) = build.link_parents(&events)?;
    let procs = build.processes(events, links, synthesised);
    let Build { keys, report, .. } = build;
    Ok(Built {
        procs,
        keys,
        report,
        fill: fill_columns(schema),
        texts: cols.keep(src, schema)?,
    })
}

/// The input columns the builder reads.
struct EventColumns<'a> {
    names: TextCol<'a>,
    pids: TextCol<'a>,
    ppids: TextCol<'a>,
    times: Vec<Option<i64>>,
    parent_names: Option<TextCol<'a>>,
    logon: Option<TextCol<'a>>,
    hosts: Option<TextCol<'a>>,
}

impl<'a> EventColumns<'a> {
    fn read(src: &'a dyn Source, schema: &Schema, kind: SchemaKind) -> Result<Self> {
        Ok(EventColumns {
            names: required(src, &schema.process_name, "process name", kind)?,
            pids: required(src, &schema.process_id, "process id", kind)?,
            ppids: required(src, &schema.parent_id, "parent id", kind)?,
            times: src
                .times(&schema.time_stamp)?
                .ok_or_else(|| missing(src, &schema.time_stamp, "time stamp", kind))?,
            parent_names: optional(src, schema.parent_name.as_ref())?,
            logon: optional(src, schema.logon_id.as_ref())?,
            hosts: optional(src, schema.host_name_column.as_ref())?,
        })
    }

    /// The rows to build from, each with its time: rows of the schema's event type,
    /// without exact duplicates, and without a time only as the options allow.
    fn timed_rows(
        &self,
        src: &dyn Source,
        schema: &Schema,
        opts: &Options,
        report: &mut Report,
    ) -> Result<Vec<(usize, i64, bool)>> {
        let identity =
            |row: usize| row_identity(self.pids.get(row), self.times.get(row).copied().flatten());
        let event_type = schema
            .event_id_column
            .as_deref()
            .zip(schema.event_id_identifier.as_deref());
        let rows = filter_rows(src, event_type, report, &identity)?;
        report.out_of_order = out_of_order(&rows, &self.times);
        let timed = resolve_times(
            &rows,
            &self.times,
            &schema.time_stamp,
            opts.missing_time,
            report,
        )?;
        if u32::try_from(timed.len()).is_err() {
            return Err(too_many());
        }
        Ok(timed)
    }

    /// The columns the tree reads its processes' texts from.
    fn keep(&self, src: &dyn Source, schema: &Schema) -> Result<TextColumns> {
        Ok(TextColumns {
            name: keep(src, Some(&self.names), &schema.process_name)?,
            pid: keep(src, Some(&self.pids), &schema.process_id)?,
            host: keep(
                src,
                self.hosts.as_ref(),
                schema.host_name_column.as_deref().unwrap_or_default(),
            )?,
            cmd: owned_optional(src, schema.cmd_line.as_ref())?,
            user: owned_optional(src, schema.user_id.as_ref())?,
            target: owned_optional(src, schema.target_logon_id.as_ref())?,
            has_logon: schema.logon_id.is_some() && self.logon.is_some(),
            logon: keep(
                src,
                self.logon.as_ref(),
                schema.logon_id.as_deref().unwrap_or_default(),
            )?,
        })
    }
}

/// The input columns a synthesised process's values are shown in.
fn fill_columns(schema: &Schema) -> FillColumns {
    FillColumns {
        name: Some(schema.process_name.clone()),
        pid: Some(schema.process_id.clone()),
        time: vec![schema.time_stamp.clone()],
        host: schema.host_name_column.clone(),
        cmd: schema.cmd_line.clone(),
        user: schema.user_id.clone(),
        logon: schema.logon_id.clone(),
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

/// A build under way: the columns, and what reading and linking the events add up.
struct Build<'c> {
    cols: &'c EventColumns<'c>,
    compat: Compat,
    /// Whether parents are found by name as well as by id.
    name_linking: bool,
    /// Whether hosts are told apart.
    by_host: bool,
    /// Process and parent names, lower-cased, by number.
    lower: Names<'c>,
    keys: Keys,
    report: Report,
}

impl<'c> Build<'c> {
    fn new(
        cols: &'c EventColumns<'c>,
        schema: &Schema,
        kind: SchemaKind,
        compat: Compat,
        report: Report,
        events: usize,
    ) -> Self {
        Build {
            cols,
            compat,
            // osquery's "parent name" column holds the parent's command line, which never
            // equals a process name; matching on it would leave every process parentless.
            name_linking: schema.parent_name.is_some()
                && !(compat == Compat::Huntkit && kind == SchemaKind::Osquery),
            by_host: compat == Compat::Huntkit,
            lower: Names::default(),
            // Room for a synthesised parent per eight events, and keys of up to about 90
            // bytes (a full image path, a hex id, a time): a reservation is only address
            // space until it is written, where growing copies every key written so far.
            keys: Keys::with_capacity(events + events / 8, events * 104),
            report,
        }
    }

    /// The parent name an event links by (`None` when not linking by name). An empty
    /// parent name means "unknown", as in MSTICPy.
    fn parent_name(&self, row: usize) -> Option<&'c str> {
        if !self.name_linking {
            return None;
        }
        at(&self.cols.parent_names, row).map(|p| if p.is_empty() { "unknown" } else { p })
    }

    /// Each timed row's event, with its key written, in time order; events at the same
    /// time keep their input order.
    ///
    /// Everything read from an event's own columns is read here, in row order: reading
    /// the columns in time order instead jumps across the whole input once per value.
    fn read_events(&mut self, timed: &[(usize, i64, bool)]) -> Vec<Event> {
        let cols = self.cols;
        let mut hosts = HostIds::new(self.by_host);
        let mut text_pids: FxHashMap<String, u64> = FxHashMap::default();
        let mut events: Vec<Event> = Vec::with_capacity(timed.len());
        for &(row, time, time_missing) in timed {
            let pid = parse_pid(cols.pids.get(row).unwrap_or(""));
            let ppid = parse_pid(cols.ppids.get(row).unwrap_or(""));
            let name = self.lower.lower_id(cols.names.get(row).unwrap_or(""));
            let host = hosts.id(at(&cols.hosts, row));
            let parent_name = self
                .parent_name(row)
                .map_or(NO_ID, |p| self.lower.lower_id(p));
            let mut flags = 0u32;
            if time_missing {
                flags |= flags::MISSING_TIME;
            }
            if !pid.numeric || !ppid.numeric {
                flags |= flags::BAD_PID;
                self.report.bad_pids += 1;
            }
            let lower = &self.lower;
            let key = self
                .keys
                .push_with(|k| push_key(k, lower.text(name), &pid.display, time));
            events.push(Event {
                row,
                time,
                name,
                host,
                pid: pid_number(&pid.key, &mut text_pids),
                ppid: pid_number(&ppid.key, &mut text_pids),
                parent_name,
                flags,
                key_hash: key_hash(self.keys.get(key)),
                key,
            });
        }
        // Rows are unique and ascending, so a stable order by time is the one wanted.
        if !events.is_sorted_by_key(|e| e.time) {
            events = time_order(events);
        }
        events
    }

    /// Each event's parent: the latest candidate created at or before it, else a parent
    /// synthesised from the event (numbered after the events). Returns the links and the
    /// synthesised parents.
    fn link_parents(&mut self, events: &[Event]) -> Result<(Vec<ParentRef>, Vec<Proc>)> {
        let n = events.len();
        let candidates = Candidates::new(events, self.name_linking)?;
        let mut links: Vec<ParentRef> = Vec::with_capacity(n);
        let mut synthesised = Synthesised::default();
        for (pos, e) in events.iter().enumerate() {
            let parent = match candidates.parent(events, pos, self.compat) {
                Some(p) => ParentRef::Index {
                    index: p,
                    key: self.shown_parent_key(events, e, p),
                },
                None => ParentRef::Index {
                    index: n + self.synthesise_parent(&mut synthesised, e),
                    key: None,
                },
            };
            links.push(parent);
        }
        Ok((links, synthesised.procs))
    }

    /// The parent key to show for `e` when it is not its parent's own key: MSTICPy shows
    /// the child's text of the parent id, which can differ from the parent's own text
    /// (`0xD78` and `0xd78`).
    fn shown_parent_key(&self, events: &[Event], e: &Event, parent: usize) -> Option<String> {
        match self.compat {
            Compat::Msticpy => {
                let ppid = parse_pid(self.cols.ppids.get(e.row).unwrap_or(""));
                let linked_name = (e.parent_name != NO_ID).then_some(e.parent_name);
                let name =
                    linked_name.unwrap_or_else(|| events.get(parent).map_or(NO_ID, |c| c.name));
                let time = events.get(parent).map_or(i64::MAX, |c| c.time);
                let mut k = String::new();
                push_key(&mut k, self.lower.text(name), &ppid.display, time);
                Some(k)
            }
            Compat::Huntkit => None,
        }
    }

    /// The number of the parent synthesised for `e`, which has no parent among the
    /// events; events that name the same parent share it.
    fn synthesise_parent(&mut self, synthesised: &mut Synthesised, e: &Event) -> usize {
        let ppid = parse_pid(self.cols.ppids.get(e.row).unwrap_or(""));
        let name = match e.parent_name {
            NO_ID => self.lower.lower_id("unknown"),
            linked => linked,
        };
        let logon = owned(&self.cols.logon, e.row);
        // MSTICPy de-duplicates synthesised parents on all their columns, the creator's
        // logon id included; duplicates by key are dropped later.
        let dedupe_logon = match self.compat {
            Compat::Msticpy => logon.clone(),
            Compat::Huntkit => None,
        };
        let same = (e.host, name, ppid.display.to_string(), dedupe_logon);
        if let Some(&i) = synthesised.index.get(&same) {
            return i;
        }
        let i = synthesised.procs.len();
        let lower = &self.lower;
        let key = self
            .keys
            .push_with(|k| push_key(k, lower.text(name), &ppid.display, 0));
        let text = SynthText {
            name: self.parent_name(e.row).unwrap_or("unknown").to_string(),
            pid: ppid.display.to_string(),
            host: owned(&self.cols.hosts, e.row),
            effective_logon: logon.clone(),
            cmd_line: None,
            user_id: None,
            logon_id: logon,
        };
        let hash = key_hash(self.keys.get(key));
        synthesised.procs.push(Proc::synthesised(
            0,
            e.host,
            key,
            hash,
            ParentRef::None,
            text,
        ));
        synthesised.index.insert(same, i);
        i
    }

    /// The events as processes, in time order, followed by the synthesised parents.
    fn processes(
        &mut self,
        events: Vec<Event>,
        links: Vec<ParentRef>,
        synthesised: Vec<Proc>,
    ) -> Vec<Proc> {
        let mut procs: Vec<Proc> = Vec::with_capacity(events.len() + synthesised.len());
        for (e, parent) in events.into_iter().zip(links) {
            let mut flags = e.flags;
            let self_named = e.parent_name == NO_ID || e.parent_name == e.name;
            if e.pid == e.ppid && self_named {
                flags |= flags::SELF_PARENT;
                self.report.self_parents += 1;
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
        self.report.synthesized_parents = synthesised.len();
        procs.extend(synthesised);
        procs
    }
}

/// Parents synthesised so far, and each one's number by what makes it the same parent:
/// host, lower-case name, id as shown, and (MSTICPy compatibility) the logon id.
#[derive(Default)]
struct Synthesised {
    index: FxHashMap<(u32, u32, String, Option<String>), usize>,
    procs: Vec<Proc>,
}

/// Candidate parents grouped by (host, id, name) and by (host, id), each group's
/// positions in time order: one hash lookup per event finds its parent's candidates.
struct Candidates {
    by_name: Groups<(u32, u64, u32)>,
    by_id: Groups<(u32, u64)>,
}

impl Candidates {
    fn new(events: &[Event], name_linking: bool) -> Result<Self> {
        let n = events.len();
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
        Ok(Candidates { by_name, by_id })
    }

    /// The parent of the event at `pos`: the latest candidate created at or before it,
    /// other than the event itself (unless reproducing MSTICPy). Candidates are
    /// positions, so in time order.
    fn parent(&self, events: &[Event], pos: usize, compat: Compat) -> Option<usize> {
        let e = events.get(pos)?;
        let cands = match e.parent_name {
            NO_ID => self.by_id.get(&(e.host, e.ppid)),
            name => self.by_name.get(&(e.host, e.ppid, name)),
        };
        let time_at = |p: usize| events.get(p).map_or(i64::MAX, |e| e.time);
        let upto = cands.partition_point(|&p| time_at(p) <= e.time);
        let mut idx = upto.checked_sub(1)?;
        if compat == Compat::Huntkit && cands.get(idx) == Some(&pos) {
            idx = idx.checked_sub(1)?;
        }
        cands.get(idx).copied()
    }
}

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
