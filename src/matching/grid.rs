//! Fixed-point coordinates and the geographic grid of the index.
//!
//! Coordinates are stored as whole multiples of 1e-7 degree in an `i32`
//! (±180 × 10⁷ fits): the same 4 bytes as an `f32`, but with a uniform
//! resolution of about 1 cm everywhere, where an `f32` degrades to about
//! 1 m near ±180° of longitude (French Polynesia, New Caledonia). Values
//! published with up to 7 decimals decode to exactly the `f64` they were
//! parsed as, so distances from the index equal distances computed on the
//! original data.
//!
//! The grid cuts the globe into cells of 0.1° × 0.1° (about 11 km × 7 km in
//! mainland France): small enough that a 10 km search reads a dozen cells,
//! large enough that a 200 km search stays in the low thousands of cell
//! lookups per activity code. Cell keys sort by row then column, so the
//! cells of one row that a search needs are consecutive.

use super::geo::BoundingBox;

/// Stored coordinate units per degree.
const UNITS_PER_DEGREE: f64 = 1e7;

/// Cell side, in stored units (0.1°).
const CELL_UNITS: i64 = 1_000_000;

/// Number of cell rows (latitude) and columns (longitude) on the globe.
const ROWS: i64 = 1_800;
const COLUMNS: i64 = 3_600;

/// Column bits of a cell key: `key = row << COLUMN_BITS | column`.
const COLUMN_BITS: u32 = 12;

/// Offsets that make stored latitudes and longitudes non-negative.
const LATITUDE_OFFSET: i64 = 900_000_000;
const LONGITUDE_OFFSET: i64 = 1_800_000_000;

/// Encodes degrees as stored units, rounding to the nearest unit.
pub(super) fn encode_degrees(degrees: f64) -> i32 {
    // Checked `Coordinates` are within ±180°, so the value fits in an i32.
    (degrees * UNITS_PER_DEGREE).round() as i32
}

pub(super) fn decode_degrees(units: i32) -> f64 {
    f64::from(units) / UNITS_PER_DEGREE
}

/// The grid cell of a stored position, as a sortable key.
pub(super) fn cell_key(latitude: i32, longitude: i32) -> u32 {
    key(row(i64::from(latitude)), column(i64::from(longitude)))
}

fn row(latitude: i64) -> i64 {
    ((latitude + LATITUDE_OFFSET) / CELL_UNITS).clamp(0, ROWS - 1)
}

fn column(longitude: i64) -> i64 {
    ((longitude + LONGITUDE_OFFSET) / CELL_UNITS).clamp(0, COLUMNS - 1)
}

fn key(row: i64, column: i64) -> u32 {
    // Rows and columns are clamped below 2^11 and 2^12: the key fits.
    ((row << COLUMN_BITS) | column) as u32
}

/// The corners of cell `cell`, as (latitude, longitude) in degrees: every
/// position whose key is `cell` lies within them, edges included (the
/// edge cells of the globe, which take the poles and the antimeridian,
/// too).
pub(super) fn cell_corners(cell: u32) -> [(f64, f64); 4] {
    let row = i64::from(cell >> COLUMN_BITS);
    let column = i64::from(cell & ((1 << COLUMN_BITS) - 1));
    let degrees = |units: i64| units as f64 / UNITS_PER_DEGREE;
    let south = degrees(row * CELL_UNITS - LATITUDE_OFFSET);
    let north = degrees((row + 1) * CELL_UNITS - LATITUDE_OFFSET);
    let west = degrees(column * CELL_UNITS - LONGITUDE_OFFSET);
    let east = degrees((column + 1) * CELL_UNITS - LONGITUDE_OFFSET);
    [(south, west), (south, east), (north, west), (north, east)]
}

/// The cells and the stored-unit box a search must look at.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SearchArea {
    first_row: i64,
    last_row: i64,
    /// Inclusive column intervals, one or two (antimeridian).
    columns: Vec<(i64, i64)>,
    min_latitude: i32,
    max_latitude: i32,
    /// Inclusive stored-unit longitude intervals matching `columns`.
    longitudes: Vec<(i32, i32)>,
}

impl SearchArea {
    /// Covers `area`, widened by one stored unit on each side so that
    /// rounding never leaves a point of the circle outside.
    pub(super) fn covering(area: &BoundingBox) -> Self {
        let min_latitude = encode_degrees(area.min_latitude).saturating_sub(1);
        let max_latitude = encode_degrees(area.max_latitude).saturating_add(1);
        let longitudes: Vec<(i32, i32)> = area
            .longitudes
            .iter()
            .map(|(west, east)| {
                (
                    encode_degrees(*west).saturating_sub(1),
                    encode_degrees(*east).saturating_add(1),
                )
            })
            .collect();
        let columns = longitudes
            .iter()
            .map(|(west, east)| (column(i64::from(*west)), column(i64::from(*east))))
            .collect();
        Self {
            first_row: row(i64::from(min_latitude)),
            last_row: row(i64::from(max_latitude)),
            columns,
            min_latitude,
            max_latitude,
            longitudes,
        }
    }

    /// The smallest and largest key of the rows covered.
    pub(super) fn key_span(&self) -> (u32, u32) {
        (key(self.first_row, 0), key(self.last_row, COLUMNS - 1))
    }

