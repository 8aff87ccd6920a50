//! The extractor: patterns, the scan over a text, validation and the priority rule.

use crate::features::{
    is_base58, Features, S_ASN, S_ATTACK, S_B58, S_BC1, S_CVE, S_DEFANG, S_DNS, S_ETH, S_HASH,
    S_IPV4, S_IPV6, S_MAC, S_URL,
};
use crate::options::{Compat, DefangMode, JsonEscapes, Options};
use crate::refang::{Refanger, View};
use crate::validate::{self, Cidr};
use crate::IocError;
use regex::{Regex, RegexBuilder};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::{IpAddr, Ipv6Addr};

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

/// What a scanner looks for, which decides how its matches are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Url,
    Ipv4,
    Ipv6,
    Dns,
    Email,
    WinPath,
    LxPath,
    Hash,
    Cve,
    Attack,
    Registry,
    Mac,
    Asn,
    Bitcoin,
    Ethereum,
    Pipe,
    /// Registry keys, named pipes and Windows paths: one automaton for all three.
    Backslash,
    Custom,
}

/// Built-in types: name, priority (lower wins for one string), scanner.
/// The order is the registration order used to break priority ties.
const BUILTIN: &[(&str, u32, Kind)] = &[
    ("ipv4", 0, Kind::Ipv4),
    ("ipv6", 0, Kind::Ipv6),
    ("dns", 2, Kind::Dns),
    ("url", 0, Kind::Url),
    ("email", 1, Kind::Email),
    ("windows_path", 3, Kind::WinPath),
    ("linux_path", 4, Kind::LxPath),
    ("md5_hash", 1, Kind::Hash),
    ("sha1_hash", 1, Kind::Hash),
    ("sha256_hash", 1, Kind::Hash),
    ("sha512_hash", 1, Kind::Hash),
    ("ipv4_cidr", 0, Kind::Ipv4),
    ("ipv6_cidr", 0, Kind::Ipv6),
    ("mac_address", 0, Kind::Mac),
    ("cve", 1, Kind::Cve),
    ("attack_technique", 1, Kind::Attack),
    ("attack_tactic", 1, Kind::Attack),
    ("attack_group", 1, Kind::Attack),
    ("attack_software", 1, Kind::Attack),
    ("registry_key", 0, Kind::Registry),
    ("asn", 1, Kind::Asn),
    ("bitcoin_address", 1, Kind::Bitcoin),
    ("ethereum_address", 1, Kind::Ethereum),
    ("win_named_pipe", 0, Kind::Pipe),
];

/// The ten types MSTICPy has, registered in its order.
const MSTICPY_TYPES: usize = 10;

// Type indexes into BUILTIN (and into every extractor's type table, which starts with it).
const T_IPV4: usize = 0;
const T_IPV6: usize = 1;
const T_DNS: usize = 2;
const T_URL: usize = 3;
const T_EMAIL: usize = 4;
const T_WINPATH: usize = 5;
const T_LXPATH: usize = 6;
const T_MD5: usize = 7;
const T_SHA1: usize = 8;
const T_SHA256: usize = 9;
const T_SHA512: usize = 10;
const T_IPV4_CIDR: usize = 11;
const T_IPV6_CIDR: usize = 12;
const T_MAC: usize = 13;
const T_CVE: usize = 14;
const T_TECHNIQUE: usize = 15;
const T_TACTIC: usize = 16;
const T_GROUP: usize = 17;
const T_SOFTWARE: usize = 18;
const T_REGISTRY: usize = 19;
const T_ASN: usize = 20;
const T_BITCOIN: usize = 21;
const T_ETHEREUM: usize = 22;
const T_PIPE: usize = 23;

// huntkit's patterns. They run on the refanged view and find candidates; the checks
// in `Extractor::candidates` decide. None uses look-around, so every scan is linear.
const RX_URL: &str =
    r#"(?i:https?|s?ftps?|wss?|telnet|ldaps?|file|smb|tftp|ssh|rdp)://[^\s"'<>`{}|\\^]*"#;
const RX_IPV4: &str = r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?:/[0-9]{1,3})?";
const RX_IPV6: &str = r"[0-9A-Fa-f]*(?::[0-9A-Fa-f]*){2,}(?:\.[0-9]+){0,3}(?:/[0-9]{1,3})?";
const RX_DNS: &str =
    r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.)+(?:[Xx][Nn]--[A-Za-z0-9-]+|[A-Za-z]{2,63})";
const RX_EMAIL: &str = r"[A-Za-z0-9_%+-](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?@(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:[Xx][Nn]--[A-Za-z0-9-]+|[A-Za-z]{2,63})|\[[0-9]{1,3}(?:\.[0-9]{1,3}){3}\])";
// A folder may hold spaces (`Program Files`, `Windows NT`) when each further word
// starts with a capital, a digit or `(`: that keeps a path from running on into the
// prose after it.
const RX_WINPATH: &str = r#"(?:[A-Za-z]:|\\\\[A-Za-z0-9_.$-]+|%[A-Za-z_][A-Za-z0-9_()]*%|\.\.?)\\(?:[^\\/:*?"'<>|\s]+(?: [A-Z0-9(][^\\/:*?"'<>|\s]*)*\\)*[^\\/:*?"'<>|\s]+"#;
const RX_LXPATH: &str = r#"(?:~|\.\.?)?(?:/[^\s/\\:*?<>|"'`;&(){}\[\],=^]+)+/?"#;
const RX_HASH: &str = r"[0-9A-Fa-f]{32}[0-9A-Fa-f]*";
/// Shortest match of `RX_HASH` (which `scan_one` runs by hand).
const HASH_MIN: usize = 32;
const RX_CVE: &str = r"[Cc][Vv][Ee]-[0-9]{4}-[0-9]{4,7}";
const RX_ATTACK: &str = r"TA[0-9]{4}|T[0-9]{4}(?:\.[0-9]{3})?|[GS][0-9]{4}";
const RX_REGISTRY: &str = r#"(?i:HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_USERS|HKEY_CURRENT_CONFIG|HKLM|HKCU|HKCR|HKCC|HKU)(?::)?(?:\\[^\\\s"'<>|:/]+(?: [A-Z0-9(][^\\\s"'<>|:/]*)*)*\\[^\\\s"'<>|:/]+"#;
const RX_MAC: &str = r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}";
const RX_ASN: &str = r"AS[0-9]{1,10}|ASN ?[0-9]{1,10}";
// Bitcoin addresses are `[13][B58]{25}[B58]*|[bB][cC]1[B32]{11}[B32]*` (B58 the base58
// alphabet, B32 bech32's). The regex here is the second branch; the first is scanned by
// hand in `bitcoin_spans` (a lazy DFA for `{25}` after a `1` or `3` blows up on long
// alphanumeric runs, every `1` or `3` in them starting a new count).
const RX_BITCOIN_BECH32: &str =
    r"[bB][cC]1[02-9ac-hj-np-zAC-HJ-NP-Z]{11}[02-9ac-hj-np-zAC-HJ-NP-Z]*";
/// Shortest match of the base58 branch: a `1` or `3` and 25 more.
const BITCOIN_B58_MIN: usize = 26;
const RX_ETHEREUM: &str = r"0[xX][0-9A-Fa-f]{40}[0-9A-Fa-f]*";
const RX_PIPE: &str = r#"\\\\(?:\.|[A-Za-z0-9_.$-]+)\\(?i:pipe)\\[^\s\\"'<>|]+"#;

// MSTICPy's patterns, rewritten for the `regex` crate: same matches, same priority of
// alternatives; look-arounds are replaced by checks in `compat_candidates`.
const MP_IPV4: &str = r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}";
const MP_IPV4_DF: &str = r"(?:[0-9]{1,3}\[?\.\]?){3}[0-9]{1,3}";
const MP_IPV6_RUN: &str = r"[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:]*";
const MP_IPV6_FULL: &str = r"^(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}$";
const MP_DNS: &str = r"(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\.)+[A-Za-z]{2,63}";
const MP_DNS_DF: &str = r"(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\[?\.\]?)+[A-Za-z]{2,63}";
const MP_EMAIL_USER: &str = r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+";
const MP_URL_TAIL: &str = concat!(
    r"(?P<userinfo>(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})*@)?",
    r"(?P<host>(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)",
    r"(?::(?P<port>[0-9]*))?",
    r#"(?:/(?P<path>(?:[^?#"<>\s]|%[0-9A-Fa-f]{2})*/?))?"#,
    r"(?:\?(?P<query>(?:[A-Za-z0-9._~!$&'()*+,;=:/?@-]|%[0-9A-Fa-f]{2})*))?",
    r"(?:\#(?P<fragment>(?:[A-Za-z0-9._~!$&'()*+,;=:/?@-]|%[0-9A-Fa-f]{2})*))?",
);
const MP_URL_DF_TAIL: &str = concat!(
    r"(?P<userinfo>(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})*@)?",
    r"(?P<host>(?:[A-Za-z0-9._~!$&'()*+,;=\[\]-]|%[0-9A-Fa-f]{2})*)",
    r"(?::(?P<port>[0-9]*))?",
    r#"(?:/(?P<path>(?:[^?#"<>\s]|%[0-9A-Fa-f]{2})*/?))?"#,
    r"(?:\?(?P<query>(?:[A-Za-z0-9._~!$&'()*+,;=:/?@-]|%[0-9A-Fa-f]{2})*))?",
    r"(?:\#(?P<fragment>(?:[A-Za-z0-9._~!$&'()*+,;=:/?@-]|%[0-9A-Fa-f]{2})*))?",
);
const MP_URL_SCHEME: &str = r"(?P<protocol>(?i:https?|s?ftps?|telnet|ldap|file)://)";
const MP_URL_DF_SCHEME: &str =
    r"(?P<protocol>(?i:https?|hXXps?|s?ftps?|s?fXps?|telnet|ldap|file)://)";
