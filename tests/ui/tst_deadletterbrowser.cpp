// SPDX-License-Identifier: GPL-3.0-or-later
// The dead-letter browser, offscreen, on a real engine: the model pages, filters and sorts 20,000
// dead letters through the store (under QAbstractItemModelTester); replay from the browser moves
// the row out and a real local target receives the message with its original Idempotency-Key;
// discard asks first and does nothing when the operator cancels; export writes JSON Lines.
// With TANDEM_SCREENSHOT_DIR set, it also saves PNGs of the browser there.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "engine/core/clock.h"
#include "tests/support/deadletters.h"
#include "tests/support/simulatedanswers.h"
#include "tests/support/testengine.h"
#include "tests/support/uitest.h"
#include "ui/mainwindow.h"
#include "ui/models/attempthistorymodel.h"
#include "ui/models/deadlettermodel.h"
#include "ui/widgets/deadletterbrowser.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

constexpr int MessagesPerTarget = 10'000; // two targets: 20,000 dead letters

/// Fills the store at `path` with dead letters fast, by direct store calls: every message dies
/// at both targets. inventory answered 503 to even messages and 422 to odd ones; billing refused
/// the connection. Message n died at `base` + n ms.
bool fillDeadLetters(const QString &path, int messages, qint64 base)
{
    QList<NewMessage> batch;
    for (int n = 0; n < messages; ++n) {
        batch.append(NewMessage { QByteArrayLiteral("{\"n\":") + QByteArray::number(n)
            + QByteArrayLiteral(",\"customer\":\"c") + QByteArray::number(n % 100) + "\"}" });
    }
    return storeDeadLetters(path,
        { unreachableTarget(QStringLiteral("inventory")),
            unreachableTarget(QStringLiteral("billing")) },
        batch, base, [](const QString &target, int n) {
            AttemptOutcome o;
            o.latencyUs = 1200;
            if (target == u"billing") {
                o.errorClass = ErrorClass::Connection;
                o.error = QStringLiteral("Connection refused");
            } else {
                o.httpStatus = n % 2 == 0 ? 503 : 422;
                o.errorClass = errorClassForStatus(o.httpStatus);
                o.error = QStringLiteral("HTTP %1").arg(o.httpStatus);
            }
            return o;
        });
}

bool waitLoaded(DeadLetterModel &model)
{
    return QTest::qWaitFor([&] { return !model.isLoading() && model.totalCount() >= 0; }, 10'000);
}

QAction *action(QWidget &widget, const char *name)
{
    return widget.findChild<QAction *>(QString::fromLatin1(name));
}

} // namespace

class tst_DeadLetterBrowser : public QObject
{
    Q_OBJECT

private:
    ScratchDir m_bigDir;
    std::unique_ptr<Engine> m_bigEngine; ///< on a store with 20,000 dead letters

private Q_SLOTS:
    void initTestCase()
    {
        const QString path = m_bigDir.storePath();
        QVERIFY(fillDeadLetters(path, MessagesPerTarget, nowMs() - 86'400'000));
        m_bigEngine = startEngine(path, {});
    }

    void cleanupTestCase()
    {
        if (m_bigEngine)
            QVERIFY(stopEngine(*m_bigEngine));
        m_bigEngine.reset();
    }

    void modelPages()
    {
        DeadLetterModel model(*m_bigEngine);
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitLoaded(model));
        QCOMPARE(model.totalCount(), 2 * MessagesPerTarget);
        QCOMPARE(model.rowCount(), DeadLetterModel::PageSize);
        QVERIFY(model.canFetchMore({}));

