// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/retrypolicy.h"

#include <algorithm>
#include <cmath>

#include <QRandomGenerator>

namespace Tandem {

QString jitterName(Jitter j)
{
    switch (j) {
    case Jitter::None:
        return QStringLiteral("none");
    case Jitter::Full:
        return QStringLiteral("full");
    case Jitter::Equal:
        return QStringLiteral("equal");
    case Jitter::Decorrelated:
        return QStringLiteral("decorrelated");
    }
    return {};
}

std::optional<Jitter> jitterFromName(const QString &name)
{
    for (Jitter j : { Jitter::None, Jitter::Full, Jitter::Equal, Jitter::Decorrelated }) {
        if (jitterName(j) == name)
            return j;
    }
    return std::nullopt;
}

qint64 RetryPolicy::backoffMs(int attempt) const
{
    // Computed in floating point so that large attempt numbers saturate at max_delay instead of
    // overflowing.
    const double raw = double(baseDelayMs) * std::pow(multiplier, std::max(0, attempt - 1));
    if (!std::isfinite(raw) || raw >= double(maxDelayMs))
        return maxDelayMs;
    return std::max<qint64>(0, std::llround(raw));
}

RetryPolicy::Range RetryPolicy::delayRange(int attempt, qint64 previousDelayMs) const
{
    const qint64 d = backoffMs(attempt);
    switch (jitter) {
    case Jitter::None:
        return { d, d };
    case Jitter::Full:
        return { 0, d };
    case Jitter::Equal:
        return { d / 2, d };
    case Jitter::Decorrelated: {
        // AWS "decorrelated jitter": sleep = min(cap, random(base, previous × 3)).
        const qint64 prev = previousDelayMs > 0 ? previousDelayMs : baseDelayMs;
        const qint64 hi = std::min(maxDelayMs, std::max(baseDelayMs, prev * 3));
        return { std::min(baseDelayMs, hi), hi };
    }
    }
    return { d, d };
}

qint64 RetryPolicy::delayMs(int attempt, qint64 previousDelayMs, QRandomGenerator &rng) const
{
    const Range r = delayRange(attempt, previousDelayMs);
    if (r.maxMs <= r.minMs)
        return r.minMs;
    return r.minMs + qint64(rng.bounded(quint64(r.maxMs - r.minMs + 1)));
}

} // namespace Tandem
