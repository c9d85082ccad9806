//! The ranking rules, one at a time, on a handful of establishments around
//! Metz whose expected hirings are exact in binary floating point.

use crate::domain::{Flags, HeadcountBracket};
use crate::matching::{
    haversine_km, Filters, MatchingIndex, SearchPage, SearchQuery, SortOrder, EARTH_RADIUS_KM,
};

use super::{at, establishment, naf, pair, rome, siret};

const ORIGIN: (f64, f64) = (49.1193, 6.1757);

/// A position `km` kilometres north of the origin.
fn north(km: f64) -> crate::domain::Coordinates {
    at(ORIGIN.0 + (km / EARTH_RADIUS_KM).to_degrees(), ORIGIN.1)
}

/// K2204 takes a quarter of 5610A's hirings and all of 5610C's; 4711D has
/// no row for K2204; 5610B has a row with zero hirings.
fn table() -> Vec<crate::matching::RomeNafHirings> {
    vec![
        pair("K2204", "5610A", 25),
        pair("G1603", "5610A", 75),
        pair("K2204", "5610C", 10),
        pair("D1106", "4711D", 40),
        pair("K2204", "5610B", 0),
        pair("G1603", "5610B", 10),
    ]
}

/// Expected hirings for K2204: D 5, E 4, A 3 (1 km), B and C 3 (2 km).
fn index() -> MatchingIndex {
    let establishments = vec![
        establishment(30, "5610C", north(2.0), 3.0),   // B
        establishment(10, "5610A", north(1.0), 12.0),  // A
        establishment(20, "5610C", north(2.0), 3.0),   // C
        establishment(40, "5610C", north(8.0), 5.0),   // D
        establishment(50, "5610C", north(2.0), 4.0),   // E
        establishment(60, "4711D", north(0.5), 100.0), // no pair for K2204
        establishment(70, "5610C", north(0.1), 0.0),   // no predicted hiring
        establishment(80, "5610B", north(0.2), 50.0),  // pair with zero hirings
    ];
    MatchingIndex::build(establishments, &table())
}

fn query(radius_km: f64) -> SearchQuery {
    SearchQuery::new(rome("K2204"), at(ORIGIN.0, ORIGIN.1), radius_km)
}

fn sirets(page: &SearchPage) -> Vec<u64> {
    page.hits.iter().map(|hit| hit.siret.as_u64()).collect()
}

#[test]
fn default_order_is_expected_hirings_then_distance_then_siret() {
    let page = index().search(&query(10.0));
    assert_eq!(sirets(&page), [40, 50, 10, 20, 30]);
    let expected: Vec<f64> = page.hits.iter().map(|hit| hit.expected_hirings).collect();
    assert_eq!(expected, [5.0, 4.0, 3.0, 3.0, 3.0]);
}

#[test]
fn distance_order_is_distance_then_expected_hirings_then_siret() {
    let mut query = query(10.0);
    query.sort = SortOrder::Distance;
    let page = index().search(&query);
    assert_eq!(sirets(&page), [10, 50, 20, 30, 40]);
    assert!((page.hits[0].distance_km - 1.0).abs() < 1e-4);
    assert!((page.hits[4].distance_km - 8.0).abs() < 1e-4);
}

#[test]
fn hits_carry_score_and_stars_of_their_expected_hirings() {
    let page = index().search(&query(10.0));
    let first = page.hits[0];
    assert_eq!((first.score, first.stars), (crate::matching::score(5.0), 4));
    assert_eq!(first.score, 46);
}

#[test]
fn a_naf_without_a_row_for_the_rome_does_not_match() {
    let index = index();
    assert!(!sirets(&index.search(&query(10.0))).contains(&60));
    assert_eq!(index.share(rome("K2204"), naf("4711D")), None);
    assert_eq!(index.expected_hirings(siret(60), rome("K2204")), None);
    assert_eq!(
        index.expected_hirings(siret(60), rome("D1106")),
        Some(100.0)
    );
}

