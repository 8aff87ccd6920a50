//! The assembled tree: processes in reading order with their links, and the tree
//! operations of MSTICPy's `process_tree_utils`.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Serialize;

use crate::columns::{FillColumns, SynthText, TextColumns};
use crate::events::{display_time, two_digits};
use crate::keys::{key_hash, FrozenKeys};
use crate::options::Compat;
use crate::schema::{Schema, SchemaKind};

/// Per-process flags: why a process looks the way it does.
pub mod flags {
    /// A parent (or grandparent) not in the data, synthesised from its children's events.
    pub const SYNTHESIZED: u32 = 1;
    /// The event had no readable time stamp; it is placed at 1970-01-01.
    pub const MISSING_TIME: u32 = 1 << 1;
    /// The process or parent id is not a number (decimal, hex or integral float).
    pub const BAD_PID: u32 = 1 << 2;
    /// The event names the process itself as its parent.
    pub const SELF_PARENT: u32 = 1 << 3;
    /// The link to the parent closed a cycle and was cut; the process is a root.
    pub const CYCLE_BROKEN: u32 = 1 << 4;
    /// The parent key names no process in the tree (MSTICPy compatibility only).
    pub const ORPHAN: u32 = 1 << 5;
    /// The process was deeper than `maxDepth`; it starts a tree of its own.
    pub const DEPTH_LIMIT: u32 = 1 << 6;

    /// Each flag with its name, as shown in the `flags` column.
    pub const NAMES: [(u32, &str); 7] = [
        (SYNTHESIZED, "synthesized"),
        (MISSING_TIME, "missing_time"),
        (BAD_PID, "bad_pid"),
        (SELF_PARENT, "self_parent"),
        (CYCLE_BROKEN, "cycle_broken"),
        (ORPHAN, "orphan"),
        (DEPTH_LIMIT, "depth_limit"),
    ];

    /// The names of the flags set in `bits`, comma-separated; `None` when none is set.
    pub fn describe(bits: u32) -> Option<String> {
        let names: Vec<&str> = NAMES
            .iter()
            .filter(|(b, _)| bits & b != 0)
            .map(|(_, n)| *n)
            .collect();
        if names.is_empty() {
            None
        } else {
            Some(names.join(","))
        }
    }
}

/// What happened to the input on its way into the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The schema used.
    pub schema: SchemaKind,
    /// Input rows.
    pub rows_in: usize,
    /// Rows left out because their event type is not process creation.
    pub filtered_out: usize,
    /// Exact duplicate events removed.
    pub duplicate_events: usize,
    /// Further events dropped because another process has the same key.
    pub duplicate_keys: usize,
    /// Events with no readable time stamp, kept at 1970-01-01.
    pub missing_time: usize,
    /// Events with no readable time stamp, left out.
    pub missing_time_dropped: usize,
    /// Events whose process or parent id is not a number.
    pub bad_pids: usize,
    /// Events that name the process as its own parent.
    pub self_parents: usize,
    /// Links cut because they closed a cycle.
    pub cycles_broken: usize,
    /// Parents (and grandparents) synthesised.
    pub synthesized_parents: usize,
    /// Processes whose parent key names no process (MSTICPy compatibility only).
    pub orphans: usize,
    /// Processes re-rooted at the depth limit.
    pub depth_limited: usize,
    /// Whether the input was not in time order (it is sorted; nothing is lost).
    pub out_of_order: bool,
}

impl Default for Report {
    fn default() -> Self {
        Report {
            schema: SchemaKind::Custom,
            rows_in: 0,
            filtered_out: 0,
            duplicate_events: 0,
            duplicate_keys: 0,
            missing_time: 0,
            missing_time_dropped: 0,
            bad_pids: 0,
            self_parents: 0,
            cycles_broken: 0,
            synthesized_parents: 0,
            orphans: 0,
            depth_limited: 0,
            out_of_order: false,
        }
    }
}

