// SPDX-License-Identifier: GPL-3.0-or-later
// The outbox relay's guarantee under SIGKILL, end to end: an application (this test) keeps
// writing outbox rows, each batch in a transaction of its own, while the real `tandem serve`
// relays them and is killed with SIGKILL at random moments, five times, and started again. After
// a last clean run has relayed everything, every row is in Tandem's store exactly once (counted
// per idempotency key, the way an operator would with SQL), none is missing, each message carries
// its row's payload, and every row is marked published. Once on an SQLite file, once on a
// PostgreSQL server of the test's own. Before that, the `tandem outbox` commands themselves.
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

#include "app/demo/simulatedhttpserver.h"
#include "tests/support/clirunner.h"
#include "tests/support/throwawaypostgres.h"

using namespace Tandem::Testing;
using Tandem::Demo::HttpExchange;
using Tandem::Demo::SimulatedHttpServer;
using Tandem::Demo::SimulatedResponse;

namespace {

constexpr int Kills = 5;
constexpr int MinRunMs = 700;
constexpr int MaxRunMs = 2800;
constexpr auto PasswordVariable = "TANDEM_TEST_OUTBOX_PGPASS";

QString tail(const QString &path, int bytes = 3000)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll().right(bytes));
}

} // namespace

class tst_OutboxCrash : public QObject
{
    Q_OBJECT

    std::unique_ptr<ThrowawayPostgres> m_pg;
    QString m_pgUnavailable;
    QString m_connection; ///< the application's connection to its source
    QString m_dataDir;
    int m_runs = 0;

    QSqlDatabase source() const { return QSqlDatabase::database(m_connection, false); }

    // One business transaction writing `rows` outbox rows; returns how many were committed.
    int produce(int rows, int &next)
    {
        QSqlDatabase db = source();
        if (!db.transaction())
            return 0;
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO outbox (payload) VALUES (?)"));
        for (int i = 0; i < rows; ++i) {
            q.addBindValue(
                QStringLiteral("{\"seq\":%1,\"pad\":\"%2\"}").arg(next + i).arg(QString(64, u'x')));
            if (!q.exec()) {
                qWarning("producer: %s", qPrintable(q.lastError().text()));
                q = QSqlQuery();
                db.rollback();
                return 0;
            }
        }
        q = QSqlQuery();
        if (!db.commit()) {
            qWarning("producer: %s", qPrintable(db.lastError().text()));
            db.rollback();
            return 0;
        }
        next += rows;
        return rows;
    }

    qint64 scalar(const QString &sql) const
    {
        QSqlQuery q(source());
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

    QProcess *startServe(const QProcessEnvironment &env)
    {
        auto *p = new QProcess(this);
        p->setProcessEnvironment(env);
        p->setStandardOutputFile(
            QDir(m_dataDir).filePath(QStringLiteral("serve.out")), QIODevice::Append);
        p->setStandardErrorFile(
            QDir(m_dataDir).filePath(QStringLiteral("serve-%1.log").arg(++m_runs)));
        p->start(binary(), { QStringLiteral("serve"), QStringLiteral("--data"), m_dataDir });
        if (!p->waitForStarted(10'000)) {
            qWarning("cannot start %s: %s", qPrintable(binary()), qPrintable(p->errorString()));
            delete p;
            return nullptr;
        }
        return p;
    }

    QString serveLog() const
    {
        return tail(QDir(m_dataDir).filePath(QStringLiteral("serve-%1.log").arg(m_runs)));
    }

    // Per idempotency key, how many messages the store holds, read with Qt Sql.
    QHash<QString, QPair<int, QByteArray>> storedMessages() const
    {
        QHash<QString, QPair<int, QByteArray>> out;
        const QString name = QStringLiteral("tandem-store-reader");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(QDir(m_dataDir).filePath(QStringLiteral("tandem.db")));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
            if (db.open()) {
                QSqlQuery q(db);
                q.exec(
                    QStringLiteral("SELECT idempotency_key, count(*), min(payload) FROM messages "
                                   "GROUP BY idempotency_key"));
                while (q.next())
                    out.insert(
                        q.value(0).toString(), { q.value(1).toInt(), q.value(2).toByteArray() });
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(binary()), "TANDEM_BINARY must name the built tandem executable");
        m_pgUnavailable = ThrowawayPostgres::unavailable();
        if (m_pgUnavailable.isEmpty()) {
            m_pg = std::make_unique<ThrowawayPostgres>();
            const QString e = m_pg->start();
            QVERIFY2(e.isEmpty(), qPrintable(e));
        }
    }

    void cleanupTestCase() { m_pg.reset(); }

    // The command line around it: what an operator types to set a source up and look at it.
    void cliManagesSources()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString data = dir.filePath(QStringLiteral("data"));
        const QString app = dir.filePath(QStringLiteral("app.db"));
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("cli"));
            db.setDatabaseName(app);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE outbox (id INTEGER PRIMARY KEY, payload "
                                          "TEXT, created_at TEXT, published_at TEXT)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO outbox (payload) VALUES ('{}'), ('{}')")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("cli"));
        auto tandem = [&](QStringList args, const QByteArray &input = {}) {
            args << QStringLiteral("--data") << data;
            return runTandem(args, input);
        };
        auto source = [&](const QString &name, const QString &payloadColumn) {
            return QJsonDocument(
                QJsonObject { { QStringLiteral("name"), name },
                    { QStringLiteral("driver"), QStringLiteral("sqlite") },
                    { QStringLiteral("database"), QJsonObject { { QStringLiteral("path"), app } } },
                    { QStringLiteral("table"), QStringLiteral("outbox") },
                    { QStringLiteral("columns"),
                        QJsonObject { { QStringLiteral("id"), QStringLiteral("id") },
                            { QStringLiteral("payload"), payloadColumn },
                            { QStringLiteral("created_at"), QStringLiteral("created_at") },
                            { QStringLiteral("published"), QStringLiteral("published_at") } } } })
                .toJson();
        };

