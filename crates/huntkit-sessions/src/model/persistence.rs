//! Saving a model as versioned JSON and loading it again.
//!
//! The file holds raw counts only; loading checks every count and reference and derives
//! the rest exactly as training did, so a loaded model scores as the trained one.

use serde::{Deserialize, Serialize};

use super::counts::{Counts, RowCounts, Vocab};
use super::Model;
use crate::error::{Error, Result};
use crate::options::{ModelOptions, Smoothing};
use crate::session::{SessionForm, END_TOKEN, START_TOKEN, UNK_TOKEN};

/// The saved-model format name and version.
pub const MODEL_FORMAT: &str = "huntkit.sessions.model";
/// The version of the saved-model format this release writes; it reads this one and older.
pub const MODEL_VERSION: u32 = 1;

/// The saved form of a model: raw counts only, so loading derives exactly what training did.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModelFile {
    format: String,
    version: u32,
    form: String,
    smoothing: String,
    sessions: u64,
    commands: Vec<String>,
    command_counts: Vec<u64>,
    transitions: Vec<[u64; 3]>,
    #[serde(default)]
    params: Vec<String>,
    #[serde(default)]
    param_counts: Vec<u64>,
    #[serde(default)]
    command_params: Vec<[u64; 3]>,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    value_counts: Vec<u64>,
    #[serde(default)]
    param_values: Vec<[u64; 3]>,
    #[serde(default)]
    modellable_params: Option<Vec<String>>,
}

fn invalid(detail: impl Into<String>) -> Error {
    Error::InvalidModel {
        detail: detail.into(),
    }
}

fn load_vocab(names: &[String], tokens: &[&str], what: &str) -> Result<Vocab> {
    for (i, t) in tokens.iter().enumerate() {
        if names.get(i).map(String::as_str) != Some(*t) {
            return Err(invalid(format!("{what}[{i}] must be the token {t:?}")));
        }
    }
    let mut v = Vocab::default();
    for (i, n) in names.iter().enumerate() {
        if v.id(n).is_some() {
            return Err(invalid(format!("{what}[{i}] repeats the name {n:?}")));
        }
        v.intern(n);
    }
    Ok(v)
}

/// Counts by id, one per name (a shorter saved list is padded with zeros).
fn load_counts(counts: &[u64], names: usize, what: &str) -> Result<Vec<u64>> {
    if counts.len() > names {
        return Err(invalid(format!("{what} has more counts than names")));
    }
    let mut out = counts.to_vec();
    out.resize(names, 0);
    Ok(out)
}

fn load_cells(triples: &[[u64; 3]], rows: usize, cols: usize, what: &str) -> Result<RowCounts> {
    let mut out = RowCounts::default();
    for (i, [r, c, n]) in triples.iter().enumerate() {
        if *r >= rows as u64 || *c >= cols as u64 {
            return Err(invalid(format!(
                "{what}[{i}] refers to a name out of range"
            )));
        }
        if *n == 0 {
            return Err(invalid(format!("{what}[{i}] has a zero count")));
        }
        out.add(*r as u32, *c as u32, *n);
    }
    Ok(out)
}

