//! The score (0–100) and stars (0–5) shown instead of the raw prediction.
//!
//! A predicted "2.37 hirings in six months" invites false precision and is
//! hard to compare across jobs, so users see a score and stars derived from
//! it. Both are non-decreasing in expected hirings, so sorting by either
//! never contradicts the ranking. The score is logarithmic because the
//! predictions are heavily skewed (most establishments expect well under
//! one hiring for a given job, a few expect hundreds): a linear scale would
//! put nearly everyone at 0. The thresholds are documented in
//! `docs/ranking.md` and must change together with it.

/// Expected hirings needed for 1, 2, 3, 4 and 5 stars.
pub const STAR_THRESHOLDS: [f64; 5] = [0.1, 0.5, 1.0, 3.0, 10.0];

/// The most stars an establishment can get.
pub const MAX_STARS: u8 = 5;

/// Expected hirings at which the score reaches its maximum.
pub const SCORE_SATURATION_HIRINGS: f64 = 50.0;

/// The highest score.
pub const MAX_SCORE: u8 = 100;

/// `round(100 × ln(1 + e) / ln(1 + 50))`, capped at 100; 0 for a value that
/// is not positive.
pub fn score(expected_hirings: f64) -> u8 {
    if expected_hirings.is_nan() || expected_hirings <= 0.0 {
        return 0;
    }
    let ratio = expected_hirings.ln_1p() / SCORE_SATURATION_HIRINGS.ln_1p();
    let scaled = (f64::from(MAX_SCORE) * ratio).round();
    // The comparison caps the score, so the cast below is always in range.
    if scaled >= f64::from(MAX_SCORE) {
        MAX_SCORE
    } else {
        scaled as u8
    }
}

/// The number of thresholds of `STAR_THRESHOLDS` reached.
pub fn stars(expected_hirings: f64) -> u8 {
    let reached = STAR_THRESHOLDS
        .iter()
        .take_while(|threshold| expected_hirings >= **threshold)
        .count();
    u8::try_from(reached).unwrap_or(MAX_STARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_change_exactly_at_the_thresholds() {
        let cases = [
            (0.0, 0),
            (0.099, 0),
            (0.1, 1),
            (0.499, 1),
            (0.5, 2),
            (0.999, 2),
            (1.0, 3),
            (2.999, 3),
            (3.0, 4),
            (9.999, 4),
            (10.0, 5),
            (465.0, 5),
        ];
        for (expected, wanted) in cases {
            assert_eq!(stars(expected), wanted, "stars({expected})");
        }
    }

    #[test]
    fn score_follows_the_logarithmic_formula() {
        let cases = [
            (0.0, 0),
            (0.1, 2),
            (0.5, 10),
            (1.0, 18),
            (3.0, 35),
            (10.0, 61),
            (49.0, 99),
            (50.0, 100),
            (263.0, 100),
        ];
        for (expected, wanted) in cases {
            assert_eq!(score(expected), wanted, "score({expected})");
        }
    }

    #[test]
    fn invalid_predictions_get_nothing() {
        for value in [-1.0, f64::NAN, f64::NEG_INFINITY] {
            assert_eq!(score(value), 0);
            assert_eq!(stars(value), 0);
        }
        assert_eq!(score(f64::INFINITY), MAX_SCORE);
        assert_eq!(stars(f64::INFINITY), MAX_STARS);
    }

    #[test]
    fn score_and_stars_never_decrease_with_expected_hirings() {
        let mut previous = (0, 0);
        for step in 0..=60_000 {
            let expected = f64::from(step) * 0.001;
            let current = (score(expected), stars(expected));
            assert!(current.0 >= previous.0, "score decreases at {expected}");
            assert!(current.1 >= previous.1, "stars decrease at {expected}");
            previous = current;
        }
        assert_eq!(previous, (MAX_SCORE, MAX_STARS));
    }
}
