// SPDX-License-Identifier: GPL-3.0-or-later
// The per-target charts, offscreen, on a real engine and a real SQLite store: history recorded
// in the store (Store::recordMetrics, recordBreakerTransition) is plotted with its values and its
// breaker-open period shaded at the right times; switching the range reads the store again and
// is remembered; a live engine against a failing local target appends points and shades the
// breaker it trips; what an engine recorded is still shown after it was stopped and a new one
// opened the same store. TargetHistory's downsampling keeps a week of minute rows to about a
// point per pixel without losing a spike.
// With TANDEM_SCREENSHOT_DIR set, it also saves PNGs of the window there.
#include <cmath>

#include <QAbstractButton>
#include <QApplication>
#include <QAreaSeries>
#include <QLineSeries>
#include <QMouseEvent>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>

#include "engine/core/clock.h"
#include "tests/support/simulatedanswers.h"
#include "tests/support/testengine.h"
#include "tests/support/uitest.h"
#include "ui/charts/historychartview.h"
#include "ui/charts/targetchart.h"
#include "ui/charts/targetchartspanel.h"
#include "ui/charts/targethistory.h"
#include "ui/mainwindow.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

constexpr qint64 SecondMs = 1000;
constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 3'600'000;

// Line indexes of the outcomes chart: successes, then FailureClasses in order.
constexpr int SucceededLine = 0;
constexpr int Http5xxLine = 1 + 5;
constexpr int Http4xxLine = 1 + 3;
static_assert(FailureClasses[5] == ErrorClass::Http5xx && FailureClasses[3] == ErrorClass::Http4xx);

enum LatencyLine { P50, P95, P99 };

/// What recordHistory() wrote, relative to `now`.
struct RecordedHistory
{
    qint64 now = 0;
    qint64 firstRecentMs = 0; ///< one-second rows from here…
    qint64 lastRecentMs = 0; ///< …to here, one a second
    qint64 openAtMs = 0; ///< breaker closed → open
    qint64 halfOpenAtMs = 0; ///< open → half-open
    qint64 closedAtMs = 0; ///< half-open → closed
    qint64 failingFromMs = 0; ///< 2 HTTP 5xx a second from here…
    qint64 failingToMs = 0; ///< …to here
};

MetricsSnapshot snapshot(const QString &target, qint64 successes, qint64 http5xx, double p50Ms,
    double p95Ms, double p99Ms, const QString &breaker)
{
    MetricsSnapshot m;
    m.target = target;
    m.successes = successes;
    m.failures[5] = http5xx;
    m.attempts = successes + http5xx;
    m.breakerState = breaker;
    m.latency[0] = { 600, qint64(p50Ms * 1000), qint64(p95Ms * 1000), qint64(p99Ms * 1000),
        qint64(p99Ms * 1000), 0 };
    return m;
}

