//! The house rules of `app/src`, checked on every test run and by `make lint`
//! (docs/ARCHITECTURE.md, "Layers" explains them):
//!
//! 1. Dependencies point down the layers: `domain` → `error` → `db` → `platform` and
//!    `realtime` → `ui` → the features → the shell (`lib.rs`, `layout.rs`, `fuzz.rs`).
//!    No file imports a file of a higher layer; `domain` imports only itself.
//! 2. A feature reaches another feature's server code only through its front door,
//!    `<feature>/ssr/mod.rs` (or `ssr.rs`): the other files of its `ssr/` are its own.
//! 3. No import cycle between files.
//! 4. Transactions begin only in the writer queue (`db/writer.rs`).
//!
//! The imports are read from the source text (`crate::`, `super::`, `self::` paths, brace
//! groups included), as a reader would follow them; unit-test modules are left out.

#[path = "layers/graph.rs"]
mod graph;
#[path = "layers/paths.rs"]
mod paths;

use graph::strongly_connected;
use paths::{code_of, expand, is_module_name, paths_in};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// The layers from the bottom; a top-level module not named here is a feature.
const LAYERS: &[&[&str]] = &[
    &["domain"],
    &["error"],
    &["db"],
    &["platform", "realtime"],
    &["ui"],
];
const SHELL: &[&str] = &["", "layout", "fuzz"];
const FEATURES_LAYER: usize = LAYERS.len();
const SHELL_LAYER: usize = LAYERS.len() + 1;

fn layer(module: &Module) -> usize {
    let top = module.first().map_or("", String::as_str);
    if SHELL.contains(&top) {
        return SHELL_LAYER;
    }
    LAYERS
        .iter()
        .position(|names| names.contains(&top))
        .unwrap_or(FEATURES_LAYER)
}

struct Crate {
    /// Each file's module path and its source, unit-test modules cut off.
    files: BTreeMap<Module, (PathBuf, String)>,
}

impl Crate {
    fn read(src: &Path) -> Self {
        let mut files = BTreeMap::new();
        let mut dirs = vec![src.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let rel = path.strip_prefix(src).unwrap().with_extension("");
                let mut module: Module = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if module.iter().any(|m| m == "tests") {
                    continue; // unit tests, not part of the house
                }
                if matches!(module.last().map(String::as_str), Some("lib" | "mod")) {
                    module.pop();
                }
                let text = std::fs::read_to_string(&path).unwrap();
                files.insert(module, (path, code_of(&text)));
            }
        }
        Crate { files }
    }

    /// The file a path names: its longest prefix that is a file.
    fn resolve(&self, path: &[String]) -> Option<Module> {
        (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|m| self.files.contains_key(m))
    }

    /// Which files each file imports.
    fn edges(&self) -> BTreeMap<Module, BTreeSet<Module>> {
        let mut edges = BTreeMap::new();
        for (module, (_, text)) in &self.files {
            let mut targets = BTreeSet::new();
            for used in paths_in(text) {
                let mut segments = used.into_iter();
                let head = segments.next().unwrap();
                let mut rest: Vec<String> = segments.collect();
                let mut base: Module = match head.as_str() {
                    "crate" => Vec::new(),
                    // `self` in a file `a/b.rs` is `a::b`; `super` is its parent.
                    "self" => module.clone(),
                    "super" => {
                        let mut m = module.clone();
                        m.pop();
                        m
                    }
                    // A child module of this file's, or another crate's path.
                    child => {
                        let mut m = module.clone();
                        m.push(child.to_string());
                        if !self.files.contains_key(&m) {
                            continue;
                        }
                        module.clone()
                    }
                };
                if !matches!(head.as_str(), "crate" | "self" | "super") {
                    rest.insert(0, head.clone());
                }
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest.remove(0);
                }
                base.extend(rest.into_iter().filter(|s| is_module_name(s)));
                if let Some(target) = self.resolve(&base)
                    && &target != module
                    && !target.is_empty()
                {
                    targets.insert(target);
                }
            }
            edges.insert(module.clone(), targets);
        }
        edges
    }
}
/// A feature's server code other than its front door (`ssr/mod.rs`, `ssr.rs`).
fn is_private_server_code(module: &Module) -> bool {
    module.len() > 2 && module[1] == "ssr"
}

