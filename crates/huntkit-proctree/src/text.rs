//! A process tree as indented text, and the line wrapping it uses.

use crate::options::Compat;
use crate::tree::ProcessTree;

/// Options of [`ProcessTree::to_text`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct TextOptions {
    /// Wrap lines at this many characters (the indent is not counted on a node's first
    /// line).
    pub wrap: usize,
    /// Only the tree holding this process key (all trees when `None`).
    pub root_of: Option<String>,
    /// Most bytes of text; past it the text ends with a line saying how many processes
    /// were left out.
    pub max_bytes: usize,
}

/// Characters of content a wrapped line keeps however deep its indent (not with
/// `compat: "msticpy"`, where a deep line wraps one character per line as in Python).
const MIN_CONTENT: usize = 40;

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            wrap: 80,
            root_of: None,
            max_bytes: 64 << 20,
        }
    }
}

/// Which value a template item shows.
#[derive(Clone, Copy)]
enum Field {
    Name,
    Pid,
    Time,
    CmdLine,
    UserId,
    LogonId,
}

impl ProcessTree {
    /// The trees as text: one block per process, indented by depth, with its name and
    /// id, time, command line and account lines (each present when the schema has the
    /// column).
    ///
    /// ```text
    /// + Process: C:\Windows\System32\svchost.exe  PID: 0x270
    ///   Time: 1970-01-01 00:00:00+00:00
    ///    +-- Process: C:\Windows\System32\wbem\WmiPrvSE.exe  PID: 0xda4
    /// ```
    pub fn to_text(&self, options: &TextOptions) -> String {
        let compat = self.compat == Compat::Msticpy;
        let mut template: Vec<Vec<(&str, Field)>> = vec![
            vec![("Process", Field::Name), ("PID", Field::Pid)],
            vec![("Time", Field::Time)],
        ];
        if self.schema.cmd_line.is_some() {
            template.push(vec![("Cmdline", Field::CmdLine)]);
        }
        let mut account = Vec::new();
        if self.schema.user_id.is_some() {
            account.push(("Account", Field::UserId));
        }
        if self.schema.logon_id.is_some() {
            // MSTICPy labels the logon id "Account" too.
            account.push((if compat { "Account" } else { "LogonId" }, Field::LogonId));
        }
        if !account.is_empty() {
            template.push(account);
        }
        let missing = if compat { "nan" } else { "" };
        let width = if options.wrap == 0 { 80 } else { options.wrap };

        let selected: Vec<usize> = match options.root_of.as_deref().and_then(|k| self.by_key(k)) {
            Some(n) => self.root_tree(n),
            None if options.root_of.is_some() => Vec::new(),
            None => (0..self.nodes.len()).collect(),
        };
        let base_depth = selected
            .first()
            .and_then(|&i| self.nodes.get(i))
            .map_or(0, |n| {
                if options.root_of.is_some() {
                    n.depth
                } else {
                    0
                }
            });
        let mut out = String::new();
        let total = selected.len();
        for (done, i) in selected.into_iter().enumerate() {
            if out.len() > options.max_bytes {
                out.push_str(&format!(
                    "[text truncated at {} bytes: {} more processes not shown]\n",
                    options.max_bytes,
                    total - done
                ));
                break;
            }
            let Some(node) = self.nodes.get(i) else {
                continue;
            };
            let value = |f: Field| -> String {
                let v = match f {
                    Field::Name => Some(self.name(i).to_string()),
                    Field::Pid => Some(self.pid(i).into_owned()),
                    Field::Time => Some(self.shown_time(i)),
                    Field::CmdLine => self.cmd_line(i).map(str::to_string),
                    Field::UserId => self.user_id(i).map(str::to_string),
                    Field::LogonId => self.logon_id(i).map(str::to_string),
                };
                v.unwrap_or_else(|| missing.to_string())
            };
            let depth = node.depth.saturating_sub(base_depth);
            let header = if depth == 0 {
                "+ ".to_string()
            } else {
                format!("{}+-- ", "   ".repeat(depth))
            };
            let indent = " ".repeat(header.chars().count() + 1);
            // A deep indent would leave a line no room: Python's textwrap then emits one
            // character per line, a thousand-fold blow-up on a deep tree.
            let width = if compat {
                width
            } else {
                width.max(indent.len() + 3 + MIN_CONTENT)
            };
            for (n, line) in template.iter().enumerate() {
                let text = line
                    .iter()
                    .map(|(label, f)| format!("{label}: {}", value(*f)))
                    .collect::<Vec<_>>()
                    .join("  ");
                if n == 0 {
                    out.push_str(&header);
                    out.push(' ');
                    out.push_str(&wrap(&text, width, "", &indent).join("\n"));
                } else {
                    let deeper = format!("{indent}   ");
                    out.push_str(&wrap(&text, width, &indent, &deeper).join("\n"));
                }
                out.push('\n');
            }
        }
        out
    }
}