#[test]
fn an_establishment_without_predicted_hirings_does_not_match() {
    let index = index();
    assert!(!sirets(&index.search(&query(10.0))).contains(&70));
    assert_eq!(index.expected_hirings(siret(70), rome("K2204")), Some(0.0));
}

#[test]
fn a_row_with_zero_hirings_does_not_make_a_match() {
    let index = index();
    assert_eq!(index.share(rome("K2204"), naf("5610B")), Some(0.0));
    assert!(!sirets(&index.search(&query(10.0))).contains(&80));
}

#[test]
fn share_is_the_pair_hirings_over_the_naf_hirings() {
    let index = index();
    assert_eq!(index.share(rome("K2204"), naf("5610A")), Some(0.25));
    assert_eq!(index.share(rome("G1603"), naf("5610A")), Some(0.75));
    assert_eq!(index.share(rome("K2204"), naf("5610C")), Some(1.0));
    assert_eq!(index.expected_hirings(siret(10), rome("K2204")), Some(3.0));
    assert_eq!(index.expected_hirings(siret(99), rome("K2204")), None);
}

#[test]
fn an_unknown_rome_matches_nothing() {
    let index = index();
    assert!(index.knows_rome(rome("K2204")));
    assert!(index.knows_rome(rome("D1106")));
    assert!(!index.knows_rome(rome("A1101")));
    let mut query = query(100.0);
    query.rome = rome("A1101");
    assert_eq!(index.search(&query), SearchPage::default());
}

#[test]
fn the_radius_includes_an_establishment_exactly_on_the_circle() {
    let index = index();
    let stored = index.get(siret(40)).unwrap().position;
    let distance = haversine_km(at(ORIGIN.0, ORIGIN.1), stored);

    let on_circle = index.search(&query(distance));
    assert_eq!(on_circle.total, 5);
    assert!(sirets(&on_circle).contains(&40));

    let just_inside = index.search(&query(distance - 1e-9));
    assert_eq!(just_inside.total, 4);
    assert!(!sirets(&just_inside).contains(&40));
}

#[test]
fn radius_zero_keeps_only_the_origin_itself() {
    let origin = at(49.1193, 6.1757);
    let establishments = vec![
        establishment(1, "5610C", origin, 2.0),
        establishment(2, "5610C", at(49.11931, 6.1757), 2.0),
    ];
    let index = MatchingIndex::build(establishments, &table());
    let page = index.search(&SearchQuery::new(rome("K2204"), origin, 0.0));
    assert_eq!(sirets(&page), [1]);
    assert_eq!(page.hits[0].distance_km, 0.0);
}

#[test]
fn a_negative_or_nan_radius_matches_nothing() {
    assert_eq!(index().search(&query(-1.0)).total, 0);
    assert_eq!(index().search(&query(f64::NAN)).total, 0);
}

#[test]
fn a_large_radius_reaches_other_regions_but_not_beyond() {
    let establishments = vec![
        establishment(1, "5610C", at(48.5734, 7.7521), 1.0), // Strasbourg, ~130 km
        establishment(2, "5610C", at(48.8566, 2.3522), 1.0), // Paris, ~280 km
        establishment(3, "5610C", at(49.6116, 6.1319), 1.0), // Luxembourg, ~55 km
    ];
    let index = MatchingIndex::build(establishments, &table());
    let mut query = SearchQuery::new(rome("K2204"), at(ORIGIN.0, ORIGIN.1), 200.0);
    query.sort = SortOrder::Distance;
    assert_eq!(sirets(&index.search(&query)), [3, 1]);

    query.radius_km = f64::INFINITY;
    assert_eq!(sirets(&index.search(&query)), [3, 1, 2]);
}

