//! The TypeScript declarations of every option type the wasm accepts, written from the
//! Rust types themselves: `js/src/options.generated.d.ts` is what this test generates, so a
//! declaration cannot drift from what the wasm reads. The test fails when the file is out
//! of date; `HUNTKIT_BLESS=1 cargo test -p huntkit-wasm --test typescript` rewrites it.
//!
//! Each type derives `schemars::JsonSchema` (the engines' `schema` feature, read from the
//! same serde attributes the wasm deserialises with), and the JSON Schema is turned into
//! TypeScript here: objects into interfaces whose fields carry their Rust doc comments and
//! defaults, string enums into unions of literals.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

/// The option types, under the names the npm package exports them by.
fn roots() -> Vec<(&'static str, Value)> {
    fn schema<T: schemars::JsonSchema>() -> Value {
        schemars::schema_for!(T).to_value()
    }
    vec![
        ("ReadOptions", schema::<huntkit_core::ReadOptions>()),
        ("DecodeOptions", schema::<huntkit_decode::DecodeOptions>()),
        ("IocOptions", schema::<huntkit_ioc::Options>()),
        ("ProcessTreeOptions", schema::<huntkit_proctree::Options>()),
        ("TreeTextOptions", schema::<huntkit_proctree::TextOptions>()),
        (
            "SessionizeOptions",
            schema::<huntkit_sessions::SessionizeOptions>(),
        ),
        ("ModelOptions", schema::<huntkit_sessions::ModelOptions>()),
        ("ScoreOptions", schema::<huntkit_sessions::ScoreOptions>()),
        (
            "ScoreTableOptions",
            schema::<huntkit_sessions::ScoreTableOptions>(),
        ),
        (
            "TimelineOptions",
            schema::<huntkit_timeline::TimelineOptions>(),
        ),
        ("GeoIpOptions", schema::<huntkit_geoip::Options>()),
        ("TiFeedOptions", schema::<huntkit_ti::FeedOptions>()),
        ("TiLookupOptions", schema::<huntkit_ti::LookupOptions>()),
        ("StlOptions", schema::<huntkit_timeseries::StlOptions>()),
        ("MstlOptions", schema::<huntkit_timeseries::MstlOptions>()),
        (
            "AnomalyOptions",
            schema::<huntkit_timeseries::AnomalyOptions>(),
        ),
        (
            "ThresholdOptions",
            schema::<huntkit_timeseries::ThresholdOptions>(),
        ),
        (
            "PeriodOptions",
            schema::<huntkit_timeseries::PeriodOptions>(),
        ),
        (
            "BucketOptions",
            schema::<huntkit_timeseries::BucketOptions>(),
        ),
        (
            "PollingOptions",
            schema::<huntkit_timeseries::PollingOptions>(),
        ),
    ]
}

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../js/src/options.generated.d.ts"
);

fn reference(r: &str) -> String {
    r.rsplit('/').next().unwrap_or(r).to_string()
}

/// A schema as a TypeScript type expression.
fn ts(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return reference(r);
    }
    if let Some(c) = schema.get("const") {
        return c.to_string();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return union(values.iter().map(Value::to_string).collect());
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            return union(options.iter().map(ts).collect());
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        return parts.iter().map(ts).collect::<Vec<_>>().join(" & ");
    }
    match schema.get("type") {
        Some(Value::Array(types)) => union(
            types
                .iter()
                .map(|t| {
                    let mut one = schema.clone();
                    one["type"] = t.clone();
                    ts(&one)
                })
                .collect(),
        ),
        Some(Value::String(t)) => match t.as_str() {
            "string" => "string".into(),
            "integer" | "number" => "number".into(),
            "boolean" => "boolean".into(),
            "null" => "null".into(),
            "array" => match schema.get("items") {
                Some(items) => {
                    let inner = ts(items);
                    if inner.contains(' ') {
                        format!("({inner})[]")
                    } else {
                        format!("{inner}[]")
                    }
                }
                None => "unknown[]".into(),
            },
            "object" => object_type(schema),
            other => panic!("unhandled JSON Schema type {other}"),
        },
        _ => "unknown".into(),
    }
}

fn union(mut parts: Vec<String>) -> String {
    parts.dedup();
    parts.join(" | ")
}

