// SPDX-License-Identifier: GPL-3.0-or-later
// What the console's charts read back: figures at one-second resolution for the last hour and
// one-minute resolution beyond, pruned so the history stays bounded, and breaker transitions.
#include <QTemporaryDir>
#include <QTest>

#include "engine/store/sqlitestore.h"

using namespace Tandem;

class tst_History : public QObject
{
    Q_OBJECT

    static MetricsSnapshot snapshot(qint64 attempts)
    {
        MetricsSnapshot m;
        m.target = QStringLiteral("ledger");
        m.attempts = attempts;
        return m;
    }

private Q_SLOTS:
    void metricsHistoryByResolutionAndPruning()
    {
        QTemporaryDir dir;
        auto store = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
        QVERIFY(store);
        SqliteStore &s = **store;
        const qint64 now = 1'800'000'000'000; // a fixed minute boundary keeps the rows predictable
        const qint64 minute = 60000;
        const qint64 day = 86400000;
        // Recorded as the engine would, each call with its own "now".
        QVERIFY(s.recordMetrics({ snapshot(1) }, now - 9 * day));
        QVERIFY(s.recordMetrics({ snapshot(2) }, now - 2 * 3600000));
        QVERIFY(s.recordMetrics(
            { snapshot(3) }, now - 2 * 3600000 + 1000)); // same minute: 1 s row only
        QVERIFY(s.recordMetrics({ snapshot(4) }, now - 30 * minute));
        QVERIFY(s.recordMetrics({ snapshot(5) }, now - 10000));
        QVERIFY(s.recordMetrics({ snapshot(6) }, now));

        // The last hour: one-second rows, and the ones older than an hour were pruned.
        auto hour = s.metricsHistory(QStringLiteral("ledger"), now - 3600000, now, now);
        QVERIFY(hour);
        QList<qint64> attempts;
        for (const auto &p : *hour)
            attempts.append(p.snapshot.value(QStringLiteral("attempts")).toInteger());
        QCOMPARE(attempts, (QList<qint64> { 4, 5, 6 }));

        // A week: one-minute rows (the first of each minute; `now` starts a new one), the
        // nine-day-old one pruned.
        auto week = s.metricsHistory(QStringLiteral("ledger"), now - 10 * day, now, now);
        QVERIFY(week);
        attempts.clear();
        for (const auto &p : *week)
            attempts.append(p.snapshot.value(QStringLiteral("attempts")).toInteger());
        QCOMPARE(attempts, (QList<qint64> { 2, 4, 5, 6 }));
        QCOMPARE(week->first().atMs, now - 2 * 3600000);

        auto other = s.metricsHistory(QStringLiteral("nobody"), now - day, now, now);
        QVERIFY(other && other->isEmpty());
    }

    void breakerHistoryInOrder()
    {
        QTemporaryDir dir;
        auto store = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
        QVERIFY(store);
        auto config = TargetConfig::fromJson({ { QStringLiteral("name"), QStringLiteral("ledger") },
            { QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/") } });
        QVERIFY(config);
        auto id = (*store)->addTarget(*config);
        QVERIFY(id);
        QVERIFY((*store)->recordBreakerTransition(*id,
            { BreakerState::Closed, BreakerState::Open, 1000, 60.0, 0.0, 20,
                QStringLiteral("failure rate 60.0 % ≥ 50 %") }));
        QVERIFY((*store)->recordBreakerTransition(*id,
            { BreakerState::Open, BreakerState::HalfOpen, 6000, 0.0, 0.0, 0,
                QStringLiteral("open for 5 s") }));
        QVERIFY((*store)->recordBreakerTransition(*id,
            { BreakerState::HalfOpen, BreakerState::Closed, 7000, 0.0, 0.0, 3,
                QStringLiteral("3 of 3 probes succeeded") }));
        auto all = (*store)->breakerHistory(QStringLiteral("ledger"), 0, 10000);
        QVERIFY(all);
        QCOMPARE(all->size(), 3);
        QCOMPARE(all->at(0).to, BreakerState::Open);
        QCOMPARE(all->at(0).failureRatePercent, 60.0);
        QCOMPARE(all->at(0).reason, QStringLiteral("failure rate 60.0 % ≥ 50 %"));
        QCOMPARE(all->at(1).from, BreakerState::Open);
        QCOMPARE(all->at(2).to, BreakerState::Closed);
        QCOMPARE((*store)->breakerHistory(QStringLiteral("ledger"), 5000, 10000)->size(), 2);
        QCOMPARE((*store)->targets()->first().lastBreakerState, QStringLiteral("closed"));
    }
};

QTEST_GUILESS_MAIN(tst_History)
#include "tst_history.moc"
