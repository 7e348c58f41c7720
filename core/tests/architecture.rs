//! The architecture of `core/src`, as ARCHITECTURE.md states it, checked
//! on the source text:
//!
//! - **size**: no file over [`MAX_LINES`] lines, except those listed in
//!   [`OVER_LIMIT`] (today's offenders, each still over: remove an entry
//!   when its file is split);
//! - **no cycles**: no two files import each other, directly or through
//!   others;
//! - **layers**: a file imports from other top-level modules only as
//!   [`LAYERS`] allows.
//!
//! Imports are read from the code, comments and strings left out: `use`
//! trees and paths written in code that start with `crate::`, `super::` or
//! `self::` (or, from `lib.rs` and `mod.rs` files, a child module's name).
//! A path names the file of the deepest module it reaches; a name that
//! module re-exports (`pub use`) is followed to where it is defined.
//! Code under `#[cfg(test)]` is left out: a module's tests may use the
//! layers above it to build their inputs.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Most lines a file of `core/src` may have.
const MAX_LINES: usize = 1000;

/// Files allowed over [`MAX_LINES`] for a while (none since issue 17
/// split the last ones). The test fails when one listed is no longer over.
const OVER_LIMIT: &[&str] = &[];

/// The top-level modules of the core, bottom first, each with the
/// top-level modules it may import from. `lib.rs` (the crate root) may
/// import anything; a top-level module missing here fails the test.
const LAYERS: &[(&str, &[&str])] = &[
    // Values and words every layer uses: dates, located errors, text in messages.
    ("base", &[]),
    // Output toolkits: HTML pages (one escape function), CSV cells.
    ("render", &["base"]),
    // Files, limits, encodings, line endings; the YAML and JSON readers.
    ("input", &["base"]),
    // Frameworks and profiles: the model, its validation, loading, ranges.
    ("model", &["base", "input"]),
    // Evidence items, one reader per format, `read_path`, batches.
    ("evidence", &["base", "input", "model", "render"]),
    // The engine: policy, scorer, screening, pipeline.
    ("scoring", &["base", "input", "model", "evidence"]),
    // Development plans, CPD, progress, the trainer's report.
    (
        "trainer",
        &["base", "input", "model", "evidence", "render", "scoring"],
    ),
    // Cohort, equality monitoring, Delphi.
    (
        "analysis",
        &[
            "base", "input", "model", "evidence", "render", "scoring", "trainer",
        ],
    ),
    // CASE packages and Open Badges.
    (
        "interop",
        &["base", "input", "model", "evidence", "render", "scoring"],
    ),
    // Every operation's result as tables, CSV and JSON, for every front end.
    (
        "present",
        &[
            "base", "input", "model", "evidence", "render", "scoring", "trainer", "analysis",
            "interop",
        ],
    ),
    // One function per operation, for the CLI, Python and JS.
    (
        "api",
        &[
            "base", "input", "model", "evidence", "render", "scoring", "trainer", "analysis",
            "interop", "present", "schema",
        ],
    ),
    // The JSON Schemas of the formats.
    (
        "schema",
        &[
            "base", "input", "model", "evidence", "render", "scoring", "trainer", "analysis",
            "interop",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `core/src`: path relative to it (with `/`) and text.
fn sources() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&src(), &src(), &mut out);
    out
}

// ---------------------------------------------------------------------------
// Reading the source: tokens without comments, strings or test code.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// An identifier or keyword (raw identifiers without `r#`).
    Ident(String),
    /// `::`
    Path,
    /// Any other punctuation character.
    Punct(char),
}

