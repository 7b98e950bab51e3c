// SPDX-License-Identifier: GPL-3.0-or-later
// Target authentication, request signing and payload mapping against real local servers that
// check what they receive the way a real API would: the bearer token, the API-key header, basic
// auth, OAuth 2.0 client-credentials tokens from a local token endpoint (expiry, refresh, a 401
// after revocation), Standard Webhooks signatures verified here independently of the engine's
// signer, and per-target projections of the message. Secrets come from `env:` and `file:`
// references here; the keychain has its own test (tst_keychain).
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <sys/stat.h>

#include "app/demo/simulatedhttpserver.h"
#include "engine/log/eventlog.h"
#include "tests/support/testengine.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;

namespace {

SimulatedResponse answer(int status, const QByteArray &body = QByteArrayLiteral("{}"))
{
    SimulatedResponse r;
    r.status = status;
    r.body = body;
    return r;
}

// Verifies a Standard Webhooks signature header the way a receiver would, without the engine's
// code: HMAC-SHA256 over "id.timestamp.body" with the base64-decoded whsec_ key.
bool signatureMatches(const HttpExchange &e, const QByteArray &secret)
{
    const QByteArray key = QByteArray::fromBase64(secret.mid(int(qstrlen("whsec_"))));
    const QByteArray signed_
        = e.header("webhook-id") + '.' + e.header("webhook-timestamp") + '.' + e.body;
    const QByteArray expected = "v1,"
        + QMessageAuthenticationCode::hash(signed_, key, QCryptographicHash::Sha256).toBase64();
    const QList<QByteArray> sent = e.header("webhook-signature").split(' ');
    return sent.contains(expected);
}

QJsonObject object(std::initializer_list<QPair<QString, QJsonValue>> fields)
{
    return QJsonObject(fields);
}

} // namespace

class tst_Credentials : public QObject
{
    Q_OBJECT

private:
    QJsonObject target(const QString &name, const SimulatedHttpServer &server)
    {
        return object({ { QStringLiteral("name"), name },
            { QStringLiteral("url"), server.url(QStringLiteral("/in")).toString() },
            { QStringLiteral("retry"),
                object({ { QStringLiteral("max_attempts"), 3 },
                    { QStringLiteral("base_delay_ms"), 50 },
                    { QStringLiteral("max_delay_ms"), 100 } }) },
            { QStringLiteral("breaker"), object({ { QStringLiteral("enabled"), false } }) } });
    }

    std::unique_ptr<Engine> start(const QList<QJsonObject> &targets, EngineOptions options = {})
    {
        QList<TargetConfig> configs;
        for (const QJsonObject &t : targets)
            configs.append(targetConfig(t));
        return startEngine(
            m_dir->filePath(QStringLiteral("tandem.db")), configs, std::move(options));
    }

    QString writeSecretFile(const QString &name, const QByteArray &content, mode_t mode)
    {
        const QString path = m_dir->filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        f.close();
        ::chmod(QFile::encodeName(path).constData(), mode);
        return path;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SimulatedHttpServer> m_server;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_server = std::make_unique<SimulatedHttpServer>(
            [](const HttpExchange &) { return answer(200); });
        QVERIFY(m_server->listen() != 0);
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
        qunsetenv("TANDEM_TEST_SECRET");
    }

    void staticCredentials_data()
    {
        QTest::addColumn<QJsonObject>("auth");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("bearer") << object({ { QStringLiteral("kind"), QStringLiteral("bearer") },
            { QStringLiteral("token"), QStringLiteral("env:TANDEM_TEST_SECRET") } })
                                << QByteArray("Authorization") << QByteArray("Bearer s3cr3t-t0ken");
        QTest::addRow("api key") << object({ { QStringLiteral("kind"), QStringLiteral("api_key") },
            { QStringLiteral("header"), QStringLiteral("X-Inventory-Key") },
            { QStringLiteral("key"), QStringLiteral("env:TANDEM_TEST_SECRET") } })
                                 << QByteArray("X-Inventory-Key") << QByteArray("s3cr3t-t0ken");
        QTest::addRow("basic") << object({ { QStringLiteral("kind"), QStringLiteral("basic") },
            { QStringLiteral("username"), QStringLiteral("ops") },
            { QStringLiteral("password"), QStringLiteral("env:TANDEM_TEST_SECRET") } })
                               << QByteArray("Authorization")
                               << QByteArray("Basic " + QByteArray("ops:s3cr3t-t0ken").toBase64());
    }

