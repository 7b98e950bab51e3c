// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/delivery.h"
#include "engine/core/retrypolicy.h"

class QRandomGenerator;

namespace Tandem {

/// The delivery state machine of DESIGN.md §3 as pure functions, so it can be tested without a
/// network or a store.
namespace DeliveryPolicy {

/// Whether a claimed delivery may still be attempted at `nowMs`; returns the dead reason if its
/// max age has passed.
std::optional<QString> expiredReason(
    const ClaimedDelivery &d, const RetryPolicy &policy, qint64 nowMs);

/// The state a delivery moves to after an attempt. `d.attempts` counts attempts before this one.
AttemptRecord decide(const ClaimedDelivery &d, const AttemptOutcome &outcome,
    const RetryPolicy &policy, qint64 nowMs, QRandomGenerator &rng);

} // namespace DeliveryPolicy
} // namespace Tandem
