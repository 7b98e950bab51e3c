// SPDX-License-Identifier: GPL-3.0-or-later
#include <functional>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "engine/core/targetconfig.h"
#include "tests/support/resultcheck.h"
#include "tests/support/testjson.h"

using namespace Tandem;
using Tandem::Testing::problem;

namespace {

using Edit = std::function<void(TargetConfig &)>;

// Test JSON is written with single quotes, which keeps it readable without raw string literals
// (moc's tokenizer does not cope with all of them). No test value contains a quote itself.
using Tandem::TestJson::json;

const QByteArray kMinimal
    = json("{'name': 'inventory', 'url': 'https://inventory.internal/orders'}");

// Every field set, none to its default.
const QByteArray kFull
    = json("{\n"
           "    'name': 'ledger-eu_2',\n"
           "    'url': 'https://ledger.example.com:8443/v2/entries?tenant=ops',\n"
           "    'method': 'PUT',\n"
           "    'headers': {'X-Team': 'ops', 'Accept-Language': 'de'},\n"
           "    'enabled': false,\n"
           "    'http2': 'off',\n"
           "    'timeouts': {'connect_ms': 2000, 'attempt_ms': 20000},\n"
           "    'retry': {'max_attempts': 5, 'base_delay_ms': 250, 'multiplier': 1.5, "
           "'max_delay_ms': 30000,\n"
           "              'jitter': 'equal', 'max_age_s': 3600, 'retry_on': [503, 429]},\n"
           "    'concurrency': 8\n"
           "}");

QJsonObject object(const QByteArray &text)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json(text.constData()), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("test data is not a JSON object: %s", text.constData());
    return doc.object();
}

QStringList sortedKeys(const QJsonObject &o)
{
    QStringList keys = o.keys();
    keys.sort();
    return keys;
}

} // namespace

class tst_TargetConfig : public QObject
{
    Q_OBJECT

private slots:
    void changedFieldsNameWhatDiffers();
    void secretSlotsListEveryReference();
    void minimalGetsDefaults();
    void everyFieldIsRead();
    void toJsonWritesEveryField();
    void roundTrip_data();
    void roundTrip();
    void invalid_data();
    void invalid();
    void hugeNumberNotReportedAsNegative_data();
    void hugeNumberNotReportedAsNegative();
    void credentialsNotEchoed();
    void document();
    void documentRoundTrip();
    void invalidDocument_data();
    void invalidDocument();
    void patchChangesOnlyGivenKeys_data();
    void patchChangesOnlyGivenKeys();
    void patchRefusesRenaming_data();
    void patchRefusesRenaming();
    void patchValidatesTheWhole_data();
    void patchValidatesTheWhole();
};

void tst_TargetConfig::minimalGetsDefaults()
{
    const Result<TargetConfig> t = TargetConfig::fromJson(object(kMinimal));
    QVERIFY2(t.has_value(), qPrintable(problem(t)));

    QCOMPARE(t->name, QStringLiteral("inventory"));
    QCOMPARE(t->url, QUrl(QStringLiteral("https://inventory.internal/orders")));
    // The documented defaults (DESIGN.md §4).
    QCOMPARE(t->method, QByteArrayLiteral("POST"));
    QVERIFY(t->headers.isEmpty());
    QCOMPARE(t->enabled, true);
    QCOMPARE(t->http2, Http2Mode::Auto);
    QCOMPARE(t->connectTimeoutMs, 5000);
    QCOMPARE(t->attemptTimeoutMs, 30000);
    QCOMPARE(t->concurrency, 64);
    QCOMPARE(t->retry.maxAttempts, 12);
    QCOMPARE(t->retry.baseDelayMs, 1000);
    QCOMPARE(t->retry.multiplier, 2.0);
    QCOMPARE(t->retry.maxDelayMs, 600000);
    QCOMPARE(t->retry.jitter, Jitter::Full);
    QCOMPARE(t->retry.maxAgeS, 86400);
    QCOMPARE(t->retry.retryOn, (QList<int> { 408, 425, 429, 500, 502, 503, 504 }));
}

void tst_TargetConfig::everyFieldIsRead()
{
    const Result<TargetConfig> t = TargetConfig::fromJson(object(kFull));
    QVERIFY2(t.has_value(), qPrintable(problem(t)));

    QCOMPARE(t->name, QStringLiteral("ledger-eu_2"));
    QCOMPARE(t->url, QUrl(QStringLiteral("https://ledger.example.com:8443/v2/entries?tenant=ops")));
    QCOMPARE(t->method, QByteArrayLiteral("PUT"));
    QCOMPARE(t->headers.size(), 2);
    QVERIFY(t->headers.contains(qMakePair(QByteArrayLiteral("X-Team"), QByteArrayLiteral("ops"))));
    QVERIFY(t->headers.contains(
        qMakePair(QByteArrayLiteral("Accept-Language"), QByteArrayLiteral("de"))));
    QCOMPARE(t->enabled, false);
    QCOMPARE(t->http2, Http2Mode::Off);
    QCOMPARE(t->connectTimeoutMs, 2000);
    QCOMPARE(t->attemptTimeoutMs, 20000);
    QCOMPARE(t->concurrency, 8);
    QCOMPARE(t->retry.maxAttempts, 5);
    QCOMPARE(t->retry.baseDelayMs, 250);
    QCOMPARE(t->retry.multiplier, 1.5);
    QCOMPARE(t->retry.maxDelayMs, 30000);
    QCOMPARE(t->retry.jitter, Jitter::Equal);
    QCOMPARE(t->retry.maxAgeS, 3600);
    QCOMPARE(t->retry.retryOn, (QList<int> { 429, 503 }));

    // A lower-case method is accepted and normalised.
    const Result<TargetConfig> patch
        = TargetConfig::fromJson(object("{'name': 'a', 'url': 'http://127.0.0.1:8080/', 'method': "
                                        "'patch', 'http2': 'prior_knowledge'}"));
    QVERIFY2(patch.has_value(), qPrintable(problem(patch)));
    QCOMPARE(patch->method, QByteArrayLiteral("PATCH"));
    QCOMPARE(patch->http2, Http2Mode::PriorKnowledge);
}

