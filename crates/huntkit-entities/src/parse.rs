//! One value of text into an entity: refanged, checked and normalised, with the
//! properties MSTICPy's entity classes derive from it.

use std::net::IpAddr;
use std::sync::OnceLock;

use regex::Regex;

use crate::{ip, refang, EntityKind};

/// An entity parsed from one value: its kind and its properties, aligned with
/// [`EntityKind::columns`] (`None` for a property the value does not give).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// The entity type.
    pub kind: EntityKind,
    /// Property values, in the order of `kind.columns()`.
    pub values: Vec<Option<String>>,
}

impl Entity {
    /// Parses `text` as an entity of `kind`, or `None` when it is not one (an IP address
    /// that does not parse, a hash of the wrong length, an empty value, ...).
    ///
    /// ```
    /// use huntkit_entities::{Entity, EntityKind};
    /// let a = Entity::parse(EntityKind::Account, "CONTOSO\\alice").unwrap();
    /// assert_eq!(a.get("Name"), Some("alice"));
    /// assert_eq!(a.get("NTDomain"), Some("CONTOSO"));
    /// let d = Entity::parse(EntityKind::Dns, "WWW.Evil[.]Example.COM.").unwrap();
    /// assert_eq!(d.value(), Some("www.evil.example.com"));
    /// ```
    pub fn parse(kind: EntityKind, text: &str) -> Option<Entity> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let values = match kind {
            EntityKind::IpAddress => parse_ip_entity(text)?,
            EntityKind::Dns => vec![Some(domain(text)?)],
            EntityKind::Url => url_values(text)?,
            EntityKind::FileHash => hash_values(text)?,
            EntityKind::File => file_values(text),
            EntityKind::Account => account_values(text),
            EntityKind::Host => host_values(text)?,
            EntityKind::Process => process_values(text),
            EntityKind::Email => email_values(text)?,
        };
        Some(Entity { kind, values })
    }

    /// The value of property `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let i = self.kind.columns().iter().position(|c| *c == name)?;
        self.values.get(i)?.as_deref()
    }

    /// The normalised value (the kind's [`EntityKind::value_property`]).
    pub fn value(&self) -> Option<&str> {
        self.values.first()?.as_deref()
    }

    /// The properties as name → value, empty ones left out.
    pub fn properties(&self) -> Vec<(&'static str, &str)> {
        self.kind
            .columns()
            .iter()
            .zip(&self.values)
            .filter_map(|(n, v)| v.as_deref().map(|v| (*n, v)))
            .collect()
    }

    /// MSTICPy's `is_equivalent`: no property set in both has different values.
    pub fn is_equivalent(&self, other: &Entity) -> bool {
        self.kind == other.kind
            && self
                .values
                .iter()
                .zip(&other.values)
                .all(|(a, b)| match (a, b) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                })
    }

    /// MSTICPy's `can_merge`: the identifying properties set in both are all equal.
    pub fn can_merge(&self, other: &Entity) -> bool {
        self.kind == other.kind
            && self
                .kind
                .id_properties()
                .iter()
                .all(|p| match (self.get(p), other.get(p)) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                })
    }

    /// MSTICPy's `merge`: this entity with its empty properties filled from `other`, or
    /// `None` when they cannot be merged.
    pub fn merge(&self, other: &Entity) -> Option<Entity> {
        if !self.can_merge(other) {
            return None;
        }
        let values = self
            .values
            .iter()
            .zip(&other.values)
            .map(|(a, b)| a.clone().or_else(|| b.clone()))
            .collect();
        Some(Entity {
            kind: self.kind,
            values,
        })
    }
}

/// An IP address from text: refanged, without brackets or an IPv6 zone.
pub(crate) fn parse_ip(text: &str) -> Option<IpAddr> {
    let plain = refang(text.trim());
    let s = plain.trim();
    let s = s
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(s);
    let s = s.split_once('%').map_or(s, |(addr, _zone)| addr);
    s.parse().ok()
}

fn parse_ip_entity(text: &str) -> Option<Vec<Option<String>>> {
    let addr = parse_ip(text)?;
    let version = if addr.is_ipv4() { "4" } else { "6" };
    Some(vec![
        Some(addr.to_string()),
        Some(ip::classify(addr).as_str().to_string()),
        Some(version.to_string()),
    ])
}

/// A domain name: refanged, lower-cased, without a trailing dot, each label 1 to 63
/// characters of letters, digits, `-` or `_` (or non-ASCII), 253 characters at most.
pub(crate) fn domain(text: &str) -> Option<String> {
    let plain = refang(text.trim()).to_lowercase();
    let name = plain.strip_suffix('.').unwrap_or(&plain);
    if name.is_empty() || name.len() > 253 {
        return None;
    }
    let ok = name.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    });
    ok.then(|| name.to_string())
}

