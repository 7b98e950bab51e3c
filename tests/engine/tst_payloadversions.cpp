// SPDX-License-Identifier: GPL-3.0-or-later
// Edit and replay, audited: a store of the previous schema migrates with its data; an edit is
// refused (and changes nothing) unless the delivery is dead, the payload JSON and a reason given;
// a real engine sends the edited version, through the target's payload mapping, to that target
// only and with the message's original Idempotency-Key; the history says which version each
// attempt sent. Also the line diff the versions keep.
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include "app/demo/simulatedhttpserver.h"
#include "engine/core/clock.h"
#include "engine/core/jsonpayload.h"
#include "engine/core/textdiff.h"
#include "engine/store/migrations.h"
#include "engine/store/storejson.h"
#include "tests/support/deadletters.h"
#include "tests/support/testengine.h"
#include "tests/support/testjson.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using Tandem::TestJson::json;

namespace {

/// Enqueues one message and makes its delivery to every target dead after one 422 attempt.
QString deadMessage(SqliteStore &store, const QByteArray &payload, const QByteArray &key)
{
    auto ids = store.enqueue({ NewMessage { payload, key } }, 1000);
    if (!ids)
        return {};
    auto targets = store.targets();
    for (const StoredTarget &t : *targets) {
        auto claimed = store.claim(t.id, 10, 2000);
        if (!claimed || claimed->deliveries.size() != 1)
            return {};
        AttemptRecord r;
        r.deliveryId = claimed->deliveries.first().deliveryId;
        r.payloadVersion = claimed->deliveries.first().payloadVersion;
        r.attemptNo = 1;
        r.outcome.httpStatus = 422;
        r.outcome.errorClass = ErrorClass::Http4xx;
        r.outcome.error = QStringLiteral("HTTP 422");
        r.outcome.startedAtMs = 2000;
        r.newState = DeliveryState::Dead;
        r.deadReason = QStringLiteral("HTTP 422");
        if (!store.recordAttempts({ r }, 2100))
            return {};
    }
    return ids->first();
}

} // namespace

