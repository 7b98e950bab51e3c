// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demo/simulatedhttpserver.h"

#include <algorithm>
#include <limits>
#include <utility>

#include <QDateTime>
#include <QHostAddress>
#include <QLocale>
#include <QLoggingCategory>
#include <QNetworkProxy>
#include <QSslCertificate>
#include <QSslError>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <exception>

#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#endif

namespace Tandem::Demo {

namespace {

Q_LOGGING_CATEGORY(lcServer, "tandem.demo.server")

// Bounds the bytes a connection holds in its socket while its answer is delayed or being
// computed: the kernel buffers and TCP flow control hold back the rest.
constexpr qint64 SocketReadBufferBytes = 256 * 1024;
constexpr qsizetype MaxChunkSizeLineBytes = 4096;
// How long a connection closed by the server keeps draining what the client still sends, so that
// the client reads the answer instead of a reset (the "lingering close" of HTTP servers).
constexpr int LingerMs = 2000;
constexpr qsizetype MethodPrefixCheckBytes = 32;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView value)
{
    return !value.isEmpty() && std::all_of(value.begin(), value.end(), isTokenChar);
}

// Field values may hold HTAB, visible ASCII, SP and obs-text, never other control characters.
bool isFieldValue(QByteArrayView value)
{
    return std::all_of(value.begin(), value.end(), [](char c) {
        const auto u = uchar(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

bool isRequestTarget(QByteArrayView value)
{
    return !value.isEmpty() && std::all_of(value.begin(), value.end(), [](char c) {
        const auto u = uchar(c);
        return u > 0x20 && u < 0x7f;
    });
}

QByteArrayView trimmedOws(QByteArrayView value)
{
    qsizetype begin = 0;
    qsizetype end = value.size();
    while (begin < end && (value[begin] == ' ' || value[begin] == '\t'))
        ++begin;
    while (end > begin && (value[end - 1] == ' ' || value[end - 1] == '\t'))
        --end;
    return value.sliced(begin, end - begin);
}

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

// Calls `visit` for each non-empty element of a comma-separated header list, trimmed.
template <typename Visit> void forEachListElement(QByteArrayView list, Visit visit)
{
    qsizetype from = 0;
    while (from <= list.size()) {
        qsizetype comma = list.indexOf(',', from);
        if (comma < 0)
            comma = list.size();
        const QByteArrayView element = trimmedOws(list.sliced(from, comma - from));
        if (!element.isEmpty())
            visit(element);
        from = comma + 1;
    }
}

bool hasListToken(QByteArrayView list, QByteArrayView token)
{
    bool found = false;
    forEachListElement(
        list, [&](QByteArrayView element) { found = found || equalsIgnoreCase(element, token); });
    return found;
}

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 425:
        return "Too Early";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        break;
    }
    if (status >= 200 && status < 300)
        return "Success";
    if (status >= 300 && status < 400)
        return "Redirection";
    if (status >= 400 && status < 500)
        return "Client Error";
    return "Server Error";
}

QByteArray clientCommonName(QTcpSocket *socket)
{
    const auto *tls = qobject_cast<QSslSocket *>(socket);
    if (!tls)
        return {};
    return tls->peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0).toUtf8();
}

SimulatedResponse errorResponse(int status, QByteArrayView code, QByteArrayView message)
{
    SimulatedResponse response;
    response.status = status;
    response.body.reserve(40 + code.size() + message.size());
    response.body.append(R"({"error":{"code":")")
        .append(code)
        .append(R"(","message":")")
        .append(message)
        .append(R"("}})");
    return response;
}

} // namespace

/// One accepted connection: parses requests, asks the server for the answers, writes them in
/// order. Lives on the server's thread; owned by the server (QObject child) and deleted later once
/// finished. No Q_OBJECT: it has no signals or slots, it is only parent and context of its socket
/// and timers.
class SimulatedHttpConnection final : public QObject
{
    Q_DISABLE_COPY_MOVE(SimulatedHttpConnection)

public:
    SimulatedHttpConnection(SimulatedHttpServer *server, QTcpSocket *socket);

    /// Aborts the connection at once, without telling the server (which already forgot it).
    void drop();

private:
    enum class State {
        RequestLine,
        Headers,
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Delaying, ///< a complete request waits for its delayed answer; nothing more is read
        Hung, ///< never answers; input is discarded
        Draining, ///< answered and closing; input is discarded until the client closes
        Finished,
    };
    enum class Step { Continue, NeedMore, Stop };

