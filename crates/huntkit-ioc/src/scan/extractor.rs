//! The extractor's state: its type table, its compiled scanners, which types each mode
//! reports and the ignore lists, with what callers may read of them. `build.rs` makes
//! it from a set of options.

use super::types::Kind;
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

/// The IoC extractor. Build once per set of options; scanning borrows it immutably, so
/// one extractor serves many texts and threads.
pub struct Extractor {
    pub(super) options: Options,
    pub(super) types: Vec<TypeInfo>,
    pub(super) scanners: Vec<Scanner>,
    pub(super) enabled_string: Vec<bool>,
    pub(super) enabled_table: Vec<bool>,
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
        self.enabled_names(&self.enabled_string)
    }

    /// Types scanned in table mode.
    pub fn table_types(&self) -> Vec<&str> {
        self.enabled_names(&self.enabled_table)
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
