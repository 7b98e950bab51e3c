// SPDX-License-Identifier: GPL-3.0-or-later
// The outbox source configuration: what `tandem outbox add` accepts, what it refuses (naming the
// field), and that nothing in it can reach SQL unquoted.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "engine/ingest/outboxconfig.h"
#include "tests/support/testjson.h"

using namespace Tandem;
using Tandem::TestJson::json;

namespace {

QJsonObject object(const char *singleQuoted)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json(singleQuoted), &pe);
    if (pe.error != QJsonParseError::NoError)
        qFatal("test data is not JSON: %s", singleQuoted);
    return doc.object();
}

// A valid SQLite source with `patch` applied on top (a key with null removes it).
QJsonObject sqlite(const QJsonObject &patch = {})
{
    QJsonObject o = object("{'name': 'orders', 'driver': 'sqlite',"
                           " 'database': {'path': '/var/lib/app/app.db'}, 'table': 'outbox',"
                           " 'columns': {'id': 'id', 'payload': 'payload',"
                           " 'created_at': 'created_at', 'published': 'published_at'}}");
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isUndefined())
            o.remove(it.key());
        else
            o.insert(it.key(), it.value());
    }
    return o;
}

QJsonObject postgres()
{
    return object("{'name': 'billing', 'driver': 'postgres',"
                  " 'database': {'host': '127.0.0.1', 'port': 55432, 'dbname': 'app',"
                  " 'user': 'app', 'password': 'env:PGPASS'},"
                  " 'table': 'public.outbox',"
                  " 'columns': {'id': 'id', 'payload': 'body', 'created_at': null,"
                  " 'published': 'sent', 'partition_key': 'customer', 'idempotency_key': 'key'},"
                  " 'published_kind': 'boolean', 'poll_ms': 60000, 'batch': 100,"
                  " 'notify_channel': 'outbox_new', 'enabled': false}");
}

} // namespace

