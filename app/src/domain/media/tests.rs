use super::*;
use proptest::prelude::*;

fn ftyp(brand: &[u8; 4]) -> Vec<u8> {
    let mut head = vec![0, 0, 0, 0x18];
    head.extend_from_slice(b"ftyp");
    head.extend_from_slice(brand);
    head.extend_from_slice(&[0, 0, 0, 0]);
    head
}

#[test]
fn recognises_camera_roll_formats() {
    assert_eq!(
        MediaType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
        Some(MediaType::Jpeg)
    );
    assert_eq!(
        MediaType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        Some(MediaType::Png)
    );
    assert_eq!(MediaType::sniff(b"GIF89a\x01\0"), Some(MediaType::Gif));
    assert_eq!(
        MediaType::sniff(b"RIFF\x24\0\0\0WEBPVP8 "),
        Some(MediaType::Webp)
    );
    assert_eq!(MediaType::sniff(&ftyp(b"heic")), Some(MediaType::Heic));
    assert_eq!(MediaType::sniff(&ftyp(b"qt  ")), Some(MediaType::QuickTime));
    assert_eq!(MediaType::sniff(&ftyp(b"isom")), Some(MediaType::Mp4));
    assert_eq!(
        MediaType::sniff(&[0x1A, 0x45, 0xDF, 0xA3, 0x9F]),
        Some(MediaType::Webm)
    );
}

#[test]
fn refuses_what_is_not_media_whatever_its_name() {
    for head in [
        &b"MZ\x90\0\x03\0\0\0"[..], // a Windows executable
        b"%PDF-1.7\n",
        b"<html><script>",
        b"\x7fELF\x02\x01\x01",
        b"PK\x03\x04",       // a zip
        b"RIFF\0\0\0\0WAVE", // audio, not WebP
        &ftyp(b"zzzz"),
        b"",
    ] {
        assert_eq!(MediaType::sniff(head), None, "{head:?}");
    }
}

#[test]
fn mime_types_round_trip() {
    for t in ALL {
        assert_eq!(MediaType::from_mime(t.mime()), Some(t));
        assert!(ACCEPT.contains(t.mime()));
    }
    assert!(MediaType::Mp4.is_video() && !MediaType::Png.is_video());
}

#[test]
fn sizes_read_like_people_write_them() {
    assert_eq!(format_bytes(512), "512 bytes");
    assert_eq!(format_bytes(1_500), "1.5 KB");
    assert_eq!(format_bytes(500_000_000), "500 MB");
    assert_eq!(format_bytes(12_400_000), "12 MB");
}

/// Each format's opening bytes: random bytes alone almost never start with one.
fn openings() -> Vec<(Vec<u8>, MediaType)> {
    vec![
        (vec![0xFF, 0xD8, 0xFF], MediaType::Jpeg),
        (b"\x89PNG\r\n\x1a\n".to_vec(), MediaType::Png),
        (b"GIF87a".to_vec(), MediaType::Gif),
        (b"GIF89a".to_vec(), MediaType::Gif),
        (b"RIFF\x24\0\0\0WEBP".to_vec(), MediaType::Webp),
        (vec![0x1A, 0x45, 0xDF, 0xA3], MediaType::Webm),
        (ftyp(b"heic")[..12].to_vec(), MediaType::Heic),
        (ftyp(b"mif1")[..12].to_vec(), MediaType::Heic),
        (ftyp(b"qt  ")[..12].to_vec(), MediaType::QuickTime),
        (ftyp(b"isom")[..12].to_vec(), MediaType::Mp4),
        (ftyp(b"mp42")[..12].to_vec(), MediaType::Mp4),
    ]
}

proptest! {
    /// A format's opening names it whatever follows, and what follows the first
    /// `SNIFF_LEN` bytes never changes the verdict.
    #[test]
    fn an_opening_names_its_format_whatever_follows(
        pick in 0usize..11,
        tail in proptest::collection::vec(any::<u8>(), 0..64)
    ) {
        let (mut head, kind) = openings().swap_remove(pick);
        head.extend(tail);
        prop_assert_eq!(MediaType::sniff(&head), Some(kind));
        prop_assert_eq!(MediaType::sniff(&head[..head.len().min(MediaType::SNIFF_LEN)]), Some(kind));
    }

    // The property is the fuzz target's (`app::fuzz`, built with the server), on bytes
    // that open like a format or not at all.
    #[cfg(feature = "ssr")]
    #[test]
    fn sniffing_reads_only_the_head_and_names_its_type(
        pick in 0usize..12,
        tail in proptest::collection::vec(any::<u8>(), 0..64)
    ) {
        let mut head = openings().get(pick).map(|(o, _)| o.clone()).unwrap_or_default();
        head.extend(tail);
        crate::fuzz::media_sniff(&head);
    }
}