/// Writes into a new store at `path` the history an engine would have recorded for `target`:
/// three hours of minute rows from six hours ago (p99 1.5 s, 600 successes a minute), then an
/// engine restart and four minutes of one-second rows up to ten seconds ago (p50/p95/p99 of
/// 20/80/150 ms, 10 successes a second, 2 HTTP 5xx a second for 45 s) during which the breaker
/// opened for 30 s and was half-open for 5 s. Alongside, as an engine records every target at
/// once, a healthy "billing" target whose latency wanders.
bool recordHistory(const QString &path, const QString &target, RecordedHistory &h)
{
    auto opened = SqliteStore::open(path);
    if (!opened)
        return false;
    SqliteStore &store = **opened;
    const QString billing = QStringLiteral("billing");
    if (!store.importTargets({ unreachableTarget(target), unreachableTarget(billing) }))
        return false;
    auto targets = store.targets();
    if (!targets || targets->size() != 2)
        return false;
    const qint64 targetId
        = targets->at(0).config.name == target ? targets->at(0).id : targets->at(1).id;
    const auto healthy = [&](qint64 t, qint64 successes) {
        const double wave = std::sin(double(t) / 20'000.0) + 0.5 * std::sin(double(t) / 7'000.0);
        return snapshot(billing, successes, 0, 35 + 6 * wave, 95 + 20 * wave, 190 + 60 * wave,
            QStringLiteral("closed"));
    };

    h.now = nowMs();
    h.firstRecentMs = h.now - 240 * SecondMs;
    h.lastRecentMs = h.now - 10 * SecondMs;
    h.failingFromMs = h.now - 130 * SecondMs;
    h.failingToMs = h.now - 85 * SecondMs;
    h.openAtMs = h.now - 120 * SecondMs;
    h.halfOpenAtMs = h.now - 90 * SecondMs;
    h.closedAtMs = h.now - 85 * SecondMs;

    if (!store.beginBatch(false))
        return false;
    qint64 minutes = 0;
    for (qint64 t = h.now - 6 * HourMs; t < h.now - 3 * HourMs; t += MinuteMs) {
        if (!store.recordMetrics(
                { snapshot(target, 600 * minutes, 0, 40, 400, 1500, QStringLiteral("closed")),
                    healthy(t, 360 * minutes) },
                t))
            return false;
        ++minutes;
    }
    for (qint64 t = h.firstRecentMs; t <= h.lastRecentMs; t += SecondMs) {
        const qint64 successes = 10 * (t - h.firstRecentMs) / SecondMs;
        const qint64 failing = std::clamp<qint64>(t, h.failingFromMs, h.failingToMs);
        const qint64 http5xx = 2 * (failing - h.failingFromMs) / SecondMs;
        const QString breaker = t >= h.openAtMs && t < h.halfOpenAtMs ? QStringLiteral("open")
            : t >= h.halfOpenAtMs && t < h.closedAtMs                 ? QStringLiteral("half_open")
                                                                      : QStringLiteral("closed");
        if (!store.recordMetrics({ snapshot(target, successes, http5xx, 20, 80, 150, breaker),
                                     healthy(t, successes * 6 / 10) },
                t))
            return false;
    }
    const auto transition = [&](BreakerState from, BreakerState to, qint64 at) {
        BreakerTransition t;
        t.from = from;
        t.to = to;
        t.atMs = at;
        t.reason = QStringLiteral("test");
        return store.recordBreakerTransition(targetId, t).has_value();
    };
    if (!transition(BreakerState::Closed, BreakerState::Open, h.openAtMs)
        || !transition(BreakerState::Open, BreakerState::HalfOpen, h.halfOpenAtMs)
        || !transition(BreakerState::HalfOpen, BreakerState::Closed, h.closedAtMs))
        return false;
    return store.commitBatch().has_value();
}

/// 503 after 15 ms: failures with a latency the chart shows.
SimulatedResponse slowlyUnavailable(const HttpExchange &)
{
    SimulatedResponse r = answer(503);
    r.delayMs = 15;
    return r;
}

/// The chart of `target` in the window, once its history has been read; nullptr on timeout.
TargetChart *loadedChart(MainWindow &window, const QString &target)
{
    TargetChart *chart = nullptr;
    const bool loaded = QTest::qWaitFor(
        [&] {
            chart = window.targetCharts()->chart(target);
            return chart && !chart->isLoading();
        },
        10'000);
    return loaded ? chart : nullptr;
}

QList<QPointF> pointsOf(const HistoryChartView &view, int line) { return view.linePoints(line); }

void showWindow(MainWindow &window)
{
    // Both targets' charts side by side, each wide enough for one point per second of 5 min
    // (narrower charts merge seconds, see TargetHistory::lines), under the event log.
    window.resize(2600, 1200);
    window.show();
    window.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentIndex(0);
    QVERIFY(window.findChild<QSplitter *>(QStringLiteral("targetsSplitter")));
}

void saveChartScreenshot(QWidget &widget, const QString &name)
{
    // Charts repaint their items once the event loop has run (QGraphicsScene updates are
    // queued), as they would on screen before the next frame.
    QTest::qWait(100);
    saveScreenshot(widget, name);
}

} // namespace

class tst_TargetCharts : public QObject
{
    Q_OBJECT

private:
    IsolatedSettings m_settings; ///< the windows' QSettings, never the user's
    ScratchDir m_historyDir;
    RecordedHistory m_history;