fn name(files: &BTreeMap<Module, (PathBuf, String)>, module: &Module) -> String {
    let path = &files[module].0;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    path.strip_prefix(&src)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn the_crate() -> Crate {
    Crate::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn dependencies_point_down_the_layers() {
    let krate = the_crate();
    let mut wrong = Vec::new();
    for (from, targets) in krate.edges() {
        for to in targets {
            let (a, b) = (layer(&from), layer(&to));
            let top = |m: &Module| m.first().cloned().unwrap_or_default();
            let domain_out = top(&from) == "domain" && top(&to) != "domain";
            if b > a || domain_out {
                wrong.push(format!(
                    "{} imports {} (a higher layer)",
                    name(&krate.files, &from),
                    name(&krate.files, &to)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn features_use_each_other_through_the_front_door() {
    let krate = the_crate();
    let mut wrong = Vec::new();
    for (from, targets) in krate.edges() {
        if layer(&from) != FEATURES_LAYER {
            continue;
        }
        for to in targets {
            if layer(&to) == FEATURES_LAYER && to[0] != from[0] && is_private_server_code(&to) {
                wrong.push(format!(
                    "{} imports {}: go through {}::ssr",
                    name(&krate.files, &from),
                    name(&krate.files, &to),
                    to[0]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_import_cycle_between_files() {
    let krate = the_crate();
    let edges = krate.edges();
    let cycles = strongly_connected(&edges)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut inside: Vec<_> = c
                .iter()
                .flat_map(|a| {
                    edges[a]
                        .iter()
                        .filter(|b| c.contains(b))
                        .map(move |b| (a, b))
                })
                .map(|(a, b)| format!("  {} -> {}", name(&krate.files, a), name(&krate.files, b)))
                .collect();
            inside.sort();
            format!("a cycle of {} files:\n{}", c.len(), inside.join("\n"))
        })
        .collect::<Vec<_>>();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// Transactions begin only in the writer queue (`db/writer.rs`, `db::begin_write`): one
/// begun anywhere else would write without waiting its turn on SQLite. The server crate is
/// read too.
#[test]
fn transactions_begin_only_in_the_writer_queue() {
    const BEGINS: [&str; 4] = [
        ".begin()",
        ".begin_with_options(",
        ".transaction(",
        ".transaction::<",
    ];
    let krate = the_crate();
    let mut wrong: Vec<String> = krate
        .files
        .iter()
        .filter(|(module, _)| module.as_slice() != ["db", "writer"])
        .filter(|(_, (_, code))| BEGINS.iter().any(|b| code.contains(b)))
        .map(|(module, _)| name(&krate.files, module))
        .collect();
    let server = Crate::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src"));
    wrong.extend(
        server
            .files
            .values()
            .filter(|(_, code)| BEGINS.iter().any(|b| code.contains(b)))
            .map(|(path, _)| path.display().to_string()),
    );
    assert!(
        wrong.is_empty(),
        "transactions begun outside db/writer.rs (use db::begin_write): {}",
        wrong.join(", ")
    );
}

/// The guard reads imports the way they are written: a check that it finds them at all.
#[test]
fn the_guard_sees_imports() {
    let krate = the_crate();
    let edges = krate.edges();
    let of = |path: &str| -> Module { path.split("::").map(String::from).collect() };
    assert!(edges[&of("platform::caller")].contains(&of("platform::state")));
    assert!(edges[&vec![]].contains(&of("layout")));
    assert_eq!(
        expand("crate::a::{b, c::{d, e as f}, self}"),
        vec![
            of("crate::a::b"),
            of("crate::a::c::d"),
            of("crate::a::c::e"),
            of("crate::a")
        ]
    );
    let mut shown = BTreeMap::new();
    shown.insert(of("a"), BTreeSet::from([of("b")]));
    shown.insert(of("b"), BTreeSet::from([of("a")]));
    assert_eq!(
        strongly_connected(&shown)
            .iter()
            .filter(|c| c.len() > 1)
            .count(),
        1
    );
}
