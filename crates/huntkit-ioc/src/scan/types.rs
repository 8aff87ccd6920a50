//! The type table: the built-in IoC types with their names and priorities, and the
//! kinds of scanner that find them, with what each needs in a text before it runs.

use crate::features::{
    S_ASN, S_ATTACK, S_B58, S_BC1, S_CVE, S_DNS, S_ETH, S_HASH, S_IPV4, S_IPV6, S_MAC, S_URL,
};

/// A built-in IoC type. Every extractor's type table starts with the built-ins in the
/// order of [`IocType::ALL`], so a type's position there is its index in the table;
/// user types follow them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum IocType {
    Ipv4,
    Ipv6,
    Dns,
    Url,
    Email,
    WindowsPath,
    LinuxPath,
    Md5Hash,
    Sha1Hash,
    Sha256Hash,
    Sha512Hash,
    Ipv4Cidr,
    Ipv6Cidr,
    MacAddress,
    Cve,
    AttackTechnique,
    AttackTactic,
    AttackGroup,
    AttackSoftware,
    RegistryKey,
    Asn,
    BitcoinAddress,
    EthereumAddress,
    WinNamedPipe,
}

impl IocType {
    /// Every built-in type in registration order, which breaks priority ties. MSTICPy's
    /// ten types come first, in its order.
    pub(super) const ALL: [IocType; 24] = [
        IocType::Ipv4,
        IocType::Ipv6,
        IocType::Dns,
        IocType::Url,
        IocType::Email,
        IocType::WindowsPath,
        IocType::LinuxPath,
        IocType::Md5Hash,
        IocType::Sha1Hash,
        IocType::Sha256Hash,
        IocType::Sha512Hash,
        IocType::Ipv4Cidr,
        IocType::Ipv6Cidr,
        IocType::MacAddress,
        IocType::Cve,
        IocType::AttackTechnique,
        IocType::AttackTactic,
        IocType::AttackGroup,
        IocType::AttackSoftware,
        IocType::RegistryKey,
        IocType::Asn,
        IocType::BitcoinAddress,
        IocType::EthereumAddress,
        IocType::WinNamedPipe,
    ];

    /// How many of [`IocType::ALL`] MSTICPy has: `compat: msticpy` registers only these.
    pub(super) const MSTICPY: usize = 10;

    /// The digests, which MSTICPy's `file_hash` names together.
    pub(super) const HASHES: [IocType; 4] = [
        IocType::Md5Hash,
        IocType::Sha1Hash,
        IocType::Sha256Hash,
        IocType::Sha512Hash,
    ];

    /// Index in an extractor's type table.
    pub(super) const fn index(self) -> usize {
        self as usize
    }

    /// The name users see and ask for.
    pub(super) const fn name(self) -> &'static str {
        match self {
            IocType::Ipv4 => "ipv4",
            IocType::Ipv6 => "ipv6",
            IocType::Dns => "dns",
            IocType::Url => "url",
            IocType::Email => "email",
            IocType::WindowsPath => "windows_path",
            IocType::LinuxPath => "linux_path",
            IocType::Md5Hash => "md5_hash",
            IocType::Sha1Hash => "sha1_hash",
            IocType::Sha256Hash => "sha256_hash",
            IocType::Sha512Hash => "sha512_hash",
            IocType::Ipv4Cidr => "ipv4_cidr",
            IocType::Ipv6Cidr => "ipv6_cidr",
            IocType::MacAddress => "mac_address",
            IocType::Cve => "cve",
            IocType::AttackTechnique => "attack_technique",
            IocType::AttackTactic => "attack_tactic",
            IocType::AttackGroup => "attack_group",
            IocType::AttackSoftware => "attack_software",
            IocType::RegistryKey => "registry_key",
            IocType::Asn => "asn",
            IocType::BitcoinAddress => "bitcoin_address",
            IocType::EthereumAddress => "ethereum_address",
            IocType::WinNamedPipe => "win_named_pipe",
        }
    }

    /// When one string matches two types, the lower number wins (MSTICPy's rule).
    pub(super) const fn priority(self) -> u32 {
        match self {
            IocType::Ipv4
            | IocType::Ipv6
            | IocType::Url
            | IocType::Ipv4Cidr
            | IocType::Ipv6Cidr
            | IocType::MacAddress
            | IocType::RegistryKey
            | IocType::WinNamedPipe => 0,
            IocType::Email
            | IocType::Md5Hash
            | IocType::Sha1Hash
            | IocType::Sha256Hash
            | IocType::Sha512Hash
            | IocType::Cve
            | IocType::AttackTechnique
            | IocType::AttackTactic
            | IocType::AttackGroup
            | IocType::AttackSoftware
            | IocType::Asn
            | IocType::BitcoinAddress
            | IocType::EthereumAddress => 1,
            IocType::Dns => 2,
            IocType::WindowsPath => 3,
            IocType::LinuxPath => 4,
        }
    }
}

/// Longest path, registry key or pipe name reported (Linux's PATH_MAX): a longer run is
/// hostile filler, not an indicator.
pub(super) const MAX_PATH_BYTES: usize = 4096;
/// Longest URL reported.
const MAX_URL_BYTES: usize = 16 * 1024;

/// What a scanner looks for, which decides how its matches are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
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
    Mac,
    Asn,
    Bitcoin,
    Ethereum,
    /// Registry keys, named pipes and Windows paths: one automaton for all three.
    Backslash,
    Custom,
}

impl Kind {
    /// What a scanner's matches cannot do without: a text lacking all of `any` (or all
    /// of `also`, when given) or one of the shapes is skipped without running the regex.
    /// One pass over the text records its bytes and shapes (see `features.rs`), so a
    /// table cell costs that pass plus the scans of the types it can hold.
    pub(super) fn needs(self, compat: bool) -> (&'static [u8], &'static [u8], u16) {
        match self {
            Kind::Url => (b"", b"", S_URL),
            Kind::Ipv6 => (b"", b"", S_IPV6),
            // huntkit's walk over the hex runs costs what looking for one would.
            Kind::Hash if compat => (b"", b"", S_HASH),
            Kind::Hash => (b"", b"", 0),
            // MSTICPy's defanged patterns allow `[.]` and `[at]`: bytes only.
            Kind::Ipv4 if compat => (b".", b"", 0),
            Kind::Dns if compat => (b".", b"", 0),
            Kind::Email if compat => (b"@[", b"", 0),
            Kind::Ipv4 => (b"", b"", S_IPV4),
            Kind::Dns => (b"", b"", S_DNS),
            Kind::Email => (b"@", b"", 0),
            Kind::WinPath => (b"\\", b"", 0),
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

    /// Longest match whose checks run: a longer URL, path or key is hostile filler.
    pub(super) fn max_len(self) -> usize {
        match self {
            Kind::Url => MAX_URL_BYTES,
            Kind::WinPath | Kind::LxPath | Kind::Backslash => MAX_PATH_BYTES,
            _ => usize::MAX,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_index_order() {
        for (i, t) in IocType::ALL.iter().enumerate() {
            assert_eq!(t.index(), i, "{t:?}");
        }
        let mut names: Vec<&str> = IocType::ALL.iter().map(|t| t.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), IocType::ALL.len());
    }
}
