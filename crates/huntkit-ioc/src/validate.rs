//! Checks that turn pattern matches into indicators: domain structure and the Public
//! Suffix List, IP ranges, wallet checksums.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Is `label` (lower-case) an ICANN top-level or public suffix that makes `domain` a
/// name on the public internet? Uses the Public Suffix List compiled into `psl`.
///
/// Like MSTICPy (tldextract without private domains), only the ICANN section counts:
/// a private suffix (`blogspot.com`) is accepted through its ICANN parent (`com`).
pub(crate) fn icann_suffix_len(domain: &str) -> Option<usize> {
    let lower;
    let d = if domain.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = domain.to_ascii_lowercase();
        lower.as_str()
    } else {
        domain
    };
    let s = psl::suffix(d.as_bytes())?;
    if !s.is_known() {
        return None;
    }
    match s.typ() {
        Some(psl::Type::Icann) => Some(s.as_bytes().len()),
        Some(psl::Type::Private) => {
            // Re-check the part of the private suffix under its ICANN parent.
            let priv_len = s.as_bytes().len();
            let start = d.len().checked_sub(priv_len)?;
            let tail = d.get(start..)?;
            let dot = tail.find('.')?;
            icann_suffix_len(tail.get(dot + 1..)?)
        }
        None => None,
    }
}

/// MSTICPy's check: the name has a non-empty ICANN suffix.
pub(crate) fn has_icann_suffix(domain: &str) -> bool {
    icann_suffix_len(domain).is_some()
}

/// huntkit's check: the name has an ICANN suffix and at least one label of its own.
pub(crate) fn is_registrable(domain: &str) -> bool {
    icann_suffix_len(domain).is_some_and(|n| n < domain.len())
}

/// Structural domain check: labels 1..=63 bytes of letters, digits and inner hyphens,
/// at least two labels, 253 bytes at most, an alphabetic (or punycode) last label.
pub(crate) fn is_domain_shape(domain: &str) -> bool {
    if domain.len() > 253 || domain.is_empty() {
        return false;
    }
    let mut labels = 0usize;
    let mut last = "";
    for label in domain.split('.') {
        let b = label.as_bytes();
        if b.is_empty() || b.len() > 63 {
            return false;
        }
        if b.first() == Some(&b'-') || b.last() == Some(&b'-') {
            return false;
        }
        if !b
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
        {
            return false;
        }
        labels += 1;
        last = label;
    }
    let tld_ok = last.bytes().all(|c| c.is_ascii_alphabetic())
        || (last.len() > 4
            && last
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("xn--")));
    labels >= 2 && tld_ok && !last.contains('_')
}

/// File extensions that are also top-level domains: a two-label name ending in one of
/// them reads as a file name (`def.zip`, `run.sh`) unless context says it is a host.
const FILE_EXTENSION_TLDS: &[&str] = &[
    "zip", "mov", "py", "pl", "sh", "rs", "md", "so", "cc", "ps", "cab", "cat", "run", "ml", "pm",
    "ini", "app", "exe", "dll", "bin", "sys", "log", "txt", "json", "xml", "conf",
];

pub(crate) fn looks_like_file_name(domain: &str) -> bool {
    let mut parts = domain.rsplitn(3, '.');
    let ext = parts.next().unwrap_or_default();
    let _stem = parts.next();
    parts.next().is_none()
        && FILE_EXTENSION_TLDS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(ext))
}

/// First labels of .NET, WinRT and PowerShell namespaces (`System.Net.Security`,
/// `Microsoft.Windows.Photos`, `Windows.Storage.Search`).
const NAMESPACE_ROOTS: &[&str] = &["system", "microsoft", "windows"];

/// Top-level domains of the names hosts have had for decades: the generic ones before
/// 2012 and every two-letter country code. A namespace-rooted name under one of them
/// (`windows.microsoft.com`) is a host.
const LEGACY_TLDS: &[&str] = &[
    "com", "net", "org", "edu", "gov", "mil", "int", "arpa", "info", "biz",
];

/// Does `name` read as a dotted .NET, WinRT or PowerShell name rather than a host?
///
/// * every label is PascalCase (an upper-case letter first, a lower-case one in it):
///   `Windows.Storage.Search`, `System.Net`, `Value.Read`. Hosts are written in lower
///   case in practice; `Example.Com` is taken for a name too.
/// * or its first label is a namespace root (`system`, `microsoft`, `windows`), it has
///   three labels or more, every label is an identifier (no `-`), and its top-level
///   domain is not a legacy one: `microsoft.windows.photos`, but not
///   `windows.microsoft.com`.
pub(crate) fn looks_like_namespace(name: &str) -> bool {
    let identifier = |l: &str| {
        l.bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
            && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
    };
    if !name.split('.').all(identifier) {
        return false;
    }
    let pascal = |l: &str| {
        l.bytes().next().is_some_and(|c| c.is_ascii_uppercase())
            && l.bytes().any(|c| c.is_ascii_lowercase())
    };
    if name.split('.').all(pascal) {
        return true;
    }
    let mut labels = name.split('.');
    let first = labels.next().unwrap_or_default();
    let tld = name.rsplit('.').next().unwrap_or_default();
    name.split('.').count() >= 3
        && NAMESPACE_ROOTS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(first))
        && tld.len() != 2
        && !LEGACY_TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld))
}

