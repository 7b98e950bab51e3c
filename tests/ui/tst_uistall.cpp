// SPDX-License-Identifier: GPL-3.0-or-later
// The UI thread never waits on the store or the network: a watchdog thread pings the UI thread's
// event loop every few milliseconds and records how late each ping is handled, while the demo
// setup (two simulated targets, one slow and failing) dispatches flat out, a third target turns
// 20,000 messages into dead letters on top of the 100,000 it starts with, the cards and charts
// update live and the dead-letter browser pages through the queue and re-filters it. The longest
// stall must stay under 50 ms.
#include <algorithm>
#include <atomic>

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QScopeGuard>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include "app/demo/demosetup.h"
#include "app/demo/simulatedhttpserver.h"
#include "engine/store/sqlitestore.h"
#include "tests/support/deadletters.h"
#include "tests/support/testengine.h"
#include "ui/mainwindow.h"
#include "ui/models/deadlettermodel.h"
#include "ui/widgets/deadletterbrowser.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

constexpr int PingEveryMs = 5;
constexpr int MeasureForMs = 12'000;
constexpr qint64 MaxStallMs = 50;
constexpr int PreloadedDeadLetters = 100'000;
constexpr int DeadLetterCount = 20'000; // live, while the window watches
constexpr int DemoMessagesPerSecond = 1'000;

/// Pings the event loop of `target`'s thread from its own thread and keeps how late each ping
/// was handled: the time between posting it and the UI thread running it.
class EventLoopWatchdog final : public QThread
{
public:
    explicit EventLoopWatchdog(QObject *target)
        : m_target(target)
    {
    }

    void stopAndWait()
    {
        m_stop = true;
        wait();
    }

    QList<qint64> latenciesMs() const
    {
        QList<qint64> copy = m_latencies;
        std::sort(copy.begin(), copy.end());
        return copy;
    }

protected:
    void run() override
    {
        QElapsedTimer clock;
        clock.start();
        while (!m_stop) {
            const qint64 sentAt = clock.elapsed();
            // Handled on the target's (UI) thread; the list is only read after wait().
            QMetaObject::invokeMethod(
                m_target, [this, sentAt, &clock] { m_latencies.append(clock.elapsed() - sentAt); });
            QThread::msleep(PingEveryMs);
        }
    }

private:
    QObject *m_target;
    std::atomic<bool> m_stop = false;
    QList<qint64> m_latencies;
};

} // namespace

class tst_UiStall : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void uiThreadNeverStalls()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString storePath = dir.filePath(QStringLiteral("tandem.db"));

        // The demo's two targets, plus one that refuses everything: dead letters at once.
        SimulatedHttpServer refusing([](const HttpExchange &) {
            SimulatedResponse r;
            r.status = 400;
            r.body = "{\"error\": \"unknown sku\"}";
            return r;
        });
        QVERIFY(refusing.listen() != 0);
        // The refusing target starts with a queue of 100,000 dead letters from yesterday.
        QJsonObject archive;
        archive.insert(QStringLiteral("name"), QStringLiteral("archive"));
        archive.insert(
            QStringLiteral("url"), refusing.url(QStringLiteral("/v1/archive")).toString());
        archive.insert(QStringLiteral("concurrency"), 32);
        QList<NewMessage> backlog;
        for (int i = 0; i < PreloadedDeadLetters; ++i)
            backlog.append(
                NewMessage { QStringLiteral("{\"order_id\": \"old-%1\", \"sku\": \"RUG-WOOL\"}")
                                 .arg(i)
                                 .toUtf8() });
        QVERIFY(storeDeadLetters(storePath, { targetConfig(archive) }, backlog,
            QDateTime::currentMSecsSinceEpoch() - 86'400'000, [](const QString &, int) {
                AttemptOutcome o;
                o.httpStatus = 400;
                o.errorClass = errorClassForStatus(400);
                o.error = QStringLiteral("HTTP 400 Bad Request");
                return o;
            }));
        backlog.clear();
        DemoSetup demo;
        {
            auto store = SqliteStore::open(storePath);
            QVERIFY(store);
            auto prepared = demo.prepare(**store);
            QVERIFY2(prepared, prepared ? "" : qPrintable(prepared.error().message));
        }
        auto engine = startEngine(storePath, {});
        // A failed check returns early; an engine destroyed while running crashes at teardown.
        bool engineStopped = false;
        auto stopOnExit = qScopeGuard([&] {
            if (!engineStopped)
                stopEngine(*engine);
        });

        MainWindow window(*engine, nullptr);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QList<QByteArray> payloads;
        for (int i = 0; i < DeadLetterCount; ++i)
            payloads.append(QStringLiteral("{\"order_id\": \"bulk-%1\", \"sku\": \"RUG-WOOL\"}")
                                .arg(i)
                                .toUtf8());
        EventLoopWatchdog watchdog(&window);
        watchdog.start();
        demo.startTraffic(*engine, DemoMessagesPerSecond);
        // Enqueued in one go from the UI thread, as the ingest API would: the store takes it.
        QVERIFY(enqueue(*engine, payloads, &window).size() == DeadLetterCount);

        // Meanwhile an operator looks at the cards, then pages and filters the dead letters.
        DeadLetterBrowser *browser = window.deadLetterBrowser();
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        QElapsedTimer elapsed;
        elapsed.start();
        int step = 0;
        qsizetype mostRowsFetched = 0;
        qint64 mostDeadLetters = 0;
        while (elapsed.elapsed() < MeasureForMs) {
            // Not QTest::qWait: it sleeps between its event-loop rounds, which would hide stalls
            // and add its own.
            QEventLoop pause;
            QTimer::singleShot(200, &pause, &QEventLoop::quit);
            pause.exec();
            mostRowsFetched = std::max<qsizetype>(mostRowsFetched, browser->model()->rowCount());
            mostDeadLetters = std::max<qint64>(mostDeadLetters, browser->model()->totalCount());
            ++step;
            if (step == 10)
                tabs->setCurrentWidget(browser);
            if (step > 10) {
                QScrollBar *bar = browser->view()->verticalScrollBar();
                bar->setValue(step % 5 == 0 ? 0 : bar->maximum()); // fetchMore pages the store
            }
            if (step % 15 == 0) {
                DeadLetterQuery q = browser->model()->filter();
                q.text = (step % 30 == 0) ? QString() : QStringLiteral("RUG");
                browser->model()->setFilter(q);
            }
        }
        demo.stopTraffic();
        watchdog.stopAndWait();
        engineStopped = true;
        QVERIFY(stopEngine(*engine));

        const QList<qint64> latencies = watchdog.latenciesMs();
        QVERIFY(latencies.size() > MeasureForMs / PingEveryMs / 4);
        const qint64 worst = latencies.constLast();
        qInfo("UI event loop: %lld pings, latency p50 %lld ms, p99 %lld ms, max %lld ms; %lld dead "
              "letters fetched at most",
            qint64(latencies.size()), latencies.at(latencies.size() / 2),
            latencies.at(latencies.size() * 99 / 100), worst, qint64(mostRowsFetched));
        // The browser really paged: more than its first page was read while we measured.
        QVERIFY(mostRowsFetched > DeadLetterModel::PageSize);
        QVERIFY(mostDeadLetters >= PreloadedDeadLetters);
        QVERIFY2(worst < MaxStallMs,
            qPrintable(QStringLiteral("the UI thread stalled for %1 ms").arg(worst)));
    }
};

QTEST_MAIN(tst_UiStall)
#include "tst_uistall.moc"
