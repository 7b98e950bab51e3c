// SPDX-License-Identifier: GPL-3.0-or-later
// What the tray icon shows and what the desktop notifications say, fed by a real engine against
// real loopback targets (offscreen there is no system tray, so the logic is tested without one):
// healthy, then a breaker opening against a failing target (announced once however long it stays
// open), healthy again after the fault is fixed and the breaker reset; dead letters waiting,
// announced once when they reach the threshold and again only after falling under it. And the
// window's side: without a tray the notification goes to the status bar, and "Pause all" /
// "Resume all" reach every target.
#include <QSignalSpy>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTest>

#include "engine/core/clock.h"
#include "tests/support/simulatedanswers.h"
#include "tests/support/testengine.h"
#include "tests/support/uitest.h"
#include "ui/deadlettercount.h"
#include "ui/healthmonitor.h"
#include "ui/mainwindow.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

constexpr int BreakerTimeoutMs = 10'000;

QList<QByteArray> orders(int count)
{
    QList<QByteArray> out;
    for (int i = 1; i <= count; ++i)
        out.append(QByteArrayLiteral("{\"order\": ") + QByteArray::number(i) + '}');
    return out;
}

} // namespace

class tst_HealthMonitor : public QObject
{
    Q_OBJECT

private:
    IsolatedSettings m_settings;
    std::optional<ScratchDir> m_dir;
    std::unique_ptr<SimulatedHttpServer> m_server;

private Q_SLOTS:
    void init()
    {
        m_dir.emplace();
        m_server = std::make_unique<SimulatedHttpServer>(answering(503));
        QVERIFY(m_server->listen() != 0);
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void breakerOpensThenHeals()
    {
        auto engine = startEngine(m_dir->storePath(),
            { trippingTarget(
                QStringLiteral("billing"), m_server->url(QStringLiteral("/orders"))) });
        HealthMonitor monitor(*engine);
        QSignalSpy notes(&monitor, &HealthMonitor::notificationDue);
        QSignalSpy batches(engine.get(), &Engine::metricsUpdated);
        QTRY_VERIFY(batches.size() >= 1);
        QCOMPARE(monitor.summary().state(), HealthSummary::State::Healthy);
        QCOMPARE(monitor.summary().headline(), QStringLiteral("All targets healthy"));

        enqueue(*engine, orders(3), &monitor);
        QTRY_COMPARE_WITH_TIMEOUT(
            monitor.summary().state(), HealthSummary::State::BreakerOpen, BreakerTimeoutMs);
        QCOMPARE(monitor.summary().openBreakers(), QStringList { QStringLiteral("billing") });
        QVERIFY(monitor.summary().toolTip().contains(QStringLiteral("Breaker open: billing")));
        QTRY_COMPARE(notes.size(), 1);
        const auto note = notes.first().first().value<DesktopNotification>();
        QCOMPARE(note.kind, DesktopNotification::Kind::BreakerOpen);
        QCOMPARE(note.target, QStringLiteral("billing"));

        // Open for a few more seconds: still the one notification.
        batches.clear();
        QTRY_VERIFY_WITH_TIMEOUT(batches.size() >= 3, 5000);
        QCOMPARE(monitor.summary().state(), HealthSummary::State::BreakerOpen);
        QCOMPARE(notes.size(), 1);

        // Fixed and reset: healthy again.
        m_server->setBehaviour(answering(200));
        bool reset = false;
        engine->resetBreaker(QStringLiteral("billing"), &monitor, [&](Result<void> r) {
            QVERIFY(r.has_value());
            reset = true;
        });
        QTRY_VERIFY(reset);
        QTRY_COMPARE_WITH_TIMEOUT(
            monitor.summary().state(), HealthSummary::State::Healthy, BreakerTimeoutMs);
        QCOMPARE(notes.size(), 1);
        QVERIFY(stopEngine(*engine));
    }

    void deadLettersWaiting()
    {
        m_server->setBehaviour(answering(400)); // refused for good: dead at the first attempt
        auto engine = startEngine(m_dir->storePath(),
            { target(QStringLiteral("ledger"), m_server->url(QStringLiteral("/entries"))) });
        HealthMonitor monitor(*engine);
        monitor.setNotificationOptions({ true, true, 3 });
        QSignalSpy notes(&monitor, &HealthMonitor::notificationDue);

        enqueue(*engine, orders(1), &monitor);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.summary().deadLetters(), qint64(1), 5000);
        QCOMPARE(monitor.summary().state(), HealthSummary::State::DeadLetters);
        QCOMPARE(monitor.summary().headline(), QStringLiteral("1 dead letter waiting"));
        QCOMPARE(notes.size(), 0); // under the threshold

        enqueue(*engine, orders(3), &monitor);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.summary().deadLetters(), qint64(4), 5000);
        QCOMPARE(notes.size(), 1);
        const auto note = notes.first().first().value<DesktopNotification>();
        QCOMPARE(note.kind, DesktopNotification::Kind::DeadLetters);
        QVERIFY2(
            note.title.contains(QStringLiteral("dead letters waiting")), qPrintable(note.title));

