//! One module per subcommand.

pub mod decode;
pub mod geoip;
pub mod inspect;
pub mod ioc;
pub mod net;
pub mod pivot;
pub mod proctree;
pub mod sessions;
pub mod ti;
pub mod timeseries;
pub mod whois;
