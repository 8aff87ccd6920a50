//! RDAP bootstrap registries (RFC 9224): which RDAP server answers for which IP block,
//! AS number range or top-level domain.
//!
//! huntkit carries reduced copies of IANA's four files (`bootstrap/*.json` in this
//! crate: each RIR's main blocks, in IANA's format); [`Bootstrap::replace`] swaps in a
//! full file (IANA's own, or an organisation's), whichever of the four it is.

use std::net::IpAddr;

use ipnet::IpNet;
use serde_json::Value;

use crate::error::{Error, Result};

const BUNDLED: [&str; 4] = [
    include_str!("../../bootstrap/ipv4.json"),
    include_str!("../../bootstrap/ipv6.json"),
    include_str!("../../bootstrap/asn.json"),
    include_str!("../../bootstrap/dns.json"),
];

/// Which registry a bootstrap file describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    /// `ipv4.json`.
    Ipv4,
    /// `ipv6.json`.
    Ipv6,
    /// `asn.json`.
    Asn,
    /// `dns.json`.
    Dns,
}

/// The four registries, ready for lookups.
#[derive(Debug, Clone, Default)]
pub struct Bootstrap {
    ipv4: Vec<(IpNet, Vec<String>)>,
    ipv6: Vec<(IpNet, Vec<String>)>,
    asn: Vec<(u32, u32, Vec<String>)>,
    dns: Vec<(String, Vec<String>)>,
}

impl Bootstrap {
    /// The registries huntkit carries.
    pub fn bundled() -> Result<Bootstrap> {
        let mut b = Bootstrap::default();
        for text in BUNDLED {
            b.replace(text)?;
        }
        Ok(b)
    }

    /// Replaces one registry with the file `text` (its kind is read from its entries:
    /// IPv4 or IPv6 prefixes, AS number ranges, or domain labels); returns which.
    pub fn replace(&mut self, text: &str) -> Result<Registry> {
        let json: Value = serde_json::from_str(text).map_err(|e| Error::InvalidBootstrap {
            message: format!("not JSON: {e}"),
        })?;
        let services = json
            .get("services")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("no `services` array"))?;
        let mut entries: Vec<(String, Vec<String>)> = Vec::new();
        for (i, service) in services.iter().enumerate() {
            let pair = service
                .as_array()
                .filter(|p| p.len() == 2)
                .ok_or_else(|| bad(format!("services[{i}] is not a pair of arrays")))?;
            let (keys, urls) = match pair.as_slice() {
                [k, u] => (k, u),
                _ => return Err(bad(format!("services[{i}] is not a pair of arrays"))),
            };
            let strings = |v: &Value, what: &str| -> Result<Vec<String>> {
                v.as_array()
                    .ok_or_else(|| bad(format!("services[{i}]: {what} is not an array")))?
                    .iter()
                    .map(|s| {
                        s.as_str()
                            .map(str::to_string)
                            .ok_or_else(|| bad(format!("services[{i}]: {what} holds a non-string")))
                    })
                    .collect()
            };
            let urls = order_urls(strings(urls, "the URL list")?);
            if urls.is_empty() {
                return Err(bad(format!("services[{i}] has no http(s) URL")));
            }
            for key in strings(keys, "the entry list")? {
                entries.push((key, urls.clone()));
            }
        }
        let kind = match entries.first() {
            None => return Err(bad("no entries")),
            Some((k, _)) if k.contains(':') => Registry::Ipv6,
            Some((k, _)) if k.contains('/') => Registry::Ipv4,
            Some((k, _)) if k.bytes().all(|b| b.is_ascii_digit() || b == b'-') => Registry::Asn,
            Some(_) => Registry::Dns,
        };
        match kind {
            Registry::Ipv4 | Registry::Ipv6 => {
                let mut nets = Vec::with_capacity(entries.len());
                for (k, urls) in entries {
                    let net: IpNet = k
                        .parse()
                        .map_err(|_| bad(format!("`{}` is not an IP prefix", short(&k))))?;
                    nets.push((net, urls));
                }
                // Longest prefix first, so the first match is the most specific.
                nets.sort_by_key(|(n, _)| std::cmp::Reverse(n.prefix_len()));
                if kind == Registry::Ipv4 {
                    self.ipv4 = nets;
                } else {
                    self.ipv6 = nets;
                }
            }
            Registry::Asn => {
                let mut ranges = Vec::with_capacity(entries.len());
                for (k, urls) in entries {
                    let (a, b) = k.split_once('-').unwrap_or((&k, &k));
                    let (a, b) = (a.parse::<u32>(), b.parse::<u32>());
                    match (a, b) {
                        (Ok(a), Ok(b)) if a <= b => ranges.push((a, b, urls)),
                        _ => return Err(bad(format!("`{}` is not an AS range", short(&k)))),
                    }
                }
                self.asn = ranges;
            }
            Registry::Dns => {
                self.dns = entries
                    .into_iter()
                    .map(|(k, u)| (k.to_ascii_lowercase(), u))
                    .collect();
                // Longest label list first.
                self.dns.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
            }
        }
        Ok(kind)
    }

    /// The RDAP base URLs (https first, each ending in `/`) for an address.
    pub fn for_ip(&self, ip: IpAddr) -> Option<&[String]> {
        let table = match ip {
            IpAddr::V4(_) => &self.ipv4,
            IpAddr::V6(_) => &self.ipv6,
        };
        table
            .iter()
            .find(|(net, _)| net.contains(&ip))
            .map(|(_, urls)| urls.as_slice())
    }

    /// The RDAP base URLs for an AS number.
    pub fn for_asn(&self, asn: u32) -> Option<&[String]> {
        self.asn
            .iter()
            .find(|(a, b, _)| (*a..=*b).contains(&asn))
            .map(|(_, _, urls)| urls.as_slice())
    }

    /// The RDAP base URLs for a domain name (longest matching suffix).
    pub fn for_domain(&self, domain: &str) -> Option<&[String]> {
        let d = domain.trim_end_matches('.').to_ascii_lowercase();
        self.dns
            .iter()
            .find(|(tld, _)| d == *tld || d.ends_with(&format!(".{tld}")))
            .map(|(_, urls)| urls.as_slice())
    }
}

