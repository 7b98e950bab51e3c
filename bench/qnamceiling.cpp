// SPDX-License-Identifier: GPL-3.0-or-later
//
// tandem_qnam_ceiling: the fastest a bare QNetworkAccessManager client posts to one URL on this
// machine, the ceiling bench/run compares the engine against.
//
// Fires --requests POSTs of a --body-bytes JSON body with --concurrency in flight, over HTTP/1.1
// or HTTP/2 in clear text with prior knowledge (--http2). No store, no retries, one thread.
// One manager opens at most 6 HTTP/1.1 connections per host (Qt 6.4), so for HTTP/1.1 the client
// keeps a pool of ceil(C/6) managers and gives each request to a manager with fewer than 6 in
// flight, as the engine does. Over HTTP/2 one manager multiplexes every request on one connection.
//
// Prints one JSON object on stdout:
//   {"requests", "seconds", "per_second", "cpu_us_per_request", "errors", ...}
// seconds and CPU (getrusage user + sys of this process) cover the requests only, not start-up.
// Exit status 0 when every request got a 2xx, 1 otherwise, 2 on bad arguments.

#include <algorithm>
#include <memory>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

#include <sys/resource.h>

namespace {

constexpr int ConnectionsPerManager = 6; // Qt 6.4's fixed HTTP/1.1 limit per host

qint64 cpuMicroseconds()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    const auto us = [](const timeval &t) { return qint64(t.tv_sec) * 1000000 + t.tv_usec; };
    return us(u.ru_utime) + us(u.ru_stime);
}

/// A JSON object of exactly `bytes` bytes (at least 16).
QByteArray jsonBody(int bytes)
{
    const QByteArray head = "{\"data\":\"";
    const QByteArray tail = "\"}";
    const int fill = std::max(0, bytes - int(head.size() + tail.size()));
    return head + QByteArray(fill, 'x') + tail;
}

constexpr int RequestsPerHttp2Connection = 900;

/// Fires the requests; lives on the main thread.
class CeilingClient
{
public:
    CeilingClient(QUrl url, qint64 requests, int concurrency, bool http2, QByteArray body)
        : m_url(std::move(url))
        , m_requests(requests)
        , m_concurrency(concurrency)
        , m_http2(http2)
        , m_body(std::move(body))
    {
        const int managers
            = m_http2 ? 1 : (concurrency + ConnectionsPerManager - 1) / ConnectionsPerManager;
        for (int i = 0; i < managers; ++i) {
            m_managers.push_back(std::make_unique<QNetworkAccessManager>());
            m_inFlight.push_back(0);
        }
    }

    void start()
    {
        m_cpuStart = cpuMicroseconds();
        m_clock.start();
        const qint64 first = std::min<qint64>(m_concurrency, m_requests);
        for (qint64 i = 0; i < first; ++i)
            send();
        if (m_requests == 0)
            finish();
    }

    void abort()
    {
        m_timedOut = true;
        finish();
    }

private:
    int pickManager()
    {
        if (m_http2) {
            // nginx ends an HTTP/2 connection with GOAWAY after 1,000 requests, and Qt 6.4 then
            // strands the requests queued on it; like the engine, move to a fresh connection
            // (a fresh manager) before that. Old managers stay until the end of the run.
            if (++m_handedToCurrent > RequestsPerHttp2Connection) {
                m_managers.push_back(std::make_unique<QNetworkAccessManager>());
                m_inFlight.push_back(0);
                m_current = int(m_managers.size()) - 1;
                m_handedToCurrent = 1;
            }
            return m_current;
        }
        // Round-robin over the managers with a free connection slot.
        const int n = int(m_managers.size());
        for (int k = 0; k < n; ++k) {
            const int i = (m_next + k) % n;
            if (m_inFlight[i] < ConnectionsPerManager) {
                m_next = (i + 1) % n;
                return i;
            }
        }
        Q_ASSERT(false); // never more than C <= 6 * managers in flight
        return 0;
    }

