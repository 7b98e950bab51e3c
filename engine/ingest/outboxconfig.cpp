// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/outboxconfig.h"

#include <algorithm>

#include <QDir>
#include <QJsonValue>
#include <QRegularExpression>

#include "engine/core/configtext.h"
#include "engine/core/jsonfields.h"
#include "engine/secrets/secretref.h"

namespace Tandem {

using JsonFields::join;
using JsonFields::readNumber;
using JsonFields::readString;
using JsonFields::rejectUnknown;

namespace {

Error invalid(const QString &field, const QString &problem)
{
    return Error::invalid(QStringLiteral("%1: %2").arg(field, problem));
}

// Reads an identifier; `required` refuses absence and null, else both read as "not used".
Result<QString> readIdentifier(const QJsonObject &o, const QString &where, QLatin1StringView key,
    bool required, bool qualified = false)
{
    const QString field = join(where, key);
    if (required && (!o.contains(key) || o.value(key).isNull()))
        return fail(invalid(field, ConfigText::tr("required")));
    auto text = readString(o, where, key, {}, !required);
    if (!text)
        return fail(text.error());
    if (text->isEmpty() && !required)
        return QString();
    const QStringList parts = text->split(u'.');
    const bool ok = (parts.size() == 1 || (qualified && parts.size() == 2))
        && std::all_of(parts.begin(), parts.end(), isOutboxIdentifier);
    if (!ok)
        return fail(invalid(field,
            (qualified ? ConfigText::tr("\"%1\" is not a plain SQL identifier (a letter or '_', "
                                        "then letters, digits or '_', at most 63; optionally "
                                        "schema.table)")
                       : ConfigText::tr("\"%1\" is not a plain SQL identifier (a letter or '_', "
                                        "then letters, digits or '_', at most 63)"))
                .arg(text->left(100))));
    return *text;
}

Result<void> readDatabase(OutboxConfig &c, const QJsonObject &json, const QString &where)
{
    const QString self = join(where, QLatin1StringView("database"));
    if (!json.contains(QLatin1StringView("database")))
        return fail(invalid(self, ConfigText::tr("required")));
    const QJsonValue v = json.value(QLatin1StringView("database"));
    if (!v.isObject())
        return fail(invalid(self, ConfigText::tr("must be an object")));
    const QJsonObject o = v.toObject();

    if (c.driver == OutboxDriver::Sqlite) {
        if (auto r = rejectUnknown(o, self, { QLatin1StringView("path") }); !r)
            return r;
        auto path = readString(o, self, QLatin1StringView("path"), {});
        if (!path)
            return fail(path.error());
        if (path->isEmpty())
            return fail(invalid(join(self, QLatin1StringView("path")), ConfigText::tr("required")));
        if (!QDir::isAbsolutePath(*path))
            return fail(invalid(join(self, QLatin1StringView("path")),
                ConfigText::tr("\"%1\" is not an absolute path").arg(*path)));
        c.path = QDir::cleanPath(*path);
        return {};
    }

    if (auto r = rejectUnknown(o, self,
            { QLatin1StringView("host"), QLatin1StringView("port"), QLatin1StringView("dbname"),
                QLatin1StringView("user"), QLatin1StringView("password") });
        !r)
        return r;
    for (auto [key, target] : { std::pair { QLatin1StringView("host"), &c.host },
             std::pair { QLatin1StringView("dbname"), &c.dbname },
             std::pair { QLatin1StringView("user"), &c.user } }) {
        auto s = readString(o, self, key, {});
        if (!s)
            return fail(s.error());
        if (s->trimmed().isEmpty())
            return fail(invalid(join(self, key), ConfigText::tr("required")));
        // Qt hands these to libpq inside a connection string: keep them to one plain token.
        if (s->size() > 255 || s->contains(u' ') || s->contains(u'\'') || s->contains(u'\\')
            || s->contains(u';') || s->contains(u'='))
            return fail(invalid(join(self, key),
                ConfigText::tr("may not contain spaces, quotes, '\\', ';' or '=' (at most 255 "
                               "characters)")));
        *target = *s;
    }
    auto port = readNumber(o, self, QLatin1StringView("port"), c.port, 1, 65535, true);
    if (!port)
        return fail(port.error());
    c.port = int(*port);
    auto password = readSecretRefField(o, self, QLatin1StringView("password"));
    if (!password)
        return fail(password.error());
    c.password = *password;
    return {};
}

Result<void> readColumns(OutboxConfig &c, const QJsonObject &json, const QString &where)
{
    const QString self = join(where, QLatin1StringView("columns"));
    if (!json.contains(QLatin1StringView("columns")))
        return fail(invalid(self, ConfigText::tr("required")));
    const QJsonValue v = json.value(QLatin1StringView("columns"));
    if (!v.isObject())
        return fail(invalid(self, ConfigText::tr("must be an object")));
    const QJsonObject o = v.toObject();
    if (auto r = rejectUnknown(o, self,
            { QLatin1StringView("id"), QLatin1StringView("payload"),
                QLatin1StringView("created_at"), QLatin1StringView("published"),
                QLatin1StringView("partition_key"), QLatin1StringView("idempotency_key") });
        !r)
        return r;
    struct Column
    {
        QLatin1StringView key;
        QString *target;
        bool required;
    };
    for (const Column &col : { Column { QLatin1StringView("id"), &c.idColumn, true },
             Column { QLatin1StringView("payload"), &c.payloadColumn, true },
             Column { QLatin1StringView("created_at"), &c.createdAtColumn, false },
             Column { QLatin1StringView("published"), &c.publishedColumn, true },
             Column { QLatin1StringView("partition_key"), &c.partitionKeyColumn, false },
             Column { QLatin1StringView("idempotency_key"), &c.idempotencyKeyColumn, false } }) {
        auto name = readIdentifier(o, self, col.key, col.required);
        if (!name)
            return fail(name.error());
        *col.target = *name;
    }
    // One column cannot play two parts: the relay would overwrite the id or the payload with the
    // published marker.
    const QStringList used { c.idColumn, c.payloadColumn, c.publishedColumn };
    for (qsizetype i = 0; i < used.size(); ++i) {
        for (qsizetype j = i + 1; j < used.size(); ++j) {
            if (used.at(i).compare(used.at(j), Qt::CaseInsensitive) == 0)
                return fail(invalid(self,
                    ConfigText::tr("id, payload and published must be three different columns "
                                   "(\"%1\" is used twice)")
                        .arg(used.at(i))));
        }
    }
    return {};
}

} // namespace

bool isOutboxIdentifier(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}$"));
    return re.match(name).hasMatch();
}

