// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <expected>
#include <memory>
#include <vector>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <stdexcept>

#if defined(Q_OS_UNIX)
#include <arpa/inet.h>
#include <climits>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include "app/demo/simulatedhttpserver.h"
#include "tests/support/testpki.h"

using namespace Tandem::Demo;
using Tandem::Test::TestPki;

namespace {

using Action = SimulatedResponse::Action;

SimulatedResponse json(int status, const QByteArray &body)
{
    SimulatedResponse response;
    response.status = status;
    response.body = body;
    return response;
}

SimulatedResponse echoTarget(const HttpExchange &exchange) { return json(200, exchange.target); }

/// The error of `result` for a QVERIFY2 message: Qt 6.4 evaluates the message also on success.
template <typename T> QByteArray failure(const std::expected<T, QString> &result)
{
    return result ? QByteArray() : result.error().toLocal8Bit();
}

struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

/// A client on a plain QTcpSocket that writes raw bytes and parses the answers (framed by
/// Content-Length, as the server always frames them).
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.setProxy(QNetworkProxy::NoProxy);
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] {
            m_data.append(m_socket.readAll());
            parse();
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    QTcpSocket &socket() { return m_socket; }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    const QList<RawResponse> &responses() const { return m_responses; }
    bool sawContinue() const { return m_sawContinue; }

    bool waitForResponses(qsizetype count, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return m_responses.size() >= count; }, timeoutMs);
    }
    bool waitForClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
            [&] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }

private:
    void parse()
    {
        for (;;) {
            const qsizetype headEnd = m_data.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            RawResponse response;
            const QList<QByteArray> lines = m_data.left(headEnd).split('\n');
            response.status = lines.first().mid(9, 3).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                response.headers.append({ line.left(colon), line.mid(colon + 1).trimmed() });
            }
            if (response.status >= 100 && response.status < 200) {
                m_sawContinue = true;
                m_data.remove(0, headEnd + 4);
                continue;
            }
            const qsizetype length = response.header("Content-Length").toLongLong();
            if (m_data.size() < headEnd + 4 + length)
                return;
            response.body = m_data.mid(headEnd + 4, length);
            m_data.remove(0, headEnd + 4 + length);
            m_responses.append(response);
        }
    }

    QTcpSocket m_socket;
    QByteArray m_data;
    QList<RawResponse> m_responses;
    bool m_sawContinue = false;
};

QByteArray simpleGet(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

#if defined(Q_OS_UNIX)
/// Sends one request on a plain POSIX socket and reports what recv() then sees, so that a reset
/// (-ECONNRESET) can be told from an orderly close (0); a positive value is a byte count.
int recvOutcome(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return INT_MIN;
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // A loopback connect completes in the kernel's accept queue: it does not wait for the server.
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
        return INT_MIN;
    const QByteArray request = simpleGet("/");
    if (::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) != request.size())
        return INT_MIN;
    int outcome = INT_MIN;
    const bool seen = QTest::qWaitFor(
        [&] {
            char buffer[512];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return false;
            outcome = n < 0 ? -errno : int(n);
            return true;
        },
        5000);
    return seen ? outcome : INT_MIN;
}
#endif

} // namespace

class tst_SimulatedHttpServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void urlPointsAtLoopback();
    void respondsWithStatusHeadersAndBody_data();
    void respondsWithStatusHeadersAndBody();
    void keepAliveReusesOneConnection();
    void rawKeepAliveReusesOneSocket();
    void pipelinedRequestsAnsweredInOrder();
    void connectionHandling_data();
    void connectionHandling();
    void requestHeadersAndBodyAreRecorded();
    void recordingCanBeTurnedOff();
    void chunkedRequestBodyIsDecoded_data();
    void chunkedRequestBodyIsDecoded();
    void expectContinueIsAnswered();
    void delayedAnswerDoesNotBlockOtherConnections();
    void clientLeavingDuringDelayIsForgotten();
    void hangTimesOutTheClient();
    void brokenAnswersAreErrors_data();
    void brokenAnswersAreErrors();
    void outageRefusesConnectionsUntilListeningAgain();
    void hostileInputIsRefused_data();
    void hostileInputIsRefused();
    void throwingBehaviourAnswers500();
    void behaviourMayCloseTheServer();
    void manyConcurrentConnections();

    void httpsWithTrustedCa();
    void httpsWithWrongCaFails();
    void mutualTls_data();
    void mutualTls();
    void plainClientOnTlsPortIsClosed();
    void outageDropsHandshakesInProgress();
    void tlsConfigurationOnlyWhileNotListening();

private:
    std::unique_ptr<SimulatedHttpServer> startServer(SimulatedHttpServer::Behaviour behaviour);
    std::unique_ptr<SimulatedHttpServer> startTlsServer(
        SimulatedHttpServer::Behaviour behaviour, TestPki::ClientCertificates clientCertificates);
    bool waitFinished(QNetworkReply *reply, int timeoutMs = 5000);

    std::unique_ptr<QNetworkAccessManager> m_nam;
    QTemporaryDir m_pkiDir;
    std::expected<TestPki::Files, QString> m_pki = std::unexpected(QStringLiteral("not generated"));
};

