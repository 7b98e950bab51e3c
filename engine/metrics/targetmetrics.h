// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <limits>
#include <optional>

#include <QString>

#include <array>

#include "engine/core/delivery.h"
#include "engine/metrics/latencywindow.h"
#include "engine/metrics/metricssnapshot.h"

namespace Tandem {

/// The in-memory metrics of one target: counters since start, the attempt rate over the last
/// 10 seconds, attempt latencies (LatencyWindow) and gauges the worker sets from outside.
///
/// recordAttempt() takes every AttemptRecord the worker produces. Only records with
/// `attempted` (a request went out) count as attempts: each is a success (ErrorClass::None)
/// or a failure of its class, and feeds the latency windows; `attemptNo > 1` makes it a retry.
/// A record whose newState is Dead counts as a dead letter whether or not a request went out
/// (a delivery can expire before sending). Cancelled records count as nothing.
///
/// Time is passed in (`nowMs`, the same clock for all calls), so tests inject it. Plain
/// C++, not thread-safe: owned and used by one target worker's thread; other threads get
/// snapshot() values.
class TargetMetrics
{
public:
    static constexpr int RateWindowSeconds = 10;

    void recordAttempt(const AttemptRecord &r, qint64 nowMs);

    void setInFlight(int n) { m_inFlight = n; }
    void setPending(qint64 n) { m_pending = n; }
    void setOldestPendingAgeMs(std::optional<qint64> ageMs) { m_oldestPendingAgeMs = ageMs; }
    void setBreakerState(const QString &state) { m_breakerState = state; }
    void setBreakerChange(qint64 atMs, const QString &reason)
    {
        m_breakerSinceMs = atMs;
        m_breakerReason = reason;
    }
    void setConcurrencyLimit(int n) { m_concurrencyLimit = n; }
    void setHeldReason(const QString &reason) { m_heldReason = reason; }

    /// Attempts per second over the RateWindowSeconds whole seconds before the current one (the
    /// current second is still filling up and would make a steady rate look lower).
    double attemptsPerSecond(qint64 nowMs) const;
    const LatencyWindow &latency() const { return m_latency; }

    MetricsSnapshot snapshot(const QString &target, qint64 nowMs) const;

private:
    struct SecondCount
    {
        qint64 second = std::numeric_limits<qint64>::min();
        qint64 attempts = 0;
    };

    qint64 m_attempts = 0;
    qint64 m_successes = 0;
    std::array<qint64, FailureClasses.size()> m_failures {};
    qint64 m_retries = 0;
    qint64 m_deadLetters = 0;
    // One more than the window: the current second plus RateWindowSeconds whole ones.
    std::array<SecondCount, RateWindowSeconds + 1> m_perSecond {};
    LatencyWindow m_latency;

    int m_inFlight = 0;
    qint64 m_pending = 0;
    std::optional<qint64> m_oldestPendingAgeMs;
    QString m_breakerState = QStringLiteral("closed");
    qint64 m_breakerSinceMs = 0;
    QString m_breakerReason;
    int m_concurrencyLimit = 0;
    QString m_heldReason;
};

} // namespace Tandem
