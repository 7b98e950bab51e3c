// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <optional>
#include <utility>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <initializer_list>

#include "engine/metrics/metricssnapshot.h"
#include "engine/metrics/targetmetrics.h"

using namespace Tandem;

namespace {

constexpr qint64 T0 = 1700000000000; // any wall-clock time

AttemptRecord attempt(ErrorClass c, int attemptNo, DeliveryState newState, qint64 latencyUs = 1000)
{
    AttemptRecord r;
    r.deliveryId = 1;
    r.attemptNo = attemptNo;
    r.outcome.errorClass = c;
    r.outcome.latencyUs = latencyUs;
    r.newState = newState;
    return r;
}

AttemptRecord success(int attemptNo = 1, qint64 latencyUs = 1000)
{
    return attempt(ErrorClass::None, attemptNo, DeliveryState::Delivered, latencyUs);
}

AttemptRecord retried(ErrorClass c, int attemptNo = 1)
{
    return attempt(c, attemptNo, DeliveryState::RetryWait);
}

AttemptRecord died(ErrorClass c, int attemptNo = 1)
{
    return attempt(c, attemptNo, DeliveryState::Dead);
}

/// No request went out: expired or dead-keyed before sending, or cancelled while stopping.
AttemptRecord unattempted(DeliveryState newState, ErrorClass c = ErrorClass::None)
{
    AttemptRecord r = attempt(c, 0, newState, 0);
    r.attempted = false;
    return r;
}

using Failures = QList<qint64>; // in FailureClasses order

Failures failuresOf(std::initializer_list<std::pair<ErrorClass, qint64>> counts)
{
    Failures f(qsizetype(FailureClasses.size()), 0);
    for (const auto &[c, n] : counts) {
        const auto it = std::find(FailureClasses.begin(), FailureClasses.end(), c);
        Q_ASSERT(it != FailureClasses.end());
        f[it - FailureClasses.begin()] += n;
    }
    return f;
}

} // namespace

class tst_TargetMetrics : public QObject
{
    Q_OBJECT

private slots:
    void counters_data();
    void counters();
    void attemptsPerSecond_data();
    void attemptsPerSecond();
    void latencyOfAttempts();
    void gauges();
    void snapshotJson();
    void snapshotCrossesThreadsAsAValue();
};

void tst_TargetMetrics::counters_data()
{
    QTest::addColumn<QList<AttemptRecord>>("records");
    QTest::addColumn<qint64>("attempts");
    QTest::addColumn<qint64>("successes");
    QTest::addColumn<Failures>("failures");
    QTest::addColumn<qint64>("retries");
    QTest::addColumn<qint64>("deadLetters");

    using E = ErrorClass;
    using S = DeliveryState;
    QTest::addRow("nothing") << QList<AttemptRecord> {} << qint64(0) << qint64(0) << failuresOf({})
                             << qint64(0) << qint64(0);
    QTest::addRow("one success") << QList<AttemptRecord> { success() } << qint64(1) << qint64(1)
                                 << failuresOf({}) << qint64(0) << qint64(0);
    QTest::addRow("timeout, then success")
        << QList<AttemptRecord> { retried(E::Timeout, 1), success(2) } << qint64(2) << qint64(1)
        << failuresOf({ { E::Timeout, 1 } }) << qint64(1) << qint64(0);
    QTest::addRow("each failure class once")
        << QList<AttemptRecord> { retried(E::Timeout), retried(E::Connection), retried(E::Tls),
               died(E::Http4xx), retried(E::Http429), retried(E::Http5xx), died(E::Redirect),
               retried(E::Protocol) }
        << qint64(8) << qint64(0)
        << failuresOf({ { E::Timeout, 1 }, { E::Connection, 1 }, { E::Tls, 1 }, { E::Http4xx, 1 },
               { E::Http429, 1 }, { E::Http5xx, 1 }, { E::Redirect, 1 }, { E::Protocol, 1 } })
        << qint64(0) << qint64(2);
    QTest::addRow("429 until dead")
        << QList<AttemptRecord> { retried(E::Http429, 1), retried(E::Http429, 2),
               died(E::Http429, 3) }
        << qint64(3) << qint64(0) << failuresOf({ { E::Http429, 3 } }) << qint64(2) << qint64(1);
    QTest::addRow("non-retryable 4xx dies at once")
        << QList<AttemptRecord> { died(E::Http4xx, 1) } << qint64(1) << qint64(0)
        << failuresOf({ { E::Http4xx, 1 } }) << qint64(0) << qint64(1);
    QTest::addRow("mixed deliveries")
        << QList<AttemptRecord> { success(), retried(E::Http5xx, 1), retried(E::Connection, 2),
               success(3), success(), retried(E::Tls, 1), died(E::Tls, 2), success(1) }
        << qint64(8) << qint64(4)
        << failuresOf({ { E::Http5xx, 1 }, { E::Connection, 1 }, { E::Tls, 2 } }) << qint64(3)
        << qint64(1);
    QTest::addRow("expired before sending: dead, no attempt")
        << QList<AttemptRecord> { unattempted(S::Dead) } << qint64(0) << qint64(0) << failuresOf({})
        << qint64(0) << qint64(1);
    QTest::addRow("handed back unsent: nothing")
        << QList<AttemptRecord> { unattempted(S::Pending) } << qint64(0) << qint64(0)
        << failuresOf({}) << qint64(0) << qint64(0);
    QTest::addRow("cancelled while stopping: nothing")
        << QList<AttemptRecord> { retried(E::Timeout, 1), unattempted(S::Pending, E::Cancelled) }
        << qint64(1) << qint64(0) << failuresOf({ { E::Timeout, 1 } }) << qint64(0) << qint64(0);
    QTest::addRow("replayed dead letter dies again: two dead letters")
        << QList<AttemptRecord> { died(E::Http5xx, 12), died(E::Http5xx, 1) } << qint64(2)
        << qint64(0) << failuresOf({ { E::Http5xx, 2 } }) << qint64(1) << qint64(2);
}