    /// Number of (row, column interval) pairs, each one key range.
    pub(super) fn key_range_count(&self) -> usize {
        let rows = usize::try_from(self.last_row - self.first_row + 1).unwrap_or(0);
        rows * self.columns.len()
    }

    /// The inclusive key ranges covering the area: per row, per column
    /// interval.
    pub(super) fn key_ranges(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (self.first_row..=self.last_row).flat_map(move |row| {
            self.columns
                .iter()
                .map(move |(west, east)| (key(row, *west), key(row, *east)))
        })
    }

    /// Number of cells the area covers: the range of [`Self::cell_slot`].
    pub(super) fn cell_count(&self) -> usize {
        let width: i64 = self
            .columns
            .iter()
            .map(|(west, east)| east - west + 1)
            .sum();
        usize::try_from((self.last_row - self.first_row + 1) * width).unwrap_or(0)
    }

    /// A distinct number below [`Self::cell_count`] for each cell the area
    /// covers; `None` for a cell outside it.
    pub(super) fn cell_slot(&self, cell: u32) -> Option<usize> {
        let row = i64::from(cell >> COLUMN_BITS);
        let column = i64::from(cell & ((1 << COLUMN_BITS) - 1));
        if !(self.first_row..=self.last_row).contains(&row) {
            return None;
        }
        let mut before = 0;
        for (west, east) in &self.columns {
            if (*west..=*east).contains(&column) {
                let width: i64 = self
                    .columns
                    .iter()
                    .map(|(west, east)| east - west + 1)
                    .sum();
                return usize::try_from((row - self.first_row) * width + before + column - west)
                    .ok();
            }
            before += east - west + 1;
        }
        None
    }

    /// Whether a cell key's column is covered (its row is checked by the
    /// caller through `key_span`).
    pub(super) fn covers_column(&self, cell: u32) -> bool {
        let column = i64::from(cell & ((1 << COLUMN_BITS) - 1));
        self.columns
            .iter()
            .any(|(west, east)| (*west..=*east).contains(&column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_with_seven_decimals_decode_exactly() {
        for degrees in [
            6.17528,
            49.1187,
            -179.9999999,
            180.0,
            -90.0,
            0.0,
            48.1234567,
        ] {
            assert_eq!(decode_degrees(encode_degrees(degrees)), degrees);
        }
    }

    #[test]
    fn encoding_error_is_at_most_half_a_unit() {
        let degrees = 6.1955245421;
        let error = (decode_degrees(encode_degrees(degrees)) - degrees).abs();
        assert!(error <= 0.5e-7, "{error}");
    }

    #[test]
    fn cells_are_a_tenth_of_a_degree() {
        let metz = cell_key(encode_degrees(49.1187), encode_degrees(6.17528));
        let same = cell_key(encode_degrees(49.1999999), encode_degrees(6.1000001));
        let north = cell_key(encode_degrees(49.2), encode_degrees(6.17528));
        let east = cell_key(encode_degrees(49.1187), encode_degrees(6.2));
        assert_eq!(metz, same);
        assert_ne!(metz, north);
        assert_ne!(metz, east);
        assert!(metz < east && east < north);
    }

    #[test]
    fn a_cell_s_corners_hold_its_positions() {
        let metz = cell_key(encode_degrees(49.1187), encode_degrees(6.17528));
        assert_eq!(
            cell_corners(metz),
            [(49.1, 6.1), (49.1, 6.2), (49.2, 6.1), (49.2, 6.2)]
        );
        let edge = cell_key(encode_degrees(90.0), encode_degrees(180.0));
        assert_eq!(cell_corners(edge)[3], (90.0, 180.0));
        let south_west = cell_key(encode_degrees(-90.0), encode_degrees(-180.0));
        assert_eq!(cell_corners(south_west)[0], (-90.0, -180.0));
    }

    #[test]
    fn the_poles_and_the_antimeridian_fall_in_the_edge_cells() {
        let north_east = cell_key(encode_degrees(90.0), encode_degrees(180.0));
        assert_eq!(north_east, key(ROWS - 1, COLUMNS - 1));
        let south_west = cell_key(encode_degrees(-90.0), encode_degrees(-180.0));
        assert_eq!(south_west, 0);
    }

    #[test]
    fn each_cell_of_an_area_has_its_own_slot_across_the_antimeridian() {
        let area = SearchArea::covering(&BoundingBox {
            min_latitude: -17.65,
            max_latitude: -17.45,
            longitudes: vec![(179.85, 180.0), (-180.0, -179.85)],
        });
        let mut slots: Vec<usize> = area
            .key_ranges()
            .flat_map(|(low, high)| low..=high)
            .map(|cell| area.cell_slot(cell).unwrap())
            .collect();
        let count = slots.len();
        assert_eq!(count, area.cell_count());
        slots.sort_unstable();
        slots.dedup();
        assert_eq!(slots, (0..count).collect::<Vec<_>>());
        let elsewhere = cell_key(encode_degrees(49.1), encode_degrees(6.1));
        assert_eq!(area.cell_slot(elsewhere), None);
    }

    #[test]
    fn a_box_inside_two_rows_of_cells_is_looked_up_as_two_key_ranges() {
        let area = SearchArea::covering(&BoundingBox {
            min_latitude: 49.05,
            max_latitude: 49.15,
            longitudes: vec![(6.05, 6.25)],
        });
        assert_eq!(area.key_range_count(), 2);
        assert_eq!(area.key_ranges().count(), 2);
    }
}