    void send()
    {
        const int i = pickManager();
        QNetworkRequest request(m_url);
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader(QByteArrayLiteral("Idempotency-Key"),
            QByteArrayLiteral("ceiling-") + QByteArray::number(m_sent));
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, m_http2);
        request.setAttribute(QNetworkRequest::Http2DirectAttribute, m_http2);
        ++m_sent;
        ++m_inFlight[i];
        QNetworkReply *reply = m_managers[i]->post(request, m_body);
        QObject::connect(
            reply, &QNetworkReply::finished, reply, [this, reply, i] { handleFinished(reply, i); });
    }

    void handleFinished(QNetworkReply *reply, int manager)
    {
        --m_inFlight[manager];
        ++m_done;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status < 200 || status > 299) {
            if (m_errors < 5) {
                QTextStream(stderr)
                    << "request failed: " << status << ' ' << reply->errorString() << '\n';
            }
            ++m_errors;
        }
        if (reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool())
            ++m_http2Used;
        reply->readAll();
        reply->deleteLater();
        if (m_finished)
            return;
        if (m_sent < m_requests)
            send();
        else if (m_done == m_requests)
            finish();
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
        const qint64 cpu = cpuMicroseconds() - m_cpuStart;
        const qint64 errors = m_errors + (m_requests - m_done);
        QJsonObject out {
            { QStringLiteral("url"), m_url.toString() },
            { QStringLiteral("protocol"), m_http2 ? QStringLiteral("h2c") : QStringLiteral("h1") },
            { QStringLiteral("concurrency"), m_concurrency },
            { QStringLiteral("managers"), int(m_managers.size()) },
            { QStringLiteral("requests"), m_done },
            { QStringLiteral("seconds"), seconds },
            { QStringLiteral("per_second"), seconds > 0 ? double(m_done) / seconds : 0.0 },
            { QStringLiteral("cpu_us_per_request"),
                m_done > 0 ? double(cpu) / double(m_done) : 0.0 },
            { QStringLiteral("errors"), errors },
            { QStringLiteral("http2_used"), m_http2Used },
            { QStringLiteral("timed_out"), m_timedOut },
        };
        QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << '\n';
        QCoreApplication::exit(errors == 0 ? 0 : 1);
    }

    QUrl m_url;
    qint64 m_requests;
    int m_concurrency;
    bool m_http2;
    QByteArray m_body;
    std::vector<int> m_inFlight;
    int m_current = 0;
    int m_handedToCurrent = 0;
    int m_next = 0;
    qint64 m_sent = 0;
    qint64 m_done = 0;
    qint64 m_errors = 0;
    qint64 m_http2Used = 0;
    qint64 m_cpuStart = 0;
    QElapsedTimer m_clock;
    bool m_finished = false;
    bool m_timedOut = false;
    // Last, so the managers (and any reply still in flight after a time-out) go first.
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_managers;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "POSTs N JSON bodies with C in flight using bare QNetworkAccessManagers; prints JSON."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(
        QStringLiteral("url"), QStringLiteral("Target URL."), QStringLiteral("URL"));
    const QCommandLineOption requestsOption(QStringLiteral("requests"),
        QStringLiteral("Number of requests."), QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"),
        QStringLiteral("Requests in flight."), QStringLiteral("C"), QStringLiteral("64"));
    const QCommandLineOption http2Option(QStringLiteral("http2"),
        QStringLiteral("HTTP/2 in clear text with prior knowledge (default HTTP/1.1)."));
    const QCommandLineOption bodyOption(QStringLiteral("body-bytes"), QStringLiteral("Body size."),
        QStringLiteral("BYTES"), QStringLiteral("1024"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout-s"),
        QStringLiteral("Give up after this many seconds."), QStringLiteral("S"),
        QStringLiteral("120"));
    parser.addOptions(
        { urlOption, requestsOption, concurrencyOption, http2Option, bodyOption, timeoutOption });
    parser.process(app);

    const QUrl url(parser.value(urlOption));
    bool okN = false, okC = false, okB = false, okT = false;
    const qint64 requests = parser.value(requestsOption).toLongLong(&okN);
    const int concurrency = parser.value(concurrencyOption).toInt(&okC);
    const int bodyBytes = parser.value(bodyOption).toInt(&okB);
    const int timeoutS = parser.value(timeoutOption).toInt(&okT);
    if (!url.isValid() || url.scheme() != QLatin1String("http") || !okN || requests < 0 || !okC
        || concurrency < 1 || !okB || bodyBytes < 16 || !okT || timeoutS < 1) {
        QTextStream(stderr)
            << "tandem_qnam_ceiling: need --url http://..., --requests >= 0, --concurrency >= 1, "
               "--body-bytes >= 16, --timeout-s >= 1\n";
        return 2;
    }

    CeilingClient client(
        url, requests, concurrency, parser.isSet(http2Option), jsonBody(bodyBytes));
    QTimer::singleShot(0, &app, [&client] { client.start(); });
    QTimer::singleShot(timeoutS * 1000, &app, [&client] { client.abort(); });
    return app.exec();
}
