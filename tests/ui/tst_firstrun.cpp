// SPDX-License-Identifier: GPL-3.0-or-later
// A new console, offscreen, on a real engine and a real loopback target: the first-run checklist
// goes from "add a target" (the empty state) to "add the second target" (a strip over the one
// card) to "send a message" (the curl line with the ingest URL, and a test message sent from
// there, which a real target receives) and then out of the way; it can be dismissed for good,
// and a data directory that already had traffic never shows it. Every pane with no data explains
// itself calmly: events, failure groups, dead letters, a message not found, charts without
// history.
// With TANDEM_SCREENSHOT_DIR set, it also saves PNGs of every step and empty pane.
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include "engine/core/clock.h"
#include "tests/support/simulatedanswers.h"
#include "tests/support/testengine.h"
#include "tests/support/uitest.h"
#include "ui/charts/historychartview.h"
#include "ui/charts/targetchart.h"
#include "ui/charts/targetchartspanel.h"
#include "ui/dialogs/targetdialog.h"
#include "ui/mainwindow.h"
#include "ui/uisettings.h"
#include "ui/widgets/deadletterbrowser.h"
#include "ui/widgets/eventlogpanel.h"
#include "ui/widgets/firstrunguide.h"
#include "ui/widgets/messagefinder.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

using Step = FirstRunGuide::Step;

namespace {

const QString IngestUrl = QStringLiteral("http://127.0.0.1:8470");

template <typename T> T *child(const QObject &parent, const char *name)
{
    auto *w = parent.findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

bool addStoredTarget(Engine &engine, const TargetConfig &config)
{
    auto added = engine.store().call<qint64>([config](Store &s) { return s.addTarget(config); });
    engine.reloadTargets();
    return added.has_value();
}

// Answers once the store thread has done everything asked of it before, and the UI thread has
// had the answers: the store thread takes requests in order.
void settleStore(Engine &engine)
{
    (void)engine.store().call<qint64>([](Store &s) { return s.configVersion(); });
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
}

QLabel *placeholderOf(QTableView *view)
{
    return view->viewport()->findChild<QLabel *>(QStringLiteral("emptyPlaceholder"));
}

} // namespace

class tst_FirstRun : public QObject
{
    Q_OBJECT

private:
    IsolatedSettings m_settings;
    std::optional<ScratchDir> m_dir;
    std::unique_ptr<SimulatedHttpServer> m_server;