        CliOutcome o
            = tandem({ QStringLiteral("outbox"), QStringLiteral("add"), QStringLiteral("-") },
                source(QStringLiteral("orders"), QStringLiteral("payload")));
        QVERIFY2(o.exitCode == 0, qPrintable(o.describe()));
        o = tandem({ QStringLiteral("outbox"), QStringLiteral("add"), QStringLiteral("-") },
            R"({"name": "x", "driver": "sqlite", "database": {"path": "/a.db"}, "table": "t",
                "columns": {"id": "id", "published": "p"}})");
        QVERIFY2(o.exitCode == 2, qPrintable(o.describe()));
        QVERIFY2(o.text().contains(
                     QStringLiteral("outbox.columns.payload: required; nothing was added")),
            qPrintable(o.describe()));
        o = tandem({ QStringLiteral("outbox"), QStringLiteral("add"), QStringLiteral("-") },
            source(QStringLiteral("broken"), QStringLiteral("body")));
        QVERIFY2(o.exitCode == 0, qPrintable(o.describe()));

        o = tandem({ QStringLiteral("outbox"), QStringLiteral("test"), QStringLiteral("orders") });
        QVERIFY2(o.exitCode == 0, qPrintable(o.describe()));
        QVERIFY2(
            o.text().contains(QStringLiteral("has every configured column; 2 unpublished rows")),
            qPrintable(o.describe()));
        o = tandem({ QStringLiteral("outbox"), QStringLiteral("test"), QStringLiteral("broken") });
        QVERIFY2(o.exitCode == 1, qPrintable(o.describe()));
        QVERIFY2(o.text().contains(QStringLiteral(
                     "table \"outbox\" has no column \"body\" (columns.payload): it has: id, "
                     "payload, created_at, published_at")),
            qPrintable(o.describe()));

        o = tandem({ QStringLiteral("outbox"), QStringLiteral("show"), QStringLiteral("orders") });
        QVERIFY2(o.exitCode == 0, qPrintable(o.describe()));
        const QJsonObject shown = QJsonDocument::fromJson(o.out).object();
        QCOMPARE(shown.value(QStringLiteral("poll_ms")).toInt(), 1000);
        QCOMPARE(
            shown.value(QStringLiteral("published_kind")).toString(), QStringLiteral("timestamp"));

        QCOMPARE(
            tandem({ QStringLiteral("outbox"), QStringLiteral("pause"), QStringLiteral("orders") })
                .exitCode,
            0);
        QCOMPARE(
            tandem({ QStringLiteral("outbox"), QStringLiteral("remove"), QStringLiteral("broken") })
                .exitCode,
            0);
        o = tandem({ QStringLiteral("outbox"), QStringLiteral("password"), QStringLiteral("orders"),
            QStringLiteral("env:X") });
        QVERIFY2(o.exitCode == 2 && o.text().contains(QStringLiteral("has no password")),
            qPrintable(o.describe()));
        o = tandem({ QStringLiteral("outbox"), QStringLiteral("remove"), QStringLiteral("nope") });
        QVERIFY2(
            o.exitCode == 1 && o.text().contains(QStringLiteral("no outbox source named \"nope\"")),
            qPrintable(o.describe()));

        o = tandem({ QStringLiteral("status"), QStringLiteral("--json") });
        QVERIFY2(o.exitCode == 0, qPrintable(o.describe()));
        const QJsonArray outbox
            = QJsonDocument::fromJson(o.out).object().value(QStringLiteral("outbox")).toArray();
        QCOMPARE(outbox.size(), 1);
        const QJsonObject row = outbox.first().toObject();
        QCOMPARE(row.value(QStringLiteral("name")).toString(), QStringLiteral("orders"));
        QCOMPARE(row.value(QStringLiteral("driver")).toString(), QStringLiteral("sqlite"));
        QCOMPARE(row.value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
        QCOMPARE(row.value(QStringLiteral("relayed")).toInt(), 0);
        QVERIFY(row.contains(QStringLiteral("last_poll_at")));
        QVERIFY(row.value(QStringLiteral("last_error")).isNull());
        o = tandem({ QStringLiteral("status") });
        QVERIFY2(o.text().contains(QStringLiteral("OUTBOX")), qPrintable(o.describe()));
        o = tandem({ QStringLiteral("outbox"), QStringLiteral("list") });
        QVERIFY2(o.text().contains(QStringLiteral("orders"))
                && !o.text().contains(QStringLiteral("broken")),
            qPrintable(o.describe()));
    }

    void sigkillLosesNoRowAndEnqueuesNoneTwice_data()
    {
        QTest::addColumn<QString>("driver");
        QTest::addRow("sqlite") << QStringLiteral("sqlite");
        QTest::addRow("postgres") << QStringLiteral("postgres");
    }

    void sigkillLosesNoRowAndEnqueuesNoneTwice()
    {
        QFETCH(QString, driver);
        if (driver == u"postgres" && !m_pg)
            QSKIP(qPrintable(m_pgUnavailable));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_dataDir = dir.filePath(QStringLiteral("data"));
        m_runs = 0;
        QProcessEnvironment env = environment();

        // The application's database and its outbox table.
        m_connection = QStringLiteral("application-") + driver;
        QJsonObject database;
        {
            QSqlDatabase db;
            if (driver == u"sqlite") {
                const QString path = dir.filePath(QStringLiteral("app.db"));
                db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
                db.setDatabaseName(path);
                db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
                database = { { QStringLiteral("path"), path } };
            } else {
                QVERIFY(m_pg->createDatabase(QStringLiteral("crash")).isEmpty()
                    || m_pg->exec(QStringLiteral("postgres"),
                               { QStringLiteral("DROP DATABASE crash"),
                                   QStringLiteral("CREATE DATABASE crash") })
                           .isEmpty());
                db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
                db.setHostName(m_pg->host());
                db.setPort(m_pg->port());
                db.setDatabaseName(QStringLiteral("crash"));
                db.setUserName(m_pg->user());
                db.setPassword(m_pg->password());
                database = { { QStringLiteral("host"), m_pg->host() },
                    { QStringLiteral("port"), int(m_pg->port()) },
                    { QStringLiteral("dbname"), QStringLiteral("crash") },
                    { QStringLiteral("user"), m_pg->user() },
                    { QStringLiteral("password"),
                        QString(QStringLiteral("env:") + QLatin1StringView(PasswordVariable)) } };
                env.insert(QLatin1StringView(PasswordVariable), m_pg->password());
            }
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            QSqlQuery q(db);
            if (driver == u"sqlite") {
                QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode = WAL")));
                QVERIFY(q.exec(QStringLiteral(
                    "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT "
                    "NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, published_at "
                    "TEXT)")));
            } else {
                QVERIFY(q.exec(QStringLiteral(
                    "CREATE TABLE outbox (id BIGSERIAL PRIMARY KEY, payload JSONB NOT NULL, "
                    "created_at TIMESTAMPTZ NOT NULL DEFAULT now(), published_at TIMESTAMPTZ)")));
            }
            QVERIFY(q.exec(QStringLiteral(
                "CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL")));
        }
        auto closeSource = qScopeGuard([this] {
            {
                QSqlDatabase db = source();
                db.close();
            }
            QSqlDatabase::removeDatabase(m_connection);
        });

        // Tandem: one target that takes everything, and the source. Small batches and a short
        // poll, so that a kill often falls between a batch's enqueue and its rows' mark.
        SimulatedHttpServer target([](const HttpExchange &) { return SimulatedResponse {}; });
        target.setRecording(false);
        QVERIFY(target.listen() != 0);
        CliOutcome added
            = runTandem({ QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("sink"),
                            target.url(QStringLiteral("/events")).toString(),
                            QStringLiteral("--data"), m_dataDir },
                {}, 20'000, env);
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
        const QJsonObject config { { QStringLiteral("name"), QStringLiteral("orders") },
            { QStringLiteral("driver"), driver }, { QStringLiteral("database"), database },
            { QStringLiteral("table"), QStringLiteral("outbox") },
            { QStringLiteral("columns"),
                QJsonObject { { QStringLiteral("id"), QStringLiteral("id") },
                    { QStringLiteral("payload"), QStringLiteral("payload") },
                    { QStringLiteral("created_at"), QStringLiteral("created_at") },
                    { QStringLiteral("published"), QStringLiteral("published_at") } } },
            { QStringLiteral("poll_ms"), 50 }, { QStringLiteral("batch"), 40 } };
        added = runTandem({ QStringLiteral("outbox"), QStringLiteral("add"), QStringLiteral("-"),
                              QStringLiteral("--data"), m_dataDir },
            QJsonDocument(config).toJson(), 20'000, env);
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));

        // The application writes all along: 1 to 8 rows per transaction, every 15 ms.
        int next = 1;
        int produced = 0;
        QTimer producer;
        producer.setInterval(15);
        connect(&producer, &QTimer::timeout, this,
            [&] { produced += produce(QRandomGenerator::global()->bounded(1, 9), next); });
        producer.start();

        QProcess *serve = startServe(env);
        QVERIFY(serve);
        for (int kill = 1; kill <= Kills; ++kill) {
            QTest::qWait(QRandomGenerator::global()->bounded(MinRunMs, MaxRunMs));
            QVERIFY2(serve->state() == QProcess::Running, qPrintable(serveLog()));
            ::kill(pid_t(serve->processId()), SIGKILL);
            QVERIFY(serve->waitForFinished(10'000));
            QCOMPARE(serve->exitStatus(), QProcess::CrashExit);
            delete serve;
            qInfo("kill %d: %d rows written, %lld unpublished", kill, produced,
                scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE published_at IS NULL")));
            serve = startServe(env);
            QVERIFY(serve);
        }
        producer.stop();
        QVERIFY2(produced > 200, "the application wrote too little for the test to mean much");

        // The last run is a clean one: everything gets relayed, then serve stops on SIGTERM (once
        // it is up: a signal before serve handles it would just end the process).
        QTRY_VERIFY2_WITH_TIMEOUT(
            serveLog().contains(QStringLiteral("relay started")), qPrintable(serveLog()), 30'000);
        QTRY_VERIFY2_WITH_TIMEOUT(
            scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE published_at IS NULL")) == 0,
            qPrintable(serveLog()), 30'000);
        ::kill(pid_t(serve->processId()), SIGTERM);
        // Spinning the event loop: the target answers the requests serve drains meanwhile.
        QTRY_VERIFY2_WITH_TIMEOUT(
            serve->state() == QProcess::NotRunning, qPrintable(serveLog()), 30'000);
        QCOMPARE(serve->exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve->exitCode(), 0);
        delete serve;

        // Every row exactly once, with its own payload.
        QHash<qint64, QByteArray> rows;
        {
            QSqlQuery q(source());
            QVERIFY(q.exec(QStringLiteral("SELECT id, payload FROM outbox ORDER BY id")));
            while (q.next())
                rows.insert(q.value(0).toLongLong(), q.value(1).toString().toUtf8());
        }
        QCOMPARE(rows.size(), produced);
        QCOMPARE(
            scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE published_at IS NULL")), 0);
        const QHash<QString, QPair<int, QByteArray>> stored = storedMessages();
        int twice = 0;
        for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
            if (it.value().first != 1) {
                ++twice;
                qWarning("%s enqueued %d times", qPrintable(it.key()), it.value().first);
            }
        }
        QCOMPARE(twice, 0);
        int missing = 0;
        for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
            const QString key = QStringLiteral("outbox:orders:%1").arg(it.key());
            if (!stored.contains(key)) {
                ++missing;
                continue;
            }
            QCOMPARE(QJsonDocument::fromJson(stored.value(key).second).object(),
                QJsonDocument::fromJson(it.value()).object());
        }
        QCOMPARE(missing, 0);
        QCOMPARE(stored.size(), produced);
        qInfo("%d rows relayed exactly once across %d kills", produced, Kills);
    }
};

QTEST_GUILESS_MAIN(tst_OutboxCrash)
#include "tst_outboxcrash.moc"
