// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

/// A target's request rate limit: the target config key
/// `"rate_limit": {"per_second": 0, "burst": 0}`. A plain value.
///
/// `per_second` 0 means unlimited. `burst` 0 means "derive it": max(1, ceil(per_second)), so a
/// limit of 0.5/s allows one request at once and 20/s allows twenty. The configured values are
/// kept as given (toJson() writes them back unchanged); effectiveBurst() applies the rule.
struct RateLimit
{
    double perSecond = 0;
    int burst = 0;

    static constexpr double kMaxPerSecond = 1000000;
    static constexpr int kMaxBurst = 1000000;

    bool isUnlimited() const { return perSecond <= 0; }
    /// The bucket capacity in force: `burst`, or max(1, ceil(per_second)) when burst is 0.
    int effectiveBurst() const;

    /// Reads the "rate_limit" object. `where` is the path of that object in its document
    /// ("targets[0].rate_limit"); an error names the offending field below it. Unknown keys are
    /// refused; keys left out keep their default.
    static Result<RateLimit> fromJson(const QJsonValue &json, const QString &where);
    /// Every field, defaults included.
    QJsonObject toJson() const;

    friend bool operator==(const RateLimit &, const RateLimit &) = default;
};

/// A token bucket: at most `burst` requests at once, refilled continuously at `ratePerSecond`.
/// A rate of 0 (or less) means unlimited: every take succeeds. The bucket starts full.
///
/// Time is passed in (milliseconds, any monotonic origin) so that tests drive the clock; a clock
/// that steps backwards adds no tokens. Not thread-safe: owned and used by one TargetWorker on its
/// thread.
class TokenBucket
{
public:
    explicit TokenBucket(double ratePerSecond = 0, int burst = 0, qint64 nowMs = 0);
    TokenBucket(const RateLimit &limit, qint64 nowMs);

    /// Takes one token if there is one; false means "not now, ask msUntilNextToken()".
    bool tryTake(qint64 nowMs);

    /// How long from `nowMs` until tryTake() succeeds: 0 if a token is there (or unlimited),
    /// otherwise the whole milliseconds to wait, rounded up, for scheduling a timer.
    qint64 msUntilNextToken(qint64 nowMs) const;

    /// Changes rate and burst without resetting the bucket: tokens accrued so far at the old rate
    /// are kept, clamped to the new burst (a bigger burst is not topped up). Going from unlimited
    /// to limited starts full. `burst` 0 derives the burst as RateLimit does.
    void reconfigure(double ratePerSecond, int burst, qint64 nowMs);
    void reconfigure(const RateLimit &limit, qint64 nowMs);

    double ratePerSecond() const { return m_rate; }
    int burst() const { return m_burst; }
    bool isUnlimited() const { return m_rate <= 0; }
    /// The tokens available at `nowMs` (fractional); `burst` when unlimited.
    double tokens(qint64 nowMs) const;

private:
    double tokensAt(qint64 nowMs) const;
    void refill(qint64 nowMs);

    double m_rate = 0;
    int m_burst = 1;
    double m_tokens = 1;
    qint64 m_lastMs = 0;
};

} // namespace Tandem
