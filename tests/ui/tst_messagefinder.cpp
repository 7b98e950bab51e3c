// SPDX-License-Identifier: GPL-3.0-or-later
// "Find a message", offscreen, on a real engine with two real local targets: inventory answers
// 200, billing 503. Found by id, the message shows inventory delivered and billing retrying
// (attempt count, next attempt inside the jitter window of billing's retry policy), then dead
// (live, without a second lookup); found by its Idempotency-Key it is the same message; an
// unknown id says so; a Retry-After answer shows as overriding the backoff.
// With TANDEM_SCREENSHOT_DIR set, it saves PNGs of the main window with the message dock.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include "engine/core/clock.h"
#include "tests/support/simulatedanswers.h"
#include "tests/support/testengine.h"
#include "tests/support/uitest.h"
#include "ui/mainwindow.h"
#include "ui/models/clocktext.h"
#include "ui/models/deliverytimelinemodel.h"
#include "ui/widgets/deadletterbrowser.h"
#include "ui/widgets/deliverypanel.h"
#include "ui/widgets/messagefinder.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

// billing: three attempts; equal jitter, so the window of each retry has a lower bound too.
constexpr int BillingAttempts = 3;
const char *const BillingRetry = "{'retry': {'max_attempts': 3, 'base_delay_ms': 1200, "
                                 "'multiplier': 2.0, 'max_delay_ms': 10000, 'jitter': 'equal'}}";

DeliveryPanel *panelOf(MessageFinder &finder, const QString &target)
{
    for (DeliveryPanel *p : finder.panels()) {
        if (p->target() == target)
            return p;
    }
    return nullptr;
}

QString summaryOf(MessageFinder &finder, const QString &target)
{
    DeliveryPanel *p = panelOf(finder, target);
    return p ? p->summary() : QString();
}

/// The row of the next scheduled attempt, or -1.
int scheduledRow(const DeliveryTimelineModel &model)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(DeliveryTimelineModel::ScheduledRole).toBool())
            return row;
    }
    return -1;
}

} // namespace

