//! Building an extractor for a set of options: the type table, the scanners that run,
//! which types each mode reports, and the options' checks.

use super::extractor::{compile, Extractor, Mode, Scanner, TypeInfo};
use super::types::{IocType, Kind};
use super::{compat, custom, files, hashes, hosts, ids, ip, wallets};
use crate::options::{Compat, DefangMode, JsonEscapes, Options};
use crate::refang::Refanger;
use crate::validate::Cidr;
use crate::Error;

impl Extractor {
    /// Compiles the patterns for `options`. Fails on an unknown type name, a bad
    /// custom regex or an unparsable ignore entry.
    pub fn new(options: Options) -> Result<Extractor, Error> {
        let compat = options.compat == Compat::Msticpy;
        let n_builtin = if compat {
            IocType::MSTICPY
        } else {
            IocType::ALL.len()
        };
        let mut types: Vec<TypeInfo> = IocType::ALL
            .iter()
            .take(n_builtin)
            .map(|t| TypeInfo {
                name: t.name().to_string(),
                priority: t.priority(),
            })
            .collect();
        // Built-in types that a custom type of the same name replaces.
        let mut replaced: Vec<bool> = vec![false; types.len()];
        let custom = custom::scanners(&options, &mut types, &mut replaced)?;
        let fanged_only = options.defang == DefangMode::Fanged;
        let mut scanners = if compat {
            compat::scanners(!fanged_only, &replaced)?
        } else {
            builtin_scanners(&replaced)?
        };
        scanners.extend(custom);
        let (enabled_string, enabled_table) = enabled_types(&options, &types)?;

        let ignore_cidrs = options
            .ignore_cidrs
            .iter()
            .map(|c| {
                Cidr::parse(c).ok_or_else(|| Error::InvalidOption {
                    option: "ignoreCidrs",
                    message: format!("`{c}` is not an IP address or CIDR range"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if compat && options.json_escapes == JsonEscapes::Always {
            return Err(Error::InvalidOption {
                option: "jsonEscapes",
                message: "`compat: msticpy` scans text as written, as MSTICPy does: use `auto` or `never`".into(),
            });
        }
        if options.max_matches == 0 {
            return Err(Error::InvalidOption {
                option: "maxMatches",
                message: "must be at least 1".into(),
            });
        }
        let refanger = if compat || fanged_only {
            None
        } else {
            Some(Refanger::new().ok_or_else(|| Error::InvalidOption {
                option: "defang",
                message: "the defang table failed to build".into(),
            })?)
        };
        let compat_ipv6_full = if compat {
            Some(compat::ipv6_full()?)
        } else {
            None
        };
        let string = Mode::new(enabled_string, &scanners, compat, refanger.is_some());
        let table = Mode::new(enabled_table, &scanners, compat, refanger.is_some());
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
            string,
            table,
            refanger,
            compat_ipv6_full,
        })
    }
}

/// huntkit's scanners, each with the types it reports; none for a type that a custom
/// type replaced. URLs come first, so later scanners can tell what lies inside a URL.
fn builtin_scanners(replaced: &[bool]) -> Result<Vec<Scanner>, Error> {
    use IocType as T;
    let backslash = files::backslash_pattern();
    let plan: &[(Kind, &str, &[IocType])] = &[
        (
            Kind::Url,
            hosts::RX_URL,
            &[T::Url, T::Dns, T::Ipv4, T::Ipv6],
        ),
        (Kind::Ipv4, ip::RX_IPV4, &[T::Ipv4, T::Ipv4Cidr]),
        (Kind::Ipv6, ip::RX_IPV6, &[T::Ipv6, T::Ipv6Cidr]),
        (Kind::Dns, hosts::RX_DNS, &[T::Dns]),
        (Kind::Email, hosts::RX_EMAIL, &[T::Email]),
        (
            Kind::Backslash,
            &backslash,
            &[T::RegistryKey, T::WinNamedPipe, T::WindowsPath],
        ),
        // `C:/Windows/...` is found here and reported as a Windows path.
        (
            Kind::LxPath,
            files::RX_LXPATH,
            &[T::LinuxPath, T::WindowsPath],
        ),
        (Kind::Hash, hashes::RX_HASH, &IocType::HASHES),
        (Kind::Mac, ids::RX_MAC, &[T::MacAddress]),
        (Kind::Cve, ids::RX_CVE, &[T::Cve]),
        (
            Kind::Attack,
            ids::RX_ATTACK,
            &[
                T::AttackTechnique,
                T::AttackTactic,
                T::AttackGroup,
                T::AttackSoftware,
            ],
        ),
        (Kind::Asn, ids::RX_ASN, &[T::Asn]),
        (
            Kind::Bitcoin,
            wallets::RX_BITCOIN_BECH32,
            &[T::BitcoinAddress],
        ),
        (Kind::Ethereum, wallets::RX_ETHEREUM, &[T::EthereumAddress]),
    ];
    let mut scanners = Vec::new();
    for (kind, rx, emits) in plan {
        let emits: Vec<usize> = emits
            .iter()
            .map(|t| t.index())
            .filter(|t| !replaced.get(*t).copied().unwrap_or(true))
            .collect();
        if emits.is_empty() {
            continue;
        }
        scanners.push(Scanner {
            kind: *kind,
            regex: compile(rx)?,
            emits,
            group: None,
        });
    }
    Ok(scanners)
}

/// Which types string mode and table mode scan: those `types` lists, or by default all
/// but the paths, which are asked for with `include_paths`.
fn enabled_types(options: &Options, types: &[TypeInfo]) -> Result<(Vec<bool>, Vec<bool>), Error> {
    let n = types.len();
    let Some(list) = &options.types else {
        let compat = options.compat == Compat::Msticpy;
        let mut string = vec![true; n];
        let mut table = vec![true; n];
        // Table mode never scans Linux paths by default (they are noisy); it scans
        // Windows paths only with `include_paths`.
        set(
            &mut table,
            IocType::LinuxPath,
            !compat && options.include_paths,
        );
        set(&mut table, IocType::WindowsPath, options.include_paths);
        if !compat {
            // MSTICPy's string mode scans paths whatever `include_paths` says (quirk
            // Q-I1); huntkit asks for them in both modes alike.
            set(&mut string, IocType::LinuxPath, options.include_paths);
            set(&mut string, IocType::WindowsPath, options.include_paths);
        }
        return Ok((string, table));
    };
    let mut en = vec![false; n];
    for name in list {
        let name = name.trim().to_ascii_lowercase();
        let name = match name.as_str() {
            "hostname" => "dns".to_string(),
            _ => name,
        };
        if name == "file_hash" {
            for t in IocType::HASHES {
                set(&mut en, t, true);
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
                return Err(Error::UnknownType {
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
    Ok((en.clone(), en))
}

fn set(en: &mut [bool], ty: IocType, on: bool) {
    if let Some(e) = en.get_mut(ty.index()) {
        *e = on;
    }
}
