//! Retrying a request that failed for a reason that may pass: a connection
//! that could not be made, a timeout, 429 Too Many Requests, 502, 503 and
//! 504. The waits grow exponentially with jitter (`retry-policies`); a
//! `Retry-After` header, in seconds or as a date, is honoured instead.
//! Only idempotent methods are retried unless the request opts in.

use std::time::{Duration, SystemTime};

use retry_policies::policies::ExponentialBackoff;
use retry_policies::{Jitter, RetryDecision, RetryPolicy};

/// The longest `Retry-After` waited for: a server asking for longer gets
/// its answer back instead of a client stuck in `send()`.
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(60);

/// A client's retries.
#[derive(Debug, Clone)]
pub struct Retries {
    policy: ExponentialBackoff,
}

impl Retries {
    /// Up to `max` retries after the first attempt, waiting 100 ms, then
    /// about twice as long each time, up to 10 s.
    pub fn new(max: u32) -> Retries {
        let policy = ExponentialBackoff::builder()
            .retry_bounds(Duration::from_millis(100), Duration::from_secs(10))
            .jitter(Jitter::Bounded)
            .build_with_max_retries(max);
        Retries { policy }
    }

    /// How long to wait before retrying an attempt that ended in `outcome`,
    /// or None to keep it.
    pub(super) fn wait(&self, outcome: &Outcome, started: SystemTime, past_retries: u32) -> Option<Duration> {
        let backoff = match self.policy.should_retry(started, past_retries) {
            RetryDecision::Retry { execute_after } => {
                execute_after.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO)
            }
            RetryDecision::DoNotRetry => return None,
        };
        match outcome {
            Outcome::Failed { connect_or_timeout } => connect_or_timeout.then_some(backoff),
            Outcome::Answered { status: 429 | 503, retry_after } => match retry_after {
                Some(wait) if *wait > LONGEST_RETRY_AFTER => None,
                Some(wait) => Some(*wait),
                None => Some(backoff),
            },
            Outcome::Answered { status: 502 | 504, .. } => Some(backoff),
            Outcome::Answered { .. } => None,
        }
    }
}

/// How an attempt ended, as retrying sees it.
pub(super) enum Outcome {
    /// No answer: the connection failed or timed out, or something else.
    Failed { connect_or_timeout: bool },
    /// An answer, with its `Retry-After` if it has one that reads.
    Answered { status: u16, retry_after: Option<Duration> },
}

impl Outcome {
    pub(super) fn of_answer(status: u16, headers: &reqwest::header::HeaderMap) -> Outcome {
        let retry_after = headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| retry_after(text, SystemTime::now()));
        Outcome::Answered { status, retry_after }
    }
}

/// A `Retry-After` value: whole seconds, or an HTTP date (a date already
/// past is no wait).
fn retry_after(text: &str, now: SystemTime) -> Option<Duration> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Whether a method may be sent again without changing what it does.
pub(super) fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [Method::GET, Method::HEAD, Method::OPTIONS, Method::PUT, Method::DELETE, Method::TRACE].contains(method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = httpdate::parse_http_date("Tue, 01 Dec 2026 10:00:00 GMT").unwrap();
        assert_eq!(retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(retry_after("Tue, 01 Dec 2026 10:00:05 GMT", now), Some(Duration::from_secs(5)));
        assert_eq!(retry_after("Tue, 01 Dec 2026 09:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn only_passing_failures_are_retried_and_only_so_often() {
        let retries = Retries::new(2);
        let started = SystemTime::now();
        let answered = |status, retry_after| Outcome::Answered { status, retry_after };
        assert!(retries.wait(&answered(503, None), started, 0).is_some());
        assert!(retries.wait(&answered(502, None), started, 1).is_some());
        assert_eq!(
            retries.wait(&answered(429, Some(Duration::from_secs(2))), started, 0),
            Some(Duration::from_secs(2))
        );
        assert_eq!(retries.wait(&answered(429, Some(Duration::from_secs(600))), started, 0), None);
        assert!(retries.wait(&Outcome::Failed { connect_or_timeout: true }, started, 0).is_some());
        assert!(retries.wait(&Outcome::Failed { connect_or_timeout: false }, started, 0).is_none());
        assert!(retries.wait(&answered(500, None), started, 0).is_none());
        assert!(retries.wait(&answered(404, None), started, 0).is_none());
        assert!(retries.wait(&answered(503, None), started, 2).is_none(), "two retries, no third");
    }
}
