//! Where candidates become the matches a scan returns (`Match`, `Extraction`): the
//! options' filters (defang mode, ignore lists, private addresses), the priority rule,
//! one entry per distinct string, and offsets in UTF-16 code units when asked for.

use super::check::Cand;
use super::extractor::Extractor;
use super::types::IocType;
use crate::options::{Compat, DefangMode};
use crate::refang::View;
use crate::validate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One indicator found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    /// The IoC type (`ipv4`, `dns`, `url`, ... or a user-defined name).
    pub ioc_type: String,
    /// The observable, refanged and normalised (lower-case host, compressed IPv6,
    /// lower-case hashes). In `compat: msticpy` it is the matched text, as MSTICPy
    /// reports it.
    pub value: String,
    /// The text as written in the input (defanged forms kept).
    pub raw: String,
    /// Byte offset of `raw` in the input.
    pub start: usize,
    /// Byte offset just past `raw` in the input.
    pub end: usize,
    /// True when the input wrote this indicator defanged.
    pub defanged: bool,
    /// With `all_occurrences`: the `[start, end)` spans of the later occurrences of
    /// the same indicator, in the order the scan met them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repeats: Vec<[usize; 2]>,
}

/// The distinct indicators of one text, in order of first appearance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extraction {
    /// One entry per distinct observable (its first occurrence).
    pub matches: Vec<Match>,
    /// True when `max_matches` cut the list short.
    pub truncated: bool,
}

impl Extraction {
    /// MSTICPy's string-mode result: type name to the set of observables.
    pub fn by_type(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for m in &self.matches {
            out.entry(m.ioc_type.clone())
                .or_default()
                .insert(m.value.clone());
        }
        out
    }
}

/// A match as a scan keeps it: its type by index and its raw text by span, so that
/// table mode copies neither; [`Match`] spells both out.
pub(crate) struct Found {
    /// Index in the extractor's type table.
    pub(crate) ty: usize,
    pub(crate) value: String,
    /// Byte span of the raw text in the input.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) defanged: bool,
    pub(crate) repeats: Vec<[usize; 2]>,
    /// Whether the one-entry-per-string rule keys it by its raw text (else its value).
    key_raw: bool,
}

/// The key of `f` under the one-entry-per-string rule; `input` is the scanned text.
fn key_of<'a>(input: &'a str, f: &'a Found) -> &'a str {
    if f.key_raw {
        input.get(f.start..f.end).unwrap_or_default()
    } else {
        &f.value
    }
}

/// One text's scan: its matches in order of first appearance.
pub(crate) struct Scanned {
    pub(crate) found: Vec<Found>,
    /// True when `max_matches` cut the list short.
    pub(crate) truncated: bool,
}

/// Matches per text looked up by a linear search before `Ctx::seen` is used.
const LINEAR_SEEN: usize = 16;

/// Per-text scan state.
pub(super) struct Ctx<'v, 't> {
    pub(super) view: &'v View<'t>,
    pub(super) raw: &'t str,
    pub(super) enabled: &'v [bool],
    /// Key (raw text or value) to index in `out`; filled once `out` holds
    /// `LINEAR_SEEN` matches, before that `out` is searched.
    pub(super) seen: HashMap<String, usize>,
    pub(super) out: Vec<Found>,
    /// Spans of the URLs found so far, in text order.
    pub(super) url_spans: Vec<(usize, usize)>,
    /// The spans recorded as later occurrences (with `all_occurrences`), so that a
    /// span met again by another type's scanner is recorded once.
    pub(super) repeats: HashSet<(usize, usize)>,
    pub(super) truncated: bool,
}

impl Ctx<'_, '_> {
    /// Whether this scan reports `ty`.
    pub(super) fn enabled(&self, ty: IocType) -> bool {
        self.enabled.get(ty.index()).copied().unwrap_or(false)
    }

    /// Whether `a..z` overlaps a URL found before.
    pub(super) fn in_url(&self, a: usize, z: usize) -> bool {
        // URL spans arrive in text order and do not overlap: binary search.
        let i = self.url_spans.partition_point(|&(_, ue)| ue <= a);
        self.url_spans.get(i).is_some_and(|&(us, _)| us < z)
    }
}

impl Extractor {
    /// Adds a candidate under the priority rule: one type per distinct string, a new
    /// type replacing an old one only with a strictly lower priority number.
    pub(super) fn emit(&self, ctx: &mut Ctx<'_, '_>, c: Cand, key_raw: bool) {
        if !ctx.enabled.get(c.ty).copied().unwrap_or(false) {
            return;
        }
        let compat = self.options.compat == Compat::Msticpy;
        let raw_start = ctx.view.raw_start(c.start);
        let raw_end = ctx.view.raw_end(c.end);
        let Some(raw) = ctx.raw.get(raw_start..raw_end) else {
            return;
        };
        let defanged = if compat {
            looks_defanged(raw)
        } else {
            ctx.view.rewritten(c.start, c.end)
        };
        match self.options.defang {
            DefangMode::Fanged if defanged => return,
            DefangMode::Defanged if !defanged => return,
            _ => {}
        }
        if self.ignored(&c) {
            return;
        }
        let priority = self.types.get(c.ty).map_or(u32::MAX, |t| t.priority);
        let key: &str = if key_raw { raw } else { &c.value };
        let input = ctx.raw;
        let found = if ctx.seen.is_empty() {
            // Few matches so far: compare with each one's key rather than hash.
            ctx.out.iter().position(|f| key_of(input, f) == key)
        } else {
            ctx.seen.get(key).copied()
        };
        if let Some(idx) = found {
            if let Some(old) = ctx.out.get_mut(idx) {
                let old_pri = self.types.get(old.ty).map_or(u32::MAX, |t| t.priority);
                if priority < old_pri {
                    old.ty = c.ty;
                }
                // Another type's scanner may meet the same span again: one entry a place.
                let span = (raw_start, raw_end);
                if self.options.all_occurrences
                    && (old.start, old.end) != span
                    && !ctx.repeats.contains(&span)
                {
                    if ctx.repeats.len() >= self.options.max_matches {
                        ctx.truncated = true;
                    } else {
                        old.repeats.push([raw_start, raw_end]);
                        ctx.repeats.insert(span);
                    }
                }
            }
            return;
        }
        if ctx.out.len() >= self.options.max_matches {
            ctx.truncated = true;
            return;
        }
        if !ctx.seen.is_empty() {
            ctx.seen.insert(key.to_string(), ctx.out.len());
        } else if ctx.out.len() + 1 >= LINEAR_SEEN {
            // From here on, hash: the keys so far and this one.
            for (i, f) in ctx.out.iter().enumerate() {
                ctx.seen.entry(key_of(input, f).to_string()).or_insert(i);
            }
            ctx.seen.insert(key.to_string(), ctx.out.len());
        }
        ctx.out.push(Found {
            ty: c.ty,
            value: c.value,
            start: raw_start,
            end: raw_end,
            defanged,
            repeats: Vec::new(),
            key_raw,
        });
    }

