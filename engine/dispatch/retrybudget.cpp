// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/retrybudget.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QLocale>

#include "engine/core/configtext.h"
#include "engine/core/jsonfields.h"

namespace Tandem {

using JsonFields::formatNumber;
using JsonFields::join;
using JsonFields::readNumber;

namespace {

RetryBudgetConfig sanitised(RetryBudgetConfig c)
{
    c.ratio = c.ratio > 0 ? c.ratio : 0;
    c.minRetriesPerSecond = std::max(0, c.minRetriesPerSecond);
    c.windowS = std::max(1, c.windowS);
    return c;
}

} // namespace

Result<RetryBudgetConfig> RetryBudgetConfig::fromJson(const QJsonValue &json, const QString &where)
{
    const QString self = where.isEmpty() ? QStringLiteral("retry_budget") : where;
    if (!json.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object").arg(self)));
    const QJsonObject o = json.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != u"ratio" && it.key() != u"min_retries_per_second"
            && it.key() != u"window_s")
            return fail(
                Error::invalid(ConfigText::tr("%1: unknown key \"%2\"").arg(self, it.key())));
    }

    RetryBudgetConfig c;
    auto ratio = readNumber(o, where, QLatin1StringView("ratio"), c.ratio, 0, 10, false);
    if (!ratio)
        return fail(ratio.error());
    c.ratio = *ratio;
    auto min = readNumber(o, where, QLatin1StringView("min_retries_per_second"),
        c.minRetriesPerSecond, 0, 100000, true);
    if (!min)
        return fail(min.error());
    c.minRetriesPerSecond = int(*min);
    auto window = readNumber(o, where, QLatin1StringView("window_s"), c.windowS, 1, 3600, true);
    if (!window)
        return fail(window.error());
    c.windowS = int(*window);
    return c;
}

QJsonObject RetryBudgetConfig::toJson() const
{
    return QJsonObject {
        { QStringLiteral("ratio"), ratio },
        { QStringLiteral("min_retries_per_second"), minRetriesPerSecond },
        { QStringLiteral("window_s"), windowS },
    };
}

RetryBudget::RetryBudget(const RetryBudgetConfig &config)
    : m_config(sanitised(config))
    , m_ring(size_t(m_config.windowS))
{
}

qint64 RetryBudget::secondOf(qint64 nowMs)
{
    // Rounds towards minus infinity, so that -1 ms is in second -1, not second 0.
    return nowMs >= 0 ? nowMs / 1000 : -((-nowMs + 999) / 1000);
}

RetryBudget::Bucket &RetryBudget::slot(qint64 second)
{
    const qint64 w = qint64(m_ring.size());
    return m_ring[size_t(((second % w) + w) % w)];
}

const RetryBudget::Bucket &RetryBudget::slot(qint64 second) const
{
    const qint64 w = qint64(m_ring.size());
    return m_ring[size_t(((second % w) + w) % w)];
}

qint64 RetryBudget::ratioAllowance(qint64 firstAttempts) const
{
    // The epsilon keeps 0.2 × 905 from coming out as 180.99… and losing a retry.
    return qint64(std::floor(m_config.ratio * double(firstAttempts) + 1e-9));
}

void RetryBudget::advanceTo(qint64 second)
{
    if (m_started && second <= m_latestSecond)
        return;
    const qint64 w = qint64(m_ring.size());
    const qint64 steps = m_started ? std::min(second - m_latestSecond, w) : w;
    for (qint64 s = second - steps + 1; s <= second; ++s) {
        Bucket &b = slot(s);
        m_firstAttempts -= b.firstAttempts;
        m_ratioRetries -= b.ratioRetries;
        b = Bucket { s, 0, 0, 0 };
    }
    m_started = true;
    m_latestSecond = second;
}

void RetryBudget::recordFirstAttempt(qint64 nowMs)
{
    advanceTo(secondOf(nowMs));
    ++slot(m_latestSecond).firstAttempts;
    ++m_firstAttempts;
}

bool RetryBudget::tryRetry(qint64 nowMs)
{
    advanceTo(secondOf(nowMs));
    Bucket &current = slot(m_latestSecond);
    if (current.floorRetries < m_config.minRetriesPerSecond) {
        ++current.floorRetries;
        return true;
    }
    if (m_ratioRetries < ratioAllowance(m_firstAttempts)) {
        ++current.ratioRetries;
        ++m_ratioRetries;
        return true;
    }
    return false;
}

int RetryBudget::retriesAvailable(qint64 nowMs) const
{
    qint64 firstAttempts = m_firstAttempts;
    qint64 ratioRetries = m_ratioRetries;
    qint64 floorRetries = 0;
    if (m_started) {
        const qint64 second = std::max(secondOf(nowMs), m_latestSecond);
        const qint64 w = qint64(m_ring.size());
        if (second == m_latestSecond) {
            floorRetries = slot(second).floorRetries;
        } else {
            // What advanceTo() would drop, without dropping it.
            const qint64 lastExpired = std::min(m_latestSecond, second - w);
            for (qint64 s = m_latestSecond - w + 1; s <= lastExpired; ++s) {
                const Bucket &b = slot(s);
                if (b.second == s) {
                    firstAttempts -= b.firstAttempts;
                    ratioRetries -= b.ratioRetries;
                }
            }
        }
    }
    const qint64 available = std::max<qint64>(0, m_config.minRetriesPerSecond - floorRetries)
        + std::max<qint64>(0, ratioAllowance(firstAttempts) - ratioRetries);
    return int(std::min<qint64>(available, std::numeric_limits<int>::max()));
}

void RetryBudget::setConfig(const RetryBudgetConfig &config)
{
    const RetryBudgetConfig next = sanitised(config);
    if (next.windowS != m_config.windowS) {
        const std::vector<Bucket> old = std::move(m_ring);
        const qint64 oldW = qint64(old.size());
        m_ring.assign(size_t(next.windowS), Bucket {});
        m_firstAttempts = 0;
        m_ratioRetries = 0;
        if (m_started) {
            for (qint64 s = m_latestSecond - next.windowS + 1; s <= m_latestSecond; ++s) {
                Bucket &b = slot(s);
                b = Bucket { s, 0, 0, 0 };
                const Bucket &previous = old[size_t(((s % oldW) + oldW) % oldW)];
                if (previous.second == s) {
                    b = previous;
                    m_firstAttempts += b.firstAttempts;
                    m_ratioRetries += b.ratioRetries;
                }
            }
        }
    }
    m_config = next;
}

} // namespace Tandem
