//! Indicator normalisation: refanging, type inference and the key a value is stored
//! and looked up under.
//!
//! Lookups must be fast (a million indicators a second and more), so this is a
//! whole-value check per indicator, not the extractor's scan of free text: a value is
//! an address when the standard library parses it as one, a digest when it is all hex
//! of a digest's length, a URL when it has a scheme, an e-mail address when it has one
//! `@` before a host name, a domain when it is dotted labels of host-name characters.
//! The type names are the extractor's (`huntkit-ioc`), so its output can be looked up
//! directly; to look up indicators inside free text, extract them first.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::result::IocType;

/// The key a normalised indicator is stored and looked up under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key<'a> {
    /// An IPv4 address as its number.
    V4(u32),
    /// An IPv6 address as its number (IPv4-mapped addresses become [`Key::V4`]).
    V6(u128),
    /// Anything else: normalised text.
    Text(Cow<'a, str>),
}

/// Undoes defanging as the IoC extractor does (`huntkit_ioc::refang`: `hxxp`/`hXXps`/
/// `fxp` schemes, `[.]`, `(.)`, `{.}`, `[dot]`, `[@]`, `[at]`, `[:]`, `[://]`, ...), so
/// a feed's entries and the extractor's indicators meet. Text with none of them is
/// returned as it is, without copying.
pub fn refang(value: &str) -> Cow<'_, str> {
    huntkit_ioc::refang(value)
}

/// The type of a trimmed, refanged value (see the module overview), or
/// [`IocType::Unknown`].
pub fn classify(value: &str) -> IocType {
    let bytes = value.as_bytes();
    let Some(&first) = bytes.first() else {
        return IocType::Unknown;
    };
    if first.is_ascii_digit() && value.parse::<Ipv4Addr>().is_ok() {
        return IocType::Ipv4;
    }
    if bytes.contains(&b':')
        && !value.contains("://")
        && strip_brackets(value).parse::<Ipv6Addr>().is_ok()
    {
        return IocType::Ipv6;
    }
    if bytes.contains(&b'/') && !value.contains("://") {
        match value.parse::<ipnet::IpNet>() {
            Ok(ipnet::IpNet::V4(_)) => return IocType::Ipv4Cidr,
            Ok(ipnet::IpNet::V6(_)) => return IocType::Ipv6Cidr,
            Err(_) => {}
        }
    }
    if let Some(hash) = IocType::hash_by_length(value) {
        return hash;
    }
    if let Some(pos) = value.find("://") {
        let scheme = value.get(..pos).unwrap_or("");
        let after = value.get(pos + 3..).unwrap_or("");
        if !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
            && !after.is_empty()
        {
            return IocType::Url;
        }
        return IocType::Unknown;
    }
    if let Some((local, host)) = value.split_once('@') {
        if !local.is_empty() && !local.contains(char::is_whitespace) && is_domain(host) {
            return IocType::Email;
        }
        return IocType::Unknown;
    }
    if is_domain(value) {
        return IocType::Dns;
    }
    if (first == b'A' || first == b'a')
        && bytes.get(1).is_some_and(|b| b.eq_ignore_ascii_case(&b's'))
        && bytes.len() > 2
        && bytes
            .get(2..)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    {
        return IocType::Asn;
    }
    IocType::Unknown
}

fn strip_brackets(value: &str) -> &str {
    value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or(value)
}

/// Dotted labels of letters, digits, `-` and `_`, at most 253 bytes, a final label that
/// is not all digits (a trailing dot is allowed).
pub fn is_domain(value: &str) -> bool {
    let v = value.strip_suffix('.').unwrap_or(value);
    if v.is_empty() || v.len() > 253 || !v.contains('.') {
        return false;
    }
    let mut last = "";
    for label in v.split('.') {
        if label.is_empty()
            || label.len() > 63
            || !label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80)
        {
            return false;
        }
        last = label;
    }
    !last.bytes().all(|b| b.is_ascii_digit())
}

/// The key of `value` (trimmed and refanged) as an indicator of type `ioc_type`, or
/// `None` when it is not one (an address that does not parse, say).
pub fn key(value: &str, ioc_type: IocType) -> Option<Key<'_>> {
    match ioc_type {
        IocType::Ipv4 | IocType::Ipv6 => ip_key(value),
        IocType::Dns => {
            let v = value.strip_suffix('.').unwrap_or(value);
            (!v.is_empty()).then(|| Key::Text(lower(v)))
        }
        IocType::Md5Hash
        | IocType::Sha1Hash
        | IocType::Sha256Hash
        | IocType::Sha512Hash
        | IocType::Email
        | IocType::Asn
        | IocType::Ipv4Cidr
        | IocType::Ipv6Cidr => (!value.is_empty()).then(|| Key::Text(lower(value))),
        IocType::Url => (!value.is_empty()).then(|| Key::Text(url_key(value))),
        IocType::Unknown => (!value.is_empty()).then_some(Key::Text(Cow::Borrowed(value))),
    }
}