const MP_WINPATH: &str =
    r#"(?:[A-Za-z]:|\\\\[A-Za-z0-9_.$-]+|(?:)|\.+)\\(?:[^/:*?"'<>|\r\n]+\\)*[^\\/*?"<>|\r\n ]+"#;
const MP_LXPATH: &str = r"(?:/+|(?:)|\.+)/(?:[^\\/:*?<>|\r\n]+/)*[^/\x00<>|\r\n ]+";

/// A compiled scanner: one regex and how to read its matches.
struct Scanner {
    kind: Kind,
    regex: Regex,
    /// Types this scanner can report (indexes into the type table).
    emits: Vec<usize>,
    /// Capture group to report (custom types, MSTICPy hash patterns).
    group: Option<usize>,
}

struct TypeInfo {
    name: String,
    priority: u32,
}

/// Per-text scan state.
struct Ctx<'v, 't> {
    view: &'v View<'t>,
    raw: &'t str,
    enabled: &'v [bool],
    /// Key (raw text or value) to index in `out`; filled once `out` holds
    /// `LINEAR_SEEN` matches, before that `out` is searched.
    seen: HashMap<String, usize>,
    /// Type, match, and whether the match is keyed by its raw text (else its value).
    out: Vec<(usize, Match, bool)>,
    url_spans: Vec<(usize, usize)>,
    truncated: bool,
}

/// A candidate before filtering: type, span in the view, normalised value, and what
/// the ignore lists look at.
struct Cand {
    ty: usize,
    start: usize,
    end: usize,
    value: String,
    ip: Option<IpAddr>,
    domain: Option<String>,
}

/// The IoC extractor. Build once per set of options; scanning borrows it immutably, so
/// one extractor serves many texts and threads.
pub struct Extractor {
    options: Options,
    types: Vec<TypeInfo>,
    scanners: Vec<Scanner>,
    enabled_string: Vec<bool>,
    enabled_table: Vec<bool>,
    refanger: Option<Refanger>,
    compat_ipv6_full: Option<Regex>,
    ignore_values: HashSet<String>,
    ignore_domains: Vec<String>,
    ignore_cidrs: Vec<Cidr>,
}

/// What a scanner's matches cannot do without: a text lacking all of `any` (or all of
/// `also`, when given) or one of the shapes is skipped without running the regex.
/// One pass over the text records its bytes and shapes (see `features.rs`), so a table
/// cell costs that pass plus the scans of the types it can hold.
fn needs(kind: Kind, compat: bool) -> (&'static [u8], &'static [u8], u16) {
    match kind {
        Kind::Url => (b"", b"", S_URL),
        Kind::Ipv6 => (b"", b"", S_IPV6),
        Kind::Hash => (b"", b"", S_HASH),
        // MSTICPy's defanged patterns allow `[.]` and `[at]`: bytes only.
        Kind::Ipv4 if compat => (b".", b"", 0),
        Kind::Dns if compat => (b".", b"", 0),
        Kind::Email if compat => (b"@[", b"", 0),
        Kind::Ipv4 => (b"", b"", S_IPV4),
        Kind::Dns => (b"", b"", S_DNS),
        Kind::Email => (b"@", b"", 0),
        Kind::WinPath | Kind::Pipe => (b"\\", b"", 0),
        Kind::Registry => (b"\\", b"Hh", 0),
        Kind::LxPath => (b"/", b"", 0),
        Kind::Mac => (b"", b"", S_MAC),
        Kind::Cve => (b"", b"", S_CVE),
        Kind::Attack => (b"", b"", S_ATTACK),
        Kind::Asn => (b"", b"", S_ASN),
        Kind::Bitcoin => (b"", b"", S_B58 | S_BC1),
        Kind::Ethereum => (b"", b"", S_ETH),
        Kind::Backslash => (b"\\", b"", 0),
        Kind::Custom => (b"", b"", 0),
    }
}

/// Longest path, registry key or pipe name reported (Linux's PATH_MAX): a longer run is
/// hostile filler, not an indicator.
const MAX_PATH_BYTES: usize = 4096;
/// Matches per text looked up by a linear search before `Ctx::seen` is used.
const LINEAR_SEEN: usize = 16;
/// Longest URL reported.
const MAX_URL_BYTES: usize = 16 * 1024;

fn build(pattern: &str) -> Result<Regex, IocError> {
    RegexBuilder::new(pattern)
        .build()
        .map_err(|e| IocError::InvalidOption {
            option: "types",
            message: format!("built-in pattern failed to compile: {e}"),
        })
}

