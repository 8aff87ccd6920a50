//! From events to processes with parent links: the Windows/Linux-style builder (parent
//! found by id, name and time) and the Defender for Endpoint builder (parent named by
//! the event itself).

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::events::{event_matches, key_time, parse_pid, push_key_time, PidKey, Source, TextCol};
use crate::options::{Compat, MissingTime, Options};
use crate::schema::{Schema, SchemaKind};
use crate::tree::{flags, FillColumns, Report};

/// Where a process's parent is.
#[derive(Clone, Debug, Default)]
pub(crate) enum ParentRef {
    /// A root: no parent.
    #[default]
    None,
    /// The process at this position of the builder's list; `key` is the parent key to
    /// show when it differs from that process's own key (MSTICPy compatibility).
    Index { index: usize, key: Option<String> },
    /// The process with this key (resolved when the tree is assembled).
    Key(String),
}

/// One process before the tree is assembled: a kept input event, or a parent (or
/// grandparent) synthesised because the data does not hold it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Proc {
    /// Input row; `None` for a synthesised process.
    pub row: Option<usize>,
    pub name: String,
    pub pid: String,
    pub time: i64,
    pub host: Option<String>,
    pub effective_logon: Option<String>,
    pub key: String,
    pub parent: ParentRef,
    pub flags: u32,
    pub cmd_line: Option<String>,
    pub user_id: Option<String>,
    pub logon_id: Option<String>,
}

/// Processes in `source_index` order (the position is the index), plus the report so far.
pub(crate) struct Built {
    pub procs: Vec<Proc>,
    pub report: Report,
    pub fill: FillColumns,
}

const NO_ID: u32 = u32::MAX;

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

fn too_many() -> Error {
    Error::LimitExceeded {
        what: "the number of events".to_string(),
        limit: u64::from(u32::MAX),
        option: "maxRows",
    }
}

