// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include "ui/charts/chartrange.h"
#include "ui/charts/targethistory.h"

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

class HistoryChartView;

/// The two charts of one target side by side: latency (p50, p95, p99 of the last minute) and
/// outcomes (successes and failures by error class, as rates), over the chosen range, with the
/// breaker's open periods shaded in both.
///
/// The range's history is read from the store (Store::metricsHistory, breakerHistory) by
/// StoreThread::post(), never waited for; afterwards the engine's snapshots (about one a second)
/// and breaker transitions are appended in memory and the charts redrawn without reading again.
/// What arrives while a read is on its way is kept and added to its result; a read made for an
/// earlier range is dropped when it arrives.
///
/// Thread: UI thread, with the engine (not owned; must outlive the widget).
class TargetChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetChart)

public:
    TargetChart(Engine &engine, const QString &target, ChartRange range, QWidget *parent = nullptr);
    ~TargetChart() override;

    QString target() const { return m_target; }
    ChartRange range() const { return m_history.range(); }
    /// Shows another range: its history is read from the store.
    void setRange(ChartRange range);
    /// Reads the current range's history again.
    void reload();
    bool isLoading() const { return m_loading; }

    enum class Redraw { Now, Later };
    /// A live snapshot of this target (from Engine::metricsUpdated); Later keeps it for the
    /// next redraw (a slower refresh).
    void addSnapshot(const MetricsSnapshot &snapshot, Redraw redraw = Redraw::Now);
    void addTransition(const BreakerTransition &transition);
    /// Moves the time window to now and redraws (when shown; hidden, it only forgets what fell
    /// out of the range).
    void refresh();

    HistoryChartView *latencyView() const { return m_latency; }
    HistoryChartView *outcomesView() const { return m_outcomes; }
    const TargetHistory &history() const { return m_history; }

protected:
    void showEvent(QShowEvent *event) override;

Q_SIGNALS:
    /// A read of the history arrived and the charts show it (for tests).
    void loaded();
    void loadFailed(const QString &message);

private:
    struct Read
    {
        QList<ChartSample> samples;
        QList<BreakerTransition> transitions;
    };

    void handleRead(const Read &read, ChartRange range);
    void handlePlotAreaChanged();

    Engine &m_engine;
    QString m_target;
    TargetHistory m_history;
    bool m_loading = false;
    quint64 m_generation = 0; ///< grows with every read, so that only the latest one applies
    QList<ChartSample> m_liveWhileLoading;
    QList<BreakerTransition> m_transitionsWhileLoading;
    int m_renderedWidth = 0;
    HistoryChartView *m_latency = nullptr;
    HistoryChartView *m_outcomes = nullptr;
};

} // namespace Tandem::Ui
