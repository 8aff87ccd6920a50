//! What the network lookups share on the command line: the configuration (API keys,
//! base URLs, rate limits, cache) and the run of the TI providers, used by
//! `huntkit whois` and by `huntkit ti --provider NAME`.
//!
//! Keys come from `--net-config FILE` (JSON, see `crates/huntkit-net/README.md`) or the
//! environment (`HUNTKIT_VT_KEY`, `HUNTKIT_OTX_KEY`, `HUNTKIT_ABUSEIPDB_KEY`,
//! `HUNTKIT_GREYNOISE_KEY`, `HUNTKIT_URLHAUS_KEY`); never from a flag, where they would
//! land in the shell's history and the process list.

use clap::Args;
use huntkit_core::Table;
use huntkit_net::native::{lookup_all, UreqTransport};
use huntkit_net::{NetConfig, Provider, Session};
use huntkit_ti::{IocType, TiResult};

use crate::error::CliError;
use crate::io::read_bytes;

/// The network configuration flag.
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// JSON configuration of the network lookups: per-provider `apiKey`, `baseUrl`,
    /// `requestsPerMinute`; `cacheTtlSecs`, `timeoutSecs`, `maxWaitSecs`... Keys missing
    /// there are read from HUNTKIT_VT_KEY, HUNTKIT_OTX_KEY, HUNTKIT_ABUSEIPDB_KEY,
    /// HUNTKIT_GREYNOISE_KEY and HUNTKIT_URLHAUS_KEY.
    #[arg(long = "net-config", value_name = "FILE")]
    pub net_config: Option<String>,
}

/// The online TI providers to ask, for `huntkit ti`.
#[derive(Debug, Clone, Args)]
pub struct ProviderArgs {
    /// Also ask this online provider (repeatable): virustotal (vt), otx, abuseipdb,
    /// greynoise, urlhaus. Indicators leave the machine: see the provider's terms.
    #[arg(long = "provider", value_name = "NAME")]
    pub providers: Vec<String>,
    #[command(flatten)]
    pub net: NetArgs,
}

/// The configuration: the file's, then keys from the environment.
pub fn config(args: &NetArgs) -> Result<NetConfig, CliError> {
    let config = match &args.net_config {
        Some(path) => {
            let bytes = read_bytes(path)?;
            let text = std::str::from_utf8(&bytes).map_err(|_| CliError::Input {
                code: "invalid_config",
                message: format!("{path}: not UTF-8 text"),
            })?;
            NetConfig::from_json(text)?
        }
        None => NetConfig::default(),
    };
    Ok(config.with_env_keys(|name| std::env::var(name).ok()))
}

/// The providers named on the command line, in order, each once.
pub fn providers(names: &[String]) -> Result<Vec<Provider>, CliError> {
    let mut out = Vec::new();
    for name in names {
        let p = Provider::from_name(name).map_err(|e| CliError::Usage(e.to_string()))?;
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

/// Asks each of `args.providers` about `indicators`: MSTICPy's TI result rows (errors,
/// such as a missing key or a refused request, are rows with the code in `Details`).
pub fn provider_results(
    args: &ProviderArgs,
    indicators: &[(String, IocType)],
) -> Result<Vec<TiResult>, CliError> {
    let providers = providers(&args.providers)?;
    if providers.is_empty() {
        return Ok(Vec::new());
    }
    let config = config(&args.net)?;
    let transport = UreqTransport::new(config.timeout_secs);
    let mut session = Session::new(config)?;
    Ok(lookup_all(&mut session, &transport, indicators, &providers))
}

/// The indicators of a table's `column` (types from `type_column`, else by shape).
pub fn indicators(
    table: &Table,
    column: &str,
    type_column: Option<&str>,
    max_items: usize,
) -> Result<Vec<(String, IocType)>, CliError> {
    Ok(huntkit_net::indicators_of(
        table,
        column,
        type_column,
        max_items,
    )?)
}
