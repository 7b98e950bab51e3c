// SPDX-License-Identifier: GPL-3.0-or-later
// The ingest API (DESIGN.md §4) through a real HTTP client against an engine on a real store:
// every status code with its JSON error, idempotent re-POSTs, all-or-nothing batches, a
// message's delivery states, and clients that are slow, huge or many on purpose. Each refusal
// is checked to have changed nothing.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "app/demo/simulatedhttpserver.h"
#include "engine/ingest/httpapi.h"
#include "tests/support/testengine.h"

using namespace Tandem;
using namespace Tandem::Testing;

namespace {

const QByteArray Token = "test-ingest-token-0123456789";

struct Reply
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QByteArray retryAfter;
    QString errorCode() const
    {
        return json.value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    }
    QString errorMessage() const
    {
        return json.value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("message"))
            .toString();
    }
};

} // namespace

class tst_Ingest : public QObject
{
    Q_OBJECT

private:
    Reply send(const QByteArray &method, const QString &path, const QByteArray &body = {},
        QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
        bool hasAuth = false;
        bool hasType = false;
        for (const auto &[name, value] : headers) {
            request.setRawHeader(name, value);
            hasAuth = hasAuth || name == "Authorization";
            hasType = hasType || name == "Content-Type";
        }
        if (!hasAuth)
            request.setRawHeader("Authorization", "Bearer " + Token);
        if (!hasType)
            request.setRawHeader("Content-Type", "application/json");
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20'000))
            qWarning("no answer to %s %s", method.constData(), qPrintable(path));
        Reply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.json = QJsonDocument::fromJson(r.body).object();
        r.retryAfter = reply->rawHeader("Retry-After");
        reply->deleteLater();
        return r;
    }

    qint64 messageCount()
    {
        auto counts
            = m_engine->store().call<QList<TargetCounts>>([](Store &s) { return s.counts(); });
        if (!counts)
            qFatal("counts: %s", qPrintable(counts.error().message));
        qint64 n = 0;
        for (const TargetCounts &c : *counts) {
            if (c.target == u"a")
                n = c.pending + c.retryWait + c.inFlight + c.delivered + c.dead + c.discarded;
        }
        return n;
    }

    void startApi(HttpApi::Options options)
    {
        m_api = std::make_unique<HttpApi>(*m_engine, options);
        auto port = m_api->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(port.has_value(), port ? "" : qPrintable(port.error().message));
        m_port = *port;
        m_api->setToken(Token);
    }

