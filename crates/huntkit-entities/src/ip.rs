//! IP address classification, as MSTICPy's `get_ip_type`.
//!
//! MSTICPy asks Python's `ipaddress` a fixed series of questions and answers with the
//! first that holds: multicast, global ("Public"), loopback, link-local, unspecified,
//! private, reserved, else "Unspecified". The same order and the same special-purpose
//! registries as Python 3.12's `ipaddress` (IANA's IPv4 and IPv6 special-purpose address
//! registries) are used here, so the answers agree. Two deliberate differences:
//! text that is not an address is "Invalid" (MSTICPy says "Unspecified"), and an
//! IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is classified as the IPv4 address it
//! carries, as Python 3.13 does.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The class of an IP address. [`IpType::as_str`] gives MSTICPy's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IpType {
    /// Globally routable.
    Public,
    /// A private or special-purpose range (RFC 1918, unique-local, documentation, ...).
    Private,
    /// 127.0.0.0/8, ::1.
    Loopback,
    /// 224.0.0.0/4, ff00::/8.
    Multicast,
    /// 169.254.0.0/16, fe80::/10.
    LinkLocal,
    /// IANA-reserved space not covered by another class.
    Reserved,
    /// 0.0.0.0, ::, and addresses no other class covers (100.64.0.0/10).
    Unspecified,
    /// Not an IP address.
    Invalid,
}

impl IpType {
    /// MSTICPy's name: `Public`, `Private`, `Loopback`, `Multicast`, `Link Local`,
    /// `Reserved`, `Unspecified`, or `Invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            IpType::Public => "Public",
            IpType::Private => "Private",
            IpType::Loopback => "Loopback",
            IpType::Multicast => "Multicast",
            IpType::LinkLocal => "Link Local",
            IpType::Reserved => "Reserved",
            IpType::Unspecified => "Unspecified",
            IpType::Invalid => "Invalid",
        }
    }
}

