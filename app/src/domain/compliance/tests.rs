use super::*;
use proptest::prelude::*;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

struct Brief {
    disclosures: Vec<String>,
    hashtags: Vec<String>,
    do_not_say: Vec<String>,
    talking_points: Vec<String>,
}

fn brief() -> Brief {
    Brief {
        disclosures: strings(&["#ad", "#sponsored"]),
        hashtags: strings(&["#TrailReady", "#NordPeak"]),
        do_not_say: strings(&["cure", "crème de la crème"]),
        talking_points: strings(&[
            "Waterproof shell rated to 20,000 mm",
            "Packs into its own pocket",
        ]),
    }
}

fn run(caption: &str, platform: Platform) -> Vec<Check> {
    let b = brief();
    check(
        caption,
        Rules {
            platform,
            disclosures: &b.disclosures,
            hashtags: &b.hashtags,
            do_not_say: &b.do_not_say,
            talking_points: &b.talking_points,
        },
    )
}

fn get(checks: &[Check], kind: CheckKind) -> &Check {
    checks.iter().find(|c| c.kind == kind).unwrap()
}

const GOOD: &str = "#ad Rain all day on the ridge and I stayed dry.\nThe shell is waterproof to 20,000 mm and packs into its pocket.\n#TrailReady #nordpeak";

#[test]
fn a_compliant_caption_passes_everything() {
    let checks = run(GOOD, Platform::Instagram);
    assert!(checks.iter().all(|c| c.passed), "{checks:#?}");
    assert_eq!(checks.len(), 5);
}

#[test]
fn a_late_disclosure_fails_and_points_at_it() {
    let caption = "Line one\nLine two\nLine three\nLine four #Sponsored";
    let checks = run(caption, Platform::Instagram);
    let d = get(&checks, CheckKind::Disclosure);
    assert!(!d.passed);
    assert_eq!(d.span.unwrap().of(caption), "#Sponsored");
    assert!(d.detail.contains("line 4"), "{}", d.detail);
    let none = run("No label here", Platform::Instagram);
    assert!(
        get(&none, CheckKind::Disclosure)
            .detail
            .contains("#ad or #sponsored")
    );
}

#[test]
fn a_platform_label_is_left_to_reviewers() {
    fn rules(disclosures: &[String]) -> Rules<'_> {
        Rules {
            platform: Platform::Instagram,
            disclosures,
            hashtags: &[],
            do_not_say: &[],
            talking_points: &[],
        }
    }
    let label = strings(&["Paid partnership label"]);
    let d = check("Nothing to disclose in words", rules(&label))[0].clone();
    assert!(d.passed, "{d:?}");
    assert!(
        d.detail
            .contains("Reviewers confirm in the post: Paid partnership label")
    );
    let both = strings(&["#ad", "Paid partnership label"]);
    let d = check("No hashtag here", rules(&both))[0].clone();
    assert!(!d.passed && d.detail.contains("add #ad"), "{d:?}");
    assert!(d.detail.contains("Paid partnership label"));
}

#[test]
fn do_not_say_ignores_case_and_accents_but_not_word_parts() {
    let caption = "#ad This CRÈME DE LA CREME jacket will Cure boredom";
    let d = get(&run(caption, Platform::Instagram), CheckKind::DoNotSay).clone();
    assert!(!d.passed);
    assert_eq!(d.span.unwrap().of(caption), "CRÈME DE LA CREME");
    assert!(d.detail.contains("“cure”"), "{}", d.detail);
    let secure = run("#ad A secure fit.", Platform::Instagram);
    assert!(get(&secure, CheckKind::DoNotSay).passed);
}

#[test]
fn hashtags_must_be_whole() {
    let c = run("#ad #TrailReadyNow #NordPeak", Platform::Instagram);
    let h = get(&c, CheckKind::Hashtags);
    assert!(!h.passed);
    assert_eq!(h.detail, "Missing: #TrailReady.");
}

#[test]
fn talking_points_count_what_was_made() {
    let c = run("#ad It packs into a pocket.", Platform::Instagram);
    let t = get(&c, CheckKind::TalkingPoints);
    assert!(!t.passed);
    assert_eq!(t.title, "Talking points mentioned (1 of 2)");
    assert!(t.detail.contains("Waterproof shell"));
}

#[test]
fn platforms_have_their_limits() {
    let long = format!("#ad {}", "word ".repeat(60));
    assert!(get(&run(&long, Platform::Instagram), CheckKind::Length).passed);
    let x = get(&run(&long, Platform::X), CheckKind::Length).clone();
    assert!(
        !x.passed && x.detail.contains("X allows 280"),
        "{}",
        x.detail
    );
    let tags = format!(
        "#ad {}",
        (0..31).map(|i| format!("#t{i} ")).collect::<String>()
    );
    assert!(!get(&run(&tags, Platform::Instagram), CheckKind::Length).passed);
    assert!(get(&run(&tags, Platform::Blog), CheckKind::Length).passed);
}

proptest! {
    #[test]
    fn checks_never_panic_and_spans_fit(caption in "\\PC{0,200}", phrase in "\\PC{1,12}") {
        let list = vec![phrase];
        let checks = check(&caption, Rules {
            platform: Platform::Instagram,
            disclosures: &list, hashtags: &list, do_not_say: &list, talking_points: &list,
        });
        for c in checks {
            if let Some(s) = c.span {
                prop_assert!(s.start < s.end && s.end <= caption.len());
                prop_assert!(caption.is_char_boundary(s.start) && caption.is_char_boundary(s.end));
            }
        }
    }

    #[test]
    fn a_phrase_is_found_whatever_its_case(word in "[a-zà-ÿ]{3,10}") {
        let caption = format!("Say {} now", word.to_uppercase());
        prop_assert!(Folded::new(&caption).find(&word).is_some());
    }
}
