// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <array>

#include "engine/core/delivery.h"
#include "engine/metrics/latencywindow.h"

namespace Tandem {

/// The error classes counted as failures, in the order of MetricsSnapshot::failures.
/// (ErrorClass::None is a success; Cancelled is not an attempt: the engine stopped, see
/// delivery.h.)
inline constexpr std::array<ErrorClass, 8> FailureClasses { ErrorClass::Timeout,
    ErrorClass::Connection, ErrorClass::Tls, ErrorClass::Http4xx, ErrorClass::Http429,
    ErrorClass::Http5xx, ErrorClass::Redirect, ErrorClass::Protocol };

/// The latency windows of a snapshot, in the order of MetricsSnapshot::latency.
inline constexpr std::array<int, 3> LatencyWindowMinutes { 1, 5, 15 };

/// The metrics of one target at one moment: a plain value, copied out of the target worker's
/// TargetMetrics and sent to other threads by queued signal (registered with
/// Q_DECLARE_METATYPE). Counters count since the engine started; gauges are as last set.
struct MetricsSnapshot
{
    QString target;
    qint64 takenAtMs = 0;

    qint64 attempts = 0; ///< requests that went out; always successes + the sum of failures
    qint64 successes = 0;
    std::array<qint64, FailureClasses.size()> failures {}; ///< indexed as FailureClasses
    qint64 retries = 0; ///< attempts after the first of a delivery's round
    qint64 deadLetters = 0; ///< deliveries that moved to Dead
    double attemptsPerSecond = 0; ///< over the last 10 whole seconds

    int inFlight = 0;
    qint64 pending = 0;
    std::optional<qint64> oldestPendingAgeMs; ///< none when nothing is pending
    QString breakerState = QStringLiteral("closed"); ///< closed, open or half_open
    qint64 breakerSinceMs = 0; ///< when the breaker entered its state; 0 if it never changed
    QString breakerReason; ///< why it last changed, with the figures; empty if it never did
    int concurrencyLimit = 0;
    /// Why the target sends nothing although it is enabled (a secret missing, the keychain
    /// locked, a TLS file unreadable); empty while it sends.
    QString heldReason;

    std::array<LatencyWindow::Quantiles, LatencyWindowMinutes.size()> latency {};

    /// 0 for a class that is not a failure class.
    qint64 failuresOf(ErrorClass c) const;
    qint64 failureTotal() const;

    /// snake_case fields: attempts, successes, failures {timeout, …}, retries, dead_letters,
    /// attempts_per_second, in_flight, pending, oldest_pending_age_s (null when none), breaker,
    /// concurrency_limit, held (null or why), breaker_since (null or ISO time), breaker_reason
    /// (null or why it last changed), latency_ms {"1m": {count, p50, p95, p99, max}, "5m":
    /// …, "15m": …}.
    QJsonObject toJson() const;

    bool operator==(const MetricsSnapshot &) const = default;
};

} // namespace Tandem

Q_DECLARE_METATYPE(Tandem::MetricsSnapshot)
