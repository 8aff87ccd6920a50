//! Entities from a Microsoft Sentinel alert: the `Entities` column of `SecurityAlert`
//! (a JSON array), or a whole alert (an object whose `Entities` holds that array, as a
//! JSON string or inline), as MSTICPy's `Entity.instantiate_entity` reads them.
//!
//! Sentinel writes entities with .NET's reference preservation: each entity object
//! carries an `$id` the first time it appears (at the top level or nested inside
//! another, as a process's `ImageFile`), and every later mention is `{"$ref": "<id>"}`.
//! Every entity, nested ones included, becomes one row; inside a row's `Properties`
//! each nested entity or reference is replaced by `{"$ref", "Type", "Value"}` of the
//! entity it names, so the rows stand alone and can be joined on `Id`.

use std::collections::HashMap;
use std::sync::Arc;

use huntkit_core::arrow::array::{ArrayRef, StringArray};
use huntkit_core::Table;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{canonical_type_name, Entity, EntityKind, Error, Result};

/// Bounds on the alert JSON read.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct AlertOptions {
    /// Most bytes of JSON read.
    pub max_bytes: usize,
    /// Most entities (nested ones included) read.
    pub max_entities: usize,
    /// Deepest nesting of entities inside entities.
    pub max_depth: usize,
}

impl Default for AlertOptions {
    fn default() -> Self {
        AlertOptions {
            max_bytes: 64 << 20,
            max_entities: 100_000,
            max_depth: 32,
        }
    }
}

/// The columns of [`alert_entities`]' table.
pub const ALERT_ENTITY_COLUMNS: [&str; 4] = ["Id", "Type", "Value", "Properties"];

/// One entity read from an alert.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertEntity {
    /// Its `$id`, or `None` for one written without.
    pub id: Option<String>,
    /// The canonical type name (`IpAddress` for `ip`, `Host` for `host`), or the type as
    /// written when huntkit does not know it.
    pub type_name: String,
    /// The normalised value of a type huntkit parses (an IP address's `Address`, a
    /// host's FQDN, an account's qualified name, ...).
    pub value: Option<String>,
    /// Its properties, nested entities replaced by references.
    pub properties: Map<String, Value>,
}

struct Reader<'o> {
    options: &'o AlertOptions,
    entities: Vec<AlertEntity>,
}

/// Reads the entities of a Sentinel alert (see the module documentation).
///
/// ```
/// let json = r#"[{"$id":"2","HostName":"web01","DnsDomain":"contoso.com","Type":"host"},
///                {"$id":"3","Name":"alice","NTDomain":"CONTOSO","Host":{"$ref":"2"},"Type":"account"}]"#;
/// let ents = huntkit_entities::alert_entities(json, &Default::default())?;
/// assert_eq!(ents[0].type_name, "Host");
/// assert_eq!(ents[0].value.as_deref(), Some("web01.contoso.com"));
/// assert_eq!(ents[1].value.as_deref(), Some("CONTOSO\\alice"));
/// assert_eq!(ents[1].properties["Host"]["Type"], "Host");
/// # Ok::<(), huntkit_entities::Error>(())
/// ```
pub fn alert_entities(json: &str, options: &AlertOptions) -> Result<Vec<AlertEntity>> {
    if json.len() > options.max_bytes {
        return Err(Error::LimitExceeded {
            what: format!("the alert JSON ({} bytes)", json.len()),
            limit: options.max_bytes as u64,
            option: "maxBytes",
        });
    }
    let doc: Value = serde_json::from_str(json).map_err(|e| Error::InvalidJson {
        detail: format!("line {}, column {}: {e}", e.line(), e.column()),
    })?;
    let mut reader = Reader {
        options,
        entities: Vec::new(),
    };
    match doc {
        Value::Array(items) => reader.top_level(items)?,
        Value::Object(mut alert) => {
            let entities = match alert.remove("Entities") {
                Some(Value::String(text)) => {
                    let v: Value = serde_json::from_str(&text).map_err(|e| Error::InvalidJson {
                        detail: format!(
                            "the alert's Entities text, line {}, column {}: {e}",
                            e.line(),
                            e.column()
                        ),
                    })?;
                    Some(v)
                }
                other => other,
            };
            // A SecurityAlert row (its Log Analytics `Type` is "SecurityAlert") or an
            // object with `Entities` is the alert; any other object is one entity.
            let alert_type = alert.get("Type").and_then(Value::as_str);
            let is_alert = entities.is_some()
                || alert_type.is_none()
                || alert_type.is_some_and(|t| {
                    t.eq_ignore_ascii_case("SecurityAlert")
                        || canonical_type_name(t) == Some("Alert")
                });
            if is_alert {
                reader.alert_row(alert)?;
            } else {
                reader.entity(Value::Object(alert), 0)?;
            }
            match entities {
                Some(Value::Array(items)) => reader.top_level(items)?,
                None | Some(Value::Null) => {}
                Some(_) => {
                    return Err(Error::InvalidJson {
                        detail: "the alert's Entities is not an array".into(),
                    })
                }
            }
        }
        _ => {
            return Err(Error::InvalidJson {
                detail: "expected an array of entities or an alert object".into(),
            })
        }
    }
    let mut entities = reader.entities;
    resolve_refs(&mut entities);
    Ok(entities)
}

