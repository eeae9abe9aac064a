//! What an uploaded file really is, judged by its first bytes rather than its name: a
//! renamed executable must not become a "video" that staff browsers then play.

use serde::{Deserialize, Serialize};

/// The media a draft may carry: what phones' camera rolls produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaType {
    Jpeg,
    Png,
    Gif,
    Webp,
    Heic,
    Mp4,
    QuickTime,
    Webm,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Gif => "image/gif",
            MediaType::Webp => "image/webp",
            MediaType::Heic => "image/heic",
            MediaType::Mp4 => "video/mp4",
            MediaType::QuickTime => "video/quicktime",
            MediaType::Webm => "video/webm",
        }
    }

    pub fn from_mime(mime: &str) -> Option<Self> {
        ALL.iter().copied().find(|t| t.mime() == mime)
    }

    pub fn is_video(self) -> bool {
        matches!(
            self,
            MediaType::Mp4 | MediaType::QuickTime | MediaType::Webm
        )
    }

    /// Bytes enough to recognise any of them.
    pub const SNIFF_LEN: usize = 16;

    /// Recognises a file from its first bytes (at least [`Self::SNIFF_LEN`] when the file
    /// is that long).
    pub fn sniff(head: &[u8]) -> Option<Self> {
        let starts = |magic: &[u8]| head.starts_with(magic);
        if starts(&[0xFF, 0xD8, 0xFF]) {
            return Some(MediaType::Jpeg);
        }
        if starts(b"\x89PNG\r\n\x1a\n") {
            return Some(MediaType::Png);
        }
        if starts(b"GIF87a") || starts(b"GIF89a") {
            return Some(MediaType::Gif);
        }
        if starts(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
            return Some(MediaType::Webp);
        }
        if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
            return Some(MediaType::Webm);
        }
        // ISO base media files (MP4, MOV, HEIC) open with a box: size, "ftyp", brand.
        if head.get(4..8) == Some(b"ftyp") {
            let brand = head.get(8..12)?;
            return match brand {
                b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
                    Some(MediaType::Heic)
                }
                b"qt  " => Some(MediaType::QuickTime),
                b"isom" | b"iso2" | b"iso4" | b"iso5" | b"iso6" | b"mp41" | b"mp42" | b"avc1"
                | b"M4V " | b"M4VH" | b"dash" | b"3gp4" | b"3gp5" | b"3g2a" => Some(MediaType::Mp4),
                _ => None,
            };
        }
        None
    }
}

const ALL: [MediaType; 8] = [
    MediaType::Jpeg,
    MediaType::Png,
    MediaType::Gif,
    MediaType::Webp,
    MediaType::Heic,
    MediaType::Mp4,
    MediaType::QuickTime,
    MediaType::Webm,
];

/// What the upload form accepts, for the file picker (the server decides by content).
pub const ACCEPT: &str =
    "image/jpeg,image/png,image/gif,image/webp,image/heic,video/mp4,video/quicktime,video/webm";

/// "12.4 MB", for limits and progress.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
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
}