    void handleReadyRead();
    void handleBytesWritten();
    void handleDelayElapsed();
    void processInput();
    void readAvailable();
    void discardInput();

    /// Takes one line (LF or CRLF terminated) from the buffer; returns the bytes consumed
    /// including the terminator, or -1 if no complete line is buffered.
    qsizetype takeLine(QByteArrayView &line);

    Step parseRequestLine();
    Step parseHeaders();
    Step headersComplete();
    Step parseFixedBody();
    Step parseChunkSize();
    Step parseChunkData();
    Step parseChunkDataEnd();
    Step parseTrailers();
    Step requestComplete();

    /// Queues the answer; returns whether the connection must close after it.
    bool writeResponse(const SimulatedResponse &response, bool headRequest, bool close);
    Step fail(int status, QByteArrayView code, QByteArrayView message);
    void closeGracefully();
    void shutdownWriteWhenFlushed();
    void resetConnection();
    void finish();

    SimulatedHttpServer *const m_server;
    QTcpSocket *const m_socket; ///< a QSslSocket, already encrypted, over TLS
    const bool m_tls;
    const QByteArray m_clientCommonName;
    QTimer *m_delayTimer = nullptr;
    State m_state = State::RequestLine;

    QByteArray m_buffer;
    qsizetype m_pos = 0; ///< start of unparsed input in m_buffer
    qsizetype m_searchFrom = 0; ///< where the search for the next LF goes on

    HttpExchange m_current;
    qsizetype m_headBytes = 0;
    qint64 m_remaining = 0; ///< body (or chunk) bytes still to read
    bool m_http11 = true;
    bool m_keepAlive = true;

    SimulatedResponse m_delayed;
    bool m_delayedHead = false;

    bool m_processing = false;
    bool m_shutdownPending = false;
};

SimulatedHttpConnection::SimulatedHttpConnection(SimulatedHttpServer *server, QTcpSocket *socket)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_tls(qobject_cast<QSslSocket *>(socket) != nullptr)
    , m_clientCommonName(clientCommonName(socket))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(SocketReadBufferBytes);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &SimulatedHttpConnection::handleReadyRead);
    connect(
        m_socket, &QTcpSocket::bytesWritten, this, &SimulatedHttpConnection::handleBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &SimulatedHttpConnection::finish);
    m_current.headers.reserve(16);
    // A TLS socket comes handed over after its handshake, and the first request may have been
    // decrypted along with the handshake's last record: its readyRead is already past.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(
            this, [this] { handleReadyRead(); }, Qt::QueuedConnection);
}

void SimulatedHttpConnection::drop()
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    disconnect(m_socket, nullptr, this, nullptr);
    if (m_delayTimer)
        m_delayTimer->stop();
    m_socket->abort();
    deleteLater();
}

void SimulatedHttpConnection::finish()
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    disconnect(m_socket, nullptr, this, nullptr);
    if (m_delayTimer)
        m_delayTimer->stop();
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();
    m_server->connectionFinished(this);
}

void SimulatedHttpConnection::handleReadyRead()
{
    switch (m_state) {
    case State::Hung:
    case State::Draining:
        discardInput();
        return;
    case State::Delaying:
    case State::Finished:
        // Left in the socket (whose buffer is bounded) until the pending answer is written.
        return;
    default:
        break;
    }
    if (m_processing)
        return; // re-entered from a behaviour that spins the event loop; the outer loop reads on
    processInput();
}

void SimulatedHttpConnection::handleBytesWritten()
{
    if (m_shutdownPending && m_socket->bytesToWrite() == 0)
        shutdownWriteWhenFlushed();
}

void SimulatedHttpConnection::handleDelayElapsed()
{
    if (m_state != State::Delaying)
        return;
    const bool close = writeResponse(m_delayed, m_delayedHead, !m_keepAlive);
    m_delayed = {};
    if (close) {
        closeGracefully();
        return;
    }
    m_state = State::RequestLine;
    processInput();
}

void SimulatedHttpConnection::readAvailable()
{
    if (m_buffer.isEmpty())
        m_buffer = m_socket->readAll();
    else
        m_buffer.append(m_socket->readAll());
}

void SimulatedHttpConnection::discardInput()
{
    m_buffer.clear();
    m_pos = 0;
    m_searchFrom = 0;
    m_socket->skip(m_socket->bytesAvailable());
}

