// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/outboxsource.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace Tandem {

namespace {

// A source that does not answer must not hold the relay's thread (and so a shutdown) for long.
constexpr int ConnectTimeoutS = 5;
constexpr int StatementTimeoutMs = 30'000;
// The producer writes the same SQLite file; its transactions are short.
constexpr int SqliteBusyTimeoutMs = 5000;

QString sqlText(const QSqlError &e)
{
    QString t = e.databaseText().trimmed();
    if (t.isEmpty())
        t = e.text().trimmed();
    t = t.simplified();
    // Qt's PostgreSQL driver appends the SQLSTATE in parentheses, empty when there is none.
    if (t.endsWith(QStringLiteral(" ()")))
        t.chop(3);
    return t;
}

QByteArray bytesOf(const QVariant &v)
{
    if (v.isNull())
        return {};
    if (v.typeId() == QMetaType::QByteArray)
        return v.toByteArray();
    return v.toString().toUtf8();
}

} // namespace

std::optional<qint64> outboxTimeMs(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return std::nullopt;
    auto fromNumber = [](double n) -> std::optional<qint64> {
        if (n <= 0)
            return std::nullopt;
        // Seconds until the year 5138, milliseconds after: no real timestamp is ambiguous.
        return n < 1e11 ? qint64(n * 1000) : qint64(n);
    };
    switch (value.typeId()) {
    case QMetaType::QDateTime: {
        const QDateTime t = value.toDateTime();
        return t.isValid() ? std::optional<qint64>(t.toMSecsSinceEpoch()) : std::nullopt;
    }
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return fromNumber(value.toDouble());
    default:
        break;
    }
    QString text = value.toString().trimmed();
    bool isNumber = false;
    const double n = text.toDouble(&isNumber);
    if (isNumber)
        return fromNumber(n);
    // SQLite's CURRENT_TIMESTAMP ("2024-05-01 10:00:00") and PostgreSQL's text form
    // ("2024-05-01 10:00:00.123+00") put a space where ISO 8601 has a T, and may give the
    // offset in hours only.
    if (text.size() > 10 && text.at(10) == u' ')
        text[10] = u'T';
    static const QRegularExpression shortOffset(QStringLiteral("([+-]\\d\\d)$"));
    text.replace(shortOffset, QStringLiteral("\\1:00"));
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return t.toMSecsSinceEpoch();
}

OutboxSource::OutboxSource(OutboxConfig config, QByteArray password)
    : m_config(std::move(config))
    , m_password(std::move(password))
    , m_connectionName(QStringLiteral("tandem-outbox-%1-%2")
                           .arg(m_config.name, QUuid::createUuid().toString(QUuid::Id128)))
{
}

OutboxSource::~OutboxSource() { close(); }

Error OutboxSource::error(const QString &what, const QString &detail) const
{
    return Error::io(QStringLiteral("outbox source \"%1\" (%2 %3): %4%5")
                         .arg(m_config.name, outboxDriverName(m_config.driver), m_config.location(),
                             what, detail.isEmpty() ? QString() : QStringLiteral(": ") + detail));
}

bool OutboxSource::isOpen() const { return m_open; }

void OutboxSource::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_open = false;
}

Result<void> OutboxSource::open()
{
    close();
    const bool sqlite = m_config.driver == OutboxDriver::Sqlite;
    if (sqlite) {
        // Qt's SQLite driver would create a missing file: an empty database where the
        // application's is expected hides a wrong path.
        const QFileInfo file(m_config.path);
        if (!file.exists())
            return fail(error(QStringLiteral("the database file does not exist"), {}));
        if (!file.isFile())
            return fail(error(QStringLiteral("not a file"), {}));
    }
    if (!QSqlDatabase::isDriverAvailable(
            sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL")))
        return fail(error(QStringLiteral("the Qt Sql driver is not installed"),
            sqlite ? QStringLiteral("install libqt6sql6-sqlite")
                   : QStringLiteral("install libqt6sql6-psql")));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(
            sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), m_connectionName);
        if (sqlite) {
            db.setDatabaseName(m_config.path);
            db.setConnectOptions(
                QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(SqliteBusyTimeoutMs));
        } else {
            db.setHostName(m_config.host);
            db.setPort(m_config.port);
            db.setDatabaseName(m_config.dbname);
            db.setUserName(m_config.user);
            if (!m_password.isEmpty())
                db.setPassword(QString::fromUtf8(m_password));
            db.setConnectOptions(QStringLiteral("connect_timeout=%1;application_name=tandem-outbox")
                                     .arg(ConnectTimeoutS));
        }
        if (!db.open()) {
            const QString detail = sqlText(db.lastError());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return fail(error(QStringLiteral("cannot connect"), detail));
        }
        if (!sqlite) {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("SET statement_timeout = %1").arg(StatementTimeoutMs))) {
                const QString detail = sqlText(q.lastError());
                q = QSqlQuery();
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(m_connectionName);
                return fail(error(QStringLiteral("cannot set up the session"), detail));
            }
        }
    }
    m_open = true;
    if (auto r = checkColumns(); !r) {
        close();
        return r;
    }
    return {};
}