class tst_OutboxConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqliteDefaults()
    {
        auto c = OutboxConfig::fromJson(sqlite());
        QVERIFY2(c, qPrintable(c ? QString() : c.error().message));
        QCOMPARE(c->name, QStringLiteral("orders"));
        QCOMPARE(c->driver, OutboxDriver::Sqlite);
        QCOMPARE(c->path, QStringLiteral("/var/lib/app/app.db"));
        QCOMPARE(c->publishedKind, OutboxPublishedKind::Timestamp);
        QCOMPARE(c->pollMs, 1000);
        QCOMPARE(c->batch, 500);
        QVERIFY(c->enabled);
        QVERIFY(c->partitionKeyColumn.isEmpty());
        QVERIFY(c->idempotencyKeyColumn.isEmpty());
        QVERIFY(c->notifyChannel.isEmpty());
        QCOMPARE(
            c->defaultIdempotencyKey(QStringLiteral("42")), QStringLiteral("outbox:orders:42"));
    }

    void postgresEverything()
    {
        auto c = OutboxConfig::fromJson(postgres());
        QVERIFY2(c, qPrintable(c ? QString() : c.error().message));
        QCOMPARE(c->driver, OutboxDriver::Postgres);
        QCOMPARE(c->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(c->port, 55432);
        QCOMPARE(c->dbname, QStringLiteral("app"));
        QCOMPARE(c->user, QStringLiteral("app"));
        QCOMPARE(c->password, QStringLiteral("env:PGPASS"));
        QCOMPARE(c->table, QStringLiteral("public.outbox"));
        QCOMPARE(c->payloadColumn, QStringLiteral("body"));
        QVERIFY(c->createdAtColumn.isEmpty());
        QCOMPARE(c->partitionKeyColumn, QStringLiteral("customer"));
        QCOMPARE(c->idempotencyKeyColumn, QStringLiteral("key"));
        QCOMPARE(c->publishedKind, OutboxPublishedKind::Boolean);
        QCOMPARE(c->pollMs, 60'000);
        QCOMPARE(c->batch, 100);
        QCOMPARE(c->notifyChannel, QStringLiteral("outbox_new"));
        QVERIFY(!c->enabled);
        QCOMPARE(c->location(), QStringLiteral("127.0.0.1:55432/app"));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addRow("sqlite") << sqlite();
        QTest::addRow("postgres") << postgres();
    }

    void roundTrip()
    {
        QFETCH(QJsonObject, input);
        auto c = OutboxConfig::fromJson(input);
        QVERIFY(c);
        const QJsonObject written = c->toJson();
        auto again = OutboxConfig::fromJson(written);
        QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
        QCOMPARE(*again, *c);
        QCOMPARE(again->toJson(), written);
        // Every field is written, the defaults included.
        for (const char *key :
            { "published_kind", "poll_ms", "batch", "notify_channel", "enabled" })
            QVERIFY2(written.contains(QLatin1StringView(key)), key);
    }

    void refused_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("message");
        auto without = [](const char *key) {
            QJsonObject o = sqlite();
            o.remove(QLatin1StringView(key));
            return o;
        };
        auto columns = [](const char *singleQuoted) {
            return sqlite(QJsonObject { { QStringLiteral("columns"), object(singleQuoted) } });
        };
        auto with = [](const char *key, const QJsonValue &v) {
            return sqlite(QJsonObject { { QLatin1StringView(key), v } });
        };
        QTest::addRow("unknown key") << with("tabel", QStringLiteral("x"))
                                     << QStringLiteral("outbox: unknown key \"tabel\"");
        QTest::addRow("no name") << without("name") << QStringLiteral("outbox.name: required");
        QTest::addRow("bad name") << with("name", QStringLiteral("a b"))
                                  << QStringLiteral("outbox.name: \"a b\" is not a valid name");
        QTest::addRow("no driver")
            << without("driver") << QStringLiteral("outbox.driver: required");
        QTest::addRow("unknown driver")
            << with("driver", QStringLiteral("mysql"))
            << QStringLiteral(
                   "outbox.driver: unknown driver \"mysql\" (expected sqlite or postgres)");
        QTest::addRow("no database")
            << without("database") << QStringLiteral("outbox.database: required");
        QTest::addRow("relative path")
            << with("database", object("{'path': 'app.db'}"))
            << QStringLiteral("outbox.database.path: \"app.db\" is not an absolute path");
        QTest::addRow("sqlite with host")
            << with("database", object("{'path': '/a.db', 'host': 'x'}"))
            << QStringLiteral("outbox.database: unknown key \"host\"");
        QTest::addRow("no table") << without("table") << QStringLiteral("outbox.table: required");
        QTest::addRow("no payload column") << columns("{'id': 'id', 'published': 'published_at'}")
                                           << QStringLiteral("outbox.columns.payload: required");
        QTest::addRow("null id column")
            << columns("{'id': null, 'payload': 'p', 'published': 'published_at'}")
            << QStringLiteral("outbox.columns.id: required");
        QTest::addRow("unknown column role")
            << columns("{'id': 'id', 'payload': 'p', 'published': 'x', 'trace': 't'}")
            << QStringLiteral("outbox.columns: unknown key \"trace\"");
        QTest::addRow("same column twice")
            << columns("{'id': 'id', 'payload': 'id', 'published': 'x'}")
            << QStringLiteral("outbox.columns: id, payload and published must be three different "
                              "columns");
        QTest::addRow("bad published kind")
            << with("published_kind", QStringLiteral("flag"))
            << QStringLiteral("outbox.published_kind: unknown kind \"flag\"");
        QTest::addRow("poll too fast")
            << with("poll_ms", 10) << QStringLiteral("outbox.poll_ms: 10 is out of range");
        QTest::addRow("batch zero")
            << with("batch", 0) << QStringLiteral("outbox.batch: 0 is out of range");
        QTest::addRow("batch fraction")
            << with("batch", 1.5) << QStringLiteral("outbox.batch: must be a whole number");
        QTest::addRow("notify on sqlite")
            << with("notify_channel", QStringLiteral("outbox_new"))
            << QStringLiteral("outbox.notify_channel: LISTEN/NOTIFY needs the postgres driver");
        QTest::addRow("enabled as string") << with("enabled",
            QStringLiteral("yes")) << QStringLiteral("outbox.enabled: must be true or false");

        QJsonObject pg = postgres();
        QJsonObject db = pg.value(QStringLiteral("database")).toObject();
        db.insert(QStringLiteral("password"), QStringLiteral("hunter2"));
        pg.insert(QStringLiteral("database"), db);
        QTest::addRow("password in clear") << pg << QStringLiteral("outbox.database.password: ");
        pg = postgres();
        db = pg.value(QStringLiteral("database")).toObject();
        db.remove(QStringLiteral("dbname"));
        pg.insert(QStringLiteral("database"), db);
        QTest::addRow("no dbname") << pg << QStringLiteral("outbox.database.dbname: required");
        db.insert(QStringLiteral("dbname"), QStringLiteral("app sslmode=disable"));
        pg.insert(QStringLiteral("database"), db);
        QTest::addRow("connection string injection")
            << pg << QStringLiteral("outbox.database.dbname: may not contain spaces");
        pg = postgres();
        db = pg.value(QStringLiteral("database")).toObject();
        db.insert(QStringLiteral("port"), 70000);
        pg.insert(QStringLiteral("database"), db);
        QTest::addRow("port out of range")
            << pg << QStringLiteral("outbox.database.port: 70000 is out of range (1 to 65535)");
    }

    void refused()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, message);
        auto c = OutboxConfig::fromJson(input);
        QVERIFY(!c);
        QCOMPARE(c.error().code, Error::Code::Invalid);
        QVERIFY2(c.error().message.startsWith(message), qPrintable(c.error().message));
        QVERIFY2(!c.error().message.contains(QStringLiteral("hunter2")),
            "a secret pasted in place of a reference is never repeated");
    }

    // Names go into SQL: anything but a plain identifier is refused, so nothing can close a
    // quote or add a statement.
    void identifiers_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("column");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("plain") << QStringLiteral("outbox") << QStringLiteral("payload") << true;
        QTest::addRow("underscore") << QStringLiteral("_outbox_2") << QStringLiteral("_p") << true;
        QTest::addRow("schema.table")
            << QStringLiteral("app.outbox") << QStringLiteral("p") << true;
        QTest::addRow("schema.schema.table")
            << QStringLiteral("a.b.outbox") << QStringLiteral("p") << false;
        QTest::addRow("dotted column")
            << QStringLiteral("outbox") << QStringLiteral("a.p") << false;
        QTest::addRow("quote") << QStringLiteral("outbox\"; DROP TABLE x; --")
                               << QStringLiteral("p") << false;
        QTest::addRow("column injection")
            << QStringLiteral("outbox") << QStringLiteral("p FROM x; --") << false;
        QTest::addRow("leading digit") << QStringLiteral("1outbox") << QStringLiteral("p") << false;
        QTest::addRow("too long") << QString(64, u'a') << QStringLiteral("p") << false;
        QTest::addRow("empty") << QString() << QStringLiteral("p") << false;
    }

    void identifiers()
    {
        QFETCH(QString, table);
        QFETCH(QString, column);
        QFETCH(bool, accepted);
        QJsonObject o = sqlite();
        o.insert(QStringLiteral("table"), table);
        QJsonObject cols = o.value(QStringLiteral("columns")).toObject();
        cols.insert(QStringLiteral("payload"), column);
        o.insert(QStringLiteral("columns"), cols);
        auto c = OutboxConfig::fromJson(o);
        QCOMPARE(c.has_value(), accepted);
        if (!accepted)
            QVERIFY2(c.error().message.startsWith(QStringLiteral("outbox.table:"))
                    || c.error().message.startsWith(QStringLiteral("outbox.columns.payload:")),
                qPrintable(c.error().message));
    }

    void quoting()
    {
        QCOMPARE(quoteOutboxIdentifier(QStringLiteral("outbox")), QStringLiteral("\"outbox\""));
        QCOMPARE(quoteOutboxIdentifier(QStringLiteral("app.outbox")),
            QStringLiteral("\"app\".\"outbox\""));
        QCOMPARE(quoteOutboxIdentifier(QStringLiteral("a\"b")), QStringLiteral("\"a\"\"b\""));
    }
};

QTEST_GUILESS_MAIN(tst_OutboxConfig)
#include "tst_outboxconfig.moc"
