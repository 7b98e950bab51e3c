// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/connectionguard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>

#include "engine/core/clock.h"

Q_LOGGING_CATEGORY(lcIngest, "tandem.ingest")

namespace Tandem {

namespace {

constexpr QByteArrayView HeadEnd("\r\n\r\n");
// Chunked bodies carry a little framing beyond the payload's own bytes.
constexpr qint64 ChunkFramingSlack = 64 * 1024;
constexpr QByteArrayView Continue("HTTP/1.1 100 Continue\r\n\r\n");
constexpr int LingerMs = 2000;

QByteArray reason(int status)
{
    switch (status) {
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Bad Request";
    }
}

// The value of header `name` in a complete header section, lower-cased name match.
QByteArray headerValue(const QByteArray &head, QByteArrayView name)
{
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

ConnectionGuard::Connection ConnectionGuard::freshConnection()
{
    Connection c;
    c.lastActivityMs = nowMs();
    return c;
}

ConnectionGuard::ConnectionGuard(Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_sweep(this)
{
    // Deadlines are checked once a second: a slow client is cut off within a second of its
    // deadline, for the price of one timer rather than one per connection.
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, &ConnectionGuard::sweep);
    m_sweep.start();
    // The kernel's accept queue must not be the limit that bites first (Qt's default is 50):
    // beyond it a flood of connects stalls in the kernel, out of this guard's sight.
    setListenBacklogSize(std::max(128, m_limits.maxConnections));
}

ConnectionGuard::~ConnectionGuard() = default;

void ConnectionGuard::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    ++m_accepted;
    if (int(m_connections.size()) >= m_limits.maxConnections && !evictIdle()) {
        m_connections.insert(socket, freshConnection());
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [this, socket] { forget(socket); });
        refuse(socket, 503, "too_many_connections",
            QStringLiteral("the ingest API has %1 connections open, its limit; retry shortly")
                .arg(m_limits.maxConnections));
        return;
    }
    m_connections.insert(socket, freshConnection());
    // Connected before QHttpServer connects its own: this slot sees each fragment first.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { handleReadyRead(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this,
        [this, socket](qint64 bytes) { handleBytesWritten(socket, bytes); });
    connect(socket, &QObject::destroyed, this, [this, socket] { forget(socket); });
    addPendingConnection(socket);
    Q_EMIT newConnection();
}

void ConnectionGuard::handleReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &c = *it;
    const qint64 now = nowMs();
    c.lastActivityMs = now;
    if (c.refused) {
        // Keep it from QHttpServer; the connection is closing.
        c.lingerRemaining -= socket->readAll().size();
        if (c.lingerRemaining <= 0)
            socket->disconnectFromHost();
        return;
    }
    const qint64 fresh = socket->bytesAvailable();
    if (c.requestStartedAtMs == 0)
        c.requestStartedAtMs = now;
    c.buffered += fresh;
    m_bufferedBytes += fresh;
    if (!c.headComplete) {
        const qsizetype headBefore = c.head.size();
        c.head += socket->peek(std::min<qint64>(fresh, m_limits.maxHeaderBytes + 4));
        const qsizetype end = c.head.indexOf(HeadEnd);
        if (end < 0) {
            if (c.head.size() > m_limits.maxHeaderBytes)
                refuse(socket, 431, "header_too_large",
                    QStringLiteral("the request's header section is over %1 bytes")
                        .arg(m_limits.maxHeaderBytes));
            return;
        }
        c.headComplete = true;
        c.bodyBytes = fresh - (end + HeadEnd.size() - headBefore);
        c.head.truncate(end + 2);
        inspectHead(socket, c);
    } else {
        c.bodyBytes += fresh;
    }
    if (c.refused)
        return;
    if (c.contentLength < 0 && c.bodyBytes > m_limits.maxBodyBytes + ChunkFramingSlack) {
        refuse(socket, 413, "payload_too_large",
            QStringLiteral("the body is over the limit of %1 bytes").arg(m_limits.maxBodyBytes));
        return;
    }
    if (m_bufferedBytes > m_limits.maxBufferedBytes)
        refuse(socket, 503, "server_busy",
            QStringLiteral("the ingest API is receiving too much at once; retry shortly"));
}

