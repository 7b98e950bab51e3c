// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/requesttemplate.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include "engine/core/clock.h"
#include "engine/core/ids.h"
#include "engine/dispatch/webhooksignature.h"

namespace Tandem {

namespace {

constexpr qint64 MaxPemBytes = 4 * 1024 * 1024;

Result<QList<QSslCertificate>> readCertificates(const QString &path, const QString &field)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(Error::invalid(
            QStringLiteral("%1: cannot read %2: %3").arg(field, path, f.errorString())));
    if (f.size() > MaxPemBytes)
        return fail(
            Error::invalid(QStringLiteral("%1: %2 is too large for a PEM file").arg(field, path)));
    const QList<QSslCertificate> certs = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
    if (certs.isEmpty())
        return fail(
            Error::invalid(QStringLiteral("%1: %2 holds no PEM certificate").arg(field, path)));
    return certs;
}

Result<QSslKey> readPrivateKey(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm a : { QSsl::Rsa, QSsl::Ec, QSsl::Dsa }) {
        QSslKey key(pem, a, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return fail(Error::invalid(QStringLiteral(
        "tls.client_key: the secret is not an unencrypted PEM private key (RSA, EC or DSA)")));
}

} // namespace

Result<RequestTemplate> RequestTemplate::build(
    const TargetConfig &c, const TargetCredentials &credentials)
{
    RequestTemplate t;
    QNetworkRequest r(c.url);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    r.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("tandem/" TANDEM_VERSION));
    for (const auto &[name, value] : c.headers)
        r.setRawHeader(name, value);
    // A redirect is reported, never followed: a payload must not go anywhere unconfigured.
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    r.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    r.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    r.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    r.setAttribute(QNetworkRequest::Http2AllowedAttribute, c.http2 != Http2Mode::Off);
    r.setAttribute(QNetworkRequest::Http2DirectAttribute, c.http2 == Http2Mode::PriorKnowledge);

    switch (c.auth.kind) {
    case AuthKind::None:
    case AuthKind::OAuth2ClientCredentials: // per request: the token changes
        break;
    case AuthKind::Bearer:
        r.setRawHeader(QByteArrayLiteral("Authorization"),
            QByteArrayLiteral("Bearer ") + credentials.authSecret);
        break;
    case AuthKind::ApiKey:
        r.setRawHeader(c.auth.header, credentials.authSecret);
        break;
    case AuthKind::Basic:
        r.setRawHeader(QByteArrayLiteral("Authorization"),
            QByteArrayLiteral("Basic ")
                + QByteArray(c.auth.username.toUtf8() + ':' + credentials.authSecret).toBase64());
        break;
    }
    t.m_oauth = c.auth.kind == AuthKind::OAuth2ClientCredentials;

    if (c.url.scheme() == u"https") {
        // Verification stays on whatever the configuration says; only whom to trust changes.
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!c.tls.caFile.isEmpty()) {
            auto cas = readCertificates(c.tls.caFile, QStringLiteral("tls.ca_file"));
            if (!cas)
                return fail(cas.error());
            ssl.setCaCertificates(*cas);
        }
        if (!c.tls.clientCertificateFile.isEmpty()) {
            auto chain = readCertificates(
                c.tls.clientCertificateFile, QStringLiteral("tls.client_certificate"));
            if (!chain)
                return fail(chain.error());
            auto key = readPrivateKey(credentials.clientKeyPem);
            if (!key)
                return fail(key.error());
            ssl.setLocalCertificateChain(*chain);
            ssl.setPrivateKey(*key);
        }
        if (c.http2 == Http2Mode::Off)
            ssl.setAllowedNextProtocols({ QSslConfiguration::NextProtocolHttp1_1 });
        r.setSslConfiguration(ssl);
    }
    t.m_base = r;
    t.m_mapping = c.mapping;
    t.m_signingSecret = credentials.signingSecret;
    if (c.signing.previousActive(nowMs())) {
        t.m_previousSigningSecret = credentials.previousSigningSecret;
        t.m_previousSigningUntilMs = c.signing.previousUntilMs;
    }
    return t;
}

void RequestTemplate::sign(
    QNetworkRequest &request, const QByteArray &id, const QByteArray &body, qint64 now) const
{
    if (m_signingSecret.isEmpty())
        return;
    const qint64 timestamp = now / 1000;
    QByteArray signature = WebhookSignature::sign(m_signingSecret, id, timestamp, body);
    if (!m_previousSigningSecret.isEmpty() && now < m_previousSigningUntilMs)
        signature += ' ' + WebhookSignature::sign(m_previousSigningSecret, id, timestamp, body);
    request.setRawHeader(QByteArrayLiteral("webhook-id"), id);
    request.setRawHeader(QByteArrayLiteral("webhook-timestamp"), QByteArray::number(timestamp));
    request.setRawHeader(QByteArrayLiteral("webhook-signature"), signature);
}

