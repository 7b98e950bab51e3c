// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

/// The target config key `"retry_budget": {"ratio": 0.2, "min_retries_per_second": 1,
/// "window_s": 10}`. A plain value.
struct RetryBudgetConfig
{
    /// Retries may add at most this fraction of the first attempts made in the window.
    double ratio = 0.2;
    /// Retries allowed in every second on top of the ratio, so a quiet target can still retry.
    int minRetriesPerSecond = 1;
    /// The sliding window, in whole seconds.
    int windowS = 10;

    /// Reads the "retry_budget" object. `where` is the path of that object in its document
    /// ("targets[0].retry_budget"); an error names the offending field below it. Unknown keys are
    /// refused; keys left out keep their default.
    static Result<RetryBudgetConfig> fromJson(const QJsonValue &json, const QString &where);
    /// Every field, defaults included.
    QJsonObject toJson() const;

    friend bool operator==(const RetryBudgetConfig &, const RetryBudgetConfig &) = default;
};

/// Caps retries relative to first attempts, so that a struggling target is not hit by a retry
/// storm on top of its normal load (Finagle's and gRPC's retry budgets).
///
/// Time is cut into whole seconds (floor(nowMs / 1000)); a ring of window_s one-second buckets
/// counts first attempts and retries, and buckets older than the window drop out. A retry is
/// allowed if either
///  - fewer than min_retries_per_second retries were made in the current second (the floor:
///    these do not count against the ratio), or
///  - the other retries in the window stay within floor(ratio × first attempts in the window).
/// Under steady traffic that lets ratio × (first attempts a second) + min_retries_per_second
/// retries through each second; with no traffic, exactly min_retries_per_second each second.
///
/// Time is passed in so tests drive the clock; a clock that steps back counts as the latest second
/// seen. Not thread-safe: owned and used by one TargetWorker on its thread.
class RetryBudget
{
public:
    explicit RetryBudget(const RetryBudgetConfig &config = {});

    /// Counts a first attempt (not a retry) made at `nowMs`: it earns `ratio` of a retry.
    void recordFirstAttempt(qint64 nowMs);
    /// Whether a retry may be made at `nowMs`; if so it is counted, so call this only when about
    /// to retry. False means the budget is spent: fail or postpone the retry.
    bool tryRetry(qint64 nowMs);
    /// How many tryRetry() calls would succeed at `nowMs` if nothing else happened.
    int retriesAvailable(qint64 nowMs) const;

    /// Applies a changed configuration live. Counts within the new window are kept.
    void setConfig(const RetryBudgetConfig &config);
    const RetryBudgetConfig &config() const { return m_config; }

private:
    struct Bucket
    {
        qint64 second = 0;
        qint64 firstAttempts = 0;
        qint64 floorRetries = 0; ///< retries taken from min_retries_per_second
        qint64 ratioRetries = 0; ///< retries taken from the ratio budget
    };

    static qint64 secondOf(qint64 nowMs);
    Bucket &slot(qint64 second);
    const Bucket &slot(qint64 second) const;
    /// Moves the window so that `second` is its newest, dropping buckets that fell out.
    void advanceTo(qint64 second);
    qint64 ratioAllowance(qint64 firstAttempts) const;

    RetryBudgetConfig m_config;
    std::vector<Bucket> m_ring;
    bool m_started = false;
    qint64 m_latestSecond = 0;
    qint64 m_firstAttempts = 0; ///< over the live buckets
    qint64 m_ratioRetries = 0; ///< over the live buckets
};

} // namespace Tandem