/// One process of the tree. Its texts (name, id, command line, path, ...) are read
/// through [`ProcessTree`]'s methods: an input event's come from its row, so building a
/// tree copies none of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The input row of the event; `None` for a synthesised parent.
    pub row: Option<usize>,
    /// The number of its key (see [`ProcessTree::proc_key`]) among the tree's keys.
    pub(crate) key: usize,
    /// Position of the parent in [`ProcessTree::nodes`].
    pub parent: Option<usize>,
    /// This process's number in source order (see [`ProcessTree::source_index`]).
    pub source: usize,
    /// Level under the root (a root is 0).
    pub depth: usize,
    pub is_root: bool,
    pub is_leaf: bool,
    pub is_branch: bool,
    /// Creation time, nanoseconds since the epoch (UTC).
    pub time: i64,
    /// Bits of [`flags`].
    pub flags: u32,
    /// The node whose path this node's path extends; `None`: the path is the node's own
    /// number.
    pub(crate) path_from: Option<usize>,
    /// The parent key to show when it is not the parent's own key (MSTICPy
    /// compatibility, and parent keys that name no process).
    pub(crate) parent_key_text: Option<String>,
    /// A synthesised process's texts.
    pub(crate) text: Option<Box<SynthText>>,
    pub(crate) key_hash: u64,
}

/// Counts over the whole tree, as MSTICPy's `get_summary_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Summary {
    pub processes: usize,
    pub root_processes: usize,
    pub leaf_processes: usize,
    pub branch_processes: usize,
    /// Processes that are both root and leaf.
    pub isolated_processes: usize,
    /// Levels in the deepest tree (a lone root is 1).
    pub largest_tree_depth: usize,
}

/// Process trees built from process-creation events.
#[derive(Clone, Debug)]
pub struct ProcessTree {
    /// The schema kind used.
    pub kind: SchemaKind,
    /// The column names used.
    pub schema: Schema,
    /// Processes in reading order: each tree top-down, children in creation order.
    pub nodes: Vec<Node>,
    /// What happened to the input.
    pub report: Report,
    pub(crate) compat: Compat,
    pub(crate) fill: FillColumns,
    /// The input columns the processes' texts are read from.
    pub(crate) texts: TextColumns,
    /// Digits of a `source_index`.
    pub(crate) width: usize,
    /// Each process's children, in creation order: the run of its position.
    pub(crate) children: Runs,
    /// The processes' keys.
    pub(crate) keys: FrozenKeys,
    /// (hash of the key, node position), sorted: lookups without a second copy of
    /// every key, and a sort that never compares the keys themselves. Made on the first
    /// lookup: a table build never looks a key up.
    pub(crate) by_key: OnceLock<Vec<(u64, u32)>>,
}

/// A process with its children, for tree views.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TreeNode {
    pub key: String,
    pub name: String,
    pub pid: String,
    /// ISO 8601, UTC.
    pub time: String,
    pub host: Option<String>,
    pub cmd_line: Option<String>,
    pub depth: usize,
    /// Position in [`ProcessTree::nodes`] (and row of the output table).
    pub index: usize,
    /// Input row; `None` for a synthesised parent.
    pub row: Option<usize>,
    pub flags: Option<String>,
    pub children: Vec<TreeNode>,
}

fn pad(index: usize, width: usize) -> String {
    let mut out = String::with_capacity(width);
    push_pad(&mut out, index, width);
    out
}

/// Appends `index` zero-padded to `width` digits, without going through `format!`
/// (a million processes format three such numbers each).
pub(crate) fn push_pad(out: &mut String, index: usize, width: usize) {
    // Written right to left, two digits a step, into a buffer that already holds the
    // padding zeros.
    let mut buf = [b'0'; 20];
    let mut at = buf.len();
    let mut v = index;
    while v >= 10 {
        at = at.saturating_sub(2);
        if let Some(pair) = buf.get_mut(at..at + 2) {
            pair.copy_from_slice(&two_digits(v % 100));
        }
        v /= 100;
    }
    if v > 0 || at == buf.len() {
        at = at.saturating_sub(1);
        if let Some(d) = buf.get_mut(at) {
            *d = b'0' + v as u8;
        }
    }
    let digits = buf.len() - at;
    let start = buf.len() - digits.max(width.min(buf.len()));
    for _ in buf.len()..width {
        out.push('0');
    }
    // ASCII digits only.
    out.push_str(std::str::from_utf8(buf.get(start..).unwrap_or(&[])).unwrap_or(""));
}