Result<RequestTemplate::Prepared> RequestTemplate::prepare(const ClaimedDelivery &d,
    const QByteArray &traceparent, const QByteArray &oauthToken, qint64 now) const
{
    auto body = m_mapping.apply(d.payload);
    if (!body)
        return fail(body.error());
    Prepared p { m_base, *body };
    p.request.setRawHeader(QByteArrayLiteral("Idempotency-Key"), d.idempotencyKey);
    p.request.setRawHeader(QByteArrayLiteral("X-Tandem-Message-Id"), d.messageId.toLatin1());
    p.request.setRawHeader(
        QByteArrayLiteral("X-Tandem-Attempt"), QByteArray::number(d.attempts + 1));
    p.request.setRawHeader(QByteArrayLiteral("traceparent"), traceparent);
    if (m_oauth)
        p.request.setRawHeader(
            QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + oauthToken);
    // The message id is stable across attempts and replays, as the scheme's webhook-id must be.
    sign(p.request, d.messageId.toLatin1(), p.body, now);
    return p;
}

QByteArray RequestTemplate::newTraceparent(const QByteArray &traceId)
{
    return QByteArrayLiteral("00-") + traceId + '-' + newSpanId() + QByteArrayLiteral("-01");
}

namespace {

// Headers an operator may have configured by hand whose name says they carry a credential.
bool namesASecret(const QByteArray &name)
{
    const QByteArray n = name.toLower();
    for (const char *word : { "authorization", "cookie", "token", "secret", "password", "api-key",
             "apikey", "api_key", "signature" }) {
        if (n.contains(word))
            return true;
    }
    return false;
}

} // namespace

Result<RequestPreview> RequestTemplate::preview(
    const TargetConfig &config, const ClaimedDelivery &delivery, qint64 now)
{
    // Stand-ins make build() and prepare() set every secret header a real attempt carries; they
    // are masked below, whatever their value.
    static const QByteArray standIn = QByteArrayLiteral("tandem-preview-secret");
    TargetConfig c = config;
    c.tls = {}; // TLS changes whom the request trusts, not what it says
    TargetCredentials credentials;
    credentials.authSecret = standIn;
    if (c.signing.enabled())
        credentials.signingSecret = standIn;
    if (c.signing.previousActive(now))
        credentials.previousSigningSecret = standIn;
    auto t = build(c, credentials);
    if (!t)
        return fail(t.error());
    const bool oauth = c.auth.kind == AuthKind::OAuth2ClientCredentials;
    auto prepared = t->prepare(
        delivery, newTraceparent(delivery.traceId), oauth ? standIn : QByteArray(), now);
    if (!prepared)
        return fail(prepared.error());

    RequestPreview p;
    p.method = c.method;
    p.url = prepared->request.url();
    p.body = prepared->body;
    const QList<QByteArray> names = prepared->request.rawHeaderList();
    for (const QByteArray &name : names) {
        RequestPreview::Header h { name, prepared->request.rawHeader(name), {}, {} };
        const bool isAuthorization = name.compare("Authorization", Qt::CaseInsensitive) == 0;
        if (isAuthorization && c.auth.kind != AuthKind::None) {
            h.secretPrefix = h.value.left(h.value.indexOf(' ') + 1); // "Bearer ", "Basic "
            h.secretVariable = c.auth.kind == AuthKind::Basic
                ? QByteArrayLiteral("TANDEM_BASIC_AUTH")
                : QByteArrayLiteral("TANDEM_TOKEN");
        } else if (c.auth.kind == AuthKind::ApiKey
            && name.compare(c.auth.header, Qt::CaseInsensitive) == 0) {
            h.secretVariable = QByteArrayLiteral("TANDEM_API_KEY");
        } else if (name.compare("webhook-signature", Qt::CaseInsensitive) == 0) {
            h.secretPrefix = QByteArrayLiteral("v1,");
            h.secretVariable = QByteArrayLiteral("TANDEM_SIGNATURE");
        } else if (namesASecret(name)) {
            h.secretVariable = QByteArrayLiteral("TANDEM_SECRET");
        }
        if (h.isSecret())
            h.value = h.secretPrefix + RequestPreview::Mask;
        p.headers.append(h);
    }
    return p;
}

RequestTemplate::Prepared RequestTemplate::prepareProbe(
    const QUrl &url, const QByteArray &body, const QByteArray &oauthToken, qint64 now) const
{
    Prepared p { m_base, body };
    p.request.setUrl(url);
    const QByteArray id = QByteArrayLiteral("probe-") + newSpanId();
    p.request.setRawHeader(QByteArrayLiteral("X-Tandem-Message-Id"), id);
    if (m_oauth)
        p.request.setRawHeader(
            QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + oauthToken);
    sign(p.request, id, body, now);
    return p;
}

} // namespace Tandem
