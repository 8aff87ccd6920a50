//! One module per subcommand.

pub mod decode;
pub mod inspect;
pub mod ioc;
pub mod proctree;
pub mod sessions;
pub mod timeseries;
