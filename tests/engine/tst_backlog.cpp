// SPDX-License-Identifier: GPL-3.0-or-later
// The backlog limit on a real store file: refusal above the high-water mark, hysteresis until
// the low-water mark, the same answer for every process sharing the store, and the CLI's exit.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "engine/core/clock.h"
#include "engine/store/sqlitestore.h"

using namespace Tandem;

class tst_Backlog : public QObject
{
    Q_OBJECT

    static QList<NewMessage> messages(int n)
    {
        QList<NewMessage> out;
        for (int i = 0; i < n; ++i)
            out.append(NewMessage { QByteArrayLiteral("{\"n\":1}"), {}, {} });
        return out;
    }

    static void deliver(SqliteStore &s, qint64 targetId, int n)
    {
        auto batch = s.claim(targetId, n, nowMs());
        QVERIFY(batch);
        QCOMPARE(batch->deliveries.size(), n);
        QList<AttemptRecord> records;
        for (const ClaimedDelivery &d : batch->deliveries) {
            AttemptRecord r;
            r.deliveryId = d.deliveryId;
            r.attemptNo = 1;
            r.outcome.httpStatus = 200;
            r.newState = DeliveryState::Delivered;
            records.append(r);
        }
        QVERIFY(s.recordAttempts(records, nowMs()));
    }

private Q_SLOTS:
    void refusesAboveHighWaterAndRecoversBelowLowWater()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tandem.db"));
        auto store = SqliteStore::open(path);
        QVERIFY(store);
        SqliteStore &s = **store;
        auto target = TargetConfig::fromJson({ { QStringLiteral("name"), QStringLiteral("a") },
            { QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/") } });
        QVERIFY(target);
        auto targetId = s.addTarget(*target);
        QVERIFY(targetId);
        QVERIFY(s.setBacklogLimits({ 100, 50 }));
        QVERIFY(!s.setBacklogLimits({ 10, 50 })); // low above high is refused

        QVERIFY(s.enqueue(messages(100), nowMs()));
        QVERIFY(*s.updateBacklogState(100)); // what the engine reports each second
        auto refused = s.enqueue(messages(1), nowMs());
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::Code::Overloaded);
        QVERIFY2(refused.error().message.contains(
                     QStringLiteral("backlog limit reached: 100 deliveries are waiting")),
            qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(QStringLiteral("nothing was enqueued")));
        QCOMPARE(s.counts()->first().pending, 100); // a refusal changes nothing

        // Another process sharing the store gets the same answer.
        {
            auto other = SqliteStore::open(path);
            QVERIFY(other);
            QCOMPARE((*other)->enqueue(messages(1), nowMs()).error().code, Error::Code::Overloaded);
        }
        // The CLI says so and exits non-zero.
        QProcess cli;
        cli.start(qEnvironmentVariable("TANDEM_BINARY"),
            { QStringLiteral("enqueue"), QStringLiteral("-"), QStringLiteral("--data"),
                dir.path() });
        cli.write("{\"n\": 1}\n");
        cli.closeWriteChannel();
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY2(cli.readAllStandardError().contains("backlog limit reached"),
            "the CLI names the problem");

        // Hysteresis: 70 waiting is below high but above low: still refusing.
        deliver(s, *targetId, 30);
        QVERIFY(*s.updateBacklogState(70));
        QCOMPARE(s.enqueue(messages(1), nowMs()).error().code, Error::Code::Overloaded);
        // 40 waiting, below low: accepting again.
        deliver(s, *targetId, 30);
        QVERIFY(!*s.updateBacklogState(40));
        QVERIFY(s.enqueue(messages(1), nowMs()));
        QCOMPARE(s.counts()->first().pending, 41);
    }
};

QTEST_GUILESS_MAIN(tst_Backlog)
#include "tst_backlog.moc"
