//! What Roster's fuzz targets check: one function per target, taking the fuzzer's bytes and
//! panicking when a property fails. Each states a property beyond "does not panic".
//! `fuzz/` drives them with libFuzzer (`make fuzz`, nightly); `tests/fuzz_corpora.rs`
//! replays the committed corpora through the same functions on the stable toolchain.

use crate::domain::{anchor, compliance, creator, csv_safety, media, money, reading, text_diff};
use crate::domain::{creator::Platform, validate};
use crate::realtime::RESYNC;
use crate::realtime::bus::{EventBus, Viewer};

/// A property over the fuzzer's bytes: panics when it fails.
pub type Property = fn(&[u8]);

/// Every target by name, as `fuzz/fuzz_targets/` and the corpus folders name them.
pub const TARGETS: &[(&str, Property)] = &[
    ("csv_safety", csv_safety),
    ("text_diff", text_diff),
    ("anchor", anchor),
    ("compliance", compliance),
    ("money", money),
    ("reading", reading),
    ("media_sniff", media_sniff),
    ("validators", validators),
    ("last_event_id", last_event_id),
    ("ingest_body", ingest_body),
    ("creators_csv", creators_csv),
    ("results_sheet", results_sheet),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Two texts from one input: split at the first 0xFF byte (never in UTF-8), else halved.
fn two_texts(data: &[u8]) -> (String, String) {
    let at = data
        .iter()
        .position(|b| *b == 0xFF)
        .unwrap_or(data.len() / 2);
    let rest = data.get(at + 1..).unwrap_or_default();
    (text(&data[..at]), text(rest))
}

/// Neutralising a cell for export and restoring it on import gives the cell back, and a
/// neutralised cell never starts a formula.
pub fn csv_safety(data: &[u8]) {
    let cell = text(data);
    let out = csv_safety::neutralize(&cell);
    assert!(
        !out.starts_with(['=', '+', '-', '@', '\t', '\r']),
        "{out:?} starts a formula"
    );
    assert_eq!(csv_safety::restore(&out), cell);
}

/// The word diff rebuilds both texts: what stayed and was removed is the old one, what
/// stayed and was added the new one.
pub fn text_diff(data: &[u8]) {
    let (before, after) = two_texts(data);
    let pieces = text_diff::words(&before, &after);
    let side = |skip: text_diff::Change| -> String {
        pieces
            .iter()
            .filter(|p| p.change != skip)
            .map(|p| p.text.as_str())
            .collect()
    };
    assert_eq!(side(text_diff::Change::Added), before);
    assert_eq!(side(text_diff::Change::Removed), after);
}

/// A browser's UTF-16 offsets become char boundaries or nothing; an anchor taken from one
/// text is found in another only on char boundaries inside it, and in its own text always.
pub fn anchor(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(4));
    let mut offsets = head
        .chunks(2)
        .map(|c| c.iter().fold(0usize, |n, b| n * 256 + *b as usize));
    let (old, new) = two_texts(rest);
    let (a, b) = (offsets.next().unwrap_or(0), offsets.next().unwrap_or(0));
    let start = anchor::byte_offset(&old, a.min(b));
    let end = anchor::byte_offset(&old, a.max(b));
    for at in [start, end].into_iter().flatten() {
        assert!(at <= old.len() && old.is_char_boundary(at));
    }
    let (Some(start), Some(end)) = (start, end) else {
        return;
    };
    let span = anchor::Span { start, end };
    let Some(taken) = anchor::capture(&old, span) else {
        assert!(!span.fits(&old));
        return;
    };
    let here = anchor::locate(&taken, &old).expect("an anchor is found in its own text");
    assert_eq!(here.of(&old), taken.quote);
    if let Some(found) = anchor::locate(&taken, &new) {
        assert!(found.fits(&new), "{found:?} in {new:?}");
    }
}

/// Every check has a title, and its span (the text at fault) lies on the caption's char
/// boundaries; the same caption always gets the same checks.
pub fn compliance(data: &[u8]) {
    let (caption, rules) = two_texts(data);
    let words: Vec<String> = rules.split(',').map(str::to_string).collect();
    let platforms = [
        Platform::Instagram,
        Platform::X,
        Platform::Snapchat,
        Platform::Blog,
    ];
    let platform = platforms[data.first().map_or(0, |b| *b as usize % platforms.len())];
    let rules = compliance::Rules {
        platform,
        disclosures: &words[..words.len().min(2)],
        hashtags: &words,
        do_not_say: &words,
        talking_points: &words,
    };
    let checks = compliance::check(&caption, rules);
    for c in &checks {
        assert!(!c.title.is_empty());
        if let Some(span) = c.span {
            assert!(span.fits(&caption), "{span:?} in {caption:?}");
        }
    }
    assert_eq!(checks, compliance::check(&caption, rules));
}

/// Amounts and percentages read back what they format to, without overflow.
pub fn money(data: &[u8]) {
    let input = text(data);
    for currency in ["EUR", "JPY"] {
        let exp = money::exponent(currency).expect("a known currency");
        if let Ok(minor) = money::parse_amount(&input, currency) {
            assert!(minor >= 0, "{input:?} read as {minor}");
            let shown = money::format_minor(minor, exp);
            assert_eq!(
                money::parse_amount(&shown, currency),
                Ok(minor),
                "{shown:?}"
            );
        }
    }
    if let Ok(bp) = money::parse_percent(&input) {
        assert!((0..=10_000).contains(&bp), "{input:?} read as {bp}");
        assert_eq!(money::parse_percent(&money::format_bp(bp)), Ok(bp));
    }
    if data.len() >= 8 {
        let n = i64::from_le_bytes(data[..8].try_into().expect("eight bytes"));
        let _ = money::format_minor(n, 2);
    }
}

