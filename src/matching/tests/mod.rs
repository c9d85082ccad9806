//! Tests of the engine as a whole: the ranking rules on small hand-made
//! data, an equivalence check against a plain scan on pseudo-random data,
//! and the reference results on the real Moselle establishments.

mod moselle;
mod reference;
mod search;

use crate::domain::{Coordinates, Flags, NafCode, RomeCode, Siret};

use super::{IndexedEstablishment, RomeNafHirings};

fn siret(value: u64) -> Siret {
    Siret::from_u64(value).unwrap()
}

fn naf(code: &str) -> NafCode {
    NafCode::parse(code).unwrap()
}

fn rome(code: &str) -> RomeCode {
    RomeCode::parse(code).unwrap()
}

fn at(latitude: f64, longitude: f64) -> Coordinates {
    Coordinates::new(latitude, longitude).unwrap()
}

fn pair(rome_code: &str, naf_code: &str, hirings: u32) -> RomeNafHirings {
    RomeNafHirings {
        rome: rome(rome_code),
        naf: naf(naf_code),
        hirings,
    }
}

fn establishment(
    siret_value: u64,
    naf_code: &str,
    position: Coordinates,
    hiring: f64,
) -> IndexedEstablishment {
    IndexedEstablishment {
        siret: siret(siret_value),
        naf: naf(naf_code),
        position,
        hiring,
        headcount: None,
        flags: Flags::empty(),
    }
}
