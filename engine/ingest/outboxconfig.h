// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

enum class OutboxDriver { Sqlite, Postgres };

/// How a row says it has been relayed: a timestamp column (NULL = not yet; set to the current
/// time) or a boolean one (false or NULL = not yet; set to true).
enum class OutboxPublishedKind { Timestamp, Boolean };

/// One transactional-outbox source: a table in an application's own database (SQLite file or
/// PostgreSQL) that the application writes in the same transaction as its business change, and
/// that Tandem relays into its store. The JSON object of `tandem outbox add`, as a value.
///
/// fromJson() validates everything: unknown keys are refused, errors name the field
/// ("outbox.columns.payload: required"). Table and column names must match a strict identifier
/// pattern and are always quoted in SQL, so a configuration can never inject SQL. The PostgreSQL
/// password is a secret reference (`keychain:ID`, `env:NAME`, `file:/path`), never the password.
/// toJson() writes every field, defaults included.
struct OutboxConfig
{
    QString name;
    OutboxDriver driver = OutboxDriver::Sqlite;
    QString path; ///< sqlite: absolute path of the application's database file
    QString host; ///< postgres: host name, address, or a Unix socket directory (starting with /)
    int port = 5432;
    QString dbname;
    QString user;
    QString password; ///< postgres: secret reference, empty when none is needed (trust, peer)
    QString table; ///< `name` or `schema.name`
    QString idColumn;
    QString payloadColumn;
    QString createdAtColumn; ///< optional: the age of the oldest unpublished row
    QString publishedColumn;
    QString partitionKeyColumn; ///< optional: the message's partition key
    QString idempotencyKeyColumn; ///< optional: else the key is `outbox:<name>:<row id>`
    OutboxPublishedKind publishedKind = OutboxPublishedKind::Timestamp;
    int pollMs = 1000;
    int batch = 500;
    QString notifyChannel; ///< postgres only: LISTEN on it, so a NOTIFY wakes the relay at once
    bool enabled = true;

    static constexpr int MinPollMs = 50;
    static constexpr int MaxPollMs = 3'600'000;
    static constexpr int MaxBatch = 5000;

    /// The message idempotency key of a row that has no key column (or a NULL in it).
    QString defaultIdempotencyKey(const QString &rowId) const;
    /// `host:port/dbname` or the file path: where the source is, for messages (no secret).
    QString location() const;

    /// `where` prefixes error messages; empty means "outbox".
    static Result<OutboxConfig> fromJson(const QJsonObject &json, const QString &where = {});
    QJsonObject toJson() const;

    friend bool operator==(const OutboxConfig &, const OutboxConfig &) = default;
};

QString outboxDriverName(OutboxDriver driver);

/// Whether `name` is a table or column name the relay accepts: a letter or underscore, then
/// letters, digits and underscores, at most 63 characters (PostgreSQL's limit).
bool isOutboxIdentifier(const QString &name);

/// `name` (or `schema.name`) double-quoted for SQL, valid on SQLite and PostgreSQL alike.
QString quoteOutboxIdentifier(const QString &name);

} // namespace Tandem
