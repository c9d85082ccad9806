//! The plain algorithm the index must agree with: compute every
//! establishment's expected hirings and distance, keep those that pass,
//! sort, cut the page. Linear in the number of establishments; the tests
//! and the France-scale benchmark compare the index with it query by
//! query.

use std::collections::HashMap;

use crate::domain::{NafCode, RomeCode};

use super::{
    haversine_km, Hit, IndexedEstablishment, Ranked, RomeNafHirings, SearchPage, SearchQuery,
    SortOrder,
};

/// The page `query` gives when every establishment is looked at.
pub fn scan(
    establishments: &[IndexedEstablishment],
    table: &[RomeNafHirings],
    query: &SearchQuery,
) -> SearchPage {
    let mut naf_totals: HashMap<NafCode, u64> = HashMap::new();
    let mut pairs: HashMap<(RomeCode, NafCode), u64> = HashMap::new();
    for row in table {
        *naf_totals.entry(row.naf).or_default() += u64::from(row.hirings);
        *pairs.entry((row.rome, row.naf)).or_default() += u64::from(row.hirings);
    }

    let mut matches: Vec<Ranked> = establishments
        .iter()
        .filter_map(|establishment| {
            let pair = *pairs.get(&(query.rome, establishment.naf))?;
            let share = pair as f64 / naf_totals[&establishment.naf] as f64;
            let expected_hirings = f64::from(establishment.hiring as f32) * share;
            let distance_km = haversine_km(query.origin, establishment.position);
            let passes = expected_hirings > 0.0
                && distance_km <= query.radius_km
                && query.filters.accepts_headcount(establishment.headcount)
                && query.filters.accepts_naf(establishment.naf)
                && establishment.flags.contains(query.filters.required_flags);
            passes.then_some(Ranked {
                siret: establishment.siret,
                distance_km,
                expected_hirings,
            })
        })
        .collect();

    matches.sort_by(|a, b| {
        let hirings = b.expected_hirings.partial_cmp(&a.expected_hirings).unwrap();
        let distance = a.distance_km.partial_cmp(&b.distance_km).unwrap();
        let primary = match query.sort {
            SortOrder::ExpectedHirings => hirings.then(distance),
            SortOrder::Distance => distance.then(hirings),
        };
        primary.then(a.siret.cmp(&b.siret))
    });

    SearchPage {
        total: matches.len(),
        hits: matches
            .into_iter()
            .skip(query.offset)
            .take(query.limit)
            .map(Hit::from)
            .collect(),
    }
}