/// The parts of a URL as RFC 3986 (appendix B) splits it: scheme, authority, path,
/// query, fragment. A split, not a validation, as Python's `urlparse`: the fragment is
/// everything after the first `#`.
pub struct UrlParts {
    /// The URL, refanged, with its scheme and host lower-cased.
    pub url: String,
    /// Lower-cased.
    pub scheme: Option<String>,
    /// Lower-cased; an IPv6 host without its brackets.
    pub host: Option<String>,
    /// The port as written after the host.
    pub port: Option<String>,
    /// The path, empty when there is none.
    pub path: String,
    /// The text after `?`, up to `#`.
    pub query: Option<String>,
    /// Everything after the first `#`.
    pub fragment: Option<String>,
    /// `user:password` before the host's `@`.
    pub user_info: Option<String>,
}

fn url_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:([A-Za-z][A-Za-z0-9+.\-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$",
        )
        .ok()
    })
    .as_ref()
}

/// Splits a URL (defanged forms accepted). `None` for empty text.
///
/// ```
/// let p = huntkit_entities::url_parts("https://www.contoso.com/path#frag?query=xxx").unwrap();
/// assert_eq!(p.host.as_deref(), Some("www.contoso.com"));
/// assert_eq!(p.scheme.as_deref(), Some("https"));
/// assert_eq!(p.path, "/path");
/// assert_eq!(p.fragment.as_deref(), Some("frag?query=xxx"));
/// ```
pub fn url_parts(text: &str) -> Option<UrlParts> {
    let plain = refang(text.trim());
    if plain.is_empty() {
        return None;
    }
    let caps = url_regex()?.captures(&plain)?;
    let group = |i: usize| caps.get(i).map(|m| m.as_str().to_string());
    let scheme = group(1).map(|s| s.to_ascii_lowercase());
    let authority = group(2);
    let (user_info, host, port) = match &authority {
        None => (None, None, None),
        Some(a) => {
            let (user, hostport) = match a.rsplit_once('@') {
                Some((u, h)) => (Some(u.to_string()), h),
                None => (None, a.as_str()),
            };
            let (host, port) = if let Some(rest) = hostport.strip_prefix('[') {
                match rest.split_once(']') {
                    Some((h, p)) => (h, p.strip_prefix(':')),
                    None => (rest, None),
                }
            } else {
                match hostport.rsplit_once(':') {
                    Some((h, p)) => (h, Some(p)),
                    None => (hostport, None),
                }
            };
            let host = (!host.is_empty()).then(|| host.to_lowercase());
            let port = port.filter(|p| !p.is_empty()).map(str::to_string);
            (user, host, port)
        }
    };
    let path = group(3).unwrap_or_default();
    let query = group(4);
    let fragment = group(5);
    let mut url = String::with_capacity(plain.len());
    if let Some(s) = &scheme {
        url.push_str(s);
        url.push(':');
    }
    if authority.is_some() {
        url.push_str("//");
        if let Some(u) = &user_info {
            url.push_str(u);
            url.push('@');
        }
        if let Some(h) = &host {
            if h.contains(':') {
                url.push('[');
                url.push_str(h);
                url.push(']');
            } else {
                url.push_str(h);
            }
        }
        if let Some(p) = &port {
            url.push(':');
            url.push_str(p);
        }
    }
    url.push_str(&path);
    if let Some(q) = &query {
        url.push('?');
        url.push_str(q);
    }
    if let Some(f) = &fragment {
        url.push('#');
        url.push_str(f);
    }
    Some(UrlParts {
        url,
        scheme,
        host,
        port,
        path,
        query,
        fragment,
        user_info,
    })
}

fn url_values(text: &str) -> Option<Vec<Option<String>>> {
    let p = url_parts(text)?;
    Some(vec![
        Some(p.url),
        p.scheme,
        p.host,
        p.port,
        Some(p.path),
        p.query,
        p.fragment,
        p.user_info,
    ])
}

/// The hash algorithm of a hex digest, by its length.
pub fn hash_algorithm(hex: &str) -> Option<&'static str> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        32 => Some("MD5"),
        40 => Some("SHA1"),
        64 => Some("SHA256"),
        128 => Some("SHA512"),
        _ => None,
    }
}

fn hash_values(text: &str) -> Option<Vec<Option<String>>> {
    let hex = text.strip_prefix("0x").unwrap_or(text).to_ascii_lowercase();
    let algorithm = hash_algorithm(&hex)?;
    Some(vec![Some(hex), Some(algorithm.to_string())])
}

