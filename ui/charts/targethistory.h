// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>

#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QString>

#include <array>

#include "engine/dispatch/circuitbreaker.h"
#include "engine/metrics/metricssnapshot.h"
#include "ui/charts/chartrange.h"

namespace Tandem::Ui {

/// The figures of one target at one moment that the charts plot: counters since the engine
/// started (rates come from the difference of two samples) and the latency quantiles of the
/// last minute. Read from a recorded row (MetricsSnapshot::toJson) or a live snapshot.
struct ChartSample
{
    qint64 atMs = 0;
    qint64 successes = 0;
    std::array<qint64, FailureClasses.size()> failures {}; ///< indexed as FailureClasses
    qint64 latencyCount = 0; ///< attempts in the latency window; 0: the quantiles mean nothing
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    BreakerState breaker = BreakerState::Closed;

    static ChartSample fromJson(qint64 atMs, const QJsonObject &snapshot);
    static ChartSample fromSnapshot(const MetricsSnapshot &snapshot);
};

/// A stretch of time during which the breaker was open or half-open.
struct BreakerBand
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    BreakerState state = BreakerState::Open;

    friend bool operator==(const BreakerBand &, const BreakerBand &) = default;
};

/// What the two charts of a target draw for one time range: x in ms since the epoch, latency in
/// milliseconds, rates per the range's rate unit; at most one point per bucket. A point with a
/// NaN y breaks every line where the engine recorded nothing for a while (it was not running).
struct ChartLines
{
    std::array<QList<QPointF>, 3> latency; ///< p50, p95, p99
    QList<QPointF> successes;
    std::array<QList<QPointF>, FailureClasses.size()> failures; ///< indexed as FailureClasses
    QList<BreakerBand> bands;
    double maxLatencyMs = 0;
    double maxRate = 0;
    bool hasDeliveries = false; ///< any attempt in the range
};

/// The recorded and live figures of one target for one chart range, kept in memory so that a
/// new snapshot a second is appended without reading the store again, and turned into chart
/// lines on demand (downsampled to a given number of buckets).
///
/// Rates: counters restart at 0 with the engine, so a counter lower than its predecessor is
/// read as a restart and counted from 0. Breaker bands come from the recorded transitions; a
/// breaker that was open when its engine stopped (a restarted engine starts closed without
/// recording a transition) ends at the first later sample that reports it closed.
///
/// Thread: any, one at a time (the charts use it on the UI thread).
class TargetHistory
{
public:
    explicit TargetHistory(ChartRange range = ChartRange::FiveMinutes);

    ChartRange range() const { return m_range; }
    /// Replaces everything: the recorded samples (oldest first) and breaker transitions of the
    /// range.
    void reset(ChartRange range, const QList<ChartSample> &samples,
        const QList<BreakerTransition> &transitions);
    /// Appends a sample newer than the last one; at one-minute resolution only the first sample
    /// of each minute is kept, as the store does. Returns whether it was kept.
    bool append(const ChartSample &sample);
    void addTransition(const BreakerTransition &transition);
    /// Forgets samples and transitions before `fromMs` (keeping the breaker state they leave);
    /// returns whether anything was forgotten.
    bool dropBefore(qint64 fromMs);

    int sampleCount() const { return int(m_rows.size()); }
    qint64 lastSampleAtMs() const { return m_rows.empty() ? 0 : m_rows.back().sample.atMs; }

    /// The lines between `fromMs` and `toMs` with at most about `maxPoints` points each: samples
    /// falling into one bucket are merged (rates averaged over the bucket, latency the highest
    /// of the bucket, so that a short spike stays visible at any zoom).
    ChartLines lines(qint64 fromMs, qint64 toMs, int maxPoints) const;

private:
    struct Row
    {
        ChartSample sample;
        qint64 dtMs = 0; ///< since the previous sample; 0 for the first (no rate yet)
        qint64 successes = 0; ///< since the previous sample
        std::array<qint64, FailureClasses.size()> failures {};
    };

    void appendRow(const ChartSample &sample);
    QList<BreakerBand> bands(qint64 fromMs, qint64 toMs) const;

    ChartRange m_range;
    std::deque<Row> m_rows;
    QList<BreakerTransition> m_transitions; ///< oldest first
    std::optional<BreakerState> m_stateBefore; ///< the state left by transitions dropped
};

} // namespace Tandem::Ui
