// SPDX-License-Identifier: GPL-3.0-or-later
// What the console shows of a request and puts in "Copy as curl": every header a delivery
// sends, built by the real request code, with each kind of secret masked and absent from the
// text; the mapping applied to the body; a curl command whose quoting survives a payload with
// quotes and newlines, and which, run by a real shell and curl with the secret in a variable,
// delivers that exact payload to a real local target.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "app/demo/simulatedhttpserver.h"
#include "engine/dispatch/requesttemplate.h"
#include "tests/support/shellcommand.h"
#include "tests/support/testengine.h"
#include "tests/support/testjson.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using Tandem::TestJson::json;

namespace {

const QString Orders = QStringLiteral("orders");

ClaimedDelivery delivery(const QByteArray &payload)
{
    ClaimedDelivery d;
    d.deliveryId = 7;
    d.messageId = QStringLiteral("0190c0de-0000-7000-8000-000000000001");
    d.idempotencyKey = "order-42";
    d.traceId = "0af7651916cd43dd8448eb211c80319c";
    d.payload = payload;
    return d;
}

} // namespace

class tst_RequestPreview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secretsMasked_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("shown");
        QTest::addColumn<QString>("variable");
        QTest::addRow("bearer") << json("{'auth': {'kind': 'bearer', 'token': 'env:T'}}")
                                << QByteArray("Authorization")
                                << QByteArray("Bearer \u2022\u2022\u2022\u2022\u2022")
                                << QStringLiteral("TANDEM_TOKEN");
        QTest::addRow("basic") << json(
            "{'auth': {'kind': 'basic', 'username': 'ops', 'password': 'env:T'}}")
                               << QByteArray("Authorization")
                               << QByteArray("Basic \u2022\u2022\u2022\u2022\u2022")
                               << QStringLiteral("TANDEM_BASIC_AUTH");
        QTest::addRow("api key") << json(
            "{'auth': {'kind': 'api_key', 'header': 'X-Api-Key', 'key': 'env:T'}}")
                                 << QByteArray("X-Api-Key")
                                 << QByteArray("\u2022\u2022\u2022\u2022\u2022")
                                 << QStringLiteral("TANDEM_API_KEY");
        QTest::addRow("oauth") << json("{'auth': {'kind': 'oauth2_client_credentials', "
                                       "'token_url': 'http://127.0.0.1:9/token', "
                                       "'client_id': 'tandem', 'client_secret': 'env:T'}}")
                               << QByteArray("Authorization")
                               << QByteArray("Bearer \u2022\u2022\u2022\u2022\u2022")
                               << QStringLiteral("TANDEM_TOKEN");
        QTest::addRow("signature")
            << json("{'signing': {'secret': 'env:S'}}") << QByteArray("webhook-signature")
            << QByteArray("v1,\u2022\u2022\u2022\u2022\u2022")
            << QStringLiteral("TANDEM_SIGNATURE");
        QTest::addRow("static token header")
            << json("{'headers': {'X-Upstream-Token': 'abc123'}}") << QByteArray("X-Upstream-Token")
            << QByteArray("\u2022\u2022\u2022\u2022\u2022") << QStringLiteral("TANDEM_SECRET");
    }

    void secretsMasked()
    {
        QFETCH(QByteArray, config);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, shown);
        QFETCH(QString, variable);
        auto p = RequestTemplate::preview(
            target(Orders, QUrl(QStringLiteral("https://orders.example/v1/orders")),
                config.constData()),
            delivery("{\"order\":42}"), 1'700'000'000'000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().message));
        QCOMPARE(p->method, QByteArrayLiteral("POST"));
        QCOMPARE(p->url, QUrl(QStringLiteral("https://orders.example/v1/orders")));
        QCOMPARE(p->header(header), shown);
        // Every wire header of DESIGN.md §4, as a real attempt sends it.
        QCOMPARE(p->header("Content-Type"), QByteArrayLiteral("application/json"));
        QCOMPARE(p->header("Idempotency-Key"), QByteArrayLiteral("order-42"));
        QCOMPARE(p->header("X-Tandem-Message-Id"),
            QByteArrayLiteral("0190c0de-0000-7000-8000-000000000001"));
        QCOMPARE(p->header("X-Tandem-Attempt"), QByteArrayLiteral("1"));
        QVERIFY(p->header("User-Agent").startsWith("tandem/"));
        QVERIFY(p->header("traceparent").startsWith("00-0af7651916cd43dd8448eb211c80319c-"));
        const QString curl = p->toCurl();
        for (const QString &text : { p->headerText(), curl }) {
            QVERIFY2(!text.contains(u"tandem-preview-secret"), qPrintable(text));
            QVERIFY2(!text.contains(u"abc123"), qPrintable(text));
        }
        QVERIFY2(curl.contains(u'$' + variable), qPrintable(curl));
        QVERIFY(curl.contains(QStringLiteral("set %1 before running").arg(variable)));
    }

    void mappingAppliesToBody()
    {
        const TargetConfig mapped = target(Orders, QUrl(QStringLiteral("http://127.0.0.1:9/")),
            "{'mapping': {'fields': {'id': '/order/id'}}}");
        auto p = RequestTemplate::preview(
            mapped, delivery("{\"order\": {\"id\": 42, \"note\": \"x\"}}"), 1'700'000'000'000);
        QVERIFY(p);
        QCOMPARE(QJsonDocument::fromJson(p->body).object(),
            QJsonDocument::fromJson("{\"id\": 42}").object());
        auto missing
            = RequestTemplate::preview(mapped, delivery("{\"other\": 1}"), 1'700'000'000'000);
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(u"/order/id"));
    }

    void shellQuoting_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("quoted");
        QTest::addRow("plain") << QByteArray("abc") << QStringLiteral("'abc'");
        QTest::addRow("quote") << QByteArray("it's") << QStringLiteral("'it'\\''s'");
        QTest::addRow("dollar and backtick")
            << QByteArray("$HOME `id`") << QStringLiteral("'$HOME `id`'");
        QTest::addRow("newline") << QByteArray("a\nb") << QStringLiteral("'a\nb'");
    }

    void shellQuoting()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, quoted);
        QCOMPARE(shellQuoted(text), quoted);
        // And the shell reads it back as it was.
        const ShellResult r = runShell(QStringLiteral("printf '%s' ") + quoted);
        QVERIFY(r.finished);
        QCOMPARE(r.output, text);
    }

    void curlDeliversThePayload()
    {
        SimulatedHttpServer server([](const HttpExchange &) { return SimulatedResponse {}; });
        QVERIFY(server.listen() != 0);
        const QByteArray payload = "{\"note\": \"it's the customer's \\\"order\\\"\",\n \"lines\": "
                                   "[\"a\",\n \"$HOME\"]}";
        TargetConfig config = target(Orders, server.url(QStringLiteral("/orders")),
            "{'auth': {'kind': 'bearer', 'token': 'env:T'}}");
        config.headers.append(
            qMakePair(QByteArray("X-Team"), QByteArray("o'ps"))); // a quote in a header, too
        auto p = RequestTemplate::preview(config, delivery(payload), 1'700'000'000'000);
        QVERIFY(p);
        const QString curl = p->toCurl(QStringLiteral("dead letter 7 to orders\nsecond line"));
        QVERIFY(curl.startsWith(QStringLiteral("# dead letter 7 to orders\n# second line\n")));
        const ShellResult r
            = runShell(curl.trimmed() + QStringLiteral(" --silent --show-error --fail"),
                { { QStringLiteral("TANDEM_TOKEN"), QStringLiteral("s3cret-token") } });
        QVERIFY2(r.finished && r.exitCode == 0, r.errors.constData());
        const QList<HttpExchange> received = server.takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().method, QByteArrayLiteral("POST"));
        QCOMPARE(received.first().target, QByteArrayLiteral("/orders"));
        QCOMPARE(received.first().body, payload);
        QCOMPARE(
            received.first().header("Authorization"), QByteArrayLiteral("Bearer s3cret-token"));
        QCOMPARE(received.first().header("Idempotency-Key"), QByteArrayLiteral("order-42"));
        QCOMPARE(received.first().header("X-Team"), QByteArrayLiteral("o'ps"));
        QCOMPARE(received.first().header("Content-Type"), QByteArrayLiteral("application/json"));
    }
};

QTEST_GUILESS_MAIN(tst_RequestPreview)
#include "tst_requestpreview.moc"
