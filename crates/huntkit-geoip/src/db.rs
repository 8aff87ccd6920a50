//! Opening databases and looking addresses up in them.

use crate::record::{AsnRecord, Locale, LocationRecord};
use crate::{Error, Options};
use maxminddb::{LookupResult, MaxMindDbError, PathElement, Reader};
use serde::Serialize;
use std::collections::HashMap;
use std::net::IpAddr;

/// What a database holds, judged from its metadata's `database_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DatabaseKind {
    /// Countries, subdivisions, cities and coordinates (City, Country, Enterprise).
    Location,
    /// Autonomous system numbers and organisations (ASN, ISP).
    Asn,
}

/// What one opened database is, from its metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseInfo {
    /// Location or ASN.
    pub kind: DatabaseKind,
    /// The metadata's `database_type`, e.g. `GeoLite2-City` or `DBIP-ASN-Lite`.
    pub database_type: String,
    /// When the database was built, in seconds since 1970 (UTC).
    pub build_epoch: u64,
    /// 4 for an IPv4-only database, 6 for one that holds both families.
    pub ip_version: u16,
    /// The locales its names come in.
    pub languages: Vec<String>,
    /// The file's size in bytes.
    pub bytes: usize,
}

/// One address's location and autonomous system: MSTICPy's `GeoLocation` fields plus the
/// AS organisation. A field the databases do not hold for the address is `None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GeoLocation {
    /// ISO 3166-1 alpha-2 code of the country.
    pub country_code: Option<String>,
    /// The country's name in the chosen language.
    pub country_or_region_name: Option<String>,
    /// The first (largest) subdivision's name: state, region, province.
    pub state: Option<String>,
    /// The city's name.
    pub city: Option<String>,
    /// Degrees east.
    pub longitude: Option<f64>,
    /// Degrees north.
    pub latitude: Option<f64>,
    /// The autonomous system number.
    pub asn: Option<u32>,
    /// The organisation the autonomous system is registered to.
    pub asn_organization: Option<String>,
}

/// The location columns of one record, strings borrowed from the database.
#[derive(Clone, Copy, Default)]
pub(crate) struct LocationPart<'a> {
    pub country_code: Option<&'a str>,
    pub country_name: Option<&'a str>,
    pub state: Option<&'a str>,
    pub city: Option<&'a str>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
}

/// The ASN columns of one record, the organisation borrowed from the database.
#[derive(Clone, Copy, Default)]
pub(crate) struct AsnPart<'a> {
    pub asn: Option<u32>,
    pub organization: Option<&'a str>,
}

/// [`GeoLocation`] with strings borrowed from the databases, so that filling a table
/// copies each string once, into the column.
#[derive(Clone, Copy, Default)]
pub(crate) struct Found<'a> {
    pub location: LocationPart<'a>,
    pub asn: AsnPart<'a>,
}

impl Found<'_> {
    fn to_owned(self) -> GeoLocation {
        let l = self.location;
        GeoLocation {
            country_code: l.country_code.map(str::to_string),
            country_or_region_name: l.country_name.map(str::to_string),
            state: l.state.map(str::to_string),
            city: l.city.map(str::to_string),
            longitude: l.longitude,
            latitude: l.latitude,
            asn: self.asn.asn,
            asn_organization: self.asn.organization.map(str::to_string),
        }
    }
}

/// Records already decoded during one table lookup, by their offset in the database:
/// addresses of one network (and networks of one city) share a record, so most lookups
/// of a large table skip decoding. Bounded: cleared when full.
#[derive(Default)]
pub(crate) struct Cache<'a> {
    location: HashMap<usize, LocationPart<'a>>,
    asn: HashMap<usize, AsnPart<'a>>,
}

/// Records kept per cache: a few MB at most, and more than a City database's distinct
/// locations in most tables.
const CACHED_RECORDS: usize = 1 << 16;

fn cached<T: Copy>(
    map: &mut HashMap<usize, T>,
    offset: Option<usize>,
    decode: impl FnOnce() -> Result<T, Error>,
) -> Result<T, Error> {
    let Some(offset) = offset else {
        return decode();
    };
    if let Some(hit) = map.get(&offset) {
        return Ok(*hit);
    }
    let value = decode()?;
    if map.len() >= CACHED_RECORDS {
        map.clear();
    }
    map.insert(offset, value);
    Ok(value)
}

/// One opened database and how to name it in errors.
struct Database {
    reader: Reader<Vec<u8>>,
    info: DatabaseInfo,
    label: String,
}