void SimulatedHttpConnection::processInput()
{
    m_processing = true;
    readAvailable();
    for (;;) {
        Step step = Step::Stop;
        switch (m_state) {
        case State::RequestLine:
            step = parseRequestLine();
            break;
        case State::Headers:
            step = parseHeaders();
            break;
        case State::FixedBody:
            step = parseFixedBody();
            break;
        case State::ChunkSize:
            step = parseChunkSize();
            break;
        case State::ChunkData:
            step = parseChunkData();
            break;
        case State::ChunkDataEnd:
            step = parseChunkDataEnd();
            break;
        case State::Trailers:
            step = parseTrailers();
            break;
        case State::Delaying:
        case State::Hung:
        case State::Draining:
        case State::Finished:
            step = Step::Stop;
            break;
        }
        if (step == Step::Continue)
            continue;
        if (step == Step::NeedMore && m_socket->bytesAvailable() > 0) {
            readAvailable();
            continue;
        }
        break;
    }
    m_processing = false;
    if (m_state == State::Finished)
        return;

    // Keep only the unparsed rest, so that pipelined input does not pile up in front of it.
    if (m_pos >= m_buffer.size()) {
        m_buffer.clear();
        m_searchFrom = 0;
    } else if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_searchFrom = std::max<qsizetype>(0, m_searchFrom - m_pos);
    }
    m_pos = 0;
}

qsizetype SimulatedHttpConnection::takeLine(QByteArrayView &line)
{
    const qsizetype newline = m_buffer.indexOf('\n', std::max(m_searchFrom, m_pos));
    if (newline < 0) {
        m_searchFrom = m_buffer.size();
        return -1;
    }
    qsizetype end = newline;
    if (end > m_pos && m_buffer.at(end - 1) == '\r')
        --end;
    line = QByteArrayView(m_buffer.constData() + m_pos, end - m_pos);
    const qsizetype consumed = newline + 1 - m_pos;
    m_pos = newline + 1;
    m_searchFrom = m_pos;
    return consumed;
}

SimulatedHttpConnection::Step SimulatedHttpConnection::parseRequestLine()
{
    QByteArrayView line;
    const qsizetype consumed = takeLine(line);
    if (consumed < 0) {
        if (m_headBytes + (m_buffer.size() - m_pos) > SimulatedHttpServer::MaxHeaderSectionBytes)
            return fail(431, "header_too_large", "request header section exceeds 64 KiB");
        // Refuse what cannot become a request line (a TLS handshake, binary noise) at once
        // instead of waiting for a line end that may never come.
        const qsizetype end = std::min(m_buffer.size(), m_pos + MethodPrefixCheckBytes);
        for (qsizetype i = m_pos; i < end; ++i) {
            const char c = m_buffer.at(i);
            if (c == ' ' || c == '\r')
                break;
            if (!isTokenChar(c))
                return fail(400, "bad_request_line", "malformed request line");
        }
        return Step::NeedMore;
    }
    m_headBytes += consumed;
    if (m_headBytes > SimulatedHttpServer::MaxHeaderSectionBytes)
        return fail(431, "header_too_large", "request header section exceeds 64 KiB");
    if (line.isEmpty())
        return Step::Continue; // empty lines before a request line are ignored (RFC 9112 §2.2)

    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype secondSpace = firstSpace > 0 ? line.indexOf(' ', firstSpace + 1) : -1;
    if (secondSpace < 0)
        return fail(400, "bad_request_line", "malformed request line");
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(secondSpace + 1);
    if (!isToken(method) || !isRequestTarget(target))
        return fail(400, "bad_request_line", "malformed request line");
    const bool versionWellFormed = version.size() == 8 && version.startsWith("HTTP/")
        && version[5] >= '0' && version[5] <= '9' && version[6] == '.' && version[7] >= '0'
        && version[7] <= '9';
    if (!versionWellFormed)
        return fail(400, "bad_request_line", "malformed HTTP version");
    if (version[5] != '1')
        return fail(505, "http_version_not_supported", "only HTTP/1.x is supported");

    m_http11 = version[7] != '0';
    m_current.method = method.toByteArray();
    m_current.target = target.toByteArray();
    m_state = State::Headers;
    return Step::Continue;
}

