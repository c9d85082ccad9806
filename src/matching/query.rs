//! What a search asks for and what it returns.
//!
//! These are plain values so that the HTTP layer, the shortlist builder and
//! the tests all speak to the engine the same way; converting from query
//! strings or JSON happens at the edge, not here.

use std::cmp::Ordering;

use crate::domain::{Coordinates, Flags, HeadcountBracket, NafCode, RomeCode, Siret};

/// Results per page when the caller has no preference.
pub const DEFAULT_LIMIT: usize = 20;

/// One ranked search: establishments likely to hire for `rome` within
/// `radius_km` of `origin`.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    pub rome: RomeCode,
    pub origin: Coordinates,
    /// Great-circle radius; 0 keeps only establishments at the origin
    /// itself, a negative or NaN radius matches nothing.
    pub radius_km: f64,
    pub sort: SortOrder,
    pub filters: Filters,
    /// Number of ranked results to skip.
    pub offset: usize,
    /// Maximum number of hits returned.
    pub limit: usize,
}

impl SearchQuery {
    /// A query for the first page in the default order, without filters.
    pub fn new(rome: RomeCode, origin: Coordinates, radius_km: f64) -> Self {
        Self {
            rome,
            origin,
            radius_km,
            sort: SortOrder::default(),
            filters: Filters::default(),
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// Restrictions on which establishments match. The default restricts nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Smallest headcount bracket accepted, inclusive. With either bound
    /// set, establishments whose headcount is unknown are excluded.
    pub headcount_min: Option<HeadcountBracket>,
    /// Largest headcount bracket accepted, inclusive.
    pub headcount_max: Option<HeadcountBracket>,
    /// Accepted activity codes; empty accepts any.
    pub nafs: Vec<NafCode>,
    /// Flags that must all be set.
    pub required_flags: Flags,
}

impl Filters {
    /// Whether an establishment with this headcount passes the bounds.
    pub fn accepts_headcount(&self, headcount: Option<HeadcountBracket>) -> bool {
        if self.headcount_min.is_none() && self.headcount_max.is_none() {
            return true;
        }
        headcount.is_some_and(|bracket| {
            self.headcount_min.is_none_or(|min| bracket >= min)
                && self.headcount_max.is_none_or(|max| bracket <= max)
        })
    }

    /// Whether establishments of this activity pass the NAF filter.
    pub fn accepts_naf(&self, naf: NafCode) -> bool {
        self.nafs.is_empty() || self.nafs.contains(&naf)
    }
}

/// How hits are ordered. Both orders end with the SIRET so that equal
/// results always come back in the same order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// Expected hirings descending, then distance ascending, then SIRET.
    #[default]
    ExpectedHirings,
    /// Distance ascending, then expected hirings descending, then SIRET.
    Distance,
}

impl SortOrder {
    /// Compares two results; `Less` means `a` is shown first.
    pub fn compare(&self, a: &Ranked, b: &Ranked) -> Ordering {
        let by_hirings = b.expected_hirings.total_cmp(&a.expected_hirings);
        let by_distance = a.distance_km.total_cmp(&b.distance_km);
        let primary = match self {
            Self::ExpectedHirings => by_hirings.then(by_distance),
            Self::Distance => by_distance.then(by_hirings),
        };
        primary.then(a.siret.cmp(&b.siret))
    }
}

/// The values a result is ordered by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub siret: Siret,
    pub distance_km: f64,
    pub expected_hirings: f64,
}

/// One page of ranked results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchPage {
    /// Every match inside the radius after filters, across all pages.
    pub total: usize,
    /// The results at positions `offset..offset + limit` of the ranking.
    pub hits: Vec<Hit>,
}

/// One ranked establishment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub siret: Siret,
    pub distance_km: f64,
    pub expected_hirings: f64,
    /// 0–100, see `rating::score`.
    pub score: u8,
    /// 0–5, see `rating::stars`.
    pub stars: u8,
}

impl From<Ranked> for Hit {
    fn from(ranked: Ranked) -> Self {
        Self {
            siret: ranked.siret,
            distance_km: ranked.distance_km,
            expected_hirings: ranked.expected_hirings,
            score: super::score(ranked.expected_hirings),
            stars: super::stars(ranked.expected_hirings),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use HeadcountBracket::*;

    fn ranked(siret: u64, distance_km: f64, expected_hirings: f64) -> Ranked {
        Ranked {
            siret: Siret::from_u64(siret).unwrap(),
            distance_km,
            expected_hirings,
        }
    }

    #[test]
    fn default_order_is_hirings_then_distance_then_siret() {
        let order = SortOrder::default();
        let more = ranked(9, 5.0, 3.0);
        let fewer_but_closer = ranked(1, 1.0, 2.0);
        assert_eq!(order.compare(&more, &fewer_but_closer), Ordering::Less);

        let closer = ranked(9, 1.0, 2.0);
        assert_eq!(order.compare(&closer, &ranked(1, 1.5, 2.0)), Ordering::Less);
        assert_eq!(order.compare(&ranked(1, 1.0, 2.0), &closer), Ordering::Less);
    }

    #[test]
    fn distance_order_is_distance_then_hirings_then_siret() {
        let order = SortOrder::Distance;
        assert_eq!(
            order.compare(&ranked(9, 1.0, 0.1), &ranked(1, 2.0, 9.0)),
            Ordering::Less
        );
        assert_eq!(
            order.compare(&ranked(9, 1.0, 2.0), &ranked(1, 1.0, 1.0)),
            Ordering::Less
        );
        assert_eq!(
            order.compare(&ranked(1, 1.0, 1.0), &ranked(9, 1.0, 1.0)),
            Ordering::Less
        );
        assert_eq!(
            order.compare(&ranked(1, 1.0, 1.0), &ranked(1, 1.0, 1.0)),
            Ordering::Equal
        );
    }

    #[test]
    fn headcount_bounds_are_inclusive_and_exclude_unknown() {
        let filters = Filters {
            headcount_min: Some(From3To5),
            headcount_max: Some(From10To19),
            ..Filters::default()
        };
        assert!(!filters.accepts_headcount(Some(From1To2)));
        assert!(filters.accepts_headcount(Some(From3To5)));
        assert!(filters.accepts_headcount(Some(From10To19)));
        assert!(!filters.accepts_headcount(Some(From20To49)));
        assert!(!filters.accepts_headcount(None));

        let only_min = Filters {
            headcount_min: Some(From50To99),
            ..Filters::default()
        };
        assert!(only_min.accepts_headcount(Some(From10000)));
        assert!(!only_min.accepts_headcount(None));
        assert!(Filters::default().accepts_headcount(None));
    }

    #[test]
    fn naf_filter_accepts_any_when_empty() {
        let naf = NafCode::parse("4771Z").unwrap();
        assert!(Filters::default().accepts_naf(naf));
        let only_other = Filters {
            nafs: vec![NafCode::parse("5610A").unwrap()],
            ..Filters::default()
        };
        assert!(!only_other.accepts_naf(naf));
    }

    #[test]
    fn hit_derives_score_and_stars_from_expected_hirings() {
        let hit = Hit::from(ranked(1, 2.2, 263.0));
        assert_eq!((hit.score, hit.stars), (100, 5));
        let hit = Hit::from(ranked(1, 2.2, 0.5));
        assert_eq!((hit.score, hit.stars), (10, 2));
    }
}
