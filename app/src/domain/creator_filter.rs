//! A search of the creator database as a value: read from the page's URL (so a view can be
//! bookmarked and shared), sent to the server, and written back into links.

use super::creator::{PerformanceTag, Platform, Tier, parse_country, parse_followers};
use super::money::parse_percent;
use super::text::urlencode;
use serde::{Deserialize, Serialize};

/// Rows per page of results.
pub const PAGE_SIZE: u64 = 50;
/// Beyond any real list; keeps the offset a sane number for every database.
pub const MAX_PAGE: u64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreatorSort {
    #[default]
    Name,
    FollowersDesc,
    FollowersAsc,
    EngagementDesc,
    EngagementAsc,
    Recent,
}

impl CreatorSort {
    pub const ALL: [CreatorSort; 6] = [
        CreatorSort::Name,
        CreatorSort::FollowersDesc,
        CreatorSort::FollowersAsc,
        CreatorSort::EngagementDesc,
        CreatorSort::EngagementAsc,
        CreatorSort::Recent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CreatorSort::Name => "name",
            CreatorSort::FollowersDesc => "followers_desc",
            CreatorSort::FollowersAsc => "followers_asc",
            CreatorSort::EngagementDesc => "engagement_desc",
            CreatorSort::EngagementAsc => "engagement_asc",
            CreatorSort::Recent => "recent",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CreatorSort::Name => "Name (A–Z)",
            CreatorSort::FollowersDesc => "Most followers",
            CreatorSort::FollowersAsc => "Fewest followers",
            CreatorSort::EngagementDesc => "Highest engagement",
            CreatorSort::EngagementAsc => "Lowest engagement",
            CreatorSort::Recent => "Recently changed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Every criterion is optional; together they narrow the list (AND). Follower and
/// engagement ranges apply to one channel: "has an Instagram channel with 10k–50k".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorFilter {
    #[serde(default)]
    pub text: String,
    pub niche: Option<String>,
    pub platform: Option<Platform>,
    pub followers_min: Option<i64>,
    pub followers_max: Option<i64>,
    pub engagement_min_bp: Option<i32>,
    pub engagement_max_bp: Option<i32>,
    pub country: Option<String>,
    pub tier: Option<Tier>,
    pub tag: Option<PerformanceTag>,
    #[serde(default)]
    pub sort: CreatorSort,
    /// 1-based.
    #[serde(default = "first_page")]
    pub page: u64,
}

fn first_page() -> u64 {
    1
}

impl CreatorFilter {
    /// Reads the URL's query parameters. A value that does not parse is left out of the
    /// search and reported, so a hand-edited link still shows something sensible.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> (CreatorFilter, Vec<String>) {
        let mut problems = Vec::new();
        let mut read = |key: &str, label: &str, parse: &dyn Fn(&str) -> bool| {
            let value = get(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty());
            if let Some(v) = &value
                && !parse(v)
            {
                problems.push(format!("{label}: \"{v}\" was ignored."));
                return None;
            }
            value
        };
        let followers = |v: &str| parse_followers(v).is_ok();
        let percent = |v: &str| parse_percent(v).is_ok();
        let f = CreatorFilter {
            text: read("q", "Search", &|_| true).unwrap_or_default(),
            niche: read("niche", "Niche", &|_| true).map(|n| n.to_lowercase()),
            platform: read("platform", "Platform", &|v| Platform::parse(v).is_some())
                .and_then(|v| Platform::parse(&v)),
            followers_min: read("followers_min", "Followers from", &followers)
                .and_then(|v| parse_followers(&v).ok()),
            followers_max: read("followers_max", "Followers to", &followers)
                .and_then(|v| parse_followers(&v).ok()),
            engagement_min_bp: read("er_min", "Engagement from", &percent)
                .and_then(|v| parse_percent(&v).ok()),
            engagement_max_bp: read("er_max", "Engagement to", &percent)
                .and_then(|v| parse_percent(&v).ok()),
            country: read("country", "Country", &|v| parse_country(v).is_ok())
                .and_then(|v| parse_country(&v).ok()),
            tier: read("tier", "Tier", &|v| Tier::parse(v).is_some()).and_then(|v| Tier::parse(&v)),
            tag: read("tag", "Tag", &|v| PerformanceTag::parse(v).is_some())
                .and_then(|v| PerformanceTag::parse(&v)),
            sort: read("sort", "Sort", &|v| CreatorSort::parse(v).is_some())
                .and_then(|v| CreatorSort::parse(&v))
                .unwrap_or_default(),
            page: read("page", "Page", &|v| {
                v.parse::<u64>().is_ok_and(|p| (1..=MAX_PAGE).contains(&p))
            })
            .and_then(|v| v.parse().ok())
            .unwrap_or(1),
        };
        (f, problems)
    }