void tst_TargetConfig::toJsonWritesEveryField()
{
    const Result<TargetConfig> t = TargetConfig::fromJson(object(kMinimal));
    QVERIFY2(t.has_value(), qPrintable(problem(t)));
    const QJsonObject json = t->toJson();

    QCOMPARE(sortedKeys(json),
        (QStringList { QStringLiteral("adaptive_concurrency"), QStringLiteral("auth"),
            QStringLiteral("breaker"), QStringLiteral("concurrency"), QStringLiteral("enabled"),
            QStringLiteral("headers"), QStringLiteral("http2"), QStringLiteral("mapping"),
            QStringLiteral("method"), QStringLiteral("name"), QStringLiteral("ordering"),
            QStringLiteral("ordering_on_dead"), QStringLiteral("rate_limit"),
            QStringLiteral("retry"), QStringLiteral("retry_budget"), QStringLiteral("signing"),
            QStringLiteral("timeouts"), QStringLiteral("tls"), QStringLiteral("url") }));
    QCOMPARE(json.value(QStringLiteral("auth")).toObject(),
        (QJsonObject { { QStringLiteral("kind"), QStringLiteral("none") } }));
    QVERIFY(json.value(QStringLiteral("signing")).isNull());
    QVERIFY(json.value(QStringLiteral("mapping")).isNull());
    QCOMPARE(json.value(QStringLiteral("ordering")).toString(), QStringLiteral("none"));
    QCOMPARE(json.value(QStringLiteral("ordering_on_dead")).toString(), QStringLiteral("block"));
    QCOMPARE(sortedKeys(json.value(QStringLiteral("timeouts")).toObject()),
        (QStringList { QStringLiteral("attempt_ms"), QStringLiteral("connect_ms") }));
    QCOMPARE(sortedKeys(json.value(QStringLiteral("retry")).toObject()),
        (QStringList { QStringLiteral("base_delay_ms"), QStringLiteral("jitter"),
            QStringLiteral("max_age_s"), QStringLiteral("max_attempts"),
            QStringLiteral("max_delay_ms"), QStringLiteral("multiplier"),
            QStringLiteral("retry_on") }));

    // Defaults are written out, so an export shows what is in force.
    QCOMPARE(json.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(json.value(QStringLiteral("http2")).toString(), QStringLiteral("auto"));
    QCOMPARE(json.value(QStringLiteral("enabled")).toBool(false), true);
    QCOMPARE(json.value(QStringLiteral("concurrency")).toInt(), 64);
    const QJsonObject timeouts = json.value(QStringLiteral("timeouts")).toObject();
    QCOMPARE(timeouts.value(QStringLiteral("connect_ms")).toInt(), 5000);
    QCOMPARE(timeouts.value(QStringLiteral("attempt_ms")).toInt(), 30000);
    const QJsonObject retry = json.value(QStringLiteral("retry")).toObject();
    QCOMPARE(retry.value(QStringLiteral("jitter")).toString(), QStringLiteral("full"));
    QCOMPARE(retry.value(QStringLiteral("max_attempts")).toInt(), 12);
    QCOMPARE(retry.value(QStringLiteral("base_delay_ms")).toInteger(), 1000);
    QCOMPARE(retry.value(QStringLiteral("multiplier")).toDouble(), 2.0);
    QCOMPARE(retry.value(QStringLiteral("max_delay_ms")).toInteger(), 600000);
    QCOMPARE(retry.value(QStringLiteral("max_age_s")).toInteger(), 86400);
    QCOMPARE(retry.value(QStringLiteral("retry_on")).toArray(),
        (QJsonArray { 408, 425, 429, 500, 502, 503, 504 }));
}

void tst_TargetConfig::roundTrip_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::addRow("minimal") << kMinimal;
    QTest::addRow("every field") << kFull;
    QTest::addRow("h2c, IPv4 and port")
        << json("{'name': 'a', 'url': 'http://127.0.0.1:8080/hook', 'http2': 'prior_knowledge'}");
    QTest::addRow("IPv6 host") << json("{'name': 'a', 'url': 'https://[::1]:8443/x'}");
    QTest::addRow("encoded query")
        << json("{'name': 'a', 'url': 'https://example.com/x?q=a%2Fb&r=1%2B1'}");
    QTest::addRow("encoded space in path")
        << json("{'name': 'a', 'url': 'https://example.com/order%20items'}");
    QTest::addRow("non-ASCII path")
        << json("{'name': 'a', 'url': 'https://example.com/caf%C3%A9'}");
    QTest::addRow("non-ASCII header value")
        << json("{'name': 'a', 'url': 'https://example.com/', 'headers': {'X-Greeting': 'Grüße'}}");
    QTest::addRow("nothing retryable by status")
        << json("{'name': 'a', 'url': 'https://example.com/', 'retry': {'retry_on': "
                "[], 'jitter': 'decorrelated'}}");
    QTest::addRow("extremes") << json("{'name': 'a', 'url': 'https://example.com/',"
                                      " 'timeouts': {'connect_ms': 1, 'attempt_ms': 3600000},"
                                      " 'concurrency': 4096,"
                                      " 'retry': {'max_attempts': 1000, 'base_delay_ms': 0,"
                                      "           'max_delay_ms': 86400000, 'multiplier': 100,"
                                      "           'max_age_s': 31536000, 'jitter': 'none',"
                                      "           'retry_on': [300, 599]}}");
    QTest::addRow("bearer, signing in rotation, mTLS, mapping") << json(
        "{'name': 'a', 'url': 'https://example.com/',"
        " 'auth': {'kind': 'bearer', 'token': 'keychain:0d6f7c1e-1'},"
        " 'signing': {'secret': 'env:SIGN_NEW', 'previous_secret': 'file:/etc/tandem/old',"
        "             'previous_until': '2026-11-24T12:00:00Z'},"
        " 'tls': {'ca_file': '/etc/tandem/ca.pem', 'client_certificate': '/etc/tandem/c.pem',"
        "         'client_key': 'keychain:k-2'},"
        " 'mapping': {'fields': {'email': '/user/email'}, 'constants': {'v': 2}}}");
    QTest::addRow("api key") << json(
        "{'name': 'a', 'url': 'https://example.com/',"
        " 'auth': {'kind': 'api_key', 'header': 'X-Key', 'key': 'env:K'}}");
    QTest::addRow("basic, secret not set yet")
        << json("{'name': 'a', 'url': 'https://example.com/', 'auth': {'kind': 'basic', "
                "'username': 'ops'}}");
    QTest::addRow("oauth") << json("{'name': 'a', 'url': 'https://example.com/',"
                                   " 'auth': {'kind': 'oauth2_client_credentials', 'token_url':"
                                   " 'https://id.example.com/token', 'client_id': 'tandem',"
                                   " 'client_secret': 'keychain:x', 'scope': 'a b'}}");
}