/// Counts read back from their own digits and are never negative; a time either reads
/// or is refused.
pub fn reading(data: &[u8]) {
    let input = text(data);
    if let Ok(n) = reading::parse_count(&input) {
        assert!(n >= 0, "{input:?} read as {n}");
        assert_eq!(reading::parse_count(&n.to_string()), Ok(n));
    }
    let now = chrono::DateTime::from_timestamp(1_780_000_000, 0).expect("a time");
    if let Ok(at) = reading::parse_captured_at(&input, now) {
        assert_eq!(reading::parse_captured_at(&at.to_rfc3339(), now), Ok(at));
    }
}

/// A file is recognised from its first bytes alone, and as a type whose MIME name says
/// that type again.
pub fn media_sniff(data: &[u8]) {
    let found = media::MediaType::sniff(data);
    let head = &data[..data.len().min(media::MediaType::SNIFF_LEN)];
    assert_eq!(
        media::MediaType::sniff(head),
        found,
        "more bytes changed the verdict"
    );
    if let Some(kind) = found {
        assert_eq!(media::MediaType::from_mime(kind.mime()), Some(kind));
    }
}

/// What the validators let through is what the rest of the code assumes: a normalised
/// email is valid and stays as it is; a next path stays on this site; a profile link is
/// http(s) without spaces.
pub fn validators(data: &[u8]) {
    let input = text(data);
    if validate::email(&input).is_ok() {
        let normal = validate::normalize_email(&input);
        assert!(validate::email(&normal).is_ok(), "{normal:?}");
        assert_eq!(validate::normalize_email(&normal), normal);
    }
    if validate::name(&input).is_ok() {
        assert!(!input.trim().is_empty());
    }
    if let Some(path) = validate::safe_next_path(Some(&input)) {
        assert!(path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'));
        assert!(path.bytes().all(|b| b.is_ascii_graphic()), "{path:?}");
    }
    if let Ok(url) = creator::parse_url(&input) {
        let lower = url.to_lowercase();
        assert!(lower.starts_with("https://") || lower.starts_with("http://"));
        assert!(!url.chars().any(char::is_whitespace));
    }
}

/// Whatever `Last-Event-ID` a page sends, it gets a single "reload" or events of its own
/// organization that came after the id, never another's.
pub fn last_event_id(data: &[u8]) {
    let bus = EventBus::new();
    let mut ours = Vec::new();
    for n in 0..6 {
        ours.push(
            bus.publish(1, crate::realtime::Kind::PipelineMoved, Some(n), None)
                .id,
        );
        bus.publish(2, crate::realtime::Kind::PipelineMoved, Some(n), None);
    }
    let input = text(data);
    // Also under this bus's epoch, so the fuzzer reaches past the first check.
    let under_epoch = format!("{:x}.{input}", bus.epoch());
    for last_seen in [input.as_str(), under_epoch.as_str()] {
        let (missed, _) = bus.subscribe(Viewer::Organization(1), Some(last_seen));
        let resync = missed.len() == 1 && missed[0].kind == RESYNC;
        assert!(
            resync || missed.iter().all(|e| ours.contains(&e.id)),
            "{last_seen:?} gave {missed:?}"
        );
    }
}

/// An ingest body keeps at most a batch of rows, and lists a bounded number of problems,
/// never more than it counted.
pub fn ingest_body(data: &[u8]) {
    use crate::metrics::ssr::payload::{MAX_LISTED, Unreadable, parse};
    use crate::metrics::ssr::record::MAX_BATCH;
    match parse(data) {
        Ok(rows) => assert!(rows.len() <= MAX_BATCH),
        Err(Unreadable::Rows(listed, all)) => {
            assert!(listed.len() <= MAX_LISTED && listed.len() <= all && all > 0);
        }
        Err(_) => {}
    }
}

/// Lines in the file, as an editor numbers them: a line ends at `\n`, `\r\n` or a lone
/// `\r` (as the CSV reader reads them; the fuzzer found a lone `\r`), and a last line
/// without an ending counts.
fn lines_in(data: &[u8]) -> usize {
    let lone_cr = data
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\r' && data.get(i + 1) != Some(&b'\n'))
        .count();
    data.split(|b| *b == b'\n').count() + lone_cr
}

/// A creators file's rows and problems name lines that are in the file.
pub fn creators_csv(data: &[u8]) {
    let Ok(checked) = crate::creators::ssr::import::file::check_file(data) else {
        return;
    };
    let lines = lines_in(data);
    for line in checked
        .ready
        .iter()
        .map(|r| r.0)
        .chain(checked.problems.iter().map(|p| p.line))
    {
        assert!(
            (2..=lines).contains(&(line as usize)),
            "line {line} of {lines}"
        );
    }
    assert!(checked.ready.len() + checked.problems.len() <= checked.rows as usize);
}

/// A results sheet's readings and errors name lines that are in the file.
pub fn results_sheet(data: &[u8]) {
    let now = chrono::DateTime::from_timestamp(1_780_000_000, 0).expect("a time");
    let parsed = crate::metrics::ssr::sheet::parse(data, "EUR", now);
    let lines = lines_in(data).max(1);
    for line in parsed
        .rows
        .iter()
        .map(|r| r.0)
        .chain(parsed.errors.iter().map(|e| e.row))
    {
        assert!((1..=lines).contains(&line), "line {line} of {lines}");
    }
}
