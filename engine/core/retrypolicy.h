// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QList>
#include <QString>

class QRandomGenerator;

namespace Tandem {

enum class Jitter { None, Full, Equal, Decorrelated };

QString jitterName(Jitter j);
/// Parses "none", "full", "equal" or "decorrelated"; nullopt for anything else.
std::optional<Jitter> jitterFromName(const QString &name);

/// When and how often a failed delivery is tried again. A plain value: copy it freely, use it on
/// any thread. Delays follow DESIGN.md §3: min(max_delay, base × multiplier^(attempt−1)), then
/// jitter.
struct RetryPolicy
{
    int maxAttempts = 12;
    qint64 baseDelayMs = 1000;
    double multiplier = 2.0;
    qint64 maxDelayMs = 600'000;
    Jitter jitter = Jitter::Full;
    qint64 maxAgeS = 86'400;
    QList<int> retryOn = defaultRetryableStatuses();

    static QList<int> defaultRetryableStatuses() { return { 408, 425, 429, 500, 502, 503, 504 }; }

    /// The closed interval the delay after failed attempt number `attempt` (1-based) is drawn
    /// from. `previousDelayMs` is the delay used before this one (0 if none); only decorrelated
    /// jitter depends on it.
    struct Range
    {
        qint64 minMs;
        qint64 maxMs;
    };
    Range delayRange(int attempt, qint64 previousDelayMs) const;

    /// A delay drawn uniformly from delayRange().
    qint64 delayMs(int attempt, qint64 previousDelayMs, QRandomGenerator &rng) const;

    /// The delay before jitter: min(max_delay, base × multiplier^(attempt−1)).
    qint64 backoffMs(int attempt) const;

    bool isRetryableStatus(int status) const { return retryOn.contains(status); }

    friend bool operator==(const RetryPolicy &, const RetryPolicy &) = default;
};

} // namespace Tandem
