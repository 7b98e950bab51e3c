// SPDX-License-Identifier: GPL-3.0-or-later
// What the tests' loopback targets (SimulatedHttpServer) answer, so that a test names the status
// it wants and not the body. Header-only; needs tandem_demo.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include "app/demo/simulatedhttpserver.h"

namespace Tandem::Testing {

/// An answer with `status` and `headers`, and a JSON body: an empty object for a success, an
/// error object otherwise.
inline Demo::SimulatedResponse answer(int status, QList<QPair<QByteArray, QByteArray>> headers = {})
{
    Demo::SimulatedResponse r;
    r.status = status;
    r.headers = std::move(headers);
    r.body = status < 300 ? QByteArrayLiteral("{}") : QByteArrayLiteral("{\"error\": \"down\"}");
    return r;
}

/// A server behaviour that gives every request answer(status).
inline Demo::SimulatedHttpServer::Behaviour answering(int status)
{
    return [status](const Demo::HttpExchange &) { return answer(status); };
}

} // namespace Tandem::Testing
