//! The nomenclatures held in memory: job titles and places for
//! autocompletion, labels and contact modes for the search results.
//!
//! They are small (about 11,000 titles and 39,000 places), read on every
//! keystroke of an autocomplete, and change only with an import, so they
//! live next to the matching index rather than in per-request queries.

use std::collections::{BTreeMap, HashMap};

use loco_rs::prelude::*;

use super::_entities::{communes, contact_modes, naf_codes, ogr_titles, postcodes, rome_codes};
use crate::domain::{Coordinates, InseeCode, NafCode, Postcode, RomeCode};

/// A job the user can pick: a job title (OGR) or a ROME job itself.
#[derive(Debug, Clone, PartialEq)]
pub struct JobChoice {
    pub label: String,
    pub ogr_code: Option<String>,
    pub rome: RomeCode,
    pub rome_label: String,
}

/// A commune reached by name, code or postcode, with its centre.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub insee_code: InseeCode,
    pub name: String,
    pub postcode: Option<Postcode>,
    pub centre: Option<Coordinates>,
}

#[derive(Debug)]
struct Commune {
    name: String,
    centre: Option<Coordinates>,
    postcodes: Vec<Postcode>,
}

#[derive(Debug)]
struct Searchable<T> {
    key: String,
    item: T,
}

#[derive(Debug, Default)]
pub struct Catalog {
    romes: BTreeMap<RomeCode, String>,
    jobs: Vec<Searchable<JobChoice>>,
    nafs: HashMap<NafCode, String>,
    communes: BTreeMap<InseeCode, Commune>,
    commune_names: Vec<Searchable<InseeCode>>,
    /// Communes of each postcode, the postcode's main commune first.
    postcodes: BTreeMap<Postcode, Vec<InseeCode>>,
    contact_modes: HashMap<(String, RomeCode), String>,
}

