//! The entity types: names, aliases (MSTICPy's `ENTITY_NAME_MAP`), identifying
//! properties and the property columns each type is parsed into.

use crate::{Error, Result};

/// An entity type huntkit parses from text. Other types met in Sentinel alerts
/// (`AzureResource`, `RegistryKey`, ...) keep their properties as written, under their
/// canonical name (see [`canonical_type_name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// A domain name (MSTICPy's `Dns`).
    Dns,
    /// A URL.
    Url,
    /// A file hash (MD5, SHA-1, SHA-256 or SHA-512 by length).
    FileHash,
    /// A file, by its path.
    File,
    /// A user account (`DOMAIN\user`, `user@domain`, a SID or a bare name).
    Account,
    /// A host, by its name or fully qualified domain name.
    Host,
    /// A process, by its command line.
    Process,
    /// An e-mail address.
    Email,
}

/// Every parsed kind, in the order `list()` shows them.
pub const KINDS: [EntityKind; 9] = [
    EntityKind::IpAddress,
    EntityKind::Dns,
    EntityKind::Url,
    EntityKind::FileHash,
    EntityKind::File,
    EntityKind::Account,
    EntityKind::Host,
    EntityKind::Process,
    EntityKind::Email,
];

/// Lower-case names and aliases of every entity type (MSTICPy's `ENTITY_NAME_MAP`, plus
/// `email`), with the canonical name each stands for.
const NAME_MAP: &[(&str, &str)] = &[
    ("account", "Account"),
    ("user", "Account"),
    ("alert", "Alert"),
    ("alerts", "Alert"),
    ("azureresource", "AzureResource"),
    ("azure-resource", "AzureResource"),
    ("cloudapplication", "CloudApplication"),
    ("cloud-application", "CloudApplication"),
    ("cloudlogonsession", "CloudLogonSession"),
    ("cloud-logon-session", "CloudLogonSession"),
    ("dns", "Dns"),
    ("dnsresolve", "Dns"),
    ("dns-resolve", "Dns"),
    ("domain", "Dns"),
    ("email", "Email"),
    ("file", "File"),
    ("filehash", "FileHash"),
    ("file-hash", "FileHash"),
    ("geolocation", "GeoLocation"),
    ("geo-location", "GeoLocation"),
    ("location", "GeoLocation"),
    ("host", "Host"),
    ("machine", "Host"),
    ("hostlogonsession", "HostLogonSession"),
    ("host-logon-session", "HostLogonSession"),
    ("incident", "Incident"),
    ("iotdevice", "IoTDevice"),
    ("iot-device", "IoTDevice"),
    ("ip", "IpAddress"),
    ("ipaddress", "IpAddress"),
    ("ip-address", "IpAddress"),
    ("mailbox", "Mailbox"),
    ("mailcluster", "MailCluster"),
    ("mail-cluster", "MailCluster"),
    ("mailmessage", "MailMessage"),
    ("mail-message", "MailMessage"),
    ("mailboxconfiguration", "MailboxConfiguration"),
    ("mailbox-configuration", "MailboxConfiguration"),
    ("malware", "Malware"),
    ("networkconnection", "NetworkConnection"),
    ("network-connection", "NetworkConnection"),
    ("oauthapplication", "OAuthApplication"),
    ("oauth-application", "OAuthApplication"),
    ("process", "Process"),
    ("registrykey", "RegistryKey"),
    ("registry-key", "RegistryKey"),
    ("registryvalue", "RegistryValue"),
    ("registry-value", "RegistryValue"),
    ("securitygroup", "SecurityGroup"),
    ("security-group", "SecurityGroup"),
    ("serviceprincipal", "ServicePrincipal"),
    ("service-principal", "ServicePrincipal"),
    ("submissionmail", "SubmissionMail"),
    ("submission-mail", "SubmissionMail"),
    ("threatintelligence", "Threatintelligence"),
    ("threat-intelligence", "Threatintelligence"),
    ("url", "Url"),
];

/// The canonical name of an entity type name or alias, case-insensitively
/// (`"ip"` → `IpAddress`, `"machine"` → `Host`), or `None` when it is not one.
pub fn canonical_type_name(name: &str) -> Option<&'static str> {
    let lower = name.trim().to_ascii_lowercase();
    NAME_MAP
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map(|(_, canonical)| *canonical)
}

