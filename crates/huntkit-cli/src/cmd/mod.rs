//! One module per subcommand.

pub mod inspect;
pub mod ioc;
pub mod sessions;
pub mod timeseries;
