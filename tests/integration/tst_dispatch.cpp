// SPDX-License-Identifier: GPL-3.0-or-later
// The engine against real HTTP servers on 127.0.0.1 with faults injected for real: what an
// operator would check is what is asserted (what each target received, with which headers, and
// the state and history each delivery ends in).
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/support/simulatedanswers.h"
#include "tests/support/testengine.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;

namespace {

// The attempt number a request carries.
int attemptOf(const HttpExchange &e) { return e.header("X-Tandem-Attempt").toInt(); }

} // namespace

class tst_Dispatch : public QObject
{
    Q_OBJECT

private:
    // Two targets "a" and "b" on their own servers; extra JSON per target (retry, timeouts, ...).
    std::unique_ptr<Engine> startEngine(
        const QJsonObject &extraA = {}, const QJsonObject &extraB = {})
    {
        QList<TargetConfig> configs;
        for (const auto &[name, server, extra] :
            { std::tuple { QStringLiteral("a"), m_a.get(), extraA },
                std::tuple { QStringLiteral("b"), m_b.get(), extraB } }) {
            QJsonObject o = extra;
            // These tests exercise retries with bursts of failures that would trip the default
            // breaker; the breaker tests configure one explicitly.
            if (!o.contains(QStringLiteral("breaker")))
                o.insert(QStringLiteral("breaker"),
                    QJsonObject { { QStringLiteral("enabled"), false } });
            if (!o.contains(QStringLiteral("retry_budget")))
                o.insert(QStringLiteral("retry_budget"),
                    QJsonObject { { QStringLiteral("ratio"), 10 },
                        { QStringLiteral("min_retries_per_second"), 100000 } });
            o.insert(QStringLiteral("name"), name);
            o.insert(QStringLiteral("url"), server->url(QStringLiteral("/in")).toString());
            configs.append(targetConfig(o));
        }
        return Testing::startEngine(m_dir->storePath(), configs);
    }

    QStringList enqueue(Engine &engine, int count, const QByteArray &key = {})
    {
        QList<NewMessage> batch;
        for (int i = 0; i < count; ++i)
            batch.append(NewMessage { QJsonDocument(QJsonObject { { QStringLiteral("n"), i } })
                                          .toJson(QJsonDocument::Compact),
                key, {} });
        return enqueueMessages(engine, batch, this);
    }

    static bool settled(
        Engine &engine, const QString &id, const QString &target, DeliveryState state)
    {
        return deliveryOf(engine, id, target).state == state;
    }

    std::optional<ScratchDir> m_dir; ///< a new one for each test function
    std::unique_ptr<SimulatedHttpServer> m_a;
    std::unique_ptr<SimulatedHttpServer> m_b;

private Q_SLOTS:
    void init()
    {
        m_dir.emplace();
        m_a = std::make_unique<SimulatedHttpServer>(
            [](const HttpExchange &) { return answer(200); });
        m_b = std::make_unique<SimulatedHttpServer>(
            [](const HttpExchange &) { return answer(200); });
        QVERIFY(m_a->listen() != 0);
        QVERIFY(m_b->listen() != 0);
    }

    void cleanup()
    {
        m_a.reset();
        m_b.reset();
        m_dir.reset();
    }

