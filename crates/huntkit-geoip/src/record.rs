//! The parts of a MaxMind DB record that the GeoLocation columns need, decoded without
//! copying: strings borrow from the database, and every other field is skipped.

use maxminddb::geoip2::Names;
use serde::de::{IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A City, Country or Enterprise record (GeoIP2, GeoLite2 and DB-IP share the layout).
#[derive(Deserialize, Default)]
pub(crate) struct LocationRecord<'a> {
    #[serde(borrow, default)]
    pub country: Place<'a>,
    #[serde(borrow, default)]
    pub city: Place<'a>,
    /// The first (largest) subdivision only: MSTICPy's `State`.
    #[serde(borrow, default, deserialize_with = "first_place")]
    pub subdivisions: Place<'a>,
    #[serde(default)]
    pub location: Coordinates,
}

/// A named place: country, subdivision or city.
#[derive(Deserialize, Default)]
pub(crate) struct Place<'a> {
    #[serde(borrow, default)]
    pub iso_code: Option<&'a str>,
    #[serde(borrow, default)]
    pub names: Names<'a>,
}

#[derive(Deserialize, Default)]
pub(crate) struct Coordinates {
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// An ASN or ISP record (GeoLite2 ASN, GeoIP2 ISP, DB-IP ASN Lite).
#[derive(Deserialize, Default)]
pub(crate) struct AsnRecord<'a> {
    #[serde(default)]
    pub autonomous_system_number: Option<u32>,
    #[serde(borrow, default)]
    pub autonomous_system_organization: Option<&'a str>,
}

/// Keeps the first element of the `subdivisions` array and skips the others, so a record
/// with many subdivisions costs no allocation.
fn first_place<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Place<'de>, D::Error> {
    struct First;
    impl<'de> Visitor<'de> for First {
        type Value = Place<'de>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of subdivisions")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Place<'de>, A::Error> {
            let first = seq.next_element::<Place<'de>>()?.unwrap_or_default();
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(first)
        }
    }
    deserializer.deserialize_seq(First)
}

/// The locale whose names are read: one of the eight every GeoIP2 and GeoLite2 database
/// carries (read from the decoded record), or another (read by path, for DB-IP's extra
/// locales).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Locale {
    German,
    English,
    Spanish,
    French,
    Japanese,
    BrazilianPortuguese,
    Russian,
    SimplifiedChinese,
    Other(String),
}

impl Locale {
    pub fn new(code: &str) -> Locale {
        match code {
            "de" => Locale::German,
            "en" => Locale::English,
            "es" => Locale::Spanish,
            "fr" => Locale::French,
            "ja" => Locale::Japanese,
            "pt-BR" => Locale::BrazilianPortuguese,
            "ru" => Locale::Russian,
            "zh-CN" => Locale::SimplifiedChinese,
            other => Locale::Other(other.to_string()),
        }
    }

    /// The name in this locale, for the eight standard locales (`None` for others).
    pub fn pick<'a>(&self, names: &Names<'a>) -> Option<&'a str> {
        match self {
            Locale::German => names.german,
            Locale::English => names.english,
            Locale::Spanish => names.spanish,
            Locale::French => names.french,
            Locale::Japanese => names.japanese,
            Locale::BrazilianPortuguese => names.brazilian_portuguese,
            Locale::Russian => names.russian,
            Locale::SimplifiedChinese => names.simplified_chinese,
            Locale::Other(_) => None,
        }
    }
}
