// SPDX-License-Identifier: GPL-3.0-or-later
// What the message finder says about one delivery, from the store's view of it and the target's
// retry policy: the one-line summary per state, the next attempt's jitter window, and what moved
// the due time out of it (a Retry-After the store kept or, for attempts recorded before it kept
// them, inferred; the retry budget; a token refresh).
#include <QTest>

#include "ui/models/clocktext.h"
#include "ui/models/deliverytimeline.h"

using namespace Tandem;
using namespace Tandem::Ui;

namespace {

const qint64 T0 = QDateTime(QDate(2026, 11, 23), QTime(12, 0, 0)).toMSecsSinceEpoch();

AttemptView attempt(int no, qint64 startedAtMs, int status, const QString &errorClass = {})
{
    AttemptView a;
    a.attemptNo = no;
    a.startedAtMs = startedAtMs;
    a.latencyUs = 100'000; // 100 ms
    a.status = status;
    a.errorClass = errorClass.isEmpty()
        ? (status >= 500 ? QStringLiteral("http_5xx") : QStringLiteral("none"))
        : errorClass;
    return a;
}

/// A delivery that failed `statuses.size()` times, one attempt a second from T0, and now waits
/// `delayMs` after the last attempt ended (its due time).
DeliveryView waiting(const QList<int> &statuses, qint64 delayMs)
{
    DeliveryView d;
    d.deliveryId = 7;
    d.target = QStringLiteral("billing");
    d.state = DeliveryState::RetryWait;
    for (int i = 0; i < statuses.size(); ++i)
        d.history.append(attempt(i + 1, T0 + i * 1000, statuses.at(i)));
    d.attempts = int(statuses.size());
    d.lastStatus = statuses.last();
    const qint64 ended = d.history.last().startedAtMs + 100;
    d.lastDelayMs = delayMs;
    d.dueAtMs = ended + 5 + delayMs; // decided 5 ms after the answer
    return d;
}

RetryPolicy equalJitter()
{
    RetryPolicy p;
    p.baseDelayMs = 1000;
    p.multiplier = 2.0;
    p.jitter = Jitter::Equal;
    return p;
}

} // namespace

