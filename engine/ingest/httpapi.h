// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QHostAddress>
#include <QObject>

#include "engine/core/error.h"

class QHttpServer;

namespace Tandem {

class Engine;

/// The engine's HTTP endpoint (DESIGN.md §4): GET /metrics (Prometheus text of every running
/// target) and GET /v1/health. The ingest routes join it later.
///
/// Thread: lives on the engine's thread; the Engine must outlive it.
/// Errors: listen() fails with a message naming the address when the port is taken.
class HttpApi final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpApi)

public:
    explicit HttpApi(Engine &engine, QObject *parent = nullptr);
    ~HttpApi() override;

    /// Listens on `address`:`port` (0 picks a free port); returns the port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);

private:
    Engine &m_engine;
    std::unique_ptr<QHttpServer> m_server;
};

} // namespace Tandem
