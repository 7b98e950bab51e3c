// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/deliverytimeline.h"

#include <algorithm>

#include "ui/models/clocktext.h"

namespace Tandem::Ui {

namespace {

// The engine decides a retry a moment after the failed attempt ended (the answer is classified,
// then recorded), at due time − delay. A decision further than this from the attempt's end was
// not the backoff's (the retry budget postponed the retry, keeping the delay it had).
constexpr qint64 DecisionSlackMs = 2000;
// Latencies are stored in µs and attempts start in whole ms: rounding, nothing more.
constexpr qint64 RoundingMs = 2;

bool honoursRetryAfter(int status) { return status == 429 || status == 503; }

} // namespace

DeliveryTimeline::DeliveryTimeline(const DeliveryView &delivery, std::optional<RetryPolicy> policy)
    : m_delivery(delivery)
    , m_policy(std::move(policy))
{
    m_next = computeNextAttempt();
}

QString DeliveryTimeline::outcomeText(int status, const QString &errorClass)
{
    if (status != 0)
        return tr("HTTP %1").arg(status);
    if (errorClass == u"timeout")
        return tr("timeout");
    if (errorClass == u"connection")
        return tr("connection error");
    if (errorClass == u"tls")
        return tr("TLS error");
    if (errorClass == u"protocol")
        return tr("protocol error");
    if (errorClass == u"cancelled")
        return tr("cancelled");
    if (errorClass == u"none" || errorClass.isEmpty())
        return tr("no answer");
    return errorClass;
}

std::optional<NextAttempt> DeliveryTimeline::computeNextAttempt() const
{
    const DeliveryView &d = m_delivery;
    if (d.state != DeliveryState::RetryWait)
        return std::nullopt;
    NextAttempt n;
    n.attemptNo = d.attempts + 1;
    n.dueAtMs = d.dueAtMs;

    // The attempts of the current round: a replay starts counting afresh.
    QList<AttemptView> round;
    for (const AttemptView &a : d.history) {
        if (a.round == d.round)
            round.append(a);
    }
    const qint64 decidedAtMs = d.dueAtMs - d.lastDelayMs;
    if (round.isEmpty()) {
        n.afterMs = decidedAtMs;
    } else {
        const AttemptView &last = round.last();
        const qint64 endedAtMs = last.startedAtMs + last.latencyUs / 1000;
        const bool decidedByBackoff = d.lastDelayMs > 0 && decidedAtMs >= endedAtMs - RoundingMs
            && decidedAtMs - endedAtMs <= DecisionSlackMs;
        n.afterMs = decidedByBackoff ? decidedAtMs : endedAtMs;
    }
    if (m_policy) {
        // Only decorrelated jitter depends on the delay before; the store keeps the latest delay
        // only, so the one before is read off the gap between the two latest attempts.
        qint64 previousDelayMs = 0;
        if (round.size() >= 2) {
            const AttemptView &a = round.at(round.size() - 2);
            previousDelayMs = std::max<qint64>(
                0, round.last().startedAtMs - (a.startedAtMs + a.latencyUs / 1000));
        }
        const RetryPolicy::Range r = m_policy->delayRange(d.attempts, previousDelayMs);
        n.earliestMs = n.afterMs + r.minMs;
        n.latestMs = n.afterMs + r.maxMs;
    }

    const int status = round.isEmpty() ? d.lastStatus : round.last().status;
    const std::optional<qint64> stored
        = round.isEmpty() ? std::nullopt : retryAfterMs(round.last());
    const bool outsideWindow
        = n.earliestMs && (n.dueAtMs < *n.earliestMs || n.dueAtMs > *n.latestMs + RoundingMs);
    if (honoursRetryAfter(status) && stored) {
        n.retryAfterOverrode = true;
        n.retryAfterMs = stored;
    } else if (outsideWindow && honoursRetryAfter(status)) {
        // Recorded before the store kept Retry-After (or none came and the budget held the retry
        // back, which the due time alone cannot tell apart): the delay is the best guess.
        n.retryAfterOverrode = true;
        n.retryAfterMs = d.lastDelayMs;
    } else if (outsideWindow && n.dueAtMs > *n.latestMs) {
        n.heldBack = true;
    } else if (outsideWindow) {
        n.sooner = true;
    }
    return n;
}

QString DeliveryTimeline::deadSummary() const
{
    const DeliveryView &d = m_delivery;
    QList<AttemptView> round;
    for (const AttemptView &a : d.history) {
        if (a.round == d.round)
            round.append(a);
    }
    if (round.isEmpty())
        return d.deadReason.isEmpty() ? tr("dead") : tr("dead: %1").arg(d.deadReason);
    const AttemptView &last = round.last();
    const QString outcome = outcomeText(last.status, last.errorClass);
    bool same = true;
    for (const AttemptView &a : round)
        same = same && a.status == last.status && a.errorClass == last.errorClass;
    if (same)
        return tr("dead: %1 ×%2").arg(outcome).arg(round.size());
    return tr("dead after %1 attempts, last: %2").arg(round.size()).arg(outcome);
}

QString DeliveryTimeline::summary(qint64 nowMs) const
{
    const DeliveryView &d = m_delivery;
    switch (d.state) {
    case DeliveryState::Delivered:
        if (d.attempts > 1)
            return tr("delivered %1 (attempt %2)")
                .arg(clockText(d.updatedAtMs, nowMs))
                .arg(d.attempts);
        return tr("delivered %1").arg(clockText(d.updatedAtMs, nowMs));
    case DeliveryState::Dead:
        return deadSummary();
    case DeliveryState::RetryWait:
        if (d.dueAtMs <= nowMs && !m_hold.isEmpty())
            return tr("retrying: attempt %1 due since %2, held: %3")
                .arg(d.attempts + 1)
                .arg(clockText(d.dueAtMs, nowMs), m_hold);
        if (d.dueAtMs <= nowMs)
            return tr("retrying: attempt %1 due since %2")
                .arg(d.attempts + 1)
                .arg(clockText(d.dueAtMs, nowMs));
        return tr("retrying: attempt %1 at %2 (in %3)")
            .arg(d.attempts + 1)
            .arg(clockText(d.dueAtMs, nowMs), durationText(d.dueAtMs - nowMs));
    case DeliveryState::InFlight:
        return tr("sending attempt %1").arg(d.attempts + 1);
    case DeliveryState::Pending:
        if (d.round > 0 && d.attempts == 0)
            return tr("replayed, waiting to be sent");
        if (d.attempts == 0)
            return tr("pending, not sent yet");
        return tr("pending: attempt %1 next").arg(d.attempts + 1);
    case DeliveryState::Discarded:
        return tr("discarded %1").arg(clockText(d.updatedAtMs, nowMs));
    }
    return {};
}

DeliveryTimeline::Tone DeliveryTimeline::tone() const
{
    switch (m_delivery.state) {
    case DeliveryState::Delivered:
        return Tone::Good;
    case DeliveryState::Dead:
        return Tone::Bad;
    case DeliveryState::RetryWait:
    case DeliveryState::InFlight:
    case DeliveryState::Pending:
        return Tone::Waiting;
    case DeliveryState::Discarded:
        return Tone::Neutral;
    }
    return Tone::Neutral;
}

} // namespace Tandem::Ui