SimulatedHttpConnection::Step SimulatedHttpConnection::parseHeaders()
{
    for (;;) {
        QByteArrayView line;
        const qsizetype consumed = takeLine(line);
        if (consumed < 0) {
            if (m_headBytes + (m_buffer.size() - m_pos)
                > SimulatedHttpServer::MaxHeaderSectionBytes)
                return fail(431, "header_too_large", "request header section exceeds 64 KiB");
            return Step::NeedMore;
        }
        m_headBytes += consumed;
        if (m_headBytes > SimulatedHttpServer::MaxHeaderSectionBytes)
            return fail(431, "header_too_large", "request header section exceeds 64 KiB");
        if (line.isEmpty())
            return headersComplete();

        // No whitespace may precede the colon and obsolete line folding is refused
        // (RFC 9112 §5.1, §5.2): both are request smuggling vectors.
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(400, "bad_header", "malformed header field");
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        if (!isToken(name) || !isFieldValue(value))
            return fail(400, "bad_header", "malformed header field");
        m_current.headers.append({ name.toByteArray(), value.toByteArray() });
    }
}

SimulatedHttpConnection::Step SimulatedHttpConnection::headersComplete()
{
    qint64 contentLength = -1;
    bool chunked = false;
    bool unsupportedCoding = false;
    bool expectContinue = false;
    m_keepAlive = m_http11;
    for (const auto &[name, value] : std::as_const(m_current.headers)) {
        if (equalsIgnoreCase(name, "Content-Length")) {
            const bool digits = !value.isEmpty()
                && std::all_of(
                    value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits)
                return fail(400, "bad_content_length", "malformed Content-Length");
            const qint64 length
                = value.size() > 18 ? std::numeric_limits<qint64>::max() : value.toLongLong();
            if (contentLength >= 0 && contentLength != length)
                return fail(400, "bad_content_length", "conflicting Content-Length headers");
            contentLength = length;
        } else if (equalsIgnoreCase(name, "Transfer-Encoding")) {
            forEachListElement(value, [&](QByteArrayView coding) {
                // chunked must be the last coding and appear once; anything else is undecodable.
                if (chunked || !equalsIgnoreCase(coding, "chunked"))
                    unsupportedCoding = true;
                chunked = true;
            });
        } else if (equalsIgnoreCase(name, "Connection")) {
            if (hasListToken(value, "close"))
                m_keepAlive = false;
        } else if (equalsIgnoreCase(name, "Expect")) {
            expectContinue = equalsIgnoreCase(value, "100-continue");
        }
    }
    if (unsupportedCoding)
        return fail(
            501, "unsupported_transfer_coding", "only the chunked transfer-coding is supported");

    bool bodyFollows = false;
    if (chunked) {
        // Content-Length next to Transfer-Encoding is ignored, and the connection is not
        // reused after such a message (RFC 9112 §6.1).
        if (contentLength >= 0)
            m_keepAlive = false;
        m_state = State::ChunkSize;
        bodyFollows = true;
    } else if (contentLength > SimulatedHttpServer::MaxBodyBytes) {
        return fail(413, "body_too_large", "request body exceeds 64 MiB");
    } else if (contentLength > 0) {
        m_remaining = contentLength;
        m_current.body.reserve(qsizetype(std::min<qint64>(contentLength, 1024 * 1024)));
        m_state = State::FixedBody;
        bodyFollows = true;
    }
    if (!bodyFollows)
        return requestComplete();
    if (expectContinue && m_http11)
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    return Step::Continue;
}

SimulatedHttpConnection::Step SimulatedHttpConnection::parseFixedBody()
{
    const qsizetype available = m_buffer.size() - m_pos;
    if (available == 0)
        return Step::NeedMore;
    const qsizetype take = qsizetype(std::min<qint64>(available, m_remaining));
    if (m_current.body.isEmpty() && take == m_remaining)
        m_current.body = m_buffer.mid(m_pos, take); // whole body at once: one copy, or none
    else
        m_current.body.append(m_buffer.constData() + m_pos, take);
    m_pos += take;
    m_remaining -= take;
    if (m_remaining > 0)
        return Step::NeedMore;
    return requestComplete();
}

SimulatedHttpConnection::Step SimulatedHttpConnection::parseChunkSize()
{
    QByteArrayView line;
    const qsizetype consumed = takeLine(line);
    if (consumed < 0) {
        if (m_buffer.size() - m_pos > MaxChunkSizeLineBytes)
            return fail(400, "bad_chunk", "chunk size line too long");
        return Step::NeedMore;
    }
    if (consumed > MaxChunkSizeLineBytes)
        return fail(400, "bad_chunk", "chunk size line too long");

    qint64 size = 0;
    qsizetype digits = 0;
    for (; digits < line.size(); ++digits) {
        const char c = line[digits];
        int value = -1;
        if (c >= '0' && c <= '9')
            value = c - '0';
        else if (c >= 'a' && c <= 'f')
            value = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            value = c - 'A' + 10;
        if (value < 0)
            break;
        if (digits >= 15)
            return fail(413, "body_too_large", "request body exceeds 64 MiB");
        size = size * 16 + value;
    }
    const QByteArrayView rest = trimmedOws(line.sliced(digits));
    if (digits == 0 || (!rest.isEmpty() && !rest.startsWith(';')))
        return fail(400, "bad_chunk", "malformed chunk size");
    if (size == 0) {
        m_headBytes = 0; // the trailer section has its own limit
        m_state = State::Trailers;
        return Step::Continue;
    }
    if (m_current.body.size() + size > SimulatedHttpServer::MaxBodyBytes)
        return fail(413, "body_too_large", "request body exceeds 64 MiB");
    m_remaining = size;
    m_state = State::ChunkData;
    return Step::Continue;
}

