//! MSTICPy's decoding loop, step for step, for `compat: "msticpy"`.
//!
//! Each pass scans the whole working text, replaces every occurrence of each decoded
//! candidate, and moves on by the length of the replacement; when the last candidate of a
//! pass decoded, the whole new text is scanned again one level deeper. The quirks this
//! implies (Q-B3) are kept here on purpose: the default decoder lives in `tree.rs`.

use std::collections::HashSet;
use std::sync::Arc;

use crate::archive::{self, Budget, Ending};
use crate::codec;
use crate::magic;
use crate::text::{self, Hashes};
use crate::{Record, Status};

/// MSTICPy stops a pass after its 51st decode attempt.
const MAX_FRAGMENTS_PER_PASS: usize = 50;

pub(crate) struct Compat<'a> {
    pub alphabet: &'a crate::scan::Alphabet,
    pub utf16: bool,
    pub budget: Budget,
    /// Bound on the working text, which grows as binary items are shown as hex.
    pub max_text: usize,
    /// Candidates that failed to decode: skipped for the rest of this call.
    pub undecodable: HashSet<String>,
    pub truncated: bool,
    /// Bytes shown as hex per item; MSTICPy shows all, which a bomb would multiply by three.
    pub max_printable: usize,
}

/// One decoded item before it is placed in the record table.
struct Item {
    key: String,
    file_name: String,
    file_type: Option<String>,
    bytes: Vec<u8>,
    decoded: Option<String>,
    encoding: &'static str,
    status: Status,
    detail: Option<String>,
}

fn byte_offset(s: &str, chars: usize) -> Option<usize> {
    if chars == 0 {
        return Some(0);
    }
    if s.is_ascii() {
        return (chars <= s.len()).then_some(chars);
    }
    match s.char_indices().nth(chars) {
        Some((i, _)) => Some(i),
        None if s.chars().count() == chars => Some(s.len()),
        None => None,
    }
}

fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