void tst_TargetConfig::roundTrip()
{
    QFETCH(QByteArray, json);

    const Result<TargetConfig> t = TargetConfig::fromJson(object(json));
    QVERIFY2(t.has_value(), qPrintable(problem(t)));
    const QJsonObject exported = t->toJson();
    const Result<TargetConfig> again = TargetConfig::fromJson(exported);
    QVERIFY2(again.has_value(), qPrintable(problem(again)));
    QCOMPARE(*again, *t);
    QCOMPARE(again->toJson(), exported);
}

void tst_TargetConfig::invalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("path"); ///< the message starts with "path:"
    QTest::addColumn<QString>("detail"); ///< and also contains this

    const QString top;
    const QString second = QStringLiteral("targets[1]");
    auto row = [](const char *name, const char *text, const QString &where, const char *path,
                   const char *detail) {
        QTest::newRow(name) << json(text) << where << QString::fromUtf8(path)
                            << QString::fromUtf8(detail);
    };

    // URL
    row("url: ftp scheme", "{'name': 'a', 'url': 'ftp://example.com/x'}", top, "url",
        "ftp://example.com/x");
    row("url: no host", "{'name': 'a', 'url': 'http:///orders'}", top, "url", "http:///orders");
    row("url: not a URL", "{'name': 'a', 'url': 'inventory'}", top, "url", "inventory");
    row("url: credentials", "{'name': 'a', 'url': 'https://user:pass@example.com/'}", top, "url",
        "credentials");
    row("url: user only", "{'name': 'a', 'url': 'https://user@example.com/'}", top, "url",
        "credentials");
    row("url: fragment", "{'name': 'a', 'url': 'https://example.com/x#top'}", top, "url", "#top");
    row("url: empty fragment", "{'name': 'a', 'url': 'https://example.com/x#'}", top, "url",
        "fragment");
    row("url: not a string", "{'name': 'a', 'url': 5}", top, "url", "string");
    row("url: missing", "{'name': 'a'}", top, "target", "\"url\"");
    row("url: in a document", "{'name': 'a', 'url': 'ftp://example.com/'}", second,
        "targets[1].url", "ftp");

    // name
    row("name: missing", "{'url': 'https://example.com/'}", top, "target", "\"name\"");
    row("name: missing in a document", "{'url': 'https://example.com/'}", second, "targets[1]",
        "\"name\"");
    row("name: space", "{'name': 'my target', 'url': 'https://example.com/'}", top, "name",
        "my target");
    row("name: leading dash", "{'name': '-a', 'url': 'https://example.com/'}", top, "name", "-a");
    row("name: 64 characters",
        "{'name': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'url': "
        "'https://example.com/'}",
        top, "name", "aaaa");
    row("name: not a string", "{'name': 7, 'url': 'https://example.com/'}", top, "name", "string");

    // timeouts
    row("connect_ms: negative",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'connect_ms': -5}}", top,
        "timeouts.connect_ms", "-5");
    row("connect_ms: zero",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'connect_ms': 0}}", top,
        "timeouts.connect_ms", "out of range");
    row("connect_ms: over 10 min",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'connect_ms': 600001}}", top,
        "timeouts.connect_ms", "600001");
    row("connect_ms: fraction",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'connect_ms': 1.5}}", top,
        "timeouts.connect_ms", "whole number");
    row("connect_ms: string",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'connect_ms': '5000'}}", top,
        "timeouts.connect_ms", "whole number");
    row("connect_ms: bool",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'connect_ms': true}}", top,
        "timeouts.connect_ms", "whole number");
    row("connect_ms: in a document",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'connect_ms': 0}}", second,
        "targets[1].timeouts.connect_ms", "out of range");
    row("attempt_ms: zero",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'attempt_ms': 0}}", top,
        "timeouts.attempt_ms", "out of range");
    row("attempt_ms: over an hour",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'attempt_ms': 3600001}}", top,
        "timeouts.attempt_ms", "3600001");
    row("timeouts: not an object", "{'name': 'a', 'url': 'https://x.test/', 'timeouts': 5000}", top,
        "timeouts", "object");
    row("timeouts: unknown key",
        "{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'read_ms': 5}}", top, "timeouts",
        "\"read_ms\"");

    // retry
    row("max_attempts: zero",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'max_attempts': 0}}", top,
        "retry.max_attempts", "out of range");
    row("max_attempts: fraction",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'max_attempts': 2.5}}", top,
        "retry.max_attempts", "whole number");
    row("base_delay_ms: negative",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'base_delay_ms': -1}}", top,
        "retry.base_delay_ms", "-1");
    row("max_delay_ms: string",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'max_delay_ms': '1m'}}", top,
        "retry.max_delay_ms", "whole number");
    row("max_age_s: zero", "{'name': 'a', 'url': 'https://x.test/', 'retry': {'max_age_s': 0}}",
        top, "retry.max_age_s", "out of range");
    row("multiplier: below 1",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'multiplier': 0.5}}", top,
        "retry.multiplier", "1 to 100");
    row("multiplier: string",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'multiplier': '2'}}", top,
        "retry.multiplier", "number");
    row("jitter: unknown", "{'name': 'a', 'url': 'https://x.test/', 'retry': {'jitter': 'random'}}",
        top, "retry.jitter", "\"random\"");
    row("jitter: upper case",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'jitter': 'FULL'}}", top, "retry.jitter",
        "\"FULL\"");
    row("jitter: number", "{'name': 'a', 'url': 'https://x.test/', 'retry': {'jitter': 3}}", top,
        "retry.jitter", "jitter");
    row("jitter: in a document",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'jitter': 'random'}}", second,
        "targets[1].retry.jitter", "\"random\"");
    row("max_delay_ms below base_delay_ms",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'base_delay_ms': 1000, 'max_delay_ms': "
        "500}}",
        top, "retry", "max_delay_ms");
    row("max_delay_ms below the default base",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'max_delay_ms': 999}}", top, "retry",
        "base_delay_ms");
    row("retry_on: 200",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'retry_on': [503, 200]}}", top,
        "retry.retry_on", "200");
    row("retry_on: 700", "{'name': 'a', 'url': 'https://x.test/', 'retry': {'retry_on': [700]}}",
        top, "retry.retry_on", "700");
    row("retry_on: fraction",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'retry_on': [503.5]}}", top,
        "retry.retry_on", "503.5");
    row("retry_on: string",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'retry_on': ['503']}}", top,
        "retry.retry_on", "503");
    row("retry_on: not an array",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'retry_on': 503}}", top,
        "retry.retry_on", "array");
    row("retry: not an object", "{'name': 'a', 'url': 'https://x.test/', 'retry': []}", top,
        "retry", "object");
    row("retry: unknown key", "{'name': 'a', 'url': 'https://x.test/', 'retry': {'jiter': 'full'}}",
        top, "retry", "\"jiter\"");
    row("retry: unknown key in a document",
        "{'name': 'a', 'url': 'https://x.test/', 'retry': {'backoff': 2}}", second,
        "targets[1].retry", "\"backoff\"");

    // headers
    row("header: Idempotency-Key",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': {'Idempotency-Key': 'k'}}", top,
        "headers", "Idempotency-Key");
    row("header: idempotency-key, lower case",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': {'idempotency-key': 'k'}}", top,
        "headers", "idempotency-key");
    row("header: Content-Length",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': {'Content-Length': '5'}}", top,
        "headers", "Content-Length");
    row("header: traceparent",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': {'traceparent': 'x'}}", top, "headers",
        "traceparent");
    row("header: newline in value",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': {'X-Team': 'ops\\nX-Evil: 1'}}", top,
        "headers.X-Team", "line break");
    row("header: carriage return in value",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': {'X-Team': 'ops\\r'}}", top,
        "headers.X-Team", "line break");
    row("header: invalid name",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': {'X Team': 'ops'}}", top, "headers",
        "\"X Team\"");
    row("header: value not a string",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': {'X-Team': 1}}", top, "headers.X-Team",
        "string");
    row("headers: not an object",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': ['X-Team: ops']}", top, "headers",
        "object");
    row("header: in a document",
        "{'name': 'a', 'url': 'https://x.test/', 'headers': {'Content-Length': '5'}}", second,
        "targets[1].headers", "Content-Length");

    // method, http2, enabled, concurrency
    row("method: GET", "{'name': 'a', 'url': 'https://x.test/', 'method': 'GET'}", top, "method",
        "\"GET\"");
    row("method: DELETE", "{'name': 'a', 'url': 'https://x.test/', 'method': 'DELETE'}", top,
        "method", "\"DELETE\"");
    row("method: not a string", "{'name': 'a', 'url': 'https://x.test/', 'method': 1}", top,
        "method", "string");
    row("http2: prior_knowledge over https",
        "{'name': 'a', 'url': 'https://x.test/', 'http2': 'prior_knowledge'}", top, "http2",
        "prior_knowledge");
    row("http2: unknown mode", "{'name': 'a', 'url': 'https://x.test/', 'http2': 'on'}", top,
        "http2", "\"on\"");
    row("enabled: string", "{'name': 'a', 'url': 'https://x.test/', 'enabled': 'yes'}", top,
        "enabled", "true");
    row("concurrency: zero", "{'name': 'a', 'url': 'https://x.test/', 'concurrency': 0}", top,
        "concurrency", "out of range");
    row("concurrency: over 4096", "{'name': 'a', 'url': 'https://x.test/', 'concurrency': 4097}",
        top, "concurrency", "4097");
    row("concurrency: fraction", "{'name': 'a', 'url': 'https://x.test/', 'concurrency': 2.5}", top,
        "concurrency", "whole number");

    // unknown keys
    row("unknown top-level key", "{'name': 'a', 'url': 'https://x.test/', 'colour': 'red'}", top,
        "target", "\"colour\"");
    row("unknown key in a document", "{'name': 'a', 'url': 'https://x.test/', 'timeout': 5}",
        second, "targets[1]", "\"timeout\"");

    // Authentication, signing, TLS and mapping: secrets only as references.
    row("auth: unknown kind", "{'name': 'a', 'url': 'https://x/', 'auth': {'kind': 'digest'}}", top,
        "auth.kind", "digest");
    row("auth: secret pasted in",
        "{'name': 'a', 'url': 'https://x/', 'auth': {'kind': 'bearer', 'token': 'eyJhbGciOi'}}",
        top, "auth.token", "tandem secret set");
    row("auth: key of another kind",
        "{'name': 'a', 'url': 'https://x/', 'auth': {'kind': 'bearer', 'password': 'env:X'}}", top,
        "auth", "unknown key \"password\"");
    row("auth: basic without username",
        "{'name': 'a', 'url': 'https://x/', 'auth': {'kind': 'basic'}}", top, "auth.username",
        "required");
    row("auth: api key header reserved",
        "{'name': 'a', 'url': 'https://x/', 'auth': {'kind': 'api_key', 'header': "
        "'Idempotency-Key'}}",
        top, "auth.header", "Idempotency-Key");
    row("auth: oauth without token url",
        "{'name': 'a', 'url': 'https://x/', 'auth': {'kind': 'oauth2_client_credentials', "
        "'client_id': 'c'}}",
        top, "auth.token_url", "URL");
    row("auth: oauth without client id",
        "{'name': 'a', 'url': 'https://x/', 'auth': {'kind': 'oauth2_client_credentials', "
        "'token_url': 'https://id/token'}}",
        top, "auth.client_id", "required");
    row("signing: previous without until",
        "{'name': 'a', 'url': 'https://x/', 'signing': {'secret': 'env:A', 'previous_secret': "
        "'env:B'}}",
        top, "signing", "go together");
    row("signing: local time",
        "{'name': 'a', 'url': 'https://x/', 'signing': {'secret': 'env:A', 'previous_secret': "
        "'env:B', 'previous_until': '2026-01-01T00:00:00'}}",
        top, "signing.previous_until", "zone");
    row("tls: relative path", "{'name': 'a', 'url': 'https://x/', 'tls': {'ca_file': 'ca.pem'}}",
        top, "tls.ca_file", "absolute");
    row("tls: key without certificate",
        "{'name': 'a', 'url': 'https://x/', 'tls': {'client_key': 'keychain:k1'}}", top, "tls",
        "client_certificate");
    row("tls: over plain http",
        "{'name': 'a', 'url': 'http://x/', 'tls': {'ca_file': '/etc/ca.pem'}}", top, "tls",
        "https://");
    row("mapping: bad pointer",
        "{'name': 'a', 'url': 'https://x/', 'mapping': {'fields': {'e': 'user'}}}", top,
        "mapping.fields.e", "JSON Pointer");
}

