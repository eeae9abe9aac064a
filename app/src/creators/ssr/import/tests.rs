use super::*;
use crate::creators::import::{MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS};

fn check(csv: &str) -> Checked {
    check_file(csv.as_bytes()).unwrap()
}

fn rejected(bytes: &[u8]) -> String {
    check_file(bytes).unwrap_err().field("file").unwrap()
}

#[test]
fn headers_are_recognised_by_their_usual_names() {
    assert_eq!(recognise("Full Name"), Some(Column::Name));
    assert_eq!(recognise("E-mail"), Some(Column::Email));
    assert_eq!(
        recognise("Instagram Followers"),
        Some(Column::Channel(
            Some(Platform::Instagram),
            ChannelPart::Followers
        ))
    );
    assert_eq!(
        recognise("tiktok"),
        Some(Column::Channel(Some(Platform::TikTok), ChannelPart::Handle))
    );
    assert_eq!(
        recognise("youtube_engagement_rate"),
        Some(Column::Channel(
            Some(Platform::YouTube),
            ChannelPart::Engagement
        ))
    );
    assert_eq!(
        recognise("ER"),
        Some(Column::Channel(None, ChannelPart::Engagement))
    );
    assert_eq!(recognise("E-mail Address"), Some(Column::Email));
    assert_eq!(
        recognise("Twitter followers"),
        Some(Column::Channel(Some(Platform::X), ChannelPart::Followers))
    );
    assert_eq!(recognise("favourite colour"), None);
}

#[test]
fn a_spreadsheet_export_with_bom_quotes_and_any_order_is_read() {
    let file = "\u{feff}Email,Name,Niches,Instagram Handle,Instagram Followers,Notes\r\n\
                ana@example.com,Ana Souza,\"beauty, skincare\",@ana.makes,48.2k,\"Says \"\"yes\"\" fast\"\r\n\
                ,Ben Okafor,fitness,benlifts,120000,\r\n";
    let c = check(file);
    assert_eq!(c.rows, 2);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let (line, ana) = &c.ready[0];
    assert_eq!(*line, 2);
    assert_eq!(ana.niches, vec!["beauty", "skincare"]);
    assert_eq!(ana.notes, "Says \"yes\" fast");
    assert_eq!(ana.channels[0].handle, "ana.makes");
    assert_eq!(ana.channels[0].followers, 48_200);
    assert_eq!(c.ready[1].1.email, None);
}

#[test]
fn semicolons_and_a_main_channel_are_understood() {
    let c = check("name;platform;handle;followers;er\nCleo;TikTok;cleo.cooks;1.2M;5.5\n");
    let ch = &c.ready[0].1.channels[0];
    assert_eq!(
        (ch.platform, ch.followers, ch.engagement_bp),
        (Platform::TikTok, 1_200_000, Some(550))
    );
}

#[test]
fn bad_rows_are_listed_with_their_line_and_the_rest_are_kept() {
    let c = check(
        "name,email,country,instagram_followers,instagram\nAna,not-an-email,Brazil,,\nBen,ben@example.com,DE,12k,\n,,,,\nCleo,cleo@example.com,FR,5k,cleo\n",
    );
    assert_eq!(c.rows, 3, "blank lines are not rows");
    assert_eq!(c.ready.len(), 1);
    assert_eq!(c.ready[0].1.name, "Cleo");
    assert_eq!(c.problems.len(), 2);
    let ana = &c.problems[0];
    assert_eq!((ana.line, ana.name.as_str()), (2, "Ana"));
    assert!(
        ana.messages.iter().any(|m| m.starts_with("email:")),
        "{:?}",
        ana.messages
    );
    assert!(
        ana.messages.iter().any(|m| m.starts_with("country:")),
        "{:?}",
        ana.messages
    );
    assert!(
        c.problems[1].messages.iter().any(|m| m.contains("handle")),
        "{:?}",
        c.problems[1]
    );
}

#[test]
fn duplicates_within_the_file_are_reported_not_doubled() {
    let c = check(
        "name,email,tiktok,tiktok followers\nAna,ana@example.com,ana,1k\nAna again,ANA@example.com,,\nAnna,,ANA,2k\n",
    );
    assert_eq!(c.ready.len(), 1);
    assert_eq!(c.problems.len(), 2);
    assert!(c.problems.iter().all(|p| p.duplicate));
    assert!(c.problems[0].messages[0].contains("line 2"));
}

#[test]
fn hostile_files_are_rejected_whole() {
    assert!(rejected(b"name,email\n\xff\xfeA\x00n\x00a\x00\n").contains("UTF-8"));
    assert!(rejected(b"email,country\nana@example.com,DE\n").contains("name"));
    assert!(rejected(b"").contains("empty"));
    assert!(rejected(b"name,email\n").contains("no creators"));
    assert!(rejected(b"name,Name\nAna,Ana\n").contains("same thing"));
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    assert!(rejected(&big).contains("10 MB"));
}

/// The 10,000 rows of docs/PRODUCT.md §10.6: a file of exactly that many is read, one more is refused whole.
#[test]
fn ten_thousand_rows_are_read_and_one_more_refuses_the_file() {
    let file = |rows: usize| {
        let mut csv = String::from("name,email\n");
        for i in 0..rows {
            csv.push_str(&format!("Creator {i},creator{i}@example.com\n"));
        }
        csv
    };
    assert_eq!(check(&file(MAX_ROWS)).ready.len(), 10_000);
    assert!(rejected(file(MAX_ROWS + 1).as_bytes()).contains("more than 10000 rows"));
}

#[test]
fn huge_cells_and_ragged_rows_are_refused_per_row() {
    let huge = format!(
        "name,notes\nAna,{}\nBen,fine\nCleo,a,b,c\n",
        "x".repeat(MAX_CELL_CHARS + 1)
    );
    let c = check(&huge);
    assert_eq!(c.ready.len(), 1);
    assert!(c.problems[0].messages[0].contains("longer than"));
    assert!(c.problems[1].messages[0].contains("cells"));
}

#[test]
fn unknown_columns_are_ignored_and_named() {
    let c = check("name,favourite colour\nAna,teal\n");
    assert_eq!(c.ignored_columns, vec!["favourite colour".to_string()]);
    assert_eq!(c.ready.len(), 1);
}