Result<void> OutboxSource::checkColumns()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const QStringList parts = m_config.table.split(u'.');
    const QString schema = parts.size() == 2 ? parts.at(0) : QString();
    const QString table = parts.last();
    const bool sqlite = m_config.driver == OutboxDriver::Sqlite;
    QSqlQuery q(db);
    if (sqlite) {
        q.prepare(QStringLiteral("SELECT name FROM pragma_table_info(?, ?)"));
        q.addBindValue(table);
        q.addBindValue(schema.isEmpty() ? QStringLiteral("main") : schema);
    } else if (schema.isEmpty()) {
        q.prepare(QStringLiteral("SELECT column_name FROM information_schema.columns "
                                 "WHERE table_schema = current_schema() AND table_name = ? "
                                 "ORDER BY ordinal_position"));
        q.addBindValue(table);
    } else {
        q.prepare(QStringLiteral("SELECT column_name FROM information_schema.columns "
                                 "WHERE table_schema = ? AND table_name = ? "
                                 "ORDER BY ordinal_position"));
        q.addBindValue(schema);
        q.addBindValue(table);
    }
    if (!q.exec())
        return fail(
            error(QStringLiteral("cannot read the columns of table \"%1\"").arg(m_config.table),
                sqlText(q.lastError())));
    QStringList present;
    while (q.next())
        present.append(q.value(0).toString());
    if (present.isEmpty())
        return fail(error(QStringLiteral("table \"%1\" not found").arg(m_config.table),
            sqlite ? QString()
                   : QStringLiteral("names are case-sensitive; check the schema and that user "
                                    "\"%1\" may read it")
                         .arg(m_config.user)));
    // SQLite compares column names without case; PostgreSQL compares quoted names exactly.
    const Qt::CaseSensitivity cs = sqlite ? Qt::CaseInsensitive : Qt::CaseSensitive;
    const QList<std::pair<QString, QString>> wanted {
        { QStringLiteral("id"), m_config.idColumn },
        { QStringLiteral("payload"), m_config.payloadColumn },
        { QStringLiteral("created_at"), m_config.createdAtColumn },
        { QStringLiteral("published"), m_config.publishedColumn },
        { QStringLiteral("partition_key"), m_config.partitionKeyColumn },
        { QStringLiteral("idempotency_key"), m_config.idempotencyKeyColumn },
    };
    for (const auto &[role, column] : wanted) {
        if (!column.isEmpty() && !present.contains(column, cs))
            return fail(error(QStringLiteral("table \"%1\" has no column \"%2\" (columns.%3)")
                                  .arg(m_config.table, column, role),
                QStringLiteral("it has: %1").arg(present.join(QStringLiteral(", ")))));
    }
    return {};
}

QString OutboxSource::unpublished() const
{
    const QString column = quoteOutboxIdentifier(m_config.publishedColumn);
    return m_config.publishedKind == OutboxPublishedKind::Boolean
        ? column + QStringLiteral(" IS NOT TRUE")
        : column + QStringLiteral(" IS NULL");
}