/// Parses a dotted quad with every octet at most 255 (leading zeros allowed, dropped).
pub(crate) fn parse_ipv4(s: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut n = 0usize;
    for part in s.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u8 = part.parse().ok()?;
        *octets.get_mut(n)? = v;
        n += 1;
    }
    (n == 4).then(|| Ipv4Addr::from(octets))
}

/// True for addresses that are not public unicast.
pub(crate) fn is_non_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_non_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_non_public_v4(v4);
            }
            let seg0 = v6.segments().first().copied().unwrap_or(0);
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg0 & 0xfe00) == 0xfc00 // unique local
                || (seg0 & 0xffc0) == 0xfe80 // link local
                || (seg0 == 0x2001 && v6.segments().get(1) == Some(&0x0db8)) // documentation
        }
    }
}

fn is_non_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || ip.is_multicast()
        || a == 0
        || a >= 240 // reserved
        || (a == 100 && (64..128).contains(&b)) // shared address space
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
}

/// A parsed CIDR range for the ignore list.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub(crate) fn parse(s: &str) -> Option<Cidr> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (s, None),
        };
        let addr: IpAddr = match parse_ipv4(addr) {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(addr.parse::<Ipv6Addr>().ok()?),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { addr, prefix })
    }

    pub(crate) fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                (u32::from(net) & mask) == (u32::from(ip) & mask)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                (u128::from(net) & mask) == (u128::from(ip) & mask)
            }
            (IpAddr::V4(_), IpAddr::V6(ip)) => ip
                .to_ipv4_mapped()
                .is_some_and(|v4| self.contains(IpAddr::V4(v4))),
            (IpAddr::V6(_), IpAddr::V4(_)) => false,
        }
    }
}

/// Base58Check P2PKH / P2SH address with a valid checksum.
pub(crate) fn is_bitcoin_base58(s: &str) -> bool {
    let Ok(bytes) = bs58::decode(s).with_check(None).into_vec() else {
        return false;
    };
    bytes.len() == 21 && matches!(bytes.first(), Some(0x00) | Some(0x05))
}

/// Bech32 / Bech32m segwit address on main net with a valid checksum.
pub(crate) fn is_bitcoin_bech32(s: &str) -> bool {
    match bech32::segwit::decode(s) {
        Ok((hrp, _, _)) => hrp == bech32::hrp::BC,
        Err(_) => false,
    }
}

/// `0x` + 40 hex digits; mixed case must carry a valid EIP-55 checksum.
pub(crate) fn is_ethereum(s: &str) -> bool {
    use sha3::{Digest, Keccak256};
    let Some(hex) = s.get(2..) else {
        return false;
    };
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    if !(has_upper && has_lower) {
        return true;
    }
    let lower = hex.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    hex.bytes().enumerate().all(|(i, c)| {
        let byte = hash.get(i / 2).copied().unwrap_or(0);
        let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 0x0f };
        if c.is_ascii_digit() {
            true
        } else if nibble >= 8 {
            c.is_ascii_uppercase()
        } else {
            c.is_ascii_lowercase()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psl_icann_and_private() {
        assert!(has_icann_suffix("domain.like.uk"));
        assert!(!has_icann_suffix("domain.like.iandom"));
        assert!(has_icann_suffix("foo.blogspot.com"));
        assert!(has_icann_suffix("co.uk"));
        assert!(!is_registrable("co.uk"));
        assert!(is_registrable("news.ycombinator.com"));
        assert!(is_registrable("EXAMPLE.COM"));
    }

    #[test]
    fn namespaces_and_hosts() {
        for ns in [
            "Windows.Storage.Search",
            "System.Net",
            "Value.Read",
            "System.Net.Security",
            "microsoft.windows.photos",
            "Microsoft.PowerShell.Commands",
        ] {
            assert!(looks_like_namespace(ns), "{ns}");
        }
        for host in [
            "windows.microsoft.com",
            "evil.example.com",
            "microsoft.com",
            "update.microsoft.com",
            "microsoft.windows.photos-cdn.xyz",
            "system.login.co",
            "Login.Microsoftonline.COM",
            "GitHub.io",
        ] {
            assert!(!looks_like_namespace(host), "{host}");
        }
    }

    #[test]
    fn ipv4_octets() {
        assert!(parse_ipv4("999.1.1.1").is_none());
        assert_eq!(parse_ipv4("010.0.0.1"), Some(Ipv4Addr::new(10, 0, 0, 1)));
        assert!(is_non_public("10.1.2.3".parse().unwrap()));
        assert!(!is_non_public("8.8.8.8".parse().unwrap()));
    }

    #[test]
    fn cidr_contains() {
        let c = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(c.contains("10.9.9.9".parse().unwrap()));
        assert!(!c.contains("11.0.0.1".parse().unwrap()));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("2001:db8::/32")
            .unwrap()
            .contains("2001:db8::1".parse().unwrap()));
    }

    #[test]
    fn wallets() {
        assert!(is_bitcoin_base58("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(!is_bitcoin_base58("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
        assert!(is_bitcoin_bech32(
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
        ));
        assert!(!is_bitcoin_bech32(
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx"
        ));
        assert!(is_ethereum("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        assert!(!is_ethereum("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        assert!(is_ethereum("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
    }
}
