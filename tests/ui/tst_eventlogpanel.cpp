// SPDX-License-Identifier: GPL-3.0-or-later
// The "Events" panel, offscreen, on a real engine with real local targets: a breaker opening
// against a failing target shows (and is read back from the store after a restart); a burst of
// dead letters shows as a few coalesced rows whose counts add up; a replay from the dead-letter
// browser shows; the kind filter keeps only what it names.
// With TANDEM_SCREENSHOT_DIR set, it saves PNGs of the main window with the panel.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

#include "tests/support/simulatedanswers.h"
#include "tests/support/testengine.h"
#include "tests/support/uitest.h"
#include "ui/mainwindow.h"
#include "ui/models/deadlettermodel.h"
#include "ui/models/eventlogmodel.h"
#include "ui/widgets/deadletterbrowser.h"
#include "ui/widgets/eventlogpanel.h"
#include "ui/widgets/messagefinder.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

constexpr int BurstSize = 200;

/// Rows of `kind` (newest first).
QList<LogEvent> eventsOf(const EventLogModel &model, LogEvent::Kind kind)
{
    QList<LogEvent> found;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.event(row).kind == kind)
            found.append(model.event(row));
    }
    return found;
}

int deadLetterCount(const EventLogModel &model, const QString &target)
{
    int n = 0;
    for (const LogEvent &e : eventsOf(model, LogEvent::Kind::DeadLetters)) {
        if (e.target == target)
            n += e.count;
    }
    return n;
}

} // namespace