fn file_values(text: &str) -> Vec<Option<String>> {
    let bytes = text.as_bytes();
    let drive = bytes.get(1) == Some(&b':') && bytes.first().is_some_and(u8::is_ascii_alphabetic);
    let windows = drive || text.contains('\\');
    let sep = if windows { '\\' } else { '/' };
    let (directory, name) = match text.rfind(['\\', '/']) {
        Some(i) => (
            text.get(..i).map(|d| {
                if d.is_empty() {
                    sep.to_string()
                } else {
                    d.to_string()
                }
            }),
            text.get(i + 1..).map(str::to_string),
        ),
        None => (None, Some(text.to_string())),
    };
    vec![
        Some(text.to_string()),
        directory,
        name.filter(|n| !n.is_empty()),
        Some(sep.to_string()),
        Some(if windows { "Windows" } else { "Linux" }.to_string()),
    ]
}

fn account_values(text: &str) -> Vec<Option<String>> {
    // A Windows SID: S-1-...
    let is_sid = text.len() > 4
        && text
            .get(..4)
            .is_some_and(|h| h.eq_ignore_ascii_case("s-1-"))
        && text
            .bytes()
            .skip(4)
            .all(|b| b.is_ascii_digit() || b == b'-');
    if is_sid {
        return vec![
            Some(text.to_uppercase()),
            None,
            None,
            None,
            Some(text.to_uppercase()),
        ];
    }
    if let Some((domain, name)) = text.split_once('\\') {
        if !domain.is_empty() && !name.is_empty() {
            return vec![
                Some(format!("{domain}\\{name}")),
                Some(name.to_string()),
                Some(domain.to_string()),
                None,
                None,
            ];
        }
    }
    let plain = refang(text);
    if let Some((name, suffix)) = plain.rsplit_once('@') {
        if !name.is_empty() && !suffix.is_empty() {
            let suffix = suffix.to_lowercase();
            return vec![
                Some(format!("{name}@{suffix}")),
                Some(name.to_string()),
                None,
                Some(suffix),
                None,
            ];
        }
    }
    vec![
        Some(text.to_string()),
        Some(text.to_string()),
        None,
        None,
        None,
    ]
}

fn host_values(text: &str) -> Option<Vec<Option<String>>> {
    let plain = refang(text);
    let name = plain.strip_suffix('.').unwrap_or(&plain);
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return None;
    }
    // An address is its own host name: it has no domain part.
    if parse_ip(name).is_some() {
        return Some(vec![Some(name.to_string()), Some(name.to_string()), None]);
    }
    match name.split_once('.') {
        Some((host, dom)) if !host.is_empty() && !dom.is_empty() => {
            let dom = dom.to_lowercase();
            Some(vec![
                Some(format!("{host}.{dom}")),
                Some(host.to_string()),
                Some(dom),
            ])
        }
        _ => Some(vec![Some(name.to_string()), Some(name.to_string()), None]),
    }
}

fn process_values(text: &str) -> Vec<Option<String>> {
    let path = if let Some(rest) = text.strip_prefix('"') {
        rest.split_once('"').map_or(rest, |(p, _)| p)
    } else {
        // Unquoted: up to the executable's extension when there is one (paths with
        // spaces), else up to the first space.
        let lower = text.to_ascii_lowercase();
        let by_ext = [".exe", ".com", ".bat", ".cmd", ".ps1", ".scr"]
            .iter()
            .filter_map(|ext| lower.find(ext).map(|i| i + ext.len()))
            .filter(|end| {
                lower
                    .as_bytes()
                    .get(*end)
                    .is_none_or(|b| b.is_ascii_whitespace())
            })
            .min();
        match by_ext {
            Some(end) => text.get(..end).unwrap_or(text),
            None => text.split_whitespace().next().unwrap_or(text),
        }
    };
    let name = path.rsplit(['\\', '/']).next().filter(|n| !n.is_empty());
    vec![
        Some(text.to_string()),
        (!path.is_empty()).then(|| path.to_string()),
        name.map(str::to_string),
    ]
}

