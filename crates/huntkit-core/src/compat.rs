//! Whose behaviour an engine follows where huntkit and MSTICPy differ: one type for every
//! engine, so every layer spells the two modes the same way.

use serde::{Deserialize, Serialize};

/// Whose behaviour to follow where huntkit and MSTICPy differ.
///
/// Written `"huntkit"` or `"msticpy"` in options (JSON, JavaScript, the CLI's `--compat`).
/// `"none"`, the name huntkit's own mode had in some engines before, is still read as
/// `"huntkit"`.
///
/// ```
/// use huntkit_core::Compat;
/// let read = |s: &str| serde_json::from_str::<Compat>(s).unwrap();
/// assert_eq!(read("\"huntkit\""), Compat::Huntkit);
/// assert_eq!(read("\"none\""), Compat::Huntkit);
/// assert_eq!(read("\"msticpy\""), Compat::Msticpy);
/// assert_eq!(Compat::default().name(), "huntkit");
/// assert_eq!(Compat::from_name("none"), Some(Compat::Huntkit));
/// assert_eq!(Compat::from_name("pandas"), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Compat {
    /// huntkit's behaviour: MSTICPy's quirks fixed (each engine's README lists them).
    #[default]
    #[serde(alias = "none")]
    Huntkit,
    /// MSTICPy 3.0.2's behaviour, quirks included.
    Msticpy,
}

impl Compat {
    /// The name used in options and messages.
    pub fn name(self) -> &'static str {
        match self {
            Compat::Huntkit => "huntkit",
            Compat::Msticpy => "msticpy",
        }
    }

    /// The mode a name stands for, as options spell it (`"none"` included): read by the
    /// same serde rules as an options object, so the two cannot disagree.
    pub fn from_name(name: &str) -> Option<Compat> {
        use serde::de::value::{Error, StrDeserializer};
        Compat::deserialize(StrDeserializer::<Error>::new(name)).ok()
    }
}