impl Extractor {
    /// Compiles the patterns for `options`. Fails on an unknown type name, a bad
    /// custom regex or an unparsable ignore entry.
    pub fn new(options: Options) -> Result<Extractor, IocError> {
        let compat = options.compat == Compat::Msticpy;
        let n_builtin = if compat { MSTICPY_TYPES } else { BUILTIN.len() };
        let mut types: Vec<TypeInfo> = BUILTIN
            .iter()
            .take(n_builtin)
            .map(|(name, priority, _)| TypeInfo {
                name: (*name).to_string(),
                priority: *priority,
            })
            .collect();
        let mut replaced: Vec<bool> = vec![false; types.len()];
        let mut scanners: Vec<Scanner> = Vec::new();
        let mut custom: Vec<Scanner> = Vec::new();

        for ct in &options.custom_types {
            let name = ct.name.trim();
            if name.is_empty() {
                return Err(IocError::InvalidPattern {
                    name: ct.name.clone(),
                    message: "the type name is empty".into(),
                });
            }
            if ct.pattern.trim().is_empty() {
                return Err(IocError::InvalidPattern {
                    name: ct.name.clone(),
                    message: "the pattern is empty".into(),
                });
            }
            let pattern = if compat {
                // MSTICPy compiles every pattern ignoring case, verbose and multi-line.
                format!("(?imx){}", ct.pattern)
            } else {
                ct.pattern.clone()
            };
            let regex = RegexBuilder::new(&pattern)
                .size_limit(8 * 1024 * 1024)
                .build()
                .map_err(|e| IocError::InvalidPattern {
                    name: ct.name.clone(),
                    message: e.to_string(),
                })?;
            let group = match &ct.group {
                None => None,
                Some(g) => Some(
                    regex
                        .capture_names()
                        .position(|n| n == Some(g.as_str()))
                        .ok_or_else(|| IocError::InvalidPattern {
                            name: ct.name.clone(),
                            message: format!("the pattern has no capture group named `{g}`"),
                        })?,
                ),
            };
            let idx = match types.iter().position(|t| t.name == name) {
                Some(i) => {
                    if let Some(r) = replaced.get_mut(i) {
                        *r = true;
                    }
                    if let Some(t) = types.get_mut(i) {
                        t.priority = ct.priority;
                    }
                    i
                }
                None => {
                    types.push(TypeInfo {
                        name: name.to_string(),
                        priority: ct.priority,
                    });
                    replaced.push(false);
                    types.len() - 1
                }
            };
            custom.push(Scanner {
                kind: Kind::Custom,
                regex,
                emits: vec![idx],
                group,
            });
        }

        let fanged_only = options.defang == DefangMode::Fanged;
        if compat {
            let df = !fanged_only;
            let dns = if df { MP_DNS_DF } else { MP_DNS };
            let url = if df {
                format!("{MP_URL_DF_SCHEME}{MP_URL_DF_TAIL}")
            } else {
                format!("{MP_URL_SCHEME}{MP_URL_TAIL}")
            };
            let email = format!(
                "{MP_EMAIL_USER}{}(?:{dns})",
                if df { r"(?:@|\[[Aa][Tt]\])" } else { "@" }
            );
            let hash =
                |n: usize| format!("(?m)(?:^|[^A-Fa-f0-9])([A-Fa-f0-9]{{{n}}})(?:$|[^A-Fa-f0-9])");
            let plan: Vec<(Kind, String, usize, Option<usize>)> = vec![
                (
                    Kind::Ipv4,
                    (if df { MP_IPV4_DF } else { MP_IPV4 }).to_string(),
                    T_IPV4,
                    None,
                ),
                (Kind::Ipv6, MP_IPV6_RUN.to_string(), T_IPV6, None),
                (Kind::Dns, dns.to_string(), T_DNS, None),
                (Kind::Url, url, T_URL, None),
                (Kind::Email, email, T_EMAIL, None),
                (Kind::WinPath, MP_WINPATH.to_string(), T_WINPATH, None),
                (Kind::LxPath, MP_LXPATH.to_string(), T_LXPATH, None),
                (Kind::Hash, hash(32), T_MD5, Some(1)),
                (Kind::Hash, hash(40), T_SHA1, Some(1)),
                (Kind::Hash, hash(64), T_SHA256, Some(1)),
            ];
            for (kind, rx, ty, group) in plan {
                if replaced.get(ty).copied().unwrap_or(false) {
                    continue;
                }
                scanners.push(Scanner {
                    kind,
                    regex: build(&rx)?,
                    emits: vec![ty],
                    group,
                });
            }
        } else {
            // Alternation order matters where two shapes could start at one place.
            let backslash = format!("{RX_REGISTRY}|{RX_PIPE}|{RX_WINPATH}");
            // URLs first, so later scanners can tell what lies inside a URL.
            let plan: &[(Kind, &str, &[usize])] = &[
                (Kind::Url, RX_URL, &[T_URL, T_DNS, T_IPV4, T_IPV6]),
                (Kind::Ipv4, RX_IPV4, &[T_IPV4, T_IPV4_CIDR]),
                (Kind::Ipv6, RX_IPV6, &[T_IPV6, T_IPV6_CIDR]),
                (Kind::Dns, RX_DNS, &[T_DNS]),
                (Kind::Email, RX_EMAIL, &[T_EMAIL]),
                (
                    Kind::Backslash,
                    &backslash,
                    &[T_REGISTRY, T_PIPE, T_WINPATH],
                ),
                // `C:/Windows/...` is found here and reported as a Windows path.
                (Kind::LxPath, RX_LXPATH, &[T_LXPATH, T_WINPATH]),
                (Kind::Hash, RX_HASH, &[T_MD5, T_SHA1, T_SHA256, T_SHA512]),
                (Kind::Mac, RX_MAC, &[T_MAC]),
                (Kind::Cve, RX_CVE, &[T_CVE]),
                (
                    Kind::Attack,
                    RX_ATTACK,
                    &[T_TECHNIQUE, T_TACTIC, T_GROUP, T_SOFTWARE],
                ),
                (Kind::Asn, RX_ASN, &[T_ASN]),
                (Kind::Bitcoin, RX_BITCOIN_BECH32, &[T_BITCOIN]),
                (Kind::Ethereum, RX_ETHEREUM, &[T_ETHEREUM]),
            ];
            for (kind, rx, emits) in plan {
                let emits: Vec<usize> = emits
                    .iter()
                    .copied()
                    .filter(|t| !replaced.get(*t).copied().unwrap_or(true))
                    .collect();
                if emits.is_empty() {
                    continue;
                }
                scanners.push(Scanner {
                    kind: *kind,
                    regex: build(rx)?,
                    emits,
                    group: None,
                });
            }
        }
        scanners.extend(custom);

        // Which types each mode scans.
        let n = types.len();
        let (enabled_string, enabled_table) = match &options.types {
            Some(list) => {
                let mut en = vec![false; n];
                for name in list {
                    let name = name.trim().to_ascii_lowercase();
                    let name = match name.as_str() {
                        "hostname" => "dns".to_string(),
                        _ => name,
                    };
                    if name == "file_hash" {
                        for t in [T_MD5, T_SHA1, T_SHA256, T_SHA512] {
                            if let Some(e) = en.get_mut(t) {
                                *e = true;
                            }
                        }
                        continue;
                    }
                    match types.iter().position(|t| t.name == name) {
                        Some(i) => {
                            if let Some(e) = en.get_mut(i) {
                                *e = true;
                            }
                        }
                        None => {
                            return Err(IocError::UnknownType {
                                name: name.clone(),
                                known: types
                                    .iter()
                                    .map(|t| t.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            })
                        }
                    }
                }
                (en.clone(), en)
            }
            None => {
                let mut string = vec![true; n];
                let mut table = vec![true; n];
                // Table mode never scans Linux paths by default (they are noisy); it
                // scans Windows paths only with `include_paths`.
                set(&mut table, T_LXPATH, !compat && options.include_paths);
                set(&mut table, T_WINPATH, options.include_paths);
                if !compat {
                    // MSTICPy's string mode scans paths whatever `include_paths` says
                    // (quirk Q-I1); huntkit asks for them in both modes alike.
                    set(&mut string, T_LXPATH, options.include_paths);
                    set(&mut string, T_WINPATH, options.include_paths);
                }
                (string, table)
            }
        };

        let mut ignore_cidrs = Vec::new();
        for c in &options.ignore_cidrs {
            ignore_cidrs.push(Cidr::parse(c).ok_or_else(|| IocError::InvalidOption {
                option: "ignoreCidrs",
                message: format!("`{c}` is not an IP address or CIDR range"),
            })?);
        }
        if compat && options.json_escapes == JsonEscapes::Always {
            return Err(IocError::InvalidOption {
                option: "jsonEscapes",
                message: "`compat: msticpy` scans text as written, as MSTICPy does: use `auto` or `never`".into(),
            });
        }
        if options.max_matches == 0 {
            return Err(IocError::InvalidOption {
                option: "maxMatches",
                message: "must be at least 1".into(),
            });
        }
        let refanger = if compat || fanged_only {
            None
        } else {
            Some(Refanger::new().ok_or_else(|| IocError::InvalidOption {
                option: "defang",
                message: "the defang table failed to build".into(),
            })?)
        };
        let compat_ipv6_full = if compat {
            Some(build(MP_IPV6_FULL)?)
        } else {
            None
        };
        Ok(Extractor {
            ignore_values: options
                .ignore_values
                .iter()
                .map(|v| v.trim().to_lowercase())
                .collect(),
            ignore_domains: options
                .ignore_domains
                .iter()
                .map(|d| d.trim().trim_matches('.').to_ascii_lowercase())
                .filter(|d| !d.is_empty())
                .collect(),
            ignore_cidrs,
            options,
            types,
            scanners,
            enabled_string,
            enabled_table,
            refanger,
            compat_ipv6_full,
        })
    }

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

    /// String mode: MSTICPy's `extract(src)`, type to set of observables.
    pub fn extract(&self, text: &str) -> BTreeMap<String, BTreeSet<String>> {
        self.find(text).by_type()
    }

    /// String mode with spans: every distinct indicator of `text`.
    pub fn find(&self, text: &str) -> Extraction {
        self.scan(text, &self.enabled_string)
    }

    /// Table mode's scan of one cell (table mode has its own default types).
    pub fn find_in_cell(&self, text: &str) -> Extraction {
        self.scan(text, &self.enabled_table)
    }

    /// Does `value` match `ioc_type` as a whole (MSTICPy's `validate`)?
    pub fn validate(&self, value: &str, ioc_type: &str) -> Result<bool, IocError> {
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
            return Err(IocError::UnknownType {
                name: ioc_type.to_string(),
                known: self.type_names().join(", "),
            });
        };
        let mut en = vec![false; self.types.len()];
        if let Some(e) = en.get_mut(ty) {
            *e = true;
        }
        let found = self.scan(value, &en);
        Ok(found
            .matches
            .iter()
            .any(|m| m.start == 0 && m.end == value.len() && m.ioc_type == wanted))
    }

