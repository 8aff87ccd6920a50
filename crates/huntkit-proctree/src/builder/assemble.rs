//! Process trees from the builders' processes: processes whose key repeats are dropped,
//! parent references resolved, cycles cut, and each tree walked top-down to number and
//! order its processes.

use std::collections::VecDeque;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::{Built, ParentRef, Proc};
use crate::error::{Error, Result};
use crate::keys::FrozenKeys;
use crate::options::{Compat, Options};
use crate::schema::Schema;
use crate::tree::{flags, push_pad, Node, ProcessTree, Report, Runs};

/// Turns processes with parent references into trees: drops processes whose key
/// repeats, resolves each parent reference, cuts cycles, numbers and orders everything.
pub(super) fn assemble(built: Built, schema: Schema, opts: &Options) -> Result<ProcessTree> {
    let Built {
        procs,
        keys,
        mut report,
        fill,
        texts,
    } = built;
    let keys = keys.freeze()?;
    let compat = opts.compat;
    let width = match compat {
        Compat::Msticpy => 5,
        Compat::Huntkit => procs.len().saturating_sub(1).to_string().len().max(5),
    };
    let links = Links::resolve(&procs, &keys, compat, &mut report);
    let mut kept = Kept::new(procs, links, &mut report);
    // MSTICPy's leaves: processes no other process names as parent, cycles included.
    let mut has_child = has_children(&kept.parent);
    if compat == Compat::Huntkit {
        kept.break_cycles(&mut report);
        kept.unlink_unresolved();
        has_child = has_children(&kept.parent);
    }
    // Children lists, in source order (the kept processes are in source order already).
    let children = Runs::new(kept.parent.iter().copied(), kept.len());
    let mut walk = Walk::new(&children, &kept.roots(), kept.len(), width, opts)?;
    kept.cut_at_depth(&walk.cut, &mut report);
    if report.depth_limited > 0 {
        // Parents whose children were all cut are leaves now.
        has_child = has_children(&kept.parent);
    }
    let reached = walk.add_unreached(kept.len());
    if compat == Compat::Msticpy {
        walk.sort_by_path(&kept, width);
    }
    let nodes = kept.into_nodes(&walk, &has_child, &reached);
    let children = Runs::new(nodes.iter().map(|n| n.parent), nodes.len());
    Ok(ProcessTree {
        kind: report.schema,
        schema,
        nodes,
        report,
        compat,
        fill,
        texts,
        width,
        children,
        keys,
        by_key: OnceLock::new(),
    })
}

/// Whether each process is named as parent by another.
fn has_children(parent: &[Option<usize>]) -> Vec<bool> {
    let mut has_child = vec![false; parent.len()];
    for &k in parent.iter().flatten() {
        if let Some(h) = has_child.get_mut(k) {
            *h = true;
        }
    }
    has_child
}

/// The links between all the builder's processes, before the duplicates go.
struct Links {
    /// The first process with each process's key: itself unless its key repeats.
    canon: Vec<usize>,
    /// Each process's parent: the first process with the parent's key.
    parent: Vec<Option<usize>>,
    /// The parent key to show when it is not the parent's own key.
    key_text: Vec<Option<String>>,
    /// Whether the parent key names no process.
    orphan: Vec<bool>,
}

impl Links {
    /// Keys are unique per host by default; MSTICPy's keys ignore the host. Each process
    /// maps to the first process with its key; later ones are counted as duplicates.
    fn resolve(procs: &[Proc], keys: &FrozenKeys, compat: Compat, report: &mut Report) -> Links {
        let host = |p: &Proc| -> u32 {
            match compat {
                Compat::Huntkit => p.host,
                Compat::Msticpy => u32::MAX,
            }
        };
        let (index, canon) = FirstByKey::new(procs, keys, &host, report);
        let total = procs.len();
        let mut links = Links {
            canon,
            parent: Vec::with_capacity(total),
            key_text: Vec::with_capacity(total),
            orphan: Vec::with_capacity(total),
        };
        for p in procs {
            let (parent, text, orphan) = match &p.parent {
                ParentRef::None => (None, None, false),
                ParentRef::Index { index, key } => {
                    (links.canon.get(*index).copied(), key.clone(), false)
                }
                &ParentRef::Key { key, hash } => {
                    let k = keys.get(key);
                    match index.find(host(p), hash, k) {
                        Some(c) => (Some(c), None, false),
                        None => (None, Some(k.to_string()), true),
                    }
                }
            };
            links.parent.push(parent);
            links.key_text.push(text);
            links.orphan.push(orphan);
        }
        links
    }
}