/// The tokens of `text` that matter here, each with its line (1-based):
/// comments, string, byte-string and char literals, lifetimes and numbers
/// are left out.
fn tokens(text: &str) -> Vec<(Tok, usize)> {
    let b: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let n = b.len();
    let at = |i: usize| b.get(i).copied().unwrap_or('\0');
    while i < n {
        let c = b[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < n && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < n {
                if b[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if b[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && at(i + 1) == 'r'))
            && matches!(at(i + 1 + usize::from(c == 'b')), '"' | '#')
            && {
                // A raw string: r"..." or r#"..."# (b prefix too).
                let mut j = i + 1 + usize::from(c == 'b');
                while at(j) == '#' {
                    j += 1;
                }
                at(j) == '"'
            }
        {
            let mut j = i + 1 + usize::from(c == 'b');
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= n {
                    break;
                }
                if b[j] == '\n' {
                    line += 1;
                }
                if b[j] == '"' && (1..=hashes).all(|k| at(j + k) == '#') {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') {
            let mut j = i + if c == 'b' { 2 } else { 1 };
            while j < n && b[j] != '"' {
                if b[j] == '\\' {
                    j += 1;
                }
                if at(j) == '\n' {
                    line += 1;
                }
                j += 1;
            }
            i = j + 1;
        } else if c == '\'' || (c == 'b' && at(i + 1) == '\'') {
            // A char literal ('x', '\n', '\u{..}', '\''), else a lifetime.
            let start = i + usize::from(c == 'b');
            if at(start + 1) == '\\' {
                let mut j = start + 3;
                while j < n && b[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if at(start + 2) == '\'' {
                i = start + 3;
            } else {
                i = start + 1;
                while i < n && (b[i].is_alphanumeric() || b[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < n && (b[j].is_alphanumeric() || b[j] == '_') {
                j += 1;
            }
            let mut word: String = b[i..j].iter().collect();
            if word == "r" && at(j) == '#' {
                // A raw identifier.
                let mut k = j + 1;
                while k < n && (b[k].is_alphanumeric() || b[k] == '_') {
                    k += 1;
                }
                word = b[j + 1..k].iter().collect();
                j = k;
            }
            out.push((Tok::Ident(word), line));
            i = j;
        } else if c.is_ascii_digit() {
            while i < n && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '.') {
                if b[i] == '.' && !at(i + 1).is_ascii_digit() {
                    break;
                }
                i += 1;
            }
        } else if c == ':' && at(i + 1) == ':' {
            out.push((Tok::Path, line));
            i += 2;
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

fn ident(t: Option<&(Tok, usize)>) -> Option<&str> {
    match t {
        Some((Tok::Ident(s), _)) => Some(s),
        _ => None,
    }
}

fn punct(t: Option<&(Tok, usize)>, c: char) -> bool {
    matches!(t, Some((Tok::Punct(p), _)) if *p == c)
}

/// The index after the item starting at `i`: through its matching `}` if
/// it opens a block before any `;`, else through the `;`.
fn skip_item(toks: &[(Tok, usize)], mut i: usize) -> usize {
    // Attributes on the item.
    while punct(toks.get(i), '#') {
        i = skip_group(toks, i + 1);
    }
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Punct(';') => return i + 1,
            Tok::Punct('{') => return skip_group(toks, i),
            Tok::Punct('(' | '[') => i = skip_group(toks, i),
            _ => i += 1,
        }
    }
    i
}

/// The index after the bracketed group opening at `i` (`{`, `(` or `[`).
fn skip_group(toks: &[(Tok, usize)], mut i: usize) -> usize {
    let mut depth = 0i32;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Punct('{' | '(' | '[') => depth += 1,
            Tok::Punct('}' | ')' | ']') => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Whether the attribute group at `i` (after `#`) is `[cfg(test)]`.
fn is_cfg_test(toks: &[(Tok, usize)], i: usize) -> bool {
    let words: Vec<&Tok> = toks[i..skip_group(toks, i).min(toks.len())]
        .iter()
        .map(|(t, _)| t)
        .collect();
    words
        == [
            &Tok::Punct('['),
            &Tok::Ident("cfg".into()),
            &Tok::Punct('('),
            &Tok::Ident("test".into()),
            &Tok::Punct(')'),
            &Tok::Punct(']'),
        ]
}

/// One path a file names: where (line), the module it is written in (for
/// `self`, `super` and relative paths), its segments, and whether it is a
/// re-export (`pub use`, `pub(crate) use`) and under which name.
#[derive(Debug, Clone)]
struct Named {
    line: usize,
    module: Vec<String>,
    path: Vec<String>,
    reexport_as: Option<String>,
}

/// What one file says about modules and paths.
#[derive(Debug, Default)]
struct FileFacts {
    /// Paths named in code (`use` trees expanded).
    named: Vec<Named>,
    /// Child modules declared with `mod name;` (file modules), and whether
    /// they are test-only.
    file_mods: Vec<(Vec<String>, bool)>,
    /// Modules declared inline (`mod name { ... }`), outside test code.
    inline_mods: Vec<Vec<String>>,
}

/// Reads `text`, the file of module `module`.
fn facts(module: &[String], text: &str) -> FileFacts {
    let toks = tokens(text);
    let mut f = FileFacts::default();
    // Inline modules open: (name, brace depth at which it closes).
    let mut stack: Vec<(String, i32)> = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    let current = |stack: &[(String, i32)]| {
        let mut m = module.to_vec();
        m.extend(stack.iter().map(|(n, _)| n.clone()));
        m
    };
    while i < toks.len() {
        let (tok, line) = &toks[i];
        match tok {
            Tok::Punct('#') if is_cfg_test(&toks, i + 1) => {
                let mut j = skip_group(&toks, i + 1);
                while punct(toks.get(j), '#') {
                    j = skip_group(&toks, j + 1);
                }
                // A test-only file module is recorded (its file is skipped).
                let mut k = j;
                if ident(toks.get(k)) == Some("pub") {
                    k += 1;
                    if punct(toks.get(k), '(') {
                        k = skip_group(&toks, k);
                    }
                }
                if ident(toks.get(k)) == Some("mod") && punct(toks.get(k + 2), ';') {
                    if let Some(name) = ident(toks.get(k + 1)) {
                        let mut m = current(&stack);
                        m.push(name.to_string());
                        f.file_mods.push((m, true));
                    }
                }
                i = skip_item(&toks, j);
            }
            Tok::Punct('#') => i = skip_group(&toks, i + 1),
            Tok::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Tok::Punct('}') => {
                depth -= 1;
                if stack.last().is_some_and(|(_, d)| *d == depth) {
                    stack.pop();
                }
                i += 1;
            }
            Tok::Ident(w) if w == "mod" => {
                let name = ident(toks.get(i + 1)).unwrap_or_default().to_string();
                let mut m = current(&stack);
                m.push(name.clone());
                if punct(toks.get(i + 2), ';') {
                    f.file_mods.push((m, false));
                    i += 3;
                } else if punct(toks.get(i + 2), '{') {
                    f.inline_mods.push(m);
                    stack.push((name, depth));
                    depth += 1;
                    i += 3;
                } else {
                    i += 1;
                }
            }
            Tok::Ident(w) if w == "use" => {
                let public = i >= 1
                    && (ident(toks.get(i - 1)) == Some("pub")
                        || (punct(toks.get(i - 1), ')')
                            && i >= 4
                            && ident(toks.get(i - 4)) == Some("pub")));
                let end = (i..toks.len())
                    .find(|&k| punct(toks.get(k), ';'))
                    .unwrap_or(toks.len());
                let mut paths = Vec::new();
                use_tree(&toks[i + 1..end], &[], &mut paths);
                let m = current(&stack);
                for (path, alias) in paths {
                    f.named.push(Named {
                        line: *line,
                        module: m.clone(),
                        reexport_as: if public { alias } else { None },
                        path,
                    });
                }
                i = end + 1;
            }
            // A path in code: from `crate`, `super`, `self`, or a name
            // (kept when it names a child module, see `Crate::absolute`).
            Tok::Ident(w)
                if toks.get(i + 1).map(|t| &t.0) == Some(&Tok::Path)
                    && !(i >= 1 && toks.get(i - 1).map(|t| &t.0) == Some(&Tok::Path))
                    && !punct(toks.get(i.wrapping_sub(1)), '$') =>
            {
                let mut path = vec![w.clone()];
                let mut k = i + 1;
                while toks.get(k).map(|t| &t.0) == Some(&Tok::Path) {
                    match ident(toks.get(k + 1)) {
                        Some(s) => {
                            path.push(s.to_string());
                            k += 2;
                        }
                        None => break,
                    }
                }
                f.named.push(Named {
                    line: *line,
                    module: current(&stack),
                    path,
                    reexport_as: None,
                });
                i = k;
            }
            _ => i += 1,
        }
    }
    f
}

/// Expands a `use` tree (tokens after `use`, before `;`) into paths, each
/// with the name it binds (`None` for a glob or `self` of `crate`).
fn use_tree(
    toks: &[(Tok, usize)],
    prefix: &[String],
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    // Split on top-level commas.
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (k, (t, _)) in toks.iter().enumerate() {
        match t {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => depth -= 1,
            Tok::Punct(',') if depth == 0 => {
                parts.push(&toks[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&toks[start..]);
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        let mut path = prefix.to_vec();
        let mut done = false;
        for (k, (t, _)) in part.iter().enumerate() {
            match t {
                Tok::Ident(s) if s == "as" => {
                    let alias = ident(part.get(k + 1)).map(str::to_string);
                    out.push((path.clone(), alias));
                    done = true;
                    break;
                }
                // `a::{self}` names `a`.
                Tok::Ident(s) if s == "self" && k == 0 && !prefix.is_empty() => {}
                Tok::Ident(s) => path.push(s.clone()),
                Tok::Punct('{') => {
                    let close = part.len() - 1;
                    use_tree(&part[k + 1..close], &path, out);
                    done = true;
                    break;
                }
                Tok::Punct('*') => {
                    out.push((path.clone(), None));
                    done = true;
                    break;
                }
                _ => {}
            }
        }
        if !done {
            let last = path.last().cloned();
            out.push((path, last));
        }
    }
}

// ---------------------------------------------------------------------------
// The crate: its module tree and the file each path leads to.

/// The module path of a file (`base/date.rs` -> `[base, date]`,
/// `input/mod.rs` -> `[input]`, `lib.rs` -> `[]`).
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// An import of one file by another: `from` names something of `to`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    from: String,
    line: usize,
    to: String,
    path: String,
}

/// A module path.
type ModulePath = Vec<String>;

struct Crate {
    /// File of each module (inline modules: the file they are written in).
    files: BTreeMap<Vec<String>, String>,
    /// Re-exports: (module, name) -> (module written in, path).
    reexports: BTreeMap<(ModulePath, String), (ModulePath, Vec<String>)>,
    facts: BTreeMap<String, FileFacts>,
}

impl Crate {
    /// Reads the files (relative path -> text), leaving out test-only ones.
    fn new(sources: &BTreeMap<String, String>) -> Crate {
        let mut facts: BTreeMap<String, FileFacts> = sources
            .iter()
            .map(|(file, text)| (file.clone(), self::facts(&module_of(file), text)))
            .collect();
        let test_only: BTreeSet<Vec<String>> = facts
            .values()
            .flat_map(|f| {
                f.file_mods
                    .iter()
                    .filter(|(_, t)| *t)
                    .map(|(m, _)| m.clone())
            })
            .collect();
        facts.retain(|file, _| {
            let m = module_of(file);
            !(1..=m.len()).any(|k| test_only.contains(&m[..k]))
        });
        let mut files = BTreeMap::new();
        let mut reexports = BTreeMap::new();
        for (file, f) in &facts {
            files.insert(module_of(file), file.clone());
            for m in &f.inline_mods {
                files.insert(m.clone(), file.clone());
            }
            for n in &f.named {
                if let Some(alias) = &n.reexport_as {
                    reexports.insert(
                        (n.module.clone(), alias.clone()),
                        (n.module.clone(), n.path.clone()),
                    );
                }
            }
        }
        Crate {
            files,
            reexports,
            facts,
        }
    }

    /// The absolute module path of `path` written in module `module`:
    /// `None` for a path into another crate.
    fn absolute(&self, module: &[String], path: &[String]) -> Option<Vec<String>> {
        let mut out = module.to_vec();
        let mut rest = path;
        match path.first().map(String::as_str) {
            Some("crate") => {
                out.clear();
                rest = &path[1..];
            }
            Some("self") => rest = &path[1..],
            Some("super") => {
                while rest.first().is_some_and(|s| s == "super") {
                    out.pop()?;
                    rest = &rest[1..];
                }
            }
            Some(first) => {
                // Relative to the module when it names a child module or a
                // name re-exported there; else another crate.
                let mut child = module.to_vec();
                child.push(first.to_string());
                if !self.files.contains_key(&child)
                    && !self
                        .reexports
                        .contains_key(&(module.to_vec(), first.to_string()))
                {
                    return None;
                }
            }
            None => return None,
        }
        out.extend(rest.iter().cloned());
        Some(out)
    }

    /// The file that defines what absolute path `path` names.
    fn file_of(&self, path: &[String], hops: usize) -> Option<String> {
        let deepest = (0..=path.len())
            .rev()
            .find(|&k| self.files.contains_key(&path[..k]))?;
        let module = path[..deepest].to_vec();
        if let Some(name) = path.get(deepest) {
            if hops < 16 {
                if let Some((written_in, target)) =
                    self.reexports.get(&(module.clone(), name.clone()))
                {
                    if let Some(abs) = self.absolute(written_in, target) {
                        let mut abs = abs;
                        abs.extend(path[deepest + 1..].iter().cloned());
                        if let Some(file) = self.file_of(&abs, hops + 1) {
                            return Some(file);
                        }
                    }
                }
            }
        }
        self.files.get(&module).cloned()
    }

    /// Every import of one file by another.
    fn imports(&self) -> Vec<Import> {
        let mut out = BTreeSet::new();
        for (file, f) in &self.facts {
            for n in &f.named {
                let Some(abs) = self.absolute(&n.module, &n.path) else {
                    continue;
                };
                let Some(to) = self.file_of(&abs, 0) else {
                    continue;
                };
                if &to != file {
                    out.insert(Import {
                        from: file.clone(),
                        line: n.line,
                        to,
                        path: n.path.join("::"),
                    });
                }
            }
        }
        out.into_iter().collect()
    }
}

// ---------------------------------------------------------------------------
// The checks, each returning its failures (empty when the code keeps to it).

/// Files over [`MAX_LINES`] not in [`OVER_LIMIT`], and entries of
/// [`OVER_LIMIT`] no longer over (or gone).
fn size_failures(sources: &BTreeMap<String, String>, allowed: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (file, text) in sources {
        let lines = text.lines().count();
        if lines > MAX_LINES && !allowed.contains(&file.as_str()) {
            out.push(format!(
                "core/src/{file} has {lines} lines, more than {MAX_LINES}: split it by what its parts do"
            ));
        }
    }
    for file in allowed {
        match sources.get(*file) {
            Some(text) if text.lines().count() > MAX_LINES => {}
            Some(text) => out.push(format!(
                "core/src/{file} has {} lines now, at most {MAX_LINES}: remove it from OVER_LIMIT",
                text.lines().count()
            )),
            None => out.push(format!(
                "core/src/{file} is listed in OVER_LIMIT but does not exist: remove it"
            )),
        }
    }
    out
}

/// Import cycles between files: each as `a -> b -> ... -> a` with the
/// line of each import.
fn cycle_failures(imports: &[Import]) -> Vec<String> {
    let mut graph: BTreeMap<&str, Vec<&Import>> = BTreeMap::new();
    for i in imports {
        graph.entry(&i.from).or_default().push(i);
        graph.entry(&i.to).or_default();
    }
    // Tarjan's strongly connected components.
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        on_stack: BTreeSet<&'a str>,
        stack: Vec<&'a str>,
        next: usize,
        components: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(v: &'a str, graph: &BTreeMap<&'a str, Vec<&'a Import>>, s: &mut State<'a>) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for e in &graph[v] {
            let w = e.to.as_str();
            if !s.index.contains_key(w) {
                visit(w, graph, s);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            s.components.push(component);
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on_stack: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        components: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(v, &graph, &mut s);
        }
    }
    let mut out = Vec::new();
    for component in s.components.iter().filter(|c| c.len() > 1) {
        let members: BTreeSet<&str> = component.iter().copied().collect();
        // One cycle through the component's first file: a shortest path
        // back to it (breadth first, inside the component).
        let start = *members.iter().next().unwrap();
        let mut came: BTreeMap<&str, &Import> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut last = None;
        'search: while let Some(v) = queue.pop_front() {
            for e in &graph[v] {
                let w = e.to.as_str();
                if !members.contains(w) {
                    continue;
                }
                if w == start {
                    last = Some(*e);
                    break 'search;
                }
                if !came.contains_key(w) {
                    came.insert(w, e);
                    queue.push_back(w);
                }
            }
        }
        let mut steps = Vec::new();
        let mut e = last.unwrap();
        loop {
            steps.push(e);
            if e.from == start {
                break;
            }
            e = came[e.from.as_str()];
        }
        steps.reverse();
        let mut text = format!(
            "import cycle between {} files ({}):\n",
            component.len(),
            members.iter().copied().collect::<Vec<_>>().join(", ")
        );
        for e in steps {
            let _ = writeln!(
                text,
                "  core/src/{}:{} -> core/src/{} (`{}`)",
                e.from, e.line, e.to, e.path
            );
        }
        out.push(text);
    }
    out
}

/// The top-level module of a file (`lib` for the crate root).
fn top(file: &str) -> &str {
    match file.split_once('/') {
        Some((dir, _)) => dir,
        None => file.trim_end_matches(".rs"),
    }
}

/// Imports across top-level modules that [`LAYERS`] does not allow.
fn layer_failures(imports: &[Import], layers: &[(&str, &[&str])]) -> Vec<String> {
    let mut out = Vec::new();
    let mut unknown = BTreeSet::new();
    for i in imports {
        let (from, to) = (top(&i.from), top(&i.to));
        if from == to || from == "lib" {
            continue;
        }
        match layers.iter().find(|(m, _)| *m == from) {
            None => {
                unknown.insert(from.to_string());
            }
            Some((_, allowed)) if !allowed.contains(&to) => out.push(format!(
                "core/src/{}:{}: `{}` imports `{}` (core/src/{}), against the layers: `{from}` may import only from {}",
                i.from,
                i.line,
                i.path,
                to,
                i.to,
                if allowed.is_empty() {
                    "no other module".to_string()
                } else {
                    allowed.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                }
            )),
            Some(_) => {}
        }
    }
    for m in unknown {
        out.push(format!(
            "core/src/{m}: a top-level module missing from LAYERS in core/tests/architecture.rs (and ARCHITECTURE.md): say what it may import"
        ));
    }
    out
}

fn report(what: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{what}:\n{}\n(see ARCHITECTURE.md)",
        failures.join("\n")
    );
}

#[test]
fn no_file_is_over_the_size_limit() {
    report("file sizes", &size_failures(&sources(), OVER_LIMIT));
}

#[test]
fn no_import_cycles_between_files() {
    let imports = Crate::new(&sources()).imports();
    report("import cycles", &cycle_failures(&imports));
}

#[test]
fn modules_import_only_the_layers_below_them() {
    let imports = Crate::new(&sources()).imports();
    report("layers", &layer_failures(&imports, LAYERS));
}

/// The table is a strict order: no top-level module may import one that
/// may import it.
#[test]
fn the_layer_table_has_no_cycles() {
    for (m, allowed) in LAYERS {
        for a in *allowed {
            let back = LAYERS
                .iter()
                .find(|(n, _)| n == a)
                .is_some_and(|(_, b)| b.contains(m));
            assert!(!back, "`{m}` and `{a}` may import each other");
            assert!(
                LAYERS.iter().any(|(n, _)| n == a),
                "`{m}` may import `{a}`, missing from LAYERS"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// The checks catch what they are meant to, on small made-up crates.

fn made_up(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect()
}

#[test]
fn a_cycle_through_a_reexport_is_found_and_printed() {
    let sources = made_up(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub use a::x::Thing;\n"),
        ("a/mod.rs", "pub mod x;\npub mod y;\n"),
        // x names `Other` through the crate root's re-export ...
        (
            "a/x.rs",
            "pub struct Thing;\nfn f() { let _ = crate::b::other(); }\n",
        ),
        (
            "a/y.rs",
            "// use crate::b; (a comment)\nconst S: &str = \"crate::b::z\";\n",
        ),
        // ... and b names `Thing` through it.
        ("b/mod.rs", "use crate::Thing;\npub fn other() {}\n"),
    ]);
    let imports = Crate::new(&sources).imports();
    let failures = cycle_failures(&imports);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("core/src/a/x.rs:2 -> core/src/b/mod.rs (`crate::b::other`)"));
    assert!(failures[0].contains("core/src/b/mod.rs:1 -> core/src/a/x.rs (`crate::Thing`)"));
    // Comments and strings name nothing.
    assert!(!imports.iter().any(|i| i.from == "a/y.rs"), "{imports:?}");
}

#[test]
fn test_code_and_super_paths_are_read_as_rust_reads_them() {
    let sources = made_up(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        (
            "a/mod.rs",
            "mod inner { use super::super::b::B; }\n#[cfg(test)]\nmod tests { use crate::b::B; }\n#[cfg(test)]\nmod more;\n",
        ),
        ("a/more.rs", "use crate::b::C;\n"),
        ("b/mod.rs", "pub struct B;\npub struct C;\nuse super::a;\n"),
    ]);
    let imports = Crate::new(&sources).imports();
    let pairs: Vec<(&str, usize, &str)> = imports
        .iter()
        .map(|i| (i.from.as_str(), i.line, i.to.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [("a/mod.rs", 1, "b/mod.rs"), ("b/mod.rs", 3, "a/mod.rs")]
    );
}

#[test]
fn an_import_against_the_layers_is_reported_with_file_line_and_rule() {
    let sources = made_up(&[
        (
            "lib.rs",
            "pub mod base;\npub mod scoring;\npub mod extra;\n",
        ),
        ("base/mod.rs", "pub mod date;\n"),
        (
            "base/date.rs",
            "use std::fmt;\n\nuse crate::scoring::score::{Scorer, Explain as E};\n",
        ),
        ("scoring/mod.rs", "pub mod score;\n"),
        (
            "scoring/score.rs",
            "pub struct Scorer;\npub enum Explain {}\n",
        ),
        ("extra.rs", "use crate::base::date;\n"),
    ]);
    let imports = Crate::new(&sources).imports();
    let failures = layer_failures(&imports, &[("base", &[]), ("scoring", &["base"])]);
    assert_eq!(
        failures,
        [
            "core/src/base/date.rs:3: `crate::scoring::score::Explain` imports `scoring` (core/src/scoring/score.rs), against the layers: `base` may import only from no other module",
            "core/src/base/date.rs:3: `crate::scoring::score::Scorer` imports `scoring` (core/src/scoring/score.rs), against the layers: `base` may import only from no other module",
            "core/src/extra: a top-level module missing from LAYERS in core/tests/architecture.rs (and ARCHITECTURE.md): say what it may import",
        ]
    );
}

#[test]
fn the_size_check_fails_both_ways() {
    let long = "x\n".repeat(MAX_LINES + 1);
    let sources = made_up(&[("big.rs", &long), ("small.rs", "x\n")]);
    assert_eq!(size_failures(&sources, &["big.rs"]), Vec::<String>::new());
    let failures = size_failures(&sources, &["small.rs", "gone.rs"]);
    assert_eq!(failures.len(), 3, "{failures:?}");
    assert!(failures[0].starts_with("core/src/big.rs has 1001 lines"));
    assert!(failures[1].contains("remove it from OVER_LIMIT"));
    assert!(failures[2].contains("does not exist"));
}
