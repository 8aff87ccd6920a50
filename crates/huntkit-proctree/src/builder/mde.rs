//! The Defender for Endpoint builder (`DeviceProcessEvents` and its internal schema).
//!
//! Each event names its creator (initiating process) by name, id and creation time, and
//! the creator's parent too. Creators that are not themselves events become synthesised
//! processes, and so do their parents; no deeper ancestors are synthesised.

use super::input::{
    at, filter_rows, keep, missing, new_report, out_of_order, owned, required, resolve_times,
    row_identity, HostIds, Names,
};
use super::{Built, ParentRef, Proc, NO_ID};
use crate::columns::{FillColumns, SynthText, TextColumns};
use crate::error::Result;
use crate::events::{parse_pid, Source, TextCol};
use crate::keys::{key_hash, push_key, push_mde_key, KeySet, Keys};
use crate::options::{Compat, Options};
use crate::schema::SchemaKind;
use crate::tree::{flags, Report};

/// Builds the processes of Defender events: the events in input order, then the creators
/// synthesised for them, then the creators' parents.
pub(super) fn build_mde(src: &dyn Source, kind: SchemaKind, opts: &Options) -> Result<Built> {
    let c = mde_columns(kind, opts.compat);
    let mut report = new_report(src, kind);
    let cols = EventColumns::read(src, &c, kind)?;
    let timed = cols.timed_rows(src, &c, opts, &mut report)?;
    let mut build = Build::new(&cols, opts.compat, report, src.num_rows(), &timed);
    let creators = build.read_events(&timed);
    drop(timed);
    let (creators, mut known) = build.missing_creators(creators);
    let (parents, parent_rows) = build.synthesise_creators(&creators, &mut known);
    let grandparents = build.synthesise_grandparents(&parents, &parent_rows, &mut known);
    drop(known);
    let Build {
        mut procs,
        keys,
        mut report,
        ..
    } = build;
    report.synthesized_parents = parents.len() + grandparents.len();
    procs.extend(parents);
    procs.extend(grandparents);
    Ok(Built {
        procs,
        keys,
        report,
        fill: c.fill(),
        texts: cols.keep(src, &c)?,
    })
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
                Compat::Huntkit => &["ProcessCreationTime", "Timestamp"],
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
                Compat::Huntkit => Some(("ActionType", "ProcessCreated")),
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

impl MdeColumns {
    /// The time column named in errors: the first of those read.
    fn time_column(&self) -> &'static str {
        self.time.first().copied().unwrap_or("Timestamp")
    }

    /// The input columns a synthesised process's values are shown in.
    fn fill(&self) -> FillColumns {
        FillColumns {
            name: Some(self.name.to_string()),
            pid: Some(self.id.to_string()),
            time: self.time.iter().map(|t| t.to_string()).collect(),
            host: Some(self.host.to_string()),
            cmd: Some(self.cmd.to_string()),
            user: Some(self.user.to_string()),
            logon: Some(self.logon.to_string()),
        }
    }
}

/// The input columns the builder reads.
struct EventColumns<'a> {
    names: TextCol<'a>,
    ids: TextCol<'a>,
    times: Vec<Option<i64>>,
    init_names: TextCol<'a>,
    init_ids: TextCol<'a>,
    init_times: Vec<Option<i64>>,
    /// The creator's parent: name, id and creation time.
    ip_names: Option<TextCol<'a>>,
    ip_ids: Option<TextCol<'a>>,
    ip_times: Option<Vec<Option<i64>>>,
    hosts: Option<TextCol<'a>>,
    init_cmds: Option<TextCol<'a>>,
    init_users: Option<TextCol<'a>>,
    logon: Option<TextCol<'a>>,
}

impl<'a> EventColumns<'a> {
    fn read(src: &'a dyn Source, c: &MdeColumns, kind: SchemaKind) -> Result<Self> {
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
        let times = times.ok_or_else(|| missing(src, c.time_column(), "time stamp", kind))?;
        Ok(EventColumns {
            names,
            ids,
            times,
            init_names: required(src, c.init_name, "creator name", kind)?,
            init_ids: required(src, c.init_id, "creator id", kind)?,
            init_times: src
                .times(c.init_time)?
                .ok_or_else(|| missing(src, c.init_time, "creator time", kind))?,
            ip_names: src.text(c.init_parent_name)?,
            ip_ids: src.text(c.init_parent_id)?,
            ip_times: src.times(c.init_parent_time)?,
            hosts: src.text(c.host)?,
            init_cmds: src.text(c.init_cmd)?,
            init_users: src.text(c.init_user)?,
            logon: src.text(c.logon)?,
        })
    }

    /// The rows to build from, each with its time: process creations without exact
    /// duplicates (every row, reproducing MSTICPy), and without a time only as the
    /// options allow.
    fn timed_rows(
        &self,
        src: &dyn Source,
        c: &MdeColumns,
        opts: &Options,
        report: &mut Report,
    ) -> Result<Vec<(usize, i64, bool)>> {
        let rows: Vec<usize> = match opts.compat {
            Compat::Huntkit => {
                let identity = |row: usize| {
                    row_identity(self.ids.get(row), self.times.get(row).copied().flatten())
                };
                filter_rows(src, c.action, report, &identity)?
            }
            Compat::Msticpy => (0..src.num_rows()).collect(),
        };
        report.out_of_order = out_of_order(&rows, &self.times);
        resolve_times(
            &rows,
            &self.times,
            c.time_column(),
            opts.missing_time,
            report,
        )
    }