/// The first process of each key on each host, found by the key's hash; keys that share
/// a hash with another key are found by their text.
struct FirstByKey<'a> {
    procs: &'a [Proc],
    keys: &'a FrozenKeys,
    first: FxHashMap<(u32, u64), usize>,
    exact: FxHashMap<(u32, &'a str), usize>,
}

impl<'a> FirstByKey<'a> {
    /// Indexes `procs`; returns the index and, for each process, the first process with
    /// its key.
    fn new(
        procs: &'a [Proc],
        keys: &'a FrozenKeys,
        host: &dyn Fn(&Proc) -> u32,
        report: &mut Report,
    ) -> (Self, Vec<usize>) {
        let mut index = FirstByKey {
            procs,
            keys,
            first: FxHashMap::default(),
            exact: FxHashMap::default(),
        };
        index.first.reserve(procs.len());
        let mut canon: Vec<usize> = Vec::with_capacity(procs.len());
        for (i, p) in procs.iter().enumerate() {
            let h = host(p);
            let c = match index.first.get(&(h, p.key_hash)) {
                None => {
                    index.first.insert((h, p.key_hash), i);
                    i
                }
                Some(&c) if index.key_at(c) == keys.get(p.key) => c,
                Some(_) => *index.exact.entry((h, keys.get(p.key))).or_insert(i),
            };
            if c != i {
                report.duplicate_keys += 1;
            }
            canon.push(c);
        }
        (index, canon)
    }

    fn key_at(&self, c: usize) -> &'a str {
        self.procs.get(c).map_or("", |p| self.keys.get(p.key))
    }

    /// The first process on host `h` with key `k`, whose hash is `hash`.
    fn find(&self, h: u32, hash: u64, k: &str) -> Option<usize> {
        match self.first.get(&(h, hash)) {
            Some(&c) if self.key_at(c) == k => Some(c),
            Some(_) => self.exact.get(&(h, k)).copied(),
            None => None,
        }
    }
}

/// The processes kept (the first of each key), numbered from 0 in source order, with
/// their links to one another.
struct Kept {
    procs: Vec<Proc>,
    /// Each one's position in the builder's list: its `source_index`.
    source: Vec<usize>,
    /// Its parent among the kept processes.
    parent: Vec<Option<usize>>,
    /// Whether it names a parent at all (a root does not).
    linked: Vec<bool>,
    /// The parent key to show when it is not the parent's own key.
    parent_key_text: Vec<Option<String>>,
}

impl Kept {
    fn new(procs: Vec<Proc>, mut links: Links, report: &mut Report) -> Kept {
        let total = procs.len();
        let mut kept_pos: Vec<usize> = vec![usize::MAX; total];
        let mut source: Vec<usize> = Vec::with_capacity(total);
        let mut parent: Vec<Option<usize>> = Vec::with_capacity(total);
        let mut linked: Vec<bool> = Vec::with_capacity(total);
        let mut texts: Vec<Option<String>> = Vec::with_capacity(total);
        // In place: a second list of processes would be as large again, in new memory.
        let mut items = procs;
        let mut i = 0;
        items.retain_mut(|p| {
            let at = i;
            i += 1;
            if links.canon.get(at) != Some(&at) {
                return false;
            }
            if let Some(k) = kept_pos.get_mut(at) {
                *k = source.len();
            }
            if links.orphan.get(at).copied().unwrap_or(false) {
                p.flags |= flags::ORPHAN;
                report.orphans += 1;
            }
            linked.push(!matches!(p.parent, ParentRef::None));
            parent.push(links.parent.get(at).copied().flatten());
            texts.push(links.key_text.get_mut(at).and_then(Option::take));
            source.push(at);
            true
        });
        // Parents by their new numbers.
        for slot in parent.iter_mut() {
            *slot = slot
                .and_then(|o| kept_pos.get(o).copied())
                .filter(|&k| k != usize::MAX);
        }
        Kept {
            procs: items,
            source,
            parent,
            linked,
            parent_key_text: texts,
        }
    }

    fn len(&self) -> usize {
        self.procs.len()
    }