impl std::fmt::Display for IpType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Classifies `text` as an IP address (defanged forms such as `10[.]0[.]0[.]1` and
/// brackets around IPv6 are accepted): MSTICPy's `get_ip_type`.
///
/// ```
/// use huntkit_entities::{ip_type, IpType};
/// assert_eq!(ip_type("104.211.30.1"), IpType::Public);
/// assert_eq!(ip_type("192.168.0.1").as_str(), "Private");
/// assert_eq!(ip_type("fe80::1").as_str(), "Link Local");
/// assert_eq!(ip_type("not an ip"), IpType::Invalid);
/// ```
pub fn ip_type(text: &str) -> IpType {
    match crate::parse::parse_ip(text) {
        Some(ip) => classify(ip),
        None => IpType::Invalid,
    }
}

/// Classifies a parsed address (see [`ip_type`]).
pub fn classify(ip: IpAddr) -> IpType {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn in_v6(ip: Ipv6Addr, net: u128, prefix: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
    (u128::from(ip) & mask) == (net & mask)
}

/// Python's `IPv4Address.is_private`: IANA's IPv4 special-purpose registry.
const V4_PRIVATE: &[([u8; 4], u32)] = &[
    ([0, 0, 0, 0], 8),
    ([10, 0, 0, 0], 8),
    ([127, 0, 0, 0], 8),
    ([169, 254, 0, 0], 16),
    ([172, 16, 0, 0], 12),
    ([192, 0, 0, 0], 29),
    ([192, 0, 0, 170], 31),
    ([192, 0, 2, 0], 24),
    ([192, 168, 0, 0], 16),
    ([198, 18, 0, 0], 15),
    ([198, 51, 100, 0], 24),
    ([203, 0, 113, 0], 24),
    ([240, 0, 0, 0], 4),
    ([255, 255, 255, 255], 32),
];
/// Globally reachable addresses inside the ranges above.
const V4_PRIVATE_EXCEPTIONS: &[([u8; 4], u32)] = &[([192, 0, 0, 9], 32), ([192, 0, 0, 10], 32)];

fn v4_private(ip: Ipv4Addr) -> bool {
    V4_PRIVATE.iter().any(|(n, p)| in_v4(ip, *n, *p))
        && !V4_PRIVATE_EXCEPTIONS.iter().any(|(n, p)| in_v4(ip, *n, *p))
}

fn classify_v4(ip: Ipv4Addr) -> IpType {
    let private = v4_private(ip);
    if in_v4(ip, [224, 0, 0, 0], 4) {
        IpType::Multicast
    } else if !in_v4(ip, [100, 64, 0, 0], 10) && !private {
        IpType::Public
    } else if in_v4(ip, [127, 0, 0, 0], 8) {
        IpType::Loopback
    } else if in_v4(ip, [169, 254, 0, 0], 16) {
        IpType::LinkLocal
    } else if ip.is_unspecified() {
        IpType::Unspecified
    } else if private {
        IpType::Private
    } else if in_v4(ip, [240, 0, 0, 0], 4) {
        IpType::Reserved
    } else {
        IpType::Unspecified
    }
}

/// Python's `IPv6Address.is_private`: IANA's IPv6 special-purpose registry.
const V6_PRIVATE: &[(u128, u32)] = &[
    (1, 128),
    (0, 128),
    (0xffff_0000_0000, 96),
    (0x0064_ff9b_0001 << 80, 48),
    (0x0100 << 112, 64),
    (0x2001 << 112, 23),
    (0x2001_0db8 << 96, 32),
    (0x2002 << 112, 16),
    (0xfc00 << 112, 7),
    (0xfe80 << 112, 10),
];
const V6_PRIVATE_EXCEPTIONS: &[(u128, u32)] = &[
    ((0x2001_0001 << 96) | 1, 128),
    ((0x2001_0001 << 96) | 2, 128),
    (0x2001_0003 << 96, 32),
    (0x2001_0004_0112 << 80, 48),
    (0x2001_0020 << 96, 28),
    (0x2001_0030 << 96, 28),
];
/// Python's `IPv6Address.is_reserved`: the IETF-reserved blocks.
const V6_RESERVED: &[(u128, u32)] = &[
    (0, 8),
    (0x0100 << 112, 8),
    (0x0200 << 112, 7),
    (0x0400 << 112, 6),
    (0x0800 << 112, 5),
    (0x1000 << 112, 4),
    (0x4000 << 112, 3),
    (0x6000 << 112, 3),
    (0x8000 << 112, 3),
    (0xa000 << 112, 3),
    (0xc000 << 112, 3),
    (0xe000 << 112, 4),
    (0xf000 << 112, 5),
    (0xf800 << 112, 6),
    (0xfe00 << 112, 9),
];

fn classify_v6(ip: Ipv6Addr) -> IpType {
    let private = V6_PRIVATE.iter().any(|(n, p)| in_v6(ip, *n, *p))
        && !V6_PRIVATE_EXCEPTIONS.iter().any(|(n, p)| in_v6(ip, *n, *p));
    if in_v6(ip, 0xff00 << 112, 8) {
        IpType::Multicast
    } else if !private {
        IpType::Public
    } else if ip.is_loopback() {
        IpType::Loopback
    } else if in_v6(ip, 0xfe80 << 112, 10) {
        IpType::LinkLocal
    } else if ip.is_unspecified() {
        IpType::Unspecified
    } else if private {
        IpType::Private
    } else if V6_RESERVED.iter().any(|(n, p)| in_v6(ip, *n, *p)) {
        IpType::Reserved
    } else {
        IpType::Unspecified
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msticpy_pivot_expectations() {
        for (ip, want) in [
            ("104.211.30.1", "Public"),
            ("104.211.30.2", "Public"),
            ("192.168.0.1", "Private"),
            ("127.0.0.1", "Loopback"),
            ("13.107.4.50", "Public"),
        ] {
            assert_eq!(ip_type(ip).as_str(), want, "{ip}");
        }
    }

    #[test]
    fn every_class() {
        for (ip, want) in [
            ("224.0.0.1", IpType::Multicast),
            ("169.254.1.1", IpType::LinkLocal),
            ("0.0.0.0", IpType::Unspecified),
            ("10.1.2.3", IpType::Private),
            ("172.31.0.1", IpType::Private),
            ("240.0.0.1", IpType::Private),
            ("100.64.0.1", IpType::Unspecified),
            ("192.0.0.9", IpType::Public),
            ("8.8.8.8", IpType::Public),
            ("::1", IpType::Loopback),
            ("::", IpType::Unspecified),
            ("fe80::1", IpType::LinkLocal),
            ("ff02::1", IpType::Multicast),
            ("fd00::1", IpType::Private),
            ("2001:db8::1", IpType::Private),
            ("2606:4700::1111", IpType::Public),
            ("::ffff:10.0.0.1", IpType::Private),
            ("[2001:4860:4860::8888]", IpType::Public),
            ("8[.]8[.]8[.]8", IpType::Public),
            ("1.2.3", IpType::Invalid),
            ("", IpType::Invalid),
        ] {
            assert_eq!(ip_type(ip), want, "{ip}");
        }
    }
}