impl Database {
    fn invalid(&self, ip: IpAddr, e: MaxMindDbError) -> Error {
        Error::InvalidDatabase {
            database: self.label.clone(),
            detail: format!("looking up {ip}: {e}"),
        }
    }

    /// The record for `ip`, or `None` when the database lists no network holding it (an
    /// IPv6 address in an IPv4-only database included).
    fn lookup(&self, ip: IpAddr) -> Result<Option<LookupResult<'_, Vec<u8>>>, Error> {
        let ip = match ip {
            IpAddr::V6(v6) if self.info.ip_version == 4 => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => return Ok(None),
            },
            other => other,
        };
        let result = self.reader.lookup(ip).map_err(|e| self.invalid(ip, e))?;
        Ok(result.has_data().then_some(result))
    }
}

/// One or more MaxMind DB files opened for lookups: at most one location database (City,
/// Country or Enterprise, from MaxMind or DB-IP) and at most one ASN database (ASN or
/// ISP), joined per address as MSTICPy's GeoLocation with the AS beside it.
pub struct GeoIpDb {
    location: Option<Database>,
    asn: Option<Database>,
    locale: Locale,
}

impl std::fmt::Debug for GeoIpDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeoIpDb")
            .field("databases", &self.databases())
            .field("locale", &self.locale)
            .finish()
    }
}

impl GeoIpDb {
    /// Opens databases from their bytes (whole `.mmdb` files), in any order: each one's
    /// kind comes from its metadata.
    ///
    /// Errors: `invalid_geoip_db` for a file that is not a readable MaxMind DB (with
    /// `verify`, anywhere in the file), `unsupported_geoip_db` for a database with neither
    /// locations nor ASNs (Anonymous IP, Connection Type, ...) or a second one of a kind,
    /// `limit_exceeded` for a file over `max_database_bytes`, `invalid_option` for no
    /// database or an unusable language.
    pub fn from_bytes(databases: Vec<Vec<u8>>, options: &Options) -> Result<GeoIpDb, Error> {
        check_language(&options.language)?;
        if databases.is_empty() {
            return Err(Error::InvalidOption {
                option: "databases",
                message: "give at least one database (City, Country or ASN)".into(),
            });
        }
        let mut location = None;
        let mut asn = None;
        for (i, bytes) in databases.into_iter().enumerate() {
            let db = open(i.saturating_add(1), bytes, options)?;
            let slot = match db.info.kind {
                DatabaseKind::Location => &mut location,
                DatabaseKind::Asn => &mut asn,
            };
            if let Some(Database { label, .. }) = slot {
                return Err(Error::UnsupportedDatabase {
                    database: db.label.clone(),
                    detail: format!(
                        "{label} already holds {}; give at most one of each kind",
                        kind_text(db.info.kind)
                    ),
                });
            }
            *slot = Some(db);
        }
        Ok(GeoIpDb {
            location,
            asn,
            locale: Locale::new(&options.language),
        })
    }

    /// What each opened database is: the location database first, then the ASN one.
    pub fn databases(&self) -> Vec<DatabaseInfo> {
        self.location
            .iter()
            .chain(self.asn.iter())
            .map(|d| d.info.clone())
            .collect()
    }

    /// Looks one address up. `Ok(None)` when `text` is not an IPv4 or IPv6 address
    /// (surrounding white space is ignored, as MSTICPy strips it); a `GeoLocation` of
    /// `None`s when no database lists it.
    pub fn lookup(&self, text: &str) -> Result<Option<GeoLocation>, Error> {
        match text.trim().parse::<IpAddr>() {
            Ok(ip) => Ok(Some(self.lookup_ip(ip)?)),
            Err(_) => Ok(None),
        }
    }

    /// Looks one parsed address up.
    pub fn lookup_ip(&self, ip: IpAddr) -> Result<GeoLocation, Error> {
        Ok(self.find(ip, &mut Cache::default())?.to_owned())
    }