/// An inline object type: its properties, or a record of its values.
fn object_type(schema: &Value) -> String {
    match schema.get("properties").and_then(Value::as_object) {
        Some(props) if !props.is_empty() => {
            let required = required(schema);
            let fields: Vec<String> = props
                .iter()
                .map(|(k, v)| {
                    let optional = if required.contains(k) { "" } else { "?" };
                    format!("{k}{optional}: {}", ts(v))
                })
                .collect();
            format!("{{ {} }}", fields.join("; "))
        }
        _ => match schema.get("additionalProperties") {
            Some(v) if v.is_object() => format!("Record<string, {}>", ts(v)),
            _ => "Record<string, unknown>".into(),
        },
    }
}

fn required(schema: &Value) -> Vec<String> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A Rust doc comment as JavaScript readers want it: without Rust examples, and with
/// intra-doc links (`[read](crate::read)`) as their text.
fn for_javascript(description: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_example = false;
    for line in description.lines() {
        if line.trim_start().starts_with("```") {
            in_example = !in_example;
            continue;
        }
        if in_example {
            continue;
        }
        let mut out = String::new();
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find("](").map(|c| open + c) else {
                break;
            };
            let Some(end) = rest[close..].find(')').map(|e| close + e) else {
                break;
            };
            out.push_str(&rest[..open]);
            out.push_str(&rest[open + 1..close]);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        lines.push(out);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// A doc comment from a schema's description and default.
fn doc(schema: &Value, indent: &str) -> String {
    let mut lines: Vec<String> = schema
        .get("description")
        .and_then(Value::as_str)
        .map(for_javascript)
        .unwrap_or_default();
    if let Some(default) = schema.get("default").filter(|d| !d.is_null()) {
        lines.push(format!("Default: `{default}`."));
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut out = format!("{indent}/**\n");
    for l in lines {
        let l = l.replace("*/", "*\\/");
        if l.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {l}");
        }
    }
    let _ = writeln!(out, "{indent} */");
    out
}

/// A named type: an interface for an object with properties, else a type alias.
fn declaration(name: &str, schema: &Value) -> String {
    let mut out = doc(schema, "");
    let props = schema.get("properties").and_then(Value::as_object);
    let flattened = schema.get("allOf").and_then(Value::as_array);
    match props {
        Some(props) if flattened.is_none() => {
            let required = required(schema);
            let _ = writeln!(out, "export interface {name} {{");
            for (key, value) in props {
                out.push_str(&doc(value, "  "));
                let optional = if required.contains(key) { "" } else { "?" };
                let _ = writeln!(out, "  {key}{optional}: {};", ts(value));
            }
            out.push_str("}\n");
        }
        _ => {
            let _ = writeln!(out, "export type {name} = {};", ts(schema));
        }
    }
    out
}

fn generate() -> String {
    let mut defs: BTreeMap<String, Value> = BTreeMap::new();
    let mut roots_out = Vec::new();
    for (name, mut schema) in roots() {
        if let Some(Value::Object(found)) = schema.get_mut("$defs").map(Value::take) {
            for (def, body) in found {
                if let Some(seen) = defs.get(&def) {
                    assert_eq!(
                        seen, &body,
                        "two different types are both called {def}: give them distinct names"
                    );
                }
                defs.insert(def, body);
            }
        }
        roots_out.push((name, schema));
    }
    let mut out = String::from(
        "// The option types of huntkit's engines, generated from their Rust definitions by\n\
         // crates/huntkit-wasm/tests/typescript.rs. Do not edit: change the Rust type and run\n\
         // `HUNTKIT_BLESS=1 cargo test -p huntkit-wasm --test typescript`.\n",
    );
    for (name, schema) in &roots_out {
        out.push('\n');
        out.push_str(&declaration(name, schema));
    }
    for (name, schema) in &defs {
        // A root type that another root refers to is declared once, as the root.
        if roots_out.iter().any(|(root, _)| root == name) {
            continue;
        }
        out.push('\n');
        out.push_str(&declaration(name, schema));
    }
    out
}

#[test]
fn declarations_match_the_rust_types() {
    let generated = generate();
    if std::env::var_os("HUNTKIT_BLESS").is_some() {
        std::fs::write(PATH, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "js/src/options.generated.d.ts is out of date with the Rust option types: run \
         `HUNTKIT_BLESS=1 cargo test -p huntkit-wasm --test typescript`"
    );
}
