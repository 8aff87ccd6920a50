//! # huntkit-ioc
//!
//! Finds indicators of compromise in text: IP addresses, domains, URLs, e-mail
//! addresses, file paths and hashes (MSTICPy's `IoCExtract` types), and the types other
//! extractors have: SHA-512, CVE IDs, MITRE ATT&CK IDs, registry keys, MAC addresses,
//! CIDR ranges, ASNs, bitcoin and ethereum addresses and Windows named pipes. Users add
//! their own types (name, regex, priority) at run time.
//!
//! * **Defanged input**: `hxxp`, `hXXps`, `fxp`, `[.]`, `(.)`, `{.}`, `[dot]`, `[@]`,
//!   `[at]`, `(at)`, `[:]//`, `[://]`. The text is refanged once into a plain view; the
//!   patterns run on that view and every match is mapped back, so each result has its
//!   `raw` text as written, byte offsets `start..end` into the input, and a refanged,
//!   normalised `value`.
//! * **Validation**: IPv4 octets at most 255, IPv6 parsed (no times, MAC addresses or
//!   bare `::`; IPv4-mapped addresses found), domains checked against the ICANN section
//!   of the Public Suffix List compiled into the crate, file names such as `def.zip`
//!   not taken for domains, percent-encoded URLs decoded and rescanned, trailing quotes
//!   and brackets stripped from URLs, wallet checksums verified.
//! * **Linear time**: every pattern is a `regex` crate automaton (no look-around, no
//!   back-tracking) and every check after it is bounded, so hostile text costs no more
//!   than ordinary text of the same size.
//! * **MSTICPy parity**: `compat: Compat::Msticpy` reproduces MSTICPy 3.0.2, quirks
//!   included; the crate README lists each difference.
//!
//! String mode returns MSTICPy's type → set of values; [`Extractor::find`] returns the
//! spans too; [`extract_table`] reads columns of a `huntkit-core` table and returns
//! MSTICPy's `extract_df` table plus `raw`, `start`, `end` and `Column` (MSTICPy's
//! `Input`, the whole source cell, only when asked for).
//!
//! ```
//! use huntkit_ioc::{Extractor, Options};
//!
//! let ex = Extractor::new(Options::default())?;
//! let found = ex.find("beacon to hxxps://evil[.]example[.]com/a from 10.0.0.300 and 8.8.8.8");
//! let url = &found.matches[0];
//! assert_eq!(url.ioc_type, "url");
//! assert_eq!(url.value, "https://evil.example.com/a");
//! assert_eq!(url.raw, "hxxps://evil[.]example[.]com/a");
//! assert!(url.defanged);
//! let by_type = found.by_type();
//! assert!(by_type["dns"].contains("evil.example.com"));
//! assert_eq!(by_type["ipv4"].len(), 1); // 10.0.0.300 is not an address
//! # Ok::<(), huntkit_ioc::Error>(())
//! ```
#![warn(missing_docs)]

mod error;
mod features;
mod json;
mod options;
mod refang;
mod scan;
mod table;
mod validate;

pub use error::Error;
pub use options::{Compat, CustomType, DefangMode, JsonEscapes, Options};
pub use refang::refang;
pub use scan::{Extraction, Extractor, Match};
pub use table::{extract_table, INPUT_COLUMN, TABLE_COLUMNS};

use std::collections::{BTreeMap, BTreeSet};

/// String mode in one call: type name to the set of observables in `text`.
pub fn extract(text: &str, options: &Options) -> Result<BTreeMap<String, BTreeSet<String>>, Error> {
    Ok(Extractor::new(options.clone())?.extract(text))
}