void ConnectionGuard::inspectHead(QTcpSocket *socket, Connection &c)
{
    const QByteArray length = headerValue(c.head, "Content-Length");
    if (!length.isEmpty()) {
        bool ok = false;
        c.contentLength = length.toLongLong(&ok);
        if (!ok || c.contentLength < 0) {
            refuse(socket, 400, "invalid_header",
                QStringLiteral("Content-Length \"%1\" is not a number")
                    .arg(QString::fromLatin1(length.left(40))));
            return;
        }
        if (c.contentLength > m_limits.maxBodyBytes) {
            refuse(socket, 413, "payload_too_large",
                QStringLiteral("the body of %1 bytes is over the limit of %2 bytes")
                    .arg(c.contentLength)
                    .arg(m_limits.maxBodyBytes));
            return;
        }
    }
    if (headerValue(c.head, "Expect").compare("100-continue", Qt::CaseInsensitive) == 0
        && c.bodyBytes == 0) {
        c.interimBytes += Continue.size();
        socket->write(Continue.data(), Continue.size());
    }
}

void ConnectionGuard::handleBytesWritten(QTcpSocket *socket, qint64 bytes)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->refused)
        return;
    if (it->interimBytes > 0) {
        const qint64 interim = std::min(bytes, it->interimBytes);
        it->interimBytes -= interim;
        if (bytes == interim)
            return;
    }
    // An answer went out: the connection is between requests until the next byte arrives.
    endRequest(*it);
    it->lastActivityMs = nowMs();
}

void ConnectionGuard::endRequest(Connection &c)
{
    m_bufferedBytes -= c.buffered;
    c.buffered = 0;
    c.requestStartedAtMs = 0;
    c.head.clear();
    c.headComplete = false;
    c.contentLength = -1;
    c.bodyBytes = 0;
}

void ConnectionGuard::forget(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    m_bufferedBytes -= it->buffered;
    m_connections.erase(it);
}

void ConnectionGuard::refuse(
    QTcpSocket *socket, int status, const char *code, const QString &message)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end()) {
        if (it->refused)
            return;
        it->refused = true;
    }
    ++m_refusals;
    qCInfo(lcIngest).noquote() << "refused a connection from" << socket->peerAddress().toString()
                               << ':' << status << message;
    socket->readAll(); // what QHttpServer would otherwise go on buffering
    // A client still sending its body would get a reset instead of this answer if the
    // connection closed at once: go on reading (and dropping) what it sends for a moment.
    // Lingering is bounded by the declared length, twice the body limit and time.
    qint64 linger = 0;
    if (it != m_connections.end()) {
        if (it->contentLength >= 0 && it->contentLength <= 2 * m_limits.maxBodyBytes)
            linger = std::max<qint64>(0, it->contentLength - it->bodyBytes);
        endRequest(*it);
        it->lingerRemaining = linger;
    }
    const QByteArray body
        = QJsonDocument(QJsonObject { { QStringLiteral("error"),
                            QJsonObject { { QStringLiteral("code"), QLatin1StringView(code) },
                                { QStringLiteral("message"), message } } } })
              .toJson(QJsonDocument::Compact);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n";
    if (status == 503)
        response += "Retry-After: 1\r\n";
    response += "\r\n" + body;
    socket->write(response);
    if (linger == 0) {
        socket->disconnectFromHost();
        return;
    }
    QTimer::singleShot(LingerMs, socket, [socket] { socket->disconnectFromHost(); });
}

void ConnectionGuard::sweep()
{
    const qint64 now = nowMs();
    QList<QPair<QTcpSocket *, int>> expired;
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        const Connection &c = *it;
        if (c.refused)
            continue;
        if (c.requestStartedAtMs == 0) {
            if (now - c.lastActivityMs >= m_limits.idleTimeoutMs)
                expired.append({ it.key(), 0 });
            continue;
        }
        // A request that has all its bytes waits for the engine (a durable commit), not for
        // the client: it is not the client's deadline that runs.
        const bool received
            = c.headComplete && c.contentLength >= 0 && c.bodyBytes >= c.contentLength;
        if (!c.headComplete && now - c.requestStartedAtMs >= m_limits.headerTimeoutMs)
            expired.append({ it.key(), 408 });
        else if (!received && now - c.requestStartedAtMs >= m_limits.requestTimeoutMs)
            expired.append({ it.key(), 408 });
    }
    for (const auto &[socket, status] : expired) {
        if (status == 0) {
            m_connections[socket].refused = true;
            socket->disconnectFromHost();
        } else {
            refuse(socket, status, "request_timeout",
                QStringLiteral("the request did not arrive in time"));
        }
    }
}

bool ConnectionGuard::evictIdle()
{
    QTcpSocket *oldest = nullptr;
    qint64 oldestAt = 0;
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        if (it->refused || it->requestStartedAtMs != 0)
            continue;
        if (!oldest || it->lastActivityMs < oldestAt) {
            oldest = it.key();
            oldestAt = it->lastActivityMs;
        }
    }
    if (!oldest)
        return false;
    ++m_refusals;
    m_connections[oldest].refused = true;
    oldest->disconnectFromHost();
    return true;
}

} // namespace Tandem