    QString historyPath() const { return m_historyDir.storePath(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(recordHistory(historyPath(), QStringLiteral("inventory"), m_history));
    }

    void showsRecordedHistory()
    {
        auto engine = openEngine(historyPath());
        MainWindow window(*engine, nullptr);
        showWindow(window);
        TargetChart *chart = loadedChart(window, QStringLiteral("inventory"));
        QVERIFY(chart);
        QCOMPARE(chart->range(), ChartRange::FiveMinutes);
        const HistoryChartView &latency = *chart->latencyView();
        const HistoryChartView &outcomes = *chart->outcomesView();
        QVERIFY(latency.emptyText().isEmpty());

        // One point per recorded second (the idle engine's own figures carry no latency).
        const qsizetype recorded
            = (m_history.lastRecentMs - m_history.firstRecentMs) / SecondMs + 1;
        const std::array<double, 3> expected { 20, 80, 150 };
        for (int line : { P50, P95, P99 }) {
            const QList<QPointF> points = pointsOf(latency, line);
            QCOMPARE(points.size(), recorded);
            QCOMPARE(qint64(points.first().x()), m_history.firstRecentMs);
            QCOMPARE(qint64(points.last().x()), m_history.lastRecentMs);
            for (const QPointF &p : points)
                QCOMPARE(p.y(), expected[line]);
        }
        QCOMPARE(latency.valueAxis()->titleText(), QStringLiteral("Latency (ms)"));
        QVERIFY(latency.valueAxis()->max() >= 150);
        QVERIFY(latency.valueAxis()->max() < 300);

        // Rates per second from the counters: 10 successes throughout, 2 HTTP 5xx while failing.
        QCOMPARE(outcomes.valueAxis()->titleText(), QStringLiteral("Attempts/s"));
        for (const QPointF &p : pointsOf(outcomes, SucceededLine)) {
            if (p.x() <= m_history.lastRecentMs)
                QCOMPARE(p.y(), 10.0);
        }
        QVERIFY(outcomes.isLineShown(Http5xxLine));
        QVERIFY(!outcomes.isLineShown(Http4xxLine)); // no 4xx in the range: not in the legend
        for (const QPointF &p : pointsOf(outcomes, Http5xxLine)) {
            const bool failing = p.x() > m_history.failingFromMs && p.x() <= m_history.failingToMs;
            QCOMPARE(p.y(), failing ? 2.0 : 0.0);
        }

        // The breaker: open for 30 s, then half-open for 5 s, shaded in both charts.
        const QList<BreakerBand> bands {
            { m_history.openAtMs, m_history.halfOpenAtMs, BreakerState::Open },
            { m_history.halfOpenAtMs, m_history.closedAtMs, BreakerState::HalfOpen },
        };
        QCOMPARE(latency.bands(), bands);
        QCOMPARE(latency.legendEntries(),
            QStringList({ QStringLiteral("Breaker open"), QStringLiteral("Breaker half-open"),
                QStringLiteral("p50"), QStringLiteral("p95"), QStringLiteral("p99") }));
        QCOMPARE(outcomes.legendEntries(),
            QStringList({ QStringLiteral("Breaker open"), QStringLiteral("Breaker half-open"),
                QStringLiteral("Succeeded"), QStringLiteral("HTTP 5xx") }));
        QCOMPARE(outcomes.bands(), bands);
        const QList<QPointF> open = latency.bandSeries(BreakerState::Open)->upperSeries()->points();
        QCOMPARE(open,
            QList<QPointF>({ { double(m_history.openAtMs), 0 }, { double(m_history.openAtMs), 1 },
                { double(m_history.halfOpenAtMs), 1 }, { double(m_history.halfOpenAtMs), 0 } }));
        // …drawn where those times are on the time axis.
        QChart *c = chart->latencyView()->chart();
        QAreaSeries *openArea = latency.bandSeries(BreakerState::Open);
        const QPointF left = c->mapToPosition({ double(m_history.openAtMs), 0.5 }, openArea);
        const QPointF right = c->mapToPosition({ double(m_history.halfOpenAtMs), 0.5 }, openArea);
        const QRectF plot = c->plotArea();
        QVERIFY(plot.contains(left) && plot.contains(right));
        QVERIFY2(std::abs((right.x() - left.x()) / plot.width() - 30.0 / 300.0) < 0.01,
            "30 s of a 5 min axis");

        // Hovering shows the time and every line's value there, and the breaker's state.
        const QString tip = latency.toolTipAt(double(m_history.openAtMs + 5 * SecondMs));
        QVERIFY2(tip.contains(QStringLiteral("p50: 20 ms"))
                && tip.contains(QStringLiteral("p95: 80 ms"))
                && tip.contains(QStringLiteral("p99: 150 ms")),
            qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Breaker open")), qPrintable(tip));
        const QString rateTip = outcomes.toolTipAt(double(m_history.failingFromMs + 10 * SecondMs));
        QVERIFY2(rateTip.contains(QStringLiteral("Succeeded: 10/s"))
                && rateTip.contains(QStringLiteral("HTTP 5xx: 2/s")),
            qPrintable(rateTip));
        // …and so does the pointer over the chart.
        QWidget *viewport = chart->latencyView()->viewport();
        const QPoint inside = chart->latencyView()->mapFromScene(
            c->mapToPosition({ double(m_history.openAtMs + 5 * SecondMs), 0.5 }, openArea));
        QMouseEvent move(QEvent::MouseMove, QPointF(inside), QPointF(viewport->mapToGlobal(inside)),
            Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(viewport, &move);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(
            QToolTip::text().contains(QStringLiteral("p99: 150 ms")), qPrintable(QToolTip::text()));
        saveChartScreenshot(window, QStringLiteral("targetcharts-5min.png"));
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (w->inherits("QTipLabel") && w->isVisible())
                saveChartScreenshot(*w, QStringLiteral("targetcharts-tooltip.png"));
        }
        QVERIFY(stopEngine(*engine));
    }

    void switchingRangeReReads()
    {
        auto engine = openEngine(historyPath());
        {
            MainWindow window(*engine, nullptr);
            showWindow(window);
            TargetChart *chart = loadedChart(window, QStringLiteral("inventory"));
            QVERIFY(chart);
            const qsizetype fiveMinutePoints = chart->latencyView()->linePoints(P99).size();

            // 24 h: the minute rows, including the hours before the engine restarted (p99 1.5 s).
            auto *button = window.findChild<QAbstractButton *>(QStringLiteral("range-24h"));
            QVERIFY(button);
            button->click();
            QCOMPARE(window.targetCharts()->range(), ChartRange::OneDay);
            QVERIFY(chart->isLoading()); // read from the store, not made up from what it had
            QVERIFY(loadedChart(window, QStringLiteral("inventory")));
            const HistoryChartView &latency = *chart->latencyView();
            QCOMPARE(latency.valueAxis()->titleText(), QStringLiteral("Latency (s)"));
            const QList<QPointF> p99 = pointsOf(latency, P99);
            QVERIFY(p99.size() != fiveMinutePoints);
            QVERIFY(p99.size() > 20);
            QVERIFY(p99.size() <= latency.plotWidth() + 1); // about a point per pixel at most
            QVERIFY(qint64(p99.first().x()) >= m_history.now - 6 * HourMs);
            QVERIFY(qint64(p99.first().x()) < m_history.now - 5 * HourMs);
            QCOMPARE(p99.first().y(), 1.5);
            // The three hours the engine was not running break the lines instead of joining them.
            QCOMPARE(latency.lineSegmentCount(P99), 2);
            QCOMPARE(chart->outcomesView()->lineSegmentCount(SucceededLine), 2);
            // A 30 s trip is less than a pixel of a day, and still shows.
            const QList<QPointF> open
                = latency.bandSeries(BreakerState::Open)->upperSeries()->points();
            QCOMPARE(open.size(), 4);
            QVERIFY(
                (open.at(2).x() - open.at(0).x()) / (24.0 * HourMs) * latency.plotWidth() >= 2.9);
            QCOMPARE(p99.last().y(), 0.15);
            // Minute rows give rates per minute: 600 successes a minute before the restart.
            const HistoryChartView &outcomes = *chart->outcomesView();
            QCOMPARE(outcomes.valueAxis()->titleText(), QStringLiteral("Attempts/min"));
            QCOMPARE(pointsOf(outcomes, SucceededLine).at(1).y(), 600.0);
            QCOMPARE(latency.bands().size(), 2);
            saveChartScreenshot(window, QStringLiteral("targetcharts-24h.png"));

            // 1 h: one-second rows again, and nothing from six hours ago.
            window.findChild<QAbstractButton *>(QStringLiteral("range-1h"))->click();
            QVERIFY(chart->isLoading());
            QVERIFY(loadedChart(window, QStringLiteral("inventory")));
            QCOMPARE(latency.valueAxis()->titleText(), QStringLiteral("Latency (ms)"));
            QVERIFY(qint64(pointsOf(latency, P99).first().x()) >= m_history.firstRecentMs);

            // 7 d on an empty range message: none here, there is history.
            window.findChild<QAbstractButton *>(QStringLiteral("range-7d"))->click();
            QVERIFY(loadedChart(window, QStringLiteral("inventory")));
            QVERIFY(latency.emptyText().isEmpty());
            QVERIFY(pointsOf(latency, P99).first().y() == 1.5);
            saveChartScreenshot(window, QStringLiteral("targetcharts-7d.png"));
        }
        // The choice is remembered for the next window.
        QCOMPARE(QSettings().value(TargetChartsPanel::RangeSettingsKey).toString(),
            QStringLiteral("7d"));
        {
            MainWindow window(*engine, nullptr);
            QCOMPARE(window.targetCharts()->range(), ChartRange::SevenDays);
            window.targetCharts()->setRange(ChartRange::FiveMinutes);
        }
        QCOMPARE(QSettings().value(TargetChartsPanel::RangeSettingsKey).toString(),
            QStringLiteral("5m"));
        QVERIFY(stopEngine(*engine));
    }

    void liveMetricsAppendPoints()
    {
        const ScratchDir dir;
        SimulatedHttpServer server(slowlyUnavailable);
        QVERIFY(server.listen() != 0);
        auto engine = startEngine(dir.storePath(),
            { trippingTarget(QStringLiteral("orders"), server.url(QStringLiteral("/orders"))) });
        MainWindow window(*engine, nullptr);
        showWindow(window);
        TargetChart *chart = loadedChart(window, QStringLiteral("orders"));
        QVERIFY(chart);
        const HistoryChartView &latency = *chart->latencyView();
        const HistoryChartView &outcomes = *chart->outcomesView();
        QCOMPARE(latency.emptyText(), QStringLiteral("No deliveries in the last 5 minutes"));
        QCOMPARE(outcomes.emptyText(), QStringLiteral("No deliveries in the last 5 minutes"));
        saveChartScreenshot(window, QStringLiteral("targetcharts-empty.png"));

        // As in a console that has been open a while: the engine's figures before the failures.
        QTRY_VERIFY_WITH_TIMEOUT(chart->history().sampleCount() >= 1, 5000);
        QSignalSpy reads(chart, &TargetChart::loaded); // from here on, nothing is read again
        QCOMPARE(
            enqueue(*engine, { "{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}", "{\"n\": 4}" }, &window)
                .size(),
            4);
        // The failures arrive with the engine's next figures, without a read of the store.
        QTRY_VERIFY_WITH_TIMEOUT(latency.emptyText().isEmpty(), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(outcomes.isLineShown(Http5xxLine), 10'000);
        const QList<QPointF> failures = pointsOf(outcomes, Http5xxLine);
        QVERIFY(std::any_of(
            failures.begin(), failures.end(), [](const QPointF &p) { return p.y() > 0; }));
        QVERIFY(!chart->isLoading());
        const qsizetype before = latency.linePoints(P99).size();
        QVERIFY(before > 0);
        QTRY_VERIFY_WITH_TIMEOUT(latency.linePoints(P99).size() >= before + 2, 5000);
        QVERIFY(latency.linePoints(P99).last().y() >= 15); // the target answers after 15 ms

        // The breaker the failures tripped is shaded from when it opened to now.
        QTRY_VERIFY_WITH_TIMEOUT(!latency.bands().isEmpty(), 10'000);
        const BreakerBand band = latency.bands().last();
        QCOMPARE(band.state, BreakerState::Open);
        QTRY_VERIFY_WITH_TIMEOUT(latency.bands().last().toMs > band.toMs, 5000); // it grows
        QVERIFY(outcomes.bands() == latency.bands());
        QCOMPARE(reads.size(), 0);
        saveChartScreenshot(window, QStringLiteral("targetcharts-live.png"));
        QVERIFY(stopEngine(*engine));
    }

    void historySurvivesRestart()
    {
        const ScratchDir dir;
        const QString path = dir.storePath();
        SimulatedHttpServer server(slowlyUnavailable);
        QVERIFY(server.listen() != 0);
        qint64 stoppedAt = 0;
        {
            auto engine = startEngine(path,
                { trippingTarget(
                    QStringLiteral("orders"), server.url(QStringLiteral("/orders"))) });
            // A row without failures first, as in a running engine.
            QTRY_VERIFY_WITH_TIMEOUT(
                metricsOf(*engine, QStringLiteral("orders")).takenAtMs > 0, 5000);
            QSignalSpy figures(engine.get(), &Engine::metricsUpdated);
            QVERIFY(figures.wait(3000));
            QCOMPARE(
                enqueue(*engine, { "{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}" }, engine.get()).size(),
                3);
            // Until the engine has recorded figures with failures in them.
            QTRY_VERIFY_WITH_TIMEOUT(
                metricsOf(*engine, QStringLiteral("orders")).failureTotal() >= 3, 10'000);
            QSignalSpy recorded(engine.get(), &Engine::metricsUpdated);
            QVERIFY(recorded.wait(3000) && recorded.wait(3000));
            QVERIFY(stopEngine(*engine));
            stoppedAt = nowMs();
        }

        auto engine = openEngine(path);
        MainWindow window(*engine, nullptr);
        showWindow(window);
        TargetChart *chart = loadedChart(window, QStringLiteral("orders"));
        QVERIFY(chart);
        const QList<QPointF> latency = pointsOf(*chart->latencyView(), P99);
        QVERIFY(!latency.isEmpty());
        QVERIFY(latency.first().x() < double(stoppedAt));
        const QList<QPointF> failures = pointsOf(*chart->outcomesView(), Http5xxLine);
        QVERIFY(std::any_of(failures.begin(), failures.end(),
            [&](const QPointF &p) { return p.x() < double(stoppedAt) && p.y() > 0; }));
        // The breaker was open when the first engine stopped; the new one starts closed.
        QVERIFY(!chart->latencyView()->bands().isEmpty());
        QCOMPARE(chart->latencyView()->bands().first().state, BreakerState::Open);
        saveChartScreenshot(window, QStringLiteral("targetcharts-after-restart.png"));
        QVERIFY(stopEngine(*engine));
    }

    void downsamplesAWeekOfMinutes()
    {
        // Seven days of minute rows: 60 successes a minute and one slow minute.
        const qint64 to = nowMs() / MinuteMs * MinuteMs; // rows fall on whole minutes
        const qint64 from = to - 7 * 24 * HourMs;
        QList<ChartSample> samples;
        for (qint64 i = 0, t = from; t <= to; ++i, t += MinuteMs) {
            ChartSample s;
            s.atMs = t;
            s.successes = 60 * i;
            s.latencyCount = 60;
            s.p50Ms = 10;
            s.p95Ms = 20;
            s.p99Ms = i == 5000 ? 4000 : 30;
            samples.append(s);
        }
        QCOMPARE(samples.size(), 7 * 24 * 60 + 1);
        TargetHistory history;
        history.reset(ChartRange::SevenDays, samples, {});
        const ChartLines lines = history.lines(from, to, 600);
        for (const QList<QPointF> &line : lines.latency)
            QVERIFY(line.size() <= 601);
        QVERIFY(lines.successes.size() <= 601);
        QCOMPARE(lines.maxLatencyMs, 4000.0); // the slow minute is still there
        for (const QPointF &p : lines.successes)
            QCOMPARE(p.y(), 60.0); // per minute, averaged over each bucket
        QVERIFY(lines.hasDeliveries);

        // Live samples of the next minutes join at minute resolution: one per minute.
        ChartSample next = samples.last();
        next.atMs += 30 * SecondMs;
        QVERIFY(!history.append(next)); // same minute as the last row
        next.atMs += MinuteMs;
        next.successes += 60;
        QVERIFY(history.append(next));
        QVERIFY(history.dropBefore(next.atMs - 7 * 24 * HourMs));
        QCOMPARE(history.sampleCount(), samples.size() - 1); // two old minutes out, one new in
    }
};

QTEST_MAIN(tst_TargetCharts)
#include "tst_targetcharts.moc"