    /// The public form of a scan of `text`: types by name, raw texts copied out, offsets
    /// in UTF-16 code units when the options ask for them.
    pub(super) fn extraction(&self, text: &str, scanned: Scanned) -> Extraction {
        let mut matches: Vec<Match> = scanned
            .found
            .into_iter()
            .map(|f| Match {
                ioc_type: self.type_name(f.ty).to_string(),
                raw: text.get(f.start..f.end).unwrap_or_default().to_string(),
                value: f.value,
                start: f.start,
                end: f.end,
                defanged: f.defanged,
                repeats: f.repeats,
            })
            .collect();
        if self.options.utf16_offsets {
            to_utf16(text, &mut matches);
        }
        Extraction {
            matches,
            truncated: scanned.truncated,
        }
    }

    /// Whether the ignore lists or `exclude_private_ips` drop `c`.
    fn ignored(&self, c: &Cand) -> bool {
        if !self.ignore_values.is_empty() && self.ignore_values.contains(&c.value.to_lowercase()) {
            return true;
        }
        if let Some(ip) = c.ip {
            if self.options.exclude_private_ips && validate::is_non_public(ip) {
                return true;
            }
            if self.ignore_cidrs.iter().any(|n| n.contains(ip)) {
                return true;
            }
        }
        if let Some(d) = c
            .domain
            .as_ref()
            .filter(|_| !self.ignore_domains.is_empty())
        {
            let d = d.to_ascii_lowercase();
            if self.ignore_domains.iter().any(|ig| {
                d == *ig
                    || d.strip_suffix(ig.as_str())
                        .is_some_and(|p| p.ends_with('.'))
            }) {
                return true;
            }
        }
        false
    }

    /// The name of entry `ty` of the type table.
    pub(crate) fn type_name(&self, ty: usize) -> &str {
        self.types.get(ty).map_or("", |t| t.name.as_str())
    }
}

/// Rewrites byte offsets as UTF-16 code-unit offsets in one walk over `text`.
fn to_utf16(text: &str, matches: &mut [Match]) {
    let offsets = matches.iter().flat_map(|m| {
        [m.start, m.end]
            .into_iter()
            .chain(m.repeats.iter().flatten().copied())
    });
    let Some(units) = Utf16Units::of(text, offsets) else {
        return;
    };
    for m in matches {
        m.start = units.at(m.start);
        m.end = units.at(m.end);
        for span in &mut m.repeats {
            *span = span.map(|o| units.at(o));
        }
    }
}

/// Byte offsets of a text and their offsets in UTF-16 code units.
pub(crate) struct Utf16Units(HashMap<usize, usize>);

impl Utf16Units {
    /// The UTF-16 offsets of `offsets` (byte offsets of `text`), found in one walk over
    /// `text`; `None` when `text` is ASCII, where the two are the same (and the offsets
    /// are not read).
    pub(crate) fn of(text: &str, offsets: impl IntoIterator<Item = usize>) -> Option<Utf16Units> {
        if text.is_ascii() {
            return None;
        }
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut map: HashMap<usize, usize> = HashMap::with_capacity(offsets.len());
        let mut units = 0usize;
        let mut next = offsets.iter().peekable();
        for (i, ch) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            while let Some(&&o) = next.peek() {
                if o > i {
                    break;
                }
                map.insert(o, units);
                next.next();
            }
            units += ch.len_utf16();
        }
        Some(Utf16Units(map))
    }

    /// The UTF-16 offset of byte offset `o` (one of those it was made for).
    pub(crate) fn at(&self, o: usize) -> usize {
        self.0.get(&o).copied().unwrap_or(o)
    }
}

/// Whether raw text was written defanged, by MSTICPy's forms: under `compat: msticpy`
/// the text is scanned as written, with no refanged view to ask.
fn looks_defanged(raw: &str) -> bool {
    // Each form holds a `[` or an `x`: most raw texts need no lower-casing.
    if !raw.bytes().any(|b| matches!(b, b'[' | b'x' | b'X')) {
        return false;
    }
    let lower = raw.to_ascii_lowercase();
    lower.contains("[.]")
        || lower.contains("[at]")
        || lower.contains("hxxp")
        || lower.contains("fxp")
}