/// The name of the RIR behind an RDAP base URL (ipwhois' `asn_registry` names).
pub fn registry_name(base: &str) -> Option<&'static str> {
    let b = base.to_ascii_lowercase();
    [
        ("arin.net", "arin"),
        ("ripe.net", "ripencc"),
        ("apnic.net", "apnic"),
        ("lacnic.net", "lacnic"),
        ("afrinic.net", "afrinic"),
    ]
    .into_iter()
    .find(|(host, _)| b.contains(host))
    .map(|(_, name)| name)
}

/// https URLs before http ones; others dropped; each ends in `/` (RFC 9224 §3).
fn order_urls(urls: Vec<String>) -> Vec<String> {
    let with_slash = |u: String| if u.ends_with('/') { u } else { format!("{u}/") };
    let (https, rest): (Vec<String>, Vec<String>) =
        urls.into_iter().partition(|u| u.starts_with("https://"));
    https
        .into_iter()
        .chain(rest.into_iter().filter(|u| u.starts_with("http://")))
        .map(with_slash)
        .collect()
}

fn bad(message: impl Into<String>) -> Error {
    Error::InvalidBootstrap {
        message: message.into(),
    }
}

fn short(s: &str) -> String {
    huntkit_core::shorten(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_files_cover_the_rirs() {
        let b = Bootstrap::bundled().unwrap();
        let ip = |s: &str| b.for_ip(s.parse().unwrap()).unwrap()[0].clone();
        assert_eq!(ip("13.107.4.50"), "https://rdap.arin.net/registry/");
        assert_eq!(ip("193.0.6.139"), "https://rdap.db.ripe.net/");
        assert_eq!(ip("1.1.1.1"), "https://rdap.apnic.net/");
        assert_eq!(ip("200.3.14.10"), "https://rdap.lacnic.net/rdap/");
        assert_eq!(ip("196.216.2.1"), "https://rdap.afrinic.net/rdap/");
        assert_eq!(ip("2a00:1450::1"), "https://rdap.db.ripe.net/");
        assert_eq!(ip("2001:4860::8888"), "https://rdap.arin.net/registry/");
        assert!(b.for_ip("10.0.0.1".parse().unwrap()).is_none());
        assert_eq!(
            b.for_asn(8068).unwrap()[0],
            "https://rdap.arin.net/registry/"
        );
        assert_eq!(b.for_asn(3333).unwrap()[0], "https://rdap.db.ripe.net/");
        assert_eq!(
            b.for_domain("Example.COM").unwrap()[0],
            "https://rdap.verisign.com/com/v1/"
        );
        assert_eq!(registry_name("https://rdap.db.ripe.net/"), Some("ripencc"));
    }

    #[test]
    fn replace_reads_the_kind_and_prefers_specific_prefixes() {
        let mut b = Bootstrap::bundled().unwrap();
        let kind = b
            .replace(
                r#"{"version":"1.0","publication":"x","services":[
                [["10.0.0.0/8"],["http://127.0.0.1:1/a","https://rdap.example/b"]],
                [["10.1.0.0/16"],["https://rdap.example/c/"]]]}"#,
            )
            .unwrap();
        assert_eq!(kind, Registry::Ipv4);
        let urls = b.for_ip("10.1.2.3".parse().unwrap()).unwrap();
        assert_eq!(urls, ["https://rdap.example/c/"]);
        let urls = b.for_ip("10.2.2.3".parse().unwrap()).unwrap();
        assert_eq!(urls, ["https://rdap.example/b/", "http://127.0.0.1:1/a/"]);
        // The IPv6 registry is untouched.
        assert!(b.for_ip("2a00::1".parse().unwrap()).is_some());
        for broken in [
            "[]",
            r#"{"services":[[["1.0.0.0/8"]]]}"#,
            r#"{"services":[[["1.0.0.0/33"],["https://x/"]]]}"#,
            r#"{"services":[[["9-1"],["https://x/"]]]}"#,
            r#"{"services":[[["1.0.0.0/8"],["ftp://x/"]]]}"#,
        ] {
            let e = b.replace(broken).unwrap_err();
            assert_eq!(
                huntkit_core::ErrorCode::code(&e),
                "invalid_bootstrap",
                "{broken}"
            );
        }
    }
}