    void staticCredentials()
    {
        QFETCH(QJsonObject, auth);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, expected);
        qputenv("TANDEM_TEST_SECRET", "s3cr3t-t0ken");
        // The target refuses anything but the right credentials, as a real API would.
        m_server->setBehaviour([header, expected](const HttpExchange &e) {
            return e.header(header) == expected ? answer(200) : answer(401);
        });
        QJsonObject t = target(QStringLiteral("inventory"), *m_server);
        t.insert(QStringLiteral("auth"), auth);
        auto engine = start({ t });
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{\"order\":1}") }, this);
        QCOMPARE(ids.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("inventory")).state,
            DeliveryState::Delivered, 10'000);
        QCOMPARE(deliveryOf(*engine, ids[0], QStringLiteral("inventory")).attempts, 1);
        QVERIFY(stopEngine(*engine));
    }

    void wrongTokenDeadLettersSayingAuthenticationFailed()
    {
        qputenv("TANDEM_TEST_SECRET", "wrong-token");
        m_server->setBehaviour([](const HttpExchange &e) {
            return e.header("Authorization") == "Bearer right-token" ? answer(200) : answer(401);
        });
        QJsonObject t = target(QStringLiteral("ledger"), *m_server);
        t.insert(QStringLiteral("auth"),
            object({ { QStringLiteral("kind"), QStringLiteral("bearer") },
                { QStringLiteral("token"), QStringLiteral("env:TANDEM_TEST_SECRET") } }));
        auto engine = start({ t });
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("ledger")).state,
            DeliveryState::Dead, 10'000);
        const DeliveryView d = deliveryOf(*engine, ids[0], QStringLiteral("ledger"));
        QCOMPARE(d.lastStatus, 401);
        QVERIFY2(d.deadReason.contains(QStringLiteral("authentication failed")),
            qPrintable(d.deadReason));
        QCOMPARE(d.attempts, 1); // a 401 is not retried: the credentials are wrong
        QVERIFY(stopEngine(*engine));
    }

    void missingSecretHoldsUntilSet()
    {
        QJsonObject t = target(QStringLiteral("mailer"), *m_server);
        t.insert(QStringLiteral("auth"),
            object({ { QStringLiteral("kind"), QStringLiteral("bearer") } }));
        auto engine = start({ t });
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_VERIFY_WITH_TIMEOUT(metricsOf(*engine, QStringLiteral("mailer"))
                                     .heldReason.contains(QStringLiteral("auth.token is not set")),
            10'000);
        QCOMPARE(m_server->requestCount(), 0); // never sent without its credentials
        QCOMPARE(
            deliveryOf(*engine, ids[0], QStringLiteral("mailer")).state, DeliveryState::Pending);

        qputenv("TANDEM_TEST_SECRET", "now-set");
        auto set = engine->store().call<void>([](Store &s) -> Result<void> {
            auto targets = s.targets();
            if (!targets)
                return fail(targets.error());
            TargetConfig c = targets->first().config;
            c.auth.secret = QStringLiteral("env:TANDEM_TEST_SECRET");
            return s.updateTarget(c);
        });
        QVERIFY2(set.has_value(), set ? "" : qPrintable(set.error().message));
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("mailer")).state,
            DeliveryState::Delivered, 10'000);
        const QList<HttpExchange> received = m_server->takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().header("Authorization"), QByteArray("Bearer now-set"));
        QTRY_VERIFY_WITH_TIMEOUT(
            metricsOf(*engine, QStringLiteral("mailer")).heldReason.isEmpty(), 5000);
        QVERIFY(stopEngine(*engine));
    }

    void looselyProtectedSecretFileIsRefusedUntilFixed()
    {
        const QString path = writeSecretFile(QStringLiteral("token"), "file-token\n", 0644);
        m_server->setBehaviour([](const HttpExchange &e) {
            return e.header("Authorization") == "Bearer file-token" ? answer(200) : answer(401);
        });
        QJsonObject t = target(QStringLiteral("fraud"), *m_server);
        t.insert(QStringLiteral("auth"),
            object({ { QStringLiteral("kind"), QStringLiteral("bearer") },
                { QStringLiteral("token"), QString(QStringLiteral("file:") + path) } }));
        EngineOptions options;
        options.credentialRetryMs = 200;
        auto engine = start({ t }, options);
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_VERIFY_WITH_TIMEOUT(
            metricsOf(*engine, QStringLiteral("fraud")).heldReason.contains(QStringLiteral("0644")),
            10'000);
        QVERIFY(!metricsOf(*engine, QStringLiteral("fraud"))
                     .heldReason.contains(QStringLiteral("file-token")));
        QCOMPARE(m_server->requestCount(), 0);

        ::chmod(QFile::encodeName(path).constData(), 0600); // the operator fixes it
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("fraud")).state,
            DeliveryState::Delivered, 10'000);
        QVERIFY(stopEngine(*engine));
    }

    void oauthTokenIsFetchedCachedAndRefreshed()
    {
        // The token endpoint checks the client credentials and issues short-lived tokens; the
        // target accepts only tokens issued and not yet expired or revoked.
        struct Issued
        {
            QByteArray token;
            qint64 expiresAtMs;
        };
        QList<Issued> issued;
        QSet<QByteArray> revoked;
        int tokenRequests = 0;
        SimulatedHttpServer tokenEndpoint([&](const HttpExchange &e) {
            ++tokenRequests;
            const QUrlQuery form(QString::fromUtf8(e.body));
            if (e.header("Authorization")
                    != "Basic " + QByteArray("tandem-app:client-s3cret").toBase64()
                || form.queryItemValue(QStringLiteral("grant_type"), QUrl::FullyDecoded)
                    != u"client_credentials"
                || form.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded)
                    != u"orders:write")
                return answer(401, QByteArrayLiteral("{\"error\":\"invalid_client\"}"));
            const QByteArray token = "tok-" + QByteArray::number(issued.size() + 1);
            issued.append({ token, QDateTime::currentMSecsSinceEpoch() + 1000 });
            return answer(200,
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":1}");
        });
        QVERIFY(tokenEndpoint.listen() != 0);
        m_server->setBehaviour([&](const HttpExchange &e) {
            const QByteArray auth = e.header("Authorization");
            for (const Issued &i : std::as_const(issued)) {
                if (auth == "Bearer " + i.token && !revoked.contains(i.token)
                    && QDateTime::currentMSecsSinceEpoch() < i.expiresAtMs)
                    return answer(200);
            }
            return answer(401);
        });
        qputenv("TANDEM_TEST_SECRET", "client-s3cret");
        QJsonObject t = target(QStringLiteral("logistics"), *m_server);
        t.insert(QStringLiteral("auth"),
            object({ { QStringLiteral("kind"), QStringLiteral("oauth2_client_credentials") },
                { QStringLiteral("token_url"),
                    tokenEndpoint.url(QStringLiteral("/oauth/token")).toString() },
                { QStringLiteral("client_id"), QStringLiteral("tandem-app") },
                { QStringLiteral("client_secret"), QStringLiteral("env:TANDEM_TEST_SECRET") },
                { QStringLiteral("scope"), QStringLiteral("orders:write") } }));
        auto engine = start({ t });

        // Ten messages at once share one token.
        QList<QByteArray> payloads(10, QByteArrayLiteral("{}"));
        const QStringList first = enqueue(*engine, payloads, this);
        for (const QString &id : first)
            QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, id, QStringLiteral("logistics")).state,
                DeliveryState::Delivered, 10'000);
        QCOMPARE(tokenRequests, 1);

        // The token expires after a second: later messages go out with a fresh one, without a
        // single 401 (it is refreshed before it expires).
        QStringList later;
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (tokenRequests >= 2)
                    return true;
                later += enqueue(*engine, { QByteArrayLiteral("{}") }, this);
                return false;
            },
            10'000));
        for (const QString &id : std::as_const(later))
            QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, id, QStringLiteral("logistics")).state,
                DeliveryState::Delivered, 10'000);

        // Revoked server-side: the 401 triggers one refresh and the delivery goes through.
        for (const Issued &i : std::as_const(issued))
            revoked.insert(i.token);
        const int before = tokenRequests;
        const QStringList afterRevocation = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(
            deliveryOf(*engine, afterRevocation[0], QStringLiteral("logistics")).state,
            DeliveryState::Delivered, 10'000);
        const DeliveryView d = deliveryOf(*engine, afterRevocation[0], QStringLiteral("logistics"));
        QCOMPARE(d.history.size(), 2);
        QCOMPARE(d.history.at(0).status, 401);
        QCOMPARE(d.history.at(1).status, 200);
        QVERIFY(tokenRequests > before);
        QVERIFY(stopEngine(*engine));
        m_server->setBehaviour(
            [](const HttpExchange &) { return answer(200); }); // drops our locals
    }

    void oauthRefusedClientSecretDeadLetters()
    {
        SimulatedHttpServer tokenEndpoint([](const HttpExchange &) {
            return answer(401,
                QByteArrayLiteral(
                    "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}"));
        });
        QVERIFY(tokenEndpoint.listen() != 0);
        qputenv("TANDEM_TEST_SECRET", "not-the-secret");
        QJsonObject t = target(QStringLiteral("logistics"), *m_server);
        t.insert(QStringLiteral("auth"),
            object({ { QStringLiteral("kind"), QStringLiteral("oauth2_client_credentials") },
                { QStringLiteral("token_url"),
                    tokenEndpoint.url(QStringLiteral("/token")).toString() },
                { QStringLiteral("client_id"), QStringLiteral("tandem-app") },
                { QStringLiteral("client_secret"), QStringLiteral("env:TANDEM_TEST_SECRET") } }));
        auto engine = start({ t });
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("logistics")).state,
            DeliveryState::Dead, 10'000);
        const DeliveryView d = deliveryOf(*engine, ids[0], QStringLiteral("logistics"));
        QVERIFY2(d.deadReason.contains(QStringLiteral("authentication failed")),
            qPrintable(d.deadReason));
        QVERIFY2(d.deadReason.contains(QStringLiteral("invalid_client")), qPrintable(d.deadReason));
        QVERIFY(!d.deadReason.contains(QStringLiteral("not-the-secret")));
        QCOMPARE(m_server->requestCount(), 0); // nothing went to the target without a token
        QVERIFY(stopEngine(*engine));
    }

    void signaturesVerifyAndRotationSendsBoth()
    {
        const QByteArray oldSecret = "whsec_" + QByteArray("old-signing-key-0123456789").toBase64();
        const QByteArray newSecret = "whsec_" + QByteArray("new-signing-key-9876543210").toBase64();
        qputenv("TANDEM_TEST_SECRET", newSecret);
        qputenv("TANDEM_TEST_OLD_SECRET", oldSecret);
        auto cleanup = qScopeGuard([] { qunsetenv("TANDEM_TEST_OLD_SECRET"); });
        QJsonObject t = target(QStringLiteral("hooks"), *m_server);
        t.insert(QStringLiteral("signing"),
            object({ { QStringLiteral("secret"), QStringLiteral("env:TANDEM_TEST_SECRET") },
                { QStringLiteral("previous_secret"), QStringLiteral("env:TANDEM_TEST_OLD_SECRET") },
                { QStringLiteral("previous_until"),
                    QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate) } }));
        auto engine = start({ t });
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{\"amount\":12.5}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("hooks")).state,
            DeliveryState::Delivered, 10'000);
        QList<HttpExchange> received = m_server->takeReceived();
        QCOMPARE(received.size(), 1);
        const HttpExchange &e = received.first();
        QCOMPARE(e.header("webhook-id"), ids[0].toLatin1());
        QVERIFY(
            qAbs(e.header("webhook-timestamp").toLongLong() - QDateTime::currentSecsSinceEpoch())
            < 60);
        QCOMPARE(e.header("webhook-signature").split(' ').size(), 2);
        QVERIFY(signatureMatches(e, newSecret));
        QVERIFY(signatureMatches(e, oldSecret)); // a receiver still on the old secret accepts it
        QVERIFY(!signatureMatches(e, "whsec_" + QByteArray("someone-else").toBase64()));

        // The grace period over: only the new secret signs.
        auto ended = engine->store().call<void>([](Store &s) -> Result<void> {
            auto targets = s.targets();
            if (!targets)
                return fail(targets.error());
            TargetConfig c = targets->first().config;
            c.signing.previousUntilMs = QDateTime::currentMSecsSinceEpoch() - 1000;
            return s.updateTarget(c);
        });
        QVERIFY(ended.has_value());
        QSignalSpy reconfigured(engine.get(), &Engine::targetReconfigured);
        QVERIFY(reconfigured.wait(5000));
        QCOMPARE(reconfigured.first().at(1).toStringList(),
            QStringList { QStringLiteral("signing.previous_until") });
        const QStringList more = enqueue(*engine, { QByteArrayLiteral("{\"amount\":1}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, more[0], QStringLiteral("hooks")).state,
            DeliveryState::Delivered, 10'000);
        received = m_server->takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().header("webhook-signature").split(' ').size(), 1);
        QVERIFY(signatureMatches(received.first(), newSecret));
        QVERIFY(stopEngine(*engine));
    }

    void mappingProjectsPerTargetAndDeadLettersOnlyTheOneLacking()
    {
        SimulatedHttpServer mailer([](const HttpExchange &) { return answer(200); });
        QVERIFY(mailer.listen() != 0);
        QJsonObject users = target(QStringLiteral("users"), *m_server);
        users.insert(QStringLiteral("mapping"),
            object({ { QStringLiteral("fields"),
                object({ { QStringLiteral("user"), QStringLiteral("/user") } }) } }));
        QJsonObject mail = target(QStringLiteral("mailer"), mailer);
        mail.insert(QStringLiteral("mapping"),
            object({ { QStringLiteral("fields"),
                         object({ { QStringLiteral("email"), QStringLiteral("/user/email") },
                             { QStringLiteral("preferences"), QStringLiteral("/preferences") } }) },
                { QStringLiteral("constants"),
                    object({ { QStringLiteral("template"), QStringLiteral("welcome") } }) } }));
        auto engine = start({ users, mail });
        const QStringList ids = enqueue(*engine,
            { QByteArrayLiteral("{\"user\":{\"id\":7,\"email\":\"a@example.com\"},\"preferences\":{"
                                "\"lang\":\"de\"},\"internal\":1}"),
                QByteArrayLiteral("{\"user\":{\"id\":8,\"email\":\"b@example.com\"}}") },
            this);
        QCOMPARE(ids.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("mailer")).state,
            DeliveryState::Delivered, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[1], QStringLiteral("users")).state,
            DeliveryState::Delivered, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[1], QStringLiteral("mailer")).state,
            DeliveryState::Dead, 10'000);
        const DeliveryView dead = deliveryOf(*engine, ids[1], QStringLiteral("mailer"));
        QVERIFY2(dead.deadReason.contains(QStringLiteral("\"/preferences\"")),
            qPrintable(dead.deadReason));
        QVERIFY2(dead.deadReason.contains(QStringLiteral("mapping")), qPrintable(dead.deadReason));
        QCOMPARE(
            deliveryOf(*engine, ids[0], QStringLiteral("users")).state, DeliveryState::Delivered);

        const QList<HttpExchange> toMailer = mailer.takeReceived();
        QCOMPARE(toMailer.size(), 1);
        QCOMPARE(QJsonDocument::fromJson(toMailer.first().body).object(),
            QJsonDocument::fromJson("{\"email\":\"a@example.com\",\"preferences\":{\"lang\":\"de\"}"
                                    ",\"template\":\"welcome\"}")
                .object());
        const QList<HttpExchange> toUsers = m_server->takeReceived();
        QCOMPARE(toUsers.size(), 2);
        for (const HttpExchange &e : toUsers) {
            const QJsonObject body = QJsonDocument::fromJson(e.body).object();
            QCOMPARE(body.keys(), QStringList { QStringLiteral("user") });
        }
        QVERIFY(stopEngine(*engine));
    }

    void reconfigurationIsLoggedWithoutSecrets()
    {
        qputenv("TANDEM_TEST_SECRET", "very-secret-value");
        QJsonObject t = target(QStringLiteral("inventory"), *m_server);
        t.insert(QStringLiteral("auth"),
            object({ { QStringLiteral("kind"), QStringLiteral("bearer") },
                { QStringLiteral("token"), QStringLiteral("env:TANDEM_TEST_SECRET") } }));
        auto engine = start({ t });
        EventLog log({ m_dir->filePath(QStringLiteral("logs")) });
        QVERIFY(log.open().has_value());
        log.attach(*engine);
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("inventory")).state,
            DeliveryState::Delivered, 10'000);
        QSignalSpy reconfigured(engine.get(), &Engine::targetReconfigured);
        auto changed = engine->store().call<void>([](Store &s) -> Result<void> {
            auto targets = s.targets();
            if (!targets)
                return fail(targets.error());
            TargetConfig c = targets->first().config;
            c.retry.maxAttempts = 5;
            c.auth.secret = QStringLiteral("env:TANDEM_TEST_OTHER");
            return s.updateTarget(c);
        });
        QVERIFY(changed.has_value());
        QVERIFY(reconfigured.wait(5000));
        QCOMPARE(reconfigured.first().at(1).toStringList(),
            (QStringList { QStringLiteral("auth.token"), QStringLiteral("retry.max_attempts") }));
        QFile f(m_dir->filePath(QStringLiteral("logs/tandem.log")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("\"target.reconfigured\""));
        QVERIFY(text.contains("retry.max_attempts"));
        QVERIFY(!text.contains("very-secret-value"));
        QVERIFY(stopEngine(*engine));
    }
};

QTEST_GUILESS_MAIN(tst_Credentials)
#include "tst_credentials.moc"
