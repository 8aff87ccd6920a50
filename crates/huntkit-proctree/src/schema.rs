//! Which columns hold what: the seven built-in process-event schemas, a user-given
//! mapping, and inference from column names.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::options::Compat;

/// The column names of one kind of process-creation event.
///
/// The four required fields name the process, its id, its parent's id and its creation
/// time; the rest are used when present. Field names are accepted in camelCase and in
/// MSTICPy's snake_case, so an existing MSTICPy schema dictionary can be passed as is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Schema {
    /// Process name or image path.
    #[serde(alias = "process_name")]
    pub process_name: String,
    /// Process id.
    #[serde(alias = "process_id")]
    pub process_id: String,
    /// Parent process id.
    #[serde(alias = "parent_id")]
    pub parent_id: String,
    /// Process creation (or event) time.
    #[serde(alias = "time_stamp")]
    pub time_stamp: String,
    /// Command line.
    #[serde(alias = "cmd_line")]
    pub cmd_line: Option<String>,
    /// Separator of folders in the process path.
    #[serde(alias = "path_separator")]
    pub path_separator: String,
    /// Account name.
    #[serde(alias = "user_name")]
    pub user_name: Option<String>,
    /// Logon (session) id of the creator.
    #[serde(alias = "logon_id")]
    pub logon_id: Option<String>,
    /// Host name.
    #[serde(alias = "host_name_column")]
    pub host_name_column: Option<String>,
    /// Parent process name or image path.
    #[serde(alias = "parent_name")]
    pub parent_name: Option<String>,
    /// Logon id the new process runs under, when it differs from the creator's.
    #[serde(alias = "target_logon_id")]
    pub target_logon_id: Option<String>,
    /// Account id (SID or uid).
    #[serde(alias = "user_id")]
    pub user_id: Option<String>,
    /// Column holding the event type.
    #[serde(alias = "event_id_column")]
    pub event_id_column: Option<String>,
    /// Value of `event_id_column` that marks a process-creation event.
    #[serde(alias = "event_id_identifier", deserialize_with = "de_identifier")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<EventIdentifier>"))]
    pub event_id_identifier: Option<String>,
}

/// How an event id may be written: a number (4688) or a string ("ProcessCreated").
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum EventIdentifier {
    Text(String),
    Number(f64),
}

/// Event ids arrive as numbers (4688) or strings ("ProcessCreated").
fn de_identifier<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Int(i64),
        Float(f64),
    }
    Ok(Option::<Id>::deserialize(d)?.map(|id| match id {
        Id::Text(s) => s,
        Id::Int(i) => i.to_string(),
        Id::Float(f) => f.to_string(),
    }))
}

impl Default for Schema {
    fn default() -> Self {
        Schema {
            process_name: String::new(),
            process_id: String::new(),
            parent_id: String::new(),
            time_stamp: String::new(),
            cmd_line: None,
            path_separator: "\\".to_string(),
            user_name: None,
            logon_id: None,
            host_name_column: None,
            parent_name: None,
            target_logon_id: None,
            user_id: None,
            event_id_column: None,
            event_id_identifier: None,
        }
    }
}

/// The built-in schemas, and `Custom` for a user-given mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemaKind {
    /// Windows security event 4688.
    Windows,
    /// Linux auditd `SYSCALL_EXECVE`.
    Linux,
    /// Defender for Endpoint, internal (`CreatedProcess*`) columns.
    MdeInternal,
    /// Defender for Endpoint / Sentinel `DeviceProcessEvents`.
    Mde,
    /// Sysmon event 1.
    Sysmon,
    /// osquery process events.
    Osquery,
    /// FireEye HX process events.
    Hx,
    /// A user-given column mapping.
    Custom,
}

impl SchemaKind {
    /// The built-in kinds, in the order MSTICPy lists them (inference ties depend on it).
    pub const BUILT_IN: [SchemaKind; 7] = [
        SchemaKind::Windows,
        SchemaKind::Linux,
        SchemaKind::MdeInternal,
        SchemaKind::Mde,
        SchemaKind::Sysmon,
        SchemaKind::Osquery,
        SchemaKind::Hx,
    ];

