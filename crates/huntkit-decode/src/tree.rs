//! huntkit's decoder: every decoded item is a node whose children are what its content
//! holds (archive members, a decompressed stream, or encoded runs inside decoded text), so
//! each item's index names its place (`2.1.3`) and its depth is its real nesting depth.

use std::sync::Arc;

use crate::archive::{self, Budget, Ending};
use crate::codec::{self, Source};
use crate::magic;
use crate::text::{self, Hashes};
use crate::words;
use crate::{Record, Status};

pub(crate) struct Tree<'a> {
    pub wide: &'a crate::scan::Alphabet,
    pub standard: &'a crate::scan::Alphabet,
    pub min_length: usize,
    pub min_hex_length: usize,
    pub hex: bool,
    pub utf16: bool,
    pub max_depth: u32,
    pub max_candidates: usize,
    pub max_printable: usize,
    pub budget: Budget,
    pub truncated: bool,
    pub records: Vec<Record>,
}

/// A run of encoded text in a larger text, by byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    pub source: Source,
}

fn is_break(b: u8) -> bool {
    b == b'\r' || b == b'\n'
}

/// Attribute values come from archives an attacker wrote: quote what could end the tag.
fn attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('\'', "&apos;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Tree<'_> {
    fn body_len(text: &str) -> usize {
        text.bytes().filter(|b| !is_break(*b)).count()
    }

    /// The encoded runs of `text`, in order.
    pub(crate) fn candidates(&self, text: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        for m in self.wide.find_iter(text) {
            let Some(bytes) = text.get(m.clone()).map(str::as_bytes) else {
                continue;
            };
            let lead = bytes
                .iter()
                .take_while(|b| matches!(b, b'-' | b'_' | b'\r' | b'\n'))
                .count();
            let mut end = bytes.len();
            if !bytes.ends_with(b"=") {
                while end > lead
                    && bytes
                        .get(end.saturating_sub(1))
                        .is_some_and(|b| matches!(b, b'-' | b'_' | b'\r' | b'\n'))
                {
                    end -= 1;
                }
            }
            let start = m.start.saturating_add(lead);
            let stop = m.start.saturating_add(end);
            let Some(run) = text.get(start..stop) else {
                continue;
            };
            if Self::body_len(run) < self.min_length {
                continue;
            }
            let has_standard = run.bytes().any(|b| b == b'+' || b == b'/');
            let has_url = run.bytes().any(|b| b == b'-' || b == b'_');
            if has_standard && has_url {
                // Two alphabets mixed: look for standard base64 inside the run.
                for sub in self.standard.find_iter(run) {
                    let Some(s) = run.get(sub.clone()) else {
                        continue;
                    };
                    let lead = s.bytes().take_while(|b| is_break(*b)).count();
                    let trail = if s.ends_with('=') {
                        0
                    } else {
                        s.bytes().rev().take_while(|b| is_break(*b)).count()
                    };
                    let (a, b) = (
                        start.saturating_add(sub.start).saturating_add(lead),
                        start.saturating_add(sub.end).saturating_sub(trail),
                    );
                    if a < b
                        && text
                            .get(a..b)
                            .is_some_and(|r| Self::body_len(r) >= self.min_length)
                    {
                        out.push(Candidate {
                            start: a,
                            end: b,
                            source: Source::Base64,
                        });
                    }
                }
                continue;
            }
            let body = Self::body_len(run);
            let source = if self.hex
                && body >= self.min_hex_length
                && run.bytes().all(|b| b.is_ascii_hexdigit() || is_break(b))
            {
                Source::Hex
            } else if has_url {
                Source::Base64Url
            } else {
                Source::Base64
            };
            out.push(Candidate {
                start,
                end: stop,
                source,
            });
        }
        out
    }

    /// Decodes the encoded runs of `text` (found at `depth`) and returns the text with each
    /// decoded run replaced by its tag.
    pub(crate) fn text(&mut self, text: &str, depth: u32, prefix: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0usize;
        let mut n = 0usize;
        for cand in self.candidates(text) {
            if self.truncated {
                break;
            }
            if n >= self.max_candidates {
                self.truncated = true;
                break;
            }
            let Some(run) = text.get(cand.start..cand.end) else {
                continue;
            };
            let Some(bytes) = codec::decode_candidate(run, cand.source) else {
                continue;
            };
            if bytes.is_empty() {
                continue;
            }
            let mut kind = magic::sniff(&bytes);
            let as_text = if kind.is_none() {
                text::classify(&bytes, self.utf16)
            } else {
                None
            };
            if kind.is_none() && as_text.is_none() {
                // Hex runs are common in logs for other reasons (hashes, ids): they count
                // only when they decode to text or to a known file type.
                if cand.source == Source::Hex {
                    continue;
                }
                // Names and property names are base64-shaped too; their bytes are noise.
                if words::reads_as_words(run) {
                    continue;
                }
                if self.is_raw_deflate(&bytes) {
                    kind = Some("deflate");
                } else if cand.source != Source::Base64 {
                    // URL-safe runs (tokens, ids) count only as text, a file or a stream.
                    continue;
                }
            }
            if !self.budget.take_bytes(bytes.len()) {
                self.truncated = true;
                break;
            }
            n += 1;
            let index = if prefix.is_empty() {
                n.to_string()
            } else {
                format!("{prefix}.{n}")
            };
            let shown = self.node(
                bytes,
                kind,
                as_text,
                "unknown".to_owned(),
                cand.source.name(),
                run,
                depth,
                index,
            );
            let Some(shown) = shown else {
                break;
            };
            out.push_str(text.get(copied..cand.start).unwrap_or_default());
            out.push_str(&shown);
            copied = cand.end;
        }
        out.push_str(text.get(copied..).unwrap_or_default());
        out
    }

    /// Raw DEFLATE has no header to recognise it by, and about one random byte string in
    /// two thousand inflates cleanly (to bytes as random): a stream counts when it inflates
    /// cleanly to text or to a known file type, or fills the output budget (a bomb).
    fn is_raw_deflate(&self, bytes: &[u8]) -> bool {
        let limit = self.budget.bytes_left;
        archive::inflate_raw(bytes, limit).is_some_and(|inflated| {
            inflated.produced >= limit
                || magic::sniff(&inflated.head).is_some()
                || text::starts_as_text(&inflated.head, self.utf16)
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn node(
        &mut self,
        bytes: Vec<u8>,
        kind: Option<&'static str>,
        as_text: Option<(String, &'static str)>,
        name: String,
        source: &str,
        original: &str,
        depth: u32,
        index: String,
    ) -> Option<String> {
        if !self.budget.take_item() {
            self.truncated = true;
            return None;
        }
        let hashes = Hashes::of(&bytes);
        let summary = format!(
            "[{}; {} bytes; md5 {}; sha1 {}; sha256 {}]",
            kind.unwrap_or("binary"),
            bytes.len(),
            hashes.md5,
            hashes.sha1,
            hashes.sha256
        );
        let head = |kind_attr: &str| {
            format!(
                "<decoded type='{kind_attr}' name='{}' index='{index}' depth='{depth}'",
                attr(&name)
            )
        };
        let position = self.records.len();
        let stray = as_text
            .as_ref()
            .and_then(|(_, encoding)| text::odd_utf16_byte(&bytes, encoding));
        self.records.push(Record {
            reference: index.clone(),
            original_string: Arc::from(original),
            file_name: name.clone(),
            file_type: kind.map(str::to_owned),
            printable_bytes: text::printable_bytes(&bytes, Some(self.max_printable)),
            decoded_string: as_text.as_ref().map(|(s, _)| s.clone()),
            encoding_type: as_text.as_ref().map_or("binary", |(_, e)| *e).to_owned(),
            input_bytes: bytes,
            hashes,
            index: index.clone(),
            depth,
            source_encoding: source.to_owned(),
            status: Status::Ok,
            detail: stray.map(|b| {
                format!("odd length: the last byte (0x{b:02x}) is not part of the UTF-16 text")
            }),
        });
        if let Some((decoded, _)) = as_text {
            let inner = if depth < self.max_depth {
                self.text(&decoded, depth.saturating_add(1), &index)
            } else {
                if !self.candidates(&decoded).is_empty() {
                    self.flag(position, Status::Truncated, crate::DEPTH_LIMIT_REACHED);
                }
                decoded
            };
            return Some(format!("{}>{inner}</decoded>", head("string")));
        }
        let Some(container) = kind.filter(|k| archive::is_container(k)) else {
            let file_type = kind
                .map(|k| format!(" file_type='{k}'"))
                .unwrap_or_default();
            return Some(format!("{}{file_type}>{summary}</decoded>", head("binary")));
        };
        let mut shown = format!("{} file_type='{container}'>{summary}", head("archive"));
        if depth >= self.max_depth {
            self.flag(position, Status::Truncated, crate::DEPTH_LIMIT_REACHED);
            shown.push_str("</decoded>");
            return Some(shown);
        }
        let data: &[u8] = self
            .records
            .get(position)
            .map(|r| r.input_bytes.as_slice())
            .unwrap_or_default();
        let unpacked = archive::unpack(container, data, &mut self.budget);
        // Member bytes were charged to the budget while being read.
        for (n, member) in unpacked.members.into_iter().enumerate() {
            let child_index = format!("{index}.{}", n.saturating_add(1));
            let child_kind = magic::sniff(&member.bytes);
            let child_text = if child_kind.is_none() {
                text::classify(&member.bytes, self.utf16)
            } else {
                None
            };
            let child_position = self.records.len();
            let child = self.node(
                member.bytes,
                child_kind,
                child_text,
                member.name,
                container,
                // A member's encoded form is its container's: the reference prefix names
                // it, and repeating it per member would let one archive multiply its size.
                "",
                depth.saturating_add(1),
                child_index,
            );
            let Some(child) = child else {
                break;
            };
            match member.ending {
                Ending::Complete => {}
                Ending::Truncated => {
                    self.flag(child_position, Status::Truncated, "output budget reached")
                }
                Ending::Damaged(reason) => self.flag(child_position, Status::Truncated, &reason),
            }
            shown.push_str(&child);
        }
        if unpacked.truncated {
            self.truncated = true;
            self.flag(
                position,
                Status::Truncated,
                "output budget or item limit reached",
            );
        }
        if let Some(reason) = unpacked.damage {
            self.flag(position, Status::Undecodable, &reason);
        }
        shown.push_str("</decoded>");
        Some(shown)
    }

    fn flag(&mut self, position: usize, status: Status, detail: &str) {
        if let Some(record) = self.records.get_mut(position) {
            // Undecodable outranks truncated: say the worst thing that happened.
            if record.status != Status::Undecodable {
                record.status = status;
            }
            record.detail = Some(match record.detail.take() {
                Some(before) => format!("{before}; {detail}"),
                None => detail.to_owned(),
            });
        }
    }
}