void tst_TargetMetrics::counters()
{
    QFETCH(QList<AttemptRecord>, records);
    QFETCH(qint64, attempts);
    QFETCH(qint64, successes);
    QFETCH(Failures, failures);
    QFETCH(qint64, retries);
    QFETCH(qint64, deadLetters);

    TargetMetrics m;
    qint64 now = T0;
    for (const AttemptRecord &r : records)
        m.recordAttempt(r, now += 100);

    const MetricsSnapshot s = m.snapshot(QStringLiteral("inventory"), now);
    QCOMPARE(s.target, QStringLiteral("inventory"));
    QCOMPARE(s.takenAtMs, now);
    QCOMPARE(s.attempts, attempts);
    QCOMPARE(s.successes, successes);
    for (std::size_t i = 0; i < FailureClasses.size(); ++i) {
        QVERIFY2(s.failures[i] == failures[qsizetype(i)],
            qPrintable(QStringLiteral("%1: %2, expected %3")
                           .arg(errorClassName(FailureClasses[i]))
                           .arg(s.failures[i])
                           .arg(failures[qsizetype(i)])));
        QCOMPARE(s.failuresOf(FailureClasses[i]), failures[qsizetype(i)]);
    }
    QCOMPARE(s.failuresOf(ErrorClass::None), 0);
    QCOMPARE(s.failuresOf(ErrorClass::Cancelled), 0);
    QCOMPARE(s.retries, retries);
    QCOMPARE(s.deadLetters, deadLetters);
    QCOMPARE(s.successes + s.failureTotal(), s.attempts);
    // Every attempt, and nothing else, has a latency.
    QCOMPARE(s.latency[2].count, attempts);
}

void tst_TargetMetrics::attemptsPerSecond_data()
{
    QTest::addColumn<int>("perSecond");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<qint64>("askedAfterMs"); ///< after the start of the last second with attempts
    QTest::addColumn<double>("expected");

    QTest::addRow("steady 50/s") << 50 << 20 << qint64(1000) << 50.0;
    QTest::addRow("steady 50/s, asked mid-second") << 50 << 20 << qint64(1500) << 50.0;
    QTest::addRow("3/s for 4 s") << 3 << 4 << qint64(1000) << 1.2;
    QTest::addRow("1/s for 10 s") << 1 << 10 << qint64(1000) << 1.0;
    QTest::addRow("1000/s for 2 min") << 1000 << 120 << qint64(1000) << 1000.0;
    QTest::addRow("current second not counted yet") << 100 << 1 << qint64(999) << 0.0;
    QTest::addRow("5 s after a steady 20/s") << 20 << 30 << qint64(6000) << 10.0;
    QTest::addRow("10 s after") << 20 << 30 << qint64(10000) << 2.0;
    QTest::addRow("11 s after: gone") << 20 << 30 << qint64(11000) << 0.0;
    QTest::addRow("an hour after: gone") << 20 << 30 << qint64(3600000) << 0.0;
}