void tst_SimulatedHttpServer::initTestCase()
{
    QVERIFY2(m_pkiDir.isValid(), qPrintable(m_pkiDir.errorString()));
    // Once for all tests: the TLS tests need it, and a missing openssl fails only them.
    m_pki = TestPki::generate(m_pkiDir.path());
}

void tst_SimulatedHttpServer::init()
{
    // A fresh manager per test: no keep-alive connection leaks from one test into the next.
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_nam->setProxy(QNetworkProxy::NoProxy);
}

void tst_SimulatedHttpServer::cleanup() { m_nam.reset(); }

std::unique_ptr<SimulatedHttpServer> tst_SimulatedHttpServer::startServer(
    SimulatedHttpServer::Behaviour behaviour)
{
    auto server = std::make_unique<SimulatedHttpServer>(std::move(behaviour));
    if (server->listen() == 0)
        return nullptr;
    return server;
}

std::unique_ptr<SimulatedHttpServer> tst_SimulatedHttpServer::startTlsServer(
    SimulatedHttpServer::Behaviour behaviour, TestPki::ClientCertificates clientCertificates)
{
    if (!m_pki)
        return nullptr;
    const auto configuration = TestPki::serverConfiguration(*m_pki, clientCertificates);
    if (!configuration)
        return nullptr;
    auto server = std::make_unique<SimulatedHttpServer>(std::move(behaviour));
    if (!server->setTlsConfiguration(*configuration) || server->listen() == 0)
        return nullptr;
    return server;
}

bool tst_SimulatedHttpServer::waitFinished(QNetworkReply *reply, int timeoutMs)
{
    return QTest::qWaitFor([reply] { return reply->isFinished(); }, timeoutMs);
}

void tst_SimulatedHttpServer::urlPointsAtLoopback()
{
    auto server = startServer(echoTarget);
    QVERIFY(server);
    QVERIFY(server->isListening());
    const QString base = QStringLiteral("http://127.0.0.1:") + QString::number(server->port());
    QCOMPARE(server->url().toString(), base + u'/');
    QCOMPARE(server->url(QStringLiteral("/orders")).toString(), base + QStringLiteral("/orders"));
    QCOMPARE(server->url(QStringLiteral("/a/b?x=1&y=2")).toString(),
        base + QStringLiteral("/a/b?x=1&y=2"));
    QCOMPARE(server->listen(), server->port()); // already listening: same port
}

void tst_SimulatedHttpServer::respondsWithStatusHeadersAndBody_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("headerValue");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expectedContentType");
    QTest::addColumn<QByteArray>("expectedBody");

    QTest::addRow("GET 200 json") << QByteArray("GET") << 200 << QByteArray() << QByteArray()
                                  << QByteArray(R"({"ok":true})") << QByteArray("application/json")
                                  << QByteArray(R"({"ok":true})");
    QTest::addRow("POST 201 own content type")
        << QByteArray("POST") << 201 << QByteArray("Content-Type") << QByteArray("text/plain")
        << QByteArray("created") << QByteArray("text/plain") << QByteArray("created");
    QTest::addRow("503 with Retry-After")
        << QByteArray("POST") << 503 << QByteArray("Retry-After") << QByteArray("2")
        << QByteArray(R"({"error":"busy"})") << QByteArray("application/json")
        << QByteArray(R"({"error":"busy"})");
    QTest::addRow("429 with Retry-After date")
        << QByteArray("PUT") << 429 << QByteArray("Retry-After")
        << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << QByteArray()
        << QByteArray("application/json") << QByteArray();
    QTest::addRow("DELETE 204") << QByteArray("DELETE") << 204 << QByteArray() << QByteArray()
                                << QByteArray("ignored") << QByteArray() << QByteArray();
    QTest::addRow("HEAD 200") << QByteArray("HEAD") << 200 << QByteArray() << QByteArray()
                              << QByteArray("not sent") << QByteArray("application/json")
                              << QByteArray();
}

void tst_SimulatedHttpServer::respondsWithStatusHeadersAndBody()
{
    QFETCH(QByteArray, verb);
    QFETCH(int, status);
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, headerValue);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expectedContentType);
    QFETCH(QByteArray, expectedBody);

    auto server = startServer([&](const HttpExchange &) {
        SimulatedResponse response = json(status, body);
        if (!headerName.isEmpty())
            response.headers.append({ headerName, headerValue });
        return response;
    });
    QVERIFY(server);

    QNetworkRequest request(server->url(QStringLiteral("/things")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    // QNAM knows a HEAD answer has no body only when it is sent as head().
    QNetworkReply *reply = verb == "HEAD"
        ? m_nam->head(request)
        : m_nam->sendCustomRequest(request, verb, QByteArrayLiteral("{}"));
    QVERIFY(waitFinished(reply));

    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    QCOMPARE(reply->readAll(), expectedBody);
    QCOMPARE(reply->rawHeader("Content-Type"), expectedContentType);
    if (!headerName.isEmpty())
        QCOMPARE(reply->rawHeader(headerName), headerValue);
    if (status != 204)
        QCOMPARE(reply->rawHeader("Content-Length"), QByteArray::number(body.size()));
    const QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(reply->rawHeader("Date")),
        QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    QVERIFY2(date.isValid(), reply->rawHeader("Date").constData());

    const QList<HttpExchange> received = server->takeReceived();
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().method, verb);
    QCOMPARE(received.first().target, QByteArray("/things"));
}

