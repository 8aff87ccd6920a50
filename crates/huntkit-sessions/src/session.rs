//! Sessions and their three forms.

use serde::{Deserialize, Serialize};

/// The start token, placed before the first command of a session.
pub const START_TOKEN: &str = "##START##";
/// The end token, placed after the last command of a session.
pub const END_TOKEN: &str = "##END##";
/// The unknown token: every command, parameter or value not seen in training scores as it.
pub const UNK_TOKEN: &str = "##UNK##";

/// A session: the ordered commands of one user in one stretch of activity.
pub type Session = Vec<Command>;

/// The form of a set of sessions. All sessions given to one model share one form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum SessionForm {
    /// Commands only.
    Commands,
    /// Commands, each with a set of parameter names.
    Params,
    /// Commands, each with parameters and their values.
    Values,
}

impl SessionForm {
    /// The name used in messages and saved models.
    pub fn name(self) -> &'static str {
        match self {
            SessionForm::Commands => "commands",
            SessionForm::Params => "params",
            SessionForm::Values => "values",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Self> {
        match name {
            "commands" => Some(SessionForm::Commands),
            "params" => Some(SessionForm::Params),
            "values" => Some(SessionForm::Values),
            _ => None,
        }
    }
}

/// The parameters of one command.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Params {
    /// No parameters at all: the commands-only form.
    #[default]
    None,
    /// Parameter names without values.
    Set(Vec<String>),
    /// Parameter names with values. `None` stands for a value that carries no information
    /// (null, false, 0, an empty string, array or object); it is not counted in training and
    /// scores as the unknown value.
    Values(Vec<(String, Option<String>)>),
}

impl Params {
    /// The session form this kind of parameters belongs to.
    pub fn form(&self) -> SessionForm {
        match self {
            Params::None => SessionForm::Commands,
            Params::Set(_) => SessionForm::Params,
            Params::Values(_) => SessionForm::Values,
        }
    }

    /// Parameters from a JSON value: an object gives names with values, an array of strings
    /// gives a set of names, null gives an empty set of values.
    pub fn from_json(value: &serde_json::Value) -> Option<Params> {
        match value {
            serde_json::Value::Object(map) => Some(Params::Values(
                map.iter()
                    .map(|(k, v)| (k.clone(), value_text(v)))
                    .collect(),
            )),
            serde_json::Value::Array(items) => {
                let mut names = Vec::with_capacity(items.len());
                for item in items {
                    names.push(item.as_str()?.to_string());
                }
                Some(Params::Set(names))
            }
            serde_json::Value::Null => Some(Params::Values(Vec::new())),
            _ => None,
        }
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Params::None => serde_json::Value::Null,
            Params::Set(names) => serde_json::Value::Array(
                names
                    .iter()
                    .map(|n| serde_json::Value::String(n.clone()))
                    .collect(),
            ),
            Params::Values(pairs) => serde_json::Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_ref().map_or(serde_json::Value::Null, |s| {
                                serde_json::Value::String(s.clone())
                            }),
                        )
                    })
                    .collect(),
            ),
        }
    }
}

/// The text of a parameter value, or `None` when the value carries no information.
///
/// Strings are taken as they are; other non-empty JSON values by their JSON text.
pub fn value_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null | serde_json::Value::Bool(false) => None,
        serde_json::Value::Bool(true) => Some("true".to_string()),
        serde_json::Value::Number(n) => {
            if n.as_f64() == Some(0.0) {
                None
            } else {
                Some(n.to_string())
            }
        }
        serde_json::Value::String(s) if s.is_empty() => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(a) if a.is_empty() => None,
        serde_json::Value::Object(o) if o.is_empty() => None,
        other => Some(other.to_string()),
    }
}

/// One command of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The command, e.g. `Set-Mailbox`.
    pub name: String,
    /// Its parameters, in the form of the session.
    pub params: Params,
}

impl Command {
    /// A command without parameters (commands-only form).
    pub fn new(name: impl Into<String>) -> Self {
        Command {
            name: name.into(),
            params: Params::None,
        }
    }

    /// A command with a set of parameter names.
    pub fn with_params<I, S>(name: impl Into<String>, params: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Command {
            name: name.into(),
            params: Params::Set(params.into_iter().map(Into::into).collect()),
        }
    }

    /// A command with parameters and values.
    pub fn with_values<I, K, V>(name: impl Into<String>, params: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Command {
            name: name.into(),
            params: Params::Values(
                params
                    .into_iter()
                    .map(|(k, v)| {
                        let v: String = v.into();
                        (k.into(), (!v.is_empty()).then_some(v))
                    })
                    .collect(),
            ),
        }
    }
}

/// Parameters serialised straight to JSON, as `Params::to_json` would build them but
/// without building them.
pub(crate) struct ParamsJson<'a>(pub(crate) &'a Params);

impl serde::Serialize for ParamsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self.0 {
            Params::None => s.serialize_unit(),
            Params::Set(names) => s.collect_seq(names),
            // A JSON object keeps one entry per name, where the name first appeared, with
            // the last value given: build it as such.
            Params::Values(pairs) if has_repeats(pairs) => self.0.to_json().serialize(s),
            Params::Values(pairs) => {
                let mut m = s.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

/// Whether a parameter name appears more than once.
fn has_repeats(pairs: &[(String, Option<String>)]) -> bool {
    if pairs.len() <= 16 {
        pairs
            .iter()
            .enumerate()
            .any(|(i, (k, _))| pairs.iter().skip(i + 1).any(|(j, _)| j == k))
    } else {
        let mut seen = rustc_hash::FxHashSet::default();
        !pairs.iter().all(|(k, _)| seen.insert(k.as_str()))
    }
}

impl Serialize for Command {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.params {
            Params::None => serializer.serialize_str(&self.name),
            params => {
                #[derive(Serialize)]
                struct Full<'a> {
                    name: &'a str,
                    params: ParamsJson<'a>,
                }
                Full {
                    name: &self.name,
                    params: ParamsJson(params),
                }
                .serialize(serializer)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Full {
                name: String,
                #[serde(default)]
                params: Option<serde_json::Value>,
            },
        }
        match Raw::deserialize(deserializer)? {
            Raw::Name(name) => Ok(Command::new(name)),
            Raw::Full { name, params: None } => Ok(Command::new(name)),
            Raw::Full {
                name,
                params: Some(value),
            } => {
                let params = Params::from_json(&value).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "the params of command {name:?} are neither an object nor an array of names"
                    ))
                })?;
                Ok(Command { name, params })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_serialise_as_their_json_value() {
        let pair = |k: &str, v: Option<&str>| (k.to_string(), v.map(str::to_string));
        let mut many: Vec<(String, Option<String>)> =
            (0..20).map(|i| pair(&format!("p{i}"), Some("x"))).collect();
        many.push(pair("p3", None));
        let cases = vec![
            Params::None,
            Params::Set(vec![]),
            Params::Set(vec!["a".into(), "a\"".into(), "a".into()]),
            Params::Values(vec![]),
            Params::Values(vec![pair("b", Some("1")), pair("a", None)]),
            Params::Values(vec![
                pair("a", Some("1")),
                pair("b", None),
                pair("a", Some("2\n")),
            ]),
            Params::Values(many),
        ];
        for p in cases {
            assert_eq!(
                serde_json::to_string(&ParamsJson(&p)).unwrap(),
                serde_json::to_string(&p.to_json()).unwrap(),
                "{p:?}"
            );
        }
    }
}