    fn scan(&self, text: &str, enabled: &[bool]) -> Extraction {
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
        let mut present = Features::of(base);
        let view = match &self.refanger {
            Some(r) if present.has(S_DEFANG) => {
                let view = r.refang(base);
                if matches!(view.text, Cow::Owned(_)) {
                    present = Features::of(&view.text);
                }
                view
            }
            _ => View::plain(base),
        }
        .with_escapes(escapes);
        let mut ctx = Ctx {
            view: &view,
            raw: text,
            enabled,
            seen: HashMap::new(),
            out: Vec::new(),
            url_spans: Vec::new(),
            truncated: false,
        };
        for sc in &self.scanners {
            if !sc
                .emits
                .iter()
                .any(|t| enabled.get(*t).copied().unwrap_or(false))
            {
                continue;
            }
            let (any, also, shapes) = needs(sc.kind, compat);
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
        let truncated = ctx.truncated;
        let mut matches: Vec<Match> = ctx.out.into_iter().map(|(_, m, _)| m).collect();
        if self.options.utf16_offsets {
            to_utf16(text, &mut matches);
        }
        Extraction { matches, truncated }
    }

    /// Adds a candidate under the priority rule: one type per distinct string, a new
    /// type replacing an old one only with a strictly lower priority number.
    fn emit(&self, ctx: &mut Ctx<'_, '_>, c: Cand, key_raw: bool) {
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
        if !self.ignore_values.is_empty() && self.ignore_values.contains(&c.value.to_lowercase()) {
            return;
        }
        if let Some(ip) = c.ip {
            if self.options.exclude_private_ips && validate::is_non_public(ip) {
                return;
            }
            if self.ignore_cidrs.iter().any(|n| n.contains(ip)) {
                return;
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
                return;
            }
        }
        let priority = self.types.get(c.ty).map_or(u32::MAX, |t| t.priority);
        let key: &str = if key_raw { raw } else { &c.value };
        let found = if ctx.seen.is_empty() {
            // Few matches so far: compare with each one's key rather than hash.
            ctx.out
                .iter()
                .position(|(_, m, kr)| if *kr { m.raw == key } else { m.value == key })
        } else {
            ctx.seen.get(key).copied()
        };
        if let Some(idx) = found {
            if let Some((old_ty, old, _)) = ctx.out.get_mut(idx) {
                let old_pri = self.types.get(*old_ty).map_or(u32::MAX, |t| t.priority);
                if priority < old_pri {
                    *old_ty = c.ty;
                    old.ioc_type = self.type_name(c.ty);
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
            for (i, (_, m, kr)) in ctx.out.iter().enumerate() {
                let k = if *kr { &m.raw } else { &m.value };
                ctx.seen.entry(k.clone()).or_insert(i);
            }
            ctx.seen.insert(key.to_string(), ctx.out.len());
        }
        ctx.out.push((
            c.ty,
            Match {
                ioc_type: self.type_name(c.ty),
                value: c.value,
                raw: raw.to_string(),
                start: raw_start,
                end: raw_end,
                defanged,
            },
            key_raw,
        ));
    }

    fn type_name(&self, ty: usize) -> String {
        self.types
            .get(ty)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    }

    fn scan_one(&self, sc: &Scanner, ctx: &mut Ctx<'_, '_>, present: &Features) {
        let view = ctx.view;
        let text: &str = &view.text;
        if sc.kind == Kind::Custom {
            self.scan_custom(sc, ctx, text);
            return;
        }
        let mut cands: Vec<Cand> = Vec::new();
        if sc.kind == Kind::Hash {
            // `RX_HASH` by hand: its matches are the hex runs of 32 or more.
            let bytes = text.as_bytes();
            let mut pos = 0usize;
            while let Some(off) = bytes
                .get(pos..)
                .and_then(|t| t.iter().position(u8::is_ascii_hexdigit))
            {
                let start = pos + off;
                let tail = bytes.get(start..).unwrap_or_default();
                let end = start
                    + tail
                        .iter()
                        .position(|c| !c.is_ascii_hexdigit())
                        .unwrap_or(tail.len());
                if end - start >= HASH_MIN && self.scan_match(sc, ctx, text, start, end, &mut cands)
                {
                    return;
                }
                pos = end;
            }
        } else if sc.kind == Kind::Ipv4 {
            let mut pos = 0usize;
            while let Some((start, end)) = next_ipv4(text.as_bytes(), pos) {
                if self.scan_match(sc, ctx, text, start, end, &mut cands) {
                    return;
                }
                pos = end;
            }
        } else if sc.kind == Kind::Bitcoin {
            for (start, end) in self.bitcoin_spans(sc, text, present) {
                if self.scan_match(sc, ctx, text, start, end, &mut cands) {
                    return;
                }
            }
        } else {
            for m in sc.regex.find_iter(text) {
                if self.scan_match(sc, ctx, text, m.start(), m.end(), &mut cands) {
                    return;
                }
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
        self.candidates(sc.kind, text, start, end, ctx, cands);
        // A built-in type replaced by a custom one keeps its index: skip it here.
        for c in cands.drain(..).filter(|c| sc.emits.contains(&c.ty)) {
            self.emit(ctx, c, false);
            if ctx.truncated {
                return true;
            }
        }
        false
    }

    /// The matches `find_iter` of the whole bitcoin pattern would give: at each search
    /// position the leftmost of the next base58 match and the next bech32 match (they
    /// never start at one byte: `1`/`3` against `b`/`B`).
    ///
    /// From a position, the first `1` or `3` starts the base58 branch's match if 25
    /// base58 characters follow it, and the match runs to the end of the base58 run;
    /// when fewer follow, fewer follow every later `1` or `3` of the run too, and the
    /// next match lies past the run: look again from its end.
    fn bitcoin_spans(&self, sc: &Scanner, text: &str, present: &Features) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let b58 = present.has(S_B58);
        let bech = present.has(S_BC1);
        let next_b58 = |mut pos: usize| -> Option<(usize, usize)> {
            if !b58 {
                return None;
            }
            loop {
                let start = pos
                    + bytes
                        .get(pos..)?
                        .iter()
                        .position(|&c| c == b'1' || c == b'3')?;
                let tail = bytes.get(start + 1..)?;
                let end = start
                    + 1
                    + tail
                        .iter()
                        .position(|&c| !is_base58(c))
                        .unwrap_or(tail.len());
                if end - start >= BITCOIN_B58_MIN {
                    return Some((start, end));
                }
                pos = end;
            }
        };
        let next_bech = |pos: usize| -> Option<(usize, usize)> {
            if !bech {
                return None;
            }
            sc.regex.find_at(text, pos).map(|m| (m.start(), m.end()))
        };
        let mut out = Vec::new();
        let mut a = next_b58(0);
        let mut b = next_bech(0);
        loop {
            let m = match (a, b) {
                (Some(x), Some(y)) => {
                    if x.0 <= y.0 {
                        x
                    } else {
                        y
                    }
                }
                (Some(x), None) | (None, Some(x)) => x,
                (None, None) => break,
            };
            out.push(m);
            let pos = m.1;
            if a.is_some_and(|x| x.0 < pos) {
                a = next_b58(pos);
            }
            if b.is_some_and(|y| y.0 < pos) {
                b = next_bech(pos);
            }
        }
        out
    }

    fn scan_custom(&self, sc: &Scanner, ctx: &mut Ctx<'_, '_>, text: &str) {
        let Some(&ty) = sc.emits.first() else {
            return;
        };
        let key_raw = self.options.compat == Compat::Msticpy;
        for caps in sc.regex.captures_iter(text) {
            let m = match sc.group {
                Some(g) => caps.get(g),
                None => caps.get(0),
            };
            let Some(m) = m else { continue };
            if m.as_str().is_empty() {
                continue;
            }
            let c = Cand {
                ty,
                start: m.start(),
                end: m.end(),
                value: m.as_str().to_string(),
                ip: None,
                domain: None,
            };
            self.emit(ctx, c, key_raw);
            if ctx.truncated {
                return;
            }
        }
    }

    /// huntkit's checks on one regex match; pushes zero or more candidates.
    fn candidates(
        &self,
        kind: Kind,
        text: &str,
        start: usize,
        end: usize,
        ctx: &mut Ctx<'_, '_>,
        out: &mut Vec<Cand>,
    ) {
        let b = text.as_bytes();
        let at = |i: usize| b.get(i).copied();
        let before = |i: usize, back: usize| i.checked_sub(back).and_then(|j| b.get(j)).copied();
        let Some(s) = text.get(start..end) else {
            return;
        };
        // URL spans arrive in text order and do not overlap: binary search.
        let in_url = |ctx: &Ctx<'_, '_>, a: usize, z: usize| {
            let i = ctx.url_spans.partition_point(|&(_, ue)| ue <= a);
            ctx.url_spans.get(i).is_some_and(|&(us, _)| us < z)
        };
        let limit = match kind {
            Kind::Url => MAX_URL_BYTES,
            Kind::WinPath | Kind::LxPath | Kind::Registry | Kind::Pipe | Kind::Backslash => {
                MAX_PATH_BYTES
            }
            _ => usize::MAX,
        };
        if end - start > limit {
            return;
        }
        match kind {
            Kind::Url => {
                let Some(len) = trim_url_end(s) else { return };
                let end = start + len;
                let Some(url) = text.get(start..end) else {
                    return;
                };
                if before(start, 1).is_some_and(|p| p.is_ascii_alphabetic()) {
                    return;
                }
                let Some(parsed) = parse_url(url) else { return };
                ctx.url_spans.push((start, end));
                let (value, ip, host) = parsed;
                let host_for_domain = host.clone();
                out.push(Cand {
                    ty: T_URL,
                    start,
                    end,
                    value,
                    ip,
                    domain: host_for_domain,
                });
                // An encoded URL inside this one (`?u=http%3A%2F%2Fbad.example.org`):
                // decode and scan the decoded text after this URL's own scheme.
                if url.contains('%') {
                    let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
                    if decoded != url {
                        let inner_text = decoded.get(1..).unwrap_or_default();
                        let rx = self
                            .scanners
                            .iter()
                            .find(|x| x.kind == Kind::Url)
                            .map(|x| &x.regex);
                        if let Some(rx) = rx {
                            for im in rx.find_iter(inner_text).take(64) {
                                let Some(len) = trim_url_end(im.as_str()) else {
                                    continue;
                                };
                                let Some(inner) = im.as_str().get(..len) else {
                                    continue;
                                };
                                let Some((v, ip, host)) = parse_url(inner) else {
                                    continue;
                                };
                                if let Some(h) = &host {
                                    let h = h.trim_start_matches('[').trim_end_matches(']');
                                    if let Some(v4) = validate::parse_ipv4(h) {
                                        out.push(Cand {
                                            ty: T_IPV4,
                                            start,
                                            end,
                                            value: ipv4_value(h, v4),
                                            ip: Some(IpAddr::V4(v4)),
                                            domain: None,
                                        });
                                    } else if let Ok(v6) = h.parse::<Ipv6Addr>() {
                                        out.push(Cand {
                                            ty: T_IPV6,
                                            start,
                                            end,
                                            value: v6.to_string(),
                                            ip: Some(IpAddr::V6(v6)),
                                            domain: None,
                                        });
                                    } else if validate::is_domain_shape(h)
                                        && (self.options.ignore_tlds || validate::is_registrable(h))
                                    {
                                        out.push(Cand {
                                            ty: T_DNS,
                                            start,
                                            end,
                                            value: h.to_ascii_lowercase(),
                                            ip: None,
                                            domain: Some(h.to_ascii_lowercase()),
                                        });
                                    }
                                }
                                out.push(Cand {
                                    ty: T_URL,
                                    start,
                                    end,
                                    value: v,
                                    ip,
                                    domain: host,
                                });
                            }
                        }
                    }
                }
            }
            Kind::Ipv4 => {
                if before(start, 1).is_some_and(|p| p.is_ascii_digit())
                    || (before(start, 1) == Some(b'.')
                        && before(start, 2).is_some_and(|p| p.is_ascii_digit()))
                {
                    return;
                }
                let (addr, prefix) = match s.split_once('/') {
                    Some((a, p)) => (a, Some(p)),
                    None => (s, None),
                };
                let addr_end = start + addr.len();
                match at(addr_end) {
                    Some(c) if c.is_ascii_digit() => return,
                    Some(b'.') if at(addr_end + 1).is_some_and(|c| c.is_ascii_digit()) => return,
                    _ => {}
                }
                if !self.options.keep_version_ips && is_version_context(b, start, addr_end) {
                    return;
                }
                let Some(ip) = validate::parse_ipv4(addr) else {
                    return;
                };
                out.push(Cand {
                    ty: T_IPV4,
                    start,
                    end: addr_end,
                    value: ipv4_value(addr, ip),
                    ip: Some(IpAddr::V4(ip)),
                    domain: None,
                });
                if let Some(p) = prefix {
                    let next_ok = !at(end)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'/' || c == b'.');
                    if let Ok(bits) = p.parse::<u8>() {
                        if bits <= 32 && next_ok && !in_url(ctx, start, end) {
                            out.push(Cand {
                                ty: T_IPV4_CIDR,
                                start,
                                end,
                                value: format!("{ip}/{bits}"),
                                ip: Some(IpAddr::V4(ip)),
                                domain: None,
                            });
                        }
                    }
                }
            }
            Kind::Ipv6 => {
                if before(start, 1).is_some_and(|p| is_word(p) || p == b':' || p == b'.') {
                    return;
                }
                match at(end) {
                    Some(c) if is_word(c) || c == b':' => return,
                    Some(b'.') if at(end + 1).is_some_and(is_word) => return,
                    _ => {}
                }
                let (addr, prefix) = match s.split_once('/') {
                    Some((a, p)) => (a, Some(p)),
                    None => (s, None),
                };
                if addr.len() > 45 {
                    return;
                }
                let Ok(ip) = addr.parse::<Ipv6Addr>() else {
                    return;
                };
                if ip.is_unspecified() {
                    return;
                }
                out.push(Cand {
                    ty: T_IPV6,
                    start,
                    end: start + addr.len(),
                    value: ip.to_string(),
                    ip: Some(IpAddr::V6(ip)),
                    domain: None,
                });
                if let Some(bits) = prefix.and_then(|p| p.parse::<u8>().ok()) {
                    if bits <= 128 && !in_url(ctx, start, end) {
                        out.push(Cand {
                            ty: T_IPV6_CIDR,
                            start,
                            end,
                            value: format!("{ip}/{bits}"),
                            ip: Some(IpAddr::V6(ip)),
                            domain: None,
                        });
                    }
                }
            }
            Kind::Dns => {
                let mut st = start;
                // `%2Fbad.example.org`: the `2F` belongs to the percent escape.
                if before(start, 1) == Some(b'%')
                    && at(start).is_some_and(|c| c.is_ascii_hexdigit())
                    && at(start + 1).is_some_and(|c| c.is_ascii_hexdigit())
                {
                    st = start + 2;
                }
                let Some(d) = text.get(st..end) else { return };
                match at(end) {
                    Some(c) if is_word(c) || c == b'-' || c == b'@' => return,
                    _ => {}
                }
                let prev = before(st, 1);
                let prev2 = before(st, 2);
                if prev == Some(b'\\') || (prev == Some(b'/') && prev2 != Some(b'/')) {
                    return; // a path component: a file, not a host
                }
                if !validate::is_domain_shape(d) {
                    return;
                }
                if !self.options.ignore_tlds && !validate::is_registrable(d) {
                    return;
                }
                let host_context =
                    prev == Some(b'@') || (prev == Some(b'/') && prev2 == Some(b'/'));
                if !host_context {
                    if validate::looks_like_file_name(d) {
                        return;
                    }
                    // PowerShell member access: `$item.Name`, `$_.Name`, `$this.Value`,
                    // `(Get-Item x).Value.Read`.
                    if prev == Some(b'$')
                        || (prev == Some(b'.') && matches!(prev2, Some(b')' | b']' | b'}')))
                    {
                        return;
                    }
                    if validate::looks_like_namespace(d) && !after_dns_word(b, st) {
                        return;
                    }
                }
                let v = d.to_ascii_lowercase();
                // The domain is only read by the ignore list.
                let domain = (!self.ignore_domains.is_empty()).then(|| v.clone());
                out.push(Cand {
                    ty: T_DNS,
                    start: st,
                    end,
                    value: v,
                    ip: None,
                    domain,
                });
            }
            Kind::Email => {
                if in_url(ctx, start, end) {
                    return;
                }
                if before(start, 1).is_some_and(|p| p == b'/' || p == b'.') {
                    return;
                }
                match at(end) {
                    Some(c) if is_word(c) || c == b'-' => return,
                    _ => {}
                }
                let Some((user, domain)) = s.rsplit_once('@') else {
                    return;
                };
                let literal = domain.starts_with('[');
                if literal {
                    let inner = domain.trim_start_matches('[').trim_end_matches(']');
                    if validate::parse_ipv4(inner).is_none() {
                        return;
                    }
                } else if !validate::is_domain_shape(domain)
                    || (!self.options.ignore_tlds && !validate::is_registrable(domain))
                {
                    return;
                }
                let dl = domain.to_ascii_lowercase();
                out.push(Cand {
                    ty: T_EMAIL,
                    start,
                    end,
                    value: format!("{user}@{dl}"),
                    ip: None,
                    domain: (!literal).then_some(dl),
                });
            }
            Kind::WinPath => {
                // Table mode finds registry keys and pipes with the same scan but does
                // not report paths by default: build no value `emit` would drop.
                if !ctx.enabled.get(T_WINPATH).copied().unwrap_or(false) {
                    return;
                }
                if at(start).is_some_and(|c| c.is_ascii_alphabetic())
                    && before(start, 1).is_some_and(is_word)
                {
                    return;
                }
                let end = match quoted_end(b, start, end, WIN_NAME_FORBIDDEN) {
                    Some(e) => e,
                    None => start + s.trim_end_matches(['.', ',', ';']).len(),
                };
                let Some(p) = text.get(start..end).filter(|p| !p.is_empty()) else {
                    return;
                };
                out.push(Cand {
                    ty: T_WINPATH,
                    start,
                    end,
                    value: p.to_string(),
                    ip: None,
                    domain: None,
                });
            }
            Kind::LxPath => {
                if in_url(ctx, start, end) {
                    return;
                }
                // `C:/Windows/System32/cmd.exe`: a Windows path with forward slashes.
                if s.starts_with('/')
                    && before(start, 1) == Some(b':')
                    && before(start, 2).is_some_and(|c| c.is_ascii_alphabetic())
                    && !before(start, 3).is_some_and(is_word)
                {
                    if !ctx.enabled.get(T_WINPATH).copied().unwrap_or(false) {
                        return;
                    }
                    let start = start - 2;
                    // Forward slashes separate its folders: `/` may follow a quoted space.
                    let end = match quoted_end(b, start, end, WIN_SLASH_NAME_FORBIDDEN) {
                        Some(e) => e,
                        None => start + 2 + s.trim_end_matches(['.', ',', ';']).len(),
                    };
                    if let Some(p) = text.get(start..end) {
                        out.push(plain(T_WINPATH, start, end, p.to_string()));
                    }
                    return;
                }
                if before(start, 1)
                    .is_some_and(|p| is_word(p) || p == b'/' || p == b'.' || p == b'\\')
                {
                    return;
                }
                let trimmed = s.trim_end_matches(['.', ',']);
                if trimmed.starts_with('/')
                    && trimmed.trim_end_matches('/').matches('/').count() < 2
                {
                    return; // `/c`, `/url`: a command-line switch, not a path
                }
                let end = start + trimmed.len();
                out.push(Cand {
                    ty: T_LXPATH,
                    start,
                    end,
                    value: trimmed.to_string(),
                    ip: None,
                    domain: None,
                });
            }
            Kind::Hash => {
                if before(start, 1).is_some_and(|p| p.is_ascii_hexdigit())
                    || at(end).is_some_and(|c| c.is_ascii_hexdigit())
                {
                    return;
                }
                if before(start, 1).is_some_and(|p| p == b'x' || p == b'X')
                    && before(start, 2) == Some(b'0')
                {
                    return; // a `0x` number or wallet, not a digest
                }
                let ty = match s.len() {
                    32 => T_MD5,
                    40 => T_SHA1,
                    64 => T_SHA256,
                    128 => T_SHA512,
                    _ => return,
                };
                out.push(plain(ty, start, end, s.to_ascii_lowercase()));
            }
            Kind::Cve => {
                if before(start, 1).is_some_and(is_word)
                    || at(end).is_some_and(|c| c.is_ascii_digit())
                {
                    return;
                }
                out.push(plain(T_CVE, start, end, s.to_ascii_uppercase()));
            }
            Kind::Attack => {
                if before(start, 1).is_some_and(|p| is_word(p) || p == b'-' || p == b'.')
                    || at(end).is_some_and(is_word)
                    || (at(end) == Some(b'.') && at(end + 1).is_some_and(|c| c.is_ascii_digit()))
                {
                    return;
                }
                let (ty, digits) = if let Some(d) = s.strip_prefix("TA") {
                    (T_TACTIC, d)
                } else if let Some(d) = s.strip_prefix('T') {
                    (T_TECHNIQUE, d)
                } else if let Some(d) = s.strip_prefix('G') {
                    (T_GROUP, d)
                } else if let Some(d) = s.strip_prefix('S') {
                    (T_SOFTWARE, d)
                } else {
                    return;
                };
                let num: u32 = digits.get(..4).and_then(|n| n.parse().ok()).unwrap_or(0);
                let ok = match ty {
                    T_TACTIC => (1..=99).contains(&num),
                    T_TECHNIQUE => (1001..=1999).contains(&num) && !digits.ends_with(".000"),
                    _ => (1..=1999).contains(&num),
                };
                if ok {
                    out.push(plain(ty, start, end, s.to_string()));
                }
            }
            Kind::Registry => {
                if before(start, 1).is_some_and(is_word) {
                    return;
                }
                let end = match quoted_end(b, start, end, KEY_NAME_FORBIDDEN) {
                    Some(e) => e,
                    None => start + s.trim_end_matches(['.', ',', ';']).len(),
                };
                let Some(k) = text.get(start..end) else {
                    return;
                };
                out.push(plain(T_REGISTRY, start, end, k.to_string()));
            }
            Kind::Mac => {
                let sep_hex = |i: usize| {
                    matches!(at(i), Some(b':') | Some(b'-') | Some(b'.'))
                        && at(i + 1).is_some_and(|c| c.is_ascii_hexdigit())
                };
                if before(start, 1)
                    .is_some_and(|p| is_word(p) || p == b':' || p == b'-' || p == b'.')
                    || at(end).is_some_and(is_word)
                    || sep_hex(end)
                {
                    return;
                }
                let hex: String = s
                    .bytes()
                    .filter(|c| c.is_ascii_hexdigit())
                    .map(|c| char::from(c.to_ascii_lowercase()))
                    .collect();
                let mut v = String::with_capacity(17);
                for (i, ch) in hex.chars().enumerate() {
                    if i > 0 && i % 2 == 0 {
                        v.push(':');
                    }
                    v.push(ch);
                }
                out.push(plain(T_MAC, start, end, v));
            }
            Kind::Asn => {
                if before(start, 1).is_some_and(is_word) || at(end).is_some_and(is_word) {
                    return;
                }
                let digits = s
                    .trim_start_matches("ASN")
                    .trim_start_matches("AS")
                    .trim_start();
                match digits.parse::<u64>() {
                    Ok(n) if (1..=u64::from(u32::MAX)).contains(&n) => {
                        out.push(plain(T_ASN, start, end, format!("AS{n}")));
                    }
                    _ => {}
                }
            }
            Kind::Bitcoin => {
                if before(start, 1).is_some_and(is_word) || at(end).is_some_and(is_word) {
                    return;
                }
                // Lengths checked before decoding: base58 decoding is quadratic.
                let ok = if s.len() > 3 && s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("bc1"))
                {
                    (14..=74).contains(&s.len()) && validate::is_bitcoin_bech32(s)
                } else {
                    (26..=35).contains(&s.len()) && validate::is_bitcoin_base58(s)
                };
                if ok {
                    let v = if s.starts_with(['b', 'B']) {
                        s.to_ascii_lowercase()
                    } else {
                        s.to_string()
                    };
                    out.push(plain(T_BITCOIN, start, end, v));
                }
            }
            Kind::Ethereum => {
                if before(start, 1).is_some_and(is_word) || at(end).is_some_and(is_word) {
                    return;
                }
                if validate::is_ethereum(s) {
                    out.push(plain(T_ETHEREUM, start, end, s.to_string()));
                }
            }
            Kind::Pipe => {
                let len = s.trim_end_matches(['.', ',', ';', ')']).len();
                let end = start + len;
                let Some(p) = text.get(start..end) else {
                    return;
                };
                out.push(plain(T_PIPE, start, end, p.to_string()));
            }
            Kind::Backslash => {
                if s.starts_with(['H', 'h']) {
                    self.candidates(Kind::Registry, text, start, end, ctx, out);
                } else {
                    let is_pipe = s
                        .strip_prefix("\\\\")
                        .and_then(|r| r.split('\\').nth(1))
                        .is_some_and(|c| c.eq_ignore_ascii_case("pipe"));
                    if is_pipe {
                        self.candidates(Kind::Pipe, text, start, end, ctx, out);
                    }
                    self.candidates(Kind::WinPath, text, start, end, ctx, out);
                }
            }
            Kind::Custom => {}
        }
    }

    /// MSTICPy's scan of one pattern over the text, quirks included.
    fn compat_scan(&self, sc: &Scanner, ctx: &mut Ctx<'_, '_>) {
        let text = ctx.raw;
        let Some(&ty) = sc.emits.first() else { return };
        if sc.kind == Kind::Custom {
            self.scan_custom(sc, ctx, text);
            return;
        }
        // End of the previous match: MSTICPy starts the decoded-URL search there.
        let mut match_pos = 0usize;
        // (start, end, end of the whole match): the reported group's span and where
        // the next search starts. Without a group, a plain search (no captures) finds
        // the same matches.
        let spans: Vec<(usize, usize, usize)> = match sc.group {
            None => sc
                .regex
                .find_iter(text)
                .map(|m| (m.start(), m.end(), m.end()))
                .collect(),
            // MSTICPy's hash patterns: an optional non-hex byte, the digest (group 1),
            // an optional non-hex character; the group is the hex run in the match.
            Some(_) if sc.kind == Kind::Hash => sc
                .regex
                .find_iter(text)
                .map(|m| {
                    let w = m.as_str();
                    let lead = w
                        .chars()
                        .next()
                        .filter(|c| !c.is_ascii_hexdigit())
                        .map_or(0, char::len_utf8);
                    let run = w
                        .get(lead..)
                        .map_or(0, |r| r.bytes().take_while(u8::is_ascii_hexdigit).count());
                    (m.start() + lead, m.start() + lead + run, m.end())
                })
                .collect(),
            Some(g) => sc
                .regex
                .captures_iter(text)
                .filter_map(|caps| {
                    let m = caps.get(g)?;
                    let whole_end = caps.get(0).map_or(m.end(), |w| w.end());
                    Some((m.start(), m.end(), whole_end))
                })
                .collect(),
        };
        for (m_start, m_end, whole_end) in spans {
            let Some(s) = text.get(m_start..m_end) else {
                continue;
            };
            match sc.kind {
                Kind::Ipv6 => {
                    let prev = text.get(..m_start).and_then(|p| p.chars().next_back());
                    let next = text.get(m_end..).and_then(|p| p.chars().next());
                    let py_word = |c: char| c.is_alphanumeric() || c == '_' || c == ':' || c == '.';
                    if prev.is_some_and(py_word) || next.is_some_and(py_word) {
                        continue;
                    }
                    if !self
                        .compat_ipv6_full
                        .as_ref()
                        .is_some_and(|r| r.is_match(s))
                    {
                        continue;
                    }
                }
                Kind::Dns
                    if !self.options.ignore_tlds
                        && !validate::has_icann_suffix(&s.replace("[.]", ".").to_lowercase()) =>
                {
                    continue;
                }
                _ => {}
            }
            let c = Cand {
                ty,
                start: m_start,
                end: m_end,
                value: s.to_string(),
                ip: ip_of(s),
                domain: (sc.kind == Kind::Dns).then(|| s.replace("[.]", ".")),
            };
            self.emit(ctx, c, true);
            if sc.kind == Kind::Url {
                self.compat_decode_url(sc, ctx, m_start, m_end, s, match_pos);
            }
            match_pos = whole_end;
            if ctx.truncated {
                return;
            }
        }
    }

    /// MSTICPy's `_check_decode_url`: unquote the URL and search the decoded text from
    /// the previous match's end offset in the original (a quirk kept for parity).
    fn compat_decode_url(
        &self,
        sc: &Scanner,
        ctx: &mut Ctx<'_, '_>,
        start: usize,
        end: usize,
        url: &str,
        match_pos: usize,
    ) {
        let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
        let Some(hay) = decoded.get(match_pos..) else {
            return;
        };
        let mut found: Vec<(String, Option<String>)> = Vec::new();
        for caps in sc.regex.captures_iter(hay).take(64) {
            let Some(whole) = caps.get(0) else { continue };
            let host = caps.name("host").map(|h| h.as_str().to_string());
            found.push((whole.as_str().to_string(), host));
        }
        for (u, host) in found {
            let c = Cand {
                ty: T_URL,
                start,
                end,
                value: u,
                ip: None,
                domain: None,
            };
            self.emit_detached(ctx, c);
            if let Some(h) = host.filter(|h| !h.is_empty()) {
                let c = Cand {
                    ty: T_DNS,
                    start,
                    end,
                    value: h.clone(),
                    ip: None,
                    domain: Some(h),
                };
                self.emit_detached(ctx, c);
            }
        }
    }

    /// Emit a value that is not a substring of the input (a decoded URL): it is keyed
    /// by its own text, and its raw text is the URL it came from.
    fn emit_detached(&self, ctx: &mut Ctx<'_, '_>, c: Cand) {
        self.emit(ctx, c, false);
    }
}

/// Rewrites byte offsets as UTF-16 code-unit offsets in one walk over `text`.
fn to_utf16(text: &str, matches: &mut [Match]) {
    if text.is_ascii() {
        return;
    }
    let mut offsets: Vec<usize> = matches.iter().flat_map(|m| [m.start, m.end]).collect();
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
    for m in matches {
        m.start = map.get(&m.start).copied().unwrap_or(m.start);
        m.end = map.get(&m.end).copied().unwrap_or(m.end);
    }
}

/// Bytes a Windows file or folder name cannot hold (besides control characters and the
/// quote itself): a quoted path does not run on across them.
const WIN_NAME_FORBIDDEN: &[u8] = b"/:*?\"<>|";
/// The same for a path written with forward slashes, whose separator may follow a space.
const WIN_SLASH_NAME_FORBIDDEN: &[u8] = b"\\:*?\"<>|";
/// Bytes a quoted registry key does not run on across.
const KEY_NAME_FORBIDDEN: &[u8] = b"\"<>|";

/// Inside quotes a path or key runs to the closing quote: `"HKLM\...\Credential
/// Providers"`, `"C:\Program Files\My App\app.exe"`. When the match at `start..end`
/// of `b` follows a `"` or `'` and the same quote closes it on the same line, returns
/// where the name ends (before any spaces ahead of the quote); `None` when it is not
/// quoted, or when what lies between holds a control character, a byte of `forbidden`
/// or a command-line switch (` -x`), which make the quotes a command's, not a name's.
///
/// The search for the closing quote stops at the next quote of its kind, so the
/// searches of all matches cover the text at most once per kind of quote.
fn quoted_end(b: &[u8], start: usize, end: usize, forbidden: &[u8]) -> Option<usize> {
    let q = start.checked_sub(1).and_then(|i| b.get(i)).copied()?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let limit = b.len().min(start + MAX_PATH_BYTES);
    let rest = b.get(end..limit)?;
    let close = rest
        .iter()
        .position(|&c| c == q || c == b'\n' || c == b'\r')?;
    let between = rest.get(..close)?;
    if rest.get(close) != Some(&q)
        || between
            .iter()
            .any(|&c| c < 0x20 || c == 0x7f || forbidden.contains(&c))
        || between
            .windows(3)
            .any(|w| matches!(w, [b' ', b'-', c] if c.is_ascii_alphabetic()))
    {
        return None;
    }
    let kept = between.len()
        - between
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    Some(end + kept)
}

/// Architectures that follow a version in Windows package and assembly names.
const ARCHITECTURES: &[&str] = &[
    "x64", "x86", "arm", "arm64", "neutral", "amd64", "ia64", "msil",
];

/// Whether the dotted quad at `start..end` of `b` reads as a version number by its
/// context: a word joined by `_` before it (`SkypeApp_14.35.152.0`, `v4.0_4.0.0.0`),
/// `__` or `_` and an architecture after it (`4.0.0.0__b77a5c561934e089`,
/// `14.35.152.0_x64`), or a version word before it: one ending in `version`
/// (`FileVersion: 4.1.0.7`, `HostVersion=1.0.0.0`, `"version": "1.2.3.4"`), `ver`, or
/// a `v` joined to it (`v1.2.3.4`). `key=1.2.3.4` alone is an address (`src=`, `dst=`).
fn is_version_context(b: &[u8], start: usize, end: usize) -> bool {
    let before = |back: usize| start.checked_sub(back).and_then(|i| b.get(i)).copied();
    if before(1) == Some(b'_') && before(2).is_some_and(is_word) {
        return true;
    }
    let after = b.get(end..).unwrap_or_default();
    if after.starts_with(b"__") {
        return true;
    }
    if let Some(rest) = after.strip_prefix(b"_") {
        let n = rest
            .iter()
            .take(8)
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let word = rest.get(..n).unwrap_or_default();
        if !rest
            .get(n)
            .copied()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && ARCHITECTURES
                .iter()
                .any(|a| a.as_bytes().eq_ignore_ascii_case(word))
        {
            return true;
        }
    }
    // Back over a few separators to the word before.
    let head = b.get(..start).unwrap_or_default();
    let seps = head
        .iter()
        .rev()
        .take(4)
        .take_while(|c| matches!(c, b' ' | b'\t' | b':' | b'=' | b'"' | b'\'' | b'('))
        .count();
    let word_end = start - seps;
    let head = b.get(..word_end).unwrap_or_default();
    let n = head
        .iter()
        .rev()
        .take(40)
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let word = head.get(word_end - n..).unwrap_or_default();
    let word_start_prev = (word_end - n)
        .checked_sub(1)
        .and_then(|i| b.get(i))
        .copied();
    if word.eq_ignore_ascii_case(b"v") {
        // `v1.2.3.4`, but not a `-v` switch before an address (`nc -v 10.0.0.1`).
        return seps == 0 && !word_start_prev.is_some_and(|c| is_word(c) || c == b'-');
    }
    word.eq_ignore_ascii_case(b"ver")
        || (word.len() >= 7
            && word
                .get(word.len() - 7..)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"version")))
}

