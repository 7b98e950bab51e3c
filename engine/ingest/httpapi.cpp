// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/httpapi.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonObject>

#include "engine/dispatch/engine.h"
#include "engine/metrics/prometheustext.h"

namespace Tandem {

HttpApi::HttpApi(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_server(std::make_unique<QHttpServer>())
{
    m_server->route(QStringLiteral("/metrics"), QHttpServerRequest::Method::Get, [this] {
        return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"),
            prometheusText(m_engine.metrics()));
    });
    m_server->route(QStringLiteral("/v1/health"), QHttpServerRequest::Method::Get, [this] {
        const bool up = m_engine.isRunning();
        return QHttpServerResponse(QJsonObject { { QStringLiteral("status"),
                                       up ? QStringLiteral("ok") : QStringLiteral("stopping") } },
            up ? QHttpServerResponse::StatusCode::Ok
               : QHttpServerResponse::StatusCode::ServiceUnavailable);
    });
}

HttpApi::~HttpApi() = default;

Result<quint16> HttpApi::listen(const QHostAddress &address, quint16 port)
{
    const quint16 bound = m_server->listen(address, port);
    if (bound == 0)
        return fail(Error::io(QStringLiteral(
            "cannot listen on %1:%2 (is the port in use? choose another with --listen)")
                                  .arg(address.toString())
                                  .arg(port)));
    return bound;
}

} // namespace Tandem
