// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/httpapi.h"

#include <QHttpServer>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QUrlQuery>

#include "engine/dispatch/engine.h"
#include "engine/ingest/ingesttoken.h"
#include "engine/metrics/prometheustext.h"
#include "engine/store/storejson.h"
#include "engine/store/storethread.h"

namespace Tandem {

namespace {

using Status = QHttpServerResponder::StatusCode;

QByteArray errorBody(const char *code, const QString &message)
{
    return QJsonDocument(QJsonObject { { QStringLiteral("error"),
                             QJsonObject { { QStringLiteral("code"), QLatin1StringView(code) },
                                 { QStringLiteral("message"), message } } } })
        .toJson(QJsonDocument::Compact);
}

void answer(QHttpServerResponder &responder, Status status, const QByteArray &json,
    QHttpServerResponder::HeaderList extra = {})
{
    responder.writeStatusLine(status);
    responder.writeHeader("Content-Type", "application/json");
    responder.writeHeader("Content-Length", QByteArray::number(json.size()));
    for (const auto &[name, value] : extra)
        responder.writeHeader(name, value);
    responder.writeBody(json);
}

void answerError(QHttpServerResponder &responder, Status status, const char *code,
    const QString &message, QHttpServerResponder::HeaderList extra = {})
{
    answer(responder, status, errorBody(code, message), std::move(extra));
}

IngestRequest::Headers headersOf(const QHttpServerRequest &request)
{
    return { request.value("Content-Type"), request.value("Idempotency-Key"),
        request.value("X-Partition-Key"), request.value("traceparent") };
}

// An answer that comes after the route handler returned (once the store has committed). The
// responder is move-only, so a shared pointer carries it into the callback; and the client may
// have gone meanwhile, in which case QHttpServer has deleted the socket the responder writes
// to: the answer is then dropped (the client retries with its Idempotency-Key).
class LaterAnswer
{
public:
    explicit LaterAnswer(QHttpServerResponder &&responder)
        : m_responder(std::make_shared<QHttpServerResponder>(std::move(responder)))
        , m_socket(m_responder->socket())
    {
    }
    /// The responder, or nullptr if the connection is gone.
    QHttpServerResponder *get() const { return m_socket ? m_responder.get() : nullptr; }

private:
    std::shared_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
};

} // namespace

HttpApi::HttpApi(Engine &engine, QObject *parent)
    : HttpApi(engine, Options {}, parent)
{
}

HttpApi::HttpApi(Engine &engine, Options options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_options(options)
    , m_server(std::make_unique<QHttpServer>())
{
    using Method = QHttpServerRequest::Method;
    m_server->route(QStringLiteral("/metrics"), Method::Get, [this] {
        return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"),
            prometheusText(m_engine.metrics()));
    });
    m_server->route(QStringLiteral("/v1/health"), Method::Get, [this] {
        const bool up = m_engine.isRunning();
        return QHttpServerResponse(
            QJsonObject {
                { QStringLiteral("status"),
                    up ? QStringLiteral("ok") : QStringLiteral("stopping") },
                { QStringLiteral("ingest"),
                    m_token.isEmpty() ? QStringLiteral("disabled") : QStringLiteral("ready") },
            },
            up ? QHttpServerResponse::StatusCode::Ok
               : QHttpServerResponse::StatusCode::ServiceUnavailable);
    });
    m_server->route(QStringLiteral("/v1/messages"), Method::Post,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handleSingle(request, std::move(responder));
        });
    m_server->route(QStringLiteral("/v1/messages/batch"), Method::Post,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handleBatch(request, std::move(responder));
        });
    // Qt 6.4 answers a known path with the wrong method 404; say what is allowed instead.
    const auto notAllowed = [](const char *allowed) {
        return [allowed](const QHttpServerRequest &, QHttpServerResponder &&responder) {
            answerError(responder, Status::MethodNotAllowed, "method_not_allowed",
                QStringLiteral("use %1").arg(QLatin1StringView(allowed)), { { "Allow", allowed } });
        };
    };
    for (const char *path : { "/v1/messages", "/v1/messages/batch" })
        m_server->route(QString::fromLatin1(path),
            Method::Get | Method::Put | Method::Delete | Method::Patch, notAllowed("POST"));
    m_server->route(QStringLiteral("/v1/messages/<arg>"), Method::Get,
        [this](const QString &id, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            handleMessage(id, request, std::move(responder));
        });
}

HttpApi::~HttpApi() = default;

Result<quint16> HttpApi::listen(const QHostAddress &address, quint16 port)
{
    auto *guard = new ConnectionGuard(m_options.connections);
    if (!guard->listen(address, port)) {
        const QString why = guard->errorString();
        delete guard;
        return fail(Error::io(
            QStringLiteral("cannot listen on %1:%2: %3 (is the port in use? choose another "
                           "with --listen)")
                .arg(address.toString())
                .arg(port)
                .arg(why)));
    }
    m_server->bind(guard); // the HTTP server takes it over as its child
    m_guard = guard;
    return guard->serverPort();
}

