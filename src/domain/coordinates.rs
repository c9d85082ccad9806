//! A WGS84 position (latitude, longitude in degrees).
//!
//! Files disagree on the order of the two numbers (the establishment export
//! has the longitude in `coordinates_x`, the postcode file writes "lat, lon"),
//! so the type never exposes a bare pair: the constructor takes the latitude
//! first, checks both ranges, and the accessors are named. The exact point
//! (0, 0), "null island", is what the
//! establishment export writes for "not geocoded"; it is a valid position,
//! so callers ask `is_null_island` and fall back to the commune centre.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ParseError;

const MAX_LATITUDE: f64 = 90.0;
const MAX_LONGITUDE: f64 = 180.0;

/// A checked position: finite, latitude in [-90, 90], longitude in [-180, 180].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "CoordinateFields")]
pub struct Coordinates {
    latitude: f64,
    longitude: f64,
}

impl Coordinates {
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, ParseError> {
        check_range("latitude", latitude, MAX_LATITUDE)?;
        check_range("longitude", longitude, MAX_LONGITUDE)?;
        Ok(Self {
            latitude,
            longitude,
        })
    }

    /// Parses "latitude, longitude" in degrees, as in "49.1081, 6.1955".
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let trimmed = input.trim();
        let Some((latitude, longitude)) = trimmed.split_once(',') else {
            return Err(ParseError::new(format!(
                "coordinates are written \"latitude, longitude\", got {trimmed:?}"
            )));
        };
        Self::new(parse_degrees(latitude)?, parse_degrees(longitude)?)
    }

    pub fn latitude(&self) -> f64 {
        self.latitude
    }

    pub fn longitude(&self) -> f64 {
        self.longitude
    }

    /// Whether this is exactly (0, 0), the placeholder for "not geocoded".
    pub fn is_null_island(&self) -> bool {
        self.latitude == 0.0 && self.longitude == 0.0
    }
}

fn check_range(name: &str, value: f64, max: f64) -> Result<(), ParseError> {
    if !value.is_finite() {
        return Err(ParseError::new(format!(
            "a {name} is a finite number of degrees, got {value}"
        )));
    }
    if !(-max..=max).contains(&value) {
        return Err(ParseError::new(format!(
            "a {name} is between -{max} and {max} degrees, got {value}"
        )));
    }
    Ok(())
}

fn parse_degrees(text: &str) -> Result<f64, ParseError> {
    let trimmed = text.trim();
    trimmed.parse().map_err(|_| {
        ParseError::new(format!(
            "a coordinate is a number of degrees, got {trimmed:?}"
        ))
    })
}

impl fmt::Display for Coordinates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.latitude, self.longitude)
    }
}

/// The unchecked shape read by serde before `Coordinates::new` validates it.
#[derive(Deserialize)]
struct CoordinateFields {
    latitude: f64,
    longitude: f64,
}

impl TryFrom<CoordinateFields> for Coordinates {
    type Error = ParseError;

    fn try_from(fields: CoordinateFields) -> Result<Self, ParseError> {
        Self::new(fields.latitude, fields.longitude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_accepts_positions_and_exposes_them() {
        let metz = Coordinates::new(49.1081133279, 6.1955245421).unwrap();
        assert_eq!(metz.latitude(), 49.1081133279);
        assert_eq!(metz.longitude(), 6.1955245421);
        assert!(!metz.is_null_island());
    }

    #[test]
    fn new_accepts_the_range_bounds() {
        assert!(Coordinates::new(90.0, 180.0).is_ok());
        assert!(Coordinates::new(-90.0, -180.0).is_ok());
    }

    #[test]
    fn new_rejects_a_latitude_beyond_the_poles() {
        assert_eq!(
            Coordinates::new(91.0, 6.0).unwrap_err().message,
            "a latitude is between -90 and 90 degrees, got 91"
        );
        assert!(Coordinates::new(-90.5, 6.0).is_err());
    }

    #[test]
    fn new_rejects_a_longitude_beyond_the_antimeridian() {
        assert_eq!(
            Coordinates::new(49.0, 180.5).unwrap_err().message,
            "a longitude is between -180 and 180 degrees, got 180.5"
        );
    }

    #[test]
    fn new_rejects_non_finite_values() {
        assert_eq!(
            Coordinates::new(f64::NAN, 6.0).unwrap_err().message,
            "a latitude is a finite number of degrees, got NaN"
        );
        assert!(Coordinates::new(49.0, f64::INFINITY).is_err());
    }

    #[test]
    fn null_island_is_exactly_zero_zero() {
        assert!(Coordinates::new(0.0, 0.0).unwrap().is_null_island());
        assert!(!Coordinates::new(0.0, 0.000_01).unwrap().is_null_island());
    }

    #[test]
    fn parse_reads_latitude_then_longitude() {
        let position = Coordinates::parse(" 49.1187, 6.17528 ").unwrap();
        assert_eq!(position.latitude(), 49.1187);
        assert_eq!(position.longitude(), 6.17528);
        assert_eq!(position.to_string(), "49.1187, 6.17528");
    }

    #[test]
    fn parse_rejects_missing_parts_and_words() {
        assert!(Coordinates::parse("49.1187").is_err());
        assert!(Coordinates::parse("north, 6.1").is_err());
        assert!(Coordinates::parse("6.1, 491").is_err());
    }

    #[test]
    fn deserialize_checks_the_ranges() {
        let text = "latitude,longitude\n49.1,6.2\n91,6.2\n";
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<Result<Coordinates, _>> = reader.deserialize().collect();
        assert_eq!(rows[0].as_ref().unwrap().latitude(), 49.1);
        assert!(rows[1].is_err());
    }
}
