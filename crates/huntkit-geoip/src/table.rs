//! Table mode: one output row per input address, MSTICPy's GeoLocation columns.

use crate::db::{Cache, Found};
use crate::{Error, GeoIpDb};
use huntkit_core::arrow::array::{ArrayRef, Float64Builder, StringBuilder, UInt32Builder};
use huntkit_core::Table;
use std::net::IpAddr;
use std::sync::Arc;

/// Output column names, in order. All but `Asn` and `AsnOrganization` are MSTICPy's
/// `lookup_ips` columns; `Asn` is a `GeoLocation` property MSTICPy's GeoLite lookup leaves
/// empty.
pub const COLUMNS: [&str; 9] = [
    "IpAddress",
    "CountryCode",
    "CountryOrRegionName",
    "State",
    "City",
    "Longitude",
    "Latitude",
    "Asn",
    "AsnOrganization",
];

struct Columns {
    ip: StringBuilder,
    country_code: StringBuilder,
    country_name: StringBuilder,
    state: StringBuilder,
    city: StringBuilder,
    longitude: Float64Builder,
    latitude: Float64Builder,
    asn: UInt32Builder,
    asn_organization: StringBuilder,
}

impl Columns {
    fn new(rows: usize) -> Columns {
        let text = || StringBuilder::with_capacity(rows, rows.saturating_mul(8));
        Columns {
            ip: StringBuilder::with_capacity(rows, rows.saturating_mul(14)),
            country_code: StringBuilder::with_capacity(rows, rows.saturating_mul(2)),
            country_name: text(),
            state: text(),
            city: text(),
            longitude: Float64Builder::with_capacity(rows),
            latitude: Float64Builder::with_capacity(rows),
            asn: UInt32Builder::with_capacity(rows),
            asn_organization: text(),
        }
    }

    fn push(&mut self, input: Option<&str>, found: &Found<'_>) {
        self.ip.append_option(input);
        let l = &found.location;
        self.country_code.append_option(l.country_code);
        self.country_name.append_option(l.country_name);
        self.state.append_option(l.state);
        self.city.append_option(l.city);
        self.longitude.append_option(l.longitude);
        self.latitude.append_option(l.latitude);
        self.asn.append_option(found.asn.asn);
        self.asn_organization.append_option(found.asn.organization);
    }

    fn finish(mut self) -> Result<Table, Error> {
        let arrays: [ArrayRef; 9] = [
            Arc::new(self.ip.finish()),
            Arc::new(self.country_code.finish()),
            Arc::new(self.country_name.finish()),
            Arc::new(self.state.finish()),
            Arc::new(self.city.finish()),
            Arc::new(self.longitude.finish()),
            Arc::new(self.latitude.finish()),
            Arc::new(self.asn.finish()),
            Arc::new(self.asn_organization.finish()),
        ];
        Ok(Table::from_columns(
            COLUMNS.iter().map(|c| c.to_string()).zip(arrays).collect(),
        )?)
    }
}

impl GeoIpDb {
    /// Looks up every address of `column` in `table`. Returns one row per input row, in
    /// order, with [`COLUMNS`]: `IpAddress` is the cell without surrounding white space,
    /// and a null cell, a cell that is not an address or an address no database lists
    /// gives a row of nulls.
    pub fn lookup_column(&self, table: &Table, column: &str) -> Result<Table, Error> {
        let col = table.str_column(column)?;
        self.lookup_texts(col.iter(), col.len())
    }

    /// Looks up addresses given as text (`None` for a missing one): see
    /// [`GeoIpDb::lookup_column`]. `rows` is a capacity hint.
    pub fn lookup_texts<'t, I>(&self, texts: I, rows: usize) -> Result<Table, Error>
    where
        I: IntoIterator<Item = Option<&'t str>>,
    {
        let mut out = Columns::new(rows);
        let none = Found::default();
        let mut cache = Cache::default();
        for text in texts {
            let text = text.map(str::trim);
            match text.and_then(|t| t.parse::<IpAddr>().ok()) {
                Some(ip) => out.push(text, &self.find(ip, &mut cache)?),
                None => out.push(text, &none),
            }
        }
        out.finish()
    }
}

impl GeoIpDb {
    /// Fills the autonomous system of each row of `table` whose `asn_column` is empty,
    /// from the address in `ip_column`: the number into `asn_column` and, where it is
    /// empty too, the organisation into `org_column`. Rows with an ASN already, or whose
    /// address no database lists, are left as they are; the two columns come back as
    /// text, the others untouched.
    ///
    /// For WhoIs records whose registry names no origin AS (RIPE's and APNIC's network
    /// objects do not): `fill_asn(&whois, "query", "asn", "asn_description")`.
    ///
    /// ```
    /// use huntkit_geoip::{GeoIpDb, Options};
    /// let asn = include_bytes!("../tests/data/GeoLite2-ASN-Test.mmdb").to_vec();
    /// let db = GeoIpDb::from_bytes(vec![asn], &Options::default())?;
    /// let whois = huntkit_core::read(b"query,asn,asn_description\n1.128.0.1,,\n1.128.0.2,64500,KEPT\n", &Default::default())?;
    /// let filled = db.fill_asn(&whois, "query", "asn", "asn_description")?;
    /// assert_eq!(filled.str_column("asn")?.get(0), Some("1221"));
    /// assert_eq!(filled.str_column("asn")?.get(1), Some("64500"));
    /// assert_eq!(filled.str_column("asn_description")?.get(1), Some("KEPT"));
    /// # Ok::<(), huntkit_geoip::Error>(())
    /// ```
    pub fn fill_asn(
        &self,
        table: &Table,
        ip_column: &str,
        asn_column: &str,
        org_column: &str,
    ) -> Result<Table, Error> {
        let ips = table.str_column(ip_column)?;
        let asns = table.str_column(asn_column)?;
        let orgs = table.str_column(org_column)?;
        let rows = table.num_rows();
        let mut asn_out = StringBuilder::with_capacity(rows, rows * 6);
        let mut org_out = StringBuilder::with_capacity(rows, rows * 16);
        let mut cache = Cache::default();
        let blank = |v: Option<&str>| v.is_none_or(|v| v.trim().is_empty());
        for row in 0..rows {
            let (asn, org) = (asns.get(row), orgs.get(row));
            let found = match ips.get(row).map(str::trim).map(str::parse::<IpAddr>) {
                Some(Ok(ip)) if blank(asn) => self.find(ip, &mut cache)?.asn,
                _ => Default::default(),
            };
            match found.asn {
                Some(number) => {
                    asn_out.append_value(number.to_string());
                    org_out.append_option(if blank(org) { found.organization } else { org });
                }
                None => {
                    asn_out.append_option(asn);
                    org_out.append_option(org);
                }
            }
        }
        let (asn_array, org_array): (ArrayRef, ArrayRef) =
            (Arc::new(asn_out.finish()), Arc::new(org_out.finish()));
        let batch = table.to_batch()?;
        let columns = batch
            .schema()
            .fields()
            .iter()
            .zip(batch.columns())
            .map(|(field, column)| {
                let name = field.name().clone();
                let array = if name == asn_column {
                    asn_array.clone()
                } else if name == org_column {
                    org_array.clone()
                } else {
                    column.clone()
                };
                (name, array)
            })
            .collect();
        Ok(Table::from_columns(columns)?)
    }
}
