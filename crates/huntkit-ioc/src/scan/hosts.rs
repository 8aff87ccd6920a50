//! Names of hosts: URLs (with percent-encoded URLs inside them), domains checked
//! against the Public Suffix List and told apart from file names and code, and e-mail
//! addresses.

use super::check::{is_word, Cand, Hit};
use super::emit::Ctx;
use super::extractor::Extractor;
use super::ip::ipv4_value;
use super::types::IocType;
use crate::validate;
use regex::Regex;
use std::net::{IpAddr, Ipv6Addr};

// huntkit's patterns run on the refanged view and find candidates; the checks below
// decide. None uses look-around, so every scan is linear.
pub(super) const RX_URL: &str =
    r#"(?i:https?|s?ftps?|wss?|telnet|ldaps?|file|smb|tftp|ssh|rdp)://[^\s"'<>`{}|\\^]*"#;
pub(super) const RX_DNS: &str =
    r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.)+(?:[Xx][Nn]--[A-Za-z0-9-]+|[A-Za-z]{2,63})";
pub(super) const RX_EMAIL: &str = r"[A-Za-z0-9_%+-](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?@(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:[Xx][Nn]--[A-Za-z0-9-]+|[A-Za-z]{2,63})|\[[0-9]{1,3}(?:\.[0-9]{1,3}){3}\])";

/// Encoded URLs looked for inside one URL.
const MAX_ENCODED_URLS: usize = 64;

impl Extractor {
    /// A URL, its end trimmed, and the encoded URLs inside it with their hosts.
    /// `rx` is the URL pattern, run again over the decoded URL.
    pub(super) fn url(&self, rx: &Regex, hit: Hit<'_>, ctx: &mut Ctx<'_, '_>, out: &mut Vec<Cand>) {
        let start = hit.start;
        let Some(len) = trim_url_end(hit.s) else {
            return;
        };
        let end = start + len;
        let Some(url) = hit.text.get(start..end) else {
            return;
        };
        if hit
            .before(start, 1)
            .is_some_and(|p| p.is_ascii_alphabetic())
        {
            return;
        }
        let Some((value, ip, host)) = parse_url(url) else {
            return;
        };
        ctx.url_spans.push((start, end));
        out.push(Cand {
            ty: IocType::Url.index(),
            start,
            end,
            value,
            ip,
            domain: host,
        });
        if url.contains('%') {
            self.encoded_urls(rx, url, start, end, out);
        }
    }

