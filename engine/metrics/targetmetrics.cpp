// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/metrics/targetmetrics.h"

#include <algorithm>

namespace Tandem {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::size_t ringIndex(qint64 second, std::size_t size)
{
    const qint64 r = second % qint64(size);
    return std::size_t(r < 0 ? r + qint64(size) : r);
}

} // namespace

void TargetMetrics::recordAttempt(const AttemptRecord &r, qint64 nowMs)
{
    if (r.newState == DeliveryState::Dead)
        ++m_deadLetters;
    if (!r.attempted || r.outcome.errorClass == ErrorClass::Cancelled)
        return;

    ++m_attempts;
    if (r.attemptNo > 1)
        ++m_retries;
    if (r.outcome.succeeded()) {
        ++m_successes;
    } else {
        const auto it
            = std::find(FailureClasses.begin(), FailureClasses.end(), r.outcome.errorClass);
        Q_ASSERT(it != FailureClasses.end());
        if (it != FailureClasses.end())
            ++m_failures[std::size_t(it - FailureClasses.begin())];
    }
    m_latency.record(r.outcome.latencyUs, nowMs);

    const qint64 second = floorDiv(nowMs, 1000);
    SecondCount &slot = m_perSecond[ringIndex(second, m_perSecond.size())];
    if (slot.second > second)
        return; // older than the rate window: the ring has moved on
    if (slot.second < second)
        slot = SecondCount { second, 0 };
    ++slot.attempts;
}

double TargetMetrics::attemptsPerSecond(qint64 nowMs) const
{
    const qint64 current = floorDiv(nowMs, 1000);
    qint64 attempts = 0;
    for (const SecondCount &s : m_perSecond) {
        if (s.second >= current - RateWindowSeconds && s.second < current)
            attempts += s.attempts;
    }
    return double(attempts) / RateWindowSeconds;
}

MetricsSnapshot TargetMetrics::snapshot(const QString &target, qint64 nowMs) const
{
    MetricsSnapshot s;
    s.target = target;
    s.takenAtMs = nowMs;
    s.attempts = m_attempts;
    s.successes = m_successes;
    s.failures = m_failures;
    s.retries = m_retries;
    s.deadLetters = m_deadLetters;
    s.attemptsPerSecond = attemptsPerSecond(nowMs);
    s.inFlight = m_inFlight;
    s.pending = m_pending;
    s.oldestPendingAgeMs = m_oldestPendingAgeMs;
    s.breakerState = m_breakerState;
    s.breakerSinceMs = m_breakerSinceMs;
    s.breakerReason = m_breakerReason;
    s.concurrencyLimit = m_concurrencyLimit;
    s.heldReason = m_heldReason;
    for (std::size_t i = 0; i < LatencyWindowMinutes.size(); ++i)
        s.latency[i] = m_latency.window(LatencyWindowMinutes[i], nowMs);
    return s;
}

} // namespace Tandem
