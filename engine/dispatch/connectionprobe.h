// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QString>

#include "engine/core/targetconfig.h"
#include "engine/dispatch/requesttemplate.h"
#include "engine/secrets/targetcredentials.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace Tandem {

class OAuthTokenClient;
class SecretResolver;

/// What "Test connection" sends: by default a POST of `{}` to the target's own URL.
struct ProbeRequest
{
    QByteArray method = "POST"; ///< any token method: GET, HEAD, POST, PUT, PATCH, OPTIONS, …
    QString path; ///< replaces the URL's path and query when not empty ("/health?deep=1")
    QByteArray body = "{}"; ///< sent as it is (not mapped); ignored for GET and HEAD
};

/// What a probe found out.
struct ProbeResult
{
    /// The request went out; false when its credentials, TLS files or OAuth token stopped it.
    bool sent = false;
    bool reached = false; ///< an HTTP answer came back (whatever its status)
    int httpStatus = 0;
    QString reasonPhrase;
    qint64 latencyMs = 0; ///< request sent to answer complete, token fetch not included
    QString error; ///< why it failed, empty when an answer came back
    QByteArray responseExcerpt; ///< the first KiB of the answer
    bool http2 = false;
    QString tlsProtocol; ///< "TLS 1.3", empty over plain HTTP
    QString tlsCipher;
    QString peerSubject; ///< the server certificate's subject CN (or whole subject)
    QString peerIssuer;
    QDateTime peerExpiresAt;
    bool clientCertificateSent = false;

    /// reached, status, reason, latency_ms, error, response_excerpt, http2 and, over TLS, a
    /// "tls" object {protocol, cipher, peer_subject, peer_issuer, peer_expires_at,
    /// client_certificate}.
    QJsonObject toJson() const;
};

/// Sends one real request to a target with its real credentials (fetching an OAuth token first
/// if the target uses OAuth), exactly as a delivery would go out (RequestTemplate), and reports
/// status, latency and TLS details. Nothing is stored and no breaker, rate limit or retry
/// applies: it is the operator's question "does this configuration work?".
///
/// Thread: lives on the thread that creates it (the UI or CLI thread is fine: nothing blocks);
/// it owns its own network manager. finished() is emitted exactly once per start().
/// Errors: credentials with a problem, unusable TLS files, no connection, a timeout (the
/// target's attempt timeout) or a refused OAuth client all end in finished() with `error` set.
class ConnectionProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionProbe)

public:
    explicit ConnectionProbe(QObject *parent = nullptr);
    ~ConnectionProbe() override;

    void start(const TargetConfig &config, const TargetCredentials &credentials,
        const ProbeRequest &request = {});
    /// Reads the target's credentials through `resolver` first (loadCredentials), then sends as
    /// start() does; a secret that is not set or cannot be read ends in finished() with `error`
    /// naming it. `resolver` must outlive finished().
    void startWithSecrets(
        SecretResolver &resolver, const TargetConfig &config, const ProbeRequest &request = {});
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    /// The credentials are ready and the request goes out to `url` now (after any OAuth
    /// token fetch), for "Sending POST to …" progress.
    void sending(const QUrl &url, const QByteArray &method);
    void finished(const Tandem::ProbeResult &result);

private:
    void begin(const TargetConfig &config, const TargetCredentials &credentials,
        const ProbeRequest &request);
    void send(const QByteArray &oauthToken);
    void handleReplyFinished();
    void finish(ProbeResult result);

    QNetworkAccessManager *m_nam = nullptr;
    OAuthTokenClient *m_oauth = nullptr;
    QNetworkReply *m_reply = nullptr;
    TargetConfig m_config;
    RequestTemplate m_template;
    ProbeRequest m_request;
    QStringList m_tlsErrors;
    QElapsedTimer m_sent;
    bool m_running = false;
};

} // namespace Tandem

Q_DECLARE_METATYPE(Tandem::ProbeResult)