    /// The query string (without `?`) that [`from_query`](Self::from_query) reads back.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.text.trim().is_empty() {
            pairs.push(("q", self.text.trim().to_string()));
        }
        let mut opt = |key, value: Option<String>| {
            if let Some(v) = value {
                pairs.push((key, v));
            }
        };
        opt("niche", self.niche.clone());
        opt("platform", self.platform.map(|p| p.as_str().into()));
        opt("followers_min", self.followers_min.map(|n| n.to_string()));
        opt("followers_max", self.followers_max.map(|n| n.to_string()));
        opt(
            "er_min",
            self.engagement_min_bp.map(super::money::format_bp),
        );
        opt(
            "er_max",
            self.engagement_max_bp.map(super::money::format_bp),
        );
        opt("country", self.country.clone());
        opt("tier", self.tier.map(|t| t.as_str().into()));
        opt("tag", self.tag.map(|t| t.as_str().into()));
        if self.sort != CreatorSort::default() {
            pairs.push(("sort", self.sort.as_str().into()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", urlencode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    pub fn is_narrowed(&self) -> bool {
        CreatorFilter {
            sort: self.sort,
            page: self.page,
            ..Default::default()
        } != *self
    }

    pub fn at_page(&self, page: u64) -> CreatorFilter {
        CreatorFilter {
            page,
            ..self.clone()
        }
    }

    pub fn offset(&self) -> u64 {
        self.page.clamp(1, MAX_PAGE).saturating_sub(1) * PAGE_SIZE
    }
}

impl Default for CreatorFilter {
    fn default() -> Self {
        CreatorFilter {
            text: String::new(),
            niche: None,
            platform: None,
            followers_min: None,
            followers_max: None,
            engagement_min_bp: None,
            engagement_max_bp: None,
            country: None,
            tier: None,
            tag: None,
            sort: CreatorSort::default(),
            page: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(query: &str) -> (CreatorFilter, Vec<String>) {
        let map: HashMap<String, String> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.replace("%20", " ").replace("%2C", ",")))
            .collect();
        CreatorFilter::from_query(|k| map.get(k).cloned())
    }

    #[test]
    fn a_url_becomes_a_search_and_back() {
        let (f, problems) = read(
            "q=ana&niche=Beauty&platform=instagram&followers_min=10k&followers_max=50000\
             &er_min=2.5&country=de&tier=paid&tag=rebook&sort=followers_desc&page=3",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.niche.as_deref(), Some("beauty"));
        assert_eq!(f.platform, Some(Platform::Instagram));
        assert_eq!(
            (f.followers_min, f.followers_max),
            (Some(10_000), Some(50_000))
        );
        assert_eq!(f.engagement_min_bp, Some(250));
        assert_eq!(f.country.as_deref(), Some("DE"));
        assert_eq!(f.offset(), 100);
        assert_eq!(read(&f.to_query()).0, f);
    }

    #[test]
    fn bad_values_are_ignored_and_reported() {
        assert_eq!(read("page=18446744073709551615").0.page, 1);
        let (f, problems) = read("followers_min=lots&platform=myspace&page=0&q=x");
        assert_eq!(f.followers_min, None);
        assert_eq!(f.platform, None);
        assert_eq!(f.page, 1);
        assert_eq!(f.text, "x");
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn the_empty_search_has_an_empty_query() {
        let f = CreatorFilter::default();
        assert_eq!(f.to_query(), "");
        assert!(!f.is_narrowed());
        assert!(f.at_page(2).to_query() == "page=2" && !f.at_page(2).is_narrowed());
        assert!(
            CreatorFilter {
                tier: Some(Tier::Paid),
                ..f
            }
            .is_narrowed()
        );
    }
}
