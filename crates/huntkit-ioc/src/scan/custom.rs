//! Types users add at run time: their patterns compiled into scanners, and the scan
//! that reports a pattern's match (or a named group of it) as it stands.

use super::check::Cand;
use super::emit::Ctx;
use super::extractor::{Extractor, Scanner, TypeInfo};
use super::types::Kind;
use crate::options::{Compat, Options};
use crate::Error;
use regex::RegexBuilder;

/// Compiles `options.custom_types`. A type with a new name joins the end of `types`; one
/// with a built-in's name takes over its index and priority, and is marked in
/// `replaced` so the built-in scanners no longer report it.
pub(super) fn scanners(
    options: &Options,
    types: &mut Vec<TypeInfo>,
    replaced: &mut Vec<bool>,
) -> Result<Vec<Scanner>, Error> {
    let compat = options.compat == Compat::Msticpy;
    let mut custom = Vec::new();
    for ct in &options.custom_types {
        let name = ct.name.trim();
        if name.is_empty() {
            return Err(Error::InvalidPattern {
                name: ct.name.clone(),
                message: "the type name is empty".into(),
            });
        }
        if ct.pattern.trim().is_empty() {
            return Err(Error::InvalidPattern {
                name: ct.name.clone(),
                message: "the pattern is empty".into(),
            });
        }
        let pattern = if compat {
            // MSTICPy compiles every pattern ignoring case, verbose and multi-line.
            format!("(?imx){}", ct.pattern)
        } else {
            ct.pattern.clone()
        };
        let regex = RegexBuilder::new(&pattern)
            .size_limit(8 * 1024 * 1024)
            .build()
            .map_err(|e| Error::InvalidPattern {
                name: ct.name.clone(),
                message: e.to_string(),
            })?;
        let group = match &ct.group {
            None => None,
            Some(g) => Some(
                regex
                    .capture_names()
                    .position(|n| n == Some(g.as_str()))
                    .ok_or_else(|| Error::InvalidPattern {
                        name: ct.name.clone(),
                        message: format!("the pattern has no capture group named `{g}`"),
                    })?,
            ),
        };
        let idx = match types.iter().position(|t| t.name == name) {
            Some(i) => {
                if let Some(r) = replaced.get_mut(i) {
                    *r = true;
                }
                if let Some(t) = types.get_mut(i) {
                    t.priority = ct.priority;
                }
                i
            }
            None => {
                types.push(TypeInfo {
                    name: name.to_string(),
                    priority: ct.priority,
                });
                replaced.push(false);
                types.len() - 1
            }
        };
        custom.push(Scanner {
            kind: Kind::Custom,
            regex,
            emits: vec![idx],
            group,
        });
    }
    Ok(custom)
}

impl Extractor {
    /// Reports every non-empty match of a custom type's pattern (or of its group).
    pub(super) fn scan_custom(&self, sc: &Scanner, ctx: &mut Ctx<'_, '_>, text: &str) {
        let Some(&ty) = sc.emits.first() else {
            return;
        };
        let key_raw = self.options.compat == Compat::Msticpy;
        for caps in sc.regex.captures_iter(text) {
            let m = match sc.group {
                Some(g) => caps.get(g),
                None => caps.get(0),
            };
            let Some(m) = m else { continue };
            if m.as_str().is_empty() {
                continue;
            }
            let c = Cand {
                ty,
                start: m.start(),
                end: m.end(),
                value: m.as_str().to_string(),
                ip: None,
                domain: None,
            };
            self.emit(ctx, c, key_raw);
            if ctx.truncated {
                return;
            }
        }
    }
}