    /// The short name used by options and the command line.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Windows => "windows",
            SchemaKind::Linux => "linux",
            SchemaKind::MdeInternal => "mde-internal",
            SchemaKind::Mde => "mde",
            SchemaKind::Sysmon => "sysmon",
            SchemaKind::Osquery => "osquery",
            SchemaKind::Hx => "hx",
            SchemaKind::Custom => "custom",
        }
    }

    /// Reads a short name as given to [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<SchemaKind> {
        let lower = name.trim().to_ascii_lowercase();
        SchemaKind::BUILT_IN
            .into_iter()
            .chain([SchemaKind::Custom])
            .find(|k| {
                k.name() == lower || (lower == "mde_internal" && *k == SchemaKind::MdeInternal)
            })
    }

    /// The column names of a built-in kind (`Custom` has none: it is empty).
    pub fn schema(self) -> Schema {
        fn s(v: &str) -> String {
            v.to_string()
        }
        fn o(v: &str) -> Option<String> {
            Some(v.to_string())
        }
        match self {
            SchemaKind::Windows => Schema {
                time_stamp: s("TimeGenerated"),
                process_name: s("NewProcessName"),
                process_id: s("NewProcessId"),
                parent_name: o("ParentProcessName"),
                parent_id: s("ProcessId"),
                logon_id: o("SubjectLogonId"),
                target_logon_id: o("TargetLogonId"),
                cmd_line: o("CommandLine"),
                user_name: o("SubjectUserName"),
                path_separator: s("\\"),
                user_id: o("SubjectUserSid"),
                event_id_column: o("EventID"),
                event_id_identifier: o("4688"),
                host_name_column: o("Computer"),
            },
            SchemaKind::Linux => Schema {
                time_stamp: s("TimeGenerated"),
                process_name: s("exe"),
                process_id: s("pid"),
                parent_name: None,
                parent_id: s("ppid"),
                logon_id: o("ses"),
                target_logon_id: None,
                cmd_line: o("cmdline"),
                user_name: o("acct"),
                path_separator: s("/"),
                user_id: o("uid"),
                event_id_column: o("EventType"),
                event_id_identifier: o("SYSCALL_EXECVE"),
                host_name_column: o("Computer"),
            },
            SchemaKind::MdeInternal => Schema {
                time_stamp: s("CreatedProcessCreationTime"),
                process_name: s("CreatedProcessName"),
                process_id: s("CreatedProcessId"),
                parent_name: o("ParentProcessName"),
                parent_id: s("CreatedProcessParentId"),
                logon_id: o("InitiatingProcessLogonId"),
                target_logon_id: o("LogonId"),
                cmd_line: o("CreatedProcessCommandLine"),
                user_name: o("CreatedProcessAccountName"),
                path_separator: s("\\"),
                user_id: o("CreatedProcessAccountSid"),
                event_id_column: None,
                event_id_identifier: None,
                host_name_column: o("ComputerDnsName"),
            },
            SchemaKind::Mde => Schema {
                time_stamp: s("Timestamp"),
                process_name: s("FileName"),
                process_id: s("ProcessId"),
                parent_name: o("InitiatingProcessFileName"),
                parent_id: s("InitiatingProcessId"),
                logon_id: o("InitiatingProcessLogonId"),
                target_logon_id: o("LogonId"),
                cmd_line: o("ProcessCommandLine"),
                user_name: o("AccountName"),
                path_separator: s("\\"),
                user_id: o("AccountSid"),
                host_name_column: o("DeviceName"),
                event_id_column: o("ActionType"),
                event_id_identifier: o("ProcessCreated"),
            },
            SchemaKind::Sysmon => Schema {
                time_stamp: s("UtcTime"),
                process_name: s("Image"),
                process_id: s("ProcessId"),
                parent_name: o("ParentImage"),
                parent_id: s("ParentProcessId"),
                logon_id: o("LogonId"),
                target_logon_id: None,
                cmd_line: o("CommandLine"),
                user_name: o("User"),
                path_separator: s("\\"),
                user_id: None,
                event_id_column: o("EventID"),
                event_id_identifier: o("1"),
                host_name_column: o("Computer"),
            },
            SchemaKind::Osquery => Schema {
                time_stamp: s("calendarTime"),
                process_name: s("name"),
                process_id: s("pid"),
                parent_name: o("pcmdline"),
                parent_id: s("parent"),
                logon_id: None,
                target_logon_id: None,
                cmd_line: o("cmdline"),
                user_name: o("username"),
                path_separator: s("/"),
                user_id: o("uid"),
                event_id_column: None,
                event_id_identifier: None,
                host_name_column: None,
            },
            SchemaKind::Hx => Schema {
                time_stamp: s("starttime"),
                process_name: s("process"),
                process_id: s("pid"),
                parent_name: o("parentprocess"),
                parent_id: s("parentpid"),
                logon_id: None,
                target_logon_id: None,
                cmd_line: o("processcmdline"),
                user_name: o("username"),
                path_separator: s("\\"),
                user_id: None,
                event_id_column: o("eventtype"),
                event_id_identifier: o("start"),
                host_name_column: o("hostname"),
            },
            SchemaKind::Custom => Schema::default(),
        }
    }
}

impl Schema {
    /// Every column name the schema refers to (the separator and event value are not
    /// columns).
    pub fn columns(&self) -> Vec<&str> {
        let mut out = vec![
            self.process_name.as_str(),
            self.process_id.as_str(),
            self.parent_id.as_str(),
            self.time_stamp.as_str(),
        ];
        for c in [
            &self.cmd_line,
            &self.user_name,
            &self.logon_id,
            &self.host_name_column,
            &self.parent_name,
            &self.target_logon_id,
            &self.user_id,
            &self.event_id_column,
        ]
        .into_iter()
        .flatten()
        {
            out.push(c.as_str());
        }
        out.retain(|c| !c.is_empty());
        out
    }

