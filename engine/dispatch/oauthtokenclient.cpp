// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/oauthtokenclient.h"

#include <algorithm>

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include "engine/core/clock.h"

namespace Tandem {

namespace {

constexpr qint64 MaxTokenResponseBytes = 64 * 1024;

QByteArray formEncode(const QString &s) { return QUrl::toPercentEncoding(s); }

} // namespace

OAuthTokenClient::OAuthTokenClient(QObject *parent)
    : QObject(parent)
{
}

OAuthTokenClient::~OAuthTokenClient()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void OAuthTokenClient::configure(const AuthConfig &auth, const QByteArray &clientSecret,
    const QSslConfiguration &ssl, int timeoutMs)
{
    if (auth == m_auth && clientSecret == m_clientSecret && ssl == m_ssl
        && timeoutMs == m_timeoutMs)
        return;
    m_auth = auth;
    m_clientSecret = clientSecret;
    m_ssl = ssl;
    m_timeoutMs = timeoutMs;
    m_token.clear();
    m_refreshAtMs = 0;
    if (m_reply) {
        QNetworkReply *r = m_reply;
        m_reply = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
}

QByteArray OAuthTokenClient::token(qint64 now) const
{
    if (m_token.isEmpty() || (m_refreshAtMs != 0 && now >= m_refreshAtMs))
        return {};
    return m_token;
}

void OAuthTokenClient::invalidate(quint64 generation)
{
    if (generation == m_generation)
        m_token.clear();
}

void OAuthTokenClient::fetch()
{
    if (m_reply)
        return;
    if (!m_nam)
        m_nam = new QNetworkAccessManager(this);
    QNetworkRequest request(m_auth.tokenUrl);
    request.setHeader(
        QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setHeader(
        QNetworkRequest::UserAgentHeader, QByteArrayLiteral("tandem/" TANDEM_VERSION));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    // RFC 6749 §2.3.1: both parts form-encoded before they are joined.
    request.setRawHeader(QByteArrayLiteral("Authorization"),
        QByteArrayLiteral("Basic ")
            + QByteArray(
                formEncode(m_auth.clientId) + ':' + formEncode(QString::fromUtf8(m_clientSecret)))
                  .toBase64());
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    if (m_auth.tokenUrl.scheme() == u"https")
        request.setSslConfiguration(m_ssl);
    QByteArray body = QByteArrayLiteral("grant_type=client_credentials");
    if (!m_auth.scope.isEmpty())
        body += QByteArrayLiteral("&scope=") + formEncode(m_auth.scope);
    m_reply = m_nam->post(request, body);
    connect(m_reply, &QNetworkReply::finished, this, &OAuthTokenClient::handleFinished);
}

void OAuthTokenClient::handleFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const QString endpoint = m_auth.tokenUrl.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = reply->read(MaxTokenResponseBytes);
    const QJsonObject json = QJsonDocument::fromJson(data).object();

    if (status == 0) {
        Q_EMIT failed(QStringLiteral("OAuth token endpoint %1 unreachable: %2")
                          .arg(endpoint, reply->errorString()),
            false);
        return;
    }
    if (status < 200 || status >= 300) {
        QString detail = json.value(QStringLiteral("error")).toString();
        const QString description = json.value(QStringLiteral("error_description")).toString();
        if (!description.isEmpty())
            detail += QStringLiteral(" (%1)").arg(description.left(200));
        const bool refused = status == 400 || status == 401 || status == 403;
        Q_EMIT failed(refused
                ? QStringLiteral("authentication failed: the OAuth token endpoint %1 refused "
                                 "the client credentials with HTTP %2 %3")
                      .arg(endpoint)
                      .arg(status)
                      .arg(detail)
                      .trimmed()
                : QStringLiteral("OAuth token endpoint %1 answered HTTP %2 %3")
                      .arg(endpoint)
                      .arg(status)
                      .arg(detail)
                      .trimmed(),
            refused);
        return;
    }
    const QString token = json.value(QStringLiteral("access_token")).toString();
    const QString type
        = json.value(QStringLiteral("token_type")).toString(QStringLiteral("Bearer"));
    if (token.isEmpty() || type.compare(u"bearer", Qt::CaseInsensitive) != 0) {
        Q_EMIT failed(QStringLiteral("OAuth token endpoint %1 answered without a bearer "
                                     "access_token")
                          .arg(endpoint),
            true);
        return;
    }
    m_token = token.toUtf8();
    ++m_generation;
    const double expiresIn = json.value(QStringLiteral("expires_in")).toDouble(0);
    if (expiresIn > 0) {
        // Refresh a little early so that a request does not leave with a token that expires on
        // the way: 30 s, or a tenth of a short lifetime.
        const qint64 lifetimeMs = qint64(expiresIn * 1000);
        m_refreshAtMs = nowMs() + lifetimeMs - std::min<qint64>(30'000, lifetimeMs / 10);
    } else {
        m_refreshAtMs = 0;
    }
    Q_EMIT ready();
}

} // namespace Tandem
