// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/deliverypolicy.h"

#include <QRandomGenerator>

namespace Tandem {

QString deliveryStateName(DeliveryState s)
{
    switch (s) {
    case DeliveryState::Pending:
        return QStringLiteral("pending");
    case DeliveryState::InFlight:
        return QStringLiteral("in_flight");
    case DeliveryState::RetryWait:
        return QStringLiteral("retry_wait");
    case DeliveryState::Delivered:
        return QStringLiteral("delivered");
    case DeliveryState::Dead:
        return QStringLiteral("dead");
    case DeliveryState::Discarded:
        return QStringLiteral("discarded");
    }
    return QStringLiteral("unknown");
}

QString errorClassName(ErrorClass c)
{
    switch (c) {
    case ErrorClass::None:
        return QStringLiteral("none");
    case ErrorClass::Timeout:
        return QStringLiteral("timeout");
    case ErrorClass::Connection:
        return QStringLiteral("connection");
    case ErrorClass::Tls:
        return QStringLiteral("tls");
    case ErrorClass::Http4xx:
        return QStringLiteral("http_4xx");
    case ErrorClass::Http429:
        return QStringLiteral("http_429");
    case ErrorClass::Http5xx:
        return QStringLiteral("http_5xx");
    case ErrorClass::Redirect:
        return QStringLiteral("redirect");
    case ErrorClass::Protocol:
        return QStringLiteral("protocol");
    case ErrorClass::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

ErrorClass errorClassForStatus(int s)
{
    if (s >= 200 && s < 300)
        return ErrorClass::None;
    if (s == 429)
        return ErrorClass::Http429;
    if (s >= 300 && s < 400)
        return ErrorClass::Redirect;
    if (s >= 400 && s < 500)
        return ErrorClass::Http4xx;
    if (s >= 500 && s < 600)
        return ErrorClass::Http5xx;
    return ErrorClass::Protocol; // 1xx as a final answer, or nonsense
}

QString describeStatus(int s)
{
    switch (s) {
    case 401:
        return QStringLiteral("HTTP 401 (authentication failed: check the target's credentials)");
    case 403:
        return QStringLiteral("HTTP 403 (forbidden: the credentials lack permission)");
    case 407:
        return QStringLiteral("HTTP 407 (proxy authentication required)");
    default:
        return QStringLiteral("HTTP %1").arg(s);
    }
}

namespace DeliveryPolicy {

std::optional<QString> expiredReason(
    const ClaimedDelivery &d, const RetryPolicy &policy, qint64 nowMs)
{
    if (nowMs - d.createdAtMs > policy.maxAgeS * 1000)
        return QStringLiteral("max age of %1 s exceeded").arg(policy.maxAgeS);
    return std::nullopt;
}

AttemptRecord decide(const ClaimedDelivery &d, const AttemptOutcome &outcome,
    const RetryPolicy &policy, qint64 nowMs, QRandomGenerator &rng)
{
    AttemptRecord r;
    r.deliveryId = d.deliveryId;
    r.messageId = d.messageId;
    r.round = d.round;
    r.attemptNo = d.attempts + 1;
    r.payloadVersion = d.payloadVersion;
    r.outcome = outcome;

    if (outcome.succeeded()) {
        r.newState = DeliveryState::Delivered;
        return r;
    }
    if (outcome.errorClass == ErrorClass::Cancelled) {
        // The engine gave up the attempt while stopping: it does not count against the target.
        r.attemptNo = d.attempts;
        r.attempted = false;
        r.newState = DeliveryState::Pending;
        r.dueAtMs = nowMs;
        r.delayMs = d.lastDelayMs;
        return r;
    }

    // Every failure below HTTP (refused, reset, timeout, TLS, garbage) may be transient.
    const bool retryable = !outcome.permanent
        && (outcome.httpStatus == 0 || policy.isRetryableStatus(outcome.httpStatus));
    const QString what
        = outcome.httpStatus != 0 ? describeStatus(outcome.httpStatus) : outcome.error;
    if (outcome.permanent) {
        r.newState = DeliveryState::Dead;
        r.deadReason = outcome.error;
        return r;
    }
    if (!retryable) {
        r.newState = DeliveryState::Dead;
        r.deadReason = QStringLiteral("non-retryable answer: %1").arg(what);
        return r;
    }
    if (r.attemptNo >= policy.maxAttempts) {
        r.newState = DeliveryState::Dead;
        r.deadReason
            = QStringLiteral("gave up after %1 attempts; last: %2").arg(r.attemptNo).arg(what);
        return r;
    }

    qint64 delay = policy.delayMs(r.attemptNo, d.lastDelayMs, rng);
    if (outcome.retryAfterMs && (outcome.httpStatus == 429 || outcome.httpStatus == 503))
        delay = std::min(*outcome.retryAfterMs, policy.maxDelayMs);
    const qint64 deadline = d.createdAtMs + policy.maxAgeS * 1000;
    if (nowMs + delay > deadline) {
        r.newState = DeliveryState::Dead;
        r.deadReason
            = QStringLiteral("max age of %1 s would pass before the next attempt; last: %2")
                  .arg(policy.maxAgeS)
                  .arg(what);
        return r;
    }
    r.newState = DeliveryState::RetryWait;
    r.delayMs = delay;
    r.dueAtMs = nowMs + delay;
    return r;
}

} // namespace DeliveryPolicy
} // namespace Tandem