#[test]
fn a_search_across_the_antimeridian_finds_both_sides() {
    let establishments = vec![
        establishment(1, "5610C", at(-13.28, 179.99), 1.0),
        establishment(2, "5610C", at(-13.28, -179.99), 1.0),
        establishment(3, "5610C", at(-13.28, -179.5), 1.0),
    ];
    let index = MatchingIndex::build(establishments, &table());
    let mut query = SearchQuery::new(rome("K2204"), at(-13.28, 179.95), 20.0);
    query.sort = SortOrder::Distance;
    assert_eq!(sirets(&index.search(&query)), [1, 2]);
}

#[test]
fn a_search_around_a_pole_finds_points_on_the_other_side() {
    let establishments = vec![
        establishment(1, "5610C", at(89.95, 180.0), 1.0),
        establishment(2, "5610C", at(89.95, -90.0), 1.0),
        establishment(3, "5610C", at(89.5, 0.0), 1.0),
    ];
    let index = MatchingIndex::build(establishments, &table());
    let page = index.search(&SearchQuery::new(rome("K2204"), at(89.95, 0.0), 12.0));
    assert_eq!(page.total, 2);
    assert!(!sirets(&page).contains(&3));
}

#[test]
fn the_headcount_filter_is_inclusive_and_excludes_unknown_headcounts() {
    use HeadcountBracket::*;
    let sizes = [
        (1, Some(From1To2)),
        (2, Some(From3To5)),
        (3, Some(From6To9)),
        (4, None),
    ];
    let establishments = sizes
        .iter()
        .map(|(value, headcount)| {
            let mut one = establishment(*value, "5610C", at(ORIGIN.0, ORIGIN.1), 1.0);
            one.headcount = *headcount;
            one
        })
        .collect();
    let index = MatchingIndex::build(establishments, &table());
    let search = |min, max| {
        let mut query = query(1.0);
        query.filters = Filters {
            headcount_min: min,
            headcount_max: max,
            ..Filters::default()
        };
        query.sort = SortOrder::Distance;
        sirets(&index.search(&query))
    };

    assert_eq!(search(None, None), [1, 2, 3, 4]);
    assert_eq!(search(Some(From3To5), Some(From6To9)), [2, 3]);
    assert_eq!(search(Some(From3To5), None), [2, 3]);
    assert_eq!(search(None, Some(From3To5)), [1, 2]);
    assert_eq!(search(Some(From3To5), Some(From3To5)), [2]);
    assert!(search(Some(From6To9), Some(From1To2)).is_empty());
}

#[test]
fn the_naf_filter_keeps_only_the_listed_activities() {
    let mut query = query(10.0);
    query.filters.nafs = vec![naf("5610A"), naf("4711D")];
    assert_eq!(sirets(&index().search(&query)), [10]);

    query.filters.nafs = vec![naf("9999Z")];
    assert_eq!(index().search(&query).total, 0);
}

#[test]
fn the_flag_filter_requires_every_flag() {
    let flag_sets = [
        (1, Flags::JUNIOR),
        (2, Flags::JUNIOR | Flags::SENIOR),
        (3, Flags::JUNIOR | Flags::SENIOR | Flags::ALTERNANCE),
        (4, Flags::empty()),
    ];
    let establishments = flag_sets
        .iter()
        .map(|(value, flags)| {
            let mut one = establishment(*value, "5610C", at(ORIGIN.0, ORIGIN.1), 1.0);
            one.flags = *flags;
            one
        })
        .collect();
    let index = MatchingIndex::build(establishments, &table());
    let search = |required_flags| {
        let mut query = query(1.0);
        query.filters.required_flags = required_flags;
        sirets(&index.search(&query))
    };

    assert_eq!(search(Flags::empty()), [1, 2, 3, 4]);
    assert_eq!(search(Flags::JUNIOR), [1, 2, 3]);
    assert_eq!(search(Flags::JUNIOR | Flags::SENIOR), [2, 3]);
    assert!(search(Flags::PMSMP).is_empty());
}

