// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <memory>

#include <QAbstractSocket>
#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSet>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QSslSocket;
class QTcpServer;
QT_END_NAMESPACE

namespace Tandem::Demo {

class SimulatedHttpConnection;

/// One request as the server received it (complete: head and decoded body).
struct HttpExchange
{
    QByteArray method;
    QByteArray target; ///< origin-form as received: path and query
    QList<QPair<QByteArray, QByteArray>> headers; ///< in order, names as received
    QByteArray body; ///< decoded (chunked transfer-coding removed)
    qint64 receivedAtMs = 0; ///< wall clock (ms since the epoch) when the request was complete
    /// Subject common name of the certificate the client presented over TLS (UTF-8); empty over
    /// plain HTTP and when the client presented none.
    QByteArray clientCertificateCommonName;

    /// Value of the first header called `name` (case-insensitive), empty if there is none.
    QByteArray header(QByteArrayView name) const;
};

/// What the server does with one request.
struct SimulatedResponse
{
    enum class Action {
        Respond, ///< answer with status, headers and body (after delayMs)
        Hang, ///< read the request, never answer, keep the socket open
        Reset, ///< abort the connection with a TCP RST instead of answering
        Close, ///< close the connection gracefully (FIN) without answering
    };
    Action action = Action::Respond;
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; ///< e.g. {"Retry-After", "2"}
    QByteArray body;
    int delayMs = 0; ///< answer after this delay; other connections are served meanwhile
};

/// A small HTTP/1.1 server on 127.0.0.1 that answers every request with what a behaviour function
/// returns: the simulated target APIs of `tandem serve --demo` and the loopback targets (with
/// injected faults) of the integration tests.
///
/// Speaks HTTP/1.1 with keep-alive and pipelining (answers in request order), honours
/// `Connection: close`, closes HTTP/1.0 connections after the answer and reads request bodies by
/// Content-Length or chunked transfer-coding. Every answer carries Content-Length, Date and (unless
/// the behaviour sets another) `Content-Type: application/json`. Hostile input gets a clean error
/// and the connection is closed: 431 for a header section over 64 KiB, 413 for a body over 64 MiB,
/// 400 for a malformed request line or header, 505 for an HTTP major version other than 1, 501 for
/// a transfer-coding other than chunked.
///
/// HTTPS: after setTlsConfiguration() the server speaks TLS (HTTP/1.1 only, offered by ALPN);
/// whether it asks for, and verifies, a client certificate follows the configuration's peer verify
/// mode and CA certificates (mutual TLS: QSslSocket::VerifyPeer and the client CAs). Requests are
/// read only once the handshake has succeeded and are parsed as over plain HTTP. A failed
/// handshake (no or untrusted client certificate, the client rejecting the server's certificate,
/// a handshake that does not finish within 5 s) closes that connection and nothing else: it is
/// counted (tlsHandshakeFailureCount()) and its errors are kept (lastTlsHandshakeErrors()).
/// A client whose first bytes are no TLS handshake (plain HTTP) is closed by QSslServer without a
/// word to this server and goes uncounted. Connection counts include a TLS connection once its
/// handshake succeeded. Over TLS a closing connection sends close_notify and closes at once,
/// without the lingering drain of plain HTTP.
///
/// Thread: lives on, and must only be used from, the thread that created it; it starts no thread
/// and never blocks (delays are timers). The behaviour runs on that thread for each complete
/// request, in order per connection; it may call any method of the server (even close()), but must
/// not delete the server synchronously. An exception thrown by the behaviour becomes a 500 answer.
class SimulatedHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatedHttpServer)