    /// The creator's parent's creation time (1970-01-01 when unknown).
    fn grandparent_time(&self, row: usize) -> i64 {
        self.ip_times
            .as_ref()
            .and_then(|t| t.get(row).copied().flatten())
            .unwrap_or(0)
    }

    /// The columns the tree reads its processes' texts from.
    fn keep(&self, src: &dyn Source, c: &MdeColumns) -> Result<TextColumns> {
        Ok(TextColumns {
            name: keep(src, Some(&self.names), c.name)?,
            pid: keep(src, Some(&self.ids), c.id)?,
            host: keep(src, self.hosts.as_ref(), c.host)?,
            cmd: src.owned_text(c.cmd)?,
            user: src.owned_text(c.user)?,
            target: src.owned_text(c.target_logon)?,
            has_logon: self.logon.is_some(),
            logon: keep(src, self.logon.as_ref(), c.logon)?,
        })
    }
}

/// An event that names its creator: the creator's time, the event's row, and its
/// position among the processes.
type Creator = (i64, usize, usize);

/// A build under way: the columns, and the processes and keys made so far.
struct Build<'c> {
    cols: &'c EventColumns<'c>,
    /// Hosts told apart by number, as written.
    hosts: HostIds<'c>,
    /// Each row's host, lower-cased, as a number (`NO_ID` when hosts are not told apart):
    /// a process is known per host, whatever the case of the host's name.
    host_lc: Vec<u32>,
    procs: Vec<Proc>,
    keys: Keys,
    report: Report,
}

impl<'c> Build<'c> {
    fn new(
        cols: &'c EventColumns<'c>,
        compat: Compat,
        report: Report,
        rows: usize,
        timed: &[(usize, i64, bool)],
    ) -> Self {
        let by_host = compat == Compat::Huntkit;
        let mut lower = Names::default();
        let mut host_lc: Vec<u32> = vec![NO_ID; rows];
        if by_host {
            for &(row, _, _) in timed {
                if let (Some(h), Some(slot)) = (at(&cols.hosts, row), host_lc.get_mut(row)) {
                    *slot = lower.lower_id(h);
                }
            }
        }
        let n = timed.len();
        Build {
            cols,
            hosts: HostIds::new(by_host),
            host_lc,
            procs: Vec::with_capacity(n + n / 8),
            // As in the Windows/Linux-style builder, with room for each event's creator's
            // key too: the keys events name their creators by are written into the same
            // buffer and hashed once, and a synthesised parent's key is the one its first
            // child wrote.
            keys: Keys::with_capacity(2 * n + n / 8, n * 112),
            report,
        }
    }

    fn host_of(&self, row: usize) -> u32 {
        self.host_lc.get(row).copied().unwrap_or(NO_ID)
    }

    /// Each timed row as a process, with its key and the key of the creator it names.
    /// Returns the events that name a creator.
    fn read_events(&mut self, timed: &[(usize, i64, bool)]) -> Vec<Creator> {
        let cols = self.cols;
        let mut creators: Vec<Creator> = Vec::new();
        for &(row, t, time_missing) in timed {
            let mut fl = 0u32;
            if time_missing {
                fl |= flags::MISSING_TIME;
            }
            let name = cols.names.get(row);
            let id = cols.ids.get(row);
            if id.is_some_and(|i| !parse_pid(i).numeric) {
                fl |= flags::BAD_PID;
                self.report.bad_pids += 1;
            }
            let key = self.keys.push_with(|k| match (name, id) {
                (Some(name), Some(id)) => push_mde_key(k, name, id, t),
                _ => push_key(k, "", id.unwrap_or(""), t),
            });
            let own_hash = key_hash(self.keys.get(key));
            let parent = match self.creator(row, key, own_hash, &mut fl) {
                Some((pk, hash, init_time)) => {
                    creators.push((init_time, row, self.procs.len()));
                    ParentRef::Key { key: pk, hash }
                }
                None => ParentRef::None,
            };
            let host = self.hosts.id(at(&cols.hosts, row));
            self.procs.push(Proc {
                row: Some(row),
                time: t,
                host,
                key_hash: own_hash,
                key,
                parent,
                flags: fl,
                text: None,
            });
        }
        creators
    }