/// The key of an address; IPv4-mapped IPv6 addresses are their IPv4 address.
pub fn ip_key(value: &str) -> Option<Key<'_>> {
    match strip_brackets(value).parse::<IpAddr>().ok()? {
        IpAddr::V4(a) => Some(Key::V4(u32::from(a))),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => Some(Key::V4(u32::from(v4))),
            None => Some(Key::V6(u128::from(a))),
        },
    }
}

fn lower(value: &str) -> Cow<'_, str> {
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(value.to_ascii_lowercase())
    } else {
        Cow::Borrowed(value)
    }
}

/// A URL's scheme and host are case-insensitive, its path is not; a bare `/` path is
/// dropped so `http://a.example/` and `http://a.example` are one key.
fn url_key(value: &str) -> Cow<'_, str> {
    let authority_end = value
        .find("://")
        .map(|p| p + 3)
        .and_then(|start| {
            value
                .get(start..)
                .map(|rest| start + rest.find(['/', '?', '#']).unwrap_or(rest.len()))
        })
        .unwrap_or(value.len());
    let (head, tail) = value.split_at_checked(authority_end).unwrap_or((value, ""));
    let tail = if tail == "/" { "" } else { tail };
    if !head.bytes().any(|b| b.is_ascii_uppercase()) && tail.len() + head.len() == value.len() {
        return Cow::Borrowed(value);
    }
    let mut out = head.to_ascii_lowercase();
    out.push_str(tail);
    Cow::Owned(out)
}

/// A value as it arrives: trimmed, refanged, with its type given or inferred.
pub fn prepare(value: &str, ioc_type: Option<IocType>) -> (Cow<'_, str>, IocType) {
    let v = refang(value.trim());
    let t = match ioc_type {
        Some(t) => t,
        None => classify(&v),
    };
    (v, t)
}

/// [`prepare`] for a trimmed value, with a plain IPv4 address (the commonest indicator)
/// parsed once and returned as its number.
pub(crate) fn prepare_fast(
    value: &str,
    ioc_type: Option<IocType>,
) -> (Cow<'_, str>, IocType, Option<u32>) {
    if matches!(ioc_type, None | Some(IocType::Ipv4))
        && value.as_bytes().first().is_some_and(u8::is_ascii_digit)
    {
        if let Ok(a) = value.parse::<Ipv4Addr>() {
            return (Cow::Borrowed(value), IocType::Ipv4, Some(u32::from(a)));
        }
    }
    let (v, t) = prepare(value, ioc_type);
    (v, t, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refangs_the_usual_forms() {
        assert_eq!(
            refang("hxxps://evil[.]example(.)com/a"),
            "https://evil.example.com/a"
        );
        assert_eq!(refang("user[at]mail[dot]example"), "user@mail.example");
        assert!(matches!(refang("plain.example"), Cow::Borrowed(_)));
    }

    #[test]
    fn classifies_by_shape() {
        assert_eq!(classify("8.8.8.8"), IocType::Ipv4);
        assert_eq!(classify("2001:db8::1"), IocType::Ipv6);
        assert_eq!(classify("10.0.0.0/8"), IocType::Ipv4Cidr);
        assert_eq!(
            classify("d41d8cd98f00b204e9800998ecf8427e"),
            IocType::Md5Hash
        );
        assert_eq!(classify("https://a.example/x"), IocType::Url);
        assert_eq!(classify("a@b.example"), IocType::Email);
        assert_eq!(classify("Evil.Example."), IocType::Dns);
        assert_eq!(classify("AS13335"), IocType::Asn);
        assert_eq!(classify("1.2.3.999"), IocType::Unknown);
        assert_eq!(classify("hello"), IocType::Unknown);
    }

    #[test]
    fn keys_normalise_case_and_mapping() {
        assert_eq!(
            key("::ffff:1.2.3.4", IocType::Ipv6),
            key("1.2.3.4", IocType::Ipv4)
        );
        assert_eq!(
            key("EVIL.example.", IocType::Dns),
            Some(Key::Text("evil.example".into()))
        );
        assert_eq!(
            key("HTTP://EVIL.example/", IocType::Url),
            Some(Key::Text("http://evil.example".into()))
        );
        assert_eq!(
            key("http://e.example/A?B", IocType::Url),
            Some(Key::Text("http://e.example/A?B".into()))
        );
    }
}
