//! One vocabulary for what staff do to an order. The back office's buttons (`confirm`,
//! `start_processing`, `deliver`) and the JSON API's target statuses (`CONFIRMED`,
//! `PROCESSING`, …) both become an [`OrderAction`], and [`apply_staff_action`] runs it, so a
//! move means the same thing whichever way it was asked for.

use storefront::{Money, OrderEvent, OrderStatus};

use super::{
    Actor, CancelOutcome, FulfilRequest, RefundRequest, advance, cancel_order, confirm_order,
    fulfil, refund_order,
};
use crate::db::Db;
use crate::payments::PaymentGateway;
use shared::errors::AppError;

/// A staff move on an order, with what it needs.
#[derive(Clone, Debug)]
pub enum OrderAction {
    /// PENDING → CONFIRMED (captures the payment).
    Confirm,
    /// CONFIRMED → PROCESSING.
    StartProcessing,
    /// Ship units (all that are left when `lines` is `None`).
    Ship(FulfilRequest),
    /// SHIPPED → DELIVERED.
    Deliver,
    /// Cancel: stock and coupon uses back, the payment voided or refunded.
    Cancel { reason: Option<String> },
    /// Refund part or all of what was captured.
    Refund(RefundRequest),
}

/// What an action did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionOutcome {
    /// The order's status afterwards.
    Moved(OrderStatus),
    Cancelled(CancelOutcome),
    /// The amount this call refunded.
    Refunded(Money),
}

impl OrderAction {
    /// The back office's verbs for the moves that need no details.
    pub fn from_verb(verb: &str) -> Result<OrderAction, AppError> {
        match verb.trim() {
            "confirm" => Ok(OrderAction::Confirm),
            "start_processing" => Ok(OrderAction::StartProcessing),
            "deliver" => Ok(OrderAction::Deliver),
            other => Err(AppError::invalid(
                "action",
                format!("Unknown action {other:?}: use confirm, start_processing or deliver."),
            )),
        }
    }

    /// The move that takes an order to `status` (the API names moves by where they lead).
    /// `ship`, `reason` and `refund` supply the details of the moves that need them.
    pub fn to_status(
        status: &str,
        ship: FulfilRequest,
        reason: Option<String>,
    ) -> Result<OrderAction, AppError> {
        let wanted = status.trim().to_ascii_uppercase();
        let Ok(to) = wanted.parse::<OrderStatus>() else {
            return Err(AppError::invalid(
                "status",
                format!(
                    "Unknown status {wanted:?}: use CONFIRMED, PROCESSING, SHIPPED, DELIVERED, CANCELLED or REFUNDED."
                ),
            ));
        };
        Ok(match to {
            OrderStatus::Pending => {
                return Err(AppError::Conflict(
                    "An order cannot be moved back to PENDING.".into(),
                ));
            }
            OrderStatus::Confirmed => OrderAction::Confirm,
            OrderStatus::Processing => OrderAction::StartProcessing,
            OrderStatus::Shipped => OrderAction::Ship(ship),
            OrderStatus::Delivered => OrderAction::Deliver,
            OrderStatus::Cancelled => OrderAction::Cancel { reason },
            OrderStatus::Refunded => OrderAction::Refund(RefundRequest {
                reason,
                ..RefundRequest::default()
            }),
        })
    }
}

/// Runs `action` on order `number` for `actor` (staff), through the state machine.
pub async fn apply_staff_action(
    db: &Db,
    gateway: &dyn PaymentGateway,
    number: &str,
    action: &OrderAction,
    actor: &Actor,
) -> Result<ActionOutcome, AppError> {
    let number = number.trim();
    Ok(match action {
        OrderAction::Confirm => {
            ActionOutcome::Moved(confirm_order(db, gateway, number, actor).await?)
        }
        OrderAction::StartProcessing => {
            ActionOutcome::Moved(advance(db, number, OrderEvent::StartProcessing, actor).await?)
        }
        OrderAction::Ship(req) => ActionOutcome::Moved(fulfil(db, number, req, actor).await?),
        OrderAction::Deliver => {
            ActionOutcome::Moved(advance(db, number, OrderEvent::Deliver, actor).await?)
        }
        OrderAction::Cancel { reason } => ActionOutcome::Cancelled(
            cancel_order(db, gateway, number, actor, reason.as_deref()).await?,
        ),
        OrderAction::Refund(req) => {
            ActionOutcome::Refunded(refund_order(db, gateway, number, req, actor).await?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_vocabularies_name_the_same_moves() {
        let to = |s: &str| OrderAction::to_status(s, FulfilRequest::default(), None);
        assert!(matches!(to(" confirmed ").unwrap(), OrderAction::Confirm));
        assert!(matches!(
            to("PROCESSING").unwrap(),
            OrderAction::StartProcessing
        ));
        assert!(matches!(to("shipped").unwrap(), OrderAction::Ship(_)));
        assert!(matches!(to("DELIVERED").unwrap(), OrderAction::Deliver));
        assert!(matches!(
            to("CANCELLED").unwrap(),
            OrderAction::Cancel { .. }
        ));
        assert!(matches!(to("REFUNDED").unwrap(), OrderAction::Refund(_)));
        assert!(matches!(to("PENDING"), Err(AppError::Conflict(_))));
        assert!(matches!(to("LOST"), Err(AppError::Invalid { .. })));
        assert!(matches!(
            OrderAction::from_verb("confirm").unwrap(),
            OrderAction::Confirm
        ));
        assert!(matches!(
            OrderAction::from_verb("start_processing").unwrap(),
            OrderAction::StartProcessing
        ));
        assert!(matches!(
            OrderAction::from_verb("deliver").unwrap(),
            OrderAction::Deliver
        ));
        assert!(OrderAction::from_verb("teleport").is_err());
    }
}