void tst_SimulatedHttpServer::keepAliveReusesOneConnection()
{
    auto server = startServer(echoTarget);
    QVERIFY(server);
    for (int i = 0; i < 20; ++i) {
        const QString path = QStringLiteral("/r/") + QString::number(i);
        QNetworkReply *reply = m_nam->get(QNetworkRequest(server->url(path)));
        QVERIFY(waitFinished(reply));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->readAll(), path.toLatin1());
        reply->deleteLater();
    }
    QCOMPARE(server->requestCount(), 20);
    QCOMPARE(server->acceptedConnectionCount(), 1);
}

void tst_SimulatedHttpServer::rawKeepAliveReusesOneSocket()
{
    auto server = startServer(echoTarget);
    QVERIFY(server);
    RawClient client(server->port());
    for (int i = 0; i < 20; ++i) {
        const QByteArray target = "/raw/" + QByteArray::number(i);
        client.send(simpleGet(target));
        QVERIFY(client.waitForResponses(i + 1));
        QCOMPARE(client.responses().last().body, target);
        QVERIFY(client.responses().last().header("Connection").isEmpty());
    }
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(server->acceptedConnectionCount(), 1);
    QCOMPARE(server->openConnectionCount(), 1);
}

void tst_SimulatedHttpServer::pipelinedRequestsAnsweredInOrder()
{
    // The first answer is delayed: the later ones must still come after it.
    auto server = startServer([](const HttpExchange &exchange) {
        SimulatedResponse response = echoTarget(exchange);
        if (exchange.target == "/first")
            response.delayMs = 150;
        return response;
    });
    QVERIFY(server);
    RawClient client(server->port());
    client.send(simpleGet("/first")
        + "POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" + simpleGet("/third"));
    QVERIFY(client.waitForResponses(3));
    QCOMPARE(client.responses().at(0).body, QByteArray("/first"));
    QCOMPARE(client.responses().at(1).body, QByteArray("/second"));
    QCOMPARE(client.responses().at(2).body, QByteArray("/third"));
    QCOMPARE(server->acceptedConnectionCount(), 1);
    const QList<HttpExchange> received = server->takeReceived();
    QCOMPARE(received.size(), 3);
    QCOMPARE(received.at(1).body, QByteArray("abc"));
}

void tst_SimulatedHttpServer::connectionHandling_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("behaviourCloses");
    QTest::addColumn<bool>("expectClosed");

    QTest::addRow("HTTP/1.1 stays open") << simpleGet("/") << false << false;
    QTest::addRow("HTTP/1.1 Connection: close")
        << simpleGet("/", "Connection: close\r\n") << false << true;
    QTest::addRow("HTTP/1.1 Connection token list")
        << simpleGet("/", "connection: keep-alive, Close\r\n") << false << true;
    QTest::addRow("HTTP/1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false << true;
    QTest::addRow("HTTP/1.0 keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false << true;
    QTest::addRow("behaviour answers Connection: close") << simpleGet("/") << true << true;
}

void tst_SimulatedHttpServer::connectionHandling()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, behaviourCloses);
    QFETCH(bool, expectClosed);

    auto server = startServer([&](const HttpExchange &exchange) {
        SimulatedResponse response = echoTarget(exchange);
        if (behaviourCloses)
            response.headers.emplaceBack("Connection", "close");
        return response;
    });
    QVERIFY(server);
    RawClient client(server->port());
    client.send(request);
    QVERIFY(client.waitForResponses(1));
    QCOMPARE(client.responses().first().status, 200);
    QCOMPARE(client.responses().first().body, QByteArray("/"));
    if (expectClosed) {
        QCOMPARE(client.responses().first().header("Connection"), QByteArray("close"));
        QVERIFY(client.waitForClosed());
        QTRY_COMPARE(server->openConnectionCount(), 0);
    } else {
        // Still open: a second request on the same socket is answered.
        client.send(simpleGet("/again"));
        QVERIFY(client.waitForResponses(2));
        QCOMPARE(client.responses().last().body, QByteArray("/again"));
        QCOMPARE(server->acceptedConnectionCount(), 1);
    }
}