    // A raw connection, for what a well-behaved client would never send.
    std::unique_ptr<QTcpSocket> rawConnection()
    {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, m_port);
        if (!s->waitForConnected(5000))
            qWarning("cannot connect");
        return s;
    }

    static QByteArray readUntilClosed(QTcpSocket &s, int timeoutMs)
    {
        QByteArray all;
        (void)QTest::qWaitFor(
            [&] {
                all += s.readAll();
                return s.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
        return all + s.readAll();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Demo::SimulatedHttpServer> m_targetA;
    std::unique_ptr<Demo::SimulatedHttpServer> m_targetB;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<HttpApi> m_api;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_targetA = std::make_unique<Demo::SimulatedHttpServer>(
            [](const Demo::HttpExchange &) { return Demo::SimulatedResponse {}; });
        m_targetB = std::make_unique<Demo::SimulatedHttpServer>([](const Demo::HttpExchange &) {
            Demo::SimulatedResponse r;
            r.status = 503;
            return r;
        });
        QVERIFY(m_targetA->listen() && m_targetB->listen());
        auto target = [](const QString &name, const Demo::SimulatedHttpServer &server) {
            return targetConfig(QJsonObject { { QStringLiteral("name"), name },
                { QStringLiteral("url"), server.url(QStringLiteral("/in")).toString() },
                { QStringLiteral("retry"),
                    QJsonObject { { QStringLiteral("max_attempts"), 100 },
                        { QStringLiteral("base_delay_ms"), 60'000 } } },
                { QStringLiteral("breaker"),
                    QJsonObject { { QStringLiteral("enabled"), false } } } });
        };
        m_engine = startEngine(m_dir->filePath(QStringLiteral("tandem.db")),
            { target(QStringLiteral("a"), *m_targetA), target(QStringLiteral("b"), *m_targetB) });
        HttpApi::Options options;
        options.connections.maxBodyBytes = 64 * 1024;
        options.connections.maxHeaderBytes = 8 * 1024;
        options.connections.headerTimeoutMs = 1500;
        options.connections.requestTimeoutMs = 3000;
        options.connections.idleTimeoutMs = 3000;
        options.connections.maxConnections = 50;
        options.requests.maxBatchItems = 5;
        startApi(options);
    }

    void cleanup()
    {
        m_api.reset();
        if (m_engine)
            QVERIFY(stopEngine(*m_engine));
        m_engine.reset();
        m_targetA.reset();
        m_targetB.reset();
        m_dir.reset();
    }

    void accepted()
    {
        const Reply r = send("POST", QStringLiteral("/v1/messages"), "{\"order\":1}",
            { { "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
                { "X-Partition-Key", "customer-7" } });
        QCOMPARE(r.status, 202);
        const QString id = r.json.value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(r.json.value(QStringLiteral("status_url")).toString(),
            QString(QStringLiteral("/v1/messages/") + id));
        // Committed before the 202: the store has it, as sent.
        const MessageView m = messageView(*m_engine, id);
        QCOMPARE(m.payload, QByteArray("{\"order\":1}"));
        QCOMPARE(m.partitionKey, QByteArray("customer-7"));
        QCOMPARE(m.traceId, QByteArray("0af7651916cd43dd8448eb211c80319c"));

        // GET shows both targets side by side: A delivers, B keeps failing with 503.
        QTRY_COMPARE_WITH_TIMEOUT(
            deliveryOf(*m_engine, id, QStringLiteral("a")).state, DeliveryState::Delivered, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            deliveryOf(*m_engine, id, QStringLiteral("b")).attempts >= 1, 10'000);
        const Reply got = send("GET", QStringLiteral("/v1/messages/") + id);
        QCOMPARE(got.status, 200);
        QCOMPARE(got.json.value(QStringLiteral("id")).toString(), id);
        QMap<QString, QJsonObject> byTarget;
        for (const QJsonValue &d : got.json.value(QStringLiteral("deliveries")).toArray())
            byTarget.insert(d.toObject().value(QStringLiteral("target")).toString(), d.toObject());
        QCOMPARE(byTarget.value(QStringLiteral("a")).value(QStringLiteral("state")).toString(),
            QStringLiteral("delivered"));
        QCOMPARE(byTarget.value(QStringLiteral("b")).value(QStringLiteral("state")).toString(),
            QStringLiteral("retry_wait"));
        QCOMPARE(
            byTarget.value(QStringLiteral("b")).value(QStringLiteral("last_status")).toInt(), 503);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QByteArray>("extraHeader");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("says");
        const QByteArray json = "application/json";
        const QByteArray bearer = "Bearer " + Token;
        const QString one = QStringLiteral("/v1/messages");
        const QString batch = QStringLiteral("/v1/messages/batch");
        QTest::addRow("malformed JSON")
            << QByteArray("POST") << one << QByteArray("{\"a\":") << json << bearer << QByteArray()
            << 400 << QStringLiteral("malformed_json") << QStringLiteral("line 1, column");
        QTest::addRow("not an object")
            << QByteArray("POST") << one << QByteArray("42") << json << bearer << QByteArray()
            << 400 << QStringLiteral("malformed_json") << QString();
        QTest::addRow("bad traceparent")
            << QByteArray("POST") << one << QByteArray("{}") << json << bearer
            << QByteArray("traceparent: nonsense") << 400 << QStringLiteral("invalid_header")
            << QStringLiteral("traceparent");
        QTest::addRow("key with spaces")
            << QByteArray("POST") << one << QByteArray("{}") << json << bearer
            << QByteArray("Idempotency-Key: a b") << 400 << QStringLiteral("invalid_header")
            << QStringLiteral("Idempotency-Key");
        QTest::addRow("no token") << QByteArray("POST") << one << QByteArray("{}") << json
                                  << QByteArray("-") << QByteArray() << 401
                                  << QStringLiteral("unauthorized")
                                  << QStringLiteral("tandem ingest token");
        QTest::addRow("wrong token")
            << QByteArray("POST") << one << QByteArray("{}") << json << QByteArray("Bearer nope")
            << QByteArray() << 401 << QStringLiteral("unauthorized") << QString();
        QTest::addRow("basic instead")
            << QByteArray("POST") << batch << QByteArray("[{}]") << json << QByteArray("Basic dTpw")
            << QByteArray() << 401 << QStringLiteral("unauthorized") << QString();
        QTest::addRow("token for GET too")
            << QByteArray("GET") << QStringLiteral("/v1/messages/x") << QByteArray() << json
            << QByteArray("-") << QByteArray() << 401 << QStringLiteral("unauthorized")
            << QString();
        QTest::addRow("body over the limit")
            << QByteArray("POST") << one
            << QByteArray("{\"x\":\"" + QByteArray(70'000, 'x') + "\"}") << json << bearer
            << QByteArray() << 413 << QStringLiteral("payload_too_large")
            << QStringLiteral("65536");
        QTest::addRow("too many items")
            << QByteArray("POST") << batch << QByteArray("[{},{},{},{},{},{}]") << json << bearer
            << QByteArray() << 413 << QStringLiteral("too_many_items")
            << QStringLiteral("limit is 5");
        QTest::addRow("text/plain")
            << QByteArray("POST") << one << QByteArray("{}") << QByteArray("text/plain") << bearer
            << QByteArray() << 415 << QStringLiteral("unsupported_media_type")
            << QStringLiteral("application/json");
        QTest::addRow("batch as form")
            << QByteArray("POST") << batch << QByteArray("a=1")
            << QByteArray("application/x-www-form-urlencoded") << bearer << QByteArray() << 415
            << QStringLiteral("unsupported_media_type") << QStringLiteral("x-ndjson");
        QTest::addRow("unknown id") << QByteArray("GET") << QStringLiteral("/v1/messages/0190-nope")
                                    << QByteArray() << json << bearer << QByteArray() << 404
                                    << QStringLiteral("not_found") << QStringLiteral("0190-nope");
        QTest::addRow("wrong method")
            << QByteArray("DELETE") << one << QByteArray() << json << bearer << QByteArray() << 405
            << QStringLiteral("method_not_allowed") << QStringLiteral("POST");
    }

    void refusals()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, authorization);
        QFETCH(QByteArray, extraHeader);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, says);
        QList<QPair<QByteArray, QByteArray>> headers { { "Content-Type", contentType },
            { "Authorization", authorization == "-" ? QByteArray() : authorization } };
        if (!extraHeader.isEmpty()) {
            const qsizetype colon = extraHeader.indexOf(':');
            headers.append({ extraHeader.left(colon), extraHeader.mid(colon + 1).trimmed() });
        }
        const qint64 before = messageCount();
        const Reply r = send(method, path, body, headers);
        QCOMPARE(r.status, status);
        QCOMPARE(r.errorCode(), code);
        QVERIFY2(r.errorMessage().contains(says), qPrintable(r.errorMessage()));
        QCOMPARE(messageCount(), before); // a rejected request changes nothing
    }

    void fullBacklogAnswers503WithRetryAfter()
    {
        auto limited = m_engine->store().call<void>([](Store &s) -> Result<void> {
            if (auto r = s.setBacklogLimits({ 1, 0 }); !r)
                return r;
            auto refusing = s.updateBacklogState(5);
            return refusing ? Result<void>() : fail(refusing.error());
        });
        QVERIFY(limited.has_value());
        const qint64 before = messageCount();
        const Reply r = send("POST", QStringLiteral("/v1/messages"), "{}");
        QCOMPARE(r.status, 503);
        QCOMPARE(r.errorCode(), QStringLiteral("backlog_full"));
        QVERIFY(r.retryAfter.toInt() > 0);
        QVERIFY2(r.errorMessage().contains(QStringLiteral("nothing was accepted")),
            qPrintable(r.errorMessage()));
        QCOMPARE(messageCount(), before);
    }

    void withoutTokenIngestIsDisabled()
    {
        m_api->setTokenProblem(QStringLiteral("no OS keychain reachable"));
        const Reply r = send("POST", QStringLiteral("/v1/messages"), "{}");
        QCOMPARE(r.status, 503);
        QCOMPARE(r.errorCode(), QStringLiteral("ingest_disabled"));
        QVERIFY(r.errorMessage().contains(QStringLiteral("no OS keychain reachable")));
        const Reply health = send("GET", QStringLiteral("/v1/health"));
        QCOMPARE(health.status, 200);
        QCOMPARE(
            health.json.value(QStringLiteral("ingest")).toString(), QStringLiteral("disabled"));
    }

    void idempotentRepost()
    {
        const Reply first = send("POST", QStringLiteral("/v1/messages"), "{\"n\":1}",
            { { "Idempotency-Key", "order-77" } });
        QCOMPARE(first.status, 202);
        const qint64 after = messageCount();
        // The producer did not hear the answer and sends it again (even with another body).
        const Reply again = send("POST", QStringLiteral("/v1/messages"), "{\"n\":2}",
            { { "Idempotency-Key", "order-77" } });
        QCOMPARE(again.status, 202);
        QCOMPARE(again.json.value(QStringLiteral("id")), first.json.value(QStringLiteral("id")));
        QCOMPARE(messageCount(), after);

        const Reply batch = send("POST", QStringLiteral("/v1/messages/batch"),
            "[{\"i\":0},{\"i\":1}]", { { "Idempotency-Key", "import-5" } });
        QCOMPARE(batch.status, 202);
        const Reply batchAgain = send("POST", QStringLiteral("/v1/messages/batch"),
            "[{\"i\":0},{\"i\":1}]", { { "Idempotency-Key", "import-5" } });
        QCOMPARE(
            batchAgain.json.value(QStringLiteral("ids")), batch.json.value(QStringLiteral("ids")));
        QCOMPARE(messageCount(), after + 2);
    }

    void batchIsAllOrNothing_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("names");
        QTest::addRow("array") << QByteArray("application/json")
                               << QByteArray("[{\"i\":0},{\"i\":1},\"three\",{\"i\":3}]")
                               << QStringLiteral("item 2");
        QTest::addRow("JSON Lines")
            << QByteArray("application/x-ndjson") << QByteArray("{\"i\":0}\n{\"i\":1}\n\n{\"i\":\n")
            << QStringLiteral("item 2 (line 4)");
        QTest::addRow("envelope") << QByteArray("application/json")
                                  << QByteArray("[{\"payload\":{}},{\"payload\":{},\"key\":1}]")
                                  << QStringLiteral("item 1");
    }

    void batchIsAllOrNothing()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, names);
        const qint64 before = messageCount();
        const Reply r = send("POST",
            QStringLiteral("/v1/messages/batch?envelope=%1").arg(names == u"item 1" ? 1 : 0), body,
            { { "Content-Type", contentType } });
        QCOMPARE(r.status, 400);
        QVERIFY2(r.errorMessage().startsWith(names), qPrintable(r.errorMessage()));
        QCOMPARE(messageCount(), before);
    }

    void batchInOrder()
    {
        const Reply r = send("POST", QStringLiteral("/v1/messages/batch?envelope=true"),
            "{\"payload\":{\"i\":0},\"partition_key\":\"k1\"}\n{\"payload\":{\"i\":1},"
            "\"idempotency_key\":\"mine-1\"}\n",
            { { "Content-Type", "application/x-ndjson" } });
        QCOMPARE(r.status, 202);
        const QJsonArray ids = r.json.value(QStringLiteral("ids")).toArray();
        QCOMPARE(ids.size(), 2);
        const MessageView first = messageView(*m_engine, ids.at(0).toString());
        QCOMPARE(first.payload, QByteArray("{\"i\":0}"));
        QCOMPARE(first.partitionKey, QByteArray("k1"));
        QCOMPARE(messageView(*m_engine, ids.at(1).toString()).idempotencyKey, QByteArray("mine-1"));
    }

    void slowHeadersAreCutOff()
    {
        auto s = rawConnection();
        s->write("POST /v1/messages HTTP/1.1\r\nHost: x\r\n"); // and then nothing more
        const QByteArray answer = readUntilClosed(*s, 10'000);
        QCOMPARE(s->state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
        QVERIFY(answer.contains("request_timeout"));
    }

    void hugeHeadersAre431()
    {
        auto s = rawConnection();
        s->write("POST /v1/messages HTTP/1.1\r\nX-Junk: " + QByteArray(9000, 'j') + "\r\n\r\n");
        const QByteArray answer = readUntilClosed(*s, 10'000);
        QVERIFY2(answer.startsWith("HTTP/1.1 431"), answer.left(200).constData());
    }

    void endlessChunkedBodyIs413()
    {
        auto s = rawConnection();
        s->write("POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Token
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        QByteArray answer;
        // Keep sending until the server stops us (bounded: 4 MiB at most).
        for (int i = 0; i < 256 && s->state() == QAbstractSocket::ConnectedState; ++i) {
            s->write("4000\r\n" + QByteArray(0x4000, 'a') + "\r\n");
            s->waitForBytesWritten(1000);
            QTest::qWait(1);
            answer += s->readAll();
        }
        answer += readUntilClosed(*s, 10'000);
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
        QCOMPARE(messageCount(), 0);
    }

    void manyIdleConnectionsDoNotLockOthersOut()
    {
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 0; i < 80; ++i) {
            idle.push_back(std::make_unique<QTcpSocket>());
            idle.back()->connectToHost(QHostAddress::LocalHost, m_port);
        }
        // The server lives on this thread: let it accept them all, watching that it never holds
        // more than its limit of 50.
        int most = 0;
        QVERIFY(QTest::qWaitFor(
            [&] {
                most = std::max(most, m_api->connectionGuard()->openConnections());
                return m_api->connectionGuard()->accepted() >= 80;
            },
            10'000));
        QVERIFY2(most <= 51, qPrintable(QString::number(most)));
        QVERIFY(m_api->connectionGuard()->refusals() >= 30); // the longest-idle made room
        // A producer still gets in.
        const Reply r = send("POST", QStringLiteral("/v1/messages"), "{}");
        QCOMPARE(r.status, 202);
        // And idle ones are closed after the idle timeout.
        QTRY_VERIFY_WITH_TIMEOUT(m_api->connectionGuard()->openConnections() <= 1, 10'000);
    }

    void clientGoneBeforeTheAnswerIsHarmless()
    {
        // The answer comes after the durable commit; a client that hangs up meanwhile must not
        // take the server down when it is written (QHttpServer has deleted its socket).
        const QByteArray body = "[{\"n\":1},{\"n\":2}]";
        for (int i = 0; i < 30; ++i) {
            auto s = rawConnection();
            s->write("POST /v1/messages/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Token
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            s->waitForBytesWritten(1000);
            s->abort();
        }
        QTest::qWait(200); // let the commits land and their answers find no one
        const Reply r = send("POST", QStringLiteral("/v1/messages"), "{}");
        QCOMPARE(r.status, 202);
    }

    void batchItemsAreStoredAsSent()
    {
        const Reply r = send("POST", QStringLiteral("/v1/messages/batch"),
            "[ {\"b\": 1,  \"a\": \"x,]}\"} ,[1, {\"c\":[2]}]]");
        QCOMPARE(r.status, 202);
        const QJsonArray ids = r.json.value(QStringLiteral("ids")).toArray();
        QCOMPARE(ids.size(), 2);
        QCOMPARE(messageView(*m_engine, ids.at(0).toString()).payload,
            QByteArray("{\"b\": 1,  \"a\": \"x,]}\"}"));
        QCOMPARE(
            messageView(*m_engine, ids.at(1).toString()).payload, QByteArray("[1, {\"c\":[2]}]"));
    }

    void expectContinueIsAnswered()
    {
        auto s = rawConnection();
        const QByteArray body = "{\"n\":1}";
        s->write("POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Token
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\nExpect: 100-continue\r\n\r\n");
        QByteArray got;
        QVERIFY(QTest::qWaitFor(
            [&] {
                got += s->readAll();
                return got.contains("\r\n\r\n");
            },
            5000));
        QVERIFY2(got.startsWith("HTTP/1.1 100 Continue"), got.constData());
        s->write(body);
        QVERIFY(QTest::qWaitFor(
            [&] {
                got += s->readAll();
                return got.contains("202 Accepted") && got.endsWith("}");
            },
            5000));
    }
};

QTEST_GUILESS_MAIN(tst_Ingest)
#include "tst_ingest.moc"