QString quoteOutboxIdentifier(const QString &name)
{
    QStringList parts = name.split(u'.');
    for (QString &p : parts)
        p = u'"' + QString(p).replace(u'"', QStringLiteral("\"\"")) + u'"';
    return parts.join(u'.');
}

QString outboxDriverName(OutboxDriver driver)
{
    return driver == OutboxDriver::Postgres ? QStringLiteral("postgres") : QStringLiteral("sqlite");
}

QString OutboxConfig::defaultIdempotencyKey(const QString &rowId) const
{
    return QStringLiteral("outbox:%1:%2").arg(name, rowId);
}

QString OutboxConfig::location() const
{
    if (driver == OutboxDriver::Sqlite)
        return path;
    return QStringLiteral("%1:%2/%3").arg(host).arg(port).arg(dbname);
}

Result<OutboxConfig> OutboxConfig::fromJson(const QJsonObject &json, const QString &whereIn)
{
    const QString where = whereIn.isEmpty() ? QStringLiteral("outbox") : whereIn;
    if (auto r = rejectUnknown(json, where,
            { QLatin1StringView("name"), QLatin1StringView("driver"), QLatin1StringView("database"),
                QLatin1StringView("table"), QLatin1StringView("columns"),
                QLatin1StringView("published_kind"), QLatin1StringView("poll_ms"),
                QLatin1StringView("batch"), QLatin1StringView("notify_channel"),
                QLatin1StringView("enabled") });
        !r)
        return fail(r.error());

    OutboxConfig c;
    auto name = readString(json, where, QLatin1StringView("name"), {});
    if (!name)
        return fail(name.error());
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$"));
    if (name->isEmpty())
        return fail(invalid(join(where, QLatin1StringView("name")), ConfigText::tr("required")));
    if (!nameRe.match(*name).hasMatch())
        return fail(invalid(join(where, QLatin1StringView("name")),
            ConfigText::tr("\"%1\" is not a valid name (letters, digits, '.', '_' and '-', at most "
                           "63, starting with a letter or digit)")
                .arg(name->left(100))));
    c.name = *name;

    auto driver = readString(json, where, QLatin1StringView("driver"), {});
    if (!driver)
        return fail(driver.error());
    if (driver->isEmpty())
        return fail(invalid(join(where, QLatin1StringView("driver")), ConfigText::tr("required")));
    if (*driver == u"sqlite")
        c.driver = OutboxDriver::Sqlite;
    else if (*driver == u"postgres")
        c.driver = OutboxDriver::Postgres;
    else
        return fail(invalid(join(where, QLatin1StringView("driver")),
            ConfigText::tr("unknown driver \"%1\" (expected sqlite or postgres)")
                .arg(driver->left(100))));

    if (auto r = readDatabase(c, json, where); !r)
        return fail(r.error());
    auto table = readIdentifier(json, where, QLatin1StringView("table"), true, true);
    if (!table)
        return fail(table.error());
    c.table = *table;
    if (auto r = readColumns(c, json, where); !r)
        return fail(r.error());

    auto kind
        = readString(json, where, QLatin1StringView("published_kind"), QStringLiteral("timestamp"));
    if (!kind)
        return fail(kind.error());
    if (*kind == u"timestamp")
        c.publishedKind = OutboxPublishedKind::Timestamp;
    else if (*kind == u"boolean")
        c.publishedKind = OutboxPublishedKind::Boolean;
    else
        return fail(invalid(join(where, QLatin1StringView("published_kind")),
            ConfigText::tr("unknown kind \"%1\" (expected timestamp or boolean)")
                .arg(kind->left(100))));

    auto poll = readNumber(
        json, where, QLatin1StringView("poll_ms"), c.pollMs, MinPollMs, MaxPollMs, true);
    if (!poll)
        return fail(poll.error());
    c.pollMs = int(*poll);
    auto batch = readNumber(json, where, QLatin1StringView("batch"), c.batch, 1, MaxBatch, true);
    if (!batch)
        return fail(batch.error());
    c.batch = int(*batch);

    auto channel = readIdentifier(json, where, QLatin1StringView("notify_channel"), false);
    if (!channel)
        return fail(channel.error());
    if (!channel->isEmpty() && c.driver != OutboxDriver::Postgres)
        return fail(invalid(join(where, QLatin1StringView("notify_channel")),
            ConfigText::tr("LISTEN/NOTIFY needs the postgres driver; SQLite sources are polled")));
    c.notifyChannel = *channel;

    if (json.contains(QLatin1StringView("enabled"))) {
        const QJsonValue e = json.value(QLatin1StringView("enabled"));
        if (!e.isBool())
            return fail(invalid(join(where, QLatin1StringView("enabled")),
                ConfigText::tr("must be true or false")));
        c.enabled = e.toBool();
    }
    return c;
}