class tst_MessageFinder : public QObject
{
    Q_OBJECT

private:
    IsolatedSettings m_settings; ///< the windows' QSettings, never the user's

private Q_SLOTS:
    void findByIdAndKeyShowsEveryDelivery()
    {
        const ScratchDir dir;
        SimulatedHttpServer inventory(answering(200));
        SimulatedHttpServer billing(answering(503));
        QVERIFY(inventory.listen() != 0);
        QVERIFY(billing.listen() != 0);
        auto engine = startEngine(dir.storePath(),
            { target(QStringLiteral("inventory"), inventory.url(QStringLiteral("/inventory"))),
                target(QStringLiteral("billing"), billing.url(QStringLiteral("/billing")),
                    BillingRetry) });

        MainWindow window(*engine, nullptr);
        window.resize(1400, 900);
        window.show();
        MessageFinder &finder = *window.messageFinder();
        const QString id = enqueueOne(*engine, "{\"order\": 7, \"total\": 99.5}", "order-7", this);
        QVERIFY(!id.isEmpty());

        // The toolbar's field, as an operator uses it: type, Enter.
        auto *field = window.findChild<QLineEdit *>(QStringLiteral("findMessageField"));
        QVERIFY(field);
        auto *find = window.findChild<QAction *>(QStringLiteral("findMessage"));
        QVERIFY(find);
        QVERIFY(find->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)));
        QVERIFY(find->shortcuts().contains(QKeySequence(QKeySequence::Find)));
        // On the dead-letter tab Ctrl+F filters the dead letters; Ctrl+Shift+F still finds.
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        tabs->setCurrentWidget(window.deadLetterBrowser());
        QCOMPARE(find->shortcuts(), { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F) });
        tabs->setCurrentIndex(0);
        QVERIFY(find->shortcuts().contains(QKeySequence(QKeySequence::Find)));
        find->trigger();
        QVERIFY(field->hasFocus());
        QSignalSpy shown(&finder, &MessageFinder::messageShown);
        field->setText(id);
        QTest::keyClick(field, Qt::Key_Return);
        QVERIFY(shown.wait());
        QCOMPARE(shown.first().first().toString(), id);
        QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("messageDock"))->isVisible());
        QCOMPARE(finder.panels().size(), 2);

        DeliveryPanel *billingPanel = panelOf(finder, QStringLiteral("billing"));
        QVERIFY(billingPanel);
        QAbstractItemModelTester tester(
            billingPanel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Live: the finder reads the message again as the engine records its attempts.
        QTRY_VERIFY_WITH_TIMEOUT(
            summaryOf(finder, QStringLiteral("inventory")).startsWith(u"delivered "), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            summaryOf(finder, QStringLiteral("billing")).startsWith(u"retrying: attempt 2 at "),
            10'000);
        const DeliveryView waiting = deliveryIn(finder.message(), QStringLiteral("billing"));
        QCOMPARE(waiting.state, DeliveryState::RetryWait);
        QCOMPARE(waiting.attempts, 1);
        QCOMPARE(billing.requestCount(), 1);

        // The timeline: one past attempt, then the next one, due inside the window billing's
        // policy draws it from: equal jitter after attempt 1 is [600, 1200] ms after it ended.
        const DeliveryTimelineModel &timeline = *billingPanel->model();
        QCOMPARE(timeline.rowCount(), 2);
        QCOMPARE(timeline.index(0, DeliveryTimelineModel::StatusColumn).data().toString(),
            QStringLiteral("HTTP 503"));
        const int next = scheduledRow(timeline);
        QCOMPARE(next, 1);
        QCOMPARE(timeline.index(next, 0).data(DeliveryTimelineModel::AttemptNoRole).toInt(), 2);
        const qint64 due
            = timeline.index(next, 0).data(DeliveryTimelineModel::TimeRole).toLongLong();
        QCOMPARE(due, waiting.dueAtMs);
        const AttemptView &first = waiting.history.first();
        const qint64 ended = first.startedAtMs + first.latencyUs / 1000;
        // The delay drawn lies in the policy's range, counted from a decision made after the
        // attempt ended (moments after, unless the machine is very busy).
        QVERIFY2(waiting.lastDelayMs >= 600 && waiting.lastDelayMs <= 1200,
            qPrintable(QString::number(waiting.lastDelayMs)));
        const qint64 decided = due - waiting.lastDelayMs;
        QVERIFY2(decided >= ended - 2 && decided <= ended + 1000,
            qPrintable(
                QStringLiteral("decided %1 ms after the attempt ended").arg(decided - ended)));
        // The finder shows that window, and no Retry-After.
        const QString window_
            = timeline.index(next, DeliveryTimelineModel::ErrorColumn).data().toString();
        QCOMPARE(window_,
            QStringLiteral("backoff window %1 – %2")
                .arg(clockText(decided + 600, nowMs(), true),
                    clockText(decided + 1200, nowMs(), true)));
        saveScreenshot(window, QStringLiteral("messagefinder-retrying.png"));

        // Then billing gives up: the finder follows, no new lookup.
        QTRY_COMPARE_WITH_TIMEOUT(summaryOf(finder, QStringLiteral("billing")),
            QStringLiteral("dead: HTTP 503 ×%1").arg(BillingAttempts), 15'000);
        QCOMPARE(billing.requestCount(), BillingAttempts);
        QCOMPARE(billingPanel->model()->rowCount(), BillingAttempts);
        QCOMPARE(scheduledRow(*billingPanel->model()), -1);
        QCOMPARE(inventory.requestCount(), 1);
        saveScreenshot(window, QStringLiteral("messagefinder-dead.png"));

        // By Idempotency-Key: the same message.
        shown.clear();
        window.findMessage(QStringLiteral("order-7"));
        QVERIFY(shown.wait());
        QCOMPARE(finder.messageId(), id);
        QCOMPARE(finder.message().idempotencyKey, QByteArrayLiteral("order-7"));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("messageNote"))
                    ->text()
                    .contains(u"Found by Idempotency-Key"));
        QVERIFY(stopEngine(*engine));
    }

    void unknownIdSaysSo()
    {
        const ScratchDir dir;
        SimulatedHttpServer inventory(answering(200));
        QVERIFY(inventory.listen() != 0);
        auto engine = startEngine(dir.storePath(),
            { target(QStringLiteral("inventory"), inventory.url(QStringLiteral("/inventory"))) });
        MessageFinder finder(*engine);
        finder.resize(900, 300);
        finder.show();
        QSignalSpy failed(&finder, &MessageFinder::lookupFailed);
        finder.find(QStringLiteral("  no-such-message  "));
        QVERIFY(failed.wait());
        QVERIFY2(finder.errorText().startsWith(u"No message with id or key 'no-such-message'"),
            qPrintable(finder.errorText()));
        QVERIFY(finder.messageId().isEmpty());
        saveScreenshot(finder, QStringLiteral("messagefinder-unknown.png"));

        // A message found afterwards replaces the error.
        const QString id = enqueueOne(*engine, "{\"n\": 1}", {}, this);
        QSignalSpy shown(&finder, &MessageFinder::messageShown);
        finder.find(id);
        QVERIFY(shown.wait());
        QVERIFY(finder.errorText().isEmpty());
        QCOMPARE(finder.panels().size(), 1);
        QVERIFY(stopEngine(*engine));
    }

    void retryAfterOverridesTheBackoff()
    {
        const ScratchDir dir;
        SimulatedHttpServer billing([](const HttpExchange &) {
            return answer(503, { { "Retry-After", "3" } });
        });
        QVERIFY(billing.listen() != 0);
        auto engine = startEngine(dir.storePath(),
            { target(QStringLiteral("billing"), billing.url(QStringLiteral("/billing")),
                "{'retry': {'max_attempts': 2, 'base_delay_ms': 100, 'max_delay_ms': 10000}}") });
        const QString id = enqueueOne(*engine, "{\"n\": 2}", "key-2", this);
        QTRY_COMPARE_WITH_TIMEOUT(billing.requestCount(), 1, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, id, QStringLiteral("billing")).state,
            DeliveryState::RetryWait, 5000);
        // Opened after the answer arrived: what it shows of the Retry-After comes from the store.
        MessageFinder finder(*engine);
        QSignalSpy shown(&finder, &MessageFinder::messageShown);
        finder.find(id);
        QVERIFY(shown.wait());
        const DeliveryTimelineModel &timeline = *finder.panels().first()->model();
        const int next = scheduledRow(timeline);
        QCOMPARE(next, 1);
        QVERIFY(timeline.index(next, DeliveryTimelineModel::ErrorColumn)
                    .data()
                    .toString()
                    .startsWith(u"Retry-After overrode the backoff"));
        QCOMPARE(timeline.index(next, DeliveryTimelineModel::RetryAfterColumn).data().toString(),
            QStringLiteral("3.0 s, honoured"));
        // The store kept the answer's Retry-After: it shows with the attempt.
        QCOMPARE(timeline.index(0, DeliveryTimelineModel::RetryAfterColumn).data().toString(),
            QStringLiteral("3.0 s"));
        finder.resize(900, 320);
        saveScreenshot(finder, QStringLiteral("messagefinder-retryafter.png"));
        QVERIFY(stopEngine(*engine));
    }
};

QTEST_MAIN(tst_MessageFinder)
#include "tst_messagefinder.moc"