/// Lower case, accents removed, every run of non-alphanumerics made one
/// space: "Électricien / Électricienne" → "electricien electricienne".
/// "Saint" and "Sainte" become "st" and "ste", as La Poste writes them in
/// commune names.
#[must_use]
pub fn search_key(text: &str) -> String {
    folded_words(text)
        .map(|word| match word.as_str() {
            "saint" => "st".to_string(),
            "sainte" => "ste".to_string(),
            _ => word,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower case, accents removed, every run of non-alphanumerics made one
/// space, and nothing else: to find people by name or address.
#[must_use]
pub fn folded(text: &str) -> String {
    folded_words(text).collect::<Vec<_>>().join(" ")
}

fn folded_words(text: &str) -> impl Iterator<Item = String> {
    let ascii = deunicode::deunicode(text).to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
}

/// How well `key` matches the query `needle`: 0 when it is the needle or
/// starts with it as a whole word ("paris" in "paris 01"), 1 when it starts
/// with it, 2 when one of its words does, 3 when it merely contains it.
fn relevance(key: &str, needle: &str) -> Option<u8> {
    if key == needle || key.starts_with(&format!("{needle} ")) {
        Some(0)
    } else if key.starts_with(needle) {
        Some(1)
    } else if key.contains(&format!(" {needle}")) {
        Some(2)
    } else if key.contains(needle) {
        Some(3)
    } else {
        None
    }
}

/// The best `limit` items of `items` for `needle`: best relevance, then
/// shortest label, then alphabetical.
fn best_matches<'a, T>(
    items: &'a [Searchable<T>],
    needle: &str,
    limit: usize,
) -> Vec<&'a Searchable<T>> {
    let mut found: Vec<(u8, &Searchable<T>)> = items
        .iter()
        .filter_map(|entry| relevance(&entry.key, needle).map(|rank| (rank, entry)))
        .collect();
    found.sort_by(|(rank_a, a), (rank_b, b)| {
        rank_a
            .cmp(rank_b)
            .then(a.key.len().cmp(&b.key.len()))
            .then(a.key.cmp(&b.key))
    });
    found
        .into_iter()
        .take(limit)
        .map(|(_, entry)| entry)
        .collect()
}

impl Catalog {
    /// Reads the nomenclature tables.
    ///
    /// # Errors
    /// When a query fails.
    pub async fn load(db: &DatabaseConnection) -> ModelResult<Self> {
        let mut catalog = Self::default();
        for rome in rome_codes::Entity::find().all(db).await? {
            if let Ok(code) = RomeCode::parse(&rome.code) {
                catalog.romes.insert(code, rome.label);
            }
        }
        catalog.load_jobs(ogr_titles::Entity::find().all(db).await?);
        for naf in naf_codes::Entity::find().all(db).await? {
            if let Ok(code) = NafCode::parse(&naf.code) {
                catalog.nafs.insert(code, naf.label);
            }
        }
        catalog.load_places(
            communes::Entity::find().all(db).await?,
            postcodes::Entity::find().all(db).await?,
        );
        for mode in contact_modes::Entity::find().all(db).await? {
            if let Ok(rome) = RomeCode::parse(&mode.rome_code) {
                catalog
                    .contact_modes
                    .insert((mode.naf_division, rome), mode.mode);
            }
        }
        Ok(catalog)
    }

    fn load_jobs(&mut self, titles: Vec<ogr_titles::Model>) {
        let romes = self.romes.iter().map(|(rome, label)| Searchable {
            key: search_key(label),
            item: JobChoice {
                label: label.clone(),
                ogr_code: None,
                rome: *rome,
                rome_label: label.clone(),
            },
        });
        let titles = titles.into_iter().filter_map(|title| {
            let rome = RomeCode::parse(&title.rome_code).ok()?;
            let rome_label = self.romes.get(&rome)?.clone();
            Some(Searchable {
                key: search_key(&title.label),
                item: JobChoice {
                    label: title.label,
                    ogr_code: Some(title.code),
                    rome,
                    rome_label,
                },
            })
        });
        self.jobs = romes.chain(titles).collect();
    }

    fn load_places(&mut self, communes: Vec<communes::Model>, postcodes: Vec<postcodes::Model>) {
        for commune in communes {
            let Ok(code) = InseeCode::parse(&commune.insee_code) else {
                continue;
            };
            let centre = commune
                .latitude
                .zip(commune.longitude)
                .and_then(|(lat, lon)| Coordinates::new(lat, lon).ok());
            self.commune_names.push(Searchable {
                key: search_key(&commune.name),
                item: code,
            });
            self.communes.insert(
                code,
                Commune {
                    name: commune.name,
                    centre,
                    postcodes: Vec::new(),
                },
            );
        }

        let mut by_postcode: BTreeMap<Postcode, Vec<InseeCode>> = BTreeMap::new();
        for row in postcodes {
            let (Ok(postcode), Ok(code)) = (
                Postcode::parse(&row.postcode),
                InseeCode::parse(&row.insee_code),
            ) else {
                continue;
            };
            let Some(commune) = self.communes.get_mut(&code) else {
                continue;
            };
            commune.postcodes.push(postcode);
            by_postcode.entry(postcode).or_default().push(code);
        }
        // The main commune of a shared postcode: the town split into the
        // most postal areas (Metz for 57050 and 57070), then the smallest
        // INSEE code.
        for (postcode, mut codes) in by_postcode {
            codes.sort_by_key(|code| {
                let areas = self
                    .communes
                    .get(code)
                    .map_or(0, |commune| commune.postcodes.len());
                (std::cmp::Reverse(areas), *code)
            });
            self.postcodes.insert(postcode, codes);
        }
        for commune in self.communes.values_mut() {
            commune.postcodes.sort_unstable();
        }
    }

    #[must_use]
    pub fn rome_label(&self, rome: RomeCode) -> Option<&str> {
        self.romes.get(&rome).map(String::as_str)
    }

    pub fn romes(&self) -> impl Iterator<Item = (RomeCode, &str)> {
        self.romes
            .iter()
            .map(|(rome, label)| (*rome, label.as_str()))
    }

    #[must_use]
    pub fn naf_label(&self, naf: NafCode) -> Option<&str> {
        self.nafs.get(&naf).map(String::as_str)
    }

    #[must_use]
    pub fn knows_naf(&self, naf: NafCode) -> bool {
        self.nafs.contains_key(&naf)
    }

    /// Whether some activity belongs to this NAF division (`"56"`).
    #[must_use]
    pub fn knows_division(&self, division: &str) -> bool {
        self.nafs.keys().any(|naf| naf.division() == division)
    }

    /// The recommended way to apply to a company of `naf` for `rome`.
    #[must_use]
    pub fn contact_mode(&self, naf: NafCode, rome: RomeCode) -> Option<&str> {
        self.contact_modes
            .get(&(naf.division().to_string(), rome))
            .map(String::as_str)
    }

    #[must_use]
    pub fn commune_name(&self, code: InseeCode) -> Option<&str> {
        self.communes
            .get(&code)
            .map(|commune| commune.name.as_str())
    }

    /// The job a code names: a job title's OGR code ("38584") or a ROME
    /// code ("K2204", the ROME job itself).
    #[must_use]
    pub fn job(&self, code: &str) -> Option<JobChoice> {
        let code = code.trim();
        if let Ok(rome) = RomeCode::parse(code) {
            return self.romes.get(&rome).map(|label| JobChoice {
                label: label.clone(),
                ogr_code: None,
                rome,
                rome_label: label.clone(),
            });
        }
        self.jobs
            .iter()
            .find(|entry| entry.item.ogr_code.as_deref() == Some(code))
            .map(|entry| entry.item.clone())
    }

    /// Jobs whose title or ROME label matches `query`; a ROME code typed as
    /// such ("K2204") comes first.
    #[must_use]
    pub fn search_jobs(&self, query: &str, limit: usize) -> Vec<JobChoice> {
        let mut found = Vec::new();
        if let Ok(rome) = RomeCode::parse(query) {
            if let Some(label) = self.romes.get(&rome) {
                found.push(JobChoice {
                    label: label.clone(),
                    ogr_code: None,
                    rome,
                    rome_label: label.clone(),
                });
            }
        }
        let needle = search_key(query);
        found.extend(
            best_matches(&self.jobs, &needle, limit)
                .into_iter()
                .map(|entry| entry.item.clone()),
        );
        found.truncate(limit);
        found
    }

    /// Places matching `query`: postcodes starting with it when it is made of
    /// digits, communes whose name matches it otherwise.
    #[must_use]
    pub fn search_places(&self, query: &str, limit: usize) -> Vec<Place> {
        let query = query.trim();
        if !query.is_empty() && query.bytes().all(|b| b.is_ascii_digit()) {
            return self
                .postcodes
                .iter()
                .filter(|(postcode, _)| postcode.as_str().starts_with(query))
                .flat_map(|(postcode, codes)| {
                    codes
                        .iter()
                        .filter_map(|code| self.place(*code, Some(*postcode)))
                })
                .take(limit)
                .collect();
        }
        let needle = search_key(query);
        best_matches(&self.commune_names, &needle, limit)
            .into_iter()
            .filter_map(|entry| self.place(entry.item, None))
            .collect()
    }

    /// The commune with this INSEE code.
    #[must_use]
    pub fn commune(&self, code: InseeCode) -> Option<Place> {
        self.place(code, None)
    }

    /// The main commune of a postcode: among the communes sharing it, the
    /// one split into the most postcodes (a city's postal areas), then the
    /// one with the smallest INSEE code.
    #[must_use]
    pub fn postcode(&self, postcode: Postcode) -> Option<Place> {
        let code = *self.postcodes.get(&postcode)?.first()?;
        self.place(code, Some(postcode))
    }

    /// A place typed freely: a postcode, an INSEE code, or a commune name
    /// (the best match).
    #[must_use]
    pub fn resolve_place(&self, text: &str) -> Option<Place> {
        Postcode::parse(text)
            .ok()
            .and_then(|postcode| self.postcode(postcode))
            .or_else(|| {
                InseeCode::parse(text)
                    .ok()
                    .and_then(|code| self.commune(code))
            })
            .or_else(|| self.search_places(text, 1).into_iter().next())
    }

    fn place(&self, code: InseeCode, postcode: Option<Postcode>) -> Option<Place> {
        let commune = self.communes.get(&code)?;
        Some(Place {
            insee_code: code,
            name: commune.name.clone(),
            postcode: postcode.or_else(|| commune.postcodes.first().copied()),
            centre: commune.centre,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_keys_ignore_case_accents_and_punctuation() {
        assert_eq!(
            search_key("Électricien / Électricienne"),
            "electricien electricienne"
        );
        assert_eq!(search_key("  BOULANGER-pâtissier "), "boulanger patissier");
        assert_eq!(search_key("Saint-Julien-lès-Metz"), "st julien les metz");
        assert_eq!(search_key("ST JULIEN LES METZ"), "st julien les metz");
    }

    #[test]
    fn a_match_at_the_start_ranks_before_a_word_match_before_a_substring() {
        assert_eq!(relevance("paris 01", "paris"), Some(0));
        assert_eq!(relevance("parisot", "paris"), Some(1));
        assert_eq!(relevance("boulanger", "boul"), Some(1));
        assert_eq!(relevance("aide boulanger", "boul"), Some(2));
        assert_eq!(relevance("aideboulanger", "boul"), Some(3));
        assert_eq!(relevance("charcutier", "boul"), None);
    }
}