void tst_SimulatedHttpServer::requestHeadersAndBodyAreRecorded()
{
    auto server = startServer(echoTarget);
    QVERIFY(server);
    QSignalSpy spy(server.get(), &SimulatedHttpServer::requestReceived);

    QNetworkRequest request(server->url(QStringLiteral("/orders?tenant=7")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Idempotency-Key", "key-123");
    request.setRawHeader("X-Tandem-Attempt", "3");
    const QByteArray body = R"({"order":42,"items":[1,2,3]})";
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QNetworkReply *reply = m_nam->post(request, body);
    QVERIFY(waitFinished(reply));
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(reply->error(), QNetworkReply::NoError);

    QCOMPARE(spy.size(), 1);
    const auto signalled = spy.first().first().value<HttpExchange>();
    QCOMPARE(signalled.body, body);

    const QList<HttpExchange> received = server->takeReceived();
    QCOMPARE(received.size(), 1);
    const HttpExchange &exchange = received.first();
    QCOMPARE(exchange.method, QByteArray("POST"));
    QCOMPARE(exchange.target, QByteArray("/orders?tenant=7"));
    QCOMPARE(exchange.body, body);
    QCOMPARE(exchange.header("Idempotency-Key"), QByteArray("key-123"));
    QCOMPARE(exchange.header("idempotency-key"), QByteArray("key-123"));
    QCOMPARE(exchange.header("X-TANDEM-ATTEMPT"), QByteArray("3"));
    QCOMPARE(exchange.header("content-type"), QByteArray("application/json"));
    QCOMPARE(exchange.header("Content-Length"), QByteArray::number(body.size()));
    QVERIFY(exchange.header("X-Missing").isEmpty());
    const bool nameAsSent = std::any_of(exchange.headers.cbegin(), exchange.headers.cend(),
        [](const auto &header) { return header.first == "Idempotency-Key"; });
    QVERIFY(nameAsSent);
    QVERIFY(exchange.receivedAtMs >= before && exchange.receivedAtMs <= after);

    QVERIFY(server->takeReceived().isEmpty()); // taken means cleared
}

void tst_SimulatedHttpServer::recordingCanBeTurnedOff()
{
    auto server = startServer(echoTarget);
    QVERIFY(server);
    server->setRecording(false);
    QSignalSpy spy(server.get(), &SimulatedHttpServer::requestReceived);
    RawClient client(server->port());
    client.send(simpleGet("/a") + simpleGet("/b"));
    QVERIFY(client.waitForResponses(2));
    QCOMPARE(server->requestCount(), 2);
    QCOMPARE(spy.size(), 2); // the signal still comes
    QVERIFY(server->takeReceived().isEmpty());

    server->setRecording(true);
    client.send(simpleGet("/c"));
    QVERIFY(client.waitForResponses(3));
    const QList<HttpExchange> received = server->takeReceived();
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().target, QByteArray("/c"));
}

void tst_SimulatedHttpServer::chunkedRequestBodyIsDecoded_data()
{
    QTest::addColumn<QByteArrayList>("pieces");
    QTest::addColumn<QByteArray>("expectedBody");

    QTest::addRow("one write") << QByteArrayList { "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n" }
                               << QByteArray("hello world");
    QTest::addRow("extensions and trailer")
        << QByteArrayList { "5;name=value\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n" }
        << QByteArray("hello");
    QTest::addRow("upper-case hex, split everywhere") << QByteArrayList { "A", "\r\n0123",
        "456789\r", "\n1", "0\r\n0123456789abcdef", "\r\n0\r", "\n\r\n" }
                                                      << QByteArray("01234567890123456789abcdef");
    QTest::addRow("bare LF line ends") << QByteArrayList { "3\nabc\n0\n\n" } << QByteArray("abc");
    QTest::addRow("empty body") << QByteArrayList { "0\r\n\r\n" } << QByteArray();
    QByteArray large(200'000, 'x');
    QTest::addRow("large chunk") << QByteArrayList { "30d40\r\n", large, "\r\n0\r\n\r\n" } << large;
}

void tst_SimulatedHttpServer::chunkedRequestBodyIsDecoded()
{
    QFETCH(QByteArrayList, pieces);
    QFETCH(QByteArray, expectedBody);

    auto server = startServer([](const HttpExchange &exchange) {
        return json(200, QByteArray::number(exchange.body.size()));
    });
    QVERIFY(server);
    RawClient client(server->port());
    client.send("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (const QByteArray &piece : std::as_const(pieces)) {
        client.send(piece);
        // Not a wait for a result: it only makes the pieces likely to arrive as separate reads.
        QTest::qWait(5);
    }
    // A second request on the same connection proves the body ended where it should.
    client.send(simpleGet("/after"));
    QVERIFY(client.waitForResponses(2));
    QCOMPARE(client.responses().at(0).status, 200);
    QCOMPARE(client.responses().at(0).body, QByteArray::number(expectedBody.size()));
    const QList<HttpExchange> received = server->takeReceived();
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.first().body, expectedBody);
    QCOMPARE(received.first().header("transfer-encoding"), QByteArray("chunked"));
    QCOMPARE(received.last().target, QByteArray("/after"));
}

void tst_SimulatedHttpServer::expectContinueIsAnswered()
{
    auto server
        = startServer([](const HttpExchange &exchange) { return json(200, exchange.body); });
    QVERIFY(server);
    RawClient client(server->port());
    client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return client.sawContinue(); }, 5000));
    QVERIFY(client.responses().isEmpty());
    client.send("hello");
    QVERIFY(client.waitForResponses(1));
    QCOMPARE(client.responses().first().body, QByteArray("hello"));
}

void tst_SimulatedHttpServer::delayedAnswerDoesNotBlockOtherConnections()
{
    constexpr int delayMs = 500;
    auto server = startServer([](const HttpExchange &exchange) {
        SimulatedResponse response = echoTarget(exchange);
        if (exchange.target == "/slow")
            response.delayMs = delayMs;
        return response;
    });
    QVERIFY(server);

    QElapsedTimer elapsed;
    elapsed.start();
    QNetworkReply *slow = m_nam->get(QNetworkRequest(server->url(QStringLiteral("/slow"))));
    QTRY_COMPARE(server->requestCount(), 1);

    RawClient fast(server->port());
    fast.send(simpleGet("/fast"));
    QVERIFY(fast.waitForResponses(1));
    QCOMPARE(fast.responses().first().body, QByteArray("/fast"));
    QVERIFY(!slow->isFinished()); // the fast answer did not wait for the slow one

    QVERIFY(waitFinished(slow));
    QVERIFY(elapsed.elapsed() >= delayMs);
    QCOMPARE(slow->error(), QNetworkReply::NoError);
    QCOMPARE(slow->readAll(), QByteArray("/slow"));
}