void tst_TargetConfig::invalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, where);
    QFETCH(QString, path);
    QFETCH(QString, detail);

    const Result<TargetConfig> t = TargetConfig::fromJson(object(json), where);
    QVERIFY2(!t.has_value(), "accepted");
    QCOMPARE(t.error().code, Error::Code::Invalid);
    const QString message = t.error().message;
    QVERIFY2(message.startsWith(path + u':'), qPrintable(message));
    QVERIFY2(message.contains(detail), qPrintable(message));
}

void tst_TargetConfig::hugeNumberNotReportedAsNegative_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");

    QTest::addRow("concurrency 1e20")
        << json("{'name': 'a', 'url': 'https://x.test/', 'concurrency': 1e20}")
        << QStringLiteral("concurrency");
    QTest::addRow("connect_ms 1e300")
        << json("{'name': 'a', 'url': 'https://x.test/', 'timeouts': {'connect_ms': 1e300}}")
        << QStringLiteral("timeouts.connect_ms");
    QTest::addRow("max_attempts 1e19")
        << json("{'name': 'a', 'url': 'https://x.test/', 'retry': {'max_attempts': 1e19}}")
        << QStringLiteral("retry.max_attempts");
}

void tst_TargetConfig::hugeNumberNotReportedAsNegative()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);

    // The value is far above the range; a message that shows a negative number misleads the
    // operator (and converting such a double to qint64 is undefined behaviour).
    const Result<TargetConfig> t = TargetConfig::fromJson(object(json));
    QVERIFY2(!t.has_value(), "accepted");
    const QString message = t.error().message;
    QVERIFY2(message.startsWith(path + u':'), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("out of range")), qPrintable(message));
    QVERIFY2(!message.contains(u'-'), qPrintable(message));
}

