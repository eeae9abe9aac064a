//! Replays the router fuzz target's committed corpus (`fuzz/corpus/router/`) on the stable
//! toolchain: requests that once answered 5xx or panicked stay fixed.

#[test]
fn every_router_corpus_input_answers_below_500() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/router");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).expect("the router's seed corpus") {
        let path = entry.expect("a corpus file").path();
        let data = std::fs::read(&path).expect("a readable corpus file");
        let outcome = std::panic::catch_unwind(|| server::fuzz::router(&data));
        assert!(outcome.is_ok(), "{} breaks the property", path.display());
        replayed += 1;
    }
    assert!(replayed > 0, "the router has an empty corpus");
}
