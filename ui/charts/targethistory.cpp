// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/charts/targethistory.h"

#include <algorithm>
#include <limits>

#include <QJsonValue>

namespace Tandem::Ui {

namespace {

// A snapshot is taken up to a second before the engine records it, so one taken just after a
// transition may still report the state before it.
constexpr qint64 SnapshotLagMs = 2000;
constexpr qint64 GapSamples = 5;

BreakerState breakerStateFromName(const QString &name)
{
    return name == u"open"     ? BreakerState::Open
        : name == u"half_open" ? BreakerState::HalfOpen
                               : BreakerState::Closed;
}

} // namespace

ChartSample ChartSample::fromJson(qint64 atMs, const QJsonObject &snapshot)
{
    ChartSample s;
    s.atMs = atMs;
    s.successes = snapshot.value(u"successes").toInteger();
    const QJsonObject failures = snapshot.value(u"failures").toObject();
    for (std::size_t i = 0; i < FailureClasses.size(); ++i)
        s.failures[i] = failures.value(errorClassName(FailureClasses[i])).toInteger();
    // The shortest latency window: the other two would smear a spike over 5 or 15 minutes.
    const QJsonObject latency = snapshot.value(u"latency_ms")
                                    .toObject()
                                    .value(QString::number(LatencyWindowMinutes[0]) + u'm')
                                    .toObject();
    s.latencyCount = latency.value(u"count").toInteger();
    s.p50Ms = latency.value(u"p50").toDouble();
    s.p95Ms = latency.value(u"p95").toDouble();
    s.p99Ms = latency.value(u"p99").toDouble();
    s.breaker = breakerStateFromName(snapshot.value(u"breaker").toString());
    return s;
}

ChartSample ChartSample::fromSnapshot(const MetricsSnapshot &snapshot)
{
    ChartSample s;
    s.atMs = snapshot.takenAtMs;
    s.successes = snapshot.successes;
    s.failures = snapshot.failures;
    const LatencyWindow::Quantiles &q = snapshot.latency[0];
    s.latencyCount = q.count;
    s.p50Ms = double(q.p50Us) / 1000.0;
    s.p95Ms = double(q.p95Us) / 1000.0;
    s.p99Ms = double(q.p99Us) / 1000.0;
    s.breaker = breakerStateFromName(snapshot.breakerState);
    return s;
}

TargetHistory::TargetHistory(ChartRange range)
    : m_range(range)
{
}

void TargetHistory::reset(ChartRange range, const QList<ChartSample> &samples,
    const QList<BreakerTransition> &transitions)
{
    m_range = range;
    m_rows.clear();
    m_transitions = transitions;
    m_stateBefore.reset();
    for (const ChartSample &s : samples) {
        if (m_rows.empty() || s.atMs > m_rows.back().sample.atMs)
            appendRow(s);
    }
}

bool TargetHistory::append(const ChartSample &sample)
{
    if (!m_rows.empty()) {
        const qint64 last = m_rows.back().sample.atMs;
        if (sample.atMs <= last)
            return false;
        const qint64 resolution = ChartRanges::resolutionMs(m_range);
        if (resolution > 1000 && sample.atMs / resolution == last / resolution)
            return false;
    }
    appendRow(sample);
    return true;
}

void TargetHistory::appendRow(const ChartSample &sample)
{
    Row row;
    row.sample = sample;
    if (!m_rows.empty()) {
        const ChartSample &previous = m_rows.back().sample;
        // A counter that went down belongs to an engine started since: it counts from 0.
        const auto delta
            = [](qint64 now, qint64 before) { return now >= before ? now - before : now; };
        row.dtMs = sample.atMs - previous.atMs;
        row.successes = delta(sample.successes, previous.successes);
        for (std::size_t i = 0; i < row.failures.size(); ++i)
            row.failures[i] = delta(sample.failures[i], previous.failures[i]);
    }
    m_rows.push_back(row);
}

void TargetHistory::addTransition(const BreakerTransition &transition)
{
    if (!m_transitions.isEmpty() && transition.atMs <= m_transitions.last().atMs)
        return; // already known, or out of order after a reload
    m_transitions.append(transition);
}

bool TargetHistory::dropBefore(qint64 fromMs)
{
    const std::size_t rows = m_rows.size();
    while (!m_rows.empty() && m_rows.front().sample.atMs < fromMs)
        m_rows.pop_front();
    qsizetype dropped = 0;
    while (dropped < m_transitions.size() && m_transitions.at(dropped).atMs < fromMs)
        ++dropped;
    if (dropped > 0) {
        m_stateBefore = m_transitions.at(dropped - 1).to;
        m_transitions.remove(0, dropped);
    }
    return dropped > 0 || m_rows.size() != rows;
}

QList<BreakerBand> TargetHistory::bands(qint64 fromMs, qint64 toMs) const
{
    BreakerState state = BreakerState::Closed;
    if (m_stateBefore)
        state = *m_stateBefore;
    else if (!m_transitions.isEmpty())
        state = m_transitions.first().from;
    else if (!m_rows.empty())
        state = m_rows.front().sample.breaker;

    // Where a band that lasts until `end` by the transitions really ended: at the first sample
    // after its start that reports the breaker closed (an engine restarted meanwhile).
    const auto endOf = [this](qint64 start, qint64 end) {
        auto it = std::lower_bound(m_rows.begin(), m_rows.end(), start + SnapshotLagMs,
            [](const Row &r, qint64 at) { return r.sample.atMs < at; });
        for (; it != m_rows.end() && it->sample.atMs < end; ++it) {
            if (it->sample.breaker == BreakerState::Closed)
                return it->sample.atMs;
        }
        return end;
    };

    QList<BreakerBand> out;
    const auto add = [&](qint64 start, qint64 end, BreakerState s) {
        if (s == BreakerState::Closed)
            return;
        start = std::max(start, fromMs);
        end = std::min(endOf(start, end), toMs);
        if (end > start)
            out.append({ start, end, s });
    };
    qint64 since = fromMs;
    for (const BreakerTransition &t : m_transitions) {
        if (t.atMs > toMs)
            break;
        add(since, t.atMs, state);
        state = t.to;
        since = t.atMs;
    }
    add(since, toMs, state);
    return out;
}

ChartLines TargetHistory::lines(qint64 fromMs, qint64 toMs, int maxPoints) const
{
    ChartLines out;
    out.bands = bands(fromMs, toMs);
    const qint64 unitMs = ChartRanges::rateUnitMs(m_range);
    const qint64 span = std::max<qint64>(1, toMs - fromMs);
    const qint64 resolutionMs = ChartRanges::resolutionMs(m_range);
    const qint64 bucketMs
        = std::max<qint64>(resolutionMs, (span + maxPoints - 1) / std::max(1, maxPoints));
    // Longer without a sample than this, and the engine was not running: the lines break there
    // rather than join across the gap.
    const qint64 gapMs = std::max(GapSamples * resolutionMs, 2 * bucketMs);

    struct Bucket
    {
        qint64 index = -1;
        qint64 lastAtMs = 0;
        bool hasLatency = false;
        std::array<double, 3> latency {};
        qint64 dtMs = 0;
        qint64 successes = 0;
        std::array<qint64, FailureClasses.size()> failures {};
    } bucket;

    const auto flush = [&] {
        if (bucket.index < 0)
            return;
        const double x = double(bucket.lastAtMs);
        if (bucket.hasLatency) {
            for (std::size_t i = 0; i < bucket.latency.size(); ++i) {
                out.latency[i].append({ x, bucket.latency[i] });
                out.maxLatencyMs = std::max(out.maxLatencyMs, bucket.latency[i]);
            }
        }
        if (bucket.dtMs > 0) {
            const auto rate = [&](qint64 n) {
                const double r = double(n) * double(unitMs) / double(bucket.dtMs);
                out.maxRate = std::max(out.maxRate, r);
                return r;
            };
            out.successes.append({ x, rate(bucket.successes) });
            for (std::size_t i = 0; i < bucket.failures.size(); ++i)
                out.failures[i].append({ x, rate(bucket.failures[i]) });
        }
        bucket = Bucket {};
    };

    const auto addBreak = [&](double x) {
        const QPointF gap(x, std::numeric_limits<double>::quiet_NaN());
        for (QList<QPointF> &line : out.latency)
            line.append(gap);
        out.successes.append(gap);
        for (QList<QPointF> &line : out.failures)
            line.append(gap);
    };

    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), fromMs,
        [](const Row &r, qint64 at) { return r.sample.atMs < at; });
    for (; it != m_rows.end() && it->sample.atMs <= toMs; ++it) {
        const Row &row = *it;
        const qint64 index = (row.sample.atMs - fromMs) / bucketMs;
        const bool afterGap = row.dtMs > gapMs;
        if (index != bucket.index || afterGap) {
            flush();
            if (afterGap)
                addBreak(double(row.sample.atMs - row.dtMs / 2));
            bucket.index = index;
        }
        bucket.lastAtMs = row.sample.atMs;
        if (row.sample.latencyCount > 0) {
            const std::array<double, 3> q { row.sample.p50Ms, row.sample.p95Ms, row.sample.p99Ms };
            for (std::size_t i = 0; i < q.size(); ++i)
                bucket.latency[i] = std::max(bucket.latency[i], q[i]);
            bucket.hasLatency = true;
            out.hasDeliveries = true;
        }
        // After a gap the counters cover an unknown part of it: no rate from them.
        if (row.dtMs > 0 && !afterGap) {
            bucket.dtMs += row.dtMs;
            bucket.successes += row.successes;
            qint64 attempts = row.successes;
            for (std::size_t i = 0; i < row.failures.size(); ++i) {
                bucket.failures[i] += row.failures[i];
                attempts += row.failures[i];
            }
            out.hasDeliveries = out.hasDeliveries || attempts > 0;
        }
    }
    flush();
    return out;
}

} // namespace Tandem::Ui
