// SPDX-License-Identifier: GPL-3.0-or-later
// The transactional-outbox relay against real sources: an SQLite file and a PostgreSQL server of
// the test's own (ThrowawayPostgres), written by the test the way an application writes its
// outbox, each row in the transaction of its business change. An engine on a temporary store
// with one loopback target receives the rows as messages: in id order, with the configured
// partition and idempotency keys, each row marked published only once its message is stored.
// A payload that is not JSON holds the relay at its row; a source that is missing, locked or down
// is waited for; a PostgreSQL NOTIFY wakes the relay at once.
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include "app/demo/simulatedhttpserver.h"
#include "engine/ingest/outboxrelays.h"
#include "engine/store/storethread.h"
#include "tests/support/testengine.h"
#include "tests/support/throwawaypostgres.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;

namespace {

constexpr auto PasswordVariable = "TANDEM_TEST_OUTBOX_PGPASS";

struct OutboxInsert
{
    QByteArray payload;
    QString customer; ///< partition key column; empty: NULL
    QString key; ///< idempotency key column; empty: NULL
};

struct RelayedMessage
{
    QByteArray idempotencyKey;
    QByteArray partitionKey;
    QByteArray payload;
};

QByteArray order(int n) { return QByteArrayLiteral("{\"order\":") + QByteArray::number(n) + '}'; }

// An application's connection to its own database: a fresh one per call, so that a call after an
// outage simply connects again.
class Producer
{
public:
    Producer(QString driver, QString sqlitePath, const ThrowawayPostgres *pg, QString dbname)
        : m_driver(std::move(driver))
        , m_path(std::move(sqlitePath))
        , m_pg(pg)
        , m_dbname(std::move(dbname))
    {
    }

    /// Runs the statements in one transaction; returns the first failure.
    QString exec(const QStringList &statements, const QList<QVariantList> &binds = {}) const
    {
        return withConnection([&](QSqlDatabase &db) -> QString {
            if (!db.transaction())
                return db.lastError().text();
            for (qsizetype i = 0; i < statements.size(); ++i) {
                QSqlQuery q(db);
                // PostgreSQL prepares no DDL: statements without values run as they are.
                const QVariantList values = binds.value(i);
                if (!values.isEmpty() && !q.prepare(statements.at(i)))
                    return statements.at(i) + QStringLiteral(": ") + q.lastError().text();
                for (const QVariant &v : values)
                    q.addBindValue(v);
                if (values.isEmpty() ? !q.exec(statements.at(i)) : !q.exec()) {
                    const QString e
                        = statements.at(i) + QStringLiteral(": ") + q.lastError().text();
                    q = QSqlQuery();
                    db.rollback();
                    return e;
                }
            }
            return db.commit() ? QString() : db.lastError().text();
        });
    }

    /// One business transaction writing these outbox rows.
    QString insert(const QList<OutboxInsert> &rows) const
    {
        QStringList statements;
        QList<QVariantList> binds;
        for (const OutboxInsert &r : rows) {
            statements.append(QStringLiteral(
                "INSERT INTO outbox (payload, customer, event_key) VALUES (?, ?, ?)"));
            binds.append({ QString::fromUtf8(r.payload),
                r.customer.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : r.customer,
                r.key.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : r.key });
        }
        return exec(statements, binds);
    }

    QVariant scalar(const QString &sql) const
    {
        QVariant v;
        withConnection([&](QSqlDatabase &db) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                v = q.value(0);
            return QString();
        });
        return v;
    }

    qint64 unpublished() const
    {
        return scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE published_at IS NULL"))
            .toLongLong();
    }

    /// Opens a connection the caller keeps (to hold a lock, say); close it with release().
    QSqlDatabase hold() const
    {
        const QString name = QUuid::createUuid().toString(QUuid::Id128);
        QSqlDatabase db = open(name);
        return db;
    }

