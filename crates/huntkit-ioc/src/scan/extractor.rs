//! The extractor's state: its type table, its compiled scanners, which types each mode
//! reports and the ignore lists, with what callers may read of them. `build.rs` makes
//! it from a set of options.

use super::types::Kind;
use crate::features::{Want, S_DEFANG};
use crate::options::Options;
use crate::refang::Refanger;
use crate::validate::Cidr;
use crate::Error;
use regex::{Regex, RegexBuilder};
use std::collections::HashSet;

/// A compiled scanner: one regex and how to read its matches.
pub(super) struct Scanner {
    pub(super) kind: Kind,
    pub(super) regex: Regex,
    /// Types this scanner can report (indexes into the type table).
    pub(super) emits: Vec<usize>,
    /// Capture group to report (custom types, MSTICPy hash patterns).
    pub(super) group: Option<usize>,
}

/// One entry of an extractor's type table: a built-in type or one a user added.
pub(super) struct TypeInfo {
    pub(super) name: String,
    pub(super) priority: u32,
}

/// One way of scanning (string mode, table mode, a `validate` call): the types it
/// reports, the scanners that can report one of them, and what the features pass looks
/// for on their behalf. Made once, so a cell's scan does not sort this out again.
pub(super) struct Mode {
    /// Per entry of the type table: reported or not.
    pub(super) enabled: Vec<bool>,
    /// Indexes into `Extractor::scanners`, in scanning order.
    pub(super) scanners: Vec<usize>,
    pub(super) want: Want,
}

impl Mode {
    /// The mode reporting the types of `enabled`, for an extractor with `scanners`;
    /// `refang` when texts are refanged (their defanged forms are looked for).
    pub(super) fn new(
        enabled: Vec<bool>,
        scanners: &[Scanner],
        compat: bool,
        refang: bool,
    ) -> Mode {
        let mut want = Want::default();
        let mut active = Vec::new();
        for (i, sc) in scanners.iter().enumerate() {
            if sc
                .emits
                .iter()
                .any(|t| enabled.get(*t).copied().unwrap_or(false))
            {
                let (any, also, shapes) = sc.kind.needs(compat);
                want.add(any, also, shapes);
                active.push(i);
            }
        }
        if refang {
            want.add(b"", b"", S_DEFANG);
        }
        Mode {
            enabled,
            scanners: active,
            want,
        }
    }
}

/// The IoC extractor. Build once per set of options; scanning borrows it immutably, so
/// one extractor serves many texts and threads.
pub struct Extractor {
    pub(super) options: Options,
    pub(super) types: Vec<TypeInfo>,
    pub(super) scanners: Vec<Scanner>,
    /// String mode's and table mode's types (they differ by default).
    pub(super) string: Mode,
    pub(super) table: Mode,
    pub(super) refanger: Option<Refanger>,
    pub(super) compat_ipv6_full: Option<Regex>,
    pub(super) ignore_values: HashSet<String>,
    pub(super) ignore_domains: Vec<String>,
    pub(super) ignore_cidrs: Vec<Cidr>,
}

/// Compiles one of huntkit's or MSTICPy's own patterns.
pub(super) fn compile(pattern: &str) -> Result<Regex, Error> {
    RegexBuilder::new(pattern)
        .build()
        .map_err(|e| Error::InvalidOption {
            option: "types",
            message: format!("built-in pattern failed to compile: {e}"),
        })
}

impl Extractor {
    /// The options this extractor was built with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Every type this extractor knows, built-in first, in registration order.
    pub fn type_names(&self) -> Vec<&str> {
        self.types.iter().map(|t| t.name.as_str()).collect()
    }

    /// Types scanned in string mode.
    pub fn string_types(&self) -> Vec<&str> {
        self.enabled_names(&self.string.enabled)
    }

    /// Types scanned in table mode.
    pub fn table_types(&self) -> Vec<&str> {
        self.enabled_names(&self.table.enabled)
    }

    fn enabled_names(&self, en: &[bool]) -> Vec<&str> {
        self.types
            .iter()
            .zip(en)
            .filter(|(_, e)| **e)
            .map(|(t, _)| t.name.as_str())
            .collect()
    }
}