impl EntityKind {
    /// The entity's name as MSTICPy spells its class.
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::IpAddress => "IpAddress",
            EntityKind::Dns => "Dns",
            EntityKind::Url => "Url",
            EntityKind::FileHash => "FileHash",
            EntityKind::File => "File",
            EntityKind::Account => "Account",
            EntityKind::Host => "Host",
            EntityKind::Process => "Process",
            EntityKind::Email => "Email",
        }
    }

    /// The kind named `name` or one of its aliases (case-insensitive): `ip`, `Ipaddress`,
    /// `machine`, `user`, `dnsresolve`, ...
    pub fn from_name(name: &str) -> Result<EntityKind> {
        canonical_type_name(name)
            .and_then(|c| KINDS.iter().copied().find(|k| k.name() == c))
            .ok_or_else(|| Error::UnknownEntity {
                name: huntkit_core::shorten(name),
                known: KINDS.map(EntityKind::name).join(", "),
            })
    }

    /// The property a single value stands for (MSTICPy's pivot `entity_map` attribute):
    /// `Address` for an IP address, `CommandLine` for a process, ...
    pub fn value_property(self) -> &'static str {
        match self {
            EntityKind::IpAddress => "Address",
            EntityKind::Dns => "DomainName",
            EntityKind::Url => "Url",
            EntityKind::FileHash => "Value",
            EntityKind::File => "FullPath",
            EntityKind::Account => "QualifiedName",
            EntityKind::Host => "FQDN",
            EntityKind::Process => "CommandLine",
            EntityKind::Email => "Address",
        }
    }

    /// MSTICPy's `ID_PROPERTIES`: two entities with equal values of these are the same.
    pub fn id_properties(self) -> &'static [&'static str] {
        match self {
            EntityKind::IpAddress => &["Address"],
            EntityKind::Dns => &["DomainName"],
            EntityKind::Url => &["Url"],
            EntityKind::FileHash => &["Value"],
            EntityKind::File => &["FullPath", "Sha1", "Sha256", "Sha256ac", "Md5"],
            EntityKind::Account => &["QualifiedName", "Sid", "AadUserId", "PUID", "ObjectGuid"],
            EntityKind::Host => &["FQDN", "AzureID", "OMSAgentID", "DeviceId"],
            EntityKind::Process => &["ProcessId", "ImageFile", "CreationTimeUtc", "CommandLine"],
            EntityKind::Email => &["Address"],
        }
    }

    /// The property columns a value of this kind is parsed into, the value property first.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            EntityKind::IpAddress => &["Address", "IpType", "Version"],
            EntityKind::Dns => &["DomainName"],
            EntityKind::Url => &[
                "Url", "Scheme", "Host", "Port", "Path", "Query", "Fragment", "UserInfo",
            ],
            EntityKind::FileHash => &["Value", "Algorithm"],
            EntityKind::File => &["FullPath", "Directory", "Name", "PathSeparator", "OSFamily"],
            EntityKind::Account => &["QualifiedName", "Name", "NTDomain", "UPNSuffix", "Sid"],
            EntityKind::Host => &["FQDN", "HostName", "DnsDomain"],
            EntityKind::Process => &["CommandLine", "ProcessFilePath", "ProcessName"],
            EntityKind::Email => &["Address", "User", "Domain"],
        }
    }

    /// What the entity is, for `help`.
    pub fn description(self) -> &'static str {
        match self {
            EntityKind::IpAddress => "an IPv4 or IPv6 address (refanged, in canonical form)",
            EntityKind::Dns => "a domain name (refanged, lower-cased, no trailing dot)",
            EntityKind::Url => "a URL (refanged; scheme and host lower-cased)",
            EntityKind::FileHash => "an MD5, SHA-1, SHA-256 or SHA-512 hash (lower-cased hex)",
            EntityKind::File => "a file by its Windows or Unix path",
            EntityKind::Account => "an account: DOMAIN\\user, user@domain, a SID or a name",
            EntityKind::Host => "a host name or fully qualified domain name",
            EntityKind::Process => "a process by its command line",
            EntityKind::Email => "an e-mail address (refanged, lower-cased)",
        }
    }
}
