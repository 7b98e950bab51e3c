// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QString>
#include <QStringList>

class QTemporaryDir;

namespace Tandem::Testing {

/// A PostgreSQL server of the test's own: a fresh cluster (initdb) in a temporary directory,
/// listening on 127.0.0.1 on a free port and on a Unix socket in that directory, stopped and
/// removed again by stop() or the destructor. Local (socket) connections are trusted; TCP
/// connections need the superuser's password (scram-sha-256), password(), so a test can prove
/// that a client really resolves and sends one. fsync is off: the server is never killed, only
/// its clients.
///
/// Needs root (initdb refuses root, so it runs as the `postgres` user through runuser) and the
/// server binaries (Debian: postgresql); unavailable() says why not, for QSKIP.
/// Thread: any, one at a time; every call blocks while the server starts or stops (about a
/// second). Errors come back as text: the failing command and its output.
class ThrowawayPostgres
{
public:
    ThrowawayPostgres();
    ~ThrowawayPostgres();
    ThrowawayPostgres(const ThrowawayPostgres &) = delete;
    ThrowawayPostgres &operator=(const ThrowawayPostgres &) = delete;

    /// Why this machine cannot run one (not root, no binaries, no postgres user); empty if it can.
    static QString unavailable();

    /// Creates the cluster and starts the server; returns what failed, empty on success.
    QString start();
    /// Stops the server (fast shutdown), keeping the cluster: startAgain() brings it back on the
    /// same port, with its data, as after an outage.
    QString stopServer();
    QString startAgain();
    /// Stops the server and removes the cluster.
    void stop();

    bool isRunning() const { return m_running; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    quint16 port() const { return m_port; }
    QString user() const { return QStringLiteral("postgres"); }
    QString password() const { return m_password; }

    /// Runs `statements` as the superuser in `database`, over TCP with the password; returns the
    /// first failure, empty when all succeeded.
    QString exec(const QString &database, const QStringList &statements) const;
    /// Creates a database for one test; returns the failure, empty on success.
    QString createDatabase(const QString &name) const;

private:
    QString run(const QStringList &command, int timeoutMs = 60'000) const;
    QString pgCtl(const QStringList &args) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_bin;
    QString m_password;
    quint16 m_port = 0;
    bool m_running = false;
};

} // namespace Tandem::Testing