void tst_TargetConfig::credentialsNotEchoed()
{
    // Errors reach logs and dialogs: a password pasted into the URL must not be repeated.
    const Result<TargetConfig> t = TargetConfig::fromJson(
        object("{'name': 'a', 'url': 'https://deploy:hunter2@example.com/hook'}"),
        QStringLiteral("targets[0]"));
    QVERIFY(!t.has_value());
    QVERIFY2(t.error().message.startsWith(QStringLiteral("targets[0].url:")),
        qPrintable(t.error().message));
    QVERIFY2(!t.error().message.contains(QStringLiteral("hunter2")), qPrintable(t.error().message));
}

void tst_TargetConfig::document()
{
    const Result<QList<TargetConfig>> targets = parseTargetsDocument(
        json("{'targets': [\n"
             "        {'name': 'inventory', 'url': 'https://inventory.internal/orders'},\n"
             "        {'name': 'logistics', 'url': 'http://10.0.0.7:9000/shipments', 'http2': "
             "'prior_knowledge'}\n"
             "    ]}"));
    QVERIFY2(targets.has_value(), qPrintable(problem(targets)));
    QCOMPARE(targets->size(), 2);
    QCOMPARE(targets->at(0).name, QStringLiteral("inventory"));
    QCOMPARE(targets->at(1).name, QStringLiteral("logistics"));
    QCOMPARE(targets->at(1).http2, Http2Mode::PriorKnowledge);
    QCOMPARE(targets->at(1).url, QUrl(QStringLiteral("http://10.0.0.7:9000/shipments")));

    const Result<QList<TargetConfig>> empty = parseTargetsDocument(json("{'targets': []}"));
    QVERIFY2(empty.has_value(), qPrintable(problem(empty)));
    QVERIFY(empty->isEmpty());
}