    /// Checks that the four required fields are set.
    pub fn validate(&self) -> Result<()> {
        for (field, value) in [
            ("processName", &self.process_name),
            ("processId", &self.process_id),
            ("parentId", &self.parent_id),
            ("timeStamp", &self.time_stamp),
        ] {
            if value.trim().is_empty() {
                return Err(Error::option(
                    &format!("mapping.{field}"),
                    "a column mapping must name the process name, process id, parent id and time stamp columns",
                ));
            }
        }
        Ok(())
    }
}

/// Picks the built-in schema that best fits `columns`.
///
/// Each schema scores the number of its columns present; at least four must match.
/// With [`Compat::Msticpy`] a tie goes to the later schema in MSTICPy's list, and the
/// required columns need not all be present. By default only schemas whose four
/// required columns are all present compete, and a tie goes to the earlier schema.
pub fn infer_schema(columns: &[String], compat: Compat) -> Result<SchemaKind> {
    let have: std::collections::HashSet<&str> = columns.iter().map(String::as_str).collect();
    let mut best: Option<(usize, SchemaKind)> = None;
    for kind in SchemaKind::BUILT_IN {
        let schema = kind.schema();
        let score = schema
            .columns()
            .iter()
            .filter(|c| have.contains(**c))
            .count();
        if compat == Compat::Huntkit {
            let required = [
                &schema.process_name,
                &schema.process_id,
                &schema.parent_id,
                &schema.time_stamp,
            ];
            if !required.iter().all(|c| have.contains(c.as_str())) {
                continue;
            }
        }
        let better = match best {
            None => true,
            Some((b, _)) => match compat {
                Compat::Msticpy => score >= b,
                Compat::Huntkit => score > b,
            },
        };
        if better {
            best = Some((score, kind));
        }
    }
    match best {
        Some((score, kind)) if score >= 4 => Ok(kind),
        _ => Err(Error::NoSchema {
            expected: expected_columns(),
        }),
    }
}

/// The required columns of each built-in schema, for the "no schema" message.
fn expected_columns() -> String {
    SchemaKind::BUILT_IN
        .iter()
        .map(|k| {
            let s = k.schema();
            format!(
                "{} ({}, {}, {}, {})",
                k.name(),
                s.time_stamp,
                s.process_name,
                s.process_id,
                s.parent_id
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    fn cols(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn infers_each_builtin_from_its_own_columns() {
        for kind in SchemaKind::BUILT_IN {
            let names: Vec<String> = kind
                .schema()
                .columns()
                .iter()
                .map(|s| s.to_string())
                .collect();
            assert_eq!(
                infer_schema(&names, Compat::Huntkit).unwrap(),
                kind,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn too_few_columns_is_no_schema_naming_the_expected_columns() {
        let err = infer_schema(&cols(&["a", "b", "TimeGenerated"]), Compat::Huntkit).unwrap_err();
        assert_eq!(err.code(), "no_schema");
        let msg = err.to_string();
        assert!(
            msg.contains("NewProcessName")
                && msg.contains("CreatedProcessId")
                && msg.contains("starttime"),
            "{msg}"
        );
    }

    #[test]
    fn ties_go_to_the_later_schema_only_in_compat() {
        // The required columns of both the Windows and the Sysmon schema: four each.
        let names = cols(&[
            "TimeGenerated",
            "NewProcessName",
            "NewProcessId",
            "ProcessId",
            "UtcTime",
            "Image",
            "ParentProcessId",
        ]);
        assert_eq!(
            infer_schema(&names, Compat::Msticpy).unwrap(),
            SchemaKind::Sysmon
        );
        assert_eq!(
            infer_schema(&names, Compat::Huntkit).unwrap(),
            SchemaKind::Windows
        );
    }

    #[test]
    fn default_inference_needs_the_required_columns() {
        let names = cols(&["ProcessId", "CommandLine", "EventID", "Computer", "UtcTime"]);
        assert_eq!(
            infer_schema(&names, Compat::Msticpy).unwrap(),
            SchemaKind::Sysmon
        );
        assert_eq!(
            infer_schema(&names, Compat::Huntkit).unwrap_err().code(),
            "no_schema"
        );
    }

    #[test]
    fn mapping_accepts_msticpy_snake_case_and_numeric_event_ids() {
        let s: Schema = serde_json::from_str(
            r#"{"process_name":"ImageFileName","process_id":"PID","parent_id":"PPID","time_stamp":"CreateTime","event_id_identifier":4688}"#,
        )
        .unwrap();
        assert_eq!(s.process_name, "ImageFileName");
        assert_eq!(s.event_id_identifier.as_deref(), Some("4688"));
        s.validate().unwrap();
        let empty: Schema = serde_json::from_str(r#"{"processName":"x"}"#).unwrap();
        assert_eq!(empty.validate().unwrap_err().code(), "invalid_option");
    }
}
