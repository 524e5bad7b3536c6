//! Billing intervals and periods.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::date::Date;

/// How often a plan bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Interval {
    /// Every month, on the same day (clamped to the month's end).
    Month,
    /// Every year.
    Year,
}

/// An interval name that is not `MONTH` or `YEAR`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown billing interval \"{0}\"")]
pub struct UnknownInterval(pub String);

impl Interval {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Interval::Month => "MONTH",
            Interval::Year => "YEAR",
        }
    }

    /// Months in one interval.
    pub const fn months(self) -> u32 {
        match self {
            Interval::Month => 1,
            Interval::Year => 12,
        }
    }
}

impl FromStr for Interval {
    type Err = UnknownInterval;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "MONTH" => Ok(Interval::Month),
            "YEAR" => Ok(Interval::Year),
            other => Err(UnknownInterval(other.to_string())),
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One paid period: from `start` (included) to `end` (excluded, the next renewal date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first day.
    pub start: Date,
    /// The day after the last: the renewal date.
    pub end: Date,
}

impl Period {
    /// The period starting on `start`; `anchor_day` is the day of the month the subscription
    /// started on (so 31 January renews 28 February, then 31 March).
    pub fn starting(start: Date, interval: Interval, anchor_day: u8) -> Option<Period> {
        let end = start.plus_months(interval.months(), anchor_day)?;
        Some(Period { start, end })
    }

    /// The period after this one.
    pub fn next(self, interval: Interval, anchor_day: u8) -> Option<Period> {
        Period::starting(self.end, interval, anchor_day)
    }

    /// Days in the period.
    pub fn days(self) -> i64 {
        self.start.days_until(self.end)
    }

    /// Days of the period not yet used on `today` (0 once it ended, all of it before it began).
    pub fn days_left(self, today: Date) -> i64 {
        today.days_until(self.end).clamp(0, self.days())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn monthly_periods_follow_the_anchor_day() {
        let p = Period::starting(d("2027-01-31"), Interval::Month, 31).unwrap();
        assert_eq!((p.end, p.days()), (d("2027-02-28"), 28));
        let q = p.next(Interval::Month, 31).unwrap();
        assert_eq!(q.end, d("2027-03-31"));
        assert_eq!(q.days_left(d("2027-03-01")), 30);
        assert_eq!(q.days_left(d("2027-04-02")), 0);
        let y = Period::starting(d("2027-06-10"), Interval::Year, 10).unwrap();
        assert_eq!((y.end, y.days()), (d("2028-06-10"), 366));
        assert_eq!("YEAR".parse::<Interval>(), Ok(Interval::Year));
        assert!("WEEK".parse::<Interval>().is_err());
    }
}