SimulatedHttpConnection::Step SimulatedHttpConnection::parseChunkData()
{
    const qsizetype available = m_buffer.size() - m_pos;
    if (available == 0)
        return Step::NeedMore;
    const qsizetype take = qsizetype(std::min<qint64>(available, m_remaining));
    m_current.body.append(m_buffer.constData() + m_pos, take);
    m_pos += take;
    m_remaining -= take;
    if (m_remaining > 0)
        return Step::NeedMore;
    m_state = State::ChunkDataEnd;
    return Step::Continue;
}

SimulatedHttpConnection::Step SimulatedHttpConnection::parseChunkDataEnd()
{
    const qsizetype available = m_buffer.size() - m_pos;
    if (available == 0)
        return Step::NeedMore;
    if (m_buffer.at(m_pos) == '\n') {
        m_pos += 1;
    } else if (m_buffer.at(m_pos) == '\r') {
        if (available < 2)
            return Step::NeedMore;
        if (m_buffer.at(m_pos + 1) != '\n')
            return fail(400, "bad_chunk", "chunk data not followed by CRLF");
        m_pos += 2;
    } else {
        return fail(400, "bad_chunk", "chunk data not followed by CRLF");
    }
    m_searchFrom = m_pos;
    m_state = State::ChunkSize;
    return Step::Continue;
}

SimulatedHttpConnection::Step SimulatedHttpConnection::parseTrailers()
{
    for (;;) {
        QByteArrayView line;
        const qsizetype consumed = takeLine(line);
        if (consumed < 0) {
            if (m_headBytes + (m_buffer.size() - m_pos)
                > SimulatedHttpServer::MaxHeaderSectionBytes)
                return fail(431, "header_too_large", "request trailer section exceeds 64 KiB");
            return Step::NeedMore;
        }
        m_headBytes += consumed;
        if (m_headBytes > SimulatedHttpServer::MaxHeaderSectionBytes)
            return fail(431, "header_too_large", "request trailer section exceeds 64 KiB");
        if (line.isEmpty())
            return requestComplete();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))
            || !isFieldValue(trimmedOws(line.sliced(colon + 1))))
            return fail(400, "bad_header", "malformed trailer field");
        // Trailer fields are read and dropped: no simulated target looks at them.
    }
}

SimulatedHttpConnection::Step SimulatedHttpConnection::requestComplete()
{
    HttpExchange exchange = std::exchange(m_current, {});
    exchange.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    exchange.clientCertificateCommonName = m_clientCommonName;
    m_current.headers.reserve(16);
    m_headBytes = 0;
    m_remaining = 0;
    m_state = State::RequestLine;
    const bool headRequest = exchange.method == "HEAD";

    SimulatedResponse response = m_server->exchangeCompleted(exchange);
    if (m_state == State::Finished)
        return Step::Stop; // the behaviour closed the server, and this connection with it

    switch (response.action) {
    case SimulatedResponse::Action::Respond:
        if (response.delayMs > 0) {
            m_state = State::Delaying;
            m_delayed = std::move(response);
            m_delayedHead = headRequest;
            if (!m_delayTimer) {
                m_delayTimer = new QTimer(this);
                m_delayTimer->setSingleShot(true);
                // Precise: a delayed answer must never come before the delay is over.
                m_delayTimer->setTimerType(Qt::PreciseTimer);
                connect(m_delayTimer, &QTimer::timeout, this,
                    &SimulatedHttpConnection::handleDelayElapsed);
            }
            m_delayTimer->start(m_delayed.delayMs);
            return Step::Stop;
        }
        if (writeResponse(response, headRequest, !m_keepAlive)) {
            closeGracefully();
            return Step::Stop;
        }
        return Step::Continue;
    case SimulatedResponse::Action::Hang:
        m_state = State::Hung;
        discardInput();
        return Step::Stop;
    case SimulatedResponse::Action::Reset:
        resetConnection();
        return Step::Stop;
    case SimulatedResponse::Action::Close:
        closeGracefully();
        return Step::Stop;
    }
    return Step::Stop;
}