void tst_SimulatedHttpServer::clientLeavingDuringDelayIsForgotten()
{
    auto server = startServer([](const HttpExchange &exchange) {
        SimulatedResponse response = echoTarget(exchange);
        response.delayMs = 60'000;
        return response;
    });
    QVERIFY(server);
    RawClient client(server->port());
    client.send(simpleGet("/slow"));
    QTRY_COMPARE(server->requestCount(), 1);
    QCOMPARE(server->openConnectionCount(), 1);
    client.socket().abort();
    QTRY_COMPARE(server->openConnectionCount(), 0);
}

void tst_SimulatedHttpServer::hangTimesOutTheClient()
{
    auto server = startServer([](const HttpExchange &) {
        SimulatedResponse response;
        response.action = Action::Hang;
        return response;
    });
    QVERIFY(server);

    QNetworkRequest request(server->url(QStringLiteral("/hang")));
    request.setTransferTimeout(300);
    QElapsedTimer elapsed;
    elapsed.start();
    QNetworkReply *reply = m_nam->get(request);
    QVERIFY(waitFinished(reply));
    // QNAM's transfer timer is a coarse timer (±5 %): allow it to fire a little early.
    QVERIFY2(elapsed.elapsed() >= 250, QByteArray::number(elapsed.elapsed()).constData());
    QVERIFY2(reply->error() == QNetworkReply::OperationCanceledError
            || reply->error() == QNetworkReply::TimeoutError,
        qPrintable(reply->errorString()));
    QVERIFY(!reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid());
    QCOMPARE(server->requestCount(), 1);
    // The client gave up and closed; the server lets go of the connection too.
    QTRY_COMPARE(server->openConnectionCount(), 0);
}

void tst_SimulatedHttpServer::brokenAnswersAreErrors_data()
{
    QTest::addColumn<Action>("action");
    QTest::addColumn<int>("expectedRecv");

    QTest::addRow("reset") << Action::Reset << -ECONNRESET;
    QTest::addRow("close") << Action::Close << 0;
}

void tst_SimulatedHttpServer::brokenAnswersAreErrors()
{
    QFETCH(Action, action);
    QFETCH(int, expectedRecv);

    auto server = startServer([&](const HttpExchange &) {
        SimulatedResponse response = json(200, "{}");
        response.action = action;
        return response;
    });
    QVERIFY(server);

    QNetworkReply *reply = m_nam->get(QNetworkRequest(server->url(QStringLiteral("/broken"))));
    QVERIFY(waitFinished(reply));
    QVERIFY2(reply->error() != QNetworkReply::NoError, "a broken answer must be an error");
    QVERIFY(!reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid());
    QVERIFY(server->requestCount() >= 1);

#if defined(Q_OS_UNIX)
    QCOMPARE(recvOutcome(server->port()), expectedRecv);
#else
    Q_UNUSED(expectedRecv);
#endif
    QTRY_COMPARE(server->openConnectionCount(), 0);
}

void tst_SimulatedHttpServer::outageRefusesConnectionsUntilListeningAgain()
{
    auto server = startServer(echoTarget);
    QVERIFY(server);
    const quint16 port = server->port();
    QNetworkReply *before = m_nam->get(QNetworkRequest(server->url(QStringLiteral("/before"))));
    QVERIFY(waitFinished(before));
    QCOMPARE(before->error(), QNetworkReply::NoError);

    server->close();
    QVERIFY(!server->isListening());
    QCOMPARE(server->openConnectionCount(), 0);
    QCOMPARE(server->port(), port);

    QNetworkReply *during = m_nam->get(QNetworkRequest(server->url(QStringLiteral("/during"))));
    QVERIFY(waitFinished(during));
    QCOMPARE(during->error(), QNetworkReply::ConnectionRefusedError);

    RawClient raw(port);
    QVERIFY(raw.waitForClosed());
    QCOMPARE(raw.socket().error(), QAbstractSocket::ConnectionRefusedError);

    QCOMPARE(server->listen(port), port);
    QVERIFY(server->isListening());
    QNetworkReply *after = m_nam->get(QNetworkRequest(server->url(QStringLiteral("/after"))));
    QVERIFY(waitFinished(after));
    QCOMPARE(after->error(), QNetworkReply::NoError);
    QCOMPARE(after->readAll(), QByteArray("/after"));
}

