//! `recommend`: the company search from a terminal, as a ranked table.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use loco_rs::prelude::*;

use crate::{
    domain::RomeCode,
    matching::{Filters, SearchQuery, SortOrder},
    models::{establishments, national_data::NationalData},
};

pub struct Recommend;

fn stars(count: u8) -> String {
    (0..5).map(|i| if i < count { '★' } else { '☆' }).collect()
}

/// Reads an optional number argument, naming it when it does not parse.
fn number_arg<T: std::str::FromStr>(vars: &task::Vars, name: &str, default: T) -> Result<T> {
    match vars.cli_arg(name) {
        Ok(value) => value
            .parse()
            .map_err(|_| Error::string(&format!("{name}: expected a number, got {value:?}"))),
        Err(_) => Ok(default),
    }
}

/// Runs the search and renders the table.
///
/// # Errors
/// When an argument is missing or invalid, or the database fails.
pub async fn recommend(ctx: &AppContext, vars: &task::Vars) -> Result<String> {
    super::check_args(vars, &["rome", "place", "distance_km", "limit", "sort"])?;
    let rome = vars
        .cli_arg("rome")
        .map_err(|_| Error::string("rome is required, e.g. rome:K2204"))?;
    let rome = RomeCode::parse(rome).map_err(|err| Error::string(&format!("rome: {err}")))?;
    let place = vars
        .cli_arg("place")
        .ok()
        .map(str::trim)
        .filter(|place| !place.is_empty())
        .ok_or_else(|| {
            Error::string("place is required: a postcode, INSEE code or commune name")
        })?;
    let radius_km: f64 = number_arg(vars, "distance_km", 10.0)?;
    let limit: usize = number_arg(vars, "limit", 20)?;
    let sort = match vars.cli_arg("sort").unwrap_or("expected_hirings") {
        "expected_hirings" => SortOrder::ExpectedHirings,
        "distance" => SortOrder::Distance,
        other => {
            return Err(Error::string(&format!(
                "sort: use expected_hirings or distance, got {other:?}"
            )))
        }
    };
    if !(radius_km > 0.0 && radius_km <= 100.0) {
        return Err(Error::string(
            "distance_km: must be greater than 0 and at most 100",
        ));
    }

    let data = NationalData::load(&ctx.db).await?;
    let rome_label = data
        .catalog
        .rome_label(rome)
        .ok_or_else(|| Error::string(&format!("rome: {rome} is not a known ROME code")))?
        .to_string();
    let place = data
        .catalog
        .resolve_place(place)
        .ok_or_else(|| Error::string(&format!("place: no commune matches {place:?}")))?;
    let origin = place.centre.ok_or_else(|| {
        Error::string(&format!(
            "place: the position of {} is not known",
            place.name
        ))
    })?;

    let found = data.index.search(&SearchQuery {
        rome,
        origin,
        radius_km,
        sort,
        filters: Filters::default(),
        offset: 0,
        limit,
    });
    let sirets: Vec<_> = found.hits.iter().map(|hit| hit.siret).collect();
    let stored = establishments::Model::find_by_sirets(&ctx.db, &sirets).await?;

    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "#",
        "SIRET",
        "Company",
        "Activity",
        "km",
        "Hirings",
        "Stars",
        "How to apply",
    ]);
    for (rank, hit) in found.hits.iter().enumerate() {
        let company = stored.get(&hit.siret);
        let naf = company.and_then(|company| crate::domain::NafCode::parse(&company.naf_code).ok());
        table.add_row([
            Cell::new(rank + 1).set_alignment(CellAlignment::Right),
            Cell::new(hit.siret),
            Cell::new(company.map_or("?", |company| {
                company.trade_name.as_deref().unwrap_or(&company.name)
            })),
            Cell::new(
                naf.and_then(|naf| data.catalog.naf_label(naf))
                    .unwrap_or_default(),
            ),
            Cell::new(format!("{:.1}", hit.distance_km)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.1}", hit.expected_hirings)).set_alignment(CellAlignment::Right),
            Cell::new(stars(hit.stars)),
            Cell::new(
                naf.and_then(|naf| data.catalog.contact_mode(naf, rome))
                    .unwrap_or_default(),
            ),
        ]);
    }
    let postcode = place
        .postcode
        .map(|postcode| format!(" ({postcode})"))
        .unwrap_or_default();
    Ok(format!(
        "{rome} {rome_label} — {radius_km} km around {}{postcode}: {} companies\n{table}",
        place.name, found.total
    ))
}

#[async_trait]
impl Task for Recommend {
    fn task(&self) -> TaskInfo {
        TaskInfo {
            name: "recommend".to_string(),
            detail: "Companies likely to hire for a job near a place, best first.\nUsage: cargo \
                     loco task recommend rome:K2204 place:57000 [distance_km:10] [limit:20] \
                     [sort:expected_hirings|distance]"
                .to_string(),
        }
    }

    async fn run(&self, ctx: &AppContext, vars: &task::Vars) -> Result<()> {
        println!("{}", recommend(ctx, vars).await?);
        Ok(())
    }
}
