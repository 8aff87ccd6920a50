//! The input columns a tree keeps, and a synthesised process's own texts.
//!
//! A tree copies no text of its input events: their names, ids, command lines and logon
//! ids are read from the input's columns when asked for (Arrow columns are shared, not
//! copied). Only a synthesised process, which has no row, carries its texts itself.

use huntkit_core::StrColumn;

use crate::events::parse_pid;

/// What a synthesised process shows, taken from the events that name it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SynthText {
    pub name: String,
    pub pid: String,
    pub host: Option<String>,
    pub effective_logon: Option<String>,
    pub cmd_line: Option<String>,
    pub user_id: Option<String>,
    pub logon_id: Option<String>,
}

/// The input columns a process's texts are read from, kept by the tree (Arrow columns
/// are shared, not copied).
#[derive(Clone, Debug, Default)]
pub(crate) struct TextColumns {
    pub name: Option<StrColumn>,
    pub pid: Option<StrColumn>,
    pub host: Option<StrColumn>,
    pub cmd: Option<StrColumn>,
    pub user: Option<StrColumn>,
    pub logon: Option<StrColumn>,
    pub target: Option<StrColumn>,
    /// Whether the schema's logon id column is there (else the effective logon is `0`).
    pub has_logon: bool,
}

fn value(col: &Option<StrColumn>, row: usize) -> Option<&str> {
    col.as_ref()?.get(row)
}

impl TextColumns {
    pub fn name(&self, row: usize) -> &str {
        value(&self.name, row).unwrap_or("")
    }
    pub fn pid(&self, row: usize) -> std::borrow::Cow<'_, str> {
        parse_pid(value(&self.pid, row).unwrap_or("")).display
    }
    pub fn host(&self, row: usize) -> Option<&str> {
        value(&self.host, row)
    }
    pub fn cmd_line(&self, row: usize) -> Option<&str> {
        value(&self.cmd, row)
    }
    pub fn user_id(&self, row: usize) -> Option<&str> {
        value(&self.user, row)
    }
    pub fn logon_id(&self, row: usize) -> Option<&str> {
        value(&self.logon, row)
    }
    pub fn effective_logon(&self, row: usize) -> Option<&str> {
        effective_logon(
            value(&self.logon, row),
            value(&self.target, row),
            self.has_logon,
        )
    }
}

/// MSTICPy's effective logon id: the target logon id when there is one other than
/// `0x0`, else the creator's.
fn effective_logon<'a>(
    logon: Option<&'a str>,
    target: Option<&'a str>,
    has_logon: bool,
) -> Option<&'a str> {
    if !has_logon {
        return Some("0");
    }
    match target {
        Some(t) if t != "0x0" => Some(t),
        _ => logon,
    }
}

/// The input columns that hold each value of a process, so synthesised rows of an output
/// table can show their name, id, time and so on in the input's own columns.
#[derive(Clone, Debug, Default)]
pub(crate) struct FillColumns {
    pub name: Option<String>,
    pub pid: Option<String>,
    pub time: Vec<String>,
    pub host: Option<String>,
    pub cmd: Option<String>,
    pub user: Option<String>,
    pub logon: Option<String>,
}
