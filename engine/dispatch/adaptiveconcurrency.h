// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

/// The target config key `"adaptive_concurrency": {"enabled": false, "decrease_ratio": 0.9,
/// "rtt_threshold": 0.05, "ewma_alpha": 0.4, "initial_limit": 1}`. A plain value. The upper
/// bound of the limit is not here: it is the target's "concurrency".
struct AdaptiveConcurrencyConfig
{
    bool enabled = false;
    /// Multiplicative decrease: the limit becomes floor(limit × ratio), at least 1.
    double decreaseRatio = 0.9;
    /// A window whose mean RTT exceeds baseline × (1 + threshold) counts as congested.
    double rttThreshold = 0.05;
    /// Weight of the newest window in the baseline RTT's moving average.
    double ewmaAlpha = 0.4;
    int initialLimit = 1;

    /// Reads the "adaptive_concurrency" object. `where` is the path of that object in its
    /// document ("targets[0].adaptive_concurrency"); an error names the offending field below it.
    /// Unknown keys are refused; keys left out keep their default.
    static Result<AdaptiveConcurrencyConfig> fromJson(const QJsonValue &json, const QString &where);
    /// Every field, defaults included.
    QJsonObject toJson() const;

    friend bool operator==(const AdaptiveConcurrencyConfig &, const AdaptiveConcurrencyConfig &)
        = default;
};

/// Adaptive request concurrency in the manner of Vector's ARC: additive increase, multiplicative
/// decrease (AIMD) of the number of requests a target may have in flight, steered by round-trip
/// time and overload answers.
///
/// Responses are grouped into adjustment windows. The first window opens with the first response;
/// a window closes with the first response at or after open + max(100 ms, baseline RTT), that
/// response included, and the next one opens at that moment. So the controller reacts about once
/// per round trip and no faster than ten times a second. When a window closes:
///  - any overload in it (429, 503, timeout) or a mean RTT above baseline × (1 + rtt_threshold)
///    → limit = max(1, floor(limit × decrease_ratio));
///  - otherwise → limit = min(maximum, limit + 1).
/// A window with an overload teaches nothing about latency (a 429 comes back fast, a timeout
/// measures the timeout), so it never feeds the baseline; its other replies are ignored too.
///
/// Baseline choice: an exponentially weighted moving average (weight ewma_alpha) of window mean
/// RTTs, not the recent minimum. A minimum only ever ratchets down, so one lucky fast reply, or a
/// target that got slower for good, would keep every later window "congested" and pin the limit
/// at 1. Windows whose RTT merely climbed do feed it, as in Vector: a lasting latency shift costs
/// a few decreases and then becomes the new normal, while a transient one is backed off from and
/// recovered from.
///
/// The limit grows by one per uncongested window whether or not the worker used it all; the
/// maximum bounds it. Time is passed in so tests drive the clock. Not thread-safe: owned and used
/// by one TargetWorker on its thread.
class AdaptiveConcurrency
{
public:
    static constexpr qint64 kMinWindowMs = 100;

    explicit AdaptiveConcurrency(const AdaptiveConcurrencyConfig &config = {}, int maximum = 4096);

    /// One finished request: its round-trip time in microseconds, and whether the target said it
    /// is overloaded (429, 503) or the attempt timed out.
    void onResponse(qint64 rttUs, bool overloaded, qint64 nowMs);

    /// How many requests may be in flight now: within [1, maximum()].
    int limit() const { return m_limit; }
    int maximum() const { return m_maximum; }
    /// Sets the upper bound (at least 1); a limit above it drops to it at once.
    void setMaximum(int maximum);
    /// Applies a changed configuration live: the limit and baseline are kept (the initial limit
    /// only matters at construction).
    void setConfig(const AdaptiveConcurrencyConfig &config);

    /// The baseline RTT in microseconds; 0 until a window without overload has closed.
    double baselineRttUs() const { return m_baselineUs; }
    /// The length of the next adjustment window: max(100 ms, baseline RTT).
    qint64 windowMs() const;

private:
    void closeWindow();

    AdaptiveConcurrencyConfig m_config;
    int m_maximum = 1;
    int m_limit = 1;
    double m_baselineUs = 0;

    bool m_started = false;
    qint64 m_windowEndMs = 0;
    double m_rttSumUs = 0;
    qint64 m_rttCount = 0;
    bool m_overloaded = false;
};

} // namespace Tandem
