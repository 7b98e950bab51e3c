// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QHostAddress>
#include <QObject>

#include "engine/core/error.h"
#include "engine/ingest/connectionguard.h"
#include "engine/ingest/ingestrequest.h"

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace Tandem {

class Engine;

/// The engine's HTTP API (DESIGN.md §4):
/// - POST /v1/messages and POST /v1/messages/batch (see IngestRequest): 202 with the message
///   ids only once the messages are committed durably. Concurrent requests share the store's
///   group commit, so durability costs no fsync per request.
/// - GET /v1/messages/{id}: the message and every target's delivery, attempts and last error.
/// - GET /v1/health (no token): liveness and readiness; GET /metrics (no token): Prometheus text.
/// Every /v1/messages route needs `Authorization: Bearer <token>`. Errors are JSON
/// {"error": {"code", "message"}}: 400 malformed JSON or header, 401 missing or wrong token,
/// 404, 405, 413 over a limit, 415 wrong content type, 503 + Retry-After when the backlog limit
/// is reached, the store is unavailable or the API has no token. A rejected request changes
/// nothing. ConnectionGuard bounds connections, sizes and time per request.
///
/// Thread: lives on the engine's thread; the Engine must outlive it.
/// Errors: listen() fails with a message naming the address when the port is taken.
class HttpApi final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpApi)

public:
    struct Options
    {
        ConnectionGuard::Limits connections;
        IngestRequest::Limits requests;
        int retryAfterS = 5; ///< told to producers refused for a full backlog
    };

    explicit HttpApi(Engine &engine, QObject *parent = nullptr);
    HttpApi(Engine &engine, Options options, QObject *parent = nullptr);
    ~HttpApi() override;

    /// Listens on `address`:`port` (0 picks a free port); returns the port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);

    /// The bearer token producers must present. Without one (`problem` says why: no keychain,
    /// say) every ingest request is answered 503 with that reason.
    void setToken(const QByteArray &token);
    void setTokenProblem(const QString &problem);

    const ConnectionGuard *connectionGuard() const { return m_guard; }

private:
    void handleSingle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void handleBatch(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void handleMessage(
        const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    /// Answers 401/503 and returns false when the request may not ingest.
    bool authorize(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void enqueue(
        const IngestRequest::Parsed &parsed, bool single, QHttpServerResponder &&responder);

    Engine &m_engine;
    Options m_options;
    std::unique_ptr<QHttpServer> m_server;
    ConnectionGuard *m_guard = nullptr; ///< owned by m_server once bound
    QByteArray m_token;
    QString m_tokenProblem = QStringLiteral("the ingest API has no token yet");
};

} // namespace Tandem
