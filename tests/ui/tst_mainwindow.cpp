// SPDX-License-Identifier: GPL-3.0-or-later
// The console's main window, offscreen, on a real engine: a card per target that shows a breaker
// opening against a real failing local target (words and colour), a pause from the card that
// reaches the store, figures that arrive live, the empty state when there are no targets, and a
// layout (size, tab, splitter) that the next window restores, and capacity warnings (disk, dead
// letters) in a banner and the status bar.
// With TANDEM_SCREENSHOT_DIR set, it also saves PNGs of the window there.
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTest>

#include "tests/support/simulatedanswers.h"
#include "tests/support/testengine.h"
#include "tests/support/uitest.h"
#include "ui/dialogs/testconnectiondialog.h"
#include "ui/mainwindow.h"
#include "ui/widgets/capacitybanner.h"
#include "ui/widgets/targetcard.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

// Its breaker trips after three failures of `server` and stays open while the test looks.
TargetConfig failingTarget(const QString &name, const SimulatedHttpServer &server)
{
    return trippingTarget(name, server.url(QStringLiteral("/orders")));
}

QString labelText(const TargetCard &card, const char *name)
{
    auto *label = card.findChild<QLabel *>(QString::fromLatin1(name));
    return label ? label->text() : QString();
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private:
    IsolatedSettings m_settings; ///< the windows' QSettings, never the user's
    std::optional<ScratchDir> m_dir; ///< a new one for each test function
    std::unique_ptr<SimulatedHttpServer> m_server;

    QString storePath() const { return m_dir->storePath(); }

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

    void cardShowsBreakerOpening()
    {
        auto engine
            = startEngine(storePath(), { failingTarget(QStringLiteral("billing"), *m_server) });
        MainWindow window(*engine, nullptr);
        window.show();
        QTRY_VERIFY(window.card(QStringLiteral("billing")));
        TargetCard *card = window.card(QStringLiteral("billing"));
        QVERIFY(!window.isShowingEmptyState());
        QCOMPARE(labelText(*card, "name"), QStringLiteral("billing"));
        QCOMPARE(labelText(*card, "host"), QStringLiteral("127.0.0.1:%1").arg(m_server->port()));

        enqueue(*engine, { "{\"order\": 1}", "{\"order\": 2}", "{\"order\": 3}" }, &window);
        QTRY_VERIFY_WITH_TIMEOUT(labelText(*card, "breakerState")
                                     .startsWith(TargetCard::breakerText(QStringLiteral("open"))),
            10'000);
        // How long, and why: the breaker's own figures.
        QTRY_VERIFY_WITH_TIMEOUT(
            labelText(*card, "breakerState").contains(QStringLiteral("(for ")), 5000);
        QVERIFY2(labelText(*card, "held").startsWith(QStringLiteral("Tripped: ")),
            qPrintable(labelText(*card, "held")));
        QVERIFY(!card->findChild<QLabel *>(QStringLiteral("breakerState"))->toolTip().isEmpty());
        auto *state = card->findChild<QLabel *>(QStringLiteral("breakerState"));
        QCOMPARE(state->palette().color(QPalette::WindowText),
            TargetCard::breakerColour(QStringLiteral("open")));
        QVERIFY(labelText(*card, "breakerState").contains(QStringLiteral("open")));
        saveScreenshot(window, QStringLiteral("mainwindow-breaker-open.png"));

        // Reset from the card reaches the engine: the store records the operator's reset.
        auto *reset = card->findChild<QPushButton *>(QStringLiteral("resetBreaker"));
        QVERIFY(reset->isEnabled());
        QTest::mouseClick(reset, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto t = engine->store().call<QList<StoredTarget>>(
                    [](Store &s) { return s.targets(); });
                return t && !t->isEmpty() && t->constFirst().breakerResetRequestedAtMs > 0;
            }(),
            5000);
        QVERIFY(stopEngine(*engine));
    }

    void pauseFromCardReachesEngine()
    {
        m_server->setBehaviour(answering(200));
        auto engine
            = startEngine(storePath(), { failingTarget(QStringLiteral("inventory"), *m_server) });
        MainWindow window(*engine, nullptr);
        window.show();
        QTRY_VERIFY(window.card(QStringLiteral("inventory")));
        TargetCard *card = window.card(QStringLiteral("inventory"));

        // Figures arrive live from the engine's metrics.
        enqueue(*engine, { "{\"order\": 1}" }, &window);
        QTRY_VERIFY_WITH_TIMEOUT(labelText(*card, "breakerState")
                                     .startsWith(TargetCard::breakerText(QStringLiteral("closed"))),
            5000);

        auto *pause = card->findChild<QPushButton *>(QStringLiteral("pause"));
        QCOMPARE(pause->text(), QStringLiteral("Pause"));
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(storedPaused(*engine, QStringLiteral("inventory")), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(pause->text(), QStringLiteral("Resume"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(labelText(*card, "status"), QStringLiteral("Paused"), 5000);

        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!storedPaused(*engine, QStringLiteral("inventory")), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(pause->text(), QStringLiteral("Pause"), 5000);
        QVERIFY(stopEngine(*engine));
    }

    void testConnectionFromCard()
    {
        // Nothing is enqueued: the probe is the only request the server can see.
        auto engine
            = startEngine(storePath(), { failingTarget(QStringLiteral("billing"), *m_server) });
        MainWindow window(*engine, nullptr);
        window.show();
        QTRY_VERIFY(window.card(QStringLiteral("billing")));
        const int before = m_server->requestCount();
        auto *test = window.card(QStringLiteral("billing"))
                         ->findChild<QPushButton *>(QStringLiteral("testConnection"));
        QVERIFY(test);
        QTest::mouseClick(test, Qt::LeftButton);
        auto *dialog = window.findChild<TestConnectionDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isTesting(), 5000);
        // The server's real answer, in words, and exactly one request reached it.
        QVERIFY2(dialog->headline().startsWith(QStringLiteral("HTTP 503")),
            qPrintable(dialog->headline()));
        QCOMPARE(m_server->requestCount(), before + 1);
        QVERIFY(m_server->takeReceived().constLast().method == "POST");

        // Test again sends again.
        QTest::mouseClick(
            dialog->findChild<QPushButton *>(QStringLiteral("testAgain")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), before + 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isTesting(), 5000);
        saveScreenshot(*dialog, QStringLiteral("testconnection.png"));
        QVERIFY(stopEngine(*engine));
    }

    void emptyStateWithoutTargets()
    {
        auto engine = startEngine(storePath(), {});
        MainWindow window(*engine, nullptr);
        QSignalSpy loaded(&window, &MainWindow::targetsLoaded);
        window.show();
        QVERIFY(loaded.wait(5000));
        QVERIFY(window.isShowingEmptyState());
        QVERIFY(window.cards().isEmpty());
        QVERIFY(window.findChild<QPushButton *>(QStringLiteral("emptyAddTarget"))->isVisible());
        QVERIFY(window.findChild<QPushButton *>(QStringLiteral("emptyOpenDemo"))->isVisible());
        saveScreenshot(window, QStringLiteral("mainwindow-empty.png"));
        QVERIFY(stopEngine(*engine));
    }

    void capacityWarningsShowBeforeLimitsBite()
    {
        auto engine = startEngine(storePath(),
            { target(QStringLiteral("billing"), m_server->url(QStringLiteral("/orders")),
                "{'retry': {'max_attempts': 1}}") });
        MainWindow window(*engine, nullptr);
        window.setEngineLocation(m_dir->path(), QStringLiteral("http://127.0.0.1:8470"));
        window.show();
        CapacityBanner *banner = window.capacityBanner();
        auto *status = window.findChild<QLabel *>(QStringLiteral("capacityState"));
        QVERIFY(status);
        QVERIFY(!banner->isVisible()); // a fresh store on a disk with room: nothing to say

        // The real free space of the test's disk is below an absurd threshold.
        CapacityThresholds thresholds;
        thresholds.diskWarnBytes = qint64(1) << 60;
        thresholds.deadLetterWarn = 3;
        banner->setThresholds(thresholds);
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 5000);
        auto *text = banner->findChild<QLabel *>(QStringLiteral("capacityText"));
        QVERIFY2(text->text().contains(QStringLiteral("Disk space low")), qPrintable(text->text()));
        QVERIFY(text->text().contains(QDir::toNativeSeparators(m_dir->path()).toHtmlEscaped()));
        QVERIFY(status->isVisible());
        QVERIFY(status->toolTip().contains(QStringLiteral("Disk space low")));

        // Dead letters past the threshold join the warning once the banner reads again.
        enqueue(*engine, { "{\"order\": 1}", "{\"order\": 2}", "{\"order\": 3}" }, &window);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                banner->refresh();
                return text->text().contains(QStringLiteral("3 dead letters are waiting"));
            }(),
            10'000);
        saveScreenshot(window, QStringLiteral("mainwindow-capacity-warning.png"));

        banner->setThresholds({}); // the defaults: nothing to warn about here
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 5000);
        QVERIFY(!status->isVisible());
        QVERIFY(stopEngine(*engine));
    }

    void layoutIsRemembered()
    {
        auto engine
            = startEngine(storePath(), { failingTarget(QStringLiteral("billing"), *m_server) });
        QList<int> sizes;
        {
            MainWindow window(*engine, nullptr);
            window.resize(1234, 777);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
            QVERIFY(tabs);
            tabs->setCurrentIndex(1);
            auto *splitter = window.findChild<QSplitter *>(QStringLiteral("deadLetterSplitter"));
            QVERIFY(splitter);
            QVERIFY(QTest::qWaitForWindowExposed(splitter));
            splitter->setSizes({ 900, 300 });
            sizes = splitter->sizes();
            QVERIFY(sizes.at(0) > 2 * sizes.at(1)); // not the default 3:2
            QSignalSpy quit(&window, &MainWindow::quitRequested);
            window.close(); // the layout is saved; the engine keeps running for the test
            QCOMPARE(quit.size(), 1);
        }
        MainWindow again(*engine, nullptr);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.size(), QSize(1234, 777));
        QCOMPARE(again.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->currentIndex(), 1);
        QCOMPARE(
            again.findChild<QSplitter *>(QStringLiteral("deadLetterSplitter"))->sizes(), sizes);
        QVERIFY(stopEngine(*engine));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