/// Words after which a dotted name is a host whatever it looks like (`nslookup
/// Windows.Storage.Search`, `QueryName: System.Net`).
const DNS_WORDS: &[&str] = &[
    "nslookup",
    "resolve-dnsname",
    "dig",
    "host",
    "hostname",
    "ping",
    "dns",
    "dnsname",
    "domain",
    "fqdn",
    "query",
    "queryname",
];

/// Whether the word before `start` of `b` (back over a few separators) is a DNS word.
fn after_dns_word(b: &[u8], start: usize) -> bool {
    let head = b.get(..start).unwrap_or_default();
    let seps = head
        .iter()
        .rev()
        .take(4)
        .take_while(|c| matches!(c, b' ' | b'\t' | b':' | b'=' | b'"' | b'\''))
        .count();
    if seps == 0 {
        return false;
    }
    let word_end = start - seps;
    let head = b.get(..word_end).unwrap_or_default();
    let n = head
        .iter()
        .rev()
        .take(20)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    let word = head.get(word_end - n..).unwrap_or_default();
    DNS_WORDS
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

fn set(en: &mut [bool], ty: usize, on: bool) {
    if let Some(e) = en.get_mut(ty) {
        *e = on;
    }
}

fn plain(ty: usize, start: usize, end: usize, value: String) -> Cand {
    Cand {
        ty,
        start,
        end,
        value,
        ip: None,
        domain: None,
    }
}

/// The next match of `RX_IPV4` at or after `pos` (what `find_iter` gives), found by
/// hand: a regex search per cell costs more than the whole check.
///
/// Each of the first three groups takes up to three digits and must be followed by a
/// dot: taking fewer would leave a digit where the dot must be, so no other choice
/// matches. The fourth group takes up to three digits, then `/` and up to three
/// digits when a digit follows the slash: the greedy choices the regex prefers, which
/// always succeed.
fn next_ipv4(b: &[u8], pos: usize) -> Option<(usize, usize)> {
    let digits = |i: usize| {
        b.get(i..).map_or(0, |t| {
            t.iter().take(3).take_while(|c| c.is_ascii_digit()).count()
        })
    };
    let match_at = |s: usize| -> Option<usize> {
        let mut i = s;
        for _ in 0..3 {
            let n = digits(i);
            if n == 0 || b.get(i + n) != Some(&b'.') {
                return None;
            }
            i += n + 1;
        }
        let n = digits(i);
        if n == 0 {
            return None;
        }
        i += n;
        if b.get(i) == Some(&b'/') {
            let p = digits(i + 1);
            if p > 0 {
                i += 1 + p;
            }
        }
        Some(i)
    };
    let mut s = pos;
    loop {
        s += b.get(s..)?.iter().position(u8::is_ascii_digit)?;
        if let Some(e) = match_at(s) {
            return Some((s, e));
        }
        s += 1;
    }
}

/// The dotted form of `ip`, parsed from `text`: `text` itself when no octet has a
/// leading zero (it is then already the canonical form), formatted otherwise.
fn ipv4_value(text: &str, ip: std::net::Ipv4Addr) -> String {
    let b = text.as_bytes();
    let leading_zero = b.iter().enumerate().any(|(i, &c)| {
        c == b'0'
            && (i == 0 || b.get(i - 1) == Some(&b'.'))
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
    });
    if leading_zero {
        ip.to_string()
    } else {
        text.to_string()
    }
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn ip_of(s: &str) -> Option<IpAddr> {
    let plain: Cow<'_, str> = if s.contains('[') {
        Cow::Owned(s.replace("[.]", ".").replace(['[', ']'], ""))
    } else {
        Cow::Borrowed(s)
    };
    if let Some(v4) = validate::parse_ipv4(&plain) {
        return Some(IpAddr::V4(v4));
    }
    plain.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
}

/// Whether MSTICPy-style raw text was written defanged.
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

/// Length of `url` once trailing punctuation, quotes and unbalanced closing brackets
/// are removed; `None` when nothing is left after the scheme.
fn trim_url_end(url: &str) -> Option<usize> {
    let mut s = url;
    // Counted once, then kept up to date, so a run of brackets costs linear time.
    let (mut open_p, mut close_p, mut open_b, mut close_b) = (0usize, 0usize, 0usize, 0usize);
    for c in s.bytes() {
        match c {
            b'(' => open_p += 1,
            b')' => close_p += 1,
            b'[' => open_b += 1,
            b']' => close_b += 1,
            _ => {}
        }
    }
    while let Some(last) = s.chars().next_back() {
        let drop = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '*' => true,
            ')' if close_p > open_p => {
                close_p -= 1;
                true
            }
            ']' if close_b > open_b => {
                close_b -= 1;
                true
            }
            _ => false,
        };
        if !drop {
            break;
        }
        s = s.get(..s.len() - last.len_utf8()).unwrap_or_default();
    }
    let after = s.find("://")? + 3;
    (s.len() >= after).then_some(s.len())
}

/// Splits a URL and normalises it: lower-case scheme and host. Returns the value, the
/// host's IP if it is one, and the host (for the domain ignore list).
fn parse_url(url: &str) -> Option<(String, Option<IpAddr>, Option<String>)> {
    let (scheme, rest) = url.split_once("://")?;
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..auth_end)?;
    let tail = rest.get(auth_end..)?;
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(i) => (authority.get(..=i)?, authority.get(i + 1..)?),
        None => ("", authority),
    };
    let (host, port) = if hostport.starts_with('[') {
        let close = hostport.find(']')?;
        (hostport.get(..=close)?, hostport.get(close + 1..)?)
    } else {
        match hostport.find(':') {
            Some(i) => (hostport.get(..i)?, hostport.get(i..)?),
            None => (hostport, ""),
        }
    };
    let scheme_l = scheme.to_ascii_lowercase();
    if host.is_empty() {
        if scheme_l != "file" {
            return None;
        }
    } else if !host.bytes().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, b'-' | b'.' | b'_' | b'~' | b'%' | b'[' | b']' | b':')
    }) {
        return None;
    }
    if !port.is_empty()
        && !port
            .get(1..)
            .unwrap_or_default()
            .bytes()
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let host_l = host.to_ascii_lowercase();
    let bare = host_l.trim_start_matches('[').trim_end_matches(']');
    let ip = validate::parse_ipv4(bare)
        .map(IpAddr::V4)
        .or_else(|| bare.parse::<Ipv6Addr>().ok().map(IpAddr::V6));
    if host_l.starts_with('[') && ip.is_none() {
        return None;
    }
    let value = format!("{scheme_l}://{userinfo}{host_l}{port}{tail}");
    let host_out = (!host_l.is_empty() && ip.is_none()).then(|| host_l.clone());
    Some((value, ip, host_out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic strings over a small alphabet that makes runs, `1`/`3` starts and
    /// `bc1` prefixes common.
    fn strings(alphabet: &[u8], n: usize) -> Vec<String> {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|i| {
                let len = 1 + i % 90;
                (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        char::from(alphabet[(seed % alphabet.len() as u64) as usize])
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn bitcoin_spans_match_the_whole_pattern() {
        let whole = Regex::new(
            r"[13][1-9A-HJ-NP-Za-km-z]{25}[1-9A-HJ-NP-Za-km-z]*|[bB][cC]1[02-9ac-hj-np-zAC-HJ-NP-Z]{11}[02-9ac-hj-np-zAC-HJ-NP-Z]*",
        )
        .unwrap();
        let ex = Extractor::new(Options::default()).unwrap();
        let sc = ex
            .scanners
            .iter()
            .find(|s| s.kind == Kind::Bitcoin)
            .unwrap();
        for s in strings(b"13bcBC1qzx0Ol -", 20_000) {
            let want: Vec<(usize, usize)> =
                whole.find_iter(&s).map(|m| (m.start(), m.end())).collect();
            let got = ex.bitcoin_spans(sc, &s, &Features::of(&s));
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn ipv4_spans_match_the_pattern() {
        let rx = Regex::new(RX_IPV4).unwrap();
        for s in strings(b"0123456789../ a", 30_000) {
            let want: Vec<(usize, usize)> =
                rx.find_iter(&s).map(|m| (m.start(), m.end())).collect();
            let mut got = Vec::new();
            let mut pos = 0;
            while let Some((a, z)) = next_ipv4(s.as_bytes(), pos) {
                got.push((a, z));
                pos = z;
            }
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn version_contexts() {
        let at = |t: &str, quad: &str| {
            let s = t.find(quad).unwrap();
            is_version_context(t.as_bytes(), s, s + quad.len())
        };
        for (t, q) in [
            ("FileVersion: 4.1.0.7", "4.1.0.7"),
            ("HostVersion=1.0.0.0", "1.0.0.0"),
            ("\"version\": \"1.2.3.4\"", "1.2.3.4"),
            ("AssemblyVersion(\"1.0.0.0\")", "1.0.0.0"),
            ("ver 2.0.0.1", "2.0.0.1"),
            ("v1.2.3.4", "1.2.3.4"),
            (r"GAC_MSIL\System\v4.0_4.0.0.0__b77a5c561934e089", "4.0.0.0"),
            ("SkypeApp_14.35.152.0_x64__kzf8qxf38zg5c", "14.35.152.0"),
            ("pkg 1.2.3.4_neutral", "1.2.3.4"),
        ] {
            assert!(at(t, q), "{t}");
        }
        for (t, q) in [
            ("src=10.0.0.1", "10.0.0.1"),
            ("nc -v 10.0.0.1 4444", "10.0.0.1"),
            ("server: 10.0.0.5", "10.0.0.5"),
            ("dev 10.0.0.5", "10.0.0.5"),
            ("from 8.8.8.8_", "8.8.8.8"),
            ("8.8.8.8_x640", "8.8.8.8"),
            ("at 8.8.8.8", "8.8.8.8"),
        ] {
            assert!(!at(t, q), "{t}");
        }
    }

    #[test]
    fn quoted_ends() {
        let end = |t: &str, name: &str, forbidden: &[u8]| -> Option<String> {
            let s = t.find(name).unwrap();
            quoted_end(t.as_bytes(), s, s + name.len(), forbidden).map(|e| t[s..e].to_string())
        };
        let w = WIN_NAME_FORBIDDEN;
        assert_eq!(
            end(r#"x "C:\a\My File.txt" y"#, r"C:\a\My", w),
            Some(r"C:\a\My File.txt".into())
        );
        assert_eq!(
            end(r"x 'C:\a\b c  ' y", r"C:\a\b", w),
            Some(r"C:\a\b c".into())
        );
        assert_eq!(end(r#"x "C:\a\b""#, r"C:\a\b", w), Some(r"C:\a\b".into()));
        // Unquoted, unclosed, closed on another line, or holding a switch or `/`.
        assert_eq!(end(r"x C:\a\b c", r"C:\a\b", w), None);
        assert_eq!(end(r#"x "C:\a\b c"#, r"C:\a\b", w), None);
        assert_eq!(end("x \"C:\\a\\b c\n\"", r"C:\a\b", w), None);
        assert_eq!(end(r#""C:\a\b -x 1""#, r"C:\a\b", w), None);
        assert_eq!(end(r#""C:\a\cmd.exe /c x""#, r"C:\a\cmd.exe", w), None);
        assert_eq!(end(r#"'C:\a\b c""#, r"C:\a\b", w), None);
        let k = KEY_NAME_FORBIDDEN;
        assert_eq!(
            end(r#""HKLM\A\Terminal Server" /v x"#, r"HKLM\A\Terminal", k),
            Some(r"HKLM\A\Terminal Server".into())
        );
        // A closing quote past the longest path is not looked for.
        let far = format!("\"C:\\a\\b {}\"", "c".repeat(MAX_PATH_BYTES));
        assert_eq!(end(&far, r"C:\a\b", w), None);
    }

    #[test]
    fn hash_runs_match_the_pattern() {
        let rx = Regex::new(RX_HASH).unwrap();
        let ex = Extractor::new(Options::default()).unwrap();
        for s in strings(b"0aF9g -", 2_000) {
            let s = s.repeat(3);
            let want: Vec<String> = rx.find_iter(&s).map(|m| m.as_str().to_string()).collect();
            let got: Vec<String> = ex
                .find(&s)
                .matches
                .into_iter()
                .filter(|m| m.ioc_type.ends_with("_hash"))
                .map(|m| m.raw)
                .collect();
            // Every reported hash is a whole regex match (the checks drop some).
            assert!(got.iter().all(|g| want.contains(g)), "{s:?}");
        }
    }
}
