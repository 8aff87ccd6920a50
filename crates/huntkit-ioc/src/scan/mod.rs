//! The extractor's scan over one text, from the text as given to its matches.
//!
//! A text is read in stages:
//!
//! 1. JSON escapes are decoded (`json.rs`) and defanged forms refanged (`refang.rs`)
//!    into a plain view that maps every byte back to the text as given.
//! 2. One pass records the bytes and short shapes the text holds (`features.rs`); a
//!    scanner whose pattern cannot match without them does not run.
//! 3. Each scanner finds its pattern's matches in the view, and the check of its kind
//!    turns each match into candidates: `hosts` (URLs, domains, e-mail addresses),
//!    `ip` (IPv4 and IPv6 addresses, CIDR ranges), `files` (paths, registry keys,
//!    named pipes), `hashes`, `ids` (CVE, ATT&CK, ASN, MAC), `wallets`, and `custom`
//!    for the types users add. Under `compat: msticpy`, `compat` runs MSTICPy's
//!    patterns and checks instead.
//! 4. `emit` applies the options' filters and the priority rule (one type per
//!    distinct string) and maps spans back to the text as given.
//!
//! `types` holds the built-in type table and the scanner kinds, `check` what a check
//! reads and writes; `extractor` is the extractor's state, which `build` makes for a
//! set of options.

mod build;
mod check;
mod compat;
mod custom;
mod emit;
mod extractor;
mod files;
mod hashes;
mod hosts;
mod ids;
mod ip;
mod types;
mod wallets;

#[cfg(test)]
pub(crate) use check::test_strings;
pub use emit::{Extraction, Match};
pub(crate) use emit::{Scanned, Utf16Units};
pub use extractor::Extractor;

use crate::features::{Features, S_DEFANG};
use crate::options::Compat;
use crate::refang::View;
use check::{Cand, Hit};
use emit::Ctx;
use extractor::{Mode, Scanner};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use types::Kind;

impl Extractor {
    /// String mode: MSTICPy's `extract(src)`, type to set of observables.
    pub fn extract(&self, text: &str) -> BTreeMap<String, BTreeSet<String>> {
        self.find(text).by_type()
    }

    /// String mode with spans: every distinct indicator of `text`.
    pub fn find(&self, text: &str) -> Extraction {
        self.extraction(text, self.scan(text, &self.string))
    }

    /// Table mode's scan of one cell (table mode has its own default types).
    pub fn find_in_cell(&self, text: &str) -> Extraction {
        self.extraction(text, self.scan_cell(text))
    }

    /// Table mode's scan of one cell as the scan keeps it (`extract_table` copies what
    /// it needs straight into the output columns).
    pub(crate) fn scan_cell(&self, text: &str) -> Scanned {
        self.scan(text, &self.table)
    }

    /// Does `value` match `ioc_type` as a whole (MSTICPy's `validate`)?
    pub fn validate(&self, value: &str, ioc_type: &str) -> Result<bool, crate::Error> {
        let wanted = match ioc_type {
            "file_hash" => match value.trim().len() {
                32 => "md5_hash",
                40 => "sha1_hash",
                64 => "sha256_hash",
                128 => "sha512_hash",
                _ => return Ok(false),
            },
            "hostname" => "dns",
            other => other,
        };
        let Some(ty) = self.types.iter().position(|t| t.name == wanted) else {
            return Err(crate::Error::UnknownType {
                name: ioc_type.to_string(),
                known: self.type_names().join(", "),
            });
        };
        let mut en = vec![false; self.types.len()];
        if let Some(e) = en.get_mut(ty) {
            *e = true;
        }
        let compat = self.options.compat == Compat::Msticpy;
        let mode = Mode::new(en, &self.scanners, compat, self.refanger.is_some());
        let found = self.scan(value, &mode);
        Ok(found
            .found
            .iter()
            .any(|f| f.start == 0 && f.end == value.len() && self.type_name(f.ty) == wanted))
    }