fn email_values(text: &str) -> Option<Vec<Option<String>>> {
    let plain = refang(text).to_lowercase();
    let plain = plain.strip_prefix("mailto:").unwrap_or(&plain);
    let (user, dom) = plain.rsplit_once('@')?;
    if user.is_empty() || user.chars().any(char::is_whitespace) {
        return None;
    }
    let dom = domain(dom)?;
    Some(vec![
        Some(format!("{user}@{dom}")),
        Some(user.to_string()),
        Some(dom),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(kind: EntityKind, text: &str, prop: &str) -> Option<String> {
        Entity::parse(kind, text).and_then(|e| e.get(prop).map(str::to_string))
    }

    #[test]
    fn url_components_as_msticpy() {
        let p = url_parts("https://www.contoso.com/path#frag?query=xxx").unwrap();
        assert_eq!(p.host.as_deref(), Some("www.contoso.com"));
        assert_eq!(p.scheme.as_deref(), Some("https"));
        assert_eq!(p.path, "/path");
        assert_eq!(p.fragment.as_deref(), Some("frag?query=xxx"));
        let p = url_parts("hxxps://User:pw@Evil[.]COM:8443/a?b=c").unwrap();
        assert_eq!(p.url, "https://User:pw@evil.com:8443/a?b=c");
        assert_eq!(p.port.as_deref(), Some("8443"));
        assert_eq!(p.user_info.as_deref(), Some("User:pw"));
        assert_eq!(p.query.as_deref(), Some("b=c"));
        let p = url_parts("http://[2001:db8::1]:80/x").unwrap();
        assert_eq!(p.host.as_deref(), Some("2001:db8::1"));
        assert_eq!(p.port.as_deref(), Some("80"));
    }

    #[test]
    fn kinds_parse_and_normalise() {
        assert_eq!(
            get(EntityKind::IpAddress, " 10[.]0[.]0[.]1 ", "Address").as_deref(),
            Some("10.0.0.1")
        );
        assert_eq!(
            get(EntityKind::IpAddress, "2001:DB8::0:1", "Address").as_deref(),
            Some("2001:db8::1")
        );
        assert!(Entity::parse(EntityKind::IpAddress, "10.0.0.256").is_none());
        assert_eq!(
            get(
                EntityKind::FileHash,
                "D41D8CD98F00B204E9800998ECF8427E",
                "Algorithm"
            )
            .as_deref(),
            Some("MD5")
        );
        assert!(Entity::parse(EntityKind::FileHash, "abc").is_none());
        assert_eq!(
            get(EntityKind::File, "C:\\Windows\\System32\\cmd.exe", "Name").as_deref(),
            Some("cmd.exe")
        );
        assert_eq!(
            get(
                EntityKind::File,
                "C:\\Windows\\System32\\cmd.exe",
                "Directory"
            )
            .as_deref(),
            Some("C:\\Windows\\System32")
        );
        assert_eq!(
            get(EntityKind::File, "/usr/bin/curl", "OSFamily").as_deref(),
            Some("Linux")
        );
        assert_eq!(
            get(EntityKind::File, "/bin", "Directory").as_deref(),
            Some("/")
        );
        assert_eq!(
            get(EntityKind::Account, "alice@Contoso.COM", "UPNSuffix").as_deref(),
            Some("contoso.com")
        );
        assert_eq!(
            get(EntityKind::Account, "s-1-5-18", "Sid").as_deref(),
            Some("S-1-5-18")
        );
        assert_eq!(
            get(EntityKind::Host, "WEB01.Contoso.com", "HostName").as_deref(),
            Some("WEB01")
        );
        assert_eq!(
            get(EntityKind::Host, "WEB01.Contoso.com", "DnsDomain").as_deref(),
            Some("contoso.com")
        );
        assert_eq!(
            get(EntityKind::Host, "10.0.0.5", "HostName").as_deref(),
            Some("10.0.0.5")
        );
        assert_eq!(
            get(
                EntityKind::Process,
                "\"C:\\Program Files\\x y\\a.exe\" -k",
                "ProcessName"
            )
            .as_deref(),
            Some("a.exe")
        );
        assert_eq!(
            get(
                EntityKind::Process,
                "C:\\Program Files\\x y\\a.exe -k",
                "ProcessFilePath"
            )
            .as_deref(),
            Some("C:\\Program Files\\x y\\a.exe")
        );
        assert_eq!(
            get(EntityKind::Process, "powershell -enc AAA", "ProcessName").as_deref(),
            Some("powershell")
        );
        assert_eq!(
            get(EntityKind::Email, "Bob[at]Example[.]ORG", "Address").as_deref(),
            Some("bob@example.org")
        );
        assert!(Entity::parse(EntityKind::Email, "no-at-sign").is_none());
        assert!(Entity::parse(EntityKind::Dns, "bad..name").is_none());
        assert!(Entity::parse(EntityKind::Dns, "   ").is_none());
    }

    #[test]
    fn merge_and_equivalence() {
        let h1 = Entity::parse(EntityKind::Host, "host1.contoso.com").unwrap();
        let h2 = Entity {
            kind: EntityKind::Host,
            values: vec![None, Some("host1".into()), None],
        };
        let h3 = Entity::parse(EntityKind::Host, "host3.contoso.com").unwrap();
        assert_ne!(h1, h2);
        assert!(h1.is_equivalent(&h2) && h1.can_merge(&h2));
        assert!(!h1.is_equivalent(&h3) && !h1.can_merge(&h3));
        let m = h2.merge(&h1).unwrap();
        assert_eq!(m.get("DnsDomain"), Some("contoso.com"));
        assert!(h1.merge(&h3).is_none());
    }
}
