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
mod tests;