class tst_DeliveryTimeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void summaries_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QList<int>>("statuses");
        QTest::addColumn<QString>("expected");

        QTest::addRow("delivered at once") << int(DeliveryState::Delivered) << QList<int> { 200 }
                                           << QStringLiteral("delivered 12:00:05");
        QTest::addRow("delivered on the third attempt")
            << int(DeliveryState::Delivered) << QList<int> { 503, 503, 200 }
            << QStringLiteral("delivered 12:00:05 (attempt 3)");
        QTest::addRow("dead, always the same answer") << int(
            DeliveryState::Dead) << QList<int>(8, 503) << QStringLiteral("dead: HTTP 503 ×8");
        QTest::addRow("dead, answers differ")
            << int(DeliveryState::Dead) << QList<int> { 503, 500, 503 }
            << QStringLiteral("dead after 3 attempts, last: HTTP 503");
        QTest::addRow("never sent") << int(DeliveryState::Pending) << QList<int> {}
                                    << QStringLiteral("pending, not sent yet");
        QTest::addRow("discarded") << int(DeliveryState::Discarded) << QList<int> { 422 }
                                   << QStringLiteral("discarded 12:00:05");
    }

    void summaries()
    {
        QFETCH(int, state);
        QFETCH(QList<int>, statuses);
        QFETCH(QString, expected);
        DeliveryView d;
        d.target = QStringLiteral("billing");
        d.state = DeliveryState(state);
        for (int i = 0; i < statuses.size(); ++i)
            d.history.append(attempt(i + 1, T0 + i * 1000, statuses.at(i)));
        d.attempts = int(statuses.size());
        d.updatedAtMs = T0 + 5000;
        const DeliveryTimeline t(d, RetryPolicy {});
        QCOMPARE(t.summary(T0 + 10'000), expected);
        QVERIFY(!t.nextAttempt());
    }

    void retryingSaysWhenAndWhy()
    {
        const DeliveryView d = waiting({ 503, 503 }, 3000);
        DeliveryTimeline t(d, equalJitter());
        const qint64 now = d.dueAtMs - 2000;
        QCOMPARE(t.summary(now),
            QStringLiteral("retrying: attempt 3 at %1 (in 2.0 s)").arg(clockText(d.dueAtMs, now)));
        QCOMPARE(t.summary(d.dueAtMs + 10),
            QStringLiteral("retrying: attempt 3 due since %1").arg(clockText(d.dueAtMs, now)));
        t.setHold(QStringLiteral("breaker open"));
        QCOMPARE(t.summary(d.dueAtMs + 10),
            QStringLiteral("retrying: attempt 3 due since %1, held: breaker open")
                .arg(clockText(d.dueAtMs, now)));
    }

    void nextAttemptWindow_data()
    {
        QTest::addColumn<QList<int>>("statuses");
        QTest::addColumn<qint64>("delayMs");
        QTest::addColumn<bool>("retryAfter");
        QTest::addColumn<bool>("heldBack");
        QTest::addColumn<bool>("sooner");

        // After attempt 2, equal jitter draws from [1000, 2000] ms.
        QTest::addRow("inside the window")
            << QList<int> { 503, 503 } << qint64(1500) << false << false << false;
        QTest::addRow("503 far beyond: a Retry-After")
            << QList<int> { 503, 503 } << qint64(30'000) << true << false << false;
        QTest::addRow("429 below: a Retry-After")
            << QList<int> { 503, 429 } << qint64(200) << true << false << false;
        QTest::addRow("500 beyond: the retry budget")
            << QList<int> { 500, 500 } << qint64(9000) << false << true << false;
        QTest::addRow("401 at once: a fresh token")
            << QList<int> { 500, 401 } << qint64(0) << false << false << true;
    }

    void nextAttemptWindow()
    {
        QFETCH(QList<int>, statuses);
        QFETCH(qint64, delayMs);
        QFETCH(bool, retryAfter);
        QFETCH(bool, heldBack);
        QFETCH(bool, sooner);
        DeliveryView d = waiting(statuses, delayMs);
        if (heldBack)
            d.dueAtMs += 4000; // the budget postponed it, keeping the delay it had
        const DeliveryTimeline t(d, equalJitter());
        const auto next = t.nextAttempt();
        QVERIFY(next);
        QCOMPARE(next->attemptNo, 3);
        QCOMPARE(next->dueAtMs, d.dueAtMs);
        const qint64 ended = d.history.last().startedAtMs + 100;
        const qint64 decided = heldBack || delayMs == 0 ? ended : ended + 5;
        QCOMPARE(next->afterMs, decided);
        QCOMPARE(*next->earliestMs, decided + 1000);
        QCOMPARE(*next->latestMs, decided + 2000);
        QCOMPARE(next->retryAfterOverrode, retryAfter);
        if (retryAfter)
            QCOMPARE(*next->retryAfterMs, delayMs); // inferred: none stored
        QCOMPARE(next->heldBack, heldBack);
        QCOMPARE(next->sooner, sooner);
    }

    void retryAfterStored()
    {
        // Inside the window, yet the store kept the answer's Retry-After: it decided.
        DeliveryView d = waiting({ 503 }, 800);
        const DeliveryTimeline inferred(d, equalJitter());
        QVERIFY(!inferred.nextAttempt()->retryAfterOverrode); // recorded before schema 7
        QVERIFY(!DeliveryTimeline::retryAfterMs(d.history.first()));
        d.history.first().retryAfterMs = 800;
        const DeliveryTimeline t(d, equalJitter());
        QVERIFY(t.nextAttempt()->retryAfterOverrode);
        QCOMPARE(*t.nextAttempt()->retryAfterMs, 800);
        QCOMPARE(*DeliveryTimeline::retryAfterMs(d.history.first()), 800);
    }

    void storedRetryAfterReplacesTheInference()
    {
        // Far beyond the window: without a stored value the delay is taken for the Retry-After;
        // with one, the value the target sent shows (here above the max_delay that capped it).
        DeliveryView d = waiting({ 503, 503 }, 30'000);
        QCOMPARE(*DeliveryTimeline(d, equalJitter()).nextAttempt()->retryAfterMs, 30'000);
        d.history.last().retryAfterMs = 120'000;
        const auto next = DeliveryTimeline(d, equalJitter()).nextAttempt();
        QVERIFY(next->retryAfterOverrode);
        QCOMPARE(*next->retryAfterMs, 120'000);
        // A status that does not honour Retry-After ignores a stored one.
        d.history.last().status = 500;
        d.history.last().errorClass = QStringLiteral("http_5xx");
        QVERIFY(!DeliveryTimeline(d, equalJitter()).nextAttempt()->retryAfterOverrode);
    }

    void withoutPolicyNoWindow()
    {
        const DeliveryTimeline t(waiting({ 503 }, 800), std::nullopt);
        QVERIFY(t.nextAttempt());
        QVERIFY(!t.nextAttempt()->earliestMs);
        QVERIFY(!t.nextAttempt()->retryAfterOverrode);
    }
};

QTEST_MAIN(tst_DeliveryTimeline)
#include "tst_deliverytimeline.moc"