public:
    using Behaviour = std::function<SimulatedResponse(const HttpExchange &)>;

    static constexpr qsizetype MaxHeaderSectionBytes = 64 * 1024;
    static constexpr qint64 MaxBodyBytes = 64 * 1024 * 1024;
    static constexpr qsizetype MaxRecordedExchanges = 100'000;

    explicit SimulatedHttpServer(Behaviour behaviour, QObject *parent = nullptr);
    ~SimulatedHttpServer() override;

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free one). Returns the port, 0 on failure.
    /// When already listening, returns the current port if `port` is 0 or equal to it, else 0.
    quint16 listen(quint16 port = 0);
    /// Stops listening and drops every open connection: new connections are refused, as in an
    /// outage. listen() may be called again afterwards (also with the same port).
    void close();

    bool isListening() const;
    /// The port listened on, or the last one listened on after close(); 0 if never listening.
    quint16 port() const;
    /// `http://127.0.0.1:PORT` (`https://` with TLS) + `path` (which may carry a query after '?').
    QUrl url(const QString &path = QStringLiteral("/")) const;

    /// Serves HTTPS with `configuration` (local certificate and private key; peer verify mode and
    /// CA certificates for client certificates) from the next listen() on; a null configuration
    /// returns to plain HTTP. Returns false and changes nothing while listening, or when the
    /// configuration has no local certificate or private key.
    bool setTlsConfiguration(const QSslConfiguration &configuration);
    /// The configuration set by setTlsConfiguration() (ALPN limited to http/1.1); null for plain
    /// HTTP.
    QSslConfiguration tlsConfiguration() const;
    /// Whether listen() serves HTTPS.
    bool isTls() const;
    /// TLS handshakes that failed since construction (saturates at INT_MAX).
    int tlsHandshakeFailureCount() const;
    /// Errors of the last failed handshake: certificate verification errors and TLS alerts as Qt
    /// words them, then the socket's error string. Empty before the first failure.
    QStringList lastTlsHandshakeErrors() const;

    /// Replaces the behaviour for every request completed from now on.
    void setBehaviour(Behaviour behaviour);

    /// Complete requests received since construction (saturates at INT_MAX).
    int requestCount() const;
    /// Connections accepted since construction.
    int acceptedConnectionCount() const;
    /// Connections open right now.
    int openConnectionCount() const;

    /// Complete requests received since the last call, oldest first; at most the last
    /// MaxRecordedExchanges are kept.
    QList<HttpExchange> takeReceived();
    /// Whether takeReceived() collects requests (default true; the demo turns it off).
    void setRecording(bool recording);

Q_SIGNALS:
    /// Emitted for every complete request, before the behaviour is asked for the answer.
    void requestReceived(const Tandem::Demo::HttpExchange &exchange);
    /// Emitted for every failed TLS handshake, with the errors lastTlsHandshakeErrors() returns.
    void tlsHandshakeFailed(const QStringList &errors);

private:
    friend class SimulatedHttpConnection;

    void createListener();
    void handleNewConnections();
    void handleTlsErrors(QSslSocket *socket, const QStringList &errors);
    void handleTlsHandshakeFailed(QSslSocket *socket, QAbstractSocket::SocketError error);
    SimulatedResponse exchangeCompleted(const HttpExchange &exchange);
    void connectionFinished(SimulatedHttpConnection *connection);
    QByteArray dateHeaderValue();

    struct Handshake
    {
        QStringList errors; ///< verification errors and alerts so far
        bool failed = false; ///< counted already: a socket may report several errors
    };

    std::shared_ptr<const Behaviour> m_behaviour;
    QTcpServer *m_listener = nullptr; ///< a QSslServer with TLS
    QSslConfiguration m_tlsConfiguration;
    /// Handshakes that reported something, until their socket is destroyed.
    QHash<const QSslSocket *, Handshake> m_handshakes;
    QStringList m_lastTlsErrors;
    int m_tlsHandshakeFailures = 0;
    QSet<SimulatedHttpConnection *> m_connections;
    QList<HttpExchange> m_received;
    qint64 m_requestCount = 0;
    int m_acceptedConnections = 0;
    quint16 m_port = 0;
    bool m_recording = true;
    qint64 m_dateSecond = -1;
    QByteArray m_dateValue;
};

} // namespace Tandem::Demo
