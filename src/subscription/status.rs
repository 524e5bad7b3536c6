//! The subscription state machine. [`SUBSCRIPTION_TRANSITIONS`] is the single source of truth:
//!
//! ```text
//! TRIALING ──TrialConverted──▶ ACTIVE ◀──PaymentRecovered── PAST_DUE ──DunningExhausted──▶ CANCELED
//!     │  └──PaymentFailed──────────┼──PaymentFailed──────────▶ │ ▲ PaymentFailed (a retry)
//!     │                 Pause ▼ ▲ Resume      Renewed ↺
//!     │                     PAUSED
//!     └── CancelNow / TermEnded (any live status) ──────────────────────────────▶ CANCELED
//! ```
//!
//! Cancelling "at period end" is a flag on the subscription, not a status: it stays ACTIVE
//! (and keeps access) until the renewal date, when `TermEnded` ends it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a subscription is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubscriptionStatus {
    /// In the free trial; the first charge is at its end.
    Trialing,
    /// Paid for the current period.
    Active,
    /// A renewal failed; retrying on the dunning schedule, access continues meanwhile.
    PastDue,
    /// Paused by the subscriber or staff: no charges, no access.
    Paused,
    /// Ended (by the subscriber, staff, or non-payment). Final.
    Canceled,
}

/// Something that happens to a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubscriptionEvent {
    /// The trial ended and the first period was paid.
    TrialConverted,
    /// A period was paid on time.
    Renewed,
    /// A charge (renewal, trial end, or a retry) failed.
    PaymentFailed,
    /// A retry (or a new card) paid the overdue period.
    PaymentRecovered,
    /// The last retry failed: cancelled for non-payment.
    DunningExhausted,
    /// Cancelled with immediate effect.
    CancelNow,
    /// The period ended with cancellation at period end scheduled.
    TermEnded,
    /// Paused.
    Pause,
    /// Resumed from a pause.
    Resume,
}

use SubscriptionEvent as E;
use SubscriptionStatus as S;

/// Every allowed `(from, event, to)` move.
pub const SUBSCRIPTION_TRANSITIONS: &[(
    SubscriptionStatus,
    SubscriptionEvent,
    SubscriptionStatus,
)] = &[
    (S::Trialing, E::TrialConverted, S::Active),
    (S::Trialing, E::PaymentFailed, S::PastDue),
    (S::Trialing, E::CancelNow, S::Canceled),
    (S::Trialing, E::TermEnded, S::Canceled),
    (S::Active, E::Renewed, S::Active),
    (S::Active, E::PaymentFailed, S::PastDue),
    (S::Active, E::CancelNow, S::Canceled),
    (S::Active, E::TermEnded, S::Canceled),
    (S::Active, E::Pause, S::Paused),
    (S::PastDue, E::PaymentFailed, S::PastDue),
    (S::PastDue, E::PaymentRecovered, S::Active),
    (S::PastDue, E::DunningExhausted, S::Canceled),
    (S::PastDue, E::CancelNow, S::Canceled),
    (S::Paused, E::Resume, S::Active),
    (S::Paused, E::CancelNow, S::Canceled),
];

/// An event the subscription's status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("cannot {verb} a subscription that is {from}", verb = .event.verb())]
pub struct InvalidSubscriptionTransition {
    /// The status it was in.
    pub from: SubscriptionStatus,
    /// The refused event.
    pub event: SubscriptionEvent,
}

/// A stored status the domain does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown subscription status \"{0}\"")]
pub struct UnknownSubscriptionStatus(pub String);

impl SubscriptionEvent {
    /// Every event.
    pub const ALL: [SubscriptionEvent; 9] = [
        E::TrialConverted,
        E::Renewed,
        E::PaymentFailed,
        E::PaymentRecovered,
        E::DunningExhausted,
        E::CancelNow,
        E::TermEnded,
        E::Pause,
        E::Resume,
    ];

    /// For messages: "cannot {verb} a subscription that is …".
    pub const fn verb(self) -> &'static str {
        match self {
            E::TrialConverted => "convert the trial of",
            E::Renewed => "renew",
            E::PaymentFailed => "record a failed payment for",
            E::PaymentRecovered => "recover",
            E::DunningExhausted => "end for non-payment",
            E::CancelNow => "cancel",
            E::TermEnded => "end the term of",
            E::Pause => "pause",
            E::Resume => "resume",
        }
    }
}

impl SubscriptionStatus {
    /// Every status.
    pub const ALL: [SubscriptionStatus; 5] =
        [S::Trialing, S::Active, S::PastDue, S::Paused, S::Canceled];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            S::Trialing => "TRIALING",
            S::Active => "ACTIVE",
            S::PastDue => "PAST_DUE",
            S::Paused => "PAUSED",
            S::Canceled => "CANCELED",
        }
    }

    /// The status after `event`, or why not.
    pub fn apply(
        self,
        event: SubscriptionEvent,
    ) -> Result<SubscriptionStatus, InvalidSubscriptionTransition> {
        SUBSCRIPTION_TRANSITIONS
            .iter()
            .find(|(from, e, _)| *from == self && *e == event)
            .map(|t| t.2)
            .ok_or(InvalidSubscriptionTransition { from: self, event })
    }

    /// Whether the subscriber opens included courses: trialing, active, or past due within
    /// the grace period (`in_grace`: the dunning schedule has not run out).
    pub const fn grants_access(self, in_grace: bool) -> bool {
        match self {
            S::Trialing | S::Active => true,
            S::PastDue => in_grace,
            S::Paused | S::Canceled => false,
        }
    }

    /// No event leads anywhere from here.
    pub const fn is_final(self) -> bool {
        matches!(self, S::Canceled)
    }
}

impl FromStr for SubscriptionStatus {
    type Err = UnknownSubscriptionStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SubscriptionStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownSubscriptionStatus(s.to_owned()))
    }
}

impl fmt::Display for SubscriptionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_lives() {
        let paid = S::Trialing.apply(E::TrialConverted).unwrap();
        assert_eq!(paid, S::Active);
        let late = paid.apply(E::PaymentFailed).unwrap();
        assert_eq!(late.apply(E::PaymentFailed), Ok(S::PastDue));
        assert_eq!(late.apply(E::PaymentRecovered), Ok(S::Active));
        assert_eq!(late.apply(E::DunningExhausted), Ok(S::Canceled));
        assert_eq!(
            S::Active.apply(E::Pause).unwrap().apply(E::Resume),
            Ok(S::Active)
        );
        assert_eq!(
            S::Canceled.apply(E::Resume).unwrap_err().to_string(),
            "cannot resume a subscription that is CANCELED"
        );
        assert!(S::PastDue.grants_access(true) && !S::PastDue.grants_access(false));
        assert_eq!("PAST_DUE".parse(), Ok(S::PastDue));
        assert!("past_due".parse::<SubscriptionStatus>().is_err());
    }
}
