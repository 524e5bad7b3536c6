//! A customer's return request: REQUESTED → APPROVED → RECEIVED → REFUNDED, or REJECTED /
//! CANCELLED before the goods arrive.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a return stands. Stored as `"REQUESTED"`, `"APPROVED"`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReturnStatus {
    /// Asked for by the customer.
    Requested,
    /// Accepted; the customer may send the items.
    Approved,
    /// The items arrived back.
    Received,
    /// The returned items were refunded.
    Refunded,
    /// Refused by staff.
    Rejected,
    /// Called off before the items arrived.
    Cancelled,
}

/// What staff (or the customer) do to a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReturnEvent {
    /// Staff accept the request.
    Approve,
    /// Staff refuse the request.
    Reject,
    /// The parcel arrived.
    Receive,
    /// The returned items are refunded.
    Refund,
    /// The return is called off.
    Cancel,
}

impl ReturnEvent {
    /// For messages: "cannot {verb} a return that is …".
    pub const fn verb(self) -> &'static str {
        match self {
            ReturnEvent::Approve => "approve",
            ReturnEvent::Reject => "reject",
            ReturnEvent::Receive => "receive",
            ReturnEvent::Refund => "refund",
            ReturnEvent::Cancel => "cancel",
        }
    }
}

/// A move the return table does not allow, e.g. "cannot refund a return that is REQUESTED".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("cannot {verb} a return that is {from}", verb = .event.verb())]
pub struct InvalidReturnTransition {
    /// Where the return was.
    pub from: ReturnStatus,
    /// The refused event.
    pub event: ReturnEvent,
}

use ReturnEvent as E;
use ReturnStatus as S;

const TABLE: &[(ReturnStatus, ReturnEvent, ReturnStatus)] = &[
    (S::Requested, E::Approve, S::Approved),
    (S::Requested, E::Reject, S::Rejected),
    (S::Requested, E::Cancel, S::Cancelled),
    (S::Approved, E::Receive, S::Received),
    (S::Approved, E::Cancel, S::Cancelled),
    (S::Received, E::Refund, S::Refunded),
];

impl ReturnStatus {
    /// Every status.
    pub const ALL: [ReturnStatus; 6] = [
        S::Requested,
        S::Approved,
        S::Received,
        S::Refunded,
        S::Rejected,
        S::Cancelled,
    ];

    /// The stored name, e.g. `"REQUESTED"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            S::Requested => "REQUESTED",
            S::Approved => "APPROVED",
            S::Received => "RECEIVED",
            S::Refunded => "REFUNDED",
            S::Rejected => "REJECTED",
            S::Cancelled => "CANCELLED",
        }
    }

    /// The status after `event`, or why it is not allowed.
    pub fn apply(self, event: ReturnEvent) -> Result<ReturnStatus, InvalidReturnTransition> {
        TABLE
            .iter()
            .find(|(f, e, _)| *f == self && *e == event)
            .map(|&(_, _, to)| to)
            .ok_or(InvalidReturnTransition { from: self, event })
    }

    /// True while the return is still going (its units count as being returned).
    pub const fn is_open(self) -> bool {
        matches!(self, S::Requested | S::Approved | S::Received)
    }
}

impl fmt::Display for ReturnStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReturnStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        S::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown return status \"{s}\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_and_refusals() {
        let end = [E::Approve, E::Receive, E::Refund]
            .into_iter()
            .try_fold(S::Requested, ReturnStatus::apply);
        assert_eq!(end, Ok(S::Refunded));
        assert_eq!(
            S::Requested.apply(E::Refund).unwrap_err().to_string(),
            "cannot refund a return that is REQUESTED"
        );
        assert!(S::Received.apply(E::Cancel).is_err());
        assert!(S::Rejected.apply(E::Approve).is_err());
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<ReturnStatus>(), Ok(s));
        }
    }
}
