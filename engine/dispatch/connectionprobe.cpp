// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/connectionprobe.h"

#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslConfiguration>

#include "engine/core/clock.h"
#include "engine/dispatch/oauthtokenclient.h"
#include "engine/secrets/credentialsloader.h"

namespace Tandem {

namespace {

constexpr qint64 ExcerptBytes = 1024;

QString protocolName(QSsl::SslProtocol p)
{
    switch (p) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    default:
        return QStringLiteral("TLS (other)");
    }
}

QString commonNameOr(const QStringList &cn, const QString &whole)
{
    return cn.isEmpty() ? whole : cn.join(u", ");
}

} // namespace

QJsonObject ProbeResult::toJson() const
{
    QJsonObject o {
        { QStringLiteral("reached"), reached },
        { QStringLiteral("status"), httpStatus },
        { QStringLiteral("reason"), reasonPhrase },
        { QStringLiteral("latency_ms"), latencyMs },
        { QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error) },
        { QStringLiteral("response_excerpt"), QString::fromUtf8(responseExcerpt) },
        { QStringLiteral("http2"), http2 },
    };
    if (!tlsProtocol.isEmpty())
        o.insert(QStringLiteral("tls"),
            QJsonObject {
                { QStringLiteral("protocol"), tlsProtocol },
                { QStringLiteral("cipher"), tlsCipher },
                { QStringLiteral("peer_subject"), peerSubject },
                { QStringLiteral("peer_issuer"), peerIssuer },
                { QStringLiteral("peer_expires_at"), peerExpiresAt.toUTC().toString(Qt::ISODate) },
                { QStringLiteral("client_certificate"), clientCertificateSent },
            });
    return o;
}

ConnectionProbe::ConnectionProbe(QObject *parent)
    : QObject(parent)
{
}

ConnectionProbe::~ConnectionProbe()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void ConnectionProbe::start(
    const TargetConfig &config, const TargetCredentials &credentials, const ProbeRequest &request)
{
    Q_ASSERT(!m_running);
    m_running = true;
    begin(config, credentials, request);
}

void ConnectionProbe::startWithSecrets(
    SecretResolver &resolver, const TargetConfig &config, const ProbeRequest &request)
{
    Q_ASSERT(!m_running);
    m_running = true;
    loadCredentials(
        resolver, config, this, [this, config, request](const TargetCredentials &credentials) {
            begin(config, credentials, request);
        });
}

void ConnectionProbe::begin(
    const TargetConfig &config, const TargetCredentials &credentials, const ProbeRequest &request)
{
    m_config = config;
    m_request = request;
    m_tlsErrors.clear();
    if (!credentials.problem.isEmpty()) {
        ProbeResult r;
        r.error = credentials.problem;
        QMetaObject::invokeMethod(
            this, [this, r] { finish(r); }, Qt::QueuedConnection);
        return;
    }
    auto t = RequestTemplate::build(config, credentials);
    if (!t) {
        ProbeResult r;
        r.error = t.error().message;
        QMetaObject::invokeMethod(
            this, [this, r] { finish(r); }, Qt::QueuedConnection);
        return;
    }
    m_template = *t;
    if (!m_nam)
        m_nam = new QNetworkAccessManager(this);
    if (config.auth.kind != AuthKind::OAuth2ClientCredentials) {
        QMetaObject::invokeMethod(
            this, [this] { send({}); }, Qt::QueuedConnection);
        return;
    }
    delete m_oauth;
    m_oauth = new OAuthTokenClient(this);
    m_oauth->configure(config.auth, credentials.authSecret, m_template.base().sslConfiguration(),
        config.attemptTimeoutMs);
    connect(m_oauth, &OAuthTokenClient::ready, this, [this] { send(m_oauth->token(nowMs())); });
    connect(m_oauth, &OAuthTokenClient::failed, this, [this](const QString &message, bool) {
        ProbeResult r;
        r.error = message;
        finish(r);
    });
    m_oauth->fetch();
}

void ConnectionProbe::send(const QByteArray &oauthToken)
{
    QUrl url = m_config.url;
    if (!m_request.path.isEmpty()) {
        const qsizetype q = m_request.path.indexOf(u'?');
        url.setPath(q < 0 ? m_request.path : m_request.path.left(q));
        url.setQuery(q < 0 ? QString() : m_request.path.mid(q + 1));
    }
    const bool bodyless = m_request.method == "GET" || m_request.method == "HEAD";
    auto prepared = m_template.prepareProbe(
        url, bodyless ? QByteArray() : m_request.body, oauthToken, nowMs());
    prepared.request.setTransferTimeout(m_config.attemptTimeoutMs);
    Q_EMIT sending(url, m_request.method);
    m_sent.start();
    m_reply = bodyless
        ? m_nam->sendCustomRequest(prepared.request, m_request.method)
        : m_nam->sendCustomRequest(prepared.request, m_request.method, prepared.body);
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_tlsErrors.append(e.errorString());
    });
    connect(m_reply, &QNetworkReply::finished, this, &ConnectionProbe::handleReplyFinished);
}

void ConnectionProbe::handleReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    ProbeResult r;
    r.sent = true;
    r.latencyMs = m_sent.elapsed();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    r.reached = status.isValid() && status.toInt() > 0;
    r.httpStatus = status.toInt();
    r.reasonPhrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    r.responseExcerpt = reply->read(ExcerptBytes);
    r.http2 = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
    if (!r.reached) {
        r.error = reply->error() == QNetworkReply::OperationCanceledError
            ? QStringLiteral("no answer within %1 ms").arg(m_config.attemptTimeoutMs)
            : reply->errorString();
        if (!m_tlsErrors.isEmpty())
            r.error = QStringLiteral("TLS handshake failed: %1").arg(m_tlsErrors.join(u"; "));
    }
    if (m_config.url.scheme() == u"https") {
        const QSslConfiguration ssl = reply->sslConfiguration();
        const QSslCertificate peer = ssl.peerCertificate();
        if (!peer.isNull()) {
            r.tlsProtocol = protocolName(ssl.sessionProtocol());
            r.tlsCipher = ssl.sessionCipher().name();
            r.peerSubject = commonNameOr(
                peer.subjectInfo(QSslCertificate::CommonName), peer.subjectDisplayName());
            r.peerIssuer = commonNameOr(
                peer.issuerInfo(QSslCertificate::CommonName), peer.issuerDisplayName());
            r.peerExpiresAt = peer.expiryDate();
            r.clientCertificateSent = !ssl.localCertificate().isNull();
        }
    }
    finish(r);
}

void ConnectionProbe::finish(ProbeResult result)
{
    m_running = false;
    Q_EMIT finished(result);
}

} // namespace Tandem
