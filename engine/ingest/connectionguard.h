// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QTcpServer>
#include <QTimer>

class QTcpSocket;

namespace Tandem {

/// The listening socket of the ingest API, in front of QHttpServer (which in Qt 6.4 buffers
/// whole requests and has no limits of its own), so that slow or hostile clients cannot starve
/// the engine:
/// - at most `maxConnections` open; at the cap the longest-idle keep-alive connection makes
///   room, and if none is idle the newcomer gets 503 and is closed;
/// - a request's header section must arrive within `headerTimeoutMs` (slowloris) and be at most
///   `maxHeaderBytes` (431); its body at most `maxBodyBytes` (413 at once when Content-Length
///   says so, else as soon as it passes the limit) and complete within `requestTimeoutMs` (408);
/// - all requests being received together hold at most `maxBufferedBytes` (503): the sum of
///   what QHttpServer may be buffering is bounded, not just each connection's share;
/// - a keep-alive connection idle for `idleTimeoutMs` is closed.
/// It answers `Expect: 100-continue` itself, which QHttpServer 6.4 does not (curl would stall).
/// Refusals are JSON errors in the API's shape, sent with Connection: close.
///
/// It sees each connection's bytes before QHttpServer does (its readyRead slot is connected
/// first) and learns that an answer went out from bytesWritten().
///
/// Thread: lives on the thread of the QHttpServer it is bound to, which becomes its parent.
class ConnectionGuard final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

public:
    struct Limits
    {
        int maxConnections = 512;
        qint64 maxHeaderBytes = 64 * 1024;
        qint64 maxBodyBytes = 16 * 1024 * 1024;
        qint64 maxBufferedBytes = 256 * 1024 * 1024;
        int headerTimeoutMs = 10'000;
        int requestTimeoutMs = 60'000;
        int idleTimeoutMs = 60'000;
    };

    explicit ConnectionGuard(Limits limits, QObject *parent = nullptr);
    ~ConnectionGuard() override;

    int openConnections() const { return int(m_connections.size()); }
    /// Connections accepted since construction (refused ones included).
    qint64 accepted() const { return m_accepted; }
    /// Connections closed by a limit (refused, timed out, evicted) since construction.
    qint64 refusals() const { return m_refusals; }

protected:
    void incomingConnection(qintptr handle) override;

private:
    struct Connection
    {
        qint64 lastActivityMs = 0;
        qint64 requestStartedAtMs = 0; ///< 0 while idle between requests
        QByteArray head; ///< the header section so far, until it is complete
        bool headComplete = false;
        qint64 contentLength = -1; ///< -1: none given (chunked or no body)
        qint64 bodyBytes = 0;
        bool refused = false;
        qint64 interimBytes = 0; ///< a 100 Continue being written: not the answer
        qint64 buffered = 0; ///< this request's bytes counted in m_bufferedBytes
        qint64 lingerRemaining = 0; ///< refused: body bytes still to drop before closing
    };

    static Connection freshConnection();
    void handleReadyRead(QTcpSocket *socket);
    void handleBytesWritten(QTcpSocket *socket, qint64 bytes);
    void inspectHead(QTcpSocket *socket, Connection &c);
    void refuse(QTcpSocket *socket, int status, const char *code, const QString &message);
    void sweep();
    bool evictIdle();
    void forget(QTcpSocket *socket);
    void endRequest(Connection &c);

    Limits m_limits;
    QHash<QTcpSocket *, Connection> m_connections;
    QTimer m_sweep;
    qint64 m_refusals = 0;
    qint64 m_accepted = 0;
    qint64 m_bufferedBytes = 0; ///< bytes of requests in progress, over all connections
};

} // namespace Tandem