/// Items grouped by a small number, each group one run of a flat list in ascending item
/// order (a counting sort: no comparison sort and no vector per group). A process's
/// children are the run of its position.
#[derive(Clone, Debug, Default)]
pub(crate) struct Runs {
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Runs {
    /// From each item's group (`None`: in no group), for groups `0..m`.
    pub(crate) fn new(parent: impl Iterator<Item = Option<usize>> + Clone, m: usize) -> Runs {
        let mut start = vec![0usize; m + 1];
        for p in parent.clone().flatten() {
            if let Some(c) = start.get_mut(p + 1) {
                *c += 1;
            }
        }
        for i in 0..m {
            let before = start.get(i).copied().unwrap_or(0);
            if let Some(c) = start.get_mut(i + 1) {
                *c += before;
            }
        }
        let mut next = start.clone();
        let mut list = vec![0usize; start.get(m).copied().unwrap_or(0)];
        for (j, p) in parent.enumerate() {
            let Some(at) = p.and_then(|p| next.get_mut(p)) else {
                continue;
            };
            if let Some(slot) = list.get_mut(*at) {
                *slot = j;
            }
            *at += 1;
        }
        Runs { start, list }
    }

    pub(crate) fn of(&self, j: usize) -> &[usize] {
        match (self.start.get(j), self.start.get(j + 1)) {
            (Some(&a), Some(&b)) => self.list.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl ProcessTree {
    /// The number of processes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are no processes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Process name as in the data.
    pub fn name(&self, node: usize) -> &str {
        match self.nodes.get(node) {
            Some(Node { text: Some(t), .. }) => &t.name,
            Some(Node { row: Some(r), .. }) => self.texts.name(*r),
            _ => "",
        }
    }

    /// Process id as in the data (integral floats shown as integers).
    pub fn pid(&self, node: usize) -> Cow<'_, str> {
        match self.nodes.get(node) {
            Some(Node { text: Some(t), .. }) => Cow::Borrowed(t.pid.as_str()),
            Some(Node { row: Some(r), .. }) => self.texts.pid(*r),
            _ => Cow::Borrowed(""),
        }
    }

    /// One text of a process: a synthesised one's own, else its row's.
    fn text_of<'a>(
        &'a self,
        node: usize,
        synth: impl Fn(&'a SynthText) -> Option<&'a str>,
        row: impl Fn(&'a TextColumns, usize) -> Option<&'a str>,
    ) -> Option<&'a str> {
        match self.nodes.get(node)? {
            Node { text: Some(t), .. } => synth(t),
            Node { row: Some(r), .. } => row(&self.texts, *r),
            _ => None,
        }
    }

    /// Host name as in the data.
    pub fn host(&self, node: usize) -> Option<&str> {
        self.text_of(node, |t| t.host.as_deref(), |c, r| c.host(r))
    }

    /// Command line.
    pub fn cmd_line(&self, node: usize) -> Option<&str> {
        self.text_of(node, |t| t.cmd_line.as_deref(), |c, r| c.cmd_line(r))
    }

    /// Account (user id or SID).
    pub fn user_id(&self, node: usize) -> Option<&str> {
        self.text_of(node, |t| t.user_id.as_deref(), |c, r| c.user_id(r))
    }

    /// The creator's logon id.
    pub fn logon_id(&self, node: usize) -> Option<&str> {
        self.text_of(node, |t| t.logon_id.as_deref(), |c, r| c.logon_id(r))
    }

    /// The target logon id when set (not `0x0`), else the creator's logon id.
    pub fn effective_logon_id(&self, node: usize) -> Option<&str> {
        self.text_of(
            node,
            |t| t.effective_logon.as_deref(),
            |c, r| c.effective_logon(r),
        )
    }

    /// `name|pid|time`: the lower-cased name, the id and the creation time to 10 µs.
    pub fn proc_key(&self, node: usize) -> Option<&str> {
        self.nodes.get(node).map(|n| self.keys.get(n.key))
    }

    /// The parent's `proc_key`; `None` for a root.
    pub fn parent_key(&self, node: usize) -> Option<&str> {
        let n = self.nodes.get(node)?;
        if n.is_root {
            return None;
        }
        match &n.parent_key_text {
            Some(t) => Some(t),
            None => self.proc_key(n.parent?),
        }
    }

    /// The process's number, zero-padded so that paths sort as the tree reads.
    pub fn source_index(&self, node: usize) -> Option<String> {
        self.nodes.get(node).map(|n| pad(n.source, self.width))
    }

    /// The parent's `source_index` (`None` for a root, and for processes a cycle kept
    /// out of every tree under `compat: "msticpy"`).
    pub fn parent_index(&self, node: usize) -> Option<String> {
        let from = self.nodes.get(node)?.path_from?;
        self.source_index(from)
    }

    /// `source_index`es from the root down to this process, joined by `/`.
    pub fn path(&self, node: usize) -> Option<String> {
        let mut chain = vec![self.nodes.get(node)?.source];
        let mut at = node;
        while let Some(from) = self.nodes.get(at).and_then(|n| n.path_from) {
            // Paths only extend earlier processes; the bound keeps this safe anyway.
            if chain.len() > self.nodes.len() {
                break;
            }
            chain.push(self.nodes.get(from).map_or(0, |n| n.source));
            at = from;
        }
        let mut out = String::with_capacity(chain.len() * (self.width + 1));
        for (i, source) in chain.iter().rev().enumerate() {
            if i > 0 {
                out.push('/');
            }
            push_pad(&mut out, *source, self.width);
        }
        Some(out)
    }

    /// The root processes, in reading order.
    pub fn roots(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.nodes.get(i).is_some_and(|n| n.is_root))
            .collect()
    }

    /// The process with this key.
    pub fn by_key(&self, key: &str) -> Option<usize> {
        let h = key_hash(key);
        let index = self.by_key.get_or_init(|| {
            let mut index: Vec<(u64, u32)> = self
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.key_hash, u32::try_from(i).unwrap_or(u32::MAX)))
                .collect();
            // With equal keys (other hosts) the first in reading order comes first.
            index.sort_unstable();
            index
        });
        let at = index.partition_point(|&(k, _)| k < h);
        index
            .get(at..)?
            .iter()
            .take_while(|&&(k, _)| k == h)
            .map(|&(_, i)| i as usize)
            .find(|&i| self.proc_key(i) == Some(key))
    }