bool SimulatedHttpConnection::writeResponse(
    const SimulatedResponse &response, bool headRequest, bool close)
{
    int status = response.status;
    if (status < 200 || status > 999) {
        qCWarning(lcServer) << "behaviour returned invalid status" << status << "- answering 500";
        status = 500;
    }
    const bool bodyAllowed = status != 204 && status != 304;
    const bool sendBody = bodyAllowed && !headRequest;

    QByteArray out;
    out.reserve(192 + response.headers.size() * 48 + (sendBody ? response.body.size() : 0));
    out.append("HTTP/1.1 ").append(QByteArray::number(status)).append(' ');
    out.append(reasonPhrase(status)).append("\r\n");

    bool hasDate = false;
    bool hasContentType = false;
    for (const auto &[name, value] : response.headers) {
        // The server frames the message itself, so framing headers from a behaviour are dropped.
        if (equalsIgnoreCase(name, "Content-Length") || equalsIgnoreCase(name, "Transfer-Encoding"))
            continue;
        if (equalsIgnoreCase(name, "Connection")) {
            close = close || hasListToken(value, "close");
            continue;
        }
        hasDate = hasDate || equalsIgnoreCase(name, "Date");
        hasContentType = hasContentType || equalsIgnoreCase(name, "Content-Type");
        out.append(name).append(": ").append(value).append("\r\n");
    }
    if (!hasDate)
        out.append("Date: ").append(m_server->dateHeaderValue()).append("\r\n");
    if (!hasContentType && bodyAllowed)
        out.append("Content-Type: application/json\r\n");
    if (status != 204)
        out.append("Content-Length: ")
            .append(QByteArray::number(response.body.size()))
            .append("\r\n");
    if (close)
        out.append("Connection: close\r\n");
    out.append("\r\n");
    if (sendBody)
        out.append(response.body);
    m_socket->write(out);
    return close;
}

SimulatedHttpConnection::Step SimulatedHttpConnection::fail(
    int status, QByteArrayView code, QByteArrayView message)
{
    qCDebug(lcServer) << "refusing request from port" << m_socket->peerPort() << "with" << status
                      << message;
    m_keepAlive = false;
    writeResponse(errorResponse(status, code, message), false, true);
    closeGracefully();
    return Step::Stop;
}

void SimulatedHttpConnection::closeGracefully()
{
    // Half-close and drain instead of closing at once: closing a socket with unread input sends
    // a reset, and the client may then lose the answer that is already on its way.
    m_state = State::Draining;
    discardInput();
    QTimer::singleShot(LingerMs, this, &SimulatedHttpConnection::finish);
    shutdownWriteWhenFlushed();
}

void SimulatedHttpConnection::shutdownWriteWhenFlushed()
{
    if (m_tls) {
        // A half-close under TLS would skip close_notify, and the client would report a truncated
        // stream: QSslSocket flushes, sends close_notify and then closes.
        m_socket->disconnectFromHost();
        return;
    }
    m_socket->flush();
    if (m_socket->bytesToWrite() > 0) {
        m_shutdownPending = true; // handleBytesWritten() comes back here
        return;
    }
    m_shutdownPending = false;
#if defined(Q_OS_UNIX)
    if (::shutdown(int(m_socket->socketDescriptor()), SHUT_WR) == 0)
        return; // the client's close ends the connection (disconnected → finish)
#endif
    m_socket->disconnectFromHost();
}

void SimulatedHttpConnection::resetConnection()
{
#if defined(Q_OS_UNIX)
    // A zero linger time makes close() send RST instead of FIN.
    const linger noLinger { 1, 0 };
    ::setsockopt(
        int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
#endif
    m_socket->abort();
    finish();
}

// ---------------------------------------------------------------------------------------------

QByteArray HttpExchange::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (equalsIgnoreCase(key, name))
            return value;
    }
    return {};
}

SimulatedHttpServer::SimulatedHttpServer(Behaviour behaviour, QObject *parent)
    : QObject(parent)
    , m_behaviour(std::make_shared<const Behaviour>(std::move(behaviour)))
{
    createListener();
}