void tst_TargetConfig::documentRoundTrip()
{
    const Result<TargetConfig> full = TargetConfig::fromJson(object(kFull));
    const Result<TargetConfig> minimal = TargetConfig::fromJson(object(kMinimal));
    QVERIFY(full.has_value());
    QVERIFY(minimal.has_value());
    const QList<TargetConfig> targets { *minimal, *full };

    const Result<QList<TargetConfig>> parsed = parseTargetsDocument(targetsDocument(targets));
    QVERIFY2(parsed.has_value(), qPrintable(problem(parsed)));
    QCOMPARE(*parsed, targets);
}

void tst_TargetConfig::invalidDocument_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("prefix"); ///< the message starts with this
    QTest::addColumn<QString>("detail"); ///< and contains this

    QTest::addRow("duplicate names") << json("{'targets': [\n"
                                             "        {'name': 'a', 'url': 'https://a.test/'},\n"
                                             "        {'name': 'b', 'url': 'https://b.test/'},\n"
                                             "        {'name': 'a', 'url': 'https://c.test/'}]}")
                                     << QStringLiteral("targets[2]") << QStringLiteral("\"a\"");
    QTest::addRow("second target invalid")
        << json("{'targets': [\n"
                "        {'name': 'a', 'url': 'https://a.test/'},\n"
                "        {'name': 'b', 'url': 'https://b.test/', 'retry': {'jitter': 'random'}}]}")
        << QStringLiteral("targets[1].retry.jitter:") << QStringLiteral("\"random\"");
    QTest::addRow("first target has an unknown key")
        << json("{'targets': [\n"
                "        {'name': 'a', 'url': 'https://a.test/', 'retries': 3}]}")
        << QStringLiteral("targets[0]:") << QStringLiteral("\"retries\"");
    QTest::addRow("target not an object")
        << json("{'targets': [\n"
                "        {'name': 'a', 'url': 'https://a.test/'}, 'b']}")
        << QStringLiteral("targets[1]:") << QStringLiteral("object");
    QTest::addRow("unknown top-level key")
        << json("{'version': 2, 'targets': []}") << QString() << QStringLiteral("\"version\"");
    QTest::addRow("malformed JSON on line 3") << json("{'targets': [\n"
                                                      "  {'name': 'a',\n"
                                                      "   'url': nope}\n"
                                                      "]}\n")
                                              << QStringLiteral("line 3:") << QString();
    QTest::addRow("malformed JSON on line 5") << json("{'targets': [\n"
                                                      "  {'name': 'a',\n"
                                                      "   'url': 'https://a.test/',\n"
                                                      "   'retry': {'max_attempts': 3},\n"
                                                      "   'concurrency': 4,,\n"
                                                      "  }\n"
                                                      "]}\n")
                                              << QStringLiteral("line 5:") << QString();
    QTest::addRow("malformed JSON on line 1")
        << json("{'targets': [}") << QStringLiteral("line 1:") << QString();
    QTest::addRow("not an object")
        << QByteArrayLiteral("[]") << QString() << QStringLiteral("targets");
    QTest::addRow("targets not an array")
        << json("{'targets': {}}") << QString() << QStringLiteral("targets");
}

