//! Repeated timing: how many runs, and the median and minimum of them.

use std::time::{Duration, Instant};

/// The median and the fastest of several runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub median: Duration,
    pub min: Duration,
}

impl Stats {
    pub fn of(samples: impl IntoIterator<Item = Duration>) -> Stats {
        let mut sorted: Vec<Duration> = samples.into_iter().collect();
        sorted.sort();
        let median = middle(&sorted).map_or(Duration::ZERO, |(low, high)| (low + high) / 2);
        Stats { median, min: sorted.first().copied().unwrap_or_default() }
    }
}

/// The median of ratios (NaN for none).
pub fn median(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut sorted: Vec<f64> = values.into_iter().collect();
    sorted.sort_by(f64::total_cmp);
    middle(&sorted).map_or(f64::NAN, |(low, high)| (low + high) / 2.0)
}

/// The middle two of sorted values (the one middle value twice for an odd count).
fn middle<T: Copy>(sorted: &[T]) -> Option<(T, T)> {
    let n = sorted.len();
    (n > 0).then(|| (sorted[(n - 1) / 2], sorted[n / 2]))
}

/// At least `min` runs, then more while `budget` lasts, `max` at most.
#[derive(Debug, Clone, Copy)]
pub struct Repeat {
    pub min: usize,
    pub max: usize,
    pub budget: Duration,
}

impl Repeat {
    pub fn run<T>(&self, mut once: impl FnMut() -> Result<T, String>) -> Result<Vec<T>, String> {
        let started = Instant::now();
        let mut runs = Vec::new();
        while runs.len() < self.min || (runs.len() < self.max && started.elapsed() < self.budget) {
            runs.push(once()?);
        }
        Ok(runs)
    }
}

/// Runs `f` once and says how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed())
}

/// A duration with a unit that keeps three significant digits or so.
pub fn show(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1_000.0 {
        format!("{us:.0} µs")
    } else if us < 1_000_000.0 {
        format!("{:.1} ms", us / 1e3)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

/// A ratio such as `2.4×`.
pub fn ratio(part: Duration, whole: Duration) -> String {
    if whole.is_zero() {
        return "-".into();
    }
    format!("{:.2}×", part.as_secs_f64() / whole.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_ratios_is_the_middle_one_or_the_mean_of_the_middle_two() {
        assert_eq!(median([3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median([4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median([]).is_nan());
    }

    #[test]
    fn median_of_even_count_is_the_mean_of_the_middle_two() {
        let ms = Duration::from_millis;
        let stats = Stats::of([ms(4), ms(1), ms(3), ms(2)]);
        assert_eq!(stats.median, Duration::from_micros(2500));
        assert_eq!(stats.min, ms(1));
    }
}