void HttpApi::setToken(const QByteArray &token)
{
    m_token = token;
    m_tokenProblem.clear();
}

void HttpApi::setTokenProblem(const QString &problem)
{
    m_token.clear();
    m_tokenProblem = problem;
}

bool HttpApi::authorize(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    if (m_token.isEmpty()) {
        answerError(responder, Status::ServiceUnavailable, "ingest_disabled",
            QStringLiteral("the ingest API cannot take messages: %1").arg(m_tokenProblem),
            { { "Retry-After", QByteArray::number(m_options.retryAfterS) } });
        return false;
    }
    const QByteArray authorization = request.value("Authorization");
    const QByteArray prefix = "Bearer ";
    if (!authorization.startsWith(prefix)) {
        answerError(responder, Status::Unauthorized, "unauthorized",
            QStringLiteral("missing \"Authorization: Bearer <token>\" (show the token with "
                           "`tandem ingest token`)"),
            { { "WWW-Authenticate", "Bearer" } });
        return false;
    }
    if (!IngestToken::matches(m_token, authorization.mid(prefix.size()).trimmed())) {
        answerError(responder, Status::Unauthorized, "unauthorized",
            QStringLiteral("the bearer token is not the ingest API's token"),
            { { "WWW-Authenticate", "Bearer error=\"invalid_token\"" } });
        return false;
    }
    return true;
}

void HttpApi::handleSingle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (!authorize(request, responder))
        return;
    enqueue(IngestRequest::single(headersOf(request), request.body(), m_options.requests), true,
        std::move(responder));
}

void HttpApi::handleBatch(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (!authorize(request, responder))
        return;
    const QString envelope
        = QUrlQuery(request.url()).queryItemValue(QStringLiteral("envelope")).toLower();
    enqueue(IngestRequest::batch(headersOf(request), request.body(),
                envelope == u"true" || envelope == u"1", m_options.requests),
        false, std::move(responder));
}

void HttpApi::enqueue(
    const IngestRequest::Parsed &parsed, bool single, QHttpServerResponder &&responder)
{
    switch (parsed.problem) {
    case IngestRequest::Problem::None:
        break;
    case IngestRequest::Problem::MalformedJson:
        answerError(responder, Status::BadRequest, "malformed_json", parsed.error);
        return;
    case IngestRequest::Problem::InvalidHeader:
        answerError(responder, Status::BadRequest, "invalid_header", parsed.error);
        return;
    case IngestRequest::Problem::UnsupportedMediaType:
        answerError(
            responder, Status::UnsupportedMediaType, "unsupported_media_type", parsed.error);
        return;
    case IngestRequest::Problem::TooManyItems:
        answerError(responder, Status::PayloadTooLarge, "too_many_items", parsed.error);
        return;
    }
    const LaterAnswer later(std::move(responder));
    const int retryAfter = m_options.retryAfterS;
    m_engine.enqueue(
        parsed.messages, this, [later, single, retryAfter](const Result<QStringList> &ids) {
            QHttpServerResponder *responder = later.get();
            if (!responder)
                return;
            if (!ids) {
                const bool backlog = ids.error().code == Error::Code::Overloaded;
                answerError(*responder, Status::ServiceUnavailable,
                    backlog                                        ? "backlog_full"
                        : ids.error().code == Error::Code::Invalid ? "not_accepted"
                                                                   : "store_unavailable",
                    QStringLiteral("%1; nothing was accepted").arg(ids.error().message),
                    { { "Retry-After", QByteArray::number(retryAfter) } });
                return;
            }
            QJsonObject body;
            if (single) {
                body.insert(QStringLiteral("id"), ids->first());
                body.insert(QStringLiteral("status_url"),
                    QString(QStringLiteral("/v1/messages/") + ids->first()));
            } else {
                body.insert(QStringLiteral("ids"), QJsonArray::fromStringList(*ids));
                body.insert(QStringLiteral("count"), ids->size());
            }
            answer(
                *responder, Status::Accepted, QJsonDocument(body).toJson(QJsonDocument::Compact));
        });
}

void HttpApi::handleMessage(
    const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (!authorize(request, responder))
        return;
    const LaterAnswer later(std::move(responder));
    m_engine.store().post<MessageView>(
        this, [id](Store &s) { return s.message(id); },
        [later, id](const Result<MessageView> &m) {
            QHttpServerResponder *responder = later.get();
            if (!responder)
                return;
            if (!m) {
                const bool missing = m.error().code == Error::Code::NotFound;
                answerError(*responder, missing ? Status::NotFound : Status::ServiceUnavailable,
                    missing ? "not_found" : "store_unavailable",
                    missing ? QStringLiteral("no message with id \"%1\"").arg(id.left(100))
                            : m.error().message);
                return;
            }
            answer(
                *responder, Status::Ok, QJsonDocument(toJson(*m)).toJson(QJsonDocument::Compact));
        },
        StoreThread::Commit::Lazy);
}

} // namespace Tandem