#[test]
fn pages_split_the_ranking_without_overlap() {
    let index = index();
    let full = index.search(&query(10.0));
    let mut pages = Vec::new();
    for offset in [0, 2, 4] {
        let mut query = query(10.0);
        query.offset = offset;
        query.limit = 2;
        let page = index.search(&query);
        assert_eq!(page.total, 5);
        pages.extend(page.hits);
    }
    assert_eq!(pages, full.hits);
}

#[test]
fn an_offset_beyond_the_total_returns_no_hits_but_keeps_the_total() {
    let mut query = query(10.0);
    query.offset = 5;
    let page = index().search(&query);
    assert_eq!((page.total, page.hits.len()), (5, 0));

    query.offset = usize::MAX;
    query.limit = usize::MAX;
    assert_eq!(index().search(&query).total, 5);

    query.offset = 0;
    query.limit = 0;
    let page = index().search(&query);
    assert_eq!((page.total, page.hits.len()), (5, 0));
}

#[test]
fn the_last_occurrence_of_a_siret_wins() {
    let establishments = vec![
        establishment(1, "5610C", north(1.0), 1.0),
        establishment(1, "5610C", north(3.0), 7.0),
    ];
    let index = MatchingIndex::build(establishments, &table());
    assert_eq!(index.len(), 1);
    assert_eq!(index.expected_hirings(siret(1), rome("K2204")), Some(7.0));
}

#[test]
fn get_returns_the_stored_establishment() {
    let mut original = establishment(123, "5610A", at(49.1187, 6.17528), 141.0);
    original.headcount = Some(HeadcountBracket::From10To19);
    original.flags = Flags::JUNIOR | Flags::HANDICAP;
    let index = MatchingIndex::build(vec![original], &table());
    assert_eq!(index.get(siret(123)), Some(original));
    assert_eq!(index.get(siret(124)), None);
}

#[test]
fn an_empty_index_answers_every_query_with_nothing() {
    let index = MatchingIndex::build(Vec::new(), &[]);
    assert!(index.is_empty());
    assert_eq!(index.search(&query(50.0)), SearchPage::default());
    assert!(!index.knows_rome(rome("K2204")));
}

#[test]
fn debug_shows_sizes_not_contents() {
    let shown = format!("{:?}", index());
    assert!(shown.starts_with("MatchingIndex { establishments: 8, romes: 3, nafs: 4, cells: "));
}

#[test]
fn a_boost_multiplies_expected_hirings_for_its_job_only() {
    use crate::matching::JobBoost;
    let boosted = index().with_boosts(&[
        // C: 3 × 2 = 6 for K2204, ahead of D (5).
        JobBoost {
            siret: siret(20),
            rome: rome("K2204"),
            factor: 2.0,
        },
        // 4711D has no K2204 pair: a boost does not make it match.
        JobBoost {
            siret: siret(60),
            rome: rome("K2204"),
            factor: 10.0,
        },
        // Not indexed: ignored.
        JobBoost {
            siret: siret(99),
            rome: rome("K2204"),
            factor: 3.0,
        },
    ]);
    let page = boosted.search(&query(10.0));
    assert_eq!(sirets(&page), [20, 40, 50, 10, 30]);
    assert_eq!(page.hits[0].expected_hirings, 6.0);
    assert_eq!(page.total, 5);
    assert_eq!(
        boosted.expected_hirings(siret(20), rome("K2204")),
        Some(6.0)
    );
    // Another job of the same establishment is not boosted.
    assert_eq!(
        boosted.expected_hirings(siret(10), rome("G1603")),
        index().expected_hirings(siret(10), rome("G1603"))
    );

    let mut by_distance = query(10.0);
    by_distance.sort = SortOrder::Distance;
    let page = boosted.search(&by_distance);
    assert_eq!(sirets(&page), [10, 20, 50, 30, 40]);
}
