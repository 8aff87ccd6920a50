//! A sliding-window rate limiter: at most N requests in any 60 seconds. Like the cache,
//! it takes the time from the caller; it never sleeps itself, it says how long to wait
//! (the native driver sleeps, the browser awaits a timer).

use std::collections::VecDeque;

/// The window every limit is counted over.
pub const WINDOW_MS: u64 = 60_000;

/// Requests-per-minute accounting for one provider.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    per_minute: u32,
    sent: VecDeque<u64>,
}

impl RateLimiter {
    /// At most `per_minute` requests per minute (0: no limit).
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            sent: VecDeque::new(),
        }
    }

    /// Takes a slot at `now_ms`, or says how many milliseconds to wait for one.
    pub fn acquire(&mut self, now_ms: u64) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        while self
            .sent
            .front()
            .is_some_and(|t| t.saturating_add(WINDOW_MS) <= now_ms)
        {
            self.sent.pop_front();
        }
        if self.sent.len() < self.per_minute as usize {
            self.sent.push_back(now_ms);
            return Ok(());
        }
        let oldest = self.sent.front().copied().unwrap_or(now_ms);
        Err(oldest
            .saturating_add(WINDOW_MS)
            .saturating_sub(now_ms)
            .max(1))
    }

    /// The service said wait `ms` (HTTP 429 with `Retry-After`): no slot opens before.
    pub fn back_off(&mut self, now_ms: u64, ms: u64) {
        if self.per_minute == 0 {
            return;
        }
        // Fill the window with requests that expire when the service allows again.
        let until = now_ms.saturating_add(ms).saturating_sub(WINDOW_MS);
        self.sent.clear();
        for _ in 0..self.per_minute {
            self.sent.push_back(until);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_per_minute() {
        let mut r = RateLimiter::new(4);
        for t in [0, 10, 20, 30] {
            assert_eq!(r.acquire(t), Ok(()));
        }
        assert_eq!(r.acquire(40), Err(59_960));
        assert_eq!(r.acquire(60_000), Ok(()));
        assert_eq!(r.acquire(60_001), Err(9));
    }

    #[test]
    fn unlimited_and_back_off() {
        let mut r = RateLimiter::new(0);
        assert!((0..1000).all(|t| r.acquire(t).is_ok()));
        let mut r = RateLimiter::new(2);
        r.back_off(100_000, 5_000);
        assert_eq!(r.acquire(101_000), Err(4_000));
        assert_eq!(r.acquire(105_000), Ok(()));
    }
}