void tst_TargetConfig::invalidDocument()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, prefix);
    QFETCH(QString, detail);

    const Result<QList<TargetConfig>> targets = parseTargetsDocument(json);
    QVERIFY2(!targets.has_value(), "accepted");
    QCOMPARE(targets.error().code, Error::Code::Invalid);
    const QString message = targets.error().message;
    QVERIFY2(message.startsWith(prefix), qPrintable(message));
    QVERIFY2(message.contains(detail), qPrintable(message));
}

void tst_TargetConfig::patchChangesOnlyGivenKeys_data()
{
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<Edit>("expectedChange");

    QTest::addRow("empty patch") << json("{}") << Edit([](TargetConfig &) {});
    QTest::addRow("same name") << json("{'name': 'ledger-eu_2', 'concurrency': 4}")
                               << Edit([](TargetConfig &t) { t.concurrency = 4; });
    QTest::addRow("enabled") << json("{'enabled': true}")
                             << Edit([](TargetConfig &t) { t.enabled = true; });
    QTest::addRow("url") << json("{'url': 'https://ledger-2.example.com/v3'}")
                         << Edit([](TargetConfig &t) {
                                t.url = QUrl(QStringLiteral("https://ledger-2.example.com/v3"));
                            });
    QTest::addRow("one timeout") << json("{'timeouts': {'connect_ms': 100}}")
                                 << Edit([](TargetConfig &t) { t.connectTimeoutMs = 100; });
    QTest::addRow("one retry field") << json("{'retry': {'max_attempts': 3}}")
                                     << Edit([](TargetConfig &t) { t.retry.maxAttempts = 3; });
    QTest::addRow("two retry fields")
        << json("{'retry': {'jitter': 'none', 'retry_on': [502]}}") << Edit([](TargetConfig &t) {
               t.retry.jitter = Jitter::None;
               t.retry.retryOn = { 502 };
           });
    QTest::addRow("headers replaced as a whole")
        << json("{'headers': {'X-Env': 'prod'}}") << Edit([](TargetConfig &t) {
               t.headers = { qMakePair(QByteArrayLiteral("X-Env"), QByteArrayLiteral("prod")) };
           });
    QTest::addRow("method and http2")
        << json("{'method': 'POST', 'http2': 'auto'}") << Edit([](TargetConfig &t) {
               t.method = QByteArrayLiteral("POST");
               t.http2 = Http2Mode::Auto;
           });
}

void tst_TargetConfig::patchChangesOnlyGivenKeys()
{
    QFETCH(QByteArray, patch);
    QFETCH(Edit, expectedChange);

    const Result<TargetConfig> base = TargetConfig::fromJson(object(kFull));
    QVERIFY2(base.has_value(), qPrintable(problem(base)));
    TargetConfig expected = *base;
    expectedChange(expected);

    const Result<TargetConfig> patched = base->patched(object(patch));
    QVERIFY2(patched.has_value(), qPrintable(problem(patched)));
    QCOMPARE(patched->toJson(), expected.toJson()); // readable on failure
    QCOMPARE(*patched, expected);
}

void tst_TargetConfig::patchRefusesRenaming_data()
{
    QTest::addColumn<QByteArray>("patch");

    QTest::addRow("other name") << json("{'name': 'inventory-2'}");
    QTest::addRow("other name with other changes") << json("{'name': 'x', 'concurrency': 2}");
    QTest::addRow("empty name") << json("{'name': ''}");
    QTest::addRow("case change") << json("{'name': 'Inventory'}");
}

