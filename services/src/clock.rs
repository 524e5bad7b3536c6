//! The clock, injected: production reads the system time; tests share a [`Clock::manual`]
//! clock with the app and its jobs and move it months ahead (renewals, dunning, trials).
//! Code that bills or ends subscriptions takes its `now` from here, never from `Ts::now()`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::db::Ts;

/// The time source of one app (cheap to clone; clones share the same time).
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<Mutex<Ts>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock standing at `at` until it is moved.
    pub fn manual(at: Ts) -> Clock {
        Clock(Some(Arc::new(Mutex::new(at))))
    }

    /// Now.
    pub fn now(&self) -> Ts {
        match &self.0 {
            None => Ts::now(),
            Some(t) => *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }

    /// Moves a manual clock ahead by `by` (the system clock cannot be moved: no effect).
    pub fn advance(&self, by: Duration) {
        if let Some(t) = &self.0 {
            let mut t = t.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            *t = t.plus(by);
        }
    }

    /// Moves a manual clock ahead by `days` days.
    pub fn advance_days(&self, days: u64) {
        self.advance(Duration::from_secs(days * 24 * 3600));
    }

    /// Sets a manual clock to `at`.
    pub fn set(&self, at: Ts) {
        if let Some(t) = &self.0 {
            *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_for_every_clone() {
        let c = Clock::manual(Ts::now());
        let t0 = c.now();
        let other = c.clone();
        other.advance_days(31);
        assert_eq!(c.now().0 - t0.0, chrono::Duration::days(31));
        let s = Clock::system();
        s.advance_days(1);
        assert!((s.now().0 - Ts::now().0).num_seconds().abs() < 5);
    }
}