fn is_letter(c: char) -> bool {
    (c.is_alphanumeric() && !c.is_numeric()) || c == '_'
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_word_punct(c: char) -> bool {
    is_word(c) || matches!(c, '!' | '"' | '\'' | '&' | '.' | ',' | '?')
}

/// Splits text into the chunks Python's `textwrap` works with: runs of spaces, and words
/// broken after hyphens between letters (`Security-` `Demo`) and around dash runs.
fn chunks(text: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = text.len();
    let at = |k: usize| text.get(k).copied().unwrap_or(' ');
    while i < n {
        let start = i;
        if at(i) == ' ' {
            while i < n && at(i) == ' ' {
                i += 1;
            }
            out.push((start, i));
            continue;
        }
        // A run of two or more dashes between words is a chunk of its own.
        if at(i) == '-' && i > 0 && is_word_punct(at(i - 1)) {
            let mut e = i;
            while e < n && at(e) == '-' {
                e += 1;
            }
            if e - i >= 2 && e < n && is_word(at(e)) {
                out.push((i, e));
                i = e;
                continue;
            }
        }
        // A word: at least one character, ending at a space, the end, a hyphen between
        // letters, or before a dash run.
        i += 1;
        loop {
            if i >= n || at(i) == ' ' {
                break;
            }
            if at(i) == '-' {
                let two_letters = i >= 2 && is_letter(at(i - 2)) && is_letter(at(i - 1));
                let alternating =
                    i >= 3 && is_letter(at(i - 3)) && at(i - 2) == '-' && is_letter(at(i - 1));
                let ahead = is_letter(at(i + 1))
                    && (is_letter(at(i + 2)) || (at(i + 2) == '-' && is_letter(at(i + 3))));
                if (two_letters || alternating) && ahead && i + 1 < n {
                    i += 1;
                    break;
                }
                if is_word_punct(at(i - 1)) {
                    let mut e = i;
                    while e < n && at(e) == '-' {
                        e += 1;
                    }
                    if e - i >= 2 && e < n && is_word(at(e)) {
                        break;
                    }
                }
            }
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// Wraps text as Python's `textwrap.wrap` does with its defaults: tabs expanded, other
/// white space made spaces, greedy filling, words longer than a line broken (after a
/// hyphen when one fits), spaces dropped at line ends and at the start of later lines.
pub(crate) fn wrap(
    text: &str,
    width: usize,
    initial_indent: &str,
    subsequent_indent: &str,
) -> Vec<String> {
    let mut expanded: Vec<char> = Vec::with_capacity(text.len());
    let mut col = 0usize;
    for c in text.chars() {
        match c {
            '\t' => {
                let spaces = 8 - col % 8;
                expanded.extend(std::iter::repeat_n(' ', spaces));
                col += spaces;
            }
            '\n' | '\r' => {
                expanded.push(' ');
                col = 0;
            }
            '\u{b}' | '\u{c}' => {
                expanded.push(' ');
                col += 1;
            }
            _ => {
                expanded.push(c);
                col += 1;
            }
        }
    }
    let text = expanded;
    let mut pending: Vec<Vec<char>> = chunks(&text)
        .into_iter()
        .filter_map(|(a, b)| text.get(a..b).map(<[char]>::to_vec))
        .collect();
    pending.reverse();
    let is_space = |c: &[char]| c.iter().all(|&x| x == ' ');
    let mut lines: Vec<String> = Vec::new();
    // Each pass takes at least one character, so this ends; the bound is a backstop.
    let mut guard = text.len().saturating_mul(2).saturating_add(8);
    while !pending.is_empty() && guard > 0 {
        guard -= 1;
        let indent = if lines.is_empty() {
            initial_indent
        } else {
            subsequent_indent
        };
        let room = width.saturating_sub(indent.chars().count());
        if !lines.is_empty() && pending.last().is_some_and(|c| is_space(c)) {
            pending.pop();
        }
        let mut line: Vec<Vec<char>> = Vec::new();
        let mut len = 0usize;
        while let Some(c) = pending.last() {
            if len + c.len() <= room {
                len += c.len();
                if let Some(c) = pending.pop() {
                    line.push(c);
                }
            } else {
                break;
            }
        }
        if pending.last().is_some_and(|c| c.len() > room) {
            let space_left = if room < 1 { 1 } else { room - len };
            if let Some(chunk) = pending.pop() {
                let mut end = space_left.min(chunk.len());
                if chunk.len() > space_left {
                    let window = chunk.get(..space_left).unwrap_or(&chunk);
                    if let Some(h) = window.iter().rposition(|&c| c == '-') {
                        if h > 0 && chunk.get(..h).is_some_and(|p| p.iter().any(|&c| c != '-')) {
                            end = h + 1;
                        }
                    }
                }
                let (head, tail) = chunk.split_at(end);
                line.push(head.to_vec());
                if !tail.is_empty() {
                    pending.push(tail.to_vec());
                }
            }
        }
        if line.last().is_some_and(|c| is_space(c)) {
            line.pop();
        }
        if !line.is_empty() {
            let mut s = String::from(indent);
            for c in line {
                s.extend(c);
            }
            lines.push(s);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_like_python_textwrap() {
        // Checked against CPython 3.11's textwrap.wrap.
        assert_eq!(wrap("hello world", 5, "", ""), vec!["hello", "world"]);
        assert_eq!(wrap("   ", 10, "", ""), Vec::<String>::new());
        assert_eq!(wrap("", 10, "", ""), Vec::<String>::new());
        assert_eq!(wrap("abcdefghij", 4, "", ""), vec!["abcd", "efgh", "ij"]);
        assert_eq!(
            wrap("Security-Demo tasks here", 10, "", ""),
            vec!["Security-", "Demo tasks", "here"]
        );
        // Python keeps the space here: only the last (empty) piece is dropped.
        assert_eq!(
            wrap("-Mode:ga -FileName:x", 9, "", ""),
            vec!["-Mode:ga ", "-FileName", ":x"]
        );
        assert_eq!(
            wrap("x --y a--b ab-cd-ef a-b-c-d", 6, "", ""),
            vec!["x --y", "a--b", "ab-cd-", "ef", "a-b-", "c-d"]
        );
        assert_eq!(
            wrap("a b c d", 3, "> ", ">> "),
            vec!["> a", ">> b", ">> c", ">> d"]
        );
    }
}