QJsonObject OutboxConfig::toJson() const
{
    auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    QJsonObject database;
    if (driver == OutboxDriver::Sqlite) {
        database.insert(QStringLiteral("path"), path);
    } else {
        database = QJsonObject { { QStringLiteral("host"), host }, { QStringLiteral("port"), port },
            { QStringLiteral("dbname"), dbname }, { QStringLiteral("user"), user },
            { QStringLiteral("password"), orNull(password) } };
    }
    return QJsonObject {
        { QStringLiteral("name"), name },
        { QStringLiteral("driver"), outboxDriverName(driver) },
        { QStringLiteral("database"), database },
        { QStringLiteral("table"), table },
        { QStringLiteral("columns"),
            QJsonObject {
                { QStringLiteral("id"), idColumn },
                { QStringLiteral("payload"), payloadColumn },
                { QStringLiteral("created_at"), orNull(createdAtColumn) },
                { QStringLiteral("published"), publishedColumn },
                { QStringLiteral("partition_key"), orNull(partitionKeyColumn) },
                { QStringLiteral("idempotency_key"), orNull(idempotencyKeyColumn) },
            } },
        { QStringLiteral("published_kind"),
            publishedKind == OutboxPublishedKind::Boolean ? QStringLiteral("boolean")
                                                          : QStringLiteral("timestamp") },
        { QStringLiteral("poll_ms"), pollMs },
        { QStringLiteral("batch"), batch },
        { QStringLiteral("notify_channel"), orNull(notifyChannel) },
        { QStringLiteral("enabled"), enabled },
    };
}

} // namespace Tandem
