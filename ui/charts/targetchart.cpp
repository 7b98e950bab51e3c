// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/charts/targetchart.h"

#include <QHBoxLayout>

#include "engine/core/clock.h"
#include "engine/dispatch/engine.h"
#include "engine/store/storethread.h"
#include "ui/charts/historychartview.h"

namespace Tandem::Ui {

namespace {

// Before the chart has a size: about the width of a chart in a maximised window.
constexpr int DefaultPoints = 800;
// A resize redraws the lines with a new number of points only when it is worth it.
constexpr int RedrawWidthChange = 64;

struct FailureLine
{
    ErrorClass errorClass;
    const char *label;
    const char *color;
};

// In the order of FailureClasses; the warm colours for what a target answered, the cold ones
// for what went wrong on the way.
constexpr FailureLine FailureLines[] = {
    { ErrorClass::Timeout, QT_TRANSLATE_NOOP("Tandem::Ui::TargetChart", "Timeout"), "#9333ea" },
    { ErrorClass::Connection, QT_TRANSLATE_NOOP("Tandem::Ui::TargetChart", "Connection"),
        "#475569" },
    { ErrorClass::Tls, QT_TRANSLATE_NOOP("Tandem::Ui::TargetChart", "TLS"), "#0891b2" },
    { ErrorClass::Http4xx, QT_TRANSLATE_NOOP("Tandem::Ui::TargetChart", "HTTP 4xx"), "#ea580c" },
    { ErrorClass::Http429, QT_TRANSLATE_NOOP("Tandem::Ui::TargetChart", "HTTP 429"), "#ca8a04" },
    { ErrorClass::Http5xx, QT_TRANSLATE_NOOP("Tandem::Ui::TargetChart", "HTTP 5xx"), "#dc2626" },
    { ErrorClass::Redirect, QT_TRANSLATE_NOOP("Tandem::Ui::TargetChart", "Redirect"), "#78716c" },
    { ErrorClass::Protocol, QT_TRANSLATE_NOOP("Tandem::Ui::TargetChart", "Protocol"), "#db2777" },
};
static_assert(std::size(FailureLines) == FailureClasses.size());

QList<QPointF> scaled(const QList<QPointF> &points, double factor)
{
    if (factor == 1.0)
        return points;
    QList<QPointF> out;
    out.reserve(points.size());
    for (const QPointF &p : points)
        out.append({ p.x(), p.y() * factor });
    return out;
}

} // namespace

TargetChart::TargetChart(Engine &engine, const QString &target, ChartRange range, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_target(target)
    , m_history(range)
{
    setObjectName(QStringLiteral("chart-") + target);
    m_latency = new HistoryChartView(tr("%1 · Latency").arg(target),
        {
            { tr("p50"), QColor(0x60, 0xa5, 0xfa) },
            { tr("p95"), QColor(0x25, 0x63, 0xeb) },
            { tr("p99"), QColor(0x1e, 0x3a, 0x8a) },
        });
    m_latency->setObjectName(QStringLiteral("latencyChart"));
    QList<HistoryChartView::Line> outcomes { { tr("Succeeded"), QColor(0x16, 0xa3, 0x4a) } };
    for (const FailureLine &f : FailureLines) {
        Q_ASSERT(FailureClasses[std::size_t(&f - FailureLines)] == f.errorClass);
        outcomes.append({ tr(f.label), QColor(QLatin1String(f.color)), true });
    }
    m_outcomes = new HistoryChartView(tr("%1 · Outcomes").arg(target), outcomes);
    m_outcomes->setObjectName(QStringLiteral("outcomesChart"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_latency, 1);
    layout->addWidget(m_outcomes, 1);

    // Queued: the plot area changes while a redraw lays the chart out.
    connect(m_latency->chart(), &QChart::plotAreaChanged, this, &TargetChart::handlePlotAreaChanged,
        Qt::QueuedConnection);
    reload();
}

TargetChart::~TargetChart() = default;

void TargetChart::setRange(ChartRange range)
{
    if (range == m_history.range() && !m_loading)
        return;
    m_history.reset(range, {}, {});
    reload();
}

void TargetChart::reload()
{
    m_loading = true;
    m_liveWhileLoading.clear();
    m_transitionsWhileLoading.clear();
    const quint64 generation = ++m_generation;
    const ChartRange range = m_history.range();
    refresh(); // the new range's axes and "Loading…" while the read is on its way
    m_engine.store().post<Read>(
        this,
        [target = m_target, range](Store &s) -> Result<Read> {
            const qint64 now = nowMs();
            const qint64 from = now - ChartRanges::spanMs(range);
            auto rows = s.metricsHistory(target, from, now, now);
            if (!rows)
                return fail(rows.error());
            auto transitions = s.breakerHistory(target, from, now);
            if (!transitions)
                return fail(transitions.error());
            Read read;
            read.samples.reserve(rows->size());
            for (const Store::MetricsPoint &p : std::as_const(*rows))
                read.samples.append(ChartSample::fromJson(p.atMs, p.snapshot));
            read.transitions = *transitions;
            return read;
        },
        [this, generation, range](Result<Read> r) {
            if (generation != m_generation)
                return; // made for an earlier range; the read for this one is on its way
            m_loading = false;
            if (r) {
                handleRead(*r, range);
            } else {
                refresh();
                Q_EMIT loadFailed(r.error().message);
            }
        },
        StoreThread::Commit::Lazy);
}

void TargetChart::handleRead(const Read &read, ChartRange range)
{
    m_history.reset(range, read.samples, read.transitions);
    // What the engine reported meanwhile; append() keeps only what is newer than the rows read.
    for (const ChartSample &s : std::as_const(m_liveWhileLoading))
        m_history.append(s);
    for (const BreakerTransition &t : std::as_const(m_transitionsWhileLoading))
        m_history.addTransition(t);
    m_liveWhileLoading.clear();
    m_transitionsWhileLoading.clear();
    refresh();
    Q_EMIT loaded();
}

void TargetChart::addSnapshot(const MetricsSnapshot &snapshot, Redraw redraw)
{
    const ChartSample sample = ChartSample::fromSnapshot(snapshot);
    if (m_loading)
        m_liveWhileLoading.append(sample);
    else
        m_history.append(sample);
    if (redraw == Redraw::Now)
        refresh();
}

void TargetChart::addTransition(const BreakerTransition &transition)
{
    if (m_loading)
        m_transitionsWhileLoading.append(transition);
    else
        m_history.addTransition(transition);
    refresh();
}

void TargetChart::refresh()
{
    const ChartRange range = m_history.range();
    // The newest sample may be a little ahead of this clock (another thread took it).
    const qint64 now = std::max(nowMs(), m_history.lastSampleAtMs());
    const qint64 from = now - ChartRanges::spanMs(range);
    m_history.dropBefore(from);
    if (!isVisible())
        return; // drawn when shown: another tab is in front, or the window is minimised
    const int width = m_latency->plotWidth();
    m_renderedWidth = width;
    const ChartLines lines = m_history.lines(from, now, width > 0 ? width : DefaultPoints);

    for (HistoryChartView *view : { m_latency, m_outcomes }) {
        view->setTimeRange(
            from, now, ChartRanges::axisFormat(range), ChartRanges::axisTickCount(range));
        view->setBands(lines.bands);
        view->setEmptyText(m_loading  ? tr("Loading…")
                : lines.hasDeliveries ? QString()
                                      : ChartRanges::emptyText(range));
    }

    // Seconds once the slowest line reaches a second: "2.5 s" reads better than "2500 ms".
    const bool seconds = lines.maxLatencyMs >= 1000;
    const double factor = seconds ? 0.001 : 1.0;
    m_latency->setPoints({ scaled(lines.latency[0], factor), scaled(lines.latency[1], factor),
                             scaled(lines.latency[2], factor) },
        seconds ? tr("Latency (s)") : tr("Latency (ms)"), seconds ? tr("%1 s") : tr("%1 ms"));

    QList<QList<QPointF>> outcomes { lines.successes };
    for (const QList<QPointF> &f : lines.failures)
        outcomes.append(f);
    const QString unit = ChartRanges::rateUnit(range);
    m_outcomes->setPoints(outcomes,
        ChartRanges::rateUnitMs(range) == 1000 ? tr("Attempts/s") : tr("Attempts/min"),
        QStringLiteral("%1") + unit);
}

void TargetChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void TargetChart::handlePlotAreaChanged()
{
    if (std::abs(m_latency->plotWidth() - m_renderedWidth) >= RedrawWidthChange)
        refresh();
}

} // namespace Tandem::Ui
