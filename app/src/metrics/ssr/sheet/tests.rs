use super::*;

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-11-21T10:00:00Z".parse().unwrap()
}

#[test]
fn a_filled_in_sheet_reads_back_by_line() {
    let sheet = "\u{feff}deliverable_id,creator,deliverable,captured_at,reach,likes,revenue\n\
                 7,Sam,Reel 1 of 1,2026-11-20,1200,30,99.5\n\
                 \n\
                 8,'=Bad,Story,,\"1,500\",,\n";
    let Parsed { rows, errors, .. } = parse(sheet.as_bytes(), "EUR", now());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, 2);
    assert_eq!(rows[0].1.counts.reach, 1200);
    assert_eq!(rows[0].1.counts.revenue_minor, 9950);
    assert_eq!(rows[1].0, 4);
    assert_eq!(rows[1].1.captured_at, now());
    assert_eq!(rows[1].1.counts.reach, 1500);
}

#[test]
fn every_bad_line_and_column_is_named() {
    let Parsed { errors, .. } = parse(b"deliverable_id,reach,reech\n1,2,3\n", "EUR", now());
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].row, errors[0].field.as_str()), (1, "reech"));
    let Parsed { rows, errors, .. } = parse(
        b"deliverable_id,captured_at,reach\nx,2026-11-20,5\n2,yesterday,-1\n3,,7\n",
        "EUR",
        now(),
    );
    assert_eq!(rows.len(), 1);
    let named: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.field.as_str())).collect();
    assert_eq!(
        named,
        [(2, "deliverable_id"), (3, "captured_at"), (3, "reach")]
    );
}

#[test]
fn lines_left_blank_are_skipped_and_excel_dialects_read() {
    // Semicolons and bare CRs, as some spreadsheets save; line 2 was left blank.
    let sheet =
        b"deliverable_id;creator;captured_at;reach\r7;Renee;;\r8;Sam;2026-11-20;1200\r9;Bo;x;1\r";
    let Parsed {
        rows,
        errors,
        unfilled,
    } = parse(sheet, "EUR", now());
    assert_eq!(unfilled, 1);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].0, rows[0].1.counts.reach), (3, 1200));
    assert_eq!(
        (errors[0].row, errors[0].field.as_str()),
        (4, "captured_at")
    );
    let latin1 = b"deliverable_id,creator,reach\n5,Ren\xe9e,10\n";
    let Parsed { rows, errors, .. } = parse(latin1, "EUR", now());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows.len(), 1);
}

#[test]
fn file_stems_are_plain() {
    assert_eq!(file_stem("Summer Ridge Launch!"), "summer-ridge-launch");
    assert_eq!(file_stem("***"), "campaign");
}