impl Compat<'_> {
    /// Decodes `input` and returns the rewritten text and its records.
    pub(crate) fn run(&mut self, input: &str, max_recursion: u32) -> (String, Vec<Record>) {
        let mut records = Vec::new();
        let text = self.pass(
            input.to_owned(),
            max_recursion,
            1,
            String::new(),
            &mut records,
        );
        (text, records)
    }

    fn pass(
        &mut self,
        mut working: String,
        max_recursion: u32,
        depth: u32,
        prefix: String,
        records: &mut Vec<Record>,
    ) -> String {
        let mut fragment_index = 0usize;
        let mut match_pos = 0usize;
        let mut last_decoded = false;
        while let Some(start) = byte_offset(&working, match_pos) {
            let Some(found) = self.alphabet.find_at(&working, start) else {
                break;
            };
            let Some(candidate) = working.get(found.clone()).map(str::to_owned) else {
                break;
            };
            let end_chars = working.get(..found.end).map_or(0, char_count);
            if self.undecodable.contains(&candidate) {
                match_pos = end_chars;
                continue;
            }
            fragment_index = fragment_index.saturating_add(1);
            match self.decode_and_format(&candidate, &prefix, fragment_index, depth) {
                Some((fragment, items)) => {
                    last_decoded = true;
                    let growth = fragment.len().saturating_sub(candidate.len());
                    let grown = if growth == 0 {
                        working.len()
                    } else {
                        let occurrences = working.matches(candidate.as_str()).count();
                        working
                            .len()
                            .saturating_add(occurrences.saturating_mul(growth))
                    };
                    let reference = format!("{prefix}{depth}.{fragment_index}");
                    let original: Arc<str> = Arc::from(candidate.as_str());
                    for item in items {
                        records.push(self.record(item, &original, &reference, depth));
                    }
                    // The text grows by what is put in, charged to the same budget; when it
                    // does not fit, the items are kept but the text is left as it was.
                    if grown > self.max_text
                        || !self.budget.take_bytes(grown.saturating_sub(working.len()))
                    {
                        self.truncated = true;
                        return working;
                    }
                    working = working.replace(candidate.as_str(), &fragment);
                    match_pos = match_pos.saturating_add(char_count(&fragment));
                }
                None => {
                    last_decoded = false;
                    if self.truncated {
                        return working;
                    }
                    self.undecodable.insert(candidate);
                    match_pos = end_chars;
                }
            }
            if fragment_index > MAX_FRAGMENTS_PER_PASS {
                break;
            }
        }
        if max_recursion == 0 || !last_decoded {
            return working;
        }
        let next_prefix = if prefix.is_empty() {
            format!("{fragment_index}.")
        } else {
            format!("{prefix}.{fragment_index}.")
        };
        self.pass(
            working,
            max_recursion - 1,
            depth.saturating_add(1),
            next_prefix,
            records,
        )
    }

    fn record(&self, item: Item, original: &Arc<str>, reference: &str, depth: u32) -> Record {
        let hashes = Hashes::of(&item.bytes);
        Record {
            reference: reference.to_owned(),
            original_string: Arc::clone(original),
            file_name: item.file_name,
            file_type: item.file_type,
            printable_bytes: text::printable_bytes(&item.bytes, Some(self.max_printable)),
            input_bytes: item.bytes,
            decoded_string: item.decoded,
            encoding_type: item.encoding.to_owned(),
            hashes,
            index: item.key,
            depth,
            source_encoding: "base64".to_owned(),
            status: item.status,
            detail: item.detail,
        }
    }

    fn item(
        &mut self,
        key: String,
        file_name: String,
        file_type: Option<&str>,
        bytes: Vec<u8>,
    ) -> Item {
        let (decoded, encoding, over_budget) = self.encoding(&bytes);
        Item {
            key,
            file_name,
            file_type: file_type.map(str::to_owned),
            bytes,
            decoded,
            encoding,
            status: if over_budget {
                Status::Truncated
            } else {
                Status::Ok
            },
            detail: over_budget.then(|| "output budget reached: text shown as bytes".to_owned()),
        }
    }

    /// The item's text and encoding. The text is a second copy of the bytes (and goes into
    /// the working text a third time), so it is charged to the budget; when it does not fit,
    /// the item is reported as bytes and flagged.
    fn encoding(&mut self, bytes: &[u8]) -> (Option<String>, &'static str, bool) {
        let (text, encoding) = match self.utf16.then(|| text::python_utf16(bytes)).flatten() {
            Some(s) => (Some(s), "utf-16"),
            None => match std::str::from_utf8(bytes) {
                Ok(s) if self.budget.bytes_left >= s.len() => (Some(s.to_owned()), "utf-8"),
                Ok(_) => (None, "utf-8"),
                Err(_) => (None, "binary"),
            },
        };
        match text {
            Some(s) if self.budget.take_bytes(s.len()) => (Some(s), encoding, false),
            Some(_) => {
                self.truncated = true;
                (None, "binary", true)
            }
            None if encoding == "utf-8" => {
                self.truncated = true;
                (None, "binary", true)
            }
            None => (None, "binary", false),
        }
    }

    /// Decodes one candidate into its display fragment and items, or `None` when it does
    /// not decode (or the budget is spent, which also sets `truncated`).
    fn decode_and_format(
        &mut self,
        candidate: &str,
        prefix: &str,
        index: usize,
        depth: u32,
    ) -> Option<(String, Vec<Item>)> {
        let kind = magic::msticpy_type(candidate);
        let bytes = codec::b64decode_lenient_python(candidate)?;
        if bytes.is_empty() {
            return None;
        }
        if !self.budget.take_bytes(bytes.len()) || !self.budget.take_item() {
            self.truncated = true;
            return None;
        }
        let mut items: Vec<Item> = Vec::new();
        let mut container_problem: Option<(Status, String)> = None;
        if let Some(k) = kind.filter(|k| matches!(*k, "zip" | "gz" | "tar")) {
            let unpacked = archive::unpack(k, &bytes, &mut self.budget);
            self.budget.items_left = self
                .budget
                .items_left
                .saturating_sub(unpacked.members.len().saturating_sub(1));
            for member in unpacked.members {
                let key = format!("[{k}] Filename: {}", member.name);
                let mut item = self.item(key.clone(), member.name, Some(k), member.bytes);
                match member.ending {
                    Ending::Complete => {}
                    Ending::Truncated => {
                        item.status = Status::Truncated;
                        item.detail = Some("output budget reached".to_owned());
                    }
                    Ending::Damaged(reason) => {
                        item.status = Status::Truncated;
                        item.detail = Some(reason);
                    }
                }
                // Later members of the same name replace earlier ones in place, as a
                // dictionary keyed by name would.
                match items.iter_mut().find(|i| i.key == key) {
                    Some(slot) => *slot = item,
                    None => items.push(item),
                }
            }
            if unpacked.truncated {
                self.truncated = true;
            }
            if let Some(reason) = unpacked.damage {
                container_problem = Some((Status::Undecodable, reason));
            }
        }
        if items.is_empty() {
            let type_name = kind.map_or_else(|| "None".to_owned(), str::to_owned);
            let mut item = self.item(format!("[{type_name}]"), "unknown".to_owned(), kind, bytes);
            if let Some((status, reason)) = container_problem {
                item.status = status;
                item.detail = Some(reason);
            }
            items.push(item);
        }
        let fragment = if let [only] = items.as_slice() {
            format_item(
                only,
                &only.key,
                &format!("{prefix}{index}"),
                depth,
                self.max_printable,
            )
        } else {
            let mut out = format!(
                "<decoded value='multiple binary' type='multiple' index='{prefix}{index}' depth='{depth}'>"
            );
            for (n, item) in items.iter().enumerate() {
                // MSTICPy puts the prefix in twice for members of a multi-file archive.
                let label = format!("{prefix}{prefix}{index}.{}", n.saturating_add(1));
                out.push_str(&format_item(
                    item,
                    &item.key,
                    &label,
                    depth.saturating_add(1),
                    self.max_printable,
                ));
            }
            out.push_str("</decoded>");
            out
        };
        // The tag's index is what the record table shows as the item's place.
        let labels: Vec<String> = if items.len() == 1 {
            vec![format!("{prefix}{index}")]
        } else {
            (1..=items.len())
                .map(|n| format!("{prefix}{prefix}{index}.{n}"))
                .collect()
        };
        for (item, label) in items.iter_mut().zip(labels) {
            item.key = label;
        }
        Some((fragment, items))
    }
}

fn format_item(item: &Item, name: &str, index: &str, depth: u32, max_printable: usize) -> String {
    match &item.decoded {
        Some(decoded) => format!(
            "<decoded type='string' name='{name}' index='{index}' depth='{depth}'>{decoded}</decoded>"
        ),
        None => format!(
            "<decoded value='binary'  name='{name}' type='{}' index='{index}' depth='{depth}'>{}</decoded>",
            item.file_type.as_deref().unwrap_or("None"),
            text::printable_bytes(&item.bytes, Some(max_printable))
        ),
    }
}
