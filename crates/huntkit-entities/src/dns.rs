//! A domain name split into subdomain, registered domain and public suffix, as
//! MSTICPy's `dns_components` (tldextract without private suffixes), from the Public
//! Suffix List compiled into the `psl` crate.

/// The parts of a domain name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsComponents {
    /// The labels left of the registered domain (`www`), may be empty.
    pub subdomain: String,
    /// The label left of the suffix (`contoso`); the last label when the suffix is not
    /// on the list.
    pub domain: String,
    /// The ICANN public suffix (`com`, `co.uk`), empty when the name has none.
    pub suffix: String,
}

impl DnsComponents {
    /// `domain.suffix`, or `domain` when there is no suffix.
    pub fn registered_domain(&self) -> String {
        if self.suffix.is_empty() || self.domain.is_empty() {
            String::new()
        } else {
            format!("{}.{}", self.domain, self.suffix)
        }
    }
}

/// The length of the ICANN suffix of `name` (lower-case), if it has one on the list.
fn icann_suffix_len(name: &str) -> Option<usize> {
    let s = psl::suffix(name.as_bytes())?;
    if !s.is_known() {
        return None;
    }
    match s.typ() {
        Some(psl::Type::Icann) => Some(s.as_bytes().len()),
        Some(psl::Type::Private) => {
            // A private suffix (blogspot.com) counts through its ICANN parent (com).
            let start = name.len().checked_sub(s.as_bytes().len())?;
            let tail = name.get(start..)?;
            let dot = tail.find('.')?;
            icann_suffix_len(tail.get(dot + 1..)?)
        }
        None => None,
    }
}

/// Splits a domain name (refanged and lower-cased first); `None` when it is not one.
///
/// ```
/// let c = huntkit_entities::dns_components("www.contoso.co.uk").unwrap();
/// assert_eq!((c.subdomain.as_str(), c.domain.as_str(), c.suffix.as_str()), ("www", "contoso", "co.uk"));
/// ```
pub fn dns_components(text: &str) -> Option<DnsComponents> {
    let name = crate::parse::domain(text)?;
    let suffix_len = icann_suffix_len(&name).filter(|n| *n <= name.len());
    let (rest, suffix) = match suffix_len {
        Some(n) if n == name.len() => ("", name.as_str()),
        Some(n) => {
            let split = name.len() - n;
            (
                name.get(..split.saturating_sub(1)).unwrap_or(""),
                name.get(split..).unwrap_or(""),
            )
        }
        None => (name.as_str(), ""),
    };
    let (subdomain, domain) = match rest.rsplit_once('.') {
        Some((sub, dom)) => (sub, dom),
        None => ("", rest),
    };
    Some(DnsComponents {
        subdomain: subdomain.to_string(),
        domain: domain.to_string(),
        suffix: suffix.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_tldextract() {
        let c = dns_components("www.contoso.com").unwrap();
        assert_eq!(c.subdomain, "www");
        assert_eq!(c.domain, "contoso");
        assert_eq!(c.suffix, "com");
        assert_eq!(c.registered_domain(), "contoso.com");
        let c = dns_components("a.b.example.blogspot.com").unwrap();
        assert_eq!(
            (c.subdomain.as_str(), c.domain.as_str(), c.suffix.as_str()),
            ("a.b.example", "blogspot", "com")
        );
        let c = dns_components("host.internal-name").unwrap();
        assert_eq!(
            (c.subdomain.as_str(), c.domain.as_str(), c.suffix.as_str()),
            ("host", "internal-name", "")
        );
        let c = dns_components("co.uk").unwrap();
        assert_eq!((c.domain.as_str(), c.suffix.as_str()), ("", "co.uk"));
        assert!(dns_components("").is_none());
    }
}