    void bothHealthyReceiveEveryMessageWithTheWireHeaders()
    {
        auto engine = startEngine(QJsonObject { { QStringLiteral("headers"),
            QJsonObject { { QStringLiteral("X-Team"), QStringLiteral("ops") } } } });
        const QStringList ids = enqueue(*engine, 50);
        QCOMPARE(ids.size(), 50);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->requestCount(), 50, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->requestCount(), 50, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.last(), QStringLiteral("b"), DeliveryState::Delivered), 5000);

        static const QRegularExpression traceparent(
            QStringLiteral("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$"));
        for (SimulatedHttpServer *server : { m_a.get(), m_b.get() }) {
            QSet<QByteArray> seen;
            for (const HttpExchange &e : server->takeReceived()) {
                QCOMPARE(e.method, QByteArrayLiteral("POST"));
                QCOMPARE(e.target, QByteArrayLiteral("/in"));
                QCOMPARE(e.header("Content-Type"), QByteArrayLiteral("application/json"));
                QCOMPARE(e.header("User-Agent"), QByteArrayLiteral("tandem/" TANDEM_VERSION));
                const QByteArray id = e.header("X-Tandem-Message-Id");
                QVERIFY(ids.contains(QString::fromLatin1(id)));
                QCOMPARE(e.header("Idempotency-Key"), id); // no producer key: the message id
                QCOMPARE(attemptOf(e), 1);
                QVERIFY2(traceparent.match(QString::fromLatin1(e.header("traceparent"))).hasMatch(),
                    e.header("traceparent"));
                QVERIFY(QJsonDocument::fromJson(e.body).object().contains(QStringLiteral("n")));
                if (server == m_a.get())
                    QCOMPARE(e.header("X-Team"), QByteArrayLiteral("ops"));
                else
                    QVERIFY(e.header("X-Team").isEmpty());
                seen.insert(id);
            }
            QCOMPARE(seen.size(), 50);
        }
        for (const QString &id : ids) {
            const MessageView m = messageView(*engine, id);
            QCOMPARE(deliveryIn(m, QStringLiteral("a")).state, DeliveryState::Delivered);
            QCOMPARE(deliveryIn(m, QStringLiteral("b")).state, DeliveryState::Delivered);
            QCOMPARE(deliveryIn(m, QStringLiteral("a")).history.size(), 1);
            QCOMPARE(deliveryIn(m, QStringLiteral("a")).history.first().status, 200);
        }
        QVERIFY(stopEngine(*engine));
    }

    void producerIdempotencyKeyIsSent()
    {
        auto engine = startEngine();
        const QStringList ids = enqueue(*engine, 1, QByteArrayLiteral("order-42"));
        QTRY_COMPARE_WITH_TIMEOUT(m_b->requestCount(), 1, 5000);
        QCOMPARE(
            m_b->takeReceived().first().header("Idempotency-Key"), QByteArrayLiteral("order-42"));
        QVERIFY(stopEngine(*engine));
    }

    void producerTraceparentIsContinued()
    {
        m_b->setBehaviour(
            [](const HttpExchange &e) { return attemptOf(e) == 1 ? answer(503) : answer(200); });
        auto engine = startEngine({},
            QJsonObject { { QStringLiteral("retry"),
                QJsonObject { { QStringLiteral("base_delay_ms"), 10 } } } });
        const QByteArray producer
            = QByteArrayLiteral("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        const QStringList ids = enqueueMessages(
            *engine, { NewMessage { QByteArrayLiteral("{}"), {}, {}, producer } }, this);
        QCOMPARE(ids.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.first(), QStringLiteral("b"), DeliveryState::Delivered), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->requestCount(), 1, 5000);
        const QList<HttpExchange> got = m_a->takeReceived() + m_b->takeReceived();
        QCOMPARE(got.size(), 3); // a once, b twice (503 then 200)
        QSet<QByteArray> spans;
        for (const HttpExchange &e : got) {
            const QByteArrayList tp = e.header("traceparent").split('-');
            QCOMPARE(tp.size(), 4);
            QCOMPARE(tp[1],
                QByteArrayLiteral("4bf92f3577b34da6a3ce929d0e0e4736")); // the producer's trace
            QVERIFY(tp[2] != QByteArrayLiteral("00f067aa0ba902b7")); // each attempt its own span
            spans.insert(tp[2]);
        }
        QCOMPARE(spans.size(), 3);

        bool refused = false;
        engine->enqueue({ NewMessage { QByteArrayLiteral("{}"), {}, {},
                            QByteArrayLiteral("00-nothex-00f067aa0ba902b7-01") } },
            this, [&](const Result<QStringList> &r) {
                refused = !r && r.error().message.contains(QStringLiteral("traceparent"));
            });
        QTRY_VERIFY_WITH_TIMEOUT(refused, 5000);
        QVERIFY(stopEngine(*engine));
    }

    void targetBAnswering503ThenRecovering()
    {
        m_b->setBehaviour(
            [](const HttpExchange &e) { return attemptOf(e) <= 2 ? answer(503) : answer(200); });
        const QJsonObject fastRetry { { QStringLiteral("retry"),
            QJsonObject { { QStringLiteral("base_delay_ms"), 20 },
                { QStringLiteral("max_delay_ms"), 100 } } } };
        auto engine = startEngine({}, fastRetry);
        const QStringList ids = enqueue(*engine, 10);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.last(), QStringLiteral("b"), DeliveryState::Delivered), 10'000);
        for (const QString &id : ids) {
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("b"), DeliveryState::Delivered), 5000);
            const MessageView m = messageView(*engine, id);
            const DeliveryView &b = deliveryIn(m, QStringLiteral("b"));
            QCOMPARE(b.history.size(), 3);
            QCOMPARE(b.history.at(0).status, 503);
            QCOMPARE(b.history.at(0).errorClass, QStringLiteral("http_5xx"));
            QCOMPARE(b.history.at(1).status, 503);
            QCOMPARE(b.history.at(2).status, 200);
            QCOMPARE(deliveryIn(m, QStringLiteral("a")).history.size(), 1); // A was never retried
        }
        QCOMPARE(m_b->requestCount(), 30);
        QCOMPARE(m_a->requestCount(), 10);
        QVERIFY(stopEngine(*engine));
    }

    void targetBAnswering400IsDeadAtOnceWhileADelivers()
    {
        m_b->setBehaviour([](const HttpExchange &) {
            auto r = answer(400);
            r.body = QByteArrayLiteral("{\"error\":\"missing field sku\"}");
            return r;
        });
        auto engine = startEngine();
        const QStringList ids = enqueue(*engine, 5);
        for (const QString &id : ids) {
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("b"), DeliveryState::Dead), 5000);
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("a"), DeliveryState::Delivered), 5000);
            const DeliveryView b = deliveryOf(*engine, id, QStringLiteral("b"));
            QCOMPARE(b.attempts, 1);
            QVERIFY2(b.deadReason.contains(QStringLiteral("HTTP 400")), qPrintable(b.deadReason));
            QCOMPARE(b.history.first().responseExcerpt,
                QByteArrayLiteral("{\"error\":\"missing field sku\"}"));
        }
        QCOMPARE(m_b->requestCount(), 5);
        auto dead = engine->store().call<QList<DeadLetter>>([](Store &s) {
            DeadLetterSelection all;
            all.all = true;
            return s.deadLetters(all);
        });
        QVERIFY(dead);
        QCOMPARE(dead->size(), 5);
        for (const DeadLetter &d : *dead)
            QCOMPARE(d.target, QStringLiteral("b"));
        QVERIFY(stopEngine(*engine));
    }

    void retryAfterIsHonouredAndCapped_data()
    {
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<int>("maxDelayMs");
        QTest::addColumn<int>("minGapMs");
        QTest::addColumn<int>("maxGapMs");
        // base delay 10 ms without jitter: without Retry-After the retry would come at once.
        QTest::addRow("seconds honoured") << QByteArrayLiteral("1") << 60'000 << 950 << 3000;
        // "date+N": an HTTP date N seconds ahead, made when the row runs.
        QTest::addRow("http date honoured")
            << QByteArrayLiteral("date+3") << 60'000 << 1000 << 5000;
        QTest::addRow("capped by max_delay") << QByteArrayLiteral("30") << 200 << 150 << 2000;
    }

    void retryAfterIsHonouredAndCapped()
    {
        QFETCH(QByteArray, retryAfter);
        QFETCH(int, maxDelayMs);
        QFETCH(int, minGapMs);
        QFETCH(int, maxGapMs);
        if (retryAfter.startsWith("date+")) {
            const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(retryAfter.mid(5).toInt());
            retryAfter = QLocale::c()
                             .toString(at, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                             .toLatin1();
        }
        m_b->setBehaviour([retryAfter](const HttpExchange &e) {
            return attemptOf(e) == 1
                ? answer(429, { { QByteArrayLiteral("Retry-After"), retryAfter } })
                : answer(200);
        });
        auto engine = startEngine({},
            QJsonObject { { QStringLiteral("retry"),
                QJsonObject { { QStringLiteral("base_delay_ms"), 10 },
                    { QStringLiteral("max_delay_ms"), maxDelayMs },
                    { QStringLiteral("jitter"), QStringLiteral("none") } } } });
        const QStringList ids = enqueue(*engine, 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.first(), QStringLiteral("b"), DeliveryState::Delivered), 10'000);
        const QList<HttpExchange> got = m_b->takeReceived();
        QCOMPARE(got.size(), 2);
        const qint64 gap = got.at(1).receivedAtMs - got.at(0).receivedAtMs;
        QVERIFY2(
            gap >= minGapMs && gap <= maxGapMs, qPrintable(QStringLiteral("gap %1 ms").arg(gap)));
        QVERIFY(stopEngine(*engine));
    }

    void retryAfterIsStoredWithTheAttempt()
    {
        // The target asks for 2 s; max_delay caps the wait at 100 ms (the test stays short), yet
        // the attempt keeps what the target sent.
        m_b->setBehaviour([](const HttpExchange &e) {
            return attemptOf(e) == 1 ? answer(503, { { QByteArrayLiteral("Retry-After"), "2" } })
                                     : answer(200);
        });
        auto engine = startEngine({},
            QJsonObject { { QStringLiteral("retry"),
                QJsonObject { { QStringLiteral("base_delay_ms"), 10 },
                    { QStringLiteral("max_delay_ms"), 100 },
                    { QStringLiteral("jitter"), QStringLiteral("none") } } } });
        const QStringList ids = enqueue(*engine, 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.first(), QStringLiteral("b"), DeliveryState::Delivered), 10'000);
        const DeliveryView b = deliveryOf(*engine, ids.first(), QStringLiteral("b"));
        QCOMPARE(b.history.size(), 2);
        QCOMPARE(b.history.at(0).status, 503);
        QCOMPARE(b.history.at(0).retryAfterMs, std::optional<qint64>(2000));
        QCOMPARE(b.history.at(1).status, 200);
        QCOMPARE(b.history.at(1).retryAfterMs, std::nullopt);
        QVERIFY(stopEngine(*engine));
    }

    void serverThatNeverAnswersTimesOut()
    {
        m_b->setBehaviour([](const HttpExchange &) {
            SimulatedResponse r;
            r.action = SimulatedResponse::Action::Hang;
            return r;
        });
        auto engine = startEngine({},
            QJsonObject {
                { QStringLiteral("timeouts"),
                    QJsonObject { { QStringLiteral("attempt_ms"), 300 } } },
                { QStringLiteral("retry"),
                    QJsonObject { { QStringLiteral("max_attempts"), 2 },
                        { QStringLiteral("base_delay_ms"), 10 } } },
            });
        const QStringList ids = enqueue(*engine, 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.first(), QStringLiteral("b"), DeliveryState::Dead), 10'000);
        const DeliveryView b = deliveryOf(*engine, ids.first(), QStringLiteral("b"));
        QCOMPARE(b.history.size(), 2);
        for (const AttemptView &a : b.history) {
            QCOMPARE(a.errorClass, QStringLiteral("timeout"));
            QCOMPARE(a.status, 0);
            QVERIFY2(a.error.contains(QStringLiteral("300 ms")), qPrintable(a.error));
            QVERIFY2(a.latencyUs >= 290'000 && a.latencyUs < 3'000'000,
                qPrintable(QString::number(a.latencyUs)));
        }
        QVERIFY2(b.deadReason.contains(QStringLiteral("gave up after 2 attempts")),
            qPrintable(b.deadReason));
        QVERIFY(settled(*engine, ids.first(), QStringLiteral("a"), DeliveryState::Delivered));
        QVERIFY(stopEngine(*engine));
    }

    void connectTimeoutWhenTheTargetDoesNotAccept()
    {
        // A listening socket whose accept queue is full: the kernel drops further SYNs, so a new
        // connection neither succeeds nor fails; only the connect timeout ends the wait.
        const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(listener >= 0);
        sockaddr_in addr {};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
        QCOMPARE(::listen(listener, 0), 0);
        socklen_t len = sizeof addr;
        QCOMPARE(::getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len), 0);
        std::vector<int> fillers;
        for (int i = 0; i < 4; ++i) { // more than the queue holds; the extra ones just hang
            const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            ::connect(c, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
            fillers.push_back(c);
        }
        auto closeAll = qScopeGuard([&] {
            for (int c : fillers)
                ::close(c);
            ::close(listener);
        });

        m_b->close();
        auto engine = startEngine({},
            QJsonObject {
                { QStringLiteral("timeouts"),
                    QJsonObject { { QStringLiteral("connect_ms"), 300 },
                        { QStringLiteral("attempt_ms"), 20000 } } },
                { QStringLiteral("retry"), QJsonObject { { QStringLiteral("max_attempts"), 1 } } },
            });
        // Point b at the listener that never accepts.
        auto current
            = engine->store().call<QList<StoredTarget>>([](Store &s) { return s.targets(); });
        QVERIFY(current);
        auto b = current->at(1).config.patched({ { QStringLiteral("url"),
            QStringLiteral("http://127.0.0.1:%1/in").arg(ntohs(addr.sin_port)) } });
        QVERIFY(b);
        QVERIFY(engine->store().call<void>([b](Store &s) { return s.updateTarget(*b); }));
        QSignalSpy applied(engine.get(), &Engine::targetsChanged);
        engine->reloadTargets();
        QVERIFY(applied.wait(5000));

        const QStringList ids = enqueue(*engine, 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.first(), QStringLiteral("b"), DeliveryState::Dead), 10'000);
        const DeliveryView d = deliveryOf(*engine, ids.first(), QStringLiteral("b"));
        QCOMPARE(d.history.size(), 1);
        QCOMPARE(d.history.first().errorClass, QStringLiteral("timeout"));
        QVERIFY2(d.history.first().error.contains(QStringLiteral("connect timed out after 300 ms")),
            qPrintable(d.history.first().error));
        QVERIFY2(d.history.first().latencyUs < 5'000'000,
            qPrintable(QString::number(d.history.first().latencyUs)));
        QVERIFY(stopEngine(*engine));
    }

    void connectionResetIsRetried_data()
    {
        QTest::addColumn<int>("action");
        QTest::addRow("reset") << int(SimulatedResponse::Action::Reset);
        QTest::addRow("closed without answer") << int(SimulatedResponse::Action::Close);
    }

    void connectionResetIsRetried()
    {
        QFETCH(int, action);
        m_b->setBehaviour([action](const HttpExchange &e) {
            if (attemptOf(e) > 1)
                return answer(200);
            SimulatedResponse r;
            r.action = SimulatedResponse::Action(action);
            return r;
        });
        auto engine = startEngine({},
            QJsonObject { { QStringLiteral("retry"),
                QJsonObject { { QStringLiteral("base_delay_ms"), 10 } } } });
        const QStringList ids = enqueue(*engine, 3);
        for (const QString &id : ids) {
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("b"), DeliveryState::Delivered), 10'000);
            const DeliveryView b = deliveryOf(*engine, id, QStringLiteral("b"));
            QVERIFY(b.history.size() >= 2);
            QCOMPARE(b.history.first().status, 0);
            QVERIFY2(b.history.first().errorClass == u"connection"
                    || b.history.first().errorClass == u"protocol",
                qPrintable(b.history.first().errorClass + u' ' + b.history.first().error));
            QCOMPARE(b.history.last().status, 200);
        }
        QVERIFY(stopEngine(*engine));
    }

    void targetDownThenBack()
    {
        m_b->close(); // connection refused
        auto engine = startEngine({},
            QJsonObject { { QStringLiteral("retry"),
                QJsonObject { { QStringLiteral("base_delay_ms"), 50 },
                    { QStringLiteral("max_delay_ms"), 200 } } } });
        const QStringList ids = enqueue(*engine, 5);
        QTRY_VERIFY_WITH_TIMEOUT(
            deliveryOf(*engine, ids.first(), QStringLiteral("b")).attempts >= 2, 10'000);
        QCOMPARE(deliveryOf(*engine, ids.first(), QStringLiteral("b")).history.first().errorClass,
            QStringLiteral("connection"));
        QVERIFY(m_b->listen(m_b->port()) != 0);
        for (const QString &id : ids)
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("b"), DeliveryState::Delivered), 10'000);
        QVERIFY(stopEngine(*engine));
    }

    void replayReachesTheTargetWithTheSameIdempotencyKey()
    {
        m_b->setBehaviour([](const HttpExchange &) { return answer(422); });
        auto engine = startEngine();
        const QStringList ids = enqueue(*engine, 1);
        const QString id = ids.first();
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, id, QStringLiteral("b"), DeliveryState::Dead), 5000);
        const QByteArray firstKey = m_b->takeReceived().first().header("Idempotency-Key");

        m_b->setBehaviour([](const HttpExchange &) { return answer(200); });
        auto replayed = engine->store().call<int>([id](Store &s) {
            DeadLetterSelection sel;
            sel.messageIds = { id };
            return s.replay(sel, QDateTime::currentMSecsSinceEpoch());
        });
        QVERIFY(replayed);
        QCOMPARE(*replayed, 1);
        engine->wakeWorkers();
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, id, QStringLiteral("b"), DeliveryState::Delivered), 5000);
        const QList<HttpExchange> again = m_b->takeReceived();
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.first().header("Idempotency-Key"), firstKey);
        QCOMPARE(attemptOf(again.first()), 1); // attempts count afresh after a replay

        const DeliveryView b = deliveryOf(*engine, id, QStringLiteral("b"));
        QCOMPARE(b.round, 1);
        QCOMPARE(b.history.size(), 2); // the dead round's history is kept
        QCOMPARE(b.history.at(0).round, 0);
        QCOMPARE(b.history.at(0).status, 422);
        QCOMPARE(b.history.at(1).round, 1);
        QCOMPARE(b.history.at(1).status, 200);
        QCOMPARE(m_a->requestCount(), 1); // the other target's delivery is not touched by a replay
        QVERIFY(stopEngine(*engine));
    }

    void maxAgeDeadLettersARetryingDelivery()
    {
        m_b->setBehaviour([](const HttpExchange &) { return answer(503); });
        auto engine = startEngine({},
            QJsonObject { { QStringLiteral("retry"),
                QJsonObject { { QStringLiteral("base_delay_ms"), 300 },
                    { QStringLiteral("multiplier"), 1.0 },
                    { QStringLiteral("jitter"), QStringLiteral("none") },
                    { QStringLiteral("max_age_s"), 1 } } } });
        const QStringList ids = enqueue(*engine, 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.first(), QStringLiteral("b"), DeliveryState::Dead), 10'000);
        const DeliveryView b = deliveryOf(*engine, ids.first(), QStringLiteral("b"));
        QVERIFY2(b.deadReason.contains(QStringLiteral("max age")), qPrintable(b.deadReason));
        QVERIFY(b.history.size() >= 2 && b.history.size() <= 5);
        QVERIFY(stopEngine(*engine));
    }

    void slowTargetDoesNotHoldBackTheOther()
    {
        m_b->setBehaviour([](const HttpExchange &) {
            SimulatedResponse r;
            r.action = SimulatedResponse::Action::Hang;
            return r;
        });
        auto engine = startEngine({}, QJsonObject { { QStringLiteral("concurrency"), 4 } });
        QElapsedTimer t;
        t.start();
        const QStringList ids = enqueue(*engine, 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.last(), QStringLiteral("a"), DeliveryState::Delivered), 10'000);
        // Every A delivery is done while B holds its four connections and has not answered once.
        for (const QString &id : ids)
            QCOMPARE(deliveryOf(*engine, id, QStringLiteral("a")).state, DeliveryState::Delivered);
        QCOMPARE(m_b->requestCount(), 4);
        QVERIFY2(t.elapsed() < 10'000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(stopEngine(*engine));
    }

    void http1ConcurrencyLimitIsRealBeyondSixConnections_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addRow("4") << 4;
        QTest::addRow("64") << 64;
    }

    void http1ConcurrencyLimitIsRealBeyondSixConnections()
    {
        QFETCH(int, limit);
        // Each request is held 400 ms; the largest number the server holds at once is the
        // concurrency the engine really achieves.
        int holding = 0;
        int peak = 0;
        m_a->setBehaviour([&](const HttpExchange &) {
            peak = std::max(peak, ++holding);
            QTimer::singleShot(400, m_a.get(), [&] { --holding; });
            SimulatedResponse r = answer(200);
            r.delayMs = 400;
            return r;
        });
        auto engine = startEngine(QJsonObject { { QStringLiteral("concurrency"), limit },
            { QStringLiteral("http2"), QStringLiteral("off") } });
        const QStringList ids = enqueue(*engine, limit * 3);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->requestCount(), limit * 3, 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.last(), QStringLiteral("a"), DeliveryState::Delivered), 10'000);
        QVERIFY2(
            peak <= limit, qPrintable(QStringLiteral("peak %1 > limit %2").arg(peak).arg(limit)));
        QVERIFY2(peak >= limit * 9 / 10,
            qPrintable(QStringLiteral("peak %1, limit %2").arg(peak).arg(limit)));
        m_a->setBehaviour([](const HttpExchange &) { return answer(200); });
        QVERIFY(stopEngine(*engine));
    }

    void liveConfigurationChangeApplies()
    {
        m_b->setBehaviour([](const HttpExchange &) { return answer(500); });
        auto engine = startEngine({},
            QJsonObject { { QStringLiteral("retry"),
                QJsonObject { { QStringLiteral("base_delay_ms"), 50 },
                    { QStringLiteral("max_delay_ms"), 100 } } } });
        const QStringList ids = enqueue(*engine, 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            deliveryOf(*engine, ids.first(), QStringLiteral("b")).attempts >= 1, 5000);
        // An operator decides 500 is permanent for this API: from now on it dead-letters at once.
        auto current
            = engine->store().call<QList<StoredTarget>>([](Store &s) { return s.targets(); });
        QVERIFY(current);
        TargetConfig b = current->at(1).config;
        b.retry.retryOn = { 503 };
        QVERIFY(engine->store().call<void>([b](Store &s) { return s.updateTarget(b); }));
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.first(), QStringLiteral("b"), DeliveryState::Dead), 10'000);
        QVERIFY(deliveryOf(*engine, ids.first(), QStringLiteral("b"))
                    .deadReason.contains(QStringLiteral("non-retryable")));
        QVERIFY(stopEngine(*engine));
    }

    void urlChangeMovesLaterDeliveriesToTheNewAddress()
    {
        auto engine = startEngine();
        const QStringList before = enqueue(*engine, 20);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->requestCount(), 20, 5000);

        SimulatedHttpServer moved([](const HttpExchange &) { return answer(200); });
        QVERIFY(moved.listen() != 0);
        auto current
            = engine->store().call<QList<StoredTarget>>([](Store &s) { return s.targets(); });
        QVERIFY(current);
        auto b = current->at(1).config.patched(
            { { QStringLiteral("url"), moved.url(QStringLiteral("/moved")).toString() } });
        QVERIFY(b);
        QVERIFY(engine->store().call<void>([b](Store &s) { return s.updateTarget(*b); }));
        QSignalSpy applied(engine.get(), &Engine::targetsChanged);
        engine->reloadTargets();
        QVERIFY(applied.wait(5000));
        const QStringList after = enqueue(*engine, 20);
        for (const QString &id : after)
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("b"), DeliveryState::Delivered), 5000);
        QCOMPARE(moved.requestCount(), 20);
        QCOMPARE(m_b->requestCount(), 20);
        for (const HttpExchange &e : moved.takeReceived())
            QCOMPARE(e.target, QByteArrayLiteral("/moved"));
        QVERIFY(stopEngine(*engine));
    }

    QStringList enqueueKeyed(Engine &engine, const QList<QPair<QByteArray, int>> &keyAndSeq)
    {
        QList<NewMessage> batch;
        for (const auto &[key, seq] : keyAndSeq)
            batch.append(NewMessage {
                QJsonDocument(QJsonObject { { QStringLiteral("key"), QString::fromLatin1(key) },
                                  { QStringLiteral("seq"), seq } })
                    .toJson(QJsonDocument::Compact),
                {}, key });
        return enqueueMessages(engine, batch, this);
    }

    void perKeyOrderHoldsUnderConcurrencyAndRetries()
    {
        // Each key's messages must reach the target in enqueue order: a request for seq j may
        // only arrive once seq 0 … j−1 of its key were answered 2xx, whatever fails in between.
        constexpr int Keys = 10;
        constexpr int PerKey = 20;
        QHash<QString, int> delivered; // per key: how many were answered 2xx, in order
        int violations = 0;
        int holding = 0;
        int peak = 0;
        quint32 roll = 12345;
        m_a->setBehaviour([&](const HttpExchange &e) {
            const QJsonObject body = QJsonDocument::fromJson(e.body).object();
            const QString key = body.value(QStringLiteral("key")).toString();
            const int seq = body.value(QStringLiteral("seq")).toInt();
            if (seq != delivered.value(key))
                ++violations;
            roll = roll * 1103515245 + 12345; // deterministic: a quarter of requests fail
            SimulatedResponse r = answer((roll >> 16) % 4 == 0 ? 503 : 200);
            r.delayMs = 2;
            if (r.status == 200)
                delivered[key] = seq + 1;
            peak = std::max(peak, ++holding);
            QTimer::singleShot(2, m_a.get(), [&] { --holding; });
            return r;
        });
        auto engine
            = startEngine(QJsonObject { { QStringLiteral("ordering"), QStringLiteral("per_key") },
                { QStringLiteral("concurrency"), 32 },
                { QStringLiteral("retry"),
                    QJsonObject { { QStringLiteral("base_delay_ms"), 5 },
                        { QStringLiteral("max_delay_ms"), 20 },
                        { QStringLiteral("max_attempts"), 50 } } } });
        QList<QPair<QByteArray, int>> order;
        for (int seq = 0; seq < PerKey; ++seq) {
            for (int k = 0; k < Keys; ++k)
                order.append({ QByteArray("key-") + QByteArray::number(k), seq });
        }
        const QStringList ids = enqueueKeyed(*engine, order);
        QCOMPARE(ids.size(), Keys * PerKey);
        for (const QString &id : ids)
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("a"), DeliveryState::Delivered), 20'000);
        QCOMPARE(violations, 0);
        for (int k = 0; k < Keys; ++k)
            QCOMPARE(delivered.value(QStringLiteral("key-%1").arg(k)), PerKey);
        QVERIFY2(m_a->requestCount() > Keys * PerKey, "no retries were injected");
        QVERIFY2(peak > 1, "keys were not delivered in parallel");
        m_a->setBehaviour([](const HttpExchange &) { return answer(200); });
        QVERIFY(stopEngine(*engine));
    }

    void stuckKeyDoesNotDelayOtherKeys_data()
    {
        QTest::addColumn<QString>("onDead");
        QTest::addRow("dead blocks its key") << QStringLiteral("block");
        QTest::addRow("dead is skipped") << QStringLiteral("skip");
    }

    void stuckKeyDoesNotDelayOtherKeys()
    {
        QFETCH(QString, onDead);
        // The head of key "stuck" is refused for good (422): it goes dead at once.
        m_a->setBehaviour([](const HttpExchange &e) {
            const QJsonObject body = QJsonDocument::fromJson(e.body).object();
            const bool head = body.value(QStringLiteral("key")).toString() == u"stuck"
                && body.value(QStringLiteral("seq")).toInt() == 0;
            return answer(head ? 422 : 200);
        });
        auto engine = startEngine(QJsonObject {
            { QStringLiteral("ordering"), QStringLiteral("per_key") },
            { QStringLiteral("ordering_on_dead"), onDead }, { QStringLiteral("concurrency"), 8 } });
        QList<QPair<QByteArray, int>> order { { "stuck", 0 }, { "stuck", 1 }, { "stuck", 2 } };
        for (int seq = 0; seq < 10; ++seq)
            order.append({ QByteArray("free-") + QByteArray::number(seq % 3), seq });
        const QStringList ids = enqueueKeyed(*engine, order);
        QCOMPARE(ids.size(), 13);
        for (int i = 3; i < ids.size(); ++i)
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, ids.at(i), QStringLiteral("a"), DeliveryState::Delivered), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.at(0), QStringLiteral("a"), DeliveryState::Dead), 5000);
        if (onDead == u"skip") {
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, ids.at(2), QStringLiteral("a"), DeliveryState::Delivered), 5000);
            QVERIFY(settled(*engine, ids.at(1), QStringLiteral("a"), DeliveryState::Delivered));
        } else {
            // Held behind the dead head, never sent, until an operator acts.
            QTest::qWait(300);
            QCOMPARE(
                deliveryOf(*engine, ids.at(1), QStringLiteral("a")).state, DeliveryState::Pending);
            QCOMPARE(deliveryOf(*engine, ids.at(1), QStringLiteral("a")).history.size(), 0);
            QVERIFY(engine->store().call<int>([id = ids.at(0)](Store &s) {
                DeadLetterSelection sel;
                sel.messageIds = { id };
                return s.discard(sel, QDateTime::currentMSecsSinceEpoch());
            }));
            engine->wakeWorkers();
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, ids.at(2), QStringLiteral("a"), DeliveryState::Delivered), 5000);
            QVERIFY(settled(*engine, ids.at(1), QStringLiteral("a"), DeliveryState::Delivered));
        }
        QVERIFY(stopEngine(*engine));
    }

    void pausedTargetHoldsItsDeliveries()
    {
        auto engine = startEngine();
        QVERIFY(engine->store().call<void>(
            [](Store &s) { return s.setPaused(QStringLiteral("b"), true); }));
        QSignalSpy applied(engine.get(), &Engine::targetsChanged);
        engine->reloadTargets();
        QVERIFY(applied.wait(5000));
        const QStringList ids = enqueue(*engine, 10);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.last(), QStringLiteral("a"), DeliveryState::Delivered), 5000);
        QTest::qWait(200);
        QCOMPARE(m_b->requestCount(), 0); // held, not dropped:
        QCOMPARE(
            deliveryOf(*engine, ids.last(), QStringLiteral("b")).state, DeliveryState::Pending);
        QVERIFY(engine->store().call<void>(
            [](Store &s) { return s.setPaused(QStringLiteral("b"), false); }));
        engine->reloadTargets();
        for (const QString &id : ids)
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("b"), DeliveryState::Delivered), 5000);
        QCOMPARE(m_b->requestCount(), 10);
        QVERIFY(stopEngine(*engine));
    }

    void breakerOpensHoldsTheTargetAndCloses()
    {
        // B fails until told otherwise. The breaker (10-call window, 50 %, 400 ms open, 3
        // probes) must open, let nothing but probes through while open, close once B recovers,
        // and in the end every message is delivered with none dead; A is never slowed.
        bool failing = true;
        m_b->setBehaviour([&](const HttpExchange &) { return answer(failing ? 503 : 200); });
        auto engine = startEngine({},
            QJsonObject {
                { QStringLiteral("breaker"),
                    QJsonObject { { QStringLiteral("window_size"), 10 },
                        { QStringLiteral("minimum_calls"), 10 },
                        { QStringLiteral("failure_rate_percent"), 50 },
                        { QStringLiteral("open_ms"), 400 },
                        { QStringLiteral("half_open_probes"), 3 } } },
                { QStringLiteral("retry"),
                    QJsonObject { { QStringLiteral("base_delay_ms"), 10 },
                        { QStringLiteral("max_delay_ms"), 50 },
                        { QStringLiteral("max_attempts"), 1000 } } },
            });
        QList<QPair<qint64, BreakerTransition>> seen;
        connect(engine.get(), &Engine::breakerTransition, this,
            [&](const QString &target, const BreakerTransition &t) {
                if (target == u"b")
                    seen.append({ t.atMs, t });
            });
        QElapsedTimer clock;
        clock.start();
        const QStringList ids = enqueue(*engine, 100);
        QTRY_VERIFY_WITH_TIMEOUT(
            settled(*engine, ids.last(), QStringLiteral("a"), DeliveryState::Delivered), 5000);
        const qint64 aDoneMs = clock.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(
            !seen.isEmpty() && seen.first().second.to == BreakerState::Open, 5000);
        QVERIFY2(seen.first().second.reason.contains(QStringLiteral("failure rate")),
            qPrintable(seen.first().second.reason));
        // Let it cycle open → half-open → open a couple of times while B still fails.
        QTRY_VERIFY_WITH_TIMEOUT(seen.size() >= 4, 5000);
        failing = false;
        for (const QString &id : ids)
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("b"), DeliveryState::Delivered), 10000);
        QCOMPARE(seen.last().second.to, BreakerState::Closed);
        QVERIFY2(aDoneMs < 3000, qPrintable(QString::number(aDoneMs)));
        m_b->takeReceived();

        // No attempt was started while open; in each half-open period at most the 3 probes were
        // (the attempt history records when the engine sent each one).
        QList<qint64> starts;
        for (const QString &id : ids) {
            for (const AttemptView &a : deliveryOf(*engine, id, QStringLiteral("b")).history)
                starts.append(a.startedAtMs);
        }
        QVERIFY(starts.size() > ids.size());
        for (qsizetype i = 0; i + 1 < seen.size(); ++i) {
            const auto &[from, t] = seen.at(i);
            const qint64 until = seen.at(i + 1).first;
            const auto inPeriod = std::count_if(
                starts.begin(), starts.end(), [&](qint64 s) { return s > from && s < until; });
            if (t.to == BreakerState::Open)
                QVERIFY2(inPeriod == 0,
                    qPrintable(QStringLiteral("%1 attempts started while open").arg(inPeriod)));
            else if (t.to == BreakerState::HalfOpen)
                QVERIFY2(inPeriod <= 3,
                    qPrintable(
                        QStringLiteral("%1 attempts started while half-open").arg(inPeriod)));
        }
        // Transitions are in the store for operators.
        auto targets
            = engine->store().call<QList<StoredTarget>>([](Store &s) { return s.targets(); });
        QVERIFY(targets);
        QCOMPARE(targets->at(1).lastBreakerState, QStringLiteral("closed"));
        auto dead = engine->store().call<QList<DeadLetter>>([](Store &s) {
            DeadLetterSelection all;
            all.all = true;
            return s.deadLetters(all);
        });
        QVERIFY(dead);
        QCOMPARE(dead->size(), 0);
        QVERIFY(stopEngine(*engine));
    }

    void operatorResetClosesAnOpenBreaker()
    {
        m_b->setBehaviour([](const HttpExchange &) { return answer(503); });
        auto engine = startEngine({},
            QJsonObject {
                { QStringLiteral("breaker"),
                    QJsonObject { { QStringLiteral("window_size"), 10 },
                        { QStringLiteral("minimum_calls"), 10 },
                        { QStringLiteral("open_ms"), 600000 } } },
                { QStringLiteral("retry"),
                    QJsonObject { { QStringLiteral("base_delay_ms"), 10 },
                        { QStringLiteral("max_attempts"), 1000 } } },
            });
        QList<BreakerTransition> seen;
        connect(engine.get(), &Engine::breakerTransition, this,
            [&](const QString &, const BreakerTransition &t) { seen.append(t); });
        const QStringList ids = enqueue(*engine, 20);
        QTRY_VERIFY_WITH_TIMEOUT(!seen.isEmpty() && seen.last().to == BreakerState::Open, 5000);
        m_b->setBehaviour([](const HttpExchange &) { return answer(200); });
        bool done = false;
        engine->resetBreaker(
            QStringLiteral("b"), this, [&](const Result<void> &r) { done = r.has_value(); });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(seen.last().to == BreakerState::Closed, 5000);
        QCOMPARE(seen.last().reason, QStringLiteral("reset by an operator"));
        for (const QString &id : ids)
            QTRY_VERIFY_WITH_TIMEOUT(
                settled(*engine, id, QStringLiteral("b"), DeliveryState::Delivered), 10000);
        QVERIFY(stopEngine(*engine));
    }

    void rateLimitHoldsWithinTenPercent()
    {
        auto engine = startEngine(QJsonObject { { QStringLiteral("rate_limit"),
            QJsonObject {
                { QStringLiteral("per_second"), 40 }, { QStringLiteral("burst"), 1 } } } });
        const QStringList ids = enqueue(*engine, 400);
        QTest::qWait(5000);
        const int sent = m_a->requestCount();
        // 5 s at 40/s plus the burst of 1: 201, within 10 %.
        QVERIFY2(sent >= 181 && sent <= 221, qPrintable(QString::number(sent)));
        QVERIFY(m_b->requestCount() == 400); // the other target is not limited
        QVERIFY(stopEngine(*engine));
    }

    void stopDrainsInFlightRequests()
    {
        m_b->setBehaviour([](const HttpExchange &) {
            SimulatedResponse r = answer(200);
            r.delayMs = 500;
            return r;
        });
        auto engine = startEngine();
        const QStringList ids = enqueue(*engine, 10);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->requestCount(), 10, 5000);
        QVERIFY(stopEngine(*engine)); // the 500 ms answers arrive within the drain timeout
        auto store = SqliteStore::open(m_dir->storePath());
        QVERIFY(store);
        for (const QString &id : ids) {
            auto m = (*store)->message(id);
            QVERIFY(m);
            QCOMPARE(deliveryIn(*m, QStringLiteral("b")).state, DeliveryState::Delivered);
        }
    }

    void stopCancelsWhatDoesNotFinishAndKeepsItPending()
    {
        m_b->setBehaviour([](const HttpExchange &) {
            SimulatedResponse r;
            r.action = SimulatedResponse::Action::Hang;
            return r;
        });
        auto engine = startEngine();
        const QStringList ids = enqueue(*engine, 3);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->requestCount(), 3, 5000);
        QSignalSpy stopped(engine.get(), &Engine::stopped);
        engine->stop(200);
        QVERIFY(stopped.wait(10'000));
        auto store = SqliteStore::open(m_dir->storePath());
        QVERIFY(store);
        for (const QString &id : ids) {
            auto m = (*store)->message(id);
            QVERIFY(m);
            const DeliveryView &b = deliveryIn(*m, QStringLiteral("b"));
            QCOMPARE(b.state, DeliveryState::Pending); // back in the queue, not lost, not dead
            QCOMPARE(b.attempts, 0); // the engine's own cancellation is not the target's fault
        }
    }
};

QTEST_GUILESS_MAIN(tst_Dispatch)
#include "tst_dispatch.moc"