void tst_TargetConfig::patchRefusesRenaming()
{
    QFETCH(QByteArray, patch);

    const Result<TargetConfig> base = TargetConfig::fromJson(object(kMinimal));
    QVERIFY(base.has_value());
    const Result<TargetConfig> patched = base->patched(object(patch));
    QVERIFY2(!patched.has_value(), "renamed");
    QCOMPARE(patched.error().code, Error::Code::Invalid);
    QVERIFY2(patched.error().message.startsWith(QStringLiteral("name:")),
        qPrintable(patched.error().message));
    QVERIFY2(patched.error().message.contains(QStringLiteral("renamed")),
        qPrintable(patched.error().message));
}

void tst_TargetConfig::patchValidatesTheWhole_data()
{
    QTest::addColumn<QByteArray>("base");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("detail");

    const QByteArray https = kMinimal;
    const QByteArray h2c
        = json("{'name': 'a', 'url': 'http://10.0.0.7/', 'http2': 'prior_knowledge'}");

    // Each patch is valid on its own; the result is not.
    QTest::addRow("prior_knowledge on an https target")
        << https << json("{'http2': 'prior_knowledge'}") << QStringLiteral("http2")
        << QStringLiteral("prior_knowledge");
    QTest::addRow("https URL on a prior_knowledge target")
        << h2c << json("{'url': 'https://10.0.0.7/'}") << QStringLiteral("http2")
        << QStringLiteral("prior_knowledge");
    QTest::addRow("base delay above the kept max delay")
        << https << json("{'retry': {'base_delay_ms': 700000}}") << QStringLiteral("retry")
        << QStringLiteral("max_delay_ms");
    QTest::addRow("max delay below the kept base delay")
        << https << json("{'retry': {'max_delay_ms': 10}}") << QStringLiteral("retry")
        << QStringLiteral("base_delay_ms");
    // And the patch itself is checked like a whole configuration.
    QTest::addRow("invalid value")
        << https << json("{'timeouts': {'connect_ms': 0}}") << QStringLiteral("timeouts.connect_ms")
        << QStringLiteral("out of range");
    QTest::addRow("unknown key") << https << json("{'colour': 'red'}") << QStringLiteral("target")
                                 << QStringLiteral("\"colour\"");
    QTest::addRow("reserved header")
        << https << json("{'headers': {'Idempotency-Key': 'x'}}") << QStringLiteral("headers")
        << QStringLiteral("Idempotency-Key");
    QTest::addRow("bad URL") << https << json("{'url': 'ftp://example.com/'}")
                             << QStringLiteral("url") << QStringLiteral("ftp://example.com/");
}

void tst_TargetConfig::patchValidatesTheWhole()
{
    QFETCH(QByteArray, base);
    QFETCH(QByteArray, patch);
    QFETCH(QString, path);
    QFETCH(QString, detail);

    const Result<TargetConfig> t = TargetConfig::fromJson(object(base));
    QVERIFY2(t.has_value(), qPrintable(problem(t)));
    const Result<TargetConfig> patched = t->patched(object(patch));
    QVERIFY2(!patched.has_value(), "accepted");
    QCOMPARE(patched.error().code, Error::Code::Invalid);
    const QString message = patched.error().message;
    QVERIFY2(message.startsWith(path + u':'), qPrintable(message));
    QVERIFY2(message.contains(detail), qPrintable(message));
}

void tst_TargetConfig::changedFieldsNameWhatDiffers()
{
    const Result<TargetConfig> a = TargetConfig::fromJson(object(kMinimal));
    QVERIFY2(a.has_value(), qPrintable(problem(a)));
    QCOMPARE(a->changedFields(*a), QStringList {});
    auto b = a->patched(object("{'retry': {'max_attempts': 3}, 'headers': {'X-Team': 'ops'},"
                               " 'auth': {'kind': 'bearer', 'token': 'env:T'}}"));
    QVERIFY2(b.has_value(), qPrintable(problem(b)));
    QCOMPARE(b->changedFields(*a),
        (QStringList { QStringLiteral("auth.kind"), QStringLiteral("auth.token"),
            QStringLiteral("headers.X-Team"), QStringLiteral("retry.max_attempts") }));
}

void tst_TargetConfig::secretSlotsListEveryReference()
{
    const Result<TargetConfig> t = TargetConfig::fromJson(
        object("{'name': 'a', 'url': 'https://x/', 'auth': {'kind': 'basic', 'username': 'u'},"
               " 'signing': {'secret': 'env:S'}, 'tls': {'client_certificate': '/c.pem',"
               " 'client_key': 'keychain:k'}}"));
    QVERIFY2(t.has_value(), qPrintable(problem(t)));
    const auto slots_ = t->secretSlots();
    QCOMPARE(slots_.size(), 3);
    QCOMPARE(slots_.at(0).field, QStringLiteral("auth.password"));
    QCOMPARE(slots_.at(0).reference, QString()); // needed, not set yet
    QCOMPARE(slots_.at(1).field, QStringLiteral("signing.secret"));
    QCOMPARE(slots_.at(1).reference, QStringLiteral("env:S"));
    QCOMPARE(slots_.at(2).field, QStringLiteral("tls.client_key"));
    QCOMPARE(slots_.at(2).reference, QStringLiteral("keychain:k"));
}

QTEST_GUILESS_MAIN(tst_TargetConfig)
#include "tst_targetconfig.moc"