impl Model {
    /// Save the model as versioned JSON. The format is stable: later releases read it.
    pub fn to_json(&self) -> String {
        let file = ModelFile {
            format: MODEL_FORMAT.to_string(),
            version: MODEL_VERSION,
            form: self.form.name().to_string(),
            smoothing: self.smoothing.name().to_string(),
            sessions: self.counts.sessions,
            commands: self.counts.cmds.names.clone(),
            command_counts: self.counts.seq1.clone(),
            transitions: self.counts.seq2.triples(),
            params: self.counts.params.names.clone(),
            param_counts: self.counts.param.clone(),
            command_params: self.counts.cmd_param.triples(),
            values: self.counts.values.names.clone(),
            value_counts: self.counts.value.clone(),
            param_values: self.counts.param_value.triples(),
            modellable_params: if self.modellable_given {
                self.modellable_params()
            } else {
                None
            },
        };
        // Serialising plain strings and integers cannot fail.
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// Load a model saved by [`Model::to_json`], checking every count and reference.
    pub fn from_json(text: &str) -> Result<Model> {
        Self::from_json_with_limit(text, ModelOptions::default().max_vocabulary)
    }

    /// Load a model, allowing at most `max_vocabulary` distinct names.
    pub fn from_json_with_limit(text: &str, max_vocabulary: usize) -> Result<Model> {
        let file: ModelFile =
            serde_json::from_str(text).map_err(|e| invalid(format!("not a saved model: {e}")))?;
        let (form, smoothing) = file.kind()?;
        let names = file.commands.len() + file.params.len() + file.values.len();
        if names > max_vocabulary {
            return Err(Error::LimitExceeded {
                what: format!("a model of {names} names"),
                limit: max_vocabulary as u64,
                option: "maxVocabulary",
            });
        }
        let counts = file.counts()?;
        if counts.sessions == 0 {
            return Err(invalid("the model was trained on no sessions"));
        }
        Ok(Model::from_counts(
            form,
            smoothing,
            counts,
            file.modellable_params.as_deref(),
        ))
    }
}

impl ModelFile {
    /// The form and smoothing of the saved model, once its format and version are
    /// known to be ones this release reads.
    fn kind(&self) -> Result<(SessionForm, Smoothing)> {
        if self.format != MODEL_FORMAT {
            return Err(invalid(format!(
                "format {:?} is not {MODEL_FORMAT:?}",
                self.format
            )));
        }
        if self.version == 0 || self.version > MODEL_VERSION {
            return Err(invalid(format!(
                "version {} is not supported (this release reads up to {MODEL_VERSION})",
                self.version
            )));
        }
        let form = SessionForm::from_name(&self.form)
            .ok_or_else(|| invalid(format!("unknown form {:?}", self.form)))?;
        let smoothing = match self.smoothing.as_str() {
            "msticpy" => Smoothing::Msticpy,
            "laplace" => Smoothing::Laplace,
            other => return Err(invalid(format!("unknown smoothing {other:?}"))),
        };
        Ok((form, smoothing))
    }

    /// The saved counts, each checked against the names it refers to.
    fn counts(&self) -> Result<Counts> {
        let cmds = load_vocab(
            &self.commands,
            &[START_TOKEN, END_TOKEN, UNK_TOKEN],
            "commands",
        )?;
        let mut params = self.params.clone();
        let mut values = self.values.clone();
        if params.is_empty() {
            params.push(UNK_TOKEN.to_string());
        }
        if values.is_empty() {
            values.push(UNK_TOKEN.to_string());
        }
        let params = load_vocab(&params, &[UNK_TOKEN], "params")?;
        let values = load_vocab(&values, &[UNK_TOKEN], "values")?;
        Ok(Counts {
            sessions: self.sessions,
            seq1: load_counts(&self.command_counts, cmds.len(), "commandCounts")?,
            seq2: load_cells(&self.transitions, cmds.len(), cmds.len(), "transitions")?,
            param: load_counts(&self.param_counts, params.len(), "paramCounts")?,
            cmd_param: load_cells(
                &self.command_params,
                cmds.len(),
                params.len(),
                "commandParams",
            )?,
            value: load_counts(&self.value_counts, values.len(), "valueCounts")?,
            param_value: load_cells(
                &self.param_values,
                params.len(),
                values.len(),
                "paramValues",
            )?,
            cmds,
            params,
            values,
            seen: Vec::new(),
            record: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Command;
    use huntkit_core::ErrorCode;

    fn s(v: &[&str]) -> Vec<Command> {
        v.iter().map(|c| Command::new(*c)).collect()
    }

    #[test]
    fn load_rejects_bad_references() {
        let m = Model::train(&[s(&["a", "b"])], &ModelOptions::default()).unwrap();
        let json = m.to_json();
        let bad = json.replace("\"transitions\":[[0,", "\"transitions\":[[99,");
        assert_eq!(Model::from_json(&bad).unwrap_err().code(), "invalid_model");
        let bad = json.replace("\"version\":1", "\"version\":7");
        assert_eq!(Model::from_json(&bad).unwrap_err().code(), "invalid_model");
        assert_eq!(Model::from_json("{").unwrap_err().code(), "invalid_model");
    }
}