    /// The processes with no parent that name none either.
    fn roots(&self) -> Vec<usize> {
        (0..self.len())
            .filter(|&j| {
                self.parent.get(j).copied().flatten().is_none()
                    && !self.linked.get(j).copied().unwrap_or(false)
            })
            .collect()
    }

    /// Cuts every cycle of parent links (self links included) at the process where the
    /// walk first meets it; that process becomes a root and is flagged.
    fn break_cycles(&mut self, report: &mut Report) {
        const NEW: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let m = self.parent.len();
        let mut state = vec![NEW; m];
        let mut walk: Vec<usize> = Vec::new();
        for start in 0..m {
            if state.get(start).copied() != Some(NEW) {
                continue;
            }
            walk.clear();
            let mut j = start;
            loop {
                match state.get(j).copied() {
                    Some(NEW) => {
                        if let Some(s) = state.get_mut(j) {
                            *s = ON_PATH;
                        }
                        walk.push(j);
                        match self.parent.get(j).copied().flatten() {
                            Some(k) => j = k,
                            None => break,
                        }
                    }
                    Some(ON_PATH) => {
                        // `j` closes a cycle: the last process walked links back to it.
                        if let Some(&last) = walk.last() {
                            if let Some(slot) = self.parent.get_mut(last) {
                                *slot = None;
                            }
                            if let Some(p) = self.procs.get_mut(last) {
                                p.flags |= flags::CYCLE_BROKEN;
                            }
                            if let Some(l) = self.linked.get_mut(last) {
                                *l = false;
                            }
                            report.cycles_broken += 1;
                        }
                        break;
                    }
                    _ => break,
                }
            }
            for &w in &walk {
                if let Some(s) = state.get_mut(w) {
                    *s = DONE;
                }
            }
        }
    }

    /// A parent key that names no process makes a root (none arise from the builders).
    fn unlink_unresolved(&mut self) {
        for (j, l) in self.linked.iter_mut().enumerate() {
            if self.parent.get(j).copied().flatten().is_none() {
                *l = false;
            }
        }
    }

    /// Makes each process cut at the depth limit a flagged root.
    fn cut_at_depth(&mut self, cut: &[bool], report: &mut Report) {
        for (j, _) in cut.iter().enumerate().filter(|(_, c)| **c) {
            report.depth_limited += 1;
            if let Some(p) = self.procs.get_mut(j) {
                p.flags |= flags::DEPTH_LIMIT;
            }
            if let Some(l) = self.linked.get_mut(j) {
                *l = false;
            }
            if let Some(x) = self.parent.get_mut(j) {
                *x = None;
            }
        }
    }

    /// The tree's nodes, in reading order.
    fn into_nodes(mut self, walk: &Walk, has_child: &[bool], reached: &[bool]) -> Vec<Node> {
        let m = self.len();
        let mut position = vec![0usize; m];
        for (out, &j) in walk.order.iter().enumerate() {
            if let Some(p) = position.get_mut(j) {
                *p = out;
            }
        }
        let mut nodes: Vec<Node> = Vec::with_capacity(m);
        // Texts are taken out of the processes where they lie: a second list of whole
        // processes would be one more copy of them all.
        for &j in &walk.order {
            let Some(p) = self.procs.get_mut(j) else {
                continue;
            };
            let par = self.parent.get(j).copied().flatten();
            let is_root = !self.linked.get(j).copied().unwrap_or(false);
            let kid = has_child.get(j).copied().unwrap_or(false);
            let reached_j = reached.get(j).copied().unwrap_or(false);
            nodes.push(Node {
                row: p.row,
                key: p.key,
                key_hash: p.key_hash,
                parent: par.and_then(|k| position.get(k).copied()),
                source: self.source.get(j).copied().unwrap_or(0),
                depth: if reached_j {
                    walk.depth.get(j).copied().unwrap_or(0)
                } else {
                    0
                },
                is_root,
                is_leaf: !kid,
                is_branch: !is_root && kid,
                time: p.time,
                flags: p.flags,
                path_from: if reached_j {
                    walk.path_from
                        .get(j)
                        .copied()
                        .flatten()
                        .and_then(|k| position.get(k).copied())
                } else {
                    None
                },
                parent_key_text: if is_root {
                    None
                } else {
                    self.parent_key_text.get_mut(j).and_then(Option::take)
                },
                text: p.text.take(),
            });
        }
        nodes
    }
}