    /// The parent of a process, if it is in the tree.
    pub fn parent(&self, node: usize) -> Option<usize> {
        self.nodes.get(node)?.parent
    }

    /// The root of the tree a process belongs to.
    pub fn root_of(&self, node: usize) -> Option<usize> {
        let mut at = node;
        self.nodes.get(at)?;
        // Parent links point to earlier tree levels and cycles are cut, but a bound keeps
        // this safe whatever the links.
        for _ in 0..=self.nodes.len() {
            match self.parent(at) {
                Some(p) => at = p,
                None => return Some(at),
            }
        }
        Some(at)
    }

    /// The children of a process, in creation order; with `include_source` the process
    /// itself comes first.
    pub fn children(&self, node: usize, include_source: bool) -> Vec<usize> {
        let mut out = Vec::new();
        if self.nodes.get(node).is_none() {
            return out;
        }
        if include_source {
            out.push(node);
        }
        out.extend(self.children.of(node).iter().copied());
        out
    }

    /// Every process below `node`, down `max_levels` levels (`None`: all), in reading
    /// order; with `include_source` the process itself comes first.
    pub fn descendants(
        &self,
        node: usize,
        include_source: bool,
        max_levels: Option<usize>,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        if self.nodes.get(node).is_none() {
            return out;
        }
        let mut level = vec![node];
        let mut levels = 0usize;
        while !level.is_empty() && max_levels.is_none_or(|m| levels < m) {
            let next: Vec<usize> = level
                .iter()
                .flat_map(|&n| self.children.of(n).iter().copied())
                .collect();
            out.extend(next.iter().copied());
            level = next;
            levels += 1;
        }
        out.sort_unstable();
        if include_source {
            out.insert(0, node);
        }
        out
    }