    fn scan(&self, text: &str, mode: &Mode) -> Scanned {
        let want = mode.want;
        let compat = self.options.compat == Compat::Msticpy;
        // JSON text is decoded first (compat mode scans the text as written); refanging
        // then runs on the decoded text, and the view maps back through both.
        let (decoded, escapes) = if compat {
            (None, Vec::new())
        } else {
            match crate::json::decode(text, self.options.json_escapes) {
                Some((d, e)) => (Some(d), e),
                None => (None, Vec::new()),
            }
        };
        let base: &str = decoded.as_deref().unwrap_or(text);
        let mut present = Features::of(base, want);
        let view = match &self.refanger {
            Some(r) if present.has(S_DEFANG) => {
                let view = r.refang(base);
                if matches!(view.text, Cow::Owned(_)) {
                    present = Features::of(&view.text, want);
                }
                view
            }
            _ => View::plain(base),
        }
        .with_escapes(escapes);
        let mut ctx = Ctx {
            view: &view,
            raw: text,
            enabled: &mode.enabled,
            seen: HashMap::new(),
            out: Vec::new(),
            url_spans: Vec::new(),
            repeats: HashSet::new(),
            truncated: false,
        };
        for sc in mode.scanners.iter().filter_map(|&i| self.scanners.get(i)) {
            let (any, also, shapes) = sc.kind.needs(compat);
            if !present.allows(any, also, shapes) {
                continue;
            }
            if compat {
                self.compat_scan(sc, &mut ctx);
            } else {
                self.scan_one(sc, &mut ctx, &present);
            }
            if ctx.truncated {
                break;
            }
        }
        Scanned {
            truncated: ctx.truncated,
            found: ctx.out,
        }
    }

    /// One scanner over the view. Hashes, IPv4 candidates and base58 bitcoin candidates
    /// are found by walks over the bytes that give exactly the regex's matches; domains
    /// by the regex over the stretches of the text where one can lie.
    fn scan_one(&self, sc: &Scanner, ctx: &mut Ctx<'_, '_>, present: &Features) {
        let view = ctx.view;
        let text: &str = &view.text;
        match sc.kind {
            Kind::Custom => self.scan_custom(sc, ctx, text),
            Kind::Hash => self.scan_spans(sc, ctx, text, hashes::hex_runs(text)),
            Kind::Ipv4 => self.scan_spans(sc, ctx, text, ip::ipv4_spans(text)),
            Kind::Dns => self.scan_spans(sc, ctx, text, hosts::dns_spans(&sc.regex, text)),
            Kind::Bitcoin => {
                let spans = wallets::bitcoin_spans(&sc.regex, text, present);
                self.scan_spans(sc, ctx, text, spans.into_iter());
            }
            _ => {
                let spans = sc.regex.find_iter(text).map(|m| (m.start(), m.end()));
                self.scan_spans(sc, ctx, text, spans);
            }
        }
    }

    fn scan_spans(
        &self,
        sc: &Scanner,
        ctx: &mut Ctx<'_, '_>,
        text: &str,
        spans: impl Iterator<Item = (usize, usize)>,
    ) {
        let mut cands: Vec<Cand> = Vec::new();
        for (start, end) in spans {
            if self.scan_match(sc, ctx, text, start, end, &mut cands) {
                return;
            }
        }
    }

    /// Checks one regex match and emits its candidates; true when the scan must stop.
    fn scan_match(
        &self,
        sc: &Scanner,
        ctx: &mut Ctx<'_, '_>,
        text: &str,
        start: usize,
        end: usize,
        cands: &mut Vec<Cand>,
    ) -> bool {
        cands.clear();
        if let Some(hit) = Hit::new(text, start, end) {
            self.candidates(sc, hit, ctx, cands);
        }
        // A built-in type replaced by a custom one keeps its index: skip it here.
        for c in cands.drain(..).filter(|c| sc.emits.contains(&c.ty)) {
            self.emit(ctx, c, false);
            if ctx.truncated {
                return true;
            }
        }
        false
    }

    /// huntkit's check of one match of `sc`, by its kind; pushes zero or more candidates.
    fn candidates(&self, sc: &Scanner, hit: Hit<'_>, ctx: &mut Ctx<'_, '_>, out: &mut Vec<Cand>) {
        if hit.end - hit.start > sc.kind.max_len() {
            return;
        }
        match sc.kind {
            Kind::Url => self.url(&sc.regex, hit, ctx, out),
            Kind::Ipv4 => self.ipv4(hit, ctx, out),
            Kind::Ipv6 => ip::ipv6(hit, ctx, out),
            Kind::Dns => self.dns(hit, out),
            Kind::Email => self.email(hit, ctx, out),
            Kind::WinPath => files::windows_path(hit, ctx, out),
            Kind::LxPath => files::linux_path(hit, ctx, out),
            Kind::Backslash => files::backslash(hit, ctx, out),
            Kind::Hash => hashes::hash(hit, out),
            Kind::Cve => ids::cve(hit, out),
            Kind::Attack => ids::attack(hit, out),
            Kind::Mac => ids::mac(hit, out),
            Kind::Asn => ids::asn(hit, out),
            Kind::Bitcoin => wallets::bitcoin(hit, out),
            Kind::Ethereum => wallets::ethereum(hit, out),
            Kind::Custom => {}
        }
    }
}
