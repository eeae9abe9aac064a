//! Reading the module paths a file names, as a reader would follow them: `crate::…`,
//! `super::…`, `self::…` and `child::…`, brace groups expanded.

/// A file's code without its unit-test module (by convention the last item) and comments.
pub fn code_of(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn is_module_name(segment: &str) -> bool {
    segment
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !segment.is_empty()
}

/// Every path in the code that may name a module: `crate::…`, `super::…`, `self::…`, and
/// `name::…` (a child module, as `lib.rs` and `use child::…` write it), brace groups
/// expanded. Paths through other crates are kept too; they resolve to no file.
pub fn paths_in(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_lowercase()
            && (i == 0 || !(is_word(bytes[i - 1]) || bytes[i - 1] == b':'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && is_word(bytes[j]) {
            j += 1;
        }
        if !bytes[j..].starts_with(b"::") {
            i = j;
            continue;
        }
        let (tree, end) = use_tree(code, i);
        found.extend(expand(&tree));
        i = end.max(i + 1);
    }
    found
}

/// The path starting at `start`, with its brace group if one follows, and where it ends.
pub fn use_tree(code: &str, start: usize) -> (String, usize) {
    let bytes = code.as_bytes();
    let mut i = start;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b':')
    {
        i += 1;
    }
    if code[..i].ends_with("::") && i < bytes.len() && bytes[i] == b'{' {
        let mut depth = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    (code[start..i].to_string(), i)
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (a `self` item names `a`).
pub fn expand(tree: &str) -> Vec<Vec<String>> {
    let Some(open) = tree.find('{') else {
        let segments: Vec<String> = tree
            .split("::")
            .filter(|s| !s.is_empty())
            .map(|s| s.split_whitespace().next().unwrap_or("").to_string())
            .collect();
        return vec![segments];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..]
        .strip_suffix('}')
        .unwrap_or(&tree[open + 1..]);
    let mut items = Vec::new();
    let (mut depth, mut current) = (0, String::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    let mut out = Vec::new();
    for item in items {
        let item = item.trim();
        let item = item.split(" as ").next().unwrap_or(item).trim();
        if item.is_empty() || item == "self" || item == "*" {
            out.extend(expand(prefix.trim_end_matches("::")));
        } else {
            out.extend(expand(&format!("{prefix}{item}")));
        }
    }
    out
}