    static void release(QSqlDatabase &db)
    {
        const QString name = db.connectionName();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }

private:
    QSqlDatabase open(const QString &name) const
    {
        QSqlDatabase db;
        if (m_driver == u"sqlite") {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_path);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        } else {
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(m_pg->host());
            db.setPort(m_pg->port());
            db.setDatabaseName(m_dbname);
            db.setUserName(m_pg->user());
            db.setPassword(m_pg->password());
        }
        db.open();
        return db;
    }

    template <typename F> QString withConnection(F &&f) const
    {
        const QString name = QUuid::createUuid().toString(QUuid::Id128);
        QString error;
        {
            QSqlDatabase db = open(name);
            error = db.isOpen() ? f(db) : db.lastError().text();
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return error;
    }

    QString m_driver;
    QString m_path;
    const ThrowawayPostgres *m_pg;
    QString m_dbname;
};

} // namespace

class tst_OutboxRelay : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ThrowawayPostgres> m_pg;
    QString m_pgUnavailable;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SimulatedHttpServer> m_server;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<OutboxRelays> m_relays;
    std::unique_ptr<Producer> m_producer;
    int m_sources = 0;

    static void addDrivers()
    {
        QTest::addColumn<QString>("driver");
        QTest::addRow("sqlite") << QStringLiteral("sqlite");
        QTest::addRow("postgres") << QStringLiteral("postgres");
    }

    QString storePath() const { return m_dir->filePath(QStringLiteral("tandem.db")); }

    // Creates the application's database and outbox table (SQLite: the file only when `create`),
    // and returns the source configuration (name "orders", batch 3 so that passes follow each
    // other over full batches).
    QJsonObject prepareSource(const QString &driver, bool create = true)
    {
        ++m_sources;
        QJsonObject columns { { QStringLiteral("id"), QStringLiteral("id") },
            { QStringLiteral("payload"), QStringLiteral("payload") },
            { QStringLiteral("created_at"), QStringLiteral("created_at") },
            { QStringLiteral("published"), QStringLiteral("published_at") },
            { QStringLiteral("partition_key"), QStringLiteral("customer") },
            { QStringLiteral("idempotency_key"), QStringLiteral("event_key") } };
        QJsonObject source { { QStringLiteral("name"), QStringLiteral("orders") },
            { QStringLiteral("driver"), driver },
            { QStringLiteral("table"), QStringLiteral("outbox") },
            { QStringLiteral("columns"), columns }, { QStringLiteral("poll_ms"), 100 },
            { QStringLiteral("batch"), 3 } };
        if (driver == u"sqlite") {
            const QString path = m_dir->filePath(QStringLiteral("app-%1.db").arg(m_sources));
            source.insert(
                QStringLiteral("database"), QJsonObject { { QStringLiteral("path"), path } });
            m_producer = std::make_unique<Producer>(driver, path, nullptr, QString());
            if (create)
                createTable(driver);
        } else {
            const QString dbname = QStringLiteral("app_%1").arg(m_sources);
            const QString e = m_pg->createDatabase(dbname);
            if (!e.isEmpty())
                qFatal("%s", qPrintable(e));
            source.insert(QStringLiteral("database"),
                QJsonObject { { QStringLiteral("host"), m_pg->host() },
                    { QStringLiteral("port"), int(m_pg->port()) },
                    { QStringLiteral("dbname"), dbname }, { QStringLiteral("user"), m_pg->user() },
                    { QStringLiteral("password"),
                        QString(QStringLiteral("env:") + QLatin1StringView(PasswordVariable)) } });
            m_producer = std::make_unique<Producer>(driver, QString(), m_pg.get(), dbname);
            if (create)
                createTable(driver);
        }
        return source;
    }

    void createTable(const QString &driver)
    {
        // What an application would create; TEXT payloads so that a malformed one can exist.
        const QString e = driver == u"sqlite"
            ? m_producer->exec(
                { QStringLiteral("CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                                 " payload TEXT NOT NULL,"
                                 " created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                                 " published_at TEXT, customer TEXT, event_key TEXT)"),
                    QStringLiteral("CREATE INDEX outbox_unpublished ON outbox (id) "
                                   "WHERE published_at IS NULL") })
            : m_producer->exec(
                { QStringLiteral("CREATE TABLE outbox (id BIGSERIAL PRIMARY KEY,"
                                 " payload TEXT NOT NULL,"
                                 " created_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                                 " published_at TIMESTAMPTZ, customer TEXT, event_key TEXT)"),
                    QStringLiteral("CREATE INDEX outbox_unpublished ON outbox (id) "
                                   "WHERE published_at IS NULL") });
        if (!e.isEmpty())
            qFatal("creating the outbox table: %s", qPrintable(e));
    }

    void startEngine(qint64 idempotencyWindowMs = Store::DefaultIdempotencyWindowMs)
    {
        {
            auto store = SqliteStore::open(storePath());
            QVERIFY(store);
            QVERIFY((*store)->setIdempotencyWindow(idempotencyWindowMs));
        }
        m_engine = Testing::startEngine(storePath(),
            { targetConfig(QJsonObject { { QStringLiteral("name"), QStringLiteral("fulfilment") },
                { QStringLiteral("url"),
                    m_server->url(QStringLiteral("/events")).toString() } }) });
        OutboxRelays::Options options;
        options.reloadMs = 100;
        options.relay.firstBackoffMs = 100;
        options.relay.maxBackoffMs = 1000;
        options.relay.backlogEveryMs = 0;
        m_relays = std::make_unique<OutboxRelays>(*m_engine, nullptr, options);
        m_relays->start();
    }

    void addSource(const QJsonObject &json)
    {
        auto config = OutboxConfig::fromJson(json);
        QVERIFY2(config, qPrintable(config ? QString() : config.error().message));
        auto added = m_engine->store().call<void>(
            [c = *config](Store &s) { return s.addOutboxSource(c); });
        QVERIFY2(added, qPrintable(added ? QString() : added.error().message));
    }

    StoredOutboxSource state(const QString &name = QStringLiteral("orders"))
    {
        auto sources = m_engine->store().call<QList<StoredOutboxSource>>(
            [](Store &s) { return s.outboxSources(); });
        if (sources) {
            for (const StoredOutboxSource &s : *sources) {
                if (s.config.name == name)
                    return s;
            }
        }
        return {};
    }

    // What the engine stored, in enqueue order, read the way another program would.
    QList<RelayedMessage> messages() const
    {
        QList<RelayedMessage> out;
        const QString name = QUuid::createUuid().toString(QUuid::Id128);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(storePath());
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
            if (db.open()) {
                QSqlQuery q(db);
                q.exec(
                    QStringLiteral("SELECT idempotency_key, coalesce(partition_key, ''), payload "
                                   "FROM messages ORDER BY id"));
                while (q.next())
                    out.append({ q.value(0).toString().toUtf8(), q.value(1).toString().toUtf8(),
                        q.value(2).toByteArray() });
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return out;
    }

    qsizetype messageCount() const { return messages().size(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_pgUnavailable = ThrowawayPostgres::unavailable();
        if (m_pgUnavailable.isEmpty()) {
            m_pg = std::make_unique<ThrowawayPostgres>();
            const QString e = m_pg->start();
            QVERIFY2(e.isEmpty(), qPrintable(e));
            qputenv(PasswordVariable, m_pg->password().toUtf8());
        }
    }

    void cleanupTestCase() { m_pg.reset(); }

    void init()
    {
        QFETCH(QString, driver);
        if (driver == u"postgres" && !m_pg)
            QSKIP(qPrintable(m_pgUnavailable));
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_server = std::make_unique<SimulatedHttpServer>([](const HttpExchange &) {
            SimulatedResponse r;
            r.body = "{}";
            return r;
        });
        QVERIFY(m_server->listen() != 0);
    }

    void cleanup()
    {
        if (m_relays)
            m_relays->stop();
        m_relays.reset();
        if (m_engine)
            QVERIFY(stopEngine(*m_engine));
        m_engine.reset();
        m_producer.reset();
        m_server.reset();
        m_dir.reset();
        if (m_pg && !m_pg->isRunning())
            QVERIFY(m_pg->startAgain().isEmpty());
    }

    void relaysRowsInIdOrderAndMarksThemPublished_data() { addDrivers(); }
    void relaysRowsInIdOrderAndMarksThemPublished()
    {
        QFETCH(QString, driver);
        const QJsonObject source = prepareSource(driver);
        // Written before the relay starts, in three business transactions; one row names its
        // own idempotency key, two name a customer (the partition key).
        QVERIFY(m_producer
                    ->insert({ { order(1), QStringLiteral("c-1"), {} },
                        { order(2), {}, QStringLiteral("evt-2") } })
                    .isEmpty());
        QVERIFY(m_producer->insert({ { order(3), QStringLiteral("c-1"), {} } }).isEmpty());
        QVERIFY(m_producer->insert({ { order(4), {}, {} }, { order(5), {}, {} } }).isEmpty());
        startEngine();
        addSource(source);

        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 5, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_producer->unpublished(), 0, 5000);
        QList<RelayedMessage> got = messages();
        for (int i = 0; i < 5; ++i)
            QCOMPARE(got.at(i).payload, order(i + 1)); // id order, across transactions and batches
        QCOMPARE(got.at(0).idempotencyKey, QByteArray("outbox:orders:1"));
        QCOMPARE(got.at(0).partitionKey, QByteArray("c-1"));
        QCOMPARE(got.at(1).idempotencyKey, QByteArray("evt-2"));
        QCOMPARE(got.at(1).partitionKey, QByteArray());
        QCOMPARE(got.at(2).partitionKey, QByteArray("c-1"));
        QCOMPARE(got.at(4).idempotencyKey, QByteArray("outbox:orders:5"));

        // The target gets them with those keys.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 5, 10'000);
        QSet<QByteArray> keys;
        for (const HttpExchange &e : m_server->takeReceived())
            keys.insert(e.header("Idempotency-Key"));
        QCOMPARE(keys,
            (QSet<QByteArray> { "outbox:orders:1", "evt-2", "outbox:orders:3", "outbox:orders:4",
                "outbox:orders:5" }));

        // Rows written later are picked up by the next poll.
        QVERIFY(m_producer->insert({ { order(6), {}, {} } }).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 6, 5000);
        QCOMPARE(messages().last().payload, order(6));
        QTRY_COMPARE_WITH_TIMEOUT(m_producer->unpublished(), 0, 5000);

        QTRY_COMPARE_WITH_TIMEOUT(state().relayed, 6, 5000);
        const StoredOutboxSource s = state();
        QCOMPARE(s.lastRowId, QStringLiteral("6"));
        QVERIFY(s.lastPollAtMs);
        QVERIFY(s.lastError.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(state().backlog.value_or(-1), 0, 5000);
        QCOMPARE(m_relays->running(), QStringList { QStringLiteral("orders") });
    }

    // A relayed row whose mark was lost (a crash between the store's commit and the source's
    // update) is read again and enqueued no second time.
    void rowReadAgainIsNotEnqueuedTwice_data() { addDrivers(); }
    void rowReadAgainIsNotEnqueuedTwice()
    {
        QFETCH(QString, driver);
        const QJsonObject source = prepareSource(driver);
        QVERIFY(m_producer->insert({ { order(1), {}, {} }, { order(2), {}, {} } }).isEmpty());
        startEngine();
        addSource(source);
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 2, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_producer->unpublished(), 0, 5000);
        QVERIFY(m_producer->exec({ QStringLiteral("UPDATE outbox SET published_at = NULL") })
                    .isEmpty());
        QVERIFY(m_producer->insert({ { order(3), {}, {} } }).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_producer->unpublished(), 0, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 3, 5000);
        const QList<RelayedMessage> got = messages();
        QCOMPARE(got.at(2).payload, order(3));
    }

    void holdsAtAPayloadThatIsNotJson_data() { addDrivers(); }
    void holdsAtAPayloadThatIsNotJson()
    {
        QFETCH(QString, driver);
        const QJsonObject source = prepareSource(driver);
        QVERIFY(m_producer
                    ->insert({ { order(1), {}, {} }, { "order 2, not JSON", {}, {} },
                        { order(3), {}, {} } })
                    .isEmpty());
        startEngine();
        addSource(source);

        // Row 1 goes; row 2 holds itself and row 3, and says so.
        QTRY_VERIFY_WITH_TIMEOUT(state().lastError.contains(QStringLiteral("row 2:")), 10'000);
        const StoredOutboxSource held = state();
        QVERIFY2(held.lastError.contains(QStringLiteral("not JSON")), qPrintable(held.lastError));
        QVERIFY2(held.lastError.contains(QStringLiteral("holds")), qPrintable(held.lastError));
        QVERIFY(held.lastErrorAtMs);
        QCOMPARE(messageCount(), 1);
        QCOMPARE(messages().first().payload, order(1));
        QCOMPARE(m_producer->unpublished(), 2);
        QCOMPARE(held.relayed, 1);
        QTRY_COMPARE_WITH_TIMEOUT(state().backlog.value_or(-1), 2, 5000);
        // The oldest waiting row's created_at (SQLite text, PostgreSQL timestamptz) is read back.
        const std::optional<qint64> oldest = state().oldestUnpublishedAtMs;
        QVERIFY(oldest);
        QVERIFY2(qAbs(QDateTime::currentMSecsSinceEpoch() - *oldest) < 120'000,
            qPrintable(QString::number(*oldest)));

        // Fixed by the application: the relay goes on from there, in order.
        QVERIFY(m_producer
                    ->exec({ QStringLiteral(
                        "UPDATE outbox SET payload = '{\"order\":2}' WHERE id = 2") })
                    .isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 3, 10'000);
        const QList<RelayedMessage> got = messages();
        QCOMPARE(got.at(1).payload, order(2));
        QCOMPARE(got.at(2).payload, order(3));
        QTRY_COMPARE_WITH_TIMEOUT(m_producer->unpublished(), 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(state().lastError.isEmpty(), 5000);

        // Skipped by hand instead (marked published): the relay passes it by.
        QVERIFY(m_producer->insert({ { "{broken", {}, {} }, { order(5), {}, {} } }).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(state().lastError.contains(QStringLiteral("row 4:")), 10'000);
        QVERIFY(m_producer
                    ->exec({ QStringLiteral(
                        "UPDATE outbox SET published_at = CURRENT_TIMESTAMP WHERE id = 4") })
                    .isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 4, 10'000);
        QCOMPARE(messages().last().payload, order(5));
    }

    // A boolean marker instead of a timestamp: false or NULL is unpublished, true published.
    void booleanPublishedMarker_data() { addDrivers(); }
    void booleanPublishedMarker()
    {
        QFETCH(QString, driver);
        QJsonObject source = prepareSource(driver, false);
        source.insert(QStringLiteral("table"), QStringLiteral("events"));
        source.insert(QStringLiteral("published_kind"), QStringLiteral("boolean"));
        source.insert(QStringLiteral("columns"),
            QJsonObject { { QStringLiteral("id"), QStringLiteral("id") },
                { QStringLiteral("payload"), QStringLiteral("body") },
                { QStringLiteral("published"), QStringLiteral("sent") } });
        const QString create = driver == u"sqlite"
            ? QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT NOT NULL, "
                             "sent INTEGER DEFAULT 0)")
            : QStringLiteral("CREATE TABLE events (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL, "
                             "sent BOOLEAN DEFAULT false)");
        QVERIFY(
            m_producer
                ->exec({ create,
                    QStringLiteral("INSERT INTO events (body) VALUES ('{\"order\":1}')"),
                    QStringLiteral(
                        "INSERT INTO events (body, sent) VALUES ('{\"order\":2}', NULL)"),
                    QStringLiteral("INSERT INTO events (body, sent) VALUES ('{\"order\":3}', %1)")
                        .arg(driver == u"sqlite" ? QStringLiteral("1") : QStringLiteral("true")) })
                .isEmpty());
        startEngine();
        addSource(source);
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 2, 10'000); // row 3 was published already
        QCOMPARE(messages().at(0).payload, order(1));
        QCOMPARE(messages().at(1).payload, order(2));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_producer->scalar(QStringLiteral("SELECT count(*) FROM events WHERE sent IS NOT TRUE"))
                .toInt(),
            0, 5000);
        QVERIFY(state().lastError.isEmpty());
    }

    void waitsForAMissingOrLockedSqliteSource_data()
    {
        QTest::addColumn<QString>("driver");
        QTest::addRow("sqlite") << QStringLiteral("sqlite");
    }
    void waitsForAMissingOrLockedSqliteSource()
    {
        const QJsonObject source = prepareSource(QStringLiteral("sqlite"), false);
        const QString path = source.value(QStringLiteral("database"))
                                 .toObject()
                                 .value(QStringLiteral("path"))
                                 .toString();
        startEngine();
        addSource(source);
        // No file yet: never created by the relay, only reported.
        QTRY_VERIFY_WITH_TIMEOUT(
            state().lastError.contains(QStringLiteral("the database file does not exist")), 10'000);
        QVERIFY(!QFile::exists(path));
        // A file without the table.
        QVERIFY(m_producer->exec({ QStringLiteral("CREATE TABLE other (x)") }).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            state().lastError.contains(QStringLiteral("table \"outbox\" not found")), 10'000);
        createTable(QStringLiteral("sqlite"));
        QVERIFY(m_producer->insert({ { order(1), {}, {} } }).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 1, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(state().lastError.isEmpty(), 5000);

        // A long write transaction of the application locks the file (rollback journal): the
        // relay reports it and carries on once the lock is gone.
        QSqlDatabase lock = m_producer->hold();
        QVERIFY(lock.isOpen());
        {
            QSqlQuery q(lock);
            QVERIFY(q.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            QVERIFY(
                q.exec(QStringLiteral("INSERT INTO outbox (payload) VALUES ('{\"order\":2}')")));
        }
        QTRY_VERIFY_WITH_TIMEOUT(state().lastError.contains(QStringLiteral("locked")), 15'000);
        {
            QSqlQuery q(lock);
            QVERIFY(q.exec(QStringLiteral("COMMIT")));
        }
        Producer::release(lock);
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 2, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(state().lastError.isEmpty(), 5000);
    }

    void waitsForPostgresToComeBack_data()
    {
        QTest::addColumn<QString>("driver");
        QTest::addRow("postgres") << QStringLiteral("postgres");
    }
    void waitsForPostgresToComeBack()
    {
        const QJsonObject source = prepareSource(QStringLiteral("postgres"));
        QVERIFY(m_producer->insert({ { order(1), {}, {} } }).isEmpty());
        startEngine();
        addSource(source);
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 1, 10'000);

        const QString stopped = m_pg->stopServer();
        QVERIFY2(stopped.isEmpty(), qPrintable(stopped));
        QTRY_VERIFY_WITH_TIMEOUT(!state().lastError.isEmpty(), 10'000);
        const QString error = state().lastError;
        QVERIFY2(error.contains(QStringLiteral("outbox source \"orders\" (postgres 127.0.0.1:")),
            qPrintable(error));
        QVERIFY2(!error.contains(m_pg->password()), "the password is never shown");

        const QString started = m_pg->startAgain();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QVERIFY(m_producer->insert({ { order(2), {}, {} } }).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 2, 15'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_producer->unpublished(), 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(state().lastError.isEmpty(), 5000);
    }

    // With a minute between polls, the producer's trigger makes a row arrive at once.
    void notifyWakesTheRelay_data()
    {
        QTest::addColumn<QString>("driver");
        QTest::addRow("postgres") << QStringLiteral("postgres");
    }
    void notifyWakesTheRelay()
    {
        QJsonObject source = prepareSource(QStringLiteral("postgres"), false);
        source.insert(QStringLiteral("poll_ms"), 60'000);
        source.insert(QStringLiteral("notify_channel"), QStringLiteral("outbox_new"));
        // A jsonb payload, as an application using PostgreSQL would have.
        QVERIFY(m_producer
                    ->exec({ QStringLiteral("CREATE TABLE outbox (id BIGSERIAL PRIMARY KEY,"
                                            " payload JSONB NOT NULL,"
                                            " created_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                                            " published_at TIMESTAMPTZ, customer TEXT,"
                                            " event_key TEXT)"),
                        QStringLiteral("CREATE FUNCTION outbox_notify() RETURNS trigger "
                                       "LANGUAGE plpgsql AS $$ BEGIN "
                                       "PERFORM pg_notify('outbox_new', ''); RETURN NULL; END $$"),
                        QStringLiteral("CREATE TRIGGER outbox_notify AFTER INSERT ON outbox "
                                       "FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()") })
                    .isEmpty());
        startEngine();
        addSource(source);
        QTRY_VERIFY_WITH_TIMEOUT(state().lastPollAtMs.has_value(), 10'000); // listening now

        for (int n = 1; n <= 3; ++n) {
            QElapsedTimer clock;
            clock.start();
            QVERIFY(m_producer->insert({ { order(n), {}, {} } }).isEmpty());
            QTRY_COMPARE_WITH_TIMEOUT(messageCount(), n, 5000);
            qInfo("row %d arrived %lld ms after its insert", n, qint64(clock.elapsed()));
            QVERIFY2(clock.elapsed() < 2500, "a NOTIFY wakes the relay within a second or two");
        }
        QCOMPARE(QJsonDocument::fromJson(messages().first().payload).object(),
            QJsonDocument::fromJson(order(1)).object());
        QTRY_COMPARE_WITH_TIMEOUT(m_producer->unpublished(), 0, 5000);
    }

    void refusesAShortIdempotencyWindow_data()
    {
        QTest::addColumn<QString>("driver");
        QTest::addRow("sqlite") << QStringLiteral("sqlite");
    }
    void refusesAShortIdempotencyWindow()
    {
        const QJsonObject source = prepareSource(QStringLiteral("sqlite"));
        QVERIFY(m_producer->insert({ { order(1), {}, {} } }).isEmpty());
        startEngine(10 * 60'000);
        addSource(source);
        QTRY_VERIFY_WITH_TIMEOUT(
            state().lastError.contains(QStringLiteral("idempotency window (10 min)")), 10'000);
        QVERIFY(m_relays->running().isEmpty());
        QCOMPARE(messageCount(), 0);
        QCOMPARE(m_producer->unpublished(), 1);

        // Raised: the relay starts without anything else changing.
        QVERIFY(m_engine->store().call<void>(
            [](Store &s) { return s.setIdempotencyWindow(Store::DefaultIdempotencyWindowMs); }));
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 1, 10'000);
    }

    void followsPauseAndRemove_data()
    {
        QTest::addColumn<QString>("driver");
        QTest::addRow("sqlite") << QStringLiteral("sqlite");
    }
    void followsPauseAndRemove()
    {
        const QJsonObject source = prepareSource(QStringLiteral("sqlite"));
        startEngine();
        QSignalSpy changes(m_relays.get(), &OutboxRelays::runningChanged);
        addSource(source);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_relays->running(), QStringList { QStringLiteral("orders") }, 5000);

        auto pause = [this](bool paused) {
            return m_engine->store().call<void>([paused](Store &s) {
                return s.setOutboxSourcePaused(QStringLiteral("orders"), paused);
            });
        };
        QVERIFY(pause(true));
        QTRY_VERIFY_WITH_TIMEOUT(m_relays->running().isEmpty(), 5000);
        QVERIFY(m_producer->insert({ { order(1), {}, {} } }).isEmpty());
        QTest::qWait(500); // a paused source is not read: nothing may arrive meanwhile
        QCOMPARE(messageCount(), 0);
        QVERIFY(pause(false));
        QTRY_COMPARE_WITH_TIMEOUT(messageCount(), 1, 5000);

        QVERIFY(m_engine->store().call<void>(
            [](Store &s) { return s.removeOutboxSource(QStringLiteral("orders")); }));
        QTRY_VERIFY_WITH_TIMEOUT(m_relays->running().isEmpty(), 5000);
        QVERIFY(changes.size() >= 4);
    }
};

QTEST_GUILESS_MAIN(tst_OutboxRelay)
#include "tst_outboxrelay.moc"