    /// An encoded URL inside the URL at `start..end` (`?u=http%3A%2F%2Fbad.example.org`):
    /// decode, and scan the decoded text after the URL's own scheme. Each URL found,
    /// and its host, is reported with the enclosing URL's span.
    fn encoded_urls(&self, rx: &Regex, url: &str, start: usize, end: usize, out: &mut Vec<Cand>) {
        let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
        if decoded == url {
            return;
        }
        let inner_text = decoded.get(1..).unwrap_or_default();
        for im in rx.find_iter(inner_text).take(MAX_ENCODED_URLS) {
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
                if let Some(c) = self.host_of_encoded(h, start, end) {
                    out.push(c);
                }
            }
            out.push(Cand {
                ty: IocType::Url.index(),
                start,
                end,
                value: v,
                ip,
                domain: host,
            });
        }
    }

    /// The host `h` of an encoded URL as an address or a domain, if it is one.
    fn host_of_encoded(&self, h: &str, start: usize, end: usize) -> Option<Cand> {
        if let Some(v4) = validate::parse_ipv4(h) {
            return Some(Cand {
                ty: IocType::Ipv4.index(),
                start,
                end,
                value: ipv4_value(h, v4),
                ip: Some(IpAddr::V4(v4)),
                domain: None,
            });
        }
        if let Ok(v6) = h.parse::<Ipv6Addr>() {
            return Some(Cand {
                ty: IocType::Ipv6.index(),
                start,
                end,
                value: v6.to_string(),
                ip: Some(IpAddr::V6(v6)),
                domain: None,
            });
        }
        if validate::is_domain_shape(h) && (self.options.ignore_tlds || validate::is_registrable(h))
        {
            return Some(Cand {
                ty: IocType::Dns.index(),
                start,
                end,
                value: h.to_ascii_lowercase(),
                ip: None,
                domain: Some(h.to_ascii_lowercase()),
            });
        }
        None
    }

    /// A domain: not a file name, a path component, PowerShell member access or a
    /// dotted .NET name, unless its context says host.
    pub(super) fn dns(&self, hit: Hit<'_>, out: &mut Vec<Cand>) {
        let (start, end) = (hit.start, hit.end);
        let mut st = start;
        // `%2Fbad.example.org`: the `2F` belongs to the percent escape.
        if hit.before(start, 1) == Some(b'%')
            && hit.at(start).is_some_and(|c| c.is_ascii_hexdigit())
            && hit.at(start + 1).is_some_and(|c| c.is_ascii_hexdigit())
        {
            st = start + 2;
        }
        let Some(d) = hit.text.get(st..end) else {
            return;
        };
        match hit.at(end) {
            Some(c) if is_word(c) || c == b'-' || c == b'@' => return,
            _ => {}
        }
        let prev = hit.before(st, 1);
        let prev2 = hit.before(st, 2);
        if prev == Some(b'\\') || (prev == Some(b'/') && prev2 != Some(b'/')) {
            return; // a path component: a file, not a host
        }
        if !validate::is_domain_shape(d) {
            return;
        }
        if !self.options.ignore_tlds && !validate::is_registrable(d) {
            return;
        }
        let host_context = prev == Some(b'@') || (prev == Some(b'/') && prev2 == Some(b'/'));
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
            if validate::looks_like_namespace(d) && !after_dns_word(hit.bytes(), st) {
                return;
            }
        }
        let v = d.to_ascii_lowercase();
        // The domain is only read by the ignore list.
        let domain = (!self.ignore_domains.is_empty()).then(|| v.clone());
        out.push(Cand {
            ty: IocType::Dns.index(),
            start: st,
            end,
            value: v,
            ip: None,
            domain,
        });
    }

    /// An e-mail address outside any URL, its domain validated like a domain's, or an
    /// IPv4 literal.
    pub(super) fn email(&self, hit: Hit<'_>, ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
        let (start, end) = (hit.start, hit.end);
        if ctx.in_url(start, end) {
            return;
        }
        if hit.before(start, 1).is_some_and(|p| p == b'/' || p == b'.') {
            return;
        }
        match hit.at(end) {
            Some(c) if is_word(c) || c == b'-' => return,
            _ => {}
        }
        let Some((user, domain)) = hit.s.rsplit_once('@') else {
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
            ty: IocType::Email.index(),
            start,
            end,
            value: format!("{user}@{dl}"),
            ip: None,
            domain: (!literal).then_some(dl),
        });
    }
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

/// The matches `RX_DNS`'s `find_iter` gives over `text` (`rx` compiled from it), with
/// the regex run only where a match can lie.
///
/// A match is made of name bytes (ASCII letters, digits, `_`, `-`, `.`) and holds a dot
/// between a word byte and two letters (its last dot). So every match lies inside one
/// run of name bytes that holds such a dot, and the pattern reads nothing outside its
/// match (no anchors, no look-around): the regex over each such run finds exactly the
/// matches a search over the whole text finds there. Log lines are mostly other runs.
pub(super) fn dns_spans<'a>(
    rx: &'a Regex,
    text: &'a str,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let b = text.as_bytes();
    let is_name = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.');
    let mut dots = memchr::memchr_iter(b'.', b);
    // Bytes before `floor` belong to runs already searched.
    let mut floor = 0usize;
    let runs = std::iter::from_fn(move || loop {
        let dot = dots.next()?;
        if dot < floor {
            continue;
        }
        if !crate::features::is_dns_dot(b, dot) {
            continue;
        }
        let head = b.get(floor..dot).unwrap_or_default();
        let start = dot - head.iter().rev().take_while(|c| is_name(c)).count();
        let tail = b.get(dot..).unwrap_or_default();
        let end = dot + tail.iter().take_while(|c| is_name(c)).count();
        floor = end;
        return Some((start, end));
    });
    runs.flat_map(move |(start, end)| {
        let run = text.get(start..end).unwrap_or_default();
        rx.find_iter(run)
            .map(move |m| (start + m.start(), start + m.end()))
    })
}

#[cfg(test)]
mod tests {
    use super::super::check::test_strings;
    use super::*;

    #[test]
    fn dns_spans_match_the_pattern() {
        let rx = Regex::new(RX_DNS).unwrap();
        for s in test_strings(b"ab.-_xnX9 /.Z", 30_000) {
            let want: Vec<(usize, usize)> =
                rx.find_iter(&s).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = dns_spans(&rx, &s).collect();
            assert_eq!(got, want, "{s:?}");
        }
        let long = format!("{}.com x.{}", "a".repeat(70), "b".repeat(70));
        let want: Vec<(usize, usize)> = rx.find_iter(&long).map(|m| (m.start(), m.end())).collect();
        assert_eq!(dns_spans(&rx, &long).collect::<Vec<_>>(), want);
    }
}
