//! Great-circle distance and the latitude/longitude box that encloses a
//! search circle.
//!
//! Distances use the haversine formula on a sphere of radius 6371 km: the
//! ellipsoid would move a 10 km distance by a few metres at most, far below
//! what matters for "can I get there", and every distance shown or compared
//! comes from this one function so results are reproducible. The bounding
//! box is exact on the sphere (not "radius / 111 km" in both directions):
//! a degree of longitude shrinks with the cosine of the latitude, the box
//! widens to every longitude when the circle contains a pole, and it may
//! wrap around the antimeridian.

use std::f64::consts::PI;

use crate::domain::Coordinates;

/// Mean Earth radius used for every distance.
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle distance in kilometres between two positions.
pub fn haversine_km(a: Coordinates, b: Coordinates) -> f64 {
    let from = Radians::of(a.latitude(), a.longitude());
    from.distance_km(b.latitude(), b.longitude())
}

/// A position in radians with the cosine of its latitude, so that the many
/// distances from one search origin compute it once.
#[derive(Debug, Clone, Copy)]
pub(super) struct Radians {
    latitude: f64,
    longitude: f64,
    cos_latitude: f64,
}

impl Radians {
    pub(super) fn of(latitude_degrees: f64, longitude_degrees: f64) -> Self {
        let latitude = latitude_degrees.to_radians();
        Self {
            latitude,
            longitude: longitude_degrees.to_radians(),
            cos_latitude: latitude.cos(),
        }
    }

    /// Haversine distance to a position given in degrees.
    pub(super) fn distance_km(&self, latitude_degrees: f64, longitude_degrees: f64) -> f64 {
        let latitude = latitude_degrees.to_radians();
        let longitude = longitude_degrees.to_radians();
        let half_dlat = ((latitude - self.latitude) / 2.0).sin();
        let half_dlon = ((longitude - self.longitude) / 2.0).sin();
        let h = half_dlat * half_dlat + self.cos_latitude * latitude.cos() * half_dlon * half_dlon;
        2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
    }
}

/// The point of the unit sphere at a position given in degrees.
pub(super) fn unit_vector(latitude_degrees: f64, longitude_degrees: f64) -> [f64; 3] {
    let (latitude, longitude) = (
        latitude_degrees.to_radians(),
        longitude_degrees.to_radians(),
    );
    [
        latitude.cos() * longitude.cos(),
        latitude.cos() * longitude.sin(),
        latitude.sin(),
    ]
}

/// The straight-line distance through the unit sphere between two points
/// `radius_km` apart on its surface: distances and chords grow together,
/// and a chord costs three products where the haversine costs four
/// trigonometric functions.
pub(super) fn chord_of_km(radius_km: f64) -> f64 {
    2.0 * ((radius_km / EARTH_RADIUS_KM).min(PI) / 2.0).sin()
}

/// The smallest latitude/longitude box, in degrees, holding every point
/// within a radius of an origin. Longitudes are given as at most two
/// intervals inside [-180, 180] because the box may wrap the antimeridian.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct BoundingBox {
    pub(super) min_latitude: f64,
    pub(super) max_latitude: f64,
    pub(super) longitudes: Vec<(f64, f64)>,
}

/// Extra angle added to the box so that rounding in its trigonometry can
/// never exclude a point that the haversine distance includes (about 6 mm).
const BOX_MARGIN_RADIANS: f64 = 1e-9;

impl BoundingBox {
    /// The box around `origin` for `radius_km`, or `None` when the radius is
    /// negative or not a number (nothing can be inside it).
    pub(super) fn around(origin: Coordinates, radius_km: f64) -> Option<Self> {
        if radius_km.is_nan() || radius_km < 0.0 {
            return None;
        }
        let angle = radius_km / EARTH_RADIUS_KM + BOX_MARGIN_RADIANS;
        let latitude = origin.latitude().to_radians();
        let min_latitude = latitude - angle;
        let max_latitude = latitude + angle;

        if angle >= PI || min_latitude <= -PI / 2.0 || max_latitude >= PI / 2.0 {
            return Some(Self {
                min_latitude: min_latitude.max(-PI / 2.0).to_degrees(),
                max_latitude: max_latitude.min(PI / 2.0).to_degrees(),
                longitudes: vec![(-180.0, 180.0)],
            });
        }

        let half_width = (angle.sin() / latitude.cos()).min(1.0).asin().to_degrees();
        Some(Self {
            min_latitude: min_latitude.to_degrees(),
            max_latitude: max_latitude.to_degrees(),
            longitudes: wrap_longitudes(origin.longitude(), half_width),
        })
    }
}

