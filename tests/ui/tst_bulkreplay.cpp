// SPDX-License-Identifier: GPL-3.0-or-later
// Failure groups and "Replay all matching" in the dead-letter browser, offscreen, on a real
// engine and real local HTTP targets: the groups count a mix of failures and scope the list;
// replay-all asks first with the count (and does nothing when cancelled there), replays every
// matching dead letter (more than a page) with its original Idempotency-Key in per-key order,
// stops releasing chunks when cancelled, and holds while the target's breaker is open.
// With TANDEM_SCREENSHOT_DIR set, it also saves PNGs of the browser there.
#include <functional>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include "engine/core/clock.h"
#include "engine/dispatch/bulkreplay.h"
#include "tests/support/deadletters.h"
#include "tests/support/simulatedanswers.h"
#include "tests/support/testengine.h"
#include "tests/support/uitest.h"
#include "ui/models/deadlettergroupmodel.h"
#include "ui/models/deadlettermodel.h"
#include "ui/widgets/deadletterbrowser.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

struct Failure
{
    int status = 0;
    ErrorClass errorClass = ErrorClass::Connection;
    QString error;
};

using FailureOf = std::function<Failure(const QString &target, int n)>;

/// Stores `targets` at `path` and `messages` messages that died at every one of them, by direct
/// store calls (fast): message n has Idempotency-Key "order-n", partition key "k<n % keys>" and
/// payload {"n": n, "key": "k…"}; it died with `failure(target, n)`.
bool fillDeadLetters(const QString &path, const QList<TargetConfig> &targets, int messages,
    int keys, const FailureOf &failure)
{
    QList<NewMessage> batch;
    for (int n = 0; n < messages; ++n) {
        const QByteArray key = 'k' + QByteArray::number(n % keys);
        batch.append(NewMessage { "{\"n\":" + QByteArray::number(n) + ",\"key\":\"" + key + "\"}",
            "order-" + QByteArray::number(n), key });
    }
    return storeDeadLetters(
        path, targets, batch, nowMs() - 60'000, [&](const QString &target, int n) {
            const Failure f = failure(target, n);
            AttemptOutcome o;
            o.httpStatus = f.status;
            o.errorClass = f.errorClass;
            o.error = f.error;
            o.latencyUs = 900;
            return o;
        });
}

Failure refused(const QString &, int)
{
    return { 0, ErrorClass::Connection, QStringLiteral("Connection refused") };
}

bool waitLoaded(DeadLetterBrowser &browser)
{
    return QTest::qWaitFor(
        [&] {
            return !browser.model()->isLoading() && browser.model()->totalCount() >= 0
                && !browser.groupModel()->isLoading();
        },
        10'000);
}

/// Stops (if a failed check left it running) and deletes the engine before the browser goes:
/// the store thread must not answer reads of a browser that is gone.
auto deleteBeforeBrowser(std::unique_ptr<Engine> &engine)
{
    return qScopeGuard([&engine] {
        if (engine && engine->isRunning())
            stopEngine(*engine);
        engine.reset();
    });
}

/// The running replay's progress; a default one (all -1) once none runs.
BulkReplayProgress runningProgress(const DeadLetterBrowser &browser)
{
    return browser.bulkReplay() ? browser.bulkReplay()->progress()
                                : BulkReplayProgress { -1, -1, -1, -1 };
}

qint64 deadCount(Engine &engine)
{
    auto n = engine.store().call<qint64>([](Store &s) { return s.countDeadLetters({}); });
    return n ? *n : -1;
}

} // namespace

