// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/circuitbreaker.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include <QStringList>

#include <type_traits>

#include "engine/core/configtext.h"

namespace Tandem {

namespace {

QString join(const QString &where, const QString &key)
{
    if (where.isEmpty())
        return key;
    return where + u'.' + key;
}

Result<qint64> readInteger(const QJsonObject &o, const QString &where, const QString &key,
    qint64 current, qint64 min, qint64 max)
{
    if (!o.contains(key))
        return current;
    const QJsonValue v = o.value(key);
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::floor(d))
        return fail(
            Error::invalid(ConfigText::tr("%1: must be a whole number").arg(join(where, key))));
    if (d < double(min) || d > double(max))
        return fail(Error::invalid(ConfigText::tr("%1: %2 is out of range (%3 to %4)")
                                       .arg(join(where, key))
                                       .arg(d, 0, 'g', 17)
                                       .arg(min)
                                       .arg(max)));
    return qint64(d);
}

double percent(qint64 part, qint64 whole)
{
    return whole > 0 ? 100.0 * double(part) / double(whole) : 0.0;
}

// Integer arithmetic, so that 5 of 10 is exactly 50 % and trips a 50 % threshold.
bool atLeast(qint64 part, qint64 whole, int thresholdPercent)
{
    return whole > 0 && part * 100 >= qint64(thresholdPercent) * whole;
}

QString rate(double r) { return QString::number(r, 'f', 1); }

QString duration(qint64 ms)
{
    if (ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 ms").arg(ms);
}

qint64 secondOf(qint64 ms)
{
    // Floor division, so that a negative clock (tests, odd epochs) still buckets correctly.
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

int clampToInt(qint64 n) { return int(std::min<qint64>(n, std::numeric_limits<int>::max())); }

constexpr quint8 kFailed = 1;
constexpr quint8 kSlow = 2;

} // namespace

QString breakerWindowName(BreakerWindow w)
{
    switch (w) {
    case BreakerWindow::Count:
        return QStringLiteral("count");
    case BreakerWindow::Time:
        return QStringLiteral("time");
    }
    return {};
}

std::optional<BreakerWindow> breakerWindowFromName(const QString &name)
{
    for (BreakerWindow w : { BreakerWindow::Count, BreakerWindow::Time }) {
        if (breakerWindowName(w) == name)
            return w;
    }
    return std::nullopt;
}

QString breakerStateName(BreakerState s)
{
    switch (s) {
    case BreakerState::Closed:
        return QStringLiteral("closed");
    case BreakerState::Open:
        return QStringLiteral("open");
    case BreakerState::HalfOpen:
        return QStringLiteral("half_open");
    }
    return {};
}

Result<BreakerConfig> BreakerConfig::fromJson(const QJsonValue &v, const QString &where)
{
    return BreakerConfig {}.patched(v, where);
}

Result<BreakerConfig> BreakerConfig::patched(const QJsonValue &v, const QString &where) const
{
    const QString self = where.isEmpty() ? QStringLiteral("breaker") : where;
    if (!v.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object").arg(self)));
    const QJsonObject o = v.toObject();
    static const QLatin1StringView known[] = { QLatin1StringView("enabled"),
        QLatin1StringView("window"), QLatin1StringView("window_size"),
        QLatin1StringView("minimum_calls"), QLatin1StringView("failure_rate_percent"),
        QLatin1StringView("slow_call_rate_percent"), QLatin1StringView("slow_call_ms"),
        QLatin1StringView("open_ms"), QLatin1StringView("half_open_probes") };
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (std::find(std::begin(known), std::end(known), it.key()) == std::end(known))
            return fail(
                Error::invalid(ConfigText::tr("%1: unknown key \"%2\"").arg(self, it.key())));
    }

    BreakerConfig c = *this;
    const QString enabledKey = QStringLiteral("enabled");
    if (o.contains(enabledKey)) {
        if (!o.value(enabledKey).isBool())
            return fail(Error::invalid(
                ConfigText::tr("%1: must be true or false").arg(join(where, enabledKey))));
        c.enabled = o.value(enabledKey).toBool();
    }
    const QString windowKey = QStringLiteral("window");
    if (o.contains(windowKey)) {
        const QJsonValue w = o.value(windowKey);
        const auto kind = breakerWindowFromName(w.toString());
        if (!kind)
            return fail(
                Error::invalid(ConfigText::tr("%1: unknown window \"%2\" (expected count or time)")
                                   .arg(join(where, windowKey), w.toVariant().toString())));
        c.window = *kind;
    }

    std::optional<Error> error;
    const auto read = [&](const char *key, auto &member, qint64 min, qint64 max) {
        if (error)
            return;
        auto n = readInteger(o, where, QString::fromLatin1(key), member, min, max);
        if (n)
            member = std::remove_reference_t<decltype(member)>(*n);
        else
            error = n.error();
    };
    read("window_size", c.windowSize, 1, 100'000);
    read("minimum_calls", c.minimumCalls, 1, 100'000);
    read("failure_rate_percent", c.failureRatePercent, 1, 100);
    read("slow_call_rate_percent", c.slowCallRatePercent, 1, 100);
    read("slow_call_ms", c.slowCallMs, 1, 3'600'000);
    read("open_ms", c.openMs, 1, 86'400'000);
    read("half_open_probes", c.halfOpenProbes, 1, 1000);
    if (error)
        return fail(*error);
    return c;
}

QJsonObject BreakerConfig::toJson() const
{
    return QJsonObject {
        { QStringLiteral("enabled"), enabled },
        { QStringLiteral("window"), breakerWindowName(window) },
        { QStringLiteral("window_size"), windowSize },
        { QStringLiteral("minimum_calls"), minimumCalls },
        { QStringLiteral("failure_rate_percent"), failureRatePercent },
        { QStringLiteral("slow_call_rate_percent"), slowCallRatePercent },
        { QStringLiteral("slow_call_ms"), slowCallMs },
        { QStringLiteral("open_ms"), openMs },
        { QStringLiteral("half_open_probes"), halfOpenProbes },
    };
}

CircuitBreaker::CircuitBreaker(BreakerConfig config)
    : m_config(std::move(config))
{
}

void CircuitBreaker::setConfig(const BreakerConfig &config)
{
    const BreakerConfig old = std::exchange(m_config, config);
    if (old.window != config.window || old.windowSize != config.windowSize
        || old.enabled != config.enabled)
        clearWindow();
    // Results of calls made while disabled were not counted, so permits handed out before would
    // never come back: start the probe period anew.
    if (old.enabled != config.enabled) {
        m_permits = 0;
        m_probes = {};
    }
}

bool CircuitBreaker::tryAcquire(qint64 nowMs)
{
    if (!m_config.enabled)
        return true;
    if (m_state == BreakerState::Open) {
        // The caller should have polled; make the move anyway rather than stay open forever.
        if (auto t = openIfDue(nowMs))
            m_unreported = std::move(t);
    }
    switch (m_state) {
    case BreakerState::Closed:
        return true;
    case BreakerState::Open:
        return false;
    case BreakerState::HalfOpen:
        if (m_permits >= m_config.halfOpenProbes)
            return false;
        ++m_permits;
        return true;
    }
    return false;
}

void CircuitBreaker::release()
{
    if (m_state == BreakerState::HalfOpen && m_permits > m_probes.calls)
        --m_permits;
}

std::optional<BreakerTransition> CircuitBreaker::onCallFinished(
    bool failed, qint64 durationMs, qint64 nowMs)
{
    if (!m_config.enabled)
        return std::nullopt;
    const bool slow = durationMs >= m_config.slowCallMs;
    switch (m_state) {
    case BreakerState::Open:
        return std::nullopt;
    case BreakerState::HalfOpen:
        // More results than permits: a call from before the trip finishing late.
        if (m_probes.calls >= m_permits)
            return std::nullopt;
        ++m_probes.calls;
        m_probes.failures += failed ? 1 : 0;
        m_probes.slow += slow ? 1 : 0;
        return judgeProbes(nowMs);
    case BreakerState::Closed:
        break;
    }

    forgetBefore(nowMs);
    record(failed, slow, nowMs);
    const Tally &w = m_window;
    if (w.calls < minimumCalls())
        return std::nullopt;
    const bool failing = atLeast(w.failures, w.calls, m_config.failureRatePercent);
    const bool slowing = atLeast(w.slow, w.calls, m_config.slowCallRatePercent);
    if (!failing && !slowing)
        return std::nullopt;
    QStringList why;
    if (failing)
        why.append(QStringLiteral("failure rate %1 % ≥ %2 %")
                       .arg(rate(percent(w.failures, w.calls)))
                       .arg(m_config.failureRatePercent));
    if (slowing)
        why.append(QStringLiteral("slow-call rate %1 % ≥ %2 % (calls of %3 or longer)")
                       .arg(rate(percent(w.slow, w.calls)))
                       .arg(m_config.slowCallRatePercent)
                       .arg(duration(m_config.slowCallMs)));
    return moveTo(
        BreakerState::Open, nowMs, why.join(QStringLiteral(" and ")) + u' ' + windowDescription(w));
}

std::optional<BreakerTransition> CircuitBreaker::poll(qint64 nowMs)
{
    if (m_unreported)
        return std::exchange(m_unreported, std::nullopt);
    if (!m_config.enabled)
        return std::nullopt;
    switch (m_state) {
    case BreakerState::Closed:
        forgetBefore(nowMs);
        return std::nullopt;
    case BreakerState::Open:
        return openIfDue(nowMs);
    case BreakerState::HalfOpen:
        return judgeProbes(nowMs);
    }
    return std::nullopt;
}

std::optional<BreakerTransition> CircuitBreaker::reset(qint64 nowMs)
{
    if (m_state == BreakerState::Closed) {
        forgetBefore(nowMs);
        if (m_window.calls == 0)
            return std::nullopt;
    }
    return moveTo(BreakerState::Closed, nowMs, QStringLiteral("reset by an operator"));
}

std::optional<qint64> CircuitBreaker::reopensAtMs() const
{
    if (m_state != BreakerState::Open)
        return std::nullopt;
    return m_stateSinceMs + m_config.openMs;
}

double CircuitBreaker::failureRatePercent() const
{
    if (m_state == BreakerState::Open)
        return m_lastTrip ? m_lastTrip->failureRatePercent : 0.0;
    const Tally t = current();
    return percent(t.failures, t.calls);
}

double CircuitBreaker::slowCallRatePercent() const
{
    if (m_state == BreakerState::Open)
        return m_lastTrip ? m_lastTrip->slowCallRatePercent : 0.0;
    const Tally t = current();
    return percent(t.slow, t.calls);
}

int CircuitBreaker::callsInWindow() const
{
    if (m_state == BreakerState::Open)
        return m_lastTrip ? m_lastTrip->calls : 0;
    return clampToInt(current().calls);
}

CircuitBreaker::Tally CircuitBreaker::current() const
{
    return m_state == BreakerState::HalfOpen ? m_probes : m_window;
}

void CircuitBreaker::clearWindow()
{
    m_window = {};
    m_ring.clear();
    m_ring.shrink_to_fit();
    m_ringNext = 0;
    m_seconds.clear();
}

void CircuitBreaker::forgetBefore(qint64 nowMs)
{
    if (m_config.window != BreakerWindow::Time)
        return;
    const qint64 oldestKept = secondOf(nowMs) - m_config.windowSize + 1;
    while (!m_seconds.empty() && m_seconds.front().second < oldestKept) {
        const Tally &t = m_seconds.front().tally;
        m_window.calls -= t.calls;
        m_window.failures -= t.failures;
        m_window.slow -= t.slow;
        m_seconds.pop_front();
    }
}

void CircuitBreaker::record(bool failed, bool slow, qint64 nowMs)
{
    const Tally call { 1, failed ? 1 : 0, slow ? 1 : 0 };
    if (m_config.window == BreakerWindow::Time) {
        const qint64 second = secondOf(nowMs);
        // A clock that went back adds to the newest second, which keeps the seconds in order.
        if (m_seconds.empty() || m_seconds.back().second < second)
            m_seconds.push_back({ second, {} });
        Tally &t = m_seconds.back().tally;
        t.calls += call.calls;
        t.failures += call.failures;
        t.slow += call.slow;
    } else {
        const quint8 outcome = quint8((failed ? kFailed : 0) | (slow ? kSlow : 0));
        if (m_ring.size() < size_t(m_config.windowSize)) {
            m_ring.push_back(outcome);
        } else {
            const quint8 oldest = m_ring[size_t(m_ringNext)];
            m_window.calls -= 1;
            m_window.failures -= (oldest & kFailed) ? 1 : 0;
            m_window.slow -= (oldest & kSlow) ? 1 : 0;
            m_ring[size_t(m_ringNext)] = outcome;
            m_ringNext = (m_ringNext + 1) % m_config.windowSize;
        }
    }
    m_window.calls += call.calls;
    m_window.failures += call.failures;
    m_window.slow += call.slow;
}

int CircuitBreaker::minimumCalls() const
{
    if (m_config.window == BreakerWindow::Count)
        return std::min(m_config.minimumCalls, m_config.windowSize);
    return m_config.minimumCalls;
}

BreakerTransition CircuitBreaker::moveTo(BreakerState to, qint64 nowMs, QString reason)
{
    BreakerTransition t { m_state, to, nowMs, failureRatePercent(), slowCallRatePercent(),
        callsInWindow(), std::move(reason) };
    m_state = to;
    m_stateSinceMs = nowMs;
    // Whatever tryAcquire() did before is history now; the caller learns the state from this.
    m_unreported.reset();
    clearWindow();
    m_permits = 0;
    m_probes = {};
    if (to == BreakerState::Open)
        m_lastTrip = t;
    return t;
}

std::optional<BreakerTransition> CircuitBreaker::openIfDue(qint64 nowMs)
{
    if (m_state != BreakerState::Open || nowMs < m_stateSinceMs + m_config.openMs)
        return std::nullopt;
    const int n = m_config.halfOpenProbes;
    return moveTo(BreakerState::HalfOpen, nowMs,
        QStringLiteral("open for %1: letting %2 through")
            .arg(duration(m_config.openMs),
                n == 1 ? QStringLiteral("1 probe call") : QStringLiteral("%1 probe calls").arg(n)));
}

std::optional<BreakerTransition> CircuitBreaker::judgeProbes(qint64 nowMs)
{
    const Tally p = m_probes;
    if (m_state != BreakerState::HalfOpen || p.calls < m_config.halfOpenProbes)
        return std::nullopt;
    const bool failing = atLeast(p.failures, p.calls, m_config.failureRatePercent);
    const bool slowing = atLeast(p.slow, p.calls, m_config.slowCallRatePercent);
    if (!failing && !slowing) {
        QString reason = QStringLiteral("%1 of %2 probes succeeded (failure rate %3 % < %4 %")
                             .arg(p.calls - p.failures)
                             .arg(p.calls)
                             .arg(rate(percent(p.failures, p.calls)))
                             .arg(m_config.failureRatePercent);
        if (p.slow > 0)
            reason += QStringLiteral(", slow-call rate %1 % < %2 %")
                          .arg(rate(percent(p.slow, p.calls)))
                          .arg(m_config.slowCallRatePercent);
        return moveTo(BreakerState::Closed, nowMs, reason + u')');
    }
    QStringList why;
    if (failing)
        why.append(QStringLiteral("probe failure rate %1 % ≥ %2 % (%3 of %4 probes failed)")
                       .arg(rate(percent(p.failures, p.calls)))
                       .arg(m_config.failureRatePercent)
                       .arg(p.failures)
                       .arg(p.calls));
    if (slowing)
        why.append(QStringLiteral("probe slow-call rate %1 % ≥ %2 % (%3 of %4 probes took %5 or "
                                  "longer)")
                       .arg(rate(percent(p.slow, p.calls)))
                       .arg(m_config.slowCallRatePercent)
                       .arg(p.slow)
                       .arg(p.calls)
                       .arg(duration(m_config.slowCallMs)));
    return moveTo(BreakerState::Open, nowMs, why.join(QStringLiteral(" and ")));
}

QString CircuitBreaker::windowDescription(const Tally &t) const
{
    if (m_config.window == BreakerWindow::Time)
        return QStringLiteral("over %1 in the last %2")
            .arg(t.calls == 1 ? QStringLiteral("1 call") : QStringLiteral("%1 calls").arg(t.calls),
                duration(qint64(m_config.windowSize) * 1000));
    return t.calls == 1 ? QStringLiteral("over the last call")
                        : QStringLiteral("over the last %1 calls").arg(t.calls);
}

} // namespace Tandem
