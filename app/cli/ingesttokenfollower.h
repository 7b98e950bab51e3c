// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

#include "engine/core/error.h"
#include "engine/secrets/secretresolver.h"

namespace Tandem {
class Engine;
class HttpApi;
class SecretStore;
class SqliteStore;
} // namespace Tandem

namespace Tandem::Cli {

/// Gives the ingest API of `tandem serve` its token and keeps it current: the data directory's
/// token from the OS keychain (created on first start), or an explicit reference (`env:` or
/// `file:`) for headless servers. Every few seconds it looks again, so that `tandem ingest token
/// --rotate` (or a rewritten token file) takes effect without a restart. Without a token the API
/// answers ingest requests 503 with the reason, and serve says so in its log; dispatch goes on.
///
/// Thread: the main thread, with the engine and the API.
class IngestTokenFollower final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IngestTokenFollower)

public:
    IngestTokenFollower(HttpApi &api, Engine &engine, SecretStore &keychain);

    /// An explicit reference: fails (for serve to refuse to start) when it cannot be read.
    Result<void> useReference(const QString &reference);
    /// The data directory's own token, created if there is none.
    void useKeychain(SqliteStore &store);

private:
    void recheck();
    void apply(const Result<QByteArray> &token);

    HttpApi &m_api;
    Engine &m_engine;
    SecretStore &m_keychain;
    SecretResolver m_resolver;
    QString m_reference;
    bool m_explicit = false;
    bool m_checking = false;
    QTimer m_timer;
};

} // namespace Tandem::Cli