    /// The processes from the root down to `node`; with `include_source`, `node` last.
    pub fn ancestors(&self, node: usize, include_source: bool) -> Vec<usize> {
        let mut out = Vec::new();
        if self.nodes.get(node).is_none() {
            return out;
        }
        let mut at = Some(node);
        while let Some(n) = at {
            if out.len() > self.nodes.len() {
                break;
            }
            out.push(n);
            at = self.parent(n);
        }
        out.reverse();
        if !include_source {
            out.pop();
        }
        out
    }

    /// The processes that share `node`'s parent; a root's siblings are the other roots.
    /// With `include_source` `node` is among them.
    pub fn siblings(&self, node: usize, include_source: bool) -> Vec<usize> {
        let all = match self.parent(node) {
            Some(p) => self.children(p, false),
            None if self.nodes.get(node).is_some() => self.roots(),
            None => return Vec::new(),
        };
        all.into_iter()
            .filter(|&n| include_source || n != node)
            .collect()
    }

    /// The whole tree `node` belongs to, from its root, in reading order.
    pub fn root_tree(&self, node: usize) -> Vec<usize> {
        match self.root_of(node) {
            Some(r) => self.descendants(r, true, None),
            None => Vec::new(),
        }
    }

    /// Levels in the deepest tree.
    pub fn depth(&self) -> usize {
        self.nodes.iter().map(|n| n.depth + 1).max().unwrap_or(0)
    }

    /// Counts over the whole tree.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            processes: self.nodes.len(),
            largest_tree_depth: self.depth(),
            ..Summary::default()
        };
        for n in &self.nodes {
            s.root_processes += usize::from(n.is_root);
            s.leaf_processes += usize::from(n.is_leaf);
            s.branch_processes += usize::from(n.is_branch);
            s.isolated_processes += usize::from(n.is_root && n.is_leaf);
        }
        s
    }

    /// Each tree as nested nodes (roots first), ready for a tree view.
    pub fn nested(&self) -> Vec<TreeNode> {
        // Built bottom-up (reverse reading order puts children before parents), so no
        // recursion over data-controlled depth.
        let mut built: Vec<Option<TreeNode>> = vec![None; self.nodes.len()];
        for i in (0..self.nodes.len()).rev() {
            let Some(n) = self.nodes.get(i) else { continue };
            let children: Vec<TreeNode> = self
                .children
                .of(i)
                .iter()
                .filter_map(|&c| built.get_mut(c).and_then(Option::take))
                .collect();
            if let Some(slot) = built.get_mut(i) {
                *slot = Some(TreeNode {
                    key: self.keys.get(n.key).to_string(),
                    name: self.name(i).to_string(),
                    pid: self.pid(i).into_owned(),
                    time: chrono::DateTime::from_timestamp_nanos(n.time)
                        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                    host: self.host(i).map(str::to_string),
                    cmd_line: self.cmd_line(i).map(str::to_string),
                    depth: n.depth,
                    index: i,
                    row: n.row,
                    flags: flags::describe(n.flags),
                    children,
                });
            }
        }
        built.into_iter().flatten().collect()
    }

    /// The time of a process as Python shows a pandas time stamp.
    pub(crate) fn shown_time(&self, node: usize) -> String {
        self.nodes
            .get(node)
            .map(|n| display_time(n.time))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::pad;

    #[test]
    fn pads_like_format() {
        for (i, w) in [
            (0, 5),
            (7, 5),
            (12345, 5),
            (123456, 5),
            (99, 0),
            (usize::MAX, 5),
            (usize::MAX, 22),
            (42, 25),
        ] {
            assert_eq!(pad(i, w), format!("{i:0w$}"));
        }
        for i in (0..=100_000).chain([999_999, 1_000_000, 10_000_001]) {
            for w in [0, 1, 3, 5, 7] {
                assert_eq!(pad(i, w), format!("{i:0w$}"));
            }
        }
    }
}