    /// The key, its hash and the creation time of the creator the event at `row` names,
    /// if it names one; flags the event when that is the event itself.
    fn creator(
        &mut self,
        row: usize,
        own_key: usize,
        own_hash: u64,
        fl: &mut u32,
    ) -> Option<(usize, u64, i64)> {
        let cols = self.cols;
        let init_id = cols.init_ids.get(row)?;
        // A creator with an id but no name is still a creator. MSTICPy reads Defender's
        // data as the service returns it, empty names as "", and names them "unknown";
        // a CSV's empty field is a missing value here, and is named the same way.
        let init_name = creator_name(cols.init_names.get(row));
        let init_time = cols.init_times.get(row).copied().flatten().unwrap_or(0);
        let pk = self
            .keys
            .push_with(|k| push_mde_key(k, init_name, init_id, init_time));
        let text = self.keys.get(pk);
        let hash = key_hash(text);
        if hash == own_hash && text == self.keys.get(own_key) {
            *fl |= flags::SELF_PARENT;
            self.report.self_parents += 1;
        }
        Some((pk, hash, init_time))
    }

    /// The key the process at `pos` names its creator by, and its hash.
    fn creator_key(&self, pos: usize) -> Option<(usize, u64)> {
        match self.procs.get(pos).map(|p| &p.parent) {
            Some(&ParentRef::Key { key, hash }) => Some((key, hash)),
            _ => None,
        }
    }

    /// The creators that are not events themselves, oldest first, and the keys known so
    /// far (every event's).
    fn missing_creators(&self, mut creators: Vec<Creator>) -> (Vec<Creator>, KeySet) {
        let mut known = KeySet::with_capacity(self.procs.len() + self.procs.len() / 8);
        for p in &self.procs {
            let host = p.row.map_or(NO_ID, |r| self.host_of(r));
            known.insert(&self.keys, host, p.key_hash, p.key);
        }
        creators.retain(|&(_, row, pos)| {
            self.creator_key(pos)
                .is_some_and(|(k, h)| !known.contains(&self.keys, self.host_of(row), h, k))
        });
        creators.sort_by_key(|&(t, _, _)| t);
        (creators, known)
    }

    /// A synthesised process for each creator not known yet, with a reference to its own
    /// parent; returns them with the row each was read from.
    fn synthesise_creators(
        &mut self,
        creators: &[Creator],
        known: &mut KeySet,
    ) -> (Vec<Proc>, Vec<usize>) {
        let cols = self.cols;
        let mut parents: Vec<Proc> = Vec::new();
        let mut parent_rows: Vec<usize> = Vec::new();
        for &(init_time, row, pos) in creators {
            let Some((pk, hash)) = self.creator_key(pos) else {
                continue;
            };
            if !known.insert(&self.keys, self.host_of(row), hash, pk) {
                continue;
            }
            let gp_time = cols.grandparent_time(row);
            let gp = match (at(&cols.ip_names, row).map(basename), at(&cols.ip_ids, row)) {
                (Some(gp_name), Some(gp_id)) => {
                    let gk = self
                        .keys
                        .push_with(|k| push_mde_key(k, gp_name, gp_id, gp_time));
                    ParentRef::Key {
                        key: gk,
                        hash: key_hash(self.keys.get(gk)),
                    }
                }
                _ => ParentRef::None,
            };
            let text = SynthText {
                name: creator_name(cols.init_names.get(row)).to_string(),
                pid: cols
                    .init_ids
                    .get(row)
                    .map(|i| parse_pid(i).display.into_owned())
                    .unwrap_or_default(),
                host: owned(&cols.hosts, row),
                effective_logon: owned(&cols.logon, row),
                cmd_line: owned(&cols.init_cmds, row),
                user_id: owned(&cols.init_users, row),
                logon_id: owned(&cols.logon, row),
            };
            let host = self.hosts.id(at(&cols.hosts, row));
            parents.push(Proc::synthesised(init_time, host, pk, hash, gp, text));
            parent_rows.push(row);
        }
        (parents, parent_rows)
    }

    /// The parents of synthesised creators that are not known either, synthesised too.
    fn synthesise_grandparents(
        &mut self,
        parents: &[Proc],
        parent_rows: &[usize],
        known: &mut KeySet,
    ) -> Vec<Proc> {
        let cols = self.cols;
        let mut grandparents: Vec<Proc> = Vec::new();
        for (p, &row) in parents.iter().zip(parent_rows) {
            let ParentRef::Key { key: gk, hash } = p.parent else {
                continue;
            };
            if !known.insert(&self.keys, self.host_of(row), hash, gk) {
                continue;
            }
            let text = SynthText {
                name: at(&cols.ip_names, row)
                    .map(basename)
                    .unwrap_or("")
                    .to_string(),
                pid: at(&cols.ip_ids, row)
                    .map(|i| parse_pid(i).display.into_owned())
                    .unwrap_or_default(),
                host: owned(&cols.hosts, row),
                ..SynthText::default()
            };
            let host = self.hosts.id(at(&cols.hosts, row));
            grandparents.push(Proc::synthesised(
                cols.grandparent_time(row),
                host,
                gk,
                hash,
                ParentRef::None,
                text,
            ));
        }
        grandparents
    }
}

/// The name a synthesised creator is given: its own, or "unknown" when it has none.
fn creator_name(name: Option<&str>) -> &str {
    match name {
        Some(n) if !n.is_empty() => n,
        _ => "unknown",
    }
}

fn basename(path: &str) -> &str {
    path.rsplit_once('\\').map_or(path, |(_, stem)| stem)
}
