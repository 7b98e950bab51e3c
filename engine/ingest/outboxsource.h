// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>

#include "engine/core/error.h"
#include "engine/ingest/outboxconfig.h"

namespace Tandem {

/// One unpublished row of an outbox table, as read.
struct OutboxRow
{
    QVariant id; ///< as the database typed it, bound back unchanged to mark the row
    QString idText; ///< the id as text: in idempotency keys, state and messages
    QByteArray payload; ///< the payload column's bytes (not yet checked to be JSON)
    QByteArray partitionKey; ///< empty: none (no column, or NULL)
    QByteArray idempotencyKey; ///< empty: none (no column, or NULL or empty)
};

/// A connection to an outbox source (SQLite file or PostgreSQL database, through Qt Sql) and
/// the only SQL that touches it: check the table, read unpublished rows in id order, mark rows
/// published, count the backlog, LISTEN for notifications. Every identifier comes from an
/// OutboxConfig (validated, and quoted here); every value is a bound parameter.
///
/// Thread: a QSqlDatabase connection belongs to the thread that opened it: create, use and
/// destroy an instance on one thread. Notifications (listen()) need that thread's event loop.
/// Ownership: owns its connection (a unique name per instance), closed by close() or the
/// destructor. The password is kept in memory only.
/// Errors: every failure is an Error whose message names the source, its location and what
/// failed, in terms an operator can act on ("table \"outbox\" has no column \"payload\" (it
/// has: id, body)"); never the password. After a failed call the connection may be broken:
/// close() and open() again.
class OutboxSource
{
public:
    struct Backlog
    {
        qint64 rows = 0;
        std::optional<qint64> oldestCreatedAtMs; ///< when a created_at column is configured
    };

    explicit OutboxSource(OutboxConfig config, QByteArray password = {});
    ~OutboxSource();
    OutboxSource(const OutboxSource &) = delete;
    OutboxSource &operator=(const OutboxSource &) = delete;

    const OutboxConfig &config() const { return m_config; }

    /// Connects and checks that the table and every configured column exist. A SQLite file that
    /// does not exist is refused (it is never created).
    Result<void> open();
    bool isOpen() const;
    void close();

    /// Up to `max` unpublished rows, lowest id first.
    Result<QList<OutboxRow>> fetch(int max);
    /// Marks these rows published, in one transaction; rows already marked are left alone.
    Result<void> markPublished(const QList<QVariant> &ids);
    /// Counts the unpublished rows (and the oldest one's created_at, if configured).
    Result<Backlog> backlog();
    /// PostgreSQL: LISTEN on the configured channel; `onNotify` runs on this thread for each
    /// notification. Fails on SQLite or without a channel.
    Result<void> listen(std::function<void()> onNotify);

private:
    Error error(const QString &what, const QString &detail) const;
    Result<void> checkColumns();
    QString unpublished() const;

    OutboxConfig m_config;
    QByteArray m_password;
    QString m_connectionName;
    bool m_open = false;
};

/// Interprets a created_at value as milliseconds since the epoch: a date-time, a number of
/// seconds or milliseconds since the epoch, or ISO 8601 / SQLite CURRENT_TIMESTAMP text (UTC
/// unless it says otherwise). Anything else: none.
std::optional<qint64> outboxTimeMs(const QVariant &value);

} // namespace Tandem