        for (int page = 2; page <= 4; ++page) {
            model.fetchMore({});
            QVERIFY(!model.canFetchMore({})); // one read at a time
            QVERIFY(waitLoaded(model));
            QCOMPARE(model.rowCount(), page * DeadLetterModel::PageSize);
        }
        // Newest first, no row twice across pages.
        QSet<qint64> seen;
        for (int row = 0; row < model.rowCount(); ++row) {
            const DeadLetter d = model.deadLetter(row);
            QVERIFY(!seen.contains(d.deliveryId));
            seen.insert(d.deliveryId);
            if (row > 0)
                QVERIFY(model.deadLetter(row - 1).deadAtMs >= d.deadAtMs);
        }
        const QModelIndex first = model.index(0, DeadLetterModel::LastErrorColumn);
        QVERIFY(!model.data(first).toString().isEmpty());
        QCOMPARE(model.data(first, DeadLetterModel::MessageIdRole).toString(),
            model.deadLetter(0).messageId);
    }

    void modelFilters_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("errorClass");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected");

        QTest::addRow("target") << QStringLiteral("billing") << 0 << QString() << QString()
                                << MessagesPerTarget;
        QTest::addRow("status code")
            << QString() << 503 << QString() << QString() << MessagesPerTarget / 2;
        QTest::addRow("error class")
            << QString() << 0 << QStringLiteral("http_4xx") << QString() << MessagesPerTarget / 2;
        QTest::addRow("error class and target")
            << QStringLiteral("inventory") << 0 << QStringLiteral("connection") << QString() << 0;
        QTest::addRow("payload text")
            << QString() << 0 << QString() << QStringLiteral("\"n\":4242,") << 2;
        QTest::addRow("payload text at one target")
            << QStringLiteral("billing") << 0 << QString() << QStringLiteral("\"c7\"")
            << MessagesPerTarget / 100;
    }

    void modelFilters()
    {
        QFETCH(QString, target);
        QFETCH(int, status);
        QFETCH(QString, errorClass);
        QFETCH(QString, text);
        QFETCH(int, expected);

        DeadLetterModel model(*m_bigEngine);
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitLoaded(model));
        DeadLetterQuery filter = model.filter();
        filter.target = target;
        filter.status = status;
        filter.errorClass = errorClass;
        filter.text = text;
        model.setFilter(filter);
        QVERIFY(model.isLoading());
        QVERIFY(waitLoaded(model));
        QCOMPARE(model.totalCount(), expected);
        QCOMPARE(model.rowCount(), std::min(expected, DeadLetterModel::PageSize));
        for (int row = 0; row < model.rowCount(); ++row) {
            const DeadLetter d = model.deadLetter(row);
            if (!target.isEmpty())
                QCOMPARE(d.target, target);
            if (status != 0)
                QCOMPARE(d.lastStatus, status);
        }
    }

    void modelSorts_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");

        QTest::addRow("message id, ascending")
            << int(DeadLetterModel::MessageIdColumn) << int(Qt::AscendingOrder);
        QTest::addRow("target, descending")
            << int(DeadLetterModel::TargetColumn) << int(Qt::DescendingOrder);
        QTest::addRow("dead since, ascending")
            << int(DeadLetterModel::DeadAtColumn) << int(Qt::AscendingOrder);
        QTest::addRow("last status, descending")
            << int(DeadLetterModel::LastErrorColumn) << int(Qt::DescendingOrder);
    }

    void modelSorts()
    {
        QFETCH(int, column);
        QFETCH(int, order);

        DeadLetterModel model(*m_bigEngine);
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitLoaded(model));
        model.sort(column, Qt::SortOrder(order));
        QVERIFY(waitLoaded(model));
        model.fetchMore({});
        QVERIFY(waitLoaded(model));
        QCOMPARE(model.rowCount(), 2 * DeadLetterModel::PageSize);
        const auto key = [&](int row) -> QVariant {
            const DeadLetter d = model.deadLetter(row);
            switch (column) {
            case DeadLetterModel::MessageIdColumn:
                return d.messageId;
            case DeadLetterModel::TargetColumn:
                return d.target;
            case DeadLetterModel::DeadAtColumn:
                return d.deadAtMs;
            default:
                return d.lastStatus;
            }
        };
        for (int row = 1; row < model.rowCount(); ++row) {
            const QPartialOrdering c = QVariant::compare(key(row - 1), key(row));
            QVERIFY2(order == Qt::AscendingOrder ? c != QPartialOrdering::Greater
                                                 : c != QPartialOrdering::Less,
                qPrintable(QStringLiteral("row %1").arg(row)));
        }
        if (column == DeadLetterModel::TargetColumn)
            QCOMPARE(model.deadLetter(0).target, QStringLiteral("inventory"));
        if (column == DeadLetterModel::LastErrorColumn)
            QCOMPARE(model.deadLetter(0).lastStatus, 503);
    }

    void replayMovesRowOutAndTargetReceivesIt()
    {
        const ScratchDir dir;
        SimulatedHttpServer server(answering(503));
        QVERIFY(server.listen() != 0);
        auto engine = startEngine(dir.storePath(),
            { target(QStringLiteral("orders"), server.url(QStringLiteral("/orders")),
                "{'retry': {'max_attempts': 2, 'base_delay_ms': 10, 'max_delay_ms': 10}}") });

        MainWindow window(*engine, nullptr);
        window.show();
        DeadLetterBrowser &browser = *window.deadLetterBrowser();
        DeadLetterModel &model = *browser.model();
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester attemptsTester(
            browser.attemptModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        const QString id
            = enqueueOne(*engine, "{\"order\": 42, \"items\": [1, 2]}", "order-42", &window);
        QVERIFY(!id.isEmpty());
        // The model follows the engine: the dead letter appears without a refresh by hand.
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10'000);
        QCOMPARE(model.deadLetter(0).messageId, id);
        QCOMPARE(server.takeReceived().size(), 2);

        QSignalSpy shown(&browser, &DeadLetterBrowser::detailShown);
        browser.view()->selectRow(0);
        QVERIFY(shown.wait());
        QVERIFY(browser.detailPayload().contains(QStringLiteral("\"order\": 42")));
        QCOMPARE(browser.attemptModel()->rowCount(), 2);
        window.resize(1400, 800);
        window.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentWidget(&browser);
        saveScreenshot(window, QStringLiteral("deadletterbrowser-detail.png"));

        server.setBehaviour(answering(200));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy replayed(&browser, &DeadLetterBrowser::replayed);
        QAction *replay = action(browser, "replaySelected");
        QVERIFY(replay->isEnabled());
        QCOMPARE(replay->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
        replay->trigger();
        QVERIFY(replayed.wait());
        QCOMPARE(replayed.first().first().toInt(), 1);
        QTRY_COMPARE(model.rowCount(), 0);
        QCOMPARE(resets.size(), 0); // the row left by a removal, not a reset of the view

        QTRY_VERIFY_WITH_TIMEOUT(
            deliveryOf(*engine, id, QStringLiteral("orders")).state == DeliveryState::Delivered,
            10'000);
        const QList<HttpExchange> received = server.takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().header("Idempotency-Key"), QByteArrayLiteral("order-42"));
        QCOMPARE(
            QJsonDocument::fromJson(received.first().body).object().value(u"order").toInt(), 42);
        QVERIFY(stopEngine(*engine));
    }

    void discardAsksFirst()
    {
        const ScratchDir dir;
        const QString path = dir.storePath();
        QVERIFY(fillDeadLetters(path, 3, nowMs() - 60'000));
        auto engine = startEngine(path, {});
        DeadLetterBrowser browser(*engine);
        browser.resize(1200, 700);
        browser.show();
        QAbstractItemModelTester tester(
            browser.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(browser.model()->rowCount(), 6);

        int asked = 0;
        bool answer = false;
        QString question;
        browser.setConfirmation([&](const QString &, const QString &q) {
            ++asked;
            question = q;
            return answer;
        });
        browser.view()->selectRow(0);
        QSignalSpy discarded(&browser, &DeadLetterBrowser::discarded);
        QAction *discard = action(browser, "discardSelected");
        QCOMPARE(discard->shortcut(), QKeySequence(QKeySequence::Delete));

        discard->trigger();
        QCOMPARE(asked, 1);
        QVERIFY(question.contains(QStringLiteral("1 dead letter")));
        QVERIFY(!browser.model()->isLoading()); // cancelled: nothing went to the store
        QCOMPARE(discarded.size(), 0);
        QCOMPARE(browser.model()->rowCount(), 6);

        answer = true;
        const QString gone = browser.model()->deadLetter(0).messageId;
        const QString target = browser.model()->deadLetter(0).target;
        discard->trigger();
        QCOMPARE(asked, 2);
        QVERIFY(discarded.wait());
        QTRY_COMPARE(browser.model()->rowCount(), 5);
        QCOMPARE(deliveryOf(*engine, gone, target).state, DeliveryState::Discarded);
        QVERIFY(stopEngine(*engine));
    }

    void exportWritesJsonLines()
    {
        const ScratchDir dir;
        const QString path = dir.storePath();
        QVERIFY(fillDeadLetters(path, 2, nowMs() - 60'000));
        auto engine = startEngine(path, {});
        DeadLetterBrowser browser(*engine);
        QTRY_COMPARE(browser.model()->rowCount(), 4);
        browser.view()->selectAll();

        const QString file = dir.filePath(QStringLiteral("dead.jsonl"));
        QSignalSpy exported(&browser, &DeadLetterBrowser::exported);
        browser.exportSelectionTo(file);
        QVERIFY(exported.wait());
        QCOMPARE(exported.first().at(1).toInt(), 4);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        for (const QByteArray &line : lines) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            QVERIFY(!o.value(u"message_id").toString().isEmpty());
            QVERIFY(o.value(u"payload").isObject());
            QVERIFY(o.value(u"payload").toObject().contains(u"customer"));
        }
        QVERIFY(stopEngine(*engine));
    }

    void screenshotOfManyDeadLetters()
    {
        if (qEnvironmentVariableIsEmpty("TANDEM_SCREENSHOT_DIR"))
            QSKIP("TANDEM_SCREENSHOT_DIR is not set");
        MainWindow window(*m_bigEngine, nullptr);
        window.resize(1400, 820);
        window.show();
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        QVERIFY(tabs);
        tabs->setCurrentWidget(window.deadLetterBrowser());
        DeadLetterBrowser &browser = *window.deadLetterBrowser();
        QVERIFY(waitLoaded(*browser.model()));
        QSignalSpy shown(&browser, &DeadLetterBrowser::detailShown);
        browser.view()->selectRow(2);
        QVERIFY(shown.wait());
        QTest::qWait(50);
        saveScreenshot(window, QStringLiteral("deadletterbrowser.png"));
    }
};

QTEST_MAIN(tst_DeadLetterBrowser)
#include "tst_deadletterbrowser.moc"
