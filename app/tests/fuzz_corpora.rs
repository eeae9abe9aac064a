//! Replays every committed fuzz corpus (`fuzz/corpus/<target>/`) through its property, on
//! the stable toolchain: what the fuzzer once found stays fixed, in every `make test`.

#![cfg(feature = "ssr")]

use std::path::Path;

#[test]
fn every_corpus_input_keeps_its_property() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let mut replayed = 0;
    for (name, property) in app::fuzz::TARGETS {
        let dir = root.join(name);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: a seed corpus for {name} ({e})", dir.display()));
        let mut seeds = 0;
        for entry in entries {
            let path = entry.expect("a corpus file").path();
            let data = std::fs::read(&path).expect("a readable corpus file");
            let outcome = std::panic::catch_unwind(|| property(&data));
            assert!(
                outcome.is_ok(),
                "{name}: {} breaks the property",
                path.display()
            );
            seeds += 1;
        }
        assert!(seeds > 0, "{name} has an empty corpus");
        replayed += seeds;
    }
    println!(
        "replayed {replayed} inputs of {} targets",
        app::fuzz::TARGETS.len()
    );
}
