// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/adaptiveconcurrency.h"

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

} // namespace

Result<AdaptiveConcurrencyConfig> AdaptiveConcurrencyConfig::fromJson(
    const QJsonValue &json, const QString &where)
{
    const QString self = where.isEmpty() ? QStringLiteral("adaptive_concurrency") : where;
    if (!json.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object").arg(self)));
    const QJsonObject o = json.toObject();
    static constexpr QLatin1StringView known[] = { QLatin1StringView("enabled"),
        QLatin1StringView("decrease_ratio"), QLatin1StringView("rtt_threshold"),
        QLatin1StringView("ewma_alpha"), QLatin1StringView("initial_limit") };
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (std::find(std::begin(known), std::end(known), it.key()) == std::end(known))
            return fail(
                Error::invalid(ConfigText::tr("%1: unknown key \"%2\"").arg(self, it.key())));
    }

    AdaptiveConcurrencyConfig c;
    if (o.contains(QLatin1StringView("enabled"))) {
        const QJsonValue v = o.value(QLatin1StringView("enabled"));
        if (!v.isBool())
            return fail(Error::invalid(ConfigText::tr("%1: must be true or false")
                                           .arg(join(where, QLatin1StringView("enabled")))));
        c.enabled = v.toBool();
    }
    auto ratio = readNumber(
        o, where, QLatin1StringView("decrease_ratio"), c.decreaseRatio, 0.1, 0.99, false);
    if (!ratio)
        return fail(ratio.error());
    c.decreaseRatio = *ratio;
    auto threshold
        = readNumber(o, where, QLatin1StringView("rtt_threshold"), c.rttThreshold, 0, 10, false);
    if (!threshold)
        return fail(threshold.error());
    c.rttThreshold = *threshold;
    auto alpha = readNumber(o, where, QLatin1StringView("ewma_alpha"), c.ewmaAlpha, 0.01, 1, false);
    if (!alpha)
        return fail(alpha.error());
    c.ewmaAlpha = *alpha;
    auto initial
        = readNumber(o, where, QLatin1StringView("initial_limit"), c.initialLimit, 1, 4096, true);
    if (!initial)
        return fail(initial.error());
    c.initialLimit = int(*initial);
    return c;
}

QJsonObject AdaptiveConcurrencyConfig::toJson() const
{
    return QJsonObject {
        { QStringLiteral("enabled"), enabled },
        { QStringLiteral("decrease_ratio"), decreaseRatio },
        { QStringLiteral("rtt_threshold"), rttThreshold },
        { QStringLiteral("ewma_alpha"), ewmaAlpha },
        { QStringLiteral("initial_limit"), initialLimit },
    };
}

AdaptiveConcurrency::AdaptiveConcurrency(const AdaptiveConcurrencyConfig &config, int maximum)
    : m_config(config)
    , m_maximum(std::max(1, maximum))
    , m_limit(std::clamp(config.initialLimit, 1, m_maximum))
{
}

void AdaptiveConcurrency::setMaximum(int maximum)
{
    m_maximum = std::max(1, maximum);
    m_limit = std::min(m_limit, m_maximum);
}

void AdaptiveConcurrency::setConfig(const AdaptiveConcurrencyConfig &config) { m_config = config; }

qint64 AdaptiveConcurrency::windowMs() const
{
    return std::max(kMinWindowMs, qint64(std::ceil(m_baselineUs / 1000.0)));
}

void AdaptiveConcurrency::onResponse(qint64 rttUs, bool overloaded, qint64 nowMs)
{
    if (!m_started) {
        m_started = true;
        m_windowEndMs = nowMs + windowMs();
    }
    if (overloaded) {
        m_overloaded = true;
    } else if (rttUs >= 0) {
        m_rttSumUs += double(rttUs);
        ++m_rttCount;
    }
    if (nowMs >= m_windowEndMs) {
        closeWindow();
        // Windows follow one another without gaps, so the cadence does not drift by the spacing
        // of responses.
        m_windowEndMs = nowMs + windowMs();
    }
}

void AdaptiveConcurrency::closeWindow()
{
    const bool haveRtt = m_rttCount > 0;
    const double meanUs = haveRtt ? m_rttSumUs / double(m_rttCount) : 0;
    const bool climbed
        = haveRtt && m_baselineUs > 0 && meanUs > m_baselineUs * (1.0 + m_config.rttThreshold);

    if (m_overloaded || climbed) {
        // The epsilon keeps 20 × 0.9 from landing on 17.999… and losing a second step.
        const double shrunk = std::floor(double(m_limit) * m_config.decreaseRatio + 1e-9);
        m_limit = std::max(1, int(shrunk));
    } else if (haveRtt) {
        m_limit = std::min(m_maximum, m_limit + 1);
    }
    m_limit = std::clamp(m_limit, 1, m_maximum);

    if (!m_overloaded && haveRtt) {
        m_baselineUs = m_baselineUs > 0
            ? m_config.ewmaAlpha * meanUs + (1.0 - m_config.ewmaAlpha) * m_baselineUs
            : meanUs;
    }

    m_rttSumUs = 0;
    m_rttCount = 0;
    m_overloaded = false;
}

} // namespace Tandem
