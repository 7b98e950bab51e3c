// SPDX-License-Identifier: GPL-3.0-or-later
// `tandem serve` as a real child process, killed with SIGKILL mid-dispatch (twice) and
// restarted: every accepted message must still reach both targets, each always with the one
// Idempotency-Key the store gave it.
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include "app/demo/simulatedhttpserver.h"
#include "engine/store/sqlitestore.h"

using namespace Tandem;
using namespace Tandem::Demo;

class tst_CrashRecovery : public QObject
{
    Q_OBJECT

    QString m_binary;

    QProcess *startServe(const QString &dir, int run)
    {
        auto *p = new QProcess(this);
        p->setProgram(m_binary);
        p->setArguments({ QStringLiteral("serve"), QStringLiteral("--data"), dir });
        p->setStandardOutputFile(QDir(dir).filePath(QStringLiteral("serve-%1.out").arg(run)));
        p->setStandardErrorFile(QDir(dir).filePath(QStringLiteral("serve-%1.log").arg(run)));
        p->start();
        if (!p->waitForStarted(5000))
            qFatal("cannot start %s", qPrintable(m_binary));
        return p;
    }

    static void killHard(QProcess *p)
    {
        ::kill(pid_t(p->processId()), SIGKILL);
        QVERIFY(p->waitForFinished(10'000));
        QCOMPARE(p->exitStatus(), QProcess::CrashExit);
    }

    static int runCli(const QStringList &args)
    {
        QProcess p;
        p.start(qEnvironmentVariable("TANDEM_BINARY"), args);
        if (!p.waitForFinished(60'000))
            return -1;
        if (p.exitCode() != 0)
            qWarning("%s", p.readAllStandardError().constData());
        return p.exitCode();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_binary = qEnvironmentVariable("TANDEM_BINARY");
        QVERIFY2(QFile::exists(m_binary), "TANDEM_BINARY must name the built tandem executable");
    }

    void sigkillMidDispatchLosesNothing()
    {
        constexpr int Messages = 4000;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        // A answers fast; B is slower and answers 503 to one request in ten, so that retries
        // are in progress whenever the engine dies.
        int bCount = 0;
        SimulatedHttpServer a([](const HttpExchange &) {
            SimulatedResponse r;
            r.delayMs = 1;
            return r;
        });
        SimulatedHttpServer b([&bCount](const HttpExchange &) {
            SimulatedResponse r;
            r.delayMs = 3;
            r.status = ++bCount % 10 == 0 ? 503 : 200;
            return r;
        });
        QVERIFY(a.listen() != 0);
        QVERIFY(b.listen() != 0);

        QFile targets(dir.filePath(QStringLiteral("targets.json")));
        QVERIFY(targets.open(QIODevice::WriteOnly));
        targets.write(QStringLiteral(R"({"targets": [
            {"name": "a", "url": "%1", "concurrency": 16},
            {"name": "b", "url": "%2", "concurrency": 16,
             "retry": {"base_delay_ms": 20, "max_delay_ms": 200, "max_attempts": 50}}]})")
                          .arg(a.url(QStringLiteral("/a")).toString(), b.url(QStringLiteral("/b")).toString())
                          .toUtf8());
        targets.close();
        QCOMPARE(runCli({ QStringLiteral("targets"), QStringLiteral("import"), targets.fileName(), QStringLiteral("--data"), dir.path() }), 0);

        QFile lines(dir.filePath(QStringLiteral("messages.jsonl")));
        QVERIFY(lines.open(QIODevice::WriteOnly));
        for (int i = 0; i < Messages; ++i)
            lines.write(QStringLiteral("{\"order\": %1, \"pad\": \"%2\"}\n").arg(i).arg(QString(200, u'x')).toUtf8());
        lines.close();
        QCOMPARE(runCli({ QStringLiteral("enqueue"), lines.fileName(), QStringLiteral("--data"), dir.path() }), 0);

        QProcess *serve = startServe(dir.path(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(a.requestCount() >= Messages / 5, 60'000);
        killHard(serve);
        const int aAtFirstKill = a.requestCount();
        QVERIFY2(aAtFirstKill < Messages, "the first kill came too late to be mid-dispatch");

        serve = startServe(dir.path(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(a.requestCount() >= aAtFirstKill + Messages / 5, 60'000);
        killHard(serve);

        serve = startServe(dir.path(), 3);
        auto store = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
        QVERIFY(store);
        auto allDelivered = [&] {
            auto counts = (*store)->counts();
            if (!counts || counts->size() != 2)
                return false;
            for (const TargetCounts &c : *counts) {
                if (c.delivered != Messages)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allDelivered(), 120'000);
        ::kill(pid_t(serve->processId()), SIGTERM);
        QVERIFY(serve->waitForFinished(30'000));
        QCOMPARE(serve->exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve->exitCode(), 0);
        const auto final = (*store)->counts();
        QVERIFY(final);
        for (const TargetCounts &c : *final) {
            QCOMPARE(c.pending, 0);
            QCOMPARE(c.inFlight, 0);
            QCOMPARE(c.dead, 0);
        }

        // What the store accepted, with the key each message must always carry.
        QHash<QByteArray, QByteArray> keyOf;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(dir.filePath(QStringLiteral("tandem.db")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT uuid, idempotency_key FROM messages")));
            while (q.next())
                keyOf.insert(q.value(0).toString().toLatin1(), q.value(1).toString().toLatin1());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        QCOMPARE(keyOf.size(), Messages);

        for (SimulatedHttpServer *server : { &a, &b }) {
            QHash<QByteArray, QSet<QByteArray>> keysSeen;
            qint64 requests = 0;
            for (const HttpExchange &e : server->takeReceived()) {
                if (e.header("X-Tandem-Message-Id").isEmpty())
                    continue;
                keysSeen[e.header("X-Tandem-Message-Id")].insert(e.header("Idempotency-Key"));
                ++requests;
            }
            QCOMPARE(keysSeen.size(), Messages); // every message reached this target at least once
            for (auto it = keysSeen.cbegin(); it != keysSeen.cend(); ++it) {
                QVERIFY2(keyOf.contains(it.key()), it.key().constData());
                QCOMPARE(it.value().size(), 1); // one Idempotency-Key across retries and restarts
                QCOMPARE(*it.value().cbegin(), keyOf.value(it.key()));
            }
            qInfo("%lld requests for %d messages (at least once: redeliveries after the kills)", requests, Messages);
        }
    }
};

QTEST_GUILESS_MAIN(tst_CrashRecovery)
#include "tst_crashrecovery.moc"