    pub(crate) fn find<'s>(
        &'s self,
        ip: IpAddr,
        cache: &mut Cache<'s>,
    ) -> Result<Found<'s>, Error> {
        let mut found = Found::default();
        if let Some(db) = &self.location {
            if let Some(result) = db.lookup(ip)? {
                found.location = cached(&mut cache.location, result.offset(), || {
                    self.decode_location(db, ip, &result)
                })?;
            }
        }
        if let Some(db) = &self.asn {
            if let Some(result) = db.lookup(ip)? {
                found.asn = cached(&mut cache.asn, result.offset(), || {
                    let record: AsnRecord<'_> = result
                        .decode()
                        .map_err(|e| db.invalid(ip, e))?
                        .unwrap_or_default();
                    Ok(AsnPart {
                        asn: record.autonomous_system_number,
                        organization: record.autonomous_system_organization,
                    })
                })?;
            }
        }
        Ok(found)
    }

    fn decode_location<'s>(
        &self,
        db: &Database,
        ip: IpAddr,
        result: &LookupResult<'s, Vec<u8>>,
    ) -> Result<LocationPart<'s>, Error> {
        let record: LocationRecord<'s> = result
            .decode()
            .map_err(|e| db.invalid(ip, e))?
            .unwrap_or_default();
        let mut part = LocationPart {
            country_code: record.country.iso_code,
            longitude: record.location.longitude,
            latitude: record.location.latitude,
            ..LocationPart::default()
        };
        if let Locale::Other(code) = &self.locale {
            let name = |place: &'static str| -> Result<Option<&'s str>, Error> {
                let mut path = vec![PathElement::Key(place)];
                if place == "subdivisions" {
                    path.push(PathElement::Index(0));
                }
                path.push(PathElement::Key("names"));
                path.push(PathElement::Key(code.as_str()));
                result.decode_path(&path).map_err(|e| db.invalid(ip, e))
            };
            part.country_name = name("country")?;
            part.state = name("subdivisions")?;
            part.city = name("city")?;
        } else {
            part.country_name = self.locale.pick(&record.country.names);
            part.state = self.locale.pick(&record.subdivisions.names);
            part.city = self.locale.pick(&record.city.names);
        }
        Ok(part)
    }
}

fn kind_text(kind: DatabaseKind) -> &'static str {
    match kind {
        DatabaseKind::Location => "the location database",
        DatabaseKind::Asn => "the ASN database",
    }
}

/// A locale code as databases spell them (`en`, `pt-BR`, `zh-CN`): short, letters, digits
/// and hyphens.
fn check_language(code: &str) -> Result<(), Error> {
    let ok = !code.is_empty()
        && code.len() <= 16
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidOption {
            option: "language",
            message: format!(
                "{:?} is not a locale code such as \"en\", \"de\" or \"pt-BR\"",
                huntkit_core::shorten(code)
            ),
        })
    }
}

/// The kind a `database_type` names. MaxMind's (`GeoIP2-City`, `GeoLite2-ASN`,
/// `GeoIP2-ISP`, `GeoIP2-Enterprise`) and DB-IP's (`DBIP-City-Lite`, `DBIP-ASN-Lite
/// (compat=GeoLite2-ASN)`, `DBIP-Location-ISP`) all say it in the name.
fn kind_of(database_type: &str) -> Option<DatabaseKind> {
    let t = database_type.to_ascii_lowercase();
    if t.contains("anonymous") || t.contains("connection-type") || t.contains("domain") {
        None
    } else if t.contains("city")
        || t.contains("country")
        || t.contains("enterprise")
        || t.contains("location")
    {
        Some(DatabaseKind::Location)
    } else if t.contains("asn") || t.contains("isp") {
        Some(DatabaseKind::Asn)
    } else {
        None
    }
}

fn open(position: usize, bytes: Vec<u8>, options: &Options) -> Result<Database, Error> {
    let size = bytes.len();
    if u64::try_from(size).unwrap_or(u64::MAX) > options.max_database_bytes {
        return Err(huntkit_core::Error::LimitExceeded {
            what: format!("the size of database {position} ({size} bytes)"),
            limit: options.max_database_bytes,
            option: "maxDatabaseBytes",
        }
        .into());
    }
    let mut label = format!("database {position}");
    let reader = Reader::from_source(bytes).map_err(|e| Error::InvalidDatabase {
        database: label.clone(),
        detail: e.to_string(),
    })?;
    let meta = reader.metadata();
    label = format!(
        "database {position}, {}",
        huntkit_core::shorten(&meta.database_type)
    );
    if options.verify {
        reader.verify().map_err(|e| Error::InvalidDatabase {
            database: label.clone(),
            detail: e.to_string(),
        })?;
    }
    let Some(kind) = kind_of(&meta.database_type) else {
        return Err(Error::UnsupportedDatabase {
            database: label,
            detail: "it holds neither locations (City, Country) nor autonomous systems (ASN)"
                .into(),
        });
    };
    let info = DatabaseInfo {
        kind,
        database_type: meta.database_type.clone(),
        build_epoch: meta.build_epoch,
        ip_version: meta.ip_version,
        languages: meta.languages.clone(),
        bytes: size,
    };
    Ok(Database {
        reader,
        info,
        label,
    })
}