class tst_EventLogPanel : public QObject
{
    Q_OBJECT

private:
    IsolatedSettings m_settings; ///< the windows' QSettings, never the user's

private Q_SLOTS:
    void breakerOpeningShowsAndSurvivesRestart()
    {
        const ScratchDir dir;
        SimulatedHttpServer billing(answering(503));
        QVERIFY(billing.listen() != 0);
        // A few failures trip the breaker, which stays open while the test looks.
        const TargetConfig config
            = trippingTarget(QStringLiteral("billing"), billing.url(QStringLiteral("/billing")));
        auto engine = startEngine(dir.storePath(), { config });
        {
            EventLogPanel panel(*engine);
            panel.resize(1000, 300);
            panel.show();
            QAbstractItemModelTester tester(
                panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
            QVERIFY(
                !enqueue(*engine, { "{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}" }, this).isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(
                !eventsOf(*panel.model(), LogEvent::Kind::Breaker).isEmpty(), 10'000);
            const LogEvent opened = eventsOf(*panel.model(), LogEvent::Kind::Breaker).first();
            QCOMPARE(opened.target, QStringLiteral("billing"));
            QVERIFY2(opened.text.startsWith(u"Breaker opened"), qPrintable(opened.text));
            QCOMPARE(opened.severity, LogEvent::Severity::Bad);

            panel.setKindFilter(int(LogEvent::Kind::Breaker));
            QVERIFY(panel.filteredModel()->rowCount() >= 1);
            QVERIFY(panel.filteredModel()->rowCount() < panel.model()->rowCount());
            for (int row = 0; row < panel.filteredModel()->rowCount(); ++row)
                QCOMPARE(panel.filteredModel()->index(row, 0).data(EventLogModel::KindRole).toInt(),
                    int(LogEvent::Kind::Breaker));
            panel.setKindFilter(-1);
            QCOMPARE(panel.filteredModel()->rowCount(), panel.model()->rowCount());

            // An operator pauses billing: the engine stops delivering to it, and the log says so.
            bool paused = false;
            engine->setPaused(QStringLiteral("billing"), true, this,
                [&](const Result<void> &r) { paused = r.has_value(); });
            QTRY_VERIFY(paused);
            QTRY_VERIFY_WITH_TIMEOUT(
                !eventsOf(*panel.model(), LogEvent::Kind::Configuration).isEmpty(), 5000);
            const LogEvent stopped
                = eventsOf(*panel.model(), LogEvent::Kind::Configuration).first();
            QCOMPARE(stopped.target, QStringLiteral("billing"));
            QVERIFY2(stopped.text.startsWith(u"Stopped"), qPrintable(stopped.text));
        }
        QVERIFY(stopEngine(*engine));
        engine.reset();

        // After a restart the log starts with the last hour's breaker transitions.
        engine = startEngine(dir.storePath(), { config });
        EventLogPanel panel(*engine);
        QSignalSpy loaded(&panel, &EventLogPanel::historyLoaded);
        QVERIFY(loaded.wait());
        const QList<LogEvent> history = eventsOf(*panel.model(), LogEvent::Kind::Breaker);
        QVERIFY(!history.isEmpty());
        QVERIFY(history.last().text.startsWith(u"Breaker opened"));
        QCOMPARE(history.last().target, QStringLiteral("billing"));
        QVERIFY(stopEngine(*engine));
    }

    void deadLetterBurstCoalescesAndReplayShows()
    {
        const ScratchDir dir;
        SimulatedHttpServer inventory(answering(200));
        SimulatedHttpServer billing(answering(503));
        QVERIFY(inventory.listen() != 0);
        QVERIFY(billing.listen() != 0);
        auto engine = startEngine(dir.storePath(),
            { target(QStringLiteral("inventory"), inventory.url(QStringLiteral("/inventory"))),
                target(QStringLiteral("billing"), billing.url(QStringLiteral("/billing")),
                    "{'retry': {'max_attempts': 1}, 'breaker': {'enabled': false}}") });
        MainWindow window(*engine, nullptr);
        window.resize(1400, 900);
        window.show();
        EventLogPanel &panel = *window.eventLog();
        QAbstractItemModelTester tester(
            panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        QList<QByteArray> payloads;
        for (int n = 0; n < BurstSize; ++n)
            payloads.append(QByteArrayLiteral("{\"n\": ") + QByteArray::number(n) + '}');
        QCOMPARE(enqueue(*engine, payloads, this).size(), BurstSize);
        QTRY_COMPARE_WITH_TIMEOUT(
            deadLetterCount(*panel.model(), QStringLiteral("billing")), BurstSize, 15'000);
        // A row per second of the burst at most, not one per dead letter.
        const QList<LogEvent> dead = eventsOf(*panel.model(), LogEvent::Kind::DeadLetters);
        QVERIFY2(dead.size() <= 5, qPrintable(QString::number(dead.size())));
        for (const LogEvent &e : dead) {
            QCOMPARE(e.target, QStringLiteral("billing"));
            QCOMPARE(e.text, QStringLiteral("HTTP 503"));
        }
        QCOMPARE(deadLetterCount(*panel.model(), QStringLiteral("inventory")), 0);
        const QModelIndex burst = panel.model()->index(0, EventLogModel::EventColumn);
        QVERIFY2(burst.data().toString().endsWith(u"dead letters (HTTP 503)"),
            qPrintable(burst.data().toString()));
        saveScreenshot(window, QStringLiteral("eventlog-burst.png"));

        // Double-clicking a dead-letter row finds its latest message: billing dead there.
        const QString latest = burst.data(EventLogModel::MessageIdRole).toString();
        QVERIFY(!latest.isEmpty());
        QSignalSpy shown(window.messageFinder(), &MessageFinder::messageShown);
        Q_EMIT panel.view()->doubleClicked(panel.filteredModel()->index(0, 0));
        QVERIFY(shown.wait());
        QCOMPARE(window.messageFinder()->messageId(), latest);
        QCOMPARE(window.messageFinder()->message().deliveries.size(), 2);

        // Replay one from the browser: the panel says so.
        DeadLetterBrowser &browser = *window.deadLetterBrowser();
        browser.setConfirmation([](const QString &, const QString &) { return true; });
        QTRY_VERIFY_WITH_TIMEOUT(browser.model()->rowCount() > 0, 10'000);
        billing.setBehaviour(answering(200));
        browser.view()->selectRow(0);
        QSignalSpy replayed(&browser, &DeadLetterBrowser::replayed);
        auto *replay = browser.findChild<QAction *>(QStringLiteral("replaySelected"));
        QVERIFY(replay);
        replay->trigger();
        QVERIFY(replayed.wait());
        const QList<LogEvent> replays = eventsOf(*panel.model(), LogEvent::Kind::Replay);
        QCOMPARE(replays.size(), 1);
        QCOMPARE(replays.first().text, QStringLiteral("1 dead letter replayed by an operator"));
        QCOMPARE(panel.model()->event(0).kind, LogEvent::Kind::Replay);
        saveScreenshot(window, QStringLiteral("eventlog-replay.png"));
        QVERIFY(stopEngine(*engine));
    }
};

QTEST_MAIN(tst_EventLogPanel)
#include "tst_eventlogpanel.moc"