    TargetConfig targetNamed(const QString &name) const
    {
        return target(name, m_server->url(QStringLiteral("/") + name));
    }

private Q_SLOTS:
    void init()
    {
        UiSettings::setFirstRunDismissed(false);
        m_dir.emplace();
        m_server = std::make_unique<SimulatedHttpServer>(answering(200));
        QVERIFY(m_server->listen() != 0);
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void nextStep_data()
    {
        QTest::addColumn<int>("targets");
        QTest::addColumn<bool>("messageSeen");
        QTest::addColumn<Step>("step");
        QTest::addRow("none") << 0 << false << Step::AddTarget;
        QTest::addRow("none, old traffic") << 0 << true << Step::AddTarget;
        QTest::addRow("one") << 1 << false << Step::AddSecondTarget;
        QTest::addRow("one with traffic") << 1 << true << Step::Done;
        QTest::addRow("two") << 2 << false << Step::SendMessage;
        QTest::addRow("three") << 3 << false << Step::SendMessage;
        QTest::addRow("two with traffic") << 2 << true << Step::Done;
    }

    void nextStep()
    {
        QFETCH(int, targets);
        QFETCH(bool, messageSeen);
        QFETCH(Step, step);
        QCOMPARE(FirstRunGuide::nextStep(targets, messageSeen), step);
    }

    void curlCommand()
    {
        const QString plain = FirstRunGuide::curlCommand(IngestUrl, QString());
        QVERIFY(plain.startsWith(QStringLiteral("TOKEN=$(tandem ingest token)\n")));
        QVERIFY(plain.contains(QStringLiteral("-H \"Authorization: Bearer $TOKEN\"")));
        QVERIFY(plain.endsWith(QStringLiteral(" http://127.0.0.1:8470/v1/messages")));
        QVERIFY(plain.contains(QStringLiteral("-H 'Content-Type: application/json'")));
        // A data directory that is not the default one is named, quoted for the shell if needed.
        QVERIFY(FirstRunGuide::curlCommand(IngestUrl, QStringLiteral("/srv/tandem"))
                    .contains(QStringLiteral("tandem --data /srv/tandem ingest token")));
        QVERIFY(FirstRunGuide::curlCommand(IngestUrl, QStringLiteral("/home/o'neil/my data"))
                    .contains(QStringLiteral("--data '/home/o'\\''neil/my data' ingest token")));
    }

    void checklistProgresses()
    {
        auto engine = startEngine(m_dir->storePath(), {});
        MainWindow window(*engine, nullptr);
        window.setEngineLocation(m_dir->path(), IngestUrl);
        QSignalSpy loaded(&window, &MainWindow::targetsLoaded);
        window.show();
        QVERIFY(loaded.wait(5000));

        // No targets: the empty state is the checklist's page.
        QVERIFY(window.isShowingEmptyState());
        FirstRunGuide *page = window.firstRunPage();
        QVERIFY(page->isVisible());
        QCOMPARE(page->step(), Step::AddTarget);
        QVERIFY(child<QPushButton>(*page, "emptyAddTarget")->isVisible());
        QVERIFY(child<QPushButton>(*page, "emptyOpenDemo")->isVisible());
        // Step 3 is there from the start, with this console's ingest URL and data directory.
        QVERIFY(page->command().contains(IngestUrl + QStringLiteral("/v1/messages")));
        QVERIFY(page->command().contains(QStringLiteral("--data ") + m_dir->path()));
        QVERIFY(!child<QPushButton>(*page, "guideSendTest")->isVisible()); // no target to send to
        FirstRunGuide *bar = window.firstRunBar();
        QVERIFY(!bar->isVisible());
        saveScreenshot(window, QStringLiteral("firstrun-1-no-targets.png"));

        // The add button opens the target dialog.
        QTest::mouseClick(child<QPushButton>(*page, "emptyAddTarget"), Qt::LeftButton);
        QTRY_VERIFY(window.findChild<TargetDialog *>());
        delete window.findChild<TargetDialog *>();

        // One target: the cards, and the strip asks for the second.
        QVERIFY(addStoredTarget(*engine, targetNamed(QStringLiteral("inventory"))));
        QTRY_VERIFY(!window.isShowingEmptyState());
        QTRY_VERIFY(bar->isVisible());
        QCOMPARE(bar->step(), Step::AddSecondTarget);
        auto *addSecond = child<QPushButton>(*bar, "guideAddTarget");
        QVERIFY(addSecond->isVisible());
        QCOMPARE(addSecond->text(), QStringLiteral("Add the second target…"));
        QVERIFY(
            child<QLabel>(*bar, "guideDetail")->text().contains(QStringLiteral("every target")));
        QVERIFY(!child<QLabel>(*bar, "guideCommand")->isVisible());
        saveScreenshot(window, QStringLiteral("firstrun-2-one-target.png"));

        // Two: send a message, with the command and the test button.
        QVERIFY(addStoredTarget(*engine, targetNamed(QStringLiteral("logistics"))));
        QTRY_COMPARE(bar->step(), Step::SendMessage);
        QVERIFY(bar->isVisible());
        QVERIFY(!addSecond->isVisible());
        QVERIFY(child<QLabel>(*bar, "guideCommand")->isVisible());
        QVERIFY(bar->command().contains(IngestUrl + QStringLiteral("/v1/messages")));
        saveScreenshot(window, QStringLiteral("firstrun-3-two-targets.png"));

        // The test message goes out to both targets, and the checklist steps aside.
        QSignalSpy wanted(bar, &FirstRunGuide::wantedChanged);
        QTest::mouseClick(child<QPushButton>(*bar, "guideSendTest"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!bar->isVisible(), 5000);
        QCOMPARE(bar->step(), Step::Done);
        QCOMPARE(wanted.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() >= 2, 5000);
        const QList<HttpExchange> received = m_server->takeReceived();
        QVERIFY(!received.isEmpty());
        QVERIFY2(received.constFirst().body.contains("\"test\":true"),
            received.constFirst().body.constData());
        QVERIFY(stopEngine(*engine));
    }

    void dismissedForGood()
    {
        auto engine = startEngine(m_dir->storePath(), { targetNamed(QStringLiteral("inventory")) });
        {
            MainWindow window(*engine, nullptr);
            window.show();
            QTRY_VERIFY(window.firstRunBar()->isVisible());
            QTest::mouseClick(
                child<QToolButton>(*window.firstRunBar(), "guideDismiss"), Qt::LeftButton);
            QVERIFY(!window.firstRunBar()->isVisible());
            QVERIFY(UiSettings::firstRunDismissed());
        }
        MainWindow again(*engine, nullptr);
        again.show();
        QTRY_COMPARE(again.cards().size(), 1);
        settleStore(*engine);
        QVERIFY(!again.firstRunBar()->isVisible());
        QVERIFY(stopEngine(*engine));
    }

    void busyDataDirectoryShowsNoChecklist()
    {
        {
            // The figures a previous run left: it delivered.
            auto store = SqliteStore::open(m_dir->storePath());
            QVERIFY(store);
            MetricsSnapshot last;
            last.target = QStringLiteral("inventory");
            last.attempts = 42;
            last.successes = 42;
            QVERIFY((*store)->recordMetrics({ last }, nowMs() - 60'000));
        }
        auto engine = startEngine(m_dir->storePath(),
            { targetNamed(QStringLiteral("inventory")), targetNamed(QStringLiteral("logistics")) });
        MainWindow window(*engine, nullptr);
        QSignalSpy wanted(window.firstRunBar(), &FirstRunGuide::wantedChanged);
        window.show();
        QTRY_COMPARE(window.cards().size(), 2);
        settleStore(*engine);
        QTRY_VERIFY(window.firstRunBar()->messageSeen());
        QCOMPARE(window.firstRunBar()->step(), Step::Done);
        QVERIFY(!window.firstRunBar()->isVisible());
        QCOMPARE(wanted.size(), 0); // never shown, not even for a moment
        QVERIFY(stopEngine(*engine));
    }

    void emptyPanesExplainThemselves()
    {
        auto engine = startEngine(m_dir->storePath(), { targetNamed(QStringLiteral("inventory")) });
        MainWindow window(*engine, nullptr);
        window.show();
        QTRY_COMPARE(window.cards().size(), 1);

        // Charts without history.
        TargetChart *chart = window.targetCharts()->chart(QStringLiteral("inventory"));
        QVERIFY(chart);
        QTRY_VERIFY(!chart->isLoading());
        QCOMPARE(chart->latencyView()->emptyText(),
            QStringLiteral("No deliveries in the last 5 minutes"));
        QCOMPARE(chart->outcomesView()->emptyText(), chart->latencyView()->emptyText());

        // Events: after Clear, and under a filter that matches nothing.
        EventLogPanel *events = window.eventLog();
        QTest::mouseClick(child<QPushButton>(*events, "clearEvents"), Qt::LeftButton);
        QLabel *noEvents = placeholderOf(events->view());
        QVERIFY(noEvents);
        QTRY_VERIFY(noEvents->isVisible());
        QVERIFY(noEvents->text().startsWith(QStringLiteral("No events yet.")));
        child<QComboBox>(*events, "eventKind")->setCurrentIndex(1);
        QCOMPARE(noEvents->text(), QStringLiteral("No events of this kind yet."));
        saveScreenshot(window, QStringLiteral("empty-targets-tab.png"));

        // Dead letters: none, and no failure groups.
        auto *tabs = child<QTabWidget>(window, "mainTabs");
        tabs->setCurrentWidget(window.deadLetterBrowser());
        QLabel *noGroups = placeholderOf(window.deadLetterBrowser()->groupView());
        QVERIFY(noGroups);
        QTRY_VERIFY(noGroups->isVisible());
        QTRY_VERIFY(noGroups->text().startsWith(QStringLiteral("No failures yet.")));
        saveScreenshot(window, QStringLiteral("empty-dead-letters.png"));

        // Find with nothing found: an answer, in calm words, not an error in red.
        window.findMessage(QStringLiteral("no-such-message"));
        MessageFinder *finder = window.messageFinder();
        QTRY_VERIFY(!finder->errorText().isEmpty());
        QVERIFY(finder->errorText().contains(QStringLiteral("no-such-message")));
        QVERIFY(child<QLabel>(*finder, "finderPrompt")->styleSheet().isEmpty());
        saveScreenshot(window, QStringLiteral("empty-find.png"));
        QVERIFY(stopEngine(*engine));
    }
};

QTEST_MAIN(tst_FirstRun)
#include "tst_firstrun.moc"