class tst_PayloadVersions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void migrationFromSchema5KeepsData()
    {
        const ScratchDir dir;
        const QString path = dir.filePath(QStringLiteral("old.db"));
        {
            // A store as Tandem with schema 5 left it, with a message dead at one target.
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const Migration &m : migrations()) {
                if (m.version > 5)
                    continue;
                for (const QString &sql : m.statements)
                    QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
            }
            for (const char *sql :
                { "PRAGMA user_version = 5", "PRAGMA application_id = 1413762353",
                    "INSERT INTO targets (id, name, config, enabled, created_at, updated_at) "
                    "VALUES (1, 'orders', '{\"name\":\"orders\",\"url\":\"http://127.0.0.1:9/\"}',"
                    " 1, 1, 1)",
                    "INSERT INTO messages (id, uuid, idempotency_key, trace_id, payload, "
                    "created_at) VALUES (1, 'm-1', 'key-1', '0af7651916cd43dd8448eb211c80319c', "
                    "'{\"a\":1}', 500)",
                    "INSERT INTO deliveries (id, message_id, target_id, state, attempts, due_at, "
                    "updated_at, last_status, last_error) VALUES (1, 1, 1, 4, 1, 0, 900, 422, "
                    "'HTTP 422')",
                    "INSERT INTO attempts (delivery_id, round, attempt_no, started_at, "
                    "latency_us, status, error_class, error) VALUES (1, 0, 1, 800, 10, 422, "
                    "'http_4xx', 'HTTP 422')" })
                QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));

        auto store = SqliteStore::open(path);
        QVERIFY2(store, store ? "" : qPrintable(store.error().message));
        auto m = (*store)->message(QStringLiteral("m-1"));
        QVERIFY(m);
        QCOMPARE(m->payload, QByteArrayLiteral("{\"a\":1}"));
        const DeliveryView d = deliveryIn(*m, QStringLiteral("orders"));
        QCOMPARE(d.state, DeliveryState::Dead);
        QCOMPARE(d.payloadVersion, 1);
        QCOMPARE(d.history.size(), 1);
        QCOMPARE(d.history.first().status, 422);
        QCOMPARE(d.history.first().payloadVersion, 1);
        QCOMPARE(d.payloadVersions.size(), 1);
        QCOMPARE(d.payloadVersions.first().payload, QByteArrayLiteral("{\"a\":1}"));
        QCOMPARE(d.payloadVersions.first().createdAtMs, 500);
        // And the migrated store takes an edit.
        QCOMPARE((*store)->editAndReplay(1, "{\"a\": 2}", QStringLiteral("fix a"), 3000), 2);
        QCOMPARE((*store)->payloadVersions(1)->last().payload, QByteArrayLiteral("{\"a\":2}"));
    }

    void freeTextSearchFindsEditedPayloads()
    {
        // One dead letter; its edit dies again: the browser's search must find the text the
        // operator typed, not only the original payload.
        const ScratchDir dir;
        const auto refused = [](const QString &, int) {
            AttemptOutcome o;
            o.httpStatus = 422;
            o.errorClass = errorClassForStatus(422);
            o.error = QStringLiteral("HTTP 422");
            return o;
        };
        QVERIFY(storeDeadLetters(dir.storePath(), { unreachableTarget(QStringLiteral("orders")) },
            { NewMessage { "{\"sku\": \"TYPO-1\"}" } }, 1000, refused));
        auto store = SqliteStore::open(dir.storePath());
        QVERIFY(store);
        const auto find = [&](const QString &text) {
            DeadLetterQuery q;
            q.text = text;
            return (*store)->countDeadLetters(q).value_or(-1);
        };
        QCOMPARE(find(QStringLiteral("FIXED-1")), 0);
        const QList<DeadLetter> dead = *(*store)->findDeadLetters({});
        QCOMPARE(dead.size(), 1);
        QCOMPARE((*store)->editAndReplay(dead.first().deliveryId, "{\"sku\": \"FIXED-1\"}",
                     QStringLiteral("typo"), 5000),
            2);
        QCOMPARE(find(QStringLiteral("FIXED-1")), 0); // pending again: not a dead letter
        const StoredTarget orders = (*store)->targets()->first();
        auto claimed = (*store)->claim(orders.id, 10, 6000);
        QVERIFY(claimed && claimed->deliveries.size() == 1);
        AttemptRecord r;
        r.deliveryId = claimed->deliveries.first().deliveryId;
        r.round = claimed->deliveries.first().round;
        r.attemptNo = 1;
        r.outcome = refused(orders.config.name, 0);
        r.outcome.startedAtMs = 6000;
        r.newState = DeliveryState::Dead;
        r.deadReason = QStringLiteral("non-retryable answer: HTTP 422");
        QVERIFY((*store)->recordAttempts({ r }, 6100));
        QCOMPARE(find(QStringLiteral("FIXED-1")), 1);
        QCOMPARE(find(QStringLiteral("TYPO-1")), 1); // the original is kept, and found too
        QCOMPARE(find(QStringLiteral("NOWHERE")), 0);
    }

    void refusalsChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("deadFirst");
        QTest::addColumn<Error::Code>("code");
        QTest::addColumn<QString>("message");
        QTest::addRow("not JSON") << QByteArray("{\n  \"sku\": \"A-1\",\n  \"qty\": 3,,\n}")
                                  << QStringLiteral("why") << true << Error::Code::Invalid
                                  << QStringLiteral("at line 3, column 12");
        QTest::addRow("no reason") << QByteArray("{\"qty\": 3}") << QStringLiteral("  ") << true
                                   << Error::Code::Invalid << QStringLiteral("needs a reason");
        QTest::addRow("unchanged") << QByteArray("{ \"qty\" : 0 }") << QStringLiteral("why") << true
                                   << Error::Code::Invalid << QStringLiteral("unchanged");
        QTest::addRow("not dead") << QByteArray("{\"qty\": 3}") << QStringLiteral("why") << false
                                  << Error::Code::Invalid << QStringLiteral("is pending, not dead");
    }

    void refusalsChangeNothing()
    {
        const ScratchDir dir;
        QFETCH(QByteArray, payload);
        QFETCH(QString, reason);
        QFETCH(bool, deadFirst);
        QFETCH(Error::Code, code);
        QFETCH(QString, message);
        auto store = SqliteStore::open(dir.filePath(QStringLiteral("t.db")));
        QVERIFY(store);
        QVERIFY((*store)->importTargets(
            { target(QStringLiteral("orders"), QUrl(QStringLiteral("http://127.0.0.1:9/"))) }));
        QString id;
        if (deadFirst) {
            id = deadMessage(**store, "{\"qty\":0}", "k");
        } else {
            auto ids = (*store)->enqueue({ NewMessage { "{\"qty\":0}" } }, 1000);
            QVERIFY(ids);
            id = ids->first();
        }
        QVERIFY(!id.isEmpty());
        const DeliveryView before = deliveryIn(*(*store)->message(id), QStringLiteral("orders"));
        auto r = (*store)->editAndReplay(before.deliveryId, payload, reason, 5000);
        QVERIFY(!r);
        QCOMPARE(r.error().code, code);
        QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
        const DeliveryView after = deliveryIn(*(*store)->message(id), QStringLiteral("orders"));
        QCOMPARE(after.state, before.state);
        QCOMPARE(after.payloadVersions.size(), 1);
        QCOMPARE(after.payloadVersion, 1);

        auto unknown = (*store)->editAndReplay(9999, "{\"qty\": 3}", QStringLiteral("why"), 5000);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, Error::Code::NotFound);
        QCOMPARE((*store)->payloadVersions(9999).error().code, Error::Code::NotFound);
    }

    void engineSendsEditedVersionToThatTargetOnly()
    {
        const ScratchDir dir;
        // "mapped" answers 422 to a zero quantity, so the message dies there; "audit" takes it.
        SimulatedHttpServer mapped([](const HttpExchange &e) {
            SimulatedResponse r;
            r.status
                = QJsonDocument::fromJson(e.body).object().value(u"qty").toInt() > 0 ? 200 : 422;
            return r;
        });
        SimulatedHttpServer audit([](const HttpExchange &) { return SimulatedResponse {}; });
        QVERIFY(mapped.listen() != 0);
        QVERIFY(audit.listen() != 0);
        auto engine = startEngine(dir.storePath(),
            { target(QStringLiteral("mapped"), mapped.url(QStringLiteral("/orders")),
                  "{'mapping': {'fields': {'sku': '/item/sku', 'qty': '/item/qty'}, "
                  "'constants': {'source': 'tandem'}}}"),
                target(QStringLiteral("audit"), audit.url(QStringLiteral("/log"))) });

        const QString id
            = enqueueOne(*engine, "{\"item\": {\"sku\": \"A-1\", \"qty\": 0}}", "order-7", this);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(
            deliveryOf(*engine, id, QStringLiteral("mapped")).state, DeliveryState::Dead, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, id, QStringLiteral("audit")).state,
            DeliveryState::Delivered, 10'000);
        QCOMPARE(mapped.takeReceived().size(), 1);
        QCOMPARE(audit.takeReceived().size(), 1);

        const qint64 deliveryId = deliveryOf(*engine, id, QStringLiteral("mapped")).deliveryId;
        auto version = engine->store().call<int>([deliveryId](Store &s) -> Result<int> {
            return s.editAndReplay(deliveryId,
                "{\n  \"item\": {\n    \"sku\": \"A-1\",\n    \"qty\": 3\n  }\n}",
                QStringLiteral("customer confirmed 3 units (ticket OPS-12)"), nowMs());
        });
        QCOMPARE(version, 2);
        engine->wakeWorkers();
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, id, QStringLiteral("mapped")).state,
            DeliveryState::Delivered, 10'000);

        const QList<HttpExchange> received = mapped.takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().header("Idempotency-Key"), QByteArrayLiteral("order-7"));
        QCOMPARE(QJsonDocument::fromJson(received.first().body).object(),
            QJsonDocument::fromJson(json("{'sku': 'A-1', 'qty': 3, 'source': 'tandem'}")).object());
        QCOMPARE(audit.takeReceived().size(), 0); // the other target is not sent it again

        const MessageView m = messageView(*engine, id);
        QCOMPARE(m.payload, QByteArrayLiteral("{\"item\": {\"sku\": \"A-1\", \"qty\": 0}}"));
        const DeliveryView d = deliveryIn(m, QStringLiteral("mapped"));
        QCOMPARE(d.history.size(), 2);
        QCOMPARE(d.history.at(0).payloadVersion, 1);
        QCOMPARE(d.history.at(0).status, 422);
        QCOMPARE(d.history.at(1).payloadVersion, 2);
        QCOMPARE(d.history.at(1).status, 200);
        QCOMPARE(d.payloadVersions.size(), 2);
        const PayloadVersion &edit = d.payloadVersions.at(1);
        QCOMPARE(edit.version, 2);
        QCOMPARE(edit.reason, QStringLiteral("customer confirmed 3 units (ticket OPS-12)"));
        QVERIFY2(edit.diff.contains(QStringLiteral("-        \"qty\": 0,")), qPrintable(edit.diff));
        QVERIFY2(edit.diff.contains(QStringLiteral("+        \"qty\": 3,")), qPrintable(edit.diff));
        QVERIFY(edit.createdAtMs > 0);
        // `tandem dlq show --json` and GET /v1/messages/{id} say the same.
        const QJsonObject shown = toJson(d);
        QCOMPARE(shown[u"payload_version"].toInt(), 2);
        QCOMPARE(shown[u"history"][1][u"payload_version"].toInt(), 2);
        QCOMPARE(shown[u"payload_versions"][1][u"reason"].toString(), edit.reason);
        QCOMPARE(shown[u"payload_versions"][1][u"diff"].toString(), edit.diff);
        const DeliveryView other = deliveryIn(m, QStringLiteral("audit"));
        QCOMPARE(other.payloadVersions.size(), 1);
        QCOMPARE(other.history.size(), 1);
        QCOMPARE(other.history.first().payloadVersion, 1);
        QVERIFY(stopEngine(*engine));
    }

    void lineDiff_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("diff");
        const auto s = [](const char *text) { return QString::fromUtf8(text); };
        QTest::addRow("equal") << s("a\nb") << s("a\nb") << QString();
        QTest::addRow("one line changed")
            << s("a\nb\nc") << s("a\nB\nc") << s("@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
        QTest::addRow("added at end") << s("a") << s("a\nb") << s("@@ -1,1 +1,2 @@\n a\n+b\n");
        QTest::addRow("two hunks")
            << s("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12")
            << s("x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ny")
            << s("@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+y\n");
    }

    void lineDiff()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(QString, diff);
        QCOMPARE(unifiedLineDiff(before, after), diff);
    }

    void jsonErrorPosition()
    {
        const auto e = jsonTextError("{\n  \"a\": 1\n  \"b\": 2\n}");
        QVERIFY(e);
        QCOMPARE(e->line, 3);
        QCOMPARE(e->column, 3);
        QCOMPARE(e->describe(), QStringLiteral("unterminated object at line 3, column 3"));
        QVERIFY(!jsonTextError("{\"a\": [1, \"é\"]}"));
        QVERIFY(jsonTextError("42")); // a payload is an object or an array
        QVERIFY(jsonTextError(""));
    }
};

QTEST_GUILESS_MAIN(tst_PayloadVersions)
#include "tst_payloadversions.moc"