void tst_TargetMetrics::attemptsPerSecond()
{
    QFETCH(int, perSecond);
    QFETCH(int, seconds);
    QFETCH(qint64, askedAfterMs);
    QFETCH(double, expected);

    TargetMetrics m;
    const qint64 start = T0 - T0 % 1000;
    for (int s = 0; s < seconds; ++s) {
        for (int i = 0; i < perSecond; ++i)
            m.recordAttempt(success(), start + s * 1000 + i * 1000 / perSecond);
    }
    const qint64 now = start + (seconds - 1) * 1000 + askedAfterMs;
    QCOMPARE(m.attemptsPerSecond(now), expected);
    QCOMPARE(m.snapshot(QStringLiteral("t"), now).attemptsPerSecond, expected);
    QCOMPARE(m.snapshot(QStringLiteral("t"), now).attempts, qint64(perSecond) * seconds);
}

void tst_TargetMetrics::latencyOfAttempts()
{
    TargetMetrics m;
    // 90 fast successes, 10 slow timeouts, one unsent expiry (no latency).
    for (int i = 0; i < 90; ++i)
        m.recordAttempt(success(1, 2000), T0 + i);
    for (int i = 0; i < 10; ++i)
        m.recordAttempt(
            attempt(ErrorClass::Timeout, 1, DeliveryState::RetryWait, 30000000), T0 + 100);
    m.recordAttempt(unattempted(DeliveryState::Dead), T0 + 200);

    const MetricsSnapshot now = m.snapshot(QStringLiteral("t"), T0 + 1000);
    for (const LatencyWindow::Quantiles &q : now.latency) {
        QCOMPARE(q.count, 100);
        QVERIFY(qAbs(q.p50Us - 2000) <= 20);
        QVERIFY(qAbs(q.p95Us - 30000000) <= 300000);
        QCOMPARE(q.maxUs, 30000000);
        QCOMPARE(q.sumUs, 90 * 2000 + qint64(10) * 30000000);
    }
    QCOMPARE(now.latency[0], m.latency().window(1, T0 + 1000));

    const MetricsSnapshot later = m.snapshot(QStringLiteral("t"), T0 + 6 * 60000);
    QCOMPARE(later.latency[0].count, 0);
    QCOMPARE(later.latency[1].count, 0);
    QCOMPARE(later.latency[2].count, 100);
    QCOMPARE(later.attempts, 100);
}

void tst_TargetMetrics::gauges()
{
    TargetMetrics m;
    MetricsSnapshot s = m.snapshot(QStringLiteral("t"), T0);
    QCOMPARE(s.inFlight, 0);
    QCOMPARE(s.pending, 0);
    QVERIFY(!s.oldestPendingAgeMs.has_value());
    QCOMPARE(s.breakerState, QStringLiteral("closed"));
    QCOMPARE(s.concurrencyLimit, 0);

    m.setInFlight(17);
    m.setPending(123456789012);
    m.setOldestPendingAgeMs(90500);
    m.setBreakerState(QStringLiteral("half_open"));
    m.setConcurrencyLimit(64);
    s = m.snapshot(QStringLiteral("t"), T0);
    QCOMPARE(s.inFlight, 17);
    QCOMPARE(s.pending, 123456789012);
    QCOMPARE(s.oldestPendingAgeMs, std::optional<qint64>(90500));
    QCOMPARE(s.breakerState, QStringLiteral("half_open"));
    QCOMPARE(s.concurrencyLimit, 64);

    m.setOldestPendingAgeMs(std::nullopt);
    m.setBreakerState(QStringLiteral("open"));
    s = m.snapshot(QStringLiteral("t"), T0);
    QVERIFY(!s.oldestPendingAgeMs.has_value());
    QCOMPARE(s.breakerState, QStringLiteral("open"));
    // Gauges are not counters: recording attempts leaves them alone.
    m.recordAttempt(success(), T0);
    QCOMPARE(m.snapshot(QStringLiteral("t"), T0).inFlight, 17);
}