void SimulatedHttpServer::createListener()
{
    if (m_listener) {
        disconnect(m_listener, nullptr, this, nullptr);
        m_listener->deleteLater();
    }
    if (m_tlsConfiguration.isNull()) {
        m_listener = new QTcpServer(this);
        connect(m_listener, &QTcpServer::newConnection, this,
            &SimulatedHttpServer::handleNewConnections);
    } else {
        auto *listener = new QSslServer(this);
        listener->setSslConfiguration(m_tlsConfiguration);
        // QSslServer hands a socket over only once its handshake succeeded, and says so with
        // pendingConnectionAvailable: newConnection comes at accept time, before the handshake.
        connect(listener, &QSslServer::pendingConnectionAvailable, this,
            &SimulatedHttpServer::handleNewConnections);
        connect(listener, &QSslServer::sslErrors, this,
            [this](QSslSocket *socket, const QList<QSslError> &errors) {
                QStringList texts;
                texts.reserve(errors.size());
                for (const QSslError &error : errors)
                    texts.append(error.errorString());
                handleTlsErrors(socket, texts);
            });
        connect(listener, &QSslServer::alertReceived, this,
            [this](QSslSocket *socket, QSsl::AlertLevel level, QSsl::AlertType,
                const QString &description) {
                if (level != QSsl::AlertLevel::Warning)
                    handleTlsErrors(socket, { QString(u"TLS alert received: " + description) });
            });
        connect(listener, &QSslServer::errorOccurred, this,
            [this](QSslSocket *socket, QAbstractSocket::SocketError error) {
                handleTlsHandshakeFailed(socket, error);
            });
        m_listener = listener;
    }
    m_listener->setProxy(QNetworkProxy::NoProxy);
    // Hundreds of clients may connect at once (tests, load demos); the default backlog of 50
    // would make the kernel drop SYNs and the clients retry only after a second.
    m_listener->setListenBacklogSize(1024);
    m_listener->setMaxPendingConnections(1024);
}

SimulatedHttpServer::~SimulatedHttpServer() { close(); }

quint16 SimulatedHttpServer::listen(quint16 port)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (m_listener->isListening()) {
        const quint16 current = m_listener->serverPort();
        return port == 0 || port == current ? current : quint16(0);
    }
    if (!m_listener->listen(QHostAddress::LocalHost, port)) {
        qCWarning(lcServer) << "cannot listen on 127.0.0.1 port" << port << ":"
                            << m_listener->errorString();
        return 0;
    }
    m_port = m_listener->serverPort();
    return m_port;
}

void SimulatedHttpServer::close()
{
    Q_ASSERT(thread() == QThread::currentThread());
    m_listener->close();
    const QSet<SimulatedHttpConnection *> connections = std::exchange(m_connections, {});
    for (SimulatedHttpConnection *connection : connections)
        connection->drop();
    // Sockets still in their TLS handshake belong to the QSslServer, which would keep them until
    // the handshake ends or times out: an outage drops them too.
    const QList<QSslSocket *> handshaking
        = m_listener->findChildren<QSslSocket *>(Qt::FindDirectChildrenOnly);
    for (QSslSocket *socket : handshaking) {
        handleTlsErrors(socket, {});
        m_handshakes[socket].failed = true; // closed by the server: not a handshake failure
        socket->abort();
        socket->deleteLater();
    }
}

bool SimulatedHttpServer::isListening() const { return m_listener->isListening(); }

quint16 SimulatedHttpServer::port() const { return m_port; }

QUrl SimulatedHttpServer::url(const QString &path) const
{
    QUrl url;
    url.setScheme(isTls() ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    const qsizetype query = path.indexOf(u'?');
    QString pathPart = query < 0 ? path : path.left(query);
    if (!pathPart.startsWith(u'/'))
        pathPart.prepend(u'/');
    url.setPath(pathPart);
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    return url;
}

bool SimulatedHttpServer::setTlsConfiguration(const QSslConfiguration &configuration)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (m_listener->isListening())
        return false;
    if (!configuration.isNull()
        && (configuration.localCertificate().isNull() || configuration.privateKey().isNull()))
        return false;
    m_tlsConfiguration = configuration;
    // The server speaks HTTP/1.1 only: without this a client offering h2 by ALPN might pick it.
    if (!m_tlsConfiguration.isNull())
        m_tlsConfiguration.setAllowedNextProtocols(
            { QByteArray(QSslConfiguration::NextProtocolHttp1_1) });
    createListener();
    return true;
}

QSslConfiguration SimulatedHttpServer::tlsConfiguration() const { return m_tlsConfiguration; }

bool SimulatedHttpServer::isTls() const { return !m_tlsConfiguration.isNull(); }

