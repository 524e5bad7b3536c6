//! Retrying a failed renewal: after 1, 3 and 5 days by default, then the subscription ends.

use serde::{Deserialize, Serialize};

/// Days after the first failure at which each retry runs (ascending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningSchedule(Vec<u32>);

/// What to do after a failed charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Try again this many days after the first failure (the grace period continues).
    After(u32),
    /// Every retry failed: cancel for non-payment.
    GiveUp,
}

impl Default for DunningSchedule {
    fn default() -> Self {
        DunningSchedule(vec![1, 3, 5])
    }
}

impl DunningSchedule {
    /// A schedule of strictly increasing positive days (at most 10 retries, each within 60
    /// days), or `None`.
    pub fn new(days: Vec<u32>) -> Option<DunningSchedule> {
        let ok = days.len() <= 10
            && days.iter().all(|d| (1..=60).contains(d))
            && days.windows(2).all(|w| w[0] < w[1]);
        ok.then_some(DunningSchedule(days))
    }

    /// The retry days.
    pub fn days(&self) -> &[u32] {
        &self.0
    }

    /// After `failures` failed charges in this period (1 = the renewal itself failed).
    pub fn after_failures(&self, failures: u32) -> Retry {
        let index = usize::try_from(failures.saturating_sub(1)).unwrap_or(usize::MAX);
        match self.0.get(index) {
            Some(days) => Retry::After(*days),
            None => Retry::GiveUp,
        }
    }

    /// Days the subscriber keeps access after the first failure: until the last retry.
    pub fn grace_days(&self) -> u32 {
        self.0.last().copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_then_gives_up() {
        let s = DunningSchedule::default();
        assert_eq!(s.after_failures(1), Retry::After(1));
        assert_eq!(s.after_failures(2), Retry::After(3));
        assert_eq!(s.after_failures(3), Retry::After(5));
        assert_eq!(s.after_failures(4), Retry::GiveUp);
        assert_eq!(s.grace_days(), 5);
        assert!(DunningSchedule::new(vec![3, 1]).is_none());
        assert!(DunningSchedule::new(vec![0]).is_none());
        assert_eq!(
            DunningSchedule::new(vec![]).unwrap().after_failures(1),
            Retry::GiveUp
        );
    }
}