void tst_TargetMetrics::snapshotJson()
{
    TargetMetrics m;
    m.recordAttempt(retried(ErrorClass::Http429, 1), T0);
    m.recordAttempt(retried(ErrorClass::Connection, 2), T0 + 1);
    m.recordAttempt(died(ErrorClass::Http5xx, 3), T0 + 2);
    m.recordAttempt(success(1, 4000), T0 + 3);
    m.setInFlight(3);
    m.setPending(42);
    m.setOldestPendingAgeMs(1500);
    m.setBreakerState(QStringLiteral("open"));
    m.setConcurrencyLimit(8);
    const QJsonObject j = m.snapshot(QStringLiteral("inventory"), T0 + 1000).toJson();

    QCOMPARE(j.value(QStringLiteral("target")).toString(), QStringLiteral("inventory"));
    QCOMPARE(j.value(QStringLiteral("attempts")).toInteger(), 4);
    QCOMPARE(j.value(QStringLiteral("successes")).toInteger(), 1);
    QCOMPARE(j.value(QStringLiteral("retries")).toInteger(), 2);
    QCOMPARE(j.value(QStringLiteral("dead_letters")).toInteger(), 1);
    // Four attempts in the one whole second before T0 + 1000.
    QCOMPARE(j.value(QStringLiteral("attempts_per_second")).toDouble(), 0.4);
    QCOMPARE(j.value(QStringLiteral("in_flight")).toInteger(), 3);
    QCOMPARE(j.value(QStringLiteral("pending")).toInteger(), 42);
    QCOMPARE(j.value(QStringLiteral("oldest_pending_age_s")).toDouble(), 1.5);
    QCOMPARE(j.value(QStringLiteral("breaker")).toString(), QStringLiteral("open"));
    QCOMPARE(j.value(QStringLiteral("concurrency_limit")).toInteger(), 8);

    const QJsonObject failures = j.value(QStringLiteral("failures")).toObject();
    QCOMPARE(failures.keys(),
        (QStringList { QStringLiteral("connection"), QStringLiteral("http_429"),
            QStringLiteral("http_4xx"), QStringLiteral("http_5xx"), QStringLiteral("protocol"),
            QStringLiteral("redirect"), QStringLiteral("timeout"), QStringLiteral("tls") }));
    QCOMPARE(failures.value(QStringLiteral("http_429")).toInteger(), 1);
    QCOMPARE(failures.value(QStringLiteral("connection")).toInteger(), 1);
    QCOMPARE(failures.value(QStringLiteral("http_5xx")).toInteger(), 1);
    QCOMPARE(failures.value(QStringLiteral("timeout")).toInteger(), 0);

    const QJsonObject latency = j.value(QStringLiteral("latency_ms")).toObject();
    QCOMPARE(latency.keys(),
        (QStringList { QStringLiteral("15m"), QStringLiteral("1m"), QStringLiteral("5m") }));
    for (const QString &window : latency.keys()) {
        const QJsonObject w = latency.value(window).toObject();
        QCOMPARE(w.keys(),
            (QStringList { QStringLiteral("count"), QStringLiteral("max"), QStringLiteral("p50"),
                QStringLiteral("p95"), QStringLiteral("p99") }));
        QCOMPARE(w.value(QStringLiteral("count")).toInteger(), 4);
        // Three failures at 1 ms, one success at 4 ms.
        QCOMPARE(w.value(QStringLiteral("max")).toDouble(), 4.0);
        QVERIFY(qAbs(w.value(QStringLiteral("p50")).toDouble() - 1.0) <= 0.01);
        QVERIFY(qAbs(w.value(QStringLiteral("p99")).toDouble() - 4.0) <= 0.04);
    }

    m.setOldestPendingAgeMs(std::nullopt);
    const QJsonObject none = m.snapshot(QStringLiteral("inventory"), T0).toJson();
    QVERIFY(none.contains(QStringLiteral("oldest_pending_age_s")));
    QVERIFY(none.value(QStringLiteral("oldest_pending_age_s")).isNull());
}

void tst_TargetMetrics::snapshotCrossesThreadsAsAValue()
{
    TargetMetrics m;
    m.recordAttempt(success(), T0);
    m.setBreakerState(QStringLiteral("half_open"));
    const MetricsSnapshot s = m.snapshot(QStringLiteral("x"), T0 + 1);

    // What a queued signal does with its argument: copy it through QMetaType.
    QVERIFY(QMetaType::fromType<MetricsSnapshot>().isValid());
    const QVariant v = QVariant::fromValue(s);
    QCOMPARE(v.value<MetricsSnapshot>(), s);
    const QVariant list = QVariant::fromValue(QList<MetricsSnapshot> { s, s });
    QCOMPARE(list.value<QList<MetricsSnapshot>>().size(), 2);
    QCOMPARE(list.value<QList<MetricsSnapshot>>().at(1).breakerState, QStringLiteral("half_open"));
}

QTEST_GUILESS_MAIN(tst_TargetMetrics)
#include "tst_targetmetrics.moc"