        enqueue(*engine, orders(2), &monitor);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.summary().deadLetters(), qint64(6), 5000);
        QCOMPARE(notes.size(), 1); // still above: no second one

        // Replayed against a fixed target: none wait, healthy.
        m_server->setBehaviour(answering(200));
        auto replayed = engine->store().call<int>([](Store &s) {
            DeadLetterSelection all;
            all.all = true;
            return s.replay(all, nowMs());
        });
        QVERIFY(replayed);
        QCOMPARE(*replayed, 6);
        engine->wakeWorkers();
        monitor.deadLetterCount()->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(monitor.summary().deadLetters(), qint64(0), 5000);
        QCOMPARE(monitor.summary().state(), HealthSummary::State::Healthy);

        // Over the threshold again: a new crossing, a new notification.
        m_server->setBehaviour(answering(400));
        enqueue(*engine, orders(3), &monitor);
        QTRY_COMPARE_WITH_TIMEOUT(notes.size(), 2, 5000);
        QVERIFY(stopEngine(*engine));
    }

    void windowNotifiesInStatusBarWithoutTray()
    {
        QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
        auto engine = startEngine(m_dir->storePath(),
            { trippingTarget(
                QStringLiteral("billing"), m_server->url(QStringLiteral("/orders"))) });
        MainWindow window(*engine, nullptr);
        QVERIFY(!window.trayIcon());
        window.show();
        QSignalSpy notified(&window, &MainWindow::notified);
        enqueue(*engine, orders(3), &window);
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, BreakerTimeoutMs);
        QCOMPARE(notified.first().first().toString(), QStringLiteral("Breaker open: billing"));
        QVERIFY2(
            window.statusBar()->currentMessage().contains(QStringLiteral("Breaker open: billing")),
            qPrintable(window.statusBar()->currentMessage()));
        saveScreenshot(window, QStringLiteral("notification-in-status-bar.png"));

        // Settings › Notifications reaches the policy.
        UiSettings quiet;
        quiet.notifyBreakerOpen = false;
        window.applySettings(quiet);
        QCOMPARE(window.healthMonitor()->notificationOptions().breakerOpen, false);
        QVERIFY(stopEngine(*engine));
    }

    void pauseAndResumeAll()
    {
        m_server->setBehaviour(answering(200));
        auto engine = startEngine(m_dir->storePath(),
            { target(QStringLiteral("inventory"), m_server->url(QStringLiteral("/a"))),
                target(QStringLiteral("logistics"), m_server->url(QStringLiteral("/b"))) });
        MainWindow window(*engine, nullptr);
        window.show();
        QTRY_COMPARE(window.cards().size(), 2);
        window.setAllPaused(true);
        QTRY_VERIFY(storedPaused(*engine, QStringLiteral("inventory")));
        QTRY_VERIFY(storedPaused(*engine, QStringLiteral("logistics")));
        window.setAllPaused(false);
        QTRY_VERIFY(!storedPaused(*engine, QStringLiteral("inventory")));
        QTRY_VERIFY(!storedPaused(*engine, QStringLiteral("logistics")));

        // Quit (the tray's and the menu's) asks the composition root to drain, once.
        QSignalSpy quit(&window, &MainWindow::quitRequested);
        window.quit();
        QCOMPARE(quit.size(), 1);
        QVERIFY(stopEngine(*engine));
    }
};

QTEST_MAIN(tst_HealthMonitor)
#include "tst_healthmonitor.moc"