/// The trees walked top-down: the reading order, each process's depth and the process
/// whose path its own extends.
struct Walk {
    order: Vec<usize>,
    path_from: Vec<Option<usize>>,
    depth: Vec<usize>,
    /// Processes deeper than `maxDepth`: each starts a tree of its own.
    cut: Vec<bool>,
}

impl Walk {
    /// Walks each tree from its root (iteratively: depth is data-controlled). A path is
    /// its parent's path and the process's own number, so only lengths are kept here;
    /// the text is made when asked for, or straight into the output column.
    fn new(
        children: &Runs,
        roots: &[usize],
        m: usize,
        width: usize,
        opts: &Options,
    ) -> Result<Walk> {
        let mut path_len: Vec<usize> = vec![0; m];
        let mut path_from: Vec<Option<usize>> = vec![None; m];
        let mut depth: Vec<usize> = vec![0; m];
        let mut order: Vec<usize> = Vec::with_capacity(m);
        let mut cut: Vec<bool> = vec![false; m];
        let mut pending: VecDeque<usize> = roots.iter().copied().collect();
        let mut path_bytes = 0usize;
        let mut stack: Vec<usize> = Vec::new();
        while let Some(root) = pending.pop_front() {
            if let Some(slot) = path_len.get_mut(root) {
                *slot = width;
            }
            stack.push(root);
            while let Some(j) = stack.pop() {
                order.push(j);
                let here = path_len.get(j).copied().unwrap_or(0);
                let d = depth.get(j).copied().unwrap_or(0);
                for &c in children.of(j).iter().rev() {
                    if d + 1 > opts.max_depth {
                        if let Some(x) = cut.get_mut(c) {
                            *x = true;
                        }
                        pending.push_back(c);
                        continue;
                    }
                    let len = here + 1 + width;
                    path_bytes = path_bytes.saturating_add(len);
                    if path_bytes > opts.max_path_bytes {
                        return Err(Error::LimitExceeded {
                            what: "the total length of the paths".to_string(),
                            limit: opts.max_path_bytes as u64,
                            option: "maxPathBytes",
                        });
                    }
                    if let Some(slot) = path_len.get_mut(c) {
                        *slot = len;
                    }
                    if let Some(slot) = path_from.get_mut(c) {
                        *slot = Some(j);
                    }
                    if let Some(x) = depth.get_mut(c) {
                        *x = d + 1;
                    }
                    stack.push(c);
                }
            }
        }
        Ok(Walk {
            order,
            path_from,
            depth,
            cut,
        })
    }

    /// Puts the processes never reached (MSTICPy compatibility: cycles and their
    /// descendants) at the end of the order, in source order; they keep their own index
    /// as path. Returns which processes were reached.
    fn add_unreached(&mut self, m: usize) -> Vec<bool> {
        let mut reached = vec![false; m];
        for &j in &self.order {
            if let Some(r) = reached.get_mut(j) {
                *r = true;
            }
        }
        for j in 0..m {
            if !reached.get(j).copied().unwrap_or(true) {
                self.order.push(j);
            }
        }
        reached
    }

    /// MSTICPy's order: the path strings sorted. With more than 99999 processes this no
    /// longer follows the tree (its zfill(5) numbering is kept here on purpose). Parents
    /// come before their children in the order, so each path extends one made already.
    fn sort_by_path(&mut self, kept: &Kept, width: usize) {
        let mut path: Vec<String> = vec![String::new(); kept.len()];
        for &j in &self.order {
            let mut text = match self.path_from.get(j).copied().flatten() {
                Some(p) => path.get(p).cloned().unwrap_or_default(),
                None => String::new(),
            };
            if !text.is_empty() {
                text.push('/');
            }
            push_pad(&mut text, kept.source.get(j).copied().unwrap_or(0), width);
            if let Some(slot) = path.get_mut(j) {
                *slot = text;
            }
        }
        self.order.sort_by(|&a, &b| {
            let pa = path.get(a).map_or("", String::as_str);
            let pb = path.get(b).map_or("", String::as_str);
            pa.cmp(pb).then_with(|| {
                kept.procs
                    .get(a)
                    .map(|p| p.time)
                    .cmp(&kept.procs.get(b).map(|p| p.time))
            })
        });
    }
}