void tst_SimulatedHttpServer::hostileInputIsRefused_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    const QByteArray chunkedHead
        = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    QByteArray manyHeaders = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 2000; ++i)
        manyHeaders += "X-Header-" + QByteArray::number(i) + ": " + QByteArray(40, 'v') + "\r\n";
    manyHeaders += "\r\n";

    QTest::addRow("one header over 64 KiB")
        << QByteArray("GET / HTTP/1.1\r\nX-Big: " + QByteArray(70'000, 'a') + "\r\n\r\n") << 431;
    QTest::addRow("header section over 64 KiB") << manyHeaders << 431;
    QTest::addRow("request line over 64 KiB without line end")
        << QByteArray("GET /" + QByteArray(70'000, 'a')) << 431;
    QTest::addRow("Content-Length over 64 MiB")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 67108865\r\n\r\n") << 413;
    QTest::addRow("Content-Length beyond 64 bits")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 413;
    QTest::addRow("chunk over 64 MiB") << QByteArray(chunkedHead + "4000001\r\n") << 413;
    QTest::addRow("TLS handshake")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400;
    QTest::addRow("NUL bytes") << QByteArray("\0\0\0\0\r\n\r\n", 8) << 400;
    QTest::addRow("one word") << QByteArray("hello\r\n\r\n") << 400;
    QTest::addRow("no version") << QByteArray("GET /\r\n\r\n") << 400;
    QTest::addRow("bad version") << QByteArray("GET / HTTP/x.y\r\n\r\n") << 400;
    QTest::addRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
    QTest::addRow("header without colon")
        << QByteArray("GET / HTTP/1.1\r\nBadHeader\r\n\r\n") << 400;
    QTest::addRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::addRow("obsolete line folding")
        << QByteArray("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n") << 400;
    QTest::addRow("control character in value")
        << QByteArray("GET / HTTP/1.1\r\nX-A: a\x01z\r\n\r\n") << 400;
    QTest::addRow("bare CR in value") << QByteArray("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n") << 400;
    QTest::addRow("non-numeric Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n") << 400;
    QTest::addRow("conflicting Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
        << 400;
    QTest::addRow("unknown transfer-coding")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
    QTest::addRow("malformed chunk size") << QByteArray(chunkedHead + "zz\r\n") << 400;
    QTest::addRow("chunk data without CRLF") << QByteArray(chunkedHead + "3\r\nabcX\r\n") << 400;
}

void tst_SimulatedHttpServer::hostileInputIsRefused()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);

    auto server = startServer(echoTarget);
    QVERIFY(server);
    RawClient client(server->port());
    client.send(request);
    QVERIFY(client.waitForResponses(1));
    const RawResponse &response = client.responses().first();
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("Connection"), QByteArray("close"));
    QCOMPARE(response.header("Content-Type"), QByteArray("application/json"));
    // (no raw string literal inside a macro: moc's preprocessor does not understand them)
    QVERIFY(response.body.startsWith("{\"error\":{\"code\":\""));
    QVERIFY(client.waitForClosed());
    QCOMPARE(server->requestCount(), 0);
    QTRY_COMPARE(server->openConnectionCount(), 0);
}

void tst_SimulatedHttpServer::throwingBehaviourAnswers500()
{
    auto server = startServer(
        [](const HttpExchange &) -> SimulatedResponse { throw std::runtime_error("boom"); });
    QVERIFY(server);
    QTest::ignoreMessage(QtWarningMsg, "behaviour threw: boom");
    RawClient client(server->port());
    client.send(simpleGet("/"));
    QVERIFY(client.waitForResponses(1));
    QCOMPARE(client.responses().first().status, 500);

    server->setBehaviour(echoTarget);
    client.send(simpleGet("/recovered"));
    QVERIFY(client.waitForResponses(2));
    QCOMPARE(client.responses().last().status, 200);
}

void tst_SimulatedHttpServer::behaviourMayCloseTheServer()
{
    SimulatedHttpServer *raw = nullptr;
    auto server = startServer([&](const HttpExchange &exchange) {
        if (exchange.target == "/down") {
            raw->close();
            raw->setBehaviour(echoTarget); // replaces the running behaviour: must be safe
        }
        return echoTarget(exchange);
    });
    QVERIFY(server);
    raw = server.get();
    RawClient client(server->port());
    client.send(simpleGet("/down") + simpleGet("/never"));
    QVERIFY(client.waitForClosed());
    QVERIFY(client.responses().isEmpty());
    QCOMPARE(server->requestCount(), 1);
    QVERIFY(!server->isListening());
}

void tst_SimulatedHttpServer::manyConcurrentConnections()
{
    constexpr int clientCount = 300;
    int peakOpen = 0;
    SimulatedHttpServer *raw = nullptr;
    auto server = startServer([&](const HttpExchange &exchange) {
        peakOpen = std::max(peakOpen, raw->openConnectionCount());
        SimulatedResponse response = echoTarget(exchange);
        response.delayMs = 100; // keeps the connections open side by side
        return response;
    });
    QVERIFY(server);
    raw = server.get();

    std::vector<std::unique_ptr<RawClient>> clients;
    clients.reserve(clientCount);
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(std::make_unique<RawClient>(server->port()));
        clients.back()->send(simpleGet("/client/" + QByteArray::number(i)));
    }
    const bool allAnswered = QTest::qWaitFor(
        [&] {
            return std::all_of(clients.cbegin(), clients.cend(),
                [](const auto &client) { return client->responses().size() == 1; });
        },
        30'000);
    QVERIFY(allAnswered);
    for (int i = 0; i < clientCount; ++i) {
        QCOMPARE(clients[i]->responses().first().status, 200);
        QCOMPARE(
            clients[i]->responses().first().body, QByteArray("/client/" + QByteArray::number(i)));
    }
    QCOMPARE(server->acceptedConnectionCount(), clientCount);
    QCOMPARE(server->requestCount(), clientCount);
    QVERIFY2(peakOpen > 1, QByteArray::number(peakOpen).constData());
    qDebug() << "peak open connections:" << peakOpen;
}

void tst_SimulatedHttpServer::httpsWithTrustedCa()
{
    QVERIFY2(m_pki, failure(m_pki).constData());
    auto server = startTlsServer(echoTarget, TestPki::ClientCertificates::NotRequested);
    QVERIFY(server);
    QVERIFY(server->isTls());
    QCOMPARE(server->url(QStringLiteral("/secure?x=1")).toString(),
        QStringLiteral("https://127.0.0.1:") + QString::number(server->port())
            + QStringLiteral("/secure?x=1"));

    const auto client = TestPki::clientConfiguration(m_pki->caCert);
    QVERIFY2(client, failure(client).constData());
    for (int i = 0; i < 3; ++i) {
        QNetworkRequest request(server->url(QStringLiteral("/secure")));
        request.setSslConfiguration(*client);
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_nam->post(request, QByteArrayLiteral("{}"));
        QVERIFY(waitFinished(reply));
        QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(reply->errorString()));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->readAll(), QByteArray("/secure"));
        // The server offers http/1.1 only, although QNAM asks for h2 first.
        QVERIFY(!reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool());
        QCOMPARE(
            reply->sslConfiguration().peerCertificate().subjectInfo(QSslCertificate::CommonName),
            QStringList { QStringLiteral("localhost") });
        reply->deleteLater();
    }
    QCOMPARE(server->acceptedConnectionCount(), 1); // keep-alive works over TLS too

    const QList<HttpExchange> received = server->takeReceived();
    QCOMPARE(received.size(), 3);
    QCOMPARE(received.first().body, QByteArray("{}"));
    QVERIFY(received.first().clientCertificateCommonName.isEmpty());
    QCOMPARE(server->tlsHandshakeFailureCount(), 0);
    QVERIFY(server->lastTlsHandshakeErrors().isEmpty());
}

