// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include "engine/core/authconfig.h"
#include "engine/core/error.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace Tandem {

/// Fetches and caches an OAuth 2.0 access token by the client credentials grant (RFC 6749
/// §4.4): POST to the token endpoint with HTTP Basic client authentication, form-encoded
/// grant_type and scope. The token counts as valid until shortly before `expires_in` runs out
/// (a token without one is kept until a 401 invalidates it). Every new token gets a new
/// generation, so that a burst of 401s answered with the same token refreshes it only once.
///
/// Thread: lives on the thread that uses it (a target worker's); it owns its own network
/// manager there.
/// Errors: failed() carries a message naming the endpoint and what it answered (never the
/// secret), and whether it is permanent (the endpoint refused the credentials: 400/401/403)
/// or may pass (no connection, timeout, 5xx).
class OAuthTokenClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OAuthTokenClient)

public:
    explicit OAuthTokenClient(QObject *parent = nullptr);
    ~OAuthTokenClient() override;

    /// A changed configuration drops the cached token.
    void configure(const AuthConfig &auth, const QByteArray &clientSecret,
        const QSslConfiguration &ssl, int timeoutMs);

    /// The cached token if it is still good at `nowMs`, else empty.
    QByteArray token(qint64 nowMs) const;
    quint64 generation() const { return m_generation; }
    bool isFetching() const { return m_reply != nullptr; }
    /// Starts a fetch unless one is running; ready() or failed() follows.
    void fetch();
    /// Drops the token of `generation` (a target answered 401 to it); a newer one is kept.
    void invalidate(quint64 generation);

Q_SIGNALS:
    void ready();
    void failed(const QString &message, bool permanent);

private:
    void handleFinished();

    AuthConfig m_auth;
    QByteArray m_clientSecret;
    QSslConfiguration m_ssl;
    int m_timeoutMs = 30'000;
    QNetworkAccessManager *m_nam = nullptr;
    QNetworkReply *m_reply = nullptr;
    QByteArray m_token;
    qint64 m_refreshAtMs = 0; ///< 0 = no expiry given
    quint64 m_generation = 0;
};

} // namespace Tandem