Result<QList<OutboxRow>> OutboxSource::fetch(int max)
{
    if (!m_open)
        return fail(error(QStringLiteral("not connected"), {}));
    QString columns = quoteOutboxIdentifier(m_config.idColumn) + QStringLiteral(", ")
        + quoteOutboxIdentifier(m_config.payloadColumn);
    const bool hasPartition = !m_config.partitionKeyColumn.isEmpty();
    const bool hasKey = !m_config.idempotencyKeyColumn.isEmpty();
    if (hasPartition)
        columns += QStringLiteral(", ") + quoteOutboxIdentifier(m_config.partitionKeyColumn);
    if (hasKey)
        columns += QStringLiteral(", ") + quoteOutboxIdentifier(m_config.idempotencyKeyColumn);
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    // `max` is an int the caller bounds: inlined, as some drivers refuse a bound LIMIT.
    const QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3 ORDER BY %4 LIMIT %5")
                            .arg(columns, quoteOutboxIdentifier(m_config.table), unpublished(),
                                quoteOutboxIdentifier(m_config.idColumn))
                            .arg(qMax(1, max));
    if (!q.exec(sql))
        return fail(
            error(QStringLiteral("cannot read unpublished rows of \"%1\"").arg(m_config.table),
                sqlText(q.lastError())));
    QList<OutboxRow> rows;
    while (q.next()) {
        OutboxRow row;
        row.id = q.value(0);
        row.idText = row.id.toString();
        row.payload = bytesOf(q.value(1));
        int column = 2;
        if (hasPartition)
            row.partitionKey = bytesOf(q.value(column++));
        if (hasKey)
            row.idempotencyKey = bytesOf(q.value(column++));
        rows.append(std::move(row));
    }
    if (q.lastError().isValid())
        return fail(
            error(QStringLiteral("cannot read unpublished rows of \"%1\"").arg(m_config.table),
                sqlText(q.lastError())));
    return rows;
}

Result<void> OutboxSource::markPublished(const QList<QVariant> &ids)
{
    if (!m_open)
        return fail(error(QStringLiteral("not connected"), {}));
    if (ids.isEmpty())
        return {};
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QStringList marks;
    marks.fill(QStringLiteral("?"), ids.size());
    const QString value = m_config.publishedKind == OutboxPublishedKind::Boolean
        ? QStringLiteral("TRUE")
        : QStringLiteral("CURRENT_TIMESTAMP");
    const QString what = QStringLiteral("cannot mark %1 rows of \"%2\" published")
                             .arg(ids.size())
                             .arg(m_config.table);
    if (!db.transaction())
        return fail(error(what, sqlText(db.lastError())));
    {
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("UPDATE %1 SET %2 = %3 WHERE %4 IN (%5) AND %6")
                .arg(quoteOutboxIdentifier(m_config.table),
                    quoteOutboxIdentifier(m_config.publishedColumn), value,
                    quoteOutboxIdentifier(m_config.idColumn), marks.join(u','), unpublished()));
        for (const QVariant &id : ids)
            q.addBindValue(id);
        if (!q.exec()) {
            const QString detail = sqlText(q.lastError());
            q = QSqlQuery();
            db.rollback();
            return fail(error(what, detail));
        }
    }
    if (!db.commit()) {
        const QString detail = sqlText(db.lastError());
        db.rollback();
        return fail(error(what, detail));
    }
    return {};
}

Result<OutboxSource::Backlog> OutboxSource::backlog()
{
    if (!m_open)
        return fail(error(QStringLiteral("not connected"), {}));
    const bool hasCreated = !m_config.createdAtColumn.isEmpty();
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString sql
        = QStringLiteral("SELECT count(*)%1 FROM %2 WHERE %3")
              .arg(hasCreated ? QStringLiteral(", min(%1)")
                                    .arg(quoteOutboxIdentifier(m_config.createdAtColumn))
                              : QString(),
                  quoteOutboxIdentifier(m_config.table), unpublished());
    if (!q.exec(sql) || !q.next())
        return fail(
            error(QStringLiteral("cannot count unpublished rows of \"%1\"").arg(m_config.table),
                sqlText(q.lastError())));
    Backlog b;
    b.rows = q.value(0).toLongLong();
    if (hasCreated)
        b.oldestCreatedAtMs = outboxTimeMs(q.value(1));
    return b;
}

Result<void> OutboxSource::listen(std::function<void()> onNotify)
{
    if (!m_open)
        return fail(error(QStringLiteral("not connected"), {}));
    if (m_config.driver != OutboxDriver::Postgres || m_config.notifyChannel.isEmpty())
        return fail(error(QStringLiteral("no notification channel"), {}));
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlDriver *driver = db.driver();
    if (!driver->hasFeature(QSqlDriver::EventNotifications))
        return fail(error(QStringLiteral("the driver cannot LISTEN"), {}));
    if (!driver->subscribeToNotification(m_config.notifyChannel))
        return fail(error(QStringLiteral("cannot LISTEN on \"%1\"").arg(m_config.notifyChannel),
            sqlText(driver->lastError())));
    // The driver is this connection's: the handler goes with it when the connection closes.
    QObject::connect(driver, &QSqlDriver::notification, driver,
        [onNotify = std::move(onNotify)](
            const QString &, QSqlDriver::NotificationSource, const QVariant &) { onNotify(); });
    return {};
}

} // namespace Tandem