/// Splits `[center - half_width, center + half_width]` into intervals inside
/// [-180, 180].
fn wrap_longitudes(center: f64, half_width: f64) -> Vec<(f64, f64)> {
    let west = center - half_width;
    let east = center + half_width;
    if east - west >= 360.0 {
        vec![(-180.0, 180.0)]
    } else if west < -180.0 {
        vec![(west + 360.0, 180.0), (-180.0, east)]
    } else if east > 180.0 {
        vec![(west, 180.0), (-180.0, east - 360.0)]
    } else {
        vec![(west, east)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(latitude: f64, longitude: f64) -> Coordinates {
        Coordinates::new(latitude, longitude).unwrap()
    }

    #[test]
    fn haversine_paris_lyon_is_about_392_km() {
        let paris = at(48.8566, 2.3522);
        let lyon = at(45.7640, 4.8357);
        let distance = haversine_km(paris, lyon);
        assert!((distance - 391.499).abs() < 0.001, "{distance}");
        assert_eq!(distance, haversine_km(lyon, paris));
    }

    #[test]
    fn haversine_of_a_point_to_itself_is_zero() {
        let metz = at(49.1081133279, 6.1955245421);
        assert_eq!(haversine_km(metz, metz), 0.0);
    }

    #[test]
    fn haversine_one_degree_of_latitude_is_111_km() {
        let distance = haversine_km(at(49.0, 6.0), at(50.0, 6.0));
        assert!((distance - 111.195).abs() < 0.001, "{distance}");
    }

    #[test]
    fn haversine_crosses_the_antimeridian_the_short_way() {
        let distance = haversine_km(at(-13.3, 179.95), at(-13.3, -179.95));
        assert!(distance < 11.0, "{distance}");
    }

    #[test]
    fn bounding_box_widens_in_longitude_with_latitude() {
        let equator = BoundingBox::around(at(0.0, 10.0), 100.0).unwrap();
        let metz = BoundingBox::around(at(49.0, 10.0), 100.0).unwrap();
        let equator_width = equator.longitudes[0].1 - equator.longitudes[0].0;
        let metz_width = metz.longitudes[0].1 - metz.longitudes[0].0;
        assert!((metz_width * 49_f64.to_radians().cos() - equator_width).abs() < 0.01);
        assert!((metz.max_latitude - metz.min_latitude - equator_width).abs() < 1e-6);
    }

    #[test]
    fn bounding_box_of_radius_zero_is_the_point_plus_the_margin() {
        let area = BoundingBox::around(at(49.1, 6.2), 0.0).unwrap();
        assert!(area.min_latitude < 49.1 && 49.1 < area.max_latitude);
        assert!(area.max_latitude - area.min_latitude < 1e-6);
        assert_eq!(area.longitudes.len(), 1);
    }

    #[test]
    fn bounding_box_rejects_negative_and_nan_radii() {
        assert!(BoundingBox::around(at(49.1, 6.2), -1.0).is_none());
        assert!(BoundingBox::around(at(49.1, 6.2), f64::NAN).is_none());
    }

    #[test]
    fn bounding_box_containing_a_pole_spans_every_longitude() {
        let area = BoundingBox::around(at(89.9, 6.2), 50.0).unwrap();
        assert_eq!(area.max_latitude, 90.0);
        assert_eq!(area.longitudes, vec![(-180.0, 180.0)]);

        let earth = BoundingBox::around(at(0.0, 0.0), f64::INFINITY).unwrap();
        assert_eq!((earth.min_latitude, earth.max_latitude), (-90.0, 90.0));
    }

    #[test]
    fn bounding_box_wraps_around_the_antimeridian() {
        let area = BoundingBox::around(at(-13.3, 179.95), 20.0).unwrap();
        assert_eq!(area.longitudes.len(), 2);
        assert_eq!(area.longitudes[0].1, 180.0);
        assert_eq!(area.longitudes[1].0, -180.0);
        assert!(area.longitudes[1].1 > -179.9);
    }
}