/// Rows that pass the event-type filter, with exact duplicate events removed (the
/// first is kept).
fn filter_rows(src: &dyn Source, schema: &Schema, report: &mut Report) -> Result<Vec<usize>> {
    let n = src.num_rows();
    let event_col = match (&schema.event_id_column, &schema.event_id_identifier) {
        (Some(c), Some(id)) if !c.is_empty() && !id.is_empty() => {
            src.text(c)?.map(|v| (v, id.clone()))
        }
        _ => None,
    };
    let hashes = src.row_hashes()?;
    // First row of each hash; rows sharing a hash with an earlier, different row are
    // rare and kept in a side list.
    let mut first: FxHashMap<u64, usize> = FxHashMap::default();
    first.reserve(n);
    let mut more: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    let mut keep = Vec::with_capacity(n);
    for row in 0..n {
        if let Some((values, id)) = &event_col {
            if !values.get(row).is_some_and(|v| event_matches(v, id)) {
                report.filtered_out += 1;
                continue;
            }
        }
        let h = hashes.get(row).copied().unwrap_or(0);
        match first.get(&h) {
            None => {
                first.insert(h, row);
            }
            Some(&other) => {
                let others = more.entry(h).or_default();
                if src.rows_equal(other, row) || others.iter().any(|&o| src.rows_equal(o, row)) {
                    report.duplicate_events += 1;
                    continue;
                }
                others.push(row);
            }
        }
        keep.push(row);
    }
    Ok(keep)
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
    let target = optional(src, schema.target_logon_id.as_ref())?;
    let hosts = optional(src, schema.host_name_column.as_ref())?;
    let cmds = optional(src, schema.cmd_line.as_ref())?;
    let users = optional(src, schema.user_id.as_ref())?;

    let rows = filter_rows(src, schema, &mut report)?;
    report.out_of_order = rows.windows(2).any(|w| match (w.first(), w.get(1)) {
        (Some(&a), Some(&b)) => times.get(a).copied().flatten() > times.get(b).copied().flatten(),
        _ => false,
    });
    let mut timed = resolve_times(
        &rows,
        &times,
        &schema.time_stamp,
        opts.missing_time,
        &mut report,
    )?;
    drop(rows);
    // Stable: events at the same time keep their input order.
    timed.sort_by_key(|&(_, t, _)| t);
    let n = timed.len();
    if u32::try_from(n).is_err() {
        return Err(too_many());
    }

    // osquery's "parent name" column holds the parent's command line, which never equals
    // a process name; matching on it would leave every process parentless.
    let name_linking =
        schema.parent_name.is_some() && !(compat == Compat::None && kind == SchemaKind::Osquery);
    let by_host = compat == Compat::None;

    let mut lower = Names::default();
    let mut host_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut text_pids: FxHashMap<String, u64> = FxHashMap::default();
    // Per position: lower-case name id, host id, process id number.
    let mut name_id: Vec<u32> = Vec::with_capacity(n);
    let mut host_id: Vec<u32> = Vec::with_capacity(n);
    let mut pid_num: Vec<u64> = Vec::with_capacity(n);
    for &(row, _, _) in &timed {
        name_id.push(lower.lower_id(names.get(row).unwrap_or("")));
        let hid = match (by_host, at(&hosts, row)) {
            (true, Some(h)) => {
                let next = u32::try_from(host_ids.len()).unwrap_or(NO_ID);
                *host_ids.entry(h).or_insert(next)
            }
            _ => NO_ID,
        };
        host_id.push(hid);
        pid_num.push(pid_number(
            &parse_pid(pids.get(row).unwrap_or("")).key,
            &mut text_pids,
        ));
    }
    // Candidate parents, sorted by (host, id, name, position); positions are in time order.
    let mut by_name: Vec<(u32, u64, u32, u32)> =
        Vec::with_capacity(if name_linking { n } else { 0 });
    let mut by_id: Vec<(u32, u64, u32)> = Vec::with_capacity(n);
    for pos in 0..n {
        let p32 = u32::try_from(pos).map_err(|_| too_many())?;
        let (h, id, nm) = (
            host_id.get(pos).copied().unwrap_or(NO_ID),
            pid_num.get(pos).copied().unwrap_or(0),
            name_id.get(pos).copied().unwrap_or(NO_ID),
        );
        if name_linking {
            by_name.push((h, id, nm, p32));
        }
        by_id.push((h, id, p32));
    }
    by_name.sort_unstable();
    by_id.sort_unstable();

    let time_at = |p: usize| timed.get(p).map_or(i64::MAX, |&(_, t, _)| t);
    // The latest candidate created at or before `time`, other than `pos` itself.
    let pick = |cands: &[u32], time: i64, pos: usize| -> Option<usize> {
        let upto = cands.partition_point(|&p| time_at(p as usize) <= time);
        let mut idx = upto.checked_sub(1)?;
        if compat == Compat::None && cands.get(idx).is_some_and(|&p| p as usize == pos) {
            idx = idx.checked_sub(1)?;
        }
        cands.get(idx).map(|&p| p as usize)
    };
    let mut scratch: Vec<u32> = Vec::new();

    let mut procs: Vec<Proc> = Vec::with_capacity(n + n / 8);
    let mut synth_index: FxHashMap<(u32, u32, String, Option<String>), usize> =
        FxHashMap::default();
    let mut synth: Vec<Proc> = Vec::new();
    let mut ppid_parse: Vec<(u64, bool)> = Vec::with_capacity(n);
    for (pos, &(row, time, time_missing)) in timed.iter().enumerate() {
        let pid = parse_pid(pids.get(row).unwrap_or(""));
        let ppid = parse_pid(ppids.get(row).unwrap_or(""));
        let ppid_num = pid_number(&ppid.key, &mut text_pids);
        ppid_parse.push((ppid_num, ppid.numeric));
        let nid = name_id.get(pos).copied().unwrap_or(NO_ID);
        let hid = host_id.get(pos).copied().unwrap_or(NO_ID);
        let mut fl = 0u32;
        if time_missing {
            fl |= flags::MISSING_TIME;
        }
        if !pid.numeric || !ppid.numeric {
            fl |= flags::BAD_PID;
            report.bad_pids += 1;
        }
        let parent_name = if name_linking {
            at(&parent_names, row)
        } else {
            None
        };
        // An empty parent name means "unknown", as in MSTICPy.
        let parent_name = parent_name.map(|p| if p.is_empty() { "unknown" } else { p });
        let parent_lc_id = parent_name.map(|p| lower.lower_id(p));
        // Candidates: same host and id (and name when linking by name).
        scratch.clear();
        match parent_lc_id {
            Some(plc) => {
                let lo =
                    by_name.partition_point(|&(h, i, nm, _)| (h, i, nm) < (hid, ppid_num, plc));
                let hi =
                    by_name.partition_point(|&(h, i, nm, _)| (h, i, nm) <= (hid, ppid_num, plc));
                scratch.extend(by_name.get(lo..hi).unwrap_or(&[]).iter().map(|e| e.3));
            }
            None => {
                let lo = by_id.partition_point(|&(h, i, _)| (h, i) < (hid, ppid_num));
                let hi = by_id.partition_point(|&(h, i, _)| (h, i) <= (hid, ppid_num));
                scratch.extend(by_id.get(lo..hi).unwrap_or(&[]).iter().map(|e| e.2));
            }
        }
        let matched = pick(&scratch, time, pos);
        let self_named = parent_lc_id.is_none_or(|p| p == nid);
        if pid_num.get(pos) == Some(&ppid_num) && self_named {
            fl |= flags::SELF_PARENT;
            report.self_parents += 1;
        }
        let mut key = String::with_capacity(lower.text(nid).len() + pid.display.len() + 28);
        key.push_str(lower.text(nid));
        key.push('|');
        key.push_str(&pid.display);
        key.push('|');
        push_key_time(&mut key, time);
        let logon_raw = owned(&logon, row);
        let effective = effective_logon(
            at(&logon, row),
            at(&target, row),
            schema.logon_id.is_some() && logon.is_some(),
        );
        let parent = match matched {
            Some(p) => {
                // MSTICPy shows the child's text of the parent id; it can differ from
                // the parent's own text (`0xD78` and `0xd78`).
                let shown = match compat {
                    Compat::Msticpy => {
                        let plc = match parent_lc_id {
                            Some(id) => lower.text(id).to_string(),
                            None => lower
                                .text(name_id.get(p).copied().unwrap_or(NO_ID))
                                .to_string(),
                        };
                        let mut k = format!("{plc}|{}|", ppid.display);
                        push_key_time(&mut k, time_at(p));
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
                let plc_id = parent_lc_id.unwrap_or_else(|| lower.lower_id("unknown"));
                // MSTICPy de-duplicates synthesised parents on all their columns, the
                // creator's logon id included; duplicates by key are dropped later.
                let dedupe_logon = match compat {
                    Compat::Msticpy => logon_raw.clone(),
                    Compat::None => None,
                };
                let synth_key = (hid, plc_id, ppid.display.to_string(), dedupe_logon);
                let index = match synth_index.get(&synth_key) {
                    Some(&i) => i,
                    None => {
                        let i = synth.len();
                        let mut k = format!("{}|{}|", lower.text(plc_id), ppid.display);
                        push_key_time(&mut k, 0);
                        synth.push(Proc {
                            row: None,
                            name: parent_name.unwrap_or("unknown").to_string(),
                            pid: ppid.display.to_string(),
                            time: 0,
                            host: owned(&hosts, row),
                            effective_logon: logon_raw.clone(),
                            key: k,
                            parent: ParentRef::None,
                            flags: flags::SYNTHESIZED,
                            cmd_line: None,
                            user_id: None,
                            logon_id: logon_raw.clone(),
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
        procs.push(Proc {
            row: Some(row),
            name: names.get(row).unwrap_or("").to_string(),
            pid: pid.display.into_owned(),
            time,
            host: owned(&hosts, row),
            effective_logon: effective,
            key,
            parent,
            flags: fl,
            cmd_line: owned(&cmds, row),
            user_id: owned(&users, row),
            logon_id: logon_raw,
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
    Ok(Built {
        procs,
        report,
        fill,
    })
}

/// MSTICPy's effective logon id: the target logon id when there is one other than
/// `0x0`, else the creator's.
fn effective_logon(logon: Option<&str>, target: Option<&str>, has_logon: bool) -> Option<String> {
    if !has_logon {
        return Some("0".to_string());
    }
    match target {
        Some(t) if t != "0x0" => Some(t.to_string()),
        _ => logon.map(str::to_string),
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

fn mde_key(name: Option<&str>, id: Option<&str>, time: i64) -> Option<String> {
    let name = name?.to_lowercase();
    let id = parse_pid(id?);
    Some(format!(
        "{name}|{}|{}",
        id.display.to_lowercase(),
        key_time(time)
    ))
}

fn basename(path: &str) -> &str {
    path.rsplit_once('\\').map_or(path, |(_, stem)| stem)
}

/// The Defender for Endpoint builder: each event names its creator (initiating process)
/// by name, id and creation time, and the creator's parent too. Creators that are not
/// themselves events become synthesised processes, and so do their parents; no deeper
/// ancestors are synthesised.
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
    let cmds = src.text(c.cmd)?;
    let init_cmds = src.text(c.init_cmd)?;
    let users = src.text(c.user)?;
    let init_users = src.text(c.init_user)?;
    let logon = src.text(c.logon)?;
    let target = src.text(c.target_logon)?;

    let schema = Schema {
        event_id_column: c.action.map(|(col, _)| col.to_string()),
        event_id_identifier: c.action.map(|(_, v)| v.to_string()),
        ..Schema::default()
    };
    let rows: Vec<usize> = match compat {
        Compat::None => filter_rows(src, &schema, &mut report)?,
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

    let host_of = |row: usize| -> Option<String> {
        match compat {
            Compat::None => at(&hosts, row).map(str::to_lowercase),
            Compat::Msticpy => None,
        }
    };

    let mut procs: Vec<Proc> = Vec::with_capacity(rows.len() + rows.len() / 8);
    let mut known: std::collections::HashSet<(Option<String>, String)> =
        std::collections::HashSet::new();
    // (time, row) of each event whose creator is not an event.
    let mut creators: Vec<(i64, usize, Option<String>)> = Vec::new();
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
        let key = mde_key(name, id, t)
            .unwrap_or_else(|| format!("|{}|{}", id.unwrap_or(""), key_time(t)));
        let init_name = init_names
            .get(row)
            .map(|n| if n.is_empty() { "unknown" } else { n });
        let init_time = init_times.get(row).copied().flatten().unwrap_or(0);
        let parent_key = mde_key(init_name, init_ids.get(row), init_time);
        if parent_key.as_deref() == Some(key.as_str()) {
            fl |= flags::SELF_PARENT;
            report.self_parents += 1;
        }
        known.insert((host_of(row), key.clone()));
        procs.push(Proc {
            row: Some(row),
            name: name.unwrap_or("").to_string(),
            pid: id
                .map(|i| parse_pid(i).display.into_owned())
                .unwrap_or_default(),
            time: t,
            host: at(&hosts, row).map(str::to_string),
            effective_logon: effective_logon(at(&logon, row), at(&target, row), logon.is_some()),
            key,
            parent: parent_key.clone().map_or(ParentRef::None, ParentRef::Key),
            flags: fl,
            cmd_line: owned(&cmds, row),
            user_id: owned(&users, row),
            logon_id: at(&logon, row).map(str::to_string),
        });
        if let Some(pk) = parent_key {
            creators.push((init_time, row, Some(pk)));
        }
    }

    // Creators that are not events, oldest first.
    creators.retain(|(_, row, pk)| {
        pk.as_ref()
            .is_some_and(|pk| !known.contains(&(host_of(*row), pk.clone())))
    });
    creators.sort_by_key(|&(t, _, _)| t);
    let mut parents: Vec<Proc> = Vec::new();
    // The event each synthesised parent was read from.
    let mut parent_rows: Vec<usize> = Vec::new();
    for (init_time, row, pk) in &creators {
        let Some(pk) = pk else { continue };
        if !known.insert((host_of(*row), pk.clone())) {
            continue;
        }
        let gp_name = at(&ip_names, *row).map(basename);
        let gp_time = ip_times
            .as_ref()
            .and_then(|t| t.get(*row).copied().flatten())
            .unwrap_or(0);
        let gp_key = mde_key(gp_name, at(&ip_ids, *row), gp_time);
        let name = init_names
            .get(*row)
            .map(|n| if n.is_empty() { "unknown" } else { n })
            .unwrap_or("");
        parents.push(Proc {
            row: None,
            name: name.to_string(),
            pid: init_ids
                .get(*row)
                .map(|i| parse_pid(i).display.into_owned())
                .unwrap_or_default(),
            time: *init_time,
            host: at(&hosts, *row).map(str::to_string),
            effective_logon: at(&logon, *row).map(str::to_string),
            key: pk.clone(),
            parent: gp_key.map_or(ParentRef::None, ParentRef::Key),
            flags: flags::SYNTHESIZED,
            cmd_line: at(&init_cmds, *row).map(str::to_string),
            user_id: at(&init_users, *row).map(str::to_string),
            logon_id: at(&logon, *row).map(str::to_string),
        });
        parent_rows.push(*row);
    }
    // Grandparents: parents of synthesised parents that are not in the data either.
    let mut grandparents: Vec<Proc> = Vec::new();
    for (p, &row) in parents.iter().zip(&parent_rows) {
        let ParentRef::Key(gk) = &p.parent else {
            continue;
        };
        if !known.insert((host_of(row), gk.clone())) {
            continue;
        }
        grandparents.push(Proc {
            row: None,
            name: at(&ip_names, row).map(basename).unwrap_or("").to_string(),
            pid: at(&ip_ids, row)
                .map(|i| parse_pid(i).display.into_owned())
                .unwrap_or_default(),
            time: ip_times
                .as_ref()
                .and_then(|t| t.get(row).copied().flatten())
                .unwrap_or(0),
            host: at(&hosts, row).map(str::to_string),
            effective_logon: None,
            key: gk.clone(),
            parent: ParentRef::None,
            flags: flags::SYNTHESIZED,
            cmd_line: None,
            user_id: None,
            logon_id: None,
        });
    }
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
    Ok(Built {
        procs,
        report,
        fill,
    })
}
