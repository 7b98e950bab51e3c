// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/tokenbucket.h"

#include <algorithm>
#include <cmath>

#include <QLocale>

#include "engine/core/configtext.h"
#include "engine/core/jsonfields.h"

namespace Tandem {

using JsonFields::formatNumber;
using JsonFields::join;
using JsonFields::readNumber;

namespace {

// Repeated fractional refills can leave the bucket a hair under a whole token at the instant
// msUntilNextToken() promised one; that hair is not worth a second timer.
constexpr double kEpsilon = 1e-9;

int derivedBurst(double ratePerSecond, int burst)
{
    if (burst > 0)
        return burst;
    if (!(ratePerSecond > 0))
        return 1;
    return int(std::clamp(std::ceil(ratePerSecond), 1.0, double(RateLimit::kMaxBurst)));
}

} // namespace

int RateLimit::effectiveBurst() const { return derivedBurst(perSecond, burst); }

Result<RateLimit> RateLimit::fromJson(const QJsonValue &json, const QString &where)
{
    const QString self = where.isEmpty() ? QStringLiteral("rate_limit") : where;
    if (!json.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object").arg(self)));
    const QJsonObject o = json.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != u"per_second" && it.key() != u"burst")
            return fail(
                Error::invalid(ConfigText::tr("%1: unknown key \"%2\"").arg(self, it.key())));
    }

    RateLimit r;
    auto perSecond = readNumber(
        o, where, QLatin1StringView("per_second"), r.perSecond, 0, kMaxPerSecond, false);
    if (!perSecond)
        return fail(perSecond.error());
    r.perSecond = *perSecond;
    auto burst = readNumber(o, where, QLatin1StringView("burst"), r.burst, 0, kMaxBurst, true);
    if (!burst)
        return fail(burst.error());
    r.burst = int(*burst);
    return r;
}

QJsonObject RateLimit::toJson() const
{
    return QJsonObject {
        { QStringLiteral("per_second"), perSecond },
        { QStringLiteral("burst"), burst },
    };
}

TokenBucket::TokenBucket(double ratePerSecond, int burst, qint64 nowMs)
    : m_rate(ratePerSecond > 0 ? ratePerSecond : 0)
    , m_burst(derivedBurst(ratePerSecond, burst))
    , m_tokens(m_burst)
    , m_lastMs(nowMs)
{
}

TokenBucket::TokenBucket(const RateLimit &limit, qint64 nowMs)
    : TokenBucket(limit.perSecond, limit.burst, nowMs)
{
}

double TokenBucket::tokensAt(qint64 nowMs) const
{
    if (isUnlimited())
        return m_burst;
    if (nowMs <= m_lastMs)
        return m_tokens;
    return std::min(double(m_burst), m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0);
}

void TokenBucket::refill(qint64 nowMs)
{
    m_tokens = tokensAt(nowMs);
    // A clock that stepped back keeps the later mark, so the same interval is never paid twice.
    m_lastMs = std::max(m_lastMs, nowMs);
}

double TokenBucket::tokens(qint64 nowMs) const { return tokensAt(nowMs); }

bool TokenBucket::tryTake(qint64 nowMs)
{
    if (isUnlimited())
        return true;
    refill(nowMs);
    if (m_tokens + kEpsilon < 1.0)
        return false;
    m_tokens = std::max(0.0, m_tokens - 1.0);
    return true;
}

qint64 TokenBucket::msUntilNextToken(qint64 nowMs) const
{
    if (isUnlimited())
        return 0;
    const double missing = 1.0 - tokensAt(nowMs);
    if (missing <= kEpsilon)
        return 0;
    // Measured from the later of now and the refill mark: before the mark nothing accrues.
    const qint64 from = std::max(nowMs, m_lastMs);
    // Capped so that an absurdly small rate cannot overflow the conversion (1e15 ms ≈ 30,000 y).
    const double waitMs = std::min(1e15, std::ceil((missing - kEpsilon) * 1000.0 / m_rate));
    return from - nowMs + std::max<qint64>(1, qint64(waitMs));
}

void TokenBucket::reconfigure(double ratePerSecond, int burst, qint64 nowMs)
{
    const bool wasUnlimited = isUnlimited();
    refill(nowMs);
    m_rate = ratePerSecond > 0 ? ratePerSecond : 0;
    m_burst = derivedBurst(ratePerSecond, burst);
    m_tokens = wasUnlimited ? double(m_burst) : std::min(m_tokens, double(m_burst));
}

void TokenBucket::reconfigure(const RateLimit &limit, qint64 nowMs)
{
    reconfigure(limit.perSecond, limit.burst, nowMs);
}

} // namespace Tandem