void tst_SimulatedHttpServer::httpsWithWrongCaFails()
{
    QVERIFY2(m_pki, failure(m_pki).constData());
    auto server = startTlsServer(echoTarget, TestPki::ClientCertificates::NotRequested);
    QVERIFY(server);
    const auto client = TestPki::clientConfiguration(m_pki->wrongCaCert);
    QVERIFY2(client, failure(client).constData());

    QNetworkRequest request(server->url(QStringLiteral("/secure")));
    request.setSslConfiguration(*client);
    QNetworkReply *reply = m_nam->get(request);
    QSignalSpy sslErrors(reply, &QNetworkReply::sslErrors);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::SslHandshakeFailedError);
    QCOMPARE(sslErrors.size(), 1);
    const auto errors = sslErrors.first().first().value<QList<QSslError>>();
    QStringList texts;
    for (const QSslError &error : errors)
        texts.append(error.errorString());
    qDebug() << "client-side errors:" << texts;
    const bool issuerUnknown = std::any_of(errors.cbegin(), errors.cend(), [](const QSslError &e) {
        return e.error() == QSslError::UnableToGetLocalIssuerCertificate;
    });
    QVERIFY2(issuerUnknown, qPrintable(texts.join(QStringLiteral("; "))));

    // The client gave up on the handshake: the server counts it and forgets the socket.
    QTRY_COMPARE(server->tlsHandshakeFailureCount(), 1);
    qDebug() << "server-side errors:" << server->lastTlsHandshakeErrors();
    QVERIFY(!server->lastTlsHandshakeErrors().isEmpty());
    QCOMPARE(server->requestCount(), 0);
    QCOMPARE(server->openConnectionCount(), 0);
}

void tst_SimulatedHttpServer::mutualTls_data()
{
    QTest::addColumn<QString>("clientCertificate"); ///< which TestPki client certificate, if any
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<int>("serverError"); ///< QSslError::SslError the server reports

    QTest::addRow("certificate from the client CA")
        << QStringLiteral("client") << true << int(QSslError::NoError);
    QTest::addRow("no certificate") << QString() << false << int(QSslError::NoPeerCertificate);
    QTest::addRow("certificate from another CA") << QStringLiteral(
        "wrong-client") << false << int(QSslError::UnableToGetLocalIssuerCertificate);
}