class tst_BulkReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chunkFollowsRateLimit()
    {
        QCOMPARE(BulkReplay::chunkSize({}), BulkReplay::MaxChunk);
        QCOMPARE(BulkReplay::chunkSize({ 50, 0 }), 100);
        QCOMPARE(BulkReplay::chunkSize({ 0.2, 0 }), 1);
        QCOMPARE(BulkReplay::chunkSize({ 10'000, 0 }), BulkReplay::MaxChunk);
    }

    void groupsCountAndScope()
    {
        const ScratchDir dir;
        const QUrl nowhere(QStringLiteral("http://127.0.0.1:9/"));
        // billing: 12 × 401 authentication failed, 8 timeouts whose text varies by numbers and
        // ids; inventory: 20 × 503.
        QVERIFY(fillDeadLetters(dir.storePath(),
            { target(QStringLiteral("inventory"), nowhere),
                target(QStringLiteral("billing"), nowhere) },
            20, 5, [](const QString &t, int n) -> Failure {
                if (t == u"inventory")
                    return { 503, ErrorClass::Http5xx, QStringLiteral("HTTP 503") };
                if (n < 12)
                    return { 401, ErrorClass::Http4xx, QStringLiteral("authentication failed") };
                return { 0, ErrorClass::Timeout,
                    QStringLiteral("timeout after %1 ms for msg 019%2ab").arg(4990 + n).arg(n) };
            }));
        auto engine = startEngine(dir.storePath(), {});
        DeadLetterBrowser browser(*engine);
        const auto engineFirst = deleteBeforeBrowser(engine);
        browser.resize(1300, 760);
        browser.show();
        QAbstractItemModelTester tester(
            browser.groupModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitLoaded(browser));
        DeadLetterGroupModel &groups = *browser.groupModel();
        QCOMPARE(groups.rowCount(), 3);
        QCOMPARE(groups.group(0).fingerprint.target, QStringLiteral("inventory"));
        QCOMPARE(groups.group(0).count, 20);
        QCOMPARE(groups.group(1).fingerprint.status, 401);
        QCOMPARE(groups.group(1).count, 12);
        QCOMPARE(groups.data(groups.index(1, DeadLetterGroupModel::FailureColumn)).toString(),
            QStringLiteral("401 · authentication failed"));
        QCOMPARE(groups.group(2).count, 8);
        QCOMPARE(groups.group(2).fingerprint.errorClass, QStringLiteral("timeout"));
        QCOMPARE(browser.model()->totalCount(), 40);

        // Clicking a group scopes the list and its count.
        QSignalSpy counts(&browser, &DeadLetterBrowser::countChanged);
        QTableView *view = browser.groupView();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
            view->visualRect(groups.index(2, DeadLetterGroupModel::FailureColumn)).center());
        QVERIFY(browser.scopedGroup().has_value());
        QTRY_COMPARE(browser.model()->totalCount(), 8);
        QVERIFY(waitLoaded(browser));
        QCOMPARE(browser.model()->rowCount(), 8);
        for (int row = 0; row < browser.model()->rowCount(); ++row)
            QVERIFY(browser.model()->deadLetter(row).lastError.startsWith(u"timeout after"));
        QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
        QVERIFY(browser.findChild<QLabel *>(QStringLiteral("groupScope"))
                    ->text()
                    .contains(QStringLiteral("timeout after <duration>")));
        saveScreenshot(browser, QStringLiteral("deadletterbrowser-groups.png"));

        // The groups keep the rest of the filter: a target narrows them.
        auto *showAll = browser.findChild<QPushButton *>(QStringLiteral("showAllGroups"));
        QVERIFY(showAll->isEnabled());
        showAll->click();
        QVERIFY(!browser.scopedGroup());
        QTRY_COMPARE(browser.model()->totalCount(), 40);
        QVERIFY(!showAll->isEnabled());
        QVERIFY(stopEngine(*engine));
    }

    void replayAllMatchingReplaysEverything()
    {
        const ScratchDir dir;
        constexpr int Messages = 1500; // three pages of the list, three chunks of the run
        SimulatedHttpServer server(answering(200));
        QVERIFY(server.listen() != 0);
        QVERIFY(fillDeadLetters(dir.storePath(),
            { target(QStringLiteral("orders"), server.url(QStringLiteral("/orders")),
                "{'ordering': 'per_key'}") },
            Messages, 40, refused));
        auto engine = startEngine(dir.storePath(), {});
        DeadLetterBrowser browser(*engine);
        const auto engineFirst = deleteBeforeBrowser(engine);
        browser.resize(1300, 760);
        browser.show();
        QAbstractItemModelTester tester(
            browser.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitLoaded(browser));
        QCOMPARE(browser.model()->totalCount(), Messages);
        QCOMPARE(browser.model()->rowCount(), DeadLetterModel::PageSize);

        QAction *replayAll = browser.findChild<QAction *>(QStringLiteral("replayAllMatching"));
        QVERIFY(replayAll);
        QCOMPARE(replayAll->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
        QVERIFY(replayAll->isEnabled());

        // Cancel in the confirmation: nothing happens.
        QString question;
        bool answer = false;
        browser.setConfirmation([&](const QString &, const QString &q) {
            question = q;
            return answer;
        });
        QSignalSpy started(&browser, &DeadLetterBrowser::bulkReplayStarted);
        replayAll->trigger();
        QVERIFY2(question.contains(QLocale().toString(Messages)), qPrintable(question));
        QCOMPARE(started.size(), 0);
        QVERIFY(!browser.bulkReplay());
        QTest::qWait(200);
        QCOMPARE(server.takeReceived().size(), 0);
        QCOMPARE(deadCount(*engine), Messages);

        answer = true;
        QSignalSpy finished(&browser, &DeadLetterBrowser::bulkReplayFinished);
        replayAll->trigger();
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.first().first().toLongLong(), Messages);
        QVERIFY(browser.bulkReplay());
        QVERIFY(!replayAll->isEnabled()); // one run at a time
        auto *progress = browser.findChild<QProgressBar *>(QStringLiteral("bulkReplayProgress"));
        QVERIFY(progress->isVisible());
        QVERIFY(browser.findChild<QPushButton *>(QStringLiteral("cancelReplayAll"))->isVisible());
        QTRY_VERIFY(runningProgress(browser).replayed > 0);

        QVERIFY(finished.wait(20'000));
        const auto p = finished.first().first().value<BulkReplayProgress>();
        QCOMPARE(finished.first().at(1).toBool(), false);
        QCOMPARE(p.total, Messages);
        QCOMPARE(p.replayed, Messages);
        QCOMPARE(p.delivered, Messages);
        QCOMPARE(p.failedAgain, 0);
        QCOMPARE(progress->value(), progress->maximum());
        QTRY_COMPARE(browser.model()->totalCount(), 0);
        QCOMPARE(browser.model()->rowCount(), 0);
        QCOMPARE(browser.groupModel()->rowCount(), 0);

        // Every message once, with its original key, each key's messages in enqueue order.
        const QList<HttpExchange> received = server.takeReceived();
        QCOMPARE(received.size(), Messages);
        QSet<QByteArray> keys;
        QHash<QString, int> lastOfKey;
        for (const HttpExchange &e : received) {
            const QJsonObject o = QJsonDocument::fromJson(e.body).object();
            const int n = o.value(u"n").toInt();
            QCOMPARE(e.header("Idempotency-Key"), "order-" + QByteArray::number(n));
            keys.insert(e.header("Idempotency-Key"));
            const QString key = o.value(u"key").toString();
            QVERIFY2(lastOfKey.value(key, -1) < n,
                qPrintable(QStringLiteral("%1: %2 after %3").arg(key).arg(n).arg(lastOfKey[key])));
            lastOfKey[key] = n;
        }
        QCOMPARE(keys.size(), Messages);
        QVERIFY(stopEngine(*engine));
    }

    void cancelStopsFurtherChunks()
    {
        const ScratchDir dir;
        // 50 per second: chunks of 100 that take two seconds each.
        SimulatedHttpServer server(answering(200));
        QVERIFY(server.listen() != 0);
        QVERIFY(fillDeadLetters(dir.storePath(),
            { target(QStringLiteral("orders"), server.url(QStringLiteral("/orders")),
                "{'rate_limit': {'per_second': 50}}") },
            300, 300, refused));
        auto engine = startEngine(dir.storePath(), {});
        DeadLetterBrowser browser(*engine);
        const auto engineFirst = deleteBeforeBrowser(engine);
        browser.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(waitLoaded(browser));
        QCOMPARE(browser.model()->totalCount(), 300);

        QSignalSpy finished(&browser, &DeadLetterBrowser::bulkReplayFinished);
        browser.replayAllMatching();
        QVERIFY(browser.bulkReplay());
        QTRY_COMPARE(runningProgress(browser).replayed, 100);
        if (!qEnvironmentVariableIsEmpty("TANDEM_SCREENSHOT_DIR")) {
            QTRY_VERIFY(runningProgress(browser).delivered >= 40);
            browser.resize(1300, 760);
            browser.show();
            QTest::qWait(50);
            saveScreenshot(browser, QStringLiteral("deadletterbrowser-replayall.png"));
        }
        browser.findChild<QPushButton *>(QStringLiteral("cancelReplayAll"))->click();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(1).toBool(), true);
        QVERIFY(!browser.bulkReplay());
        QVERIFY(browser.findChild<QLabel *>(QStringLiteral("bulkReplayText"))
                    ->text()
                    .contains(QStringLiteral("cancelled")));

        // The released chunk is still delivered; nothing after it is.
        QTRY_VERIFY_WITH_TIMEOUT(deadCount(*engine) == 200
                && engine->store()
                        .call<QList<TargetCounts>>([](Store &s) { return s.counts(); })
                        ->first()
                        .delivered
                    == 100,
            10'000);
        QTest::qWait(500);
        QCOMPARE(deadCount(*engine), 200);
        QTRY_COMPARE(browser.model()->totalCount(), 200);
        QVERIFY(stopEngine(*engine));
    }

    void openBreakerHoldsTheRun()
    {
        const ScratchDir dir;
        SimulatedHttpServer server(answering(503));
        QVERIFY(server.listen() != 0);
        // A breaker that opens after three failures and stays open; one attempt per message;
        // one message a second, so a chunk is two dead letters.
        const TargetConfig orders
            = target(QStringLiteral("orders"), server.url(QStringLiteral("/orders")),
                { "{'retry': {'max_attempts': 1}, 'rate_limit': {'per_second': 1, 'burst': 10}}",
                    BreakerTripsAfterThreeFailures });
        QVERIFY(fillDeadLetters(dir.storePath(), { orders }, 6, 6, refused));
        auto engine = startEngine(dir.storePath(), {});
        DeadLetterBrowser browser(*engine);
        const auto engineFirst = deleteBeforeBrowser(engine);
        browser.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(waitLoaded(browser));
        QCOMPARE(browser.groupModel()->rowCount(), 1);
        QObject context;
        QVERIFY(
            enqueue(*engine, { "{\"live\":1}", "{\"live\":2}", "{\"live\":3}" }, &context).size()
            == 3);
        QTRY_COMPARE_WITH_TIMEOUT(metricsOf(*engine, QStringLiteral("orders")).breakerState,
            QStringLiteral("open"), 10'000);
        server.setBehaviour(answering(200));
        server.takeReceived();

        // The groups follow the engine: the live messages' 503s arrive as a group of their own.
        QTRY_COMPARE_WITH_TIMEOUT(browser.groupModel()->rowCount(), 2, 5000);
        DeadLetterGroupModel &groups = *browser.groupModel();
        const int live = groups.group(0).fingerprint.status == 503 ? 0 : 1;
        QCOMPARE(groups.group(live).fingerprint.status, 503);
        QCOMPARE(groups.group(live).fingerprint.errorClass, QStringLiteral("http_5xx"));
        QCOMPARE(groups.data(groups.index(live, DeadLetterGroupModel::FailureColumn)).toString(),
            QStringLiteral("503 · Service Unavailable"));
        QVERIFY(live >= 0);
        QTRY_COMPARE(groups.group(live).count, 3);
        QVERIFY(waitLoaded(browser));
        const qint64 dead = browser.model()->totalCount();
        QVERIFY(dead >= 9);
        browser.replayAllMatching();
        QVERIFY(browser.bulkReplay());
        QTRY_COMPARE(runningProgress(browser).replayed, 2);
        // Held: the chunk waits for the breaker, the next one is not released.
        QTest::qWait(1500);
        QVERIFY(browser.bulkReplay());
        QCOMPARE(runningProgress(browser).replayed, 2);
        QCOMPARE(runningProgress(browser).delivered, 0);
        QCOMPARE(server.takeReceived().size(), 0);
        QCOMPARE(deadCount(*engine), dead - 2);
        QVERIFY(browser.findChild<QLabel *>(QStringLiteral("bulkReplayText"))
                    ->text()
                    .contains(QStringLiteral("2 waiting")));
        browser.cancelReplayAll();
        QVERIFY(!browser.bulkReplay());
        QVERIFY(stopEngine(*engine));
    }
};

QTEST_MAIN(tst_BulkReplay)
#include "tst_bulkreplay.moc"