int SimulatedHttpServer::tlsHandshakeFailureCount() const { return m_tlsHandshakeFailures; }

QStringList SimulatedHttpServer::lastTlsHandshakeErrors() const { return m_lastTlsErrors; }

void SimulatedHttpServer::setBehaviour(Behaviour behaviour)
{
    Q_ASSERT(thread() == QThread::currentThread());
    m_behaviour = std::make_shared<const Behaviour>(std::move(behaviour));
}

int SimulatedHttpServer::requestCount() const
{
    return int(std::min<qint64>(m_requestCount, std::numeric_limits<int>::max()));
}

int SimulatedHttpServer::acceptedConnectionCount() const { return m_acceptedConnections; }

int SimulatedHttpServer::openConnectionCount() const { return int(m_connections.size()); }

QList<HttpExchange> SimulatedHttpServer::takeReceived()
{
    Q_ASSERT(thread() == QThread::currentThread());
    return std::exchange(m_received, {});
}

void SimulatedHttpServer::setRecording(bool recording)
{
    Q_ASSERT(thread() == QThread::currentThread());
    m_recording = recording;
    if (!recording)
        m_received.clear();
}

void SimulatedHttpServer::handleNewConnections()
{
    while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
        if (m_acceptedConnections < std::numeric_limits<int>::max())
            ++m_acceptedConnections;
        m_connections.insert(new SimulatedHttpConnection(this, socket));
    }
}

void SimulatedHttpServer::handleTlsErrors(QSslSocket *socket, const QStringList &errors)
{
    auto found = m_handshakes.find(socket);
    if (found == m_handshakes.end()) {
        found = m_handshakes.insert(socket, {});
        // Only the address is used: the socket is half destroyed when this runs.
        connect(socket, &QObject::destroyed, this, [this, socket] { m_handshakes.remove(socket); });
    }
    found->errors.append(errors);
}

void SimulatedHttpServer::handleTlsHandshakeFailed(
    QSslSocket *socket, QAbstractSocket::SocketError error)
{
    handleTlsErrors(socket, {});
    Handshake &handshake = m_handshakes[socket];
    if (handshake.failed)
        return;
    handshake.failed = true;
    if (m_tlsHandshakeFailures < std::numeric_limits<int>::max())
        ++m_tlsHandshakeFailures;
    m_lastTlsErrors = std::exchange(handshake.errors, {});
    // QSslServer reports its handshake timeout on a socket that holds no error of its own.
    const QString socketError = error == QAbstractSocket::SocketTimeoutError
        ? QStringLiteral("TLS handshake timed out")
        : socket->errorString();
    // After a refused certificate the socket's error repeats the last verification error.
    if (!m_lastTlsErrors.contains(socketError))
        m_lastTlsErrors.append(socketError);
    qCDebug(lcServer) << "TLS handshake from port" << socket->peerPort()
                      << "failed:" << m_lastTlsErrors;
    Q_EMIT tlsHandshakeFailed(m_lastTlsErrors);
}

SimulatedResponse SimulatedHttpServer::exchangeCompleted(const HttpExchange &exchange)
{
    ++m_requestCount;
    if (m_recording) {
        if (m_received.size() >= MaxRecordedExchanges)
            m_received.removeFirst();
        m_received.append(exchange);
    }
    // Hold the behaviour: it may replace itself through setBehaviour() while it runs.
    const std::shared_ptr<const Behaviour> behaviour = m_behaviour;
    try {
        Q_EMIT requestReceived(exchange);
        if (!*behaviour)
            return {};
        return (*behaviour)(exchange);
    } catch (const std::exception &e) {
        qCWarning(lcServer) << "behaviour threw:" << e.what();
    } catch (...) {
        qCWarning(lcServer) << "behaviour threw an unknown exception";
    }
    return errorResponse(500, "behaviour_failed", "the simulated behaviour threw an exception");
}

void SimulatedHttpServer::connectionFinished(SimulatedHttpConnection *connection)
{
    m_connections.remove(connection);
    connection->deleteLater();
}

QByteArray SimulatedHttpServer::dateHeaderValue()
{
    const qint64 second = QDateTime::currentSecsSinceEpoch();
    if (second != m_dateSecond) {
        m_dateSecond = second;
        // HTTP dates are English and GMT whatever the user's locale (RFC 9110 §5.6.7).
        m_dateValue = QLocale::c()
                          .toString(QDateTime::fromSecsSinceEpoch(second, Qt::UTC),
                              QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                          .toLatin1();
    }
    return m_dateValue;
}

} // namespace Tandem::Demo