void tst_SimulatedHttpServer::mutualTls()
{
    QFETCH(QString, clientCertificate);
    QFETCH(bool, accepted);
    QFETCH(int, serverError);
    QVERIFY2(m_pki, failure(m_pki).constData());

    auto server = startTlsServer(
        [](const HttpExchange &exchange) {
            return json(200, exchange.clientCertificateCommonName);
        },
        TestPki::ClientCertificates::Required);
    QVERIFY(server);
    QSignalSpy failures(server.get(), &SimulatedHttpServer::tlsHandshakeFailed);

    QString certPath;
    QString keyPath;
    if (clientCertificate == u"client") {
        certPath = m_pki->clientCert;
        keyPath = m_pki->clientKey;
    } else if (clientCertificate == u"wrong-client") {
        certPath = m_pki->wrongClientCert;
        keyPath = m_pki->wrongClientKey;
    }
    const auto client = TestPki::clientConfiguration(m_pki->caCert, certPath, keyPath);
    QVERIFY2(client, failure(client).constData());
    QNetworkRequest request(server->url(QStringLiteral("/who")));
    request.setSslConfiguration(*client);
    QNetworkReply *reply = m_nam->get(request);
    QVERIFY(waitFinished(reply));

    if (accepted) {
        QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(reply->errorString()));
        QCOMPARE(reply->readAll(), QByteArray("tandem-client"));
        QCOMPARE(server->takeReceived().first().clientCertificateCommonName,
            QByteArray("tandem-client"));
        QCOMPARE(server->tlsHandshakeFailureCount(), 0);
        return;
    }
    // Under TLS 1.3 the client's handshake is over before the server has checked the client's
    // certificate: the client sees the connection closed (RemoteHostClosedError, after QNAM's
    // retries, each of them a failed handshake), not SslHandshakeFailedError.
    qDebug() << "client-side error:" << reply->error() << reply->errorString();
    QVERIFY(reply->error() != QNetworkReply::NoError);
    QVERIFY(!reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid());
    QVERIFY(failures.size() > 0 || failures.wait(5000));
    QVERIFY(server->tlsHandshakeFailureCount() >= 1);
    const QString expected = QSslError(QSslError::SslError(serverError)).errorString();
    QVERIFY2(server->lastTlsHandshakeErrors().contains(expected),
        qPrintable(server->lastTlsHandshakeErrors().join(QStringLiteral("; "))));
    QCOMPARE(server->requestCount(), 0);
    QTRY_COMPARE(server->openConnectionCount(), 0);
    // Nor does a socket of a failed handshake linger anywhere under the server.
    QTRY_VERIFY(server->findChildren<QSslSocket *>().isEmpty());

    // The server is unharmed: a client with the right certificate still gets in.
    const auto good
        = TestPki::clientConfiguration(m_pki->caCert, m_pki->clientCert, m_pki->clientKey);
    QVERIFY2(good, failure(good).constData());
    QNetworkAccessManager fresh;
    fresh.setProxy(QNetworkProxy::NoProxy);
    request.setSslConfiguration(*good);
    QNetworkReply *again = fresh.get(request);
    QVERIFY(waitFinished(again));
    QVERIFY2(again->error() == QNetworkReply::NoError, qPrintable(again->errorString()));
    QCOMPARE(again->readAll(), QByteArray("tandem-client"));
}

void tst_SimulatedHttpServer::plainClientOnTlsPortIsClosed()
{
    QVERIFY2(m_pki, failure(m_pki).constData());
    auto server = startTlsServer(echoTarget, TestPki::ClientCertificates::NotRequested);
    QVERIFY(server);
    RawClient raw(server->port());
    raw.send(simpleGet("/plain"));
    QVERIFY(raw.waitForClosed());
    QVERIFY(raw.responses().isEmpty());
    QCOMPARE(server->requestCount(), 0);
    QCOMPARE(server->openConnectionCount(), 0);
}

void tst_SimulatedHttpServer::outageDropsHandshakesInProgress()
{
    QVERIFY2(m_pki, failure(m_pki).constData());
    auto server = startTlsServer(echoTarget, TestPki::ClientCertificates::NotRequested);
    QVERIFY(server);
    RawClient silent(server->port()); // connects and never starts a handshake
    QTRY_COMPARE(server->findChildren<QSslSocket *>().size(), 1);
    server->close();
    QVERIFY(silent.waitForClosed());
    QTRY_VERIFY(server->findChildren<QSslSocket *>().isEmpty());
    QCOMPARE(server->tlsHandshakeFailureCount(), 0); // the server's doing, not the client's
}

void tst_SimulatedHttpServer::tlsConfigurationOnlyWhileNotListening()
{
    QVERIFY2(m_pki, failure(m_pki).constData());
    const auto tls
        = TestPki::serverConfiguration(*m_pki, TestPki::ClientCertificates::NotRequested);
    QVERIFY2(tls, failure(tls).constData());

    SimulatedHttpServer server(echoTarget);
    QVERIFY(!server.setTlsConfiguration(QSslConfiguration::defaultConfiguration())); // no key
    QVERIFY(server.setTlsConfiguration(*tls));
    QVERIFY(server.listen() != 0);
    QCOMPARE(server.url().scheme(), QStringLiteral("https"));
    QVERIFY(!server.setTlsConfiguration(QSslConfiguration())); // listening: refused
    QVERIFY(server.isTls());

    // After an outage the same port may come back as plain HTTP.
    const quint16 port = server.port();
    server.close();
    QVERIFY(server.setTlsConfiguration(QSslConfiguration()));
    QVERIFY(!server.isTls());
    QCOMPARE(server.listen(port), port);
    QCOMPARE(server.url().scheme(), QStringLiteral("http"));
    QNetworkReply *reply = m_nam->get(QNetworkRequest(server.url(QStringLiteral("/plain"))));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->readAll(), QByteArray("/plain"));
}

QTEST_GUILESS_MAIN(tst_SimulatedHttpServer)
#include "tst_simulatedhttpserver.moc"