impl Reader<'_> {
    fn push(&mut self, e: AlertEntity) -> Result<()> {
        if self.entities.len() >= self.options.max_entities {
            return Err(Error::LimitExceeded {
                what: "the number of entities in the alert".into(),
                limit: self.options.max_entities as u64,
                option: "maxEntities",
            });
        }
        self.entities.push(e);
        Ok(())
    }

    fn top_level(&mut self, items: Vec<Value>) -> Result<()> {
        for item in items {
            match item {
                Value::Object(ref o) if o.contains_key("$ref") && o.len() == 1 => {}
                Value::Object(_) => {
                    self.entity(item, 0)?;
                }
                _ => {
                    return Err(Error::InvalidJson {
                        detail: "an element of the Entities array is not an object".into(),
                    })
                }
            }
        }
        Ok(())
    }

    /// The alert itself, as MSTICPy's `Alert` entity: its top-level properties.
    fn alert_row(&mut self, alert: Map<String, Value>) -> Result<()> {
        let value = ["SystemAlertId", "SystemAlertIds", "AlertId"]
            .iter()
            .find_map(|k| alert.get(*k).and_then(Value::as_str).map(str::to_string));
        self.push(AlertEntity {
            id: None,
            type_name: "Alert".into(),
            value,
            properties: alert,
        })
    }

    /// Reads one entity object and the entities nested in it; returns what replaces it
    /// inside its parent (a reference).
    fn entity(&mut self, item: Value, depth: usize) -> Result<Value> {
        if depth > self.options.max_depth {
            return Err(Error::LimitExceeded {
                what: "the nesting of entities in the alert".into(),
                limit: self.options.max_depth as u64,
                option: "maxDepth",
            });
        }
        let Value::Object(obj) = item else {
            return Ok(item);
        };
        let id = obj.get("$id").and_then(id_text);
        let type_name = obj
            .get("Type")
            .and_then(Value::as_str)
            .map(|t| canonical_type_name(t).map_or_else(|| t.to_string(), str::to_string))
            .unwrap_or_else(|| "Unknown".to_string());
        // Reserve this entity's row before its children's, so rows follow document order.
        let slot = self.entities.len();
        self.push(AlertEntity {
            id: id.clone(),
            type_name: type_name.clone(),
            value: None,
            properties: Map::new(),
        })?;
        let mut props = Map::new();
        for (k, v) in obj {
            if k == "$id" {
                continue;
            }
            let v = self.nested(v, depth + 1)?;
            props.insert(k, v);
        }
        let value = entity_value(&type_name, &props);
        if let Some(e) = self.entities.get_mut(slot) {
            e.value = value;
            e.properties = props;
        }
        Ok(reference(id.as_deref()))
    }

    /// A property value with every nested entity read out and replaced by a reference.
    fn nested(&mut self, v: Value, depth: usize) -> Result<Value> {
        if depth > self.options.max_depth {
            return Err(Error::LimitExceeded {
                what: "the nesting of entities in the alert".into(),
                limit: self.options.max_depth as u64,
                option: "maxDepth",
            });
        }
        match v {
            Value::Object(o) if o.contains_key("$id") && o.contains_key("Type") => {
                self.entity(Value::Object(o), depth)
            }
            Value::Object(o) => {
                let mut out = Map::new();
                for (k, v) in o {
                    out.insert(k, self.nested(v, depth + 1)?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for v in items {
                    out.push(self.nested(v, depth + 1)?);
                }
                Ok(Value::Array(out))
            }
            other => Ok(other),
        }
    }
}

fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn reference(id: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert(
        "$ref".into(),
        id.map_or(Value::Null, |i| Value::String(i.into())),
    );
    Value::Object(m)
}

/// The text of the property a parsed kind reads its value from.
fn entity_value(type_name: &str, props: &Map<String, Value>) -> Option<String> {
    let s = |k: &str| {
        props
            .get(k)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
    };
    let kind = EntityKind::from_name(type_name).ok()?;
    let text = match kind {
        EntityKind::IpAddress => s("Address")?.to_string(),
        EntityKind::Dns => s("DomainName")?.to_string(),
        EntityKind::Url => s("Url")?.to_string(),
        EntityKind::FileHash => s("Value")?.to_string(),
        EntityKind::File => match (s("FullPath"), s("Directory"), s("Name")) {
            (Some(p), _, _) => p.to_string(),
            (None, Some(d), Some(n)) => {
                let sep = if d.contains('/') && !d.contains('\\') {
                    '/'
                } else {
                    '\\'
                };
                format!("{}{sep}{n}", d.trim_end_matches(['\\', '/']))
            }
            (None, _, n) => n?.to_string(),
        },
        EntityKind::Account => match (s("Name"), s("NTDomain"), s("UPNSuffix"), s("Sid")) {
            (Some(n), Some(d), _, _) => format!("{d}\\{n}"),
            (Some(n), None, Some(u), _) => format!("{n}@{u}"),
            (Some(n), None, None, _) => n.to_string(),
            (None, _, _, Some(sid)) => sid.to_string(),
            _ => s("AadUserId")?.to_string(),
        },
        EntityKind::Host => match (s("FQDN").or(s("Fqdn")), s("HostName"), s("DnsDomain")) {
            (Some(f), _, _) => f.to_string(),
            (None, Some(h), Some(d)) => format!("{h}.{d}"),
            (None, Some(h), None) => h.to_string(),
            _ => s("NetBiosName")?.to_string(),
        },
        EntityKind::Process => s("CommandLine")?.to_string(),
        EntityKind::Email => s("Address")?.to_string(),
    };
    Entity::parse(kind, &text).and_then(|e| e.value().map(str::to_string))
}

/// Replaces each `{"$ref": id}` by `{"$ref", "Type", "Value"}` of the entity it names.
fn resolve_refs(entities: &mut [AlertEntity]) {
    let by_id: HashMap<String, (String, Option<String>)> = entities
        .iter()
        .filter_map(|e| {
            e.id.clone()
                .map(|id| (id, (e.type_name.clone(), e.value.clone())))
        })
        .collect();
    fn walk(v: &mut Value, by_id: &HashMap<String, (String, Option<String>)>) {
        match v {
            Value::Object(o) => {
                let target = if o.len() == 1 {
                    o.get("$ref").and_then(id_text)
                } else {
                    None
                };
                if let Some(id) = target {
                    if let Some((t, val)) = by_id.get(&id) {
                        o.insert("Type".into(), Value::String(t.clone()));
                        o.insert(
                            "Value".into(),
                            val.clone().map_or(Value::Null, Value::String),
                        );
                    }
                    return;
                }
                for child in o.values_mut() {
                    walk(child, by_id);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|c| walk(c, by_id)),
            _ => {}
        }
    }
    for e in entities.iter_mut() {
        for v in e.properties.values_mut() {
            walk(v, &by_id);
        }
    }
}

/// [`alert_entities`] as a table: `Id, Type, Value, Properties` (JSON text).
pub fn alert_entities_table(json: &str, options: &AlertOptions) -> Result<Table> {
    let ents = alert_entities(json, options)?;
    let props: Vec<Option<String>> = ents
        .iter()
        .map(|e| serde_json::to_string(&e.properties).ok())
        .collect();
    let cols: Vec<ArrayRef> = vec![
        Arc::new(
            ents.iter()
                .map(|e| e.id.as_deref())
                .collect::<StringArray>(),
        ),
        Arc::new(
            ents.iter()
                .map(|e| Some(e.type_name.as_str()))
                .collect::<StringArray>(),
        ),
        Arc::new(
            ents.iter()
                .map(|e| e.value.as_deref())
                .collect::<StringArray>(),
        ),
        Arc::new(props.iter().map(Option::as_deref).collect::<StringArray>()),
    ];
    Ok(Table::from_columns(
        ALERT_ENTITY_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .zip(cols)
            .collect(),
    )?)
}
