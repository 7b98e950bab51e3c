// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/store/sqlitestore.h"

#include <algorithm>
#include <limits>

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <sqlite3.h>
#include <unistd.h>

#include "engine/core/clock.h"
#include "engine/core/errorfingerprint.h"
#include "engine/core/ids.h"
#include "engine/core/jsonpayload.h"
#include "engine/store/migrations.h"

Q_LOGGING_CATEGORY(lcStore, "tandem.store")

namespace Tandem {

namespace {

// The translation context of the refusals an operator reads (a target that does not exist, a
// store that cannot be opened), in the CLI and in the console's dialogs. SQL failures and the
// refusals of enqueue(), which the HTTP API returns, stay English (translations/README.md).
struct StoreText
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::Store)
};

} // namespace

namespace {

constexpr qint64 ApplicationId = 0x54444d31; // "TDM1"
constexpr int ExcerptLimit = 1024;
constexpr int BusyTimeoutMs = 10'000;

std::optional<qint64> optionalInteger(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

QVariant nullable(const std::optional<qint64> &v) { return v ? QVariant(*v) : QVariant(); }

// SQLite's own busy handler sleeps 1, 2, 5, 10 … up to 100 ms between tries, so two processes
// sharing the store (serve and a producer) would wait tens of milliseconds for a lock held for
// a fraction of one. Retry in short steps instead, for the same total time.
int retryWhileBusy(void *, int tries)
{
    const int stepUs = tries < 50 ? 100 : tries < 250 ? 500 : 2000;
    const qint64 waitedUs = tries < 50 ? tries * 100LL
        : tries < 250                  ? 5'000 + (tries - 50) * 500LL
                                       : 105'000 + (tries - 250) * 2000LL;
    if (waitedUs >= BusyTimeoutMs * 1000LL)
        return 0;
    ::usleep(stepUs);
    return 1;
}

// tandem_fingerprint(text): normaliseErrorText() for SQL, so the store groups and filters dead
// letters by fingerprint without a stored column (NULL reads as the empty text). Grouping runs it
// once per dead letter and most error texts repeat exactly ("HTTP 503", "Connection refused"), so
// results are remembered per connection (used on one thread only), up to a bound.
struct FingerprintCache
{
    static constexpr qsizetype MaxEntries = 20'000;
    QHash<QByteArray, QByteArray> normalised;
};

void fingerprintFunction(sqlite3_context *context, int, sqlite3_value **argv)
{
    auto *cache = static_cast<FingerprintCache *>(sqlite3_user_data(context));
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const QByteArray in(text ? text : "", text ? sqlite3_value_bytes(argv[0]) : 0);
    auto it = cache->normalised.constFind(in);
    if (it == cache->normalised.cend()) {
        if (cache->normalised.size() >= FingerprintCache::MaxEntries)
            cache->normalised.clear();
        it = cache->normalised.insert(in, normaliseErrorText(QString::fromUtf8(in)).toUtf8());
    }
    sqlite3_result_text(context, it->constData(), int(it->size()), SQLITE_TRANSIENT);
}

// The error class of a dead letter's last attempt (the class is kept per attempt only).
constexpr QLatin1StringView LastErrorClassSql(
    "IFNULL((SELECT a.error_class FROM attempts a WHERE a.delivery_id = d.id "
    "ORDER BY a.id DESC LIMIT 1), '')");

QString sqlText(const QSqlError &e)
{
    const QString t = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    return t.trimmed();
}

} // namespace

class SqliteStore::Private
{
public:
    QString path;
    QString connectionName;
    QSqlDatabase db;
    int depth = 0; ///< open transaction scopes (batch and nested methods)
    bool durable = true; ///< the connection's synchronous setting: FULL (true) or NORMAL
    // Deliveries waiting (pending, in flight, retrying) as last counted: counting is linear in
    // the backlog, so it is redone at most once a second, or after this connection changed it.
    std::optional<qint64> openDeliveries;
    qint64 openCountedAtMs = 0;

    Result<void> admit(qint64 incoming, qint64 now);
    Result<void> changeTarget(
        const QString &name, const QString &assignment, const QVariant &value, const QString &what);
    Result<std::optional<QString>> meta(const QString &key);
    Result<void> setMeta(const QString &key, const QString &value);
    QHash<QString, QSqlQuery> prepared;
    /// The enqueue path's statements, straight on SQLite: Qt Sql's per-row overhead (variant
    /// binding, error objects) was half the cost of a bulk enqueue. Finalized before closing.
    QHash<QString, sqlite3_stmt *> raw;
    QRandomGenerator rng = QRandomGenerator::securelySeeded(); ///< for ids; store thread only

    sqlite3 *handle() const
    {
        const QVariant h = db.driver()->handle();
        return h.isValid() && qstrcmp(h.typeName(), "sqlite3*") == 0
            ? *static_cast<sqlite3 *const *>(h.constData())
            : nullptr;
    }

    Result<sqlite3_stmt *> rawStatement(const QString &sql)
    {
        auto it = raw.find(sql);
        if (it != raw.end()) {
            sqlite3_reset(*it);
            sqlite3_clear_bindings(*it);
            return *it;
        }
        sqlite3 *h = handle();
        sqlite3_stmt *s = nullptr;
        const QByteArray text = sql.toUtf8();
        if (!h
            || sqlite3_prepare_v3(
                   h, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr)
                != SQLITE_OK)
            return fail(Error::store(QStringLiteral("store %1: preparing a statement: %2")
                                         .arg(path,
                                             h ? QString::fromUtf8(sqlite3_errmsg(h))
                                               : QStringLiteral("no connection"))));
        raw.insert(sql, s);
        return s;
    }

    // Runs a raw statement to completion (or to its first row, for `hasRow`); the error names
    // `what` and SQLite's message.
    Result<bool> step(sqlite3_stmt *s, const char *what)
    {
        const int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        const QString message = QString::fromUtf8(sqlite3_errmsg(handle()));
        sqlite3_reset(s);
        return fail(Error::store(
            QStringLiteral("store %1: %2: %3").arg(path, QLatin1StringView(what), message)));
    }

    void finalizeRaw()
    {
        for (sqlite3_stmt *s : std::as_const(raw))
            sqlite3_finalize(s);
        raw.clear();
    }

    Error error(const QString &what, const QSqlError &e) const
    {
        return Error::store(QStringLiteral("store %1: %2: %3").arg(path, what, sqlText(e)));
    }

    // Statements run thousands of times a second are prepared once and reused.
    Result<QSqlQuery *> statement(const QString &sql)
    {
        auto it = prepared.find(sql);
        if (it == prepared.end()) {
            QSqlQuery q(db);
            if (!q.prepare(sql))
                return fail(error(QStringLiteral("preparing a statement"), q.lastError()));
            it = prepared.insert(sql, std::move(q));
        }
        return &it.value();
    }

    Result<void> exec(const QString &sql, const QString &what)
    {
        QSqlQuery q(db);
        if (!q.exec(sql))
            return fail(error(what, q.lastError()));
        return {};
    }

    Result<void> run(QSqlQuery *q, const QString &what)
    {
        if (!q->exec()) {
            const QSqlError e = q->lastError();
            q->finish();
            return fail(error(what, e));
        }
        return {};
    }

    Result<qint64> scalar(const QString &sql, const QVariantList &binds, const QString &what)
    {
        auto q = statement(sql);
        if (!q)
            return fail(q.error());
        for (int i = 0; i < binds.size(); ++i)
            (*q)->bindValue(i, binds.at(i));
        if (auto r = run(*q, what); !r)
            return fail(r.error());
        const qint64 v = (*q)->next() ? (*q)->value(0).toLongLong() : 0;
        (*q)->finish();
        return v;
    }

    Result<qint64> bumpConfigVersion()
    {
        return scalar(QStringLiteral("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                                     "WHERE key = 'config_version' RETURNING value"),
            {}, QStringLiteral("recording a configuration change"));
    }

    Result<std::optional<StoredTarget>> targetByName(const QString &name);
    Result<void> writeTarget(const TargetConfig &config, qint64 nowMs);
    Result<void> migrate();
    QString selectionWhere(const DeadLetterSelection &s, QVariantList &binds) const;
    /// Dead letters joined with their message and target; `whereAndTail` follows the WHERE.
    Result<QList<DeadLetter>> selectDeadLetters(
        const QString &whereAndTail, const QVariantList &binds);
    Result<int> updateDead(const DeadLetterSelection &s, const QString &set,
        const QVariantList &setBinds, const QString &what);
    /// The operator's versions of a delivery's payload (2 and up), oldest first.
    Result<QList<PayloadVersion>> editedPayloads(qint64 deliveryId);
};

/// One atomic unit: BEGIN IMMEDIATE at the outermost level (so a writer never has to upgrade a
/// read lock, which fails at once in WAL mode), a SAVEPOINT inside a batch. Rolls back unless
/// committed.
class TransactionScope
{
public:
    explicit TransactionScope(SqliteStore::Private &d)
        : m_d(d)
    {
    }
    ~TransactionScope()
    {
        if (m_open)
            rollback();
    }

    Result<void> begin()
    {
        const QString sql = m_d.depth == 0 ? QStringLiteral("BEGIN IMMEDIATE")
                                           : QStringLiteral("SAVEPOINT s%1").arg(m_d.depth);
        if (auto r = m_d.exec(sql, QStringLiteral("starting a transaction")); !r)
            return r;
        ++m_d.depth;
        m_open = true;
        return {};
    }

    Result<void> commit()
    {
        --m_d.depth;
        m_open = false;
        const QString sql = m_d.depth == 0 ? QStringLiteral("COMMIT")
                                           : QStringLiteral("RELEASE s%1").arg(m_d.depth);
        auto r = m_d.exec(sql, QStringLiteral("committing"));
        if (!r && m_d.depth == 0)
            (void)m_d.exec(QStringLiteral("ROLLBACK"), {});
        return r;
    }

private:
    void rollback()
    {
        --m_d.depth;
        m_open = false;
        for (QSqlQuery &q : m_d.prepared)
            q.finish();
        if (m_d.depth == 0) {
            (void)m_d.exec(QStringLiteral("ROLLBACK"), QStringLiteral("rolling back"));
        } else {
            (void)m_d.exec(
                QStringLiteral("ROLLBACK TO s%1").arg(m_d.depth), QStringLiteral("rolling back"));
            (void)m_d.exec(
                QStringLiteral("RELEASE s%1").arg(m_d.depth), QStringLiteral("rolling back"));
        }
    }

    SqliteStore::Private &m_d;
    bool m_open = false;
};

// Runs `body` as one atomic unit and returns its result.
template <typename F> auto atomically(SqliteStore::Private &d, F &&body) -> decltype(body())
{
    TransactionScope scope(d);
    if (auto r = scope.begin(); !r)
        return fail(r.error());
    auto result = body();
    if (!result)
        return result;
    if (auto r = scope.commit(); !r)
        return fail(r.error());
    return result;
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const QString &path)
{
    auto d = std::make_unique<Private>();
    d->path = path;
    d->connectionName
        = QStringLiteral("tandem-store-%1").arg(QUuid::createUuid().toString(QUuid::Id128));

    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return fail(Error::store(StoreText::tr("store %1: not a file").arg(path)));
    if (!QFileInfo(info.absolutePath()).isDir())
        return fail(Error::store(
            StoreText::tr("store %1: %2 is not a directory").arg(path, info.absolutePath())));
    if (!QFileInfo(info.absolutePath()).isWritable())
        return fail(Error::store(StoreText::tr("store %1: the directory %2 is not writable")
                                     .arg(path, info.absolutePath())));
    if (info.exists() && !info.isWritable())
        return fail(Error::store(
            StoreText::tr("store %1: the file is not writable (permissions)").arg(path)));

    d->db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->connectionName);
    d->db.setDatabaseName(path);
    d->db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::move(d)));
    Private &p = *store->d;
    if (!p.db.open())
        return fail(p.error(QStringLiteral("opening"), p.db.lastError()));
    if (const QVariant h = p.db.driver()->handle();
        h.isValid() && qstrcmp(h.typeName(), "sqlite3*") == 0) {
        if (sqlite3 *handle = *static_cast<sqlite3 *const *>(h.constData())) {
            sqlite3_busy_handler(handle, retryWhileBusy, nullptr);
            sqlite3_create_function_v2(handle, "tandem_fingerprint", 1,
                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, new FingerprintCache,
                fingerprintFunction, nullptr, nullptr,
                [](void *cache) { delete static_cast<FingerprintCache *>(cache); });
        }
    }

    // The first read tells whether this is an SQLite file at all.
    auto appId = p.scalar(
        QStringLiteral("PRAGMA application_id"), {}, QStringLiteral("reading the header"));
    if (!appId)
        return fail(
            Error::store(StoreText::tr("store %1: not a Tandem store, or corrupt (%2)")
                             .arg(path, appId.error().message.section(u':', -1).trimmed())));
    auto version = p.scalar(
        QStringLiteral("PRAGMA user_version"), {}, QStringLiteral("reading the schema version"));
    if (!version)
        return fail(version.error());
    auto tables = p.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master"), {},
        QStringLiteral("reading the schema"));
    if (!tables)
        return fail(
            Error::store(StoreText::tr("store %1: not a Tandem store, or corrupt (%2)")
                             .arg(path, tables.error().message.section(u':', -1).trimmed())));
    if (*appId != ApplicationId && (*appId != 0 || *tables != 0))
        return fail(
            Error::store(StoreText::tr("store %1: not a Tandem store (another application's "
                                       "SQLite database)")
                             .arg(path)));
    if (*version > SchemaVersion)
        return fail(
            Error::store(StoreText::tr("store %1: schema version %2 is newer than this Tandem "
                                       "supports (%3); upgrade Tandem")
                             .arg(path)
                             .arg(*version)
                             .arg(SchemaVersion)));

    for (const char *pragma :
        { "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = OFF",
            "PRAGMA cache_size = -16000", "PRAGMA temp_store = MEMORY" }) {
        QSqlQuery q(p.db);
        if (!q.exec(QString::fromLatin1(pragma)))
            return fail(p.error(QStringLiteral("configuring (%1)").arg(QString::fromLatin1(pragma)),
                q.lastError()));
        if (q.next() && QString::fromLatin1(pragma).contains(u"journal_mode")
            && q.value(0).toString() != u"wal")
            return fail(
                Error::store(StoreText::tr("store %1: cannot switch to WAL journal mode (got %2)")
                                 .arg(path, q.value(0).toString())));
    }
    if (auto r = p.migrate(); !r)
        return fail(r.error());
    return store;
}

SqliteStore::SqliteStore(std::unique_ptr<Private> dd)
    : d(std::move(dd))
{
}

SqliteStore::~SqliteStore()
{
    const QString name = d->connectionName;
    d->prepared.clear();
    d->finalizeRaw();
    d->db.close();
    d->db = QSqlDatabase();
    QSqlDatabase::removeDatabase(name);
}

QString SqliteStore::path() const { return d->path; }

Result<void> SqliteStore::Private::migrate()
{
    // An up-to-date store is opened without taking the write lock, so `tandem status` does not
    // queue behind a busy engine.
    auto current = scalar(
        QStringLiteral("PRAGMA user_version"), {}, QStringLiteral("reading the schema version"));
    auto appId
        = scalar(QStringLiteral("PRAGMA application_id"), {}, QStringLiteral("reading the header"));
    if (current && appId && *current == SchemaVersion && *appId == ApplicationId)
        return {};
    return atomically(*this, [&]() -> Result<void> {
        auto version = scalar(QStringLiteral("PRAGMA user_version"), {},
            QStringLiteral("reading the schema version"));
        if (!version)
            return fail(version.error());
        const QList<Migration> steps = migrations();
        for (const Migration &m : steps) {
            if (m.version <= *version)
                continue;
            for (const QString &sql : m.statements) {
                if (auto r = exec(sql, QStringLiteral("migrating to schema %1").arg(m.version)); !r)
                    return r;
            }
            if (auto r = exec(QStringLiteral("PRAGMA user_version = %1").arg(m.version),
                    QStringLiteral("migrating to schema %1").arg(m.version));
                !r)
                return r;
            qCInfo(lcStore) << "migrated" << path << "to schema" << m.version;
        }
        return exec(QStringLiteral("PRAGMA application_id = %1").arg(ApplicationId),
            QStringLiteral("marking the file"));
    });
}

Result<void> SqliteStore::beginBatch(bool durable)
{
    if (d->depth != 0)
        return fail(Error { Error::Code::Internal, QStringLiteral("batch already open") });
    if (durable != d->durable) {
        // In WAL mode NORMAL skips the sync at commit; a later FULL commit syncs the log and so
        // everything committed before it.
        if (auto r = d->exec(durable ? QStringLiteral("PRAGMA synchronous = FULL")
                                     : QStringLiteral("PRAGMA synchronous = NORMAL"),
                QStringLiteral("setting the sync mode"));
            !r)
            return r;
        d->durable = durable;
    }
    if (auto r = d->exec(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("starting a batch")); !r)
        return r;
    d->depth = 1;
    return {};
}

Result<void> SqliteStore::commitBatch()
{
    Q_ASSERT(d->depth == 1);
    d->depth = 0;
    auto r = d->exec(QStringLiteral("COMMIT"), QStringLiteral("committing"));
    if (!r)
        (void)d->exec(QStringLiteral("ROLLBACK"), {});
    return r;
}

void SqliteStore::rollbackBatch()
{
    Q_ASSERT(d->depth == 1);
    d->depth = 0;
    for (QSqlQuery &q : d->prepared)
        q.finish();
    (void)d->exec(QStringLiteral("ROLLBACK"), QStringLiteral("rolling back"));
}

// ---- targets --------------------------------------------------------------------------------

Result<QList<StoredTarget>> SqliteStore::targets()
{
    auto q = d->statement(QStringLiteral(
        "SELECT id, name, config, paused, breaker_reset_at, (SELECT to_state FROM breaker_events b "
        "WHERE b.target_id = targets.id ORDER BY b.id DESC LIMIT 1) FROM targets WHERE removed_at "
        "IS NULL "
        "ORDER BY id"));
    if (!q)
        return fail(q.error());
    if (auto r = d->run(*q, QStringLiteral("reading targets")); !r)
        return fail(r.error());
    QList<StoredTarget> out;
    while ((*q)->next()) {
        const QByteArray json = (*q)->value(2).toByteArray();
        auto config = TargetConfig::fromJson(QJsonDocument::fromJson(json).object());
        if (!config) {
            (*q)->finish();
            return fail(
                Error::store(QStringLiteral("store %1: target \"%2\" has an invalid stored "
                                            "configuration: %3")
                                 .arg(d->path, (*q)->value(1).toString(), config.error().message)));
        }
        out.append({ (*q)->value(0).toLongLong(), *config, (*q)->value(3).toBool(),
            (*q)->value(4).toLongLong(), (*q)->value(5).toString() });
    }
    (*q)->finish();
    return out;
}

Result<std::optional<StoredTarget>> SqliteStore::Private::targetByName(const QString &name)
{
    auto id = scalar(QStringLiteral("SELECT id FROM targets WHERE name = ? AND removed_at IS NULL"),
        { name }, QStringLiteral("looking up target %1").arg(name));
    if (!id)
        return fail(id.error());
    if (*id == 0)
        return std::optional<StoredTarget> {};
    StoredTarget t;
    t.id = *id;
    return std::optional<StoredTarget> { t };
}

Result<void> SqliteStore::Private::writeTarget(const TargetConfig &config, qint64 nowMs)
{
    const QString json
        = QString::fromUtf8(QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact));
    auto existing = targetByName(config.name);
    if (!existing)
        return fail(existing.error());
    QSqlQuery q(db);
    if (*existing) {
        q.prepare(QStringLiteral(
            "UPDATE targets SET config = ?, enabled = ?, updated_at = ? WHERE id = ?"));
        q.addBindValue(json);
        q.addBindValue(config.enabled);
        q.addBindValue(nowMs);
        q.addBindValue((*existing)->id);
    } else {
        q.prepare(
            QStringLiteral("INSERT INTO targets (name, config, enabled, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?)"));
        q.addBindValue(config.name);
        q.addBindValue(json);
        q.addBindValue(config.enabled);
        q.addBindValue(nowMs);
        q.addBindValue(nowMs);
    }
    if (!q.exec())
        return fail(error(QStringLiteral("saving target %1").arg(config.name), q.lastError()));
    auto v = bumpConfigVersion();
    if (!v)
        return fail(v.error());
    return {};
}

Result<qint64> SqliteStore::addTarget(const TargetConfig &config)
{
    return atomically(*d, [&]() -> Result<qint64> {
        auto existing = d->targetByName(config.name);
        if (!existing)
            return fail(existing.error());
        if (*existing)
            return fail(Error::invalid(
                StoreText::tr("a target named \"%1\" exists already").arg(config.name)));
        if (auto r = d->writeTarget(config, nowMs()); !r)
            return fail(r.error());
        auto added = d->targetByName(config.name);
        if (!added)
            return fail(added.error());
        return (*added)->id;
    });
}

Result<void> SqliteStore::updateTarget(const TargetConfig &config)
{
    return atomically(*d, [&]() -> Result<void> {
        auto existing = d->targetByName(config.name);
        if (!existing)
            return fail(existing.error());
        if (!*existing)
            return fail(Error::notFound(StoreText::tr("no target named \"%1\"").arg(config.name)));
        return d->writeTarget(config, nowMs());
    });
}

Result<void> SqliteStore::removeTarget(const QString &name)
{
    return atomically(*d, [&]() -> Result<void> {
        auto existing = d->targetByName(name);
        if (!existing)
            return fail(existing.error());
        if (!*existing)
            return fail(Error::notFound(StoreText::tr("no target named \"%1\"").arg(name)));
        auto open = d->scalar(
            QStringLiteral(
                "SELECT count(*) FROM deliveries WHERE target_id = ? AND state IN (0, 1, 2, 4)"),
            { (*existing)->id }, QStringLiteral("counting deliveries of %1").arg(name));
        if (!open)
            return fail(open.error());
        if (*open > 0)
            return fail(
                Error::invalid(StoreText::tr("target \"%1\" still has %n undelivered "
                                             "delivery(s) (pending, in flight or dead); disable "
                                             "it, let them finish and discard the dead ones first",
                    nullptr, int(std::min<qint64>(*open, std::numeric_limits<int>::max())))
                                   .arg(name)));
        // Kept as removed, not deleted, so the history of its deliveries stays readable.
        QSqlQuery q(d->db);
        q.prepare(QStringLiteral("UPDATE targets SET removed_at = ? WHERE id = ?"));
        q.addBindValue(nowMs());
        q.addBindValue((*existing)->id);
        if (!q.exec())
            return fail(d->error(QStringLiteral("removing target %1").arg(name), q.lastError()));
        auto v = d->bumpConfigVersion();
        if (!v)
            return fail(v.error());
        return {};
    });
}

Result<void> SqliteStore::Private::changeTarget(
    const QString &name, const QString &assignment, const QVariant &value, const QString &what)
{
    return atomically(*this, [&]() -> Result<void> {
        auto existing = targetByName(name);
        if (!existing)
            return fail(existing.error());
        if (!*existing)
            return fail(Error::notFound(StoreText::tr("no target named \"%1\"").arg(name)));
        // `assignment` is one of this file's literals, never user input.
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE targets SET %1 = ? WHERE id = ?").arg(assignment));
        q.addBindValue(value);
        q.addBindValue((*existing)->id);
        if (!q.exec())
            return fail(error(what.arg(name), q.lastError()));
        // Any change to a target reaches running engines through the configuration version.
        auto v = bumpConfigVersion();
        if (!v)
            return fail(v.error());
        return {};
    });
}

Result<void> SqliteStore::setPaused(const QString &name, bool paused)
{
    return d->changeTarget(
        name, QStringLiteral("paused"), paused, QStringLiteral("pausing target %1"));
}

Result<void> SqliteStore::requestBreakerReset(const QString &name, qint64 now)
{
    return d->changeTarget(name, QStringLiteral("breaker_reset_at"), now,
        QStringLiteral("requesting a breaker reset of %1"));
}

Result<void> SqliteStore::recordBreakerTransition(qint64 targetId, const BreakerTransition &t)
{
    return atomically(*d, [&]() -> Result<void> {
        QSqlQuery q(d->db);
        q.prepare(QStringLiteral(
            "INSERT INTO breaker_events (target_id, at, from_state, to_state, failure_rate, "
            "slow_call_rate, calls, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(targetId);
        q.addBindValue(t.atMs);
        q.addBindValue(breakerStateName(t.from));
        q.addBindValue(breakerStateName(t.to));
        q.addBindValue(t.failureRatePercent);
        q.addBindValue(t.slowCallRatePercent);
        q.addBindValue(t.calls);
        q.addBindValue(t.reason);
        if (!q.exec())
            return fail(d->error(QStringLiteral("recording a breaker transition"), q.lastError()));
        return {};
    });
}

Result<void> SqliteStore::recordMetrics(const QList<MetricsSnapshot> &snapshots, qint64 now)
{
    return atomically(*d, [&]() -> Result<void> {
        auto insert = d->statement(QStringLiteral("INSERT INTO metrics_history (target, at, "
                                                  "resolution_s, snapshot) VALUES (?, ?, ?, ?)"));
        if (!insert)
            return fail(insert.error());
        // The first snapshot of each minute is also the minute's row.
        auto lastMinute = d->scalar(
            QStringLiteral(
                "SELECT coalesce(max(at), 0) FROM metrics_history WHERE resolution_s = 60"),
            {}, QStringLiteral("reading the metrics history"));
        if (!lastMinute)
            return fail(lastMinute.error());
        const bool newMinute = now / 60'000 != *lastMinute / 60'000;
        for (const MetricsSnapshot &m : snapshots) {
            const QString json
                = QString::fromUtf8(QJsonDocument(m.toJson()).toJson(QJsonDocument::Compact));
            for (int resolution : { 1, 60 }) {
                if (resolution == 60 && !newMinute)
                    continue;
                (*insert)->bindValue(0, m.target);
                (*insert)->bindValue(1, now);
                (*insert)->bindValue(2, resolution);
                (*insert)->bindValue(3, json);
                if (auto r = d->run(*insert, QStringLiteral("recording metrics")); !r)
                    return r;
            }
        }
        if (newMinute) {
            QSqlQuery prune(d->db);
            prune.prepare(QStringLiteral("DELETE FROM metrics_history WHERE (resolution_s = 1 AND "
                                         "at < ?) OR (resolution_s = 60 AND at < ?)"));
            prune.addBindValue(now - 3'600'000);
            prune.addBindValue(now - 8LL * 86'400'000);
            if (!prune.exec())
                return fail(
                    d->error(QStringLiteral("pruning the metrics history"), prune.lastError()));
        }
        return {};
    });
}

Result<QList<Store::MetricsPoint>> SqliteStore::metricsHistory(
    const QString &target, qint64 fromMs, qint64 toMs, qint64 now)
{
    const int resolution = fromMs >= now - 3'600'000 ? 1 : 60;
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral(
        "SELECT at, snapshot FROM metrics_history WHERE target = ? AND resolution_s = ? "
        "AND at >= ? AND at <= ? ORDER BY at"));
    q.addBindValue(target);
    q.addBindValue(resolution);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec())
        return fail(d->error(
            QStringLiteral("reading the metrics history of %1").arg(target), q.lastError()));
    QList<MetricsPoint> out;
    while (q.next())
        out.append({ q.value(0).toLongLong(),
            QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object() });
    return out;
}

Result<QList<BreakerTransition>> SqliteStore::breakerHistory(
    const QString &target, qint64 fromMs, qint64 toMs)
{
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral(
        "SELECT b.at, b.from_state, b.to_state, b.failure_rate, b.slow_call_rate, b.calls, "
        "b.reason "
        "FROM breaker_events b JOIN targets t ON t.id = b.target_id "
        "WHERE t.name = ? AND t.removed_at IS NULL AND b.at >= ? AND b.at <= ? ORDER BY b.id"));
    q.addBindValue(target);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec())
        return fail(d->error(
            QStringLiteral("reading the breaker history of %1").arg(target), q.lastError()));
    auto state = [](const QString &name) {
        return name == u"open"     ? BreakerState::Open
            : name == u"half_open" ? BreakerState::HalfOpen
                                   : BreakerState::Closed;
    };
    QList<BreakerTransition> out;
    while (q.next()) {
        BreakerTransition t;
        t.atMs = q.value(0).toLongLong();
        t.from = state(q.value(1).toString());
        t.to = state(q.value(2).toString());
        t.failureRatePercent = q.value(3).toDouble();
        t.slowCallRatePercent = q.value(4).toDouble();
        t.calls = q.value(5).toInt();
        t.reason = q.value(6).toString();
        out.append(t);
    }
    return out;
}

Result<QHash<QString, QJsonObject>> SqliteStore::latestMetrics()
{
    QSqlQuery q(d->db);
    if (!q.exec(QStringLiteral("SELECT target, snapshot FROM metrics_history WHERE id IN "
                               "(SELECT max(id) FROM metrics_history GROUP BY target)")))
        return fail(d->error(QStringLiteral("reading the latest metrics"), q.lastError()));
    QHash<QString, QJsonObject> out;
    while (q.next())
        out.insert(q.value(0).toString(),
            QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
    return out;
}

Result<std::optional<QString>> SqliteStore::Private::meta(const QString &key)
{
    auto q = statement(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    if (!q)
        return fail(q.error());
    (*q)->bindValue(0, key);
    if (auto r = run(*q, QStringLiteral("reading settings")); !r)
        return fail(r.error());
    std::optional<QString> v;
    if ((*q)->next())
        v = (*q)->value(0).toString();
    (*q)->finish();
    return v;
}

Result<void> SqliteStore::Private::setMeta(const QString &key, const QString &value)
{
    auto q = statement(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    if (!q)
        return fail(q.error());
    (*q)->bindValue(0, key);
    (*q)->bindValue(1, value);
    return run(*q, QStringLiteral("saving settings"));
}

Result<void> SqliteStore::setBacklogLimits(const BacklogLimits &limits)
{
    if (limits.highWater < 1 || limits.lowWater < 0 || limits.lowWater > limits.highWater)
        return fail(Error::invalid(
            StoreText::tr("backlog limits: the low-water mark (%1) must be between 0 and the "
                          "high-water mark (%2), which must be at least 1")
                .arg(limits.lowWater)
                .arg(limits.highWater)));
    return atomically(*d, [&]() -> Result<void> {
        if (auto r
            = d->setMeta(QStringLiteral("backlog_high_water"), QString::number(limits.highWater));
            !r)
            return r;
        return d->setMeta(QStringLiteral("backlog_low_water"), QString::number(limits.lowWater));
    });
}

Result<void> SqliteStore::setIdempotencyWindow(qint64 ms)
{
    if (ms < 1000)
        return fail(Error::invalid(
            StoreText::tr("idempotency window: %1 ms is less than a second").arg(ms)));
    return d->setMeta(QStringLiteral("idempotency_window_ms"), QString::number(ms));
}

Result<qint64> SqliteStore::idempotencyWindow()
{
    auto v = d->meta(QStringLiteral("idempotency_window_ms"));
    if (!v)
        return fail(v.error());
    return *v ? (*v)->toLongLong() : DefaultIdempotencyWindowMs;
}

Result<QString> SqliteStore::ingestTokenReference()
{
    auto v = d->meta(QStringLiteral("ingest_token_ref"));
    if (!v)
        return fail(v.error());
    return v->value_or(QString());
}

Result<void> SqliteStore::setIngestTokenReference(const QString &reference)
{
    return d->setMeta(QStringLiteral("ingest_token_ref"), reference);
}

Result<Store::BacklogLimits> SqliteStore::backlogLimits()
{
    BacklogLimits limits;
    auto high = d->meta(QStringLiteral("backlog_high_water"));
    auto low = d->meta(QStringLiteral("backlog_low_water"));
    if (!high)
        return fail(high.error());
    if (!low)
        return fail(low.error());
    if (*high)
        limits.highWater = (*high)->toLongLong();
    if (*low)
        limits.lowWater = (*low)->toLongLong();
    return limits;
}

Result<bool> SqliteStore::updateBacklogState(qint64 waiting)
{
    return atomically(*d, [&]() -> Result<bool> {
        auto limits = backlogLimits();
        auto refusing = d->meta(QStringLiteral("backlog_refusing"));
        if (!limits)
            return fail(limits.error());
        if (!refusing)
            return fail(refusing.error());
        const bool was = *refusing && **refusing == u"1";
        const bool now = was ? waiting > limits->lowWater : waiting >= limits->highWater;
        if (now != was || !*refusing) {
            if (auto r = d->setMeta(QStringLiteral("backlog_refusing"),
                    now ? QStringLiteral("1") : QStringLiteral("0"));
                !r)
                return fail(r.error());
        }
        return now;
    });
}

Result<void> SqliteStore::Private::admit(qint64 incoming, qint64 now)
{
    auto high = meta(QStringLiteral("backlog_high_water"));
    auto low = meta(QStringLiteral("backlog_low_water"));
    auto refusing = meta(QStringLiteral("backlog_refusing"));
    if (!high || !low || !refusing)
        return fail(!high ? high.error() : !low ? low.error() : refusing.error());
    const BacklogLimits defaults;
    const qint64 highWater = *high ? (*high)->toLongLong() : defaults.highWater;
    const qint64 lowWater = *low ? (*low)->toLongLong() : defaults.lowWater;
    if (!openDeliveries || now - openCountedAtMs >= 1000) {
        auto n = scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state IN (0, 1, 2)"),
            {}, QStringLiteral("counting the backlog"));
        if (!n)
            return fail(n.error());
        openDeliveries = *n;
        openCountedAtMs = now;
    }
    // Refused while the engine says the backlog has not yet fallen to the low-water mark, and
    // whenever this batch would take it over the high-water mark.
    if ((*refusing && **refusing == u"1") || *openDeliveries + incoming > highWater)
        return fail(Error { Error::Code::Overloaded,
            QStringLiteral("backlog limit reached: %1 deliveries are waiting (high-water mark %2); "
                           "new messages "
                           "are accepted again below %3, so nothing was enqueued")
                .arg(*openDeliveries)
                .arg(highWater)
                .arg(lowWater) });
    return {};
}

Result<void> SqliteStore::importTargets(const QList<TargetConfig> &configs)
{
    return atomically(*d, [&]() -> Result<void> {
        for (const TargetConfig &c : configs) {
            if (auto r = d->writeTarget(c, nowMs()); !r)
                return r;
        }
        return {};
    });
}

Result<qint64> SqliteStore::configVersion()
{
    return d->scalar(
        QStringLiteral("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'config_version'"), {},
        QStringLiteral("reading the configuration version"));
}

// ---- messages and dispatch -------------------------------------------------------------------

Result<QStringList> SqliteStore::enqueue(const QList<NewMessage> &messages, qint64 now)
{
    for (qsizetype n = 0; n < messages.size(); ++n) {
        if (!messages.at(n).traceparent.isEmpty()
            && traceIdOf(messages.at(n).traceparent).isEmpty())
            return fail(Error::invalid(
                QStringLiteral("message %1: \"%2\" is not a W3C traceparent "
                               "(00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>)")
                    .arg(n + 1)
                    .arg(QString::fromLatin1(messages.at(n).traceparent.left(100)))));
    }
    return atomically(*d, [&]() -> Result<QStringList> {
        QList<qint64> targetIds;
        {
            auto q = d->statement(QStringLiteral(
                "SELECT id FROM targets WHERE enabled = 1 AND removed_at IS NULL ORDER BY id"));
            if (!q)
                return fail(q.error());
            if (auto r = d->run(*q, QStringLiteral("reading targets")); !r)
                return fail(r.error());
            while ((*q)->next())
                targetIds.append((*q)->value(0).toLongLong());
            (*q)->finish();
        }
        if (!targetIds.isEmpty()) {
            if (auto r = d->admit(qint64(messages.size()) * targetIds.size(), now); !r)
                return fail(r.error());
        }
        if (targetIds.isEmpty())
            return fail(Error::invalid(
                QStringLiteral("no enabled targets: add one with `tandem targets add` "
                               "(nothing was enqueued)")));

        auto window = idempotencyWindow();
        if (!window)
            return fail(window.error());
        auto findKey = d->rawStatement(QStringLiteral("SELECT uuid FROM messages WHERE "
                                                      "idempotency_key = ? AND created_at >= ? "
                                                      "ORDER BY id LIMIT 1"));
        if (!findKey)
            return fail(findKey.error());
        auto insertMessage
            = d->rawStatement(QStringLiteral("INSERT INTO messages (uuid, idempotency_key, "
                                             "partition_key, trace_id, payload, created_at) "
                                             "VALUES (?, ?, ?, ?, ?, ?)"));
        auto insertDelivery = d->rawStatement(
            QStringLiteral("INSERT INTO deliveries (message_id, target_id, state, "
                           "due_at, updated_at, partition_key) VALUES (?, ?, 0, ?, ?, ?)"));
        if (!insertMessage)
            return fail(insertMessage.error());
        if (!insertDelivery)
            return fail(insertDelivery.error());
        sqlite3_stmt *fk = *findKey;
        sqlite3_stmt *im = *insertMessage;
        sqlite3_stmt *id = *insertDelivery;
        // SQLITE_STATIC: the bytes outlive each step (the statements are reset and rebound
        // before their next step), so SQLite need not copy every payload.
        auto bindText = [](sqlite3_stmt *s, int i, const QByteArray &utf8) {
            if (utf8.isEmpty())
                sqlite3_bind_null(s, i);
            else
                sqlite3_bind_text(s, i, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
        };

        QStringList ids;
        ids.reserve(messages.size());
        qint64 stored = 0;
        for (const NewMessage &m : messages) {
            if (!m.idempotencyKey.isEmpty()) {
                sqlite3_reset(fk);
                bindText(fk, 1, m.idempotencyKey);
                sqlite3_bind_int64(fk, 2, now - *window);
                auto seen = d->step(fk, "looking up an idempotency key");
                if (!seen)
                    return fail(seen.error());
                if (*seen) {
                    // A repeat: the original stands, nothing is stored.
                    ids.append(QString::fromUtf8(
                        reinterpret_cast<const char *>(sqlite3_column_text(fk, 0))));
                    sqlite3_reset(fk);
                    continue;
                }
                sqlite3_reset(fk);
            }
            ++stored;
            const QString uuid = newMessageId(now, d->rng);
            const QByteArray uuidUtf8 = uuid.toLatin1();
            const QByteArray producerTrace
                = m.traceparent.isEmpty() ? QByteArray() : traceIdOf(m.traceparent);
            const QByteArray trace = producerTrace.isEmpty() ? newTraceId(d->rng) : producerTrace;
            sqlite3_reset(im);
            bindText(im, 1, uuidUtf8);
            bindText(im, 2, m.idempotencyKey.isEmpty() ? uuidUtf8 : m.idempotencyKey);
            bindText(im, 3, m.partitionKey);
            bindText(im, 4, trace);
            // An empty payload is no message: NULL lets the NOT NULL constraint refuse it.
            if (m.payload.isEmpty())
                sqlite3_bind_null(im, 5);
            else
                sqlite3_bind_blob64(
                    im, 5, m.payload.constData(), sqlite3_uint64(m.payload.size()), SQLITE_STATIC);
            sqlite3_bind_int64(im, 6, now);
            if (auto r = d->step(im, "storing a message"); !r)
                return fail(r.error());
            const qint64 rowId = sqlite3_last_insert_rowid(d->handle());
            for (qint64 t : targetIds) {
                sqlite3_reset(id);
                sqlite3_bind_int64(id, 1, rowId);
                sqlite3_bind_int64(id, 2, t);
                sqlite3_bind_int64(id, 3, now);
                sqlite3_bind_int64(id, 4, now);
                bindText(id, 5, m.partitionKey);
                if (auto r = d->step(id, "storing a delivery"); !r)
                    return fail(r.error());
            }
            ids.append(uuid);
        }
        if (d->openDeliveries)
            *d->openDeliveries += stored * targetIds.size();
        return ids;
    });
}

Result<ClaimBatch> SqliteStore::claim(
    qint64 targetId, int max, qint64 now, Ordering ordering, DeadKeyPolicy onDead)
{
    return atomically(*d, [&]() -> Result<ClaimBatch> {
        ClaimBatch batch;
        // Per key, a delivery waits while an earlier one of the same key is open: pending,
        // in flight, waiting to retry, or (when dead ones block) dead.
        QString keyGate;
        if (ordering == Ordering::PerKey) {
            keyGate = QStringLiteral(
                " AND (d.partition_key IS NULL OR NOT EXISTS (SELECT 1 FROM deliveries e "
                "WHERE e.target_id = d.target_id AND e.partition_key = d.partition_key "
                "AND e.id < d.id AND e.state IN (%1)))")
                          .arg(onDead == DeadKeyPolicy::Block ? QStringLiteral("0, 1, 2, 4")
                                                              : QStringLiteral("0, 1, 2"));
        }
        auto q = d->statement(
            // An edited delivery sends its newest payload version; CASE evaluates the lookup
            // only for those, so a never-edited one costs a column compare and nothing more.
            QStringLiteral("SELECT d.id, d.message_id, m.uuid, m.idempotency_key, m.trace_id, "
                           "CASE WHEN d.payload_version = 1 THEN m.payload ELSE (SELECT v.payload "
                           "FROM payload_versions v WHERE v.delivery_id = d.id AND v.version = "
                           "d.payload_version) END, d.attempts, "
                           "d.round, m.created_at, d.last_delay_ms, d.payload_version "
                           "FROM deliveries d JOIN messages m ON m.id = d.message_id "
                           "WHERE d.target_id = ? AND d.state IN (0, 2) AND d.due_at <= ?")
            + keyGate + QStringLiteral(" ORDER BY d.due_at, d.id LIMIT ?"));
        if (!q)
            return fail(q.error());
        (*q)->bindValue(0, targetId);
        (*q)->bindValue(1, now);
        (*q)->bindValue(2, max);
        if (auto r = d->run(*q, QStringLiteral("claiming deliveries")); !r)
            return fail(r.error());
        QString ids;
        while ((*q)->next()) {
            ClaimedDelivery c;
            c.deliveryId = (*q)->value(0).toLongLong();
            c.messageRowId = (*q)->value(1).toLongLong();
            c.messageId = (*q)->value(2).toString();
            c.idempotencyKey = (*q)->value(3).toString().toUtf8();
            c.traceId = (*q)->value(4).toString().toLatin1();
            c.payload = (*q)->value(5).toByteArray();
            c.attempts = (*q)->value(6).toInt();
            c.round = (*q)->value(7).toInt();
            c.createdAtMs = (*q)->value(8).toLongLong();
            c.lastDelayMs = (*q)->value(9).toLongLong();
            c.payloadVersion = (*q)->value(10).toInt();
            if (!ids.isEmpty())
                ids += u',';
            ids += QString::number(c.deliveryId);
            batch.deliveries.append(std::move(c));
        }
        (*q)->finish();
        if (!batch.deliveries.isEmpty()) {
            // Ids are integers read from the store: safe to inline, and one statement per batch.
            if (auto r
                = d->exec(QStringLiteral(
                              "UPDATE deliveries SET state = 1, updated_at = %1 WHERE id IN (%2)")
                              .arg(now)
                              .arg(ids),
                    QStringLiteral("claiming deliveries"));
                !r)
                return fail(r.error());
        }
        if (batch.deliveries.size() < max) {
            auto next = d->statement(QStringLiteral(
                "SELECT min(due_at) FROM deliveries WHERE target_id = ? AND state IN (0, 2)"));
            if (!next)
                return fail(next.error());
            (*next)->bindValue(0, targetId);
            if (auto r = d->run(*next, QStringLiteral("finding the next due delivery")); !r)
                return fail(r.error());
            if ((*next)->next() && !(*next)->value(0).isNull())
                batch.nextDueAtMs = (*next)->value(0).toLongLong();
            (*next)->finish();
        }
        return batch;
    });
}

Result<void> SqliteStore::recordAttempts(const QList<AttemptRecord> &records, qint64 now)
{
    return atomically(*d, [&]() -> Result<void> {
        auto insert = d->statement(QStringLiteral(
            "INSERT INTO attempts (delivery_id, round, attempt_no, started_at, latency_us, status, "
            "error_class, error, excerpt, payload_version, retry_after_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        auto update = d->statement(QStringLiteral(
            "UPDATE deliveries SET state = ?, attempts = ?, due_at = ?, last_delay_ms = ?, "
            "updated_at = ?, "
            "last_status = ?, last_error = ?, dead_reason = ? WHERE id = ? AND state = 1"));
        if (!insert)
            return fail(insert.error());
        if (!update)
            return fail(update.error());
        QSqlQuery &ins = **insert;
        QSqlQuery &upd = **update;
        for (const AttemptRecord &r : records) {
            const AttemptOutcome &o = r.outcome;
            if (r.attempted) {
                ins.bindValue(0, r.deliveryId);
                ins.bindValue(1, r.round);
                ins.bindValue(2, r.attemptNo);
                ins.bindValue(3, o.startedAtMs);
                ins.bindValue(4, o.latencyUs);
                ins.bindValue(5, o.httpStatus);
                ins.bindValue(6, errorClassName(o.errorClass));
                ins.bindValue(7, o.error.isEmpty() ? QVariant() : QVariant(o.error));
                ins.bindValue(8,
                    o.responseExcerpt.isEmpty() ? QVariant()
                                                : QVariant(o.responseExcerpt.left(ExcerptLimit)));
                ins.bindValue(9, r.payloadVersion);
                ins.bindValue(10, nullable(o.retryAfterMs));
                if (auto res = d->run(&ins, QStringLiteral("storing an attempt")); !res)
                    return res;
            }
            upd.bindValue(0, int(r.newState));
            upd.bindValue(1, r.attemptNo);
            upd.bindValue(2,
                r.newState == DeliveryState::RetryWait || r.newState == DeliveryState::Pending
                    ? r.dueAtMs
                    : now);
            upd.bindValue(3, r.delayMs);
            upd.bindValue(4, now);
            upd.bindValue(5, o.httpStatus);
            upd.bindValue(6, o.error.isEmpty() ? QVariant() : QVariant(o.error));
            upd.bindValue(7, r.deadReason.isEmpty() ? QVariant() : QVariant(r.deadReason));
            upd.bindValue(8, r.deliveryId);
            if (auto res = d->run(&upd, QStringLiteral("updating a delivery")); !res)
                return res;
        }
        if (d->openDeliveries) {
            for (const AttemptRecord &r : records) {
                if (r.newState == DeliveryState::Delivered || r.newState == DeliveryState::Dead)
                    --*d->openDeliveries;
            }
        }
        return {};
    });
}

Result<int> SqliteStore::requeueInFlight(qint64 now)
{
    return atomically(*d, [&]() -> Result<int> {
        QSqlQuery q(d->db);
        q.prepare(QStringLiteral(
            "UPDATE deliveries SET state = 0, due_at = ?, updated_at = ? WHERE state = 1"));
        q.addBindValue(now);
        q.addBindValue(now);
        if (!q.exec())
            return fail(d->error(QStringLiteral("requeueing in-flight deliveries"), q.lastError()));
        return q.numRowsAffected();
    });
}

// ---- status and dead letters ----------------------------------------------------------------

Result<QList<TargetCounts>> SqliteStore::counts()
{
    QList<TargetCounts> out;
    QSqlQuery q(d->db);
    if (!q.exec(QStringLiteral("SELECT t.id, t.name, d.state, count(d.id) FROM targets t "
                               "LEFT JOIN deliveries d ON d.target_id = t.id "
                               "WHERE t.removed_at IS NULL GROUP BY t.id, d.state ORDER BY t.id")))
        return fail(d->error(QStringLiteral("counting deliveries"), q.lastError()));
    QList<qint64> ids;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        if (ids.isEmpty() || ids.last() != id) {
            ids.append(id);
            TargetCounts c;
            c.target = q.value(1).toString();
            out.append(c);
        }
        TargetCounts &c = out.last();
        const qint64 n = q.value(3).toLongLong();
        if (q.value(2).isNull())
            continue;
        switch (DeliveryState(q.value(2).toInt())) {
        case DeliveryState::Pending:
            c.pending += n;
            break;
        case DeliveryState::RetryWait:
            c.pending += n;
            c.retryWait += n;
            break;
        case DeliveryState::InFlight:
            c.inFlight += n;
            break;
        case DeliveryState::Delivered:
            c.delivered += n;
            break;
        case DeliveryState::Dead:
            c.dead += n;
            break;
        case DeliveryState::Discarded:
            c.discarded += n;
            break;
        }
    }
    q.finish();
    for (qsizetype i = 0; i < ids.size(); ++i) {
        // The smallest delivery id among undelivered ones is the oldest message: ids grow with
        // enqueue order, and (target_id, state, id) is indexed, so this stays cheap with a
        // million pending.
        auto oldest = d->scalar(
            QStringLiteral("SELECT m.created_at FROM messages m WHERE m.id = (SELECT min(x) FROM ("
                           "SELECT (SELECT message_id FROM deliveries WHERE target_id = ? AND "
                           "state = 0 ORDER BY id LIMIT 1) AS x "
                           "UNION ALL SELECT (SELECT message_id FROM deliveries WHERE target_id = "
                           "? AND state = 1 ORDER BY id LIMIT 1) "
                           "UNION ALL SELECT (SELECT message_id FROM deliveries WHERE target_id = "
                           "? AND state = 2 ORDER BY id LIMIT 1)))"),
            { ids.at(i), ids.at(i), ids.at(i) },
            QStringLiteral("finding the oldest pending delivery"));
        if (!oldest)
            return fail(oldest.error());
        if (*oldest > 0)
            out[i].oldestPendingCreatedAtMs = *oldest;
    }
    return out;
}

QString SqliteStore::Private::selectionWhere(
    const DeadLetterSelection &s, QVariantList &binds) const
{
    QString where = QStringLiteral("d.state = 4");
    if (!s.target.isEmpty()) {
        where += QStringLiteral(" AND t.name = ?");
        binds.append(s.target);
    }
    if (!s.all) {
        QStringList marks;
        for (const QString &id : s.messageIds) {
            marks.append(QStringLiteral("?"));
            binds.append(id);
        }
        if (marks.isEmpty())
            where += QStringLiteral(" AND 0");
        else
            where += QStringLiteral(" AND m.uuid IN (") + marks.join(u',') + u')';
    }
    return where;
}

Result<QList<DeadLetter>> SqliteStore::deadLetters(const DeadLetterSelection &s)
{
    QVariantList binds;
    const QString where = d->selectionWhere(s, binds);
    binds.append(s.limit);
    return d->selectDeadLetters(
        where + QStringLiteral(" ORDER BY d.updated_at DESC, d.id DESC LIMIT ?"), binds);
}

Result<QList<DeadLetter>> SqliteStore::Private::selectDeadLetters(
    const QString &whereAndTail, const QVariantList &binds)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
                  "SELECT d.id, m.uuid, t.name, d.updated_at, d.attempts, d.last_status, "
                  "d.last_error, d.dead_reason FROM deliveries d "
                  "JOIN messages m ON m.id = d.message_id JOIN targets t ON t.id = d.target_id "
                  "WHERE ")
        + whereAndTail);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(error(QStringLiteral("listing dead letters"), q.lastError()));
    QList<DeadLetter> out;
    while (q.next()) {
        out.append(DeadLetter { q.value(0).toLongLong(), q.value(1).toString(),
            q.value(2).toString(), q.value(3).toLongLong(), q.value(4).toInt(), q.value(5).toInt(),
            q.value(6).toString(), q.value(7).toString() });
    }
    return out;
}

namespace {

QString deadLetterQueryWhere(const DeadLetterQuery &q, QVariantList &binds)
{
    QString where = QStringLiteral("d.state = 4");
    if (!q.target.isEmpty()) {
        where += QStringLiteral(" AND t.name = ?");
        binds.append(q.target);
    }
    if (q.status != 0) {
        where += QStringLiteral(" AND d.last_status = ?");
        binds.append(q.status);
    }
    if (!q.errorClass.isEmpty()) {
        where += QStringLiteral(" AND ") + LastErrorClassSql + QStringLiteral(" = ?");
        binds.append(q.errorClass);
    }
    if (q.fingerprint) {
        where += QStringLiteral(" AND t.name = ? AND d.last_status = ? AND ") + LastErrorClassSql
            + QStringLiteral(" = ? AND tandem_fingerprint(d.last_error) = ?");
        binds << q.fingerprint->target << q.fingerprint->status << q.fingerprint->errorClass
              << q.fingerprint->text;
    }
    if (q.fromMs > 0) {
        where += QStringLiteral(" AND d.updated_at >= ?");
        binds.append(q.fromMs);
    }
    if (q.toMs > 0) {
        where += QStringLiteral(" AND d.updated_at < ?");
        binds.append(q.toMs);
    }
    if (!q.text.isEmpty()) {
        QString pattern = q.text;
        pattern.replace(u'\\', QStringLiteral("\\\\"))
            .replace(u'%', QStringLiteral("\\%"))
            .replace(u'_', QStringLiteral("\\_"));
        pattern = u'%' + pattern + u'%';
        // An operator's edits count too: after "Edit and replay" the text they typed is what
        // the delivery sends (and what they will search for).
        where += QStringLiteral(
            " AND (CAST(m.payload AS TEXT) LIKE ? ESCAPE '\\' OR m.uuid LIKE ? ESCAPE '\\'"
            " OR d.last_error LIKE ? ESCAPE '\\' OR (d.payload_version > 1 AND EXISTS (SELECT 1"
            " FROM payload_versions pv WHERE pv.delivery_id = d.id"
            " AND CAST(pv.payload AS TEXT) LIKE ? ESCAPE '\\')))");
        binds << pattern << pattern << pattern << pattern;
    }
    return where;
}

QString deadLetterOrder(const DeadLetterQuery &q)
{
    const char *column = "d.updated_at";
    switch (q.sortBy) {
    case DeadLetterQuery::SortKey::DeadAt:
        break;
    case DeadLetterQuery::SortKey::MessageId:
        column = "m.uuid";
        break;
    case DeadLetterQuery::SortKey::Target:
        column = "t.name";
        break;
    case DeadLetterQuery::SortKey::Attempts:
        column = "d.attempts";
        break;
    case DeadLetterQuery::SortKey::LastStatus:
        column = "d.last_status";
        break;
    }
    // The delivery id breaks ties, so pages never overlap or skip rows.
    return QStringLiteral("%1 %2, d.id %2")
        .arg(QLatin1StringView(column),
            q.descending ? QLatin1StringView("DESC") : QLatin1StringView("ASC"));
}

} // namespace

Result<QList<DeadLetter>> SqliteStore::findDeadLetters(const DeadLetterQuery &query)
{
    QVariantList binds;
    const QString where = deadLetterQueryWhere(query, binds);
    binds << query.limit << query.offset;
    return d->selectDeadLetters(where + QStringLiteral(" ORDER BY ") + deadLetterOrder(query)
            + QStringLiteral(" LIMIT ? OFFSET ?"),
        binds);
}

Result<qint64> SqliteStore::countDeadLetters(const DeadLetterQuery &query)
{
    QVariantList binds;
    const QString where = deadLetterQueryWhere(query, binds);
    return d->scalar(QStringLiteral("SELECT count(*) FROM deliveries d "
                                    "JOIN messages m ON m.id = d.message_id JOIN targets t ON t.id "
                                    "= d.target_id WHERE ")
            + where,
        binds, QStringLiteral("counting dead letters"));
}

Result<QList<DeadLetterGroup>> SqliteStore::deadLetterGroups(const DeadLetterQuery &query)
{
    QVariantList binds;
    const QString where = deadLetterQueryWhere(query, binds);
    binds << query.limit;
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral("SELECT t.name, ") + LastErrorClassSql
        + QStringLiteral(" AS ec, d.last_status, tandem_fingerprint(d.last_error) AS fp, "
                         "count(*) AS n, min(d.updated_at), max(d.updated_at), max(d.last_error) "
                         "FROM deliveries d JOIN messages m ON m.id = d.message_id "
                         "JOIN targets t ON t.id = d.target_id WHERE ")
        + where
        + QStringLiteral(" GROUP BY t.name, ec, d.last_status, fp "
                         "ORDER BY n DESC, t.name, ec, d.last_status, fp LIMIT ?"));
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!q.exec())
        return fail(d->error(QStringLiteral("grouping dead letters"), q.lastError()));
    QList<DeadLetterGroup> out;
    while (q.next()) {
        DeadLetterGroup g;
        g.fingerprint = { q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(),
            q.value(3).toString() };
        g.count = q.value(4).toLongLong();
        g.firstSeenMs = q.value(5).toLongLong();
        g.lastSeenMs = q.value(6).toLongLong();
        g.example = q.value(7).toString();
        out.append(g);
    }
    return out;
}

Result<int> SqliteStore::Private::updateDead(const DeadLetterSelection &s, const QString &set,
    const QVariantList &setBinds, const QString &what)
{
    return atomically(*this, [&]() -> Result<int> {
        QVariantList binds = setBinds;
        const QString where = selectionWhere(s, binds);
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE deliveries SET ") + set
            + QStringLiteral(" WHERE id IN (SELECT d.id FROM deliveries d JOIN messages m ON m.id "
                             "= d.message_id "
                             "JOIN targets t ON t.id = d.target_id WHERE ")
            + where + u')');
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec())
            return fail(error(what, q.lastError()));
        return q.numRowsAffected();
    });
}

namespace {

// A replay starts a new round: attempts count from zero again, the history of earlier rounds
// stays. Binds: due_at, updated_at.
constexpr QLatin1StringView ReplaySet(
    "state = 0, attempts = 0, round = round + 1, due_at = ?, last_delay_ms = 0, "
    "updated_at = ?, dead_reason = NULL");

} // namespace

Result<int> SqliteStore::replay(const DeadLetterSelection &s, qint64 now)
{
    d->openDeliveries.reset(); // replayed deliveries wait again: count afresh
    return d->updateDead(s, ReplaySet, { now, now }, QStringLiteral("replaying dead letters"));
}

Result<QList<qint64>> SqliteStore::replayChunk(
    const DeadLetterQuery &query, qint64 afterDeliveryId, int max, qint64 now)
{
    d->openDeliveries.reset();
    return atomically(*d, [&]() -> Result<QList<qint64>> {
        QVariantList binds;
        const QString where = deadLetterQueryWhere(query, binds);
        binds << afterDeliveryId << max;
        QSqlQuery q(d->db);
        // Delivery ids grow with enqueue order (each message's deliveries are inserted with it).
        q.prepare(QStringLiteral("SELECT d.id FROM deliveries d JOIN messages m ON m.id = "
                                 "d.message_id JOIN targets t ON t.id = d.target_id WHERE ")
            + where + QStringLiteral(" AND d.id > ? ORDER BY d.id LIMIT ?"));
        for (const QVariant &b : std::as_const(binds))
            q.addBindValue(b);
        if (!q.exec())
            return fail(d->error(QStringLiteral("choosing dead letters to replay"), q.lastError()));
        QList<qint64> ids;
        QStringList marks;
        while (q.next()) {
            ids.append(q.value(0).toLongLong());
            marks.append(QString::number(ids.last()));
        }
        q.finish();
        if (ids.isEmpty())
            return ids;
        q.prepare(QStringLiteral("UPDATE deliveries SET ") + ReplaySet
            + QStringLiteral(" WHERE state = 4 AND id IN (") + marks.join(u',') + u')');
        q.addBindValue(now);
        q.addBindValue(now);
        if (!q.exec())
            return fail(d->error(QStringLiteral("replaying dead letters"), q.lastError()));
        return ids;
    });
}

Result<QHash<qint64, DeliveryState>> SqliteStore::deliveryStates(const QList<qint64> &ids)
{
    QHash<qint64, DeliveryState> out;
    if (ids.isEmpty())
        return out;
    QStringList marks;
    for (qint64 id : ids)
        marks.append(QString::number(id));
    QSqlQuery q(d->db);
    if (!q.exec(QStringLiteral("SELECT id, state FROM deliveries WHERE id IN (") + marks.join(u',')
            + u')'))
        return fail(d->error(QStringLiteral("reading delivery states"), q.lastError()));
    while (q.next())
        out.insert(q.value(0).toLongLong(), DeliveryState(q.value(1).toInt()));
    return out;
}

Result<int> SqliteStore::discard(const DeadLetterSelection &s, qint64 now)
{
    return d->updateDead(s, QStringLiteral("state = 5, updated_at = ?"), { now },
        QStringLiteral("discarding dead letters"));
}

Result<MessageView> SqliteStore::message(const QString &messageId)
{
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral(
        "SELECT id, uuid, idempotency_key, partition_key, trace_id, payload, created_at "
        "FROM messages WHERE uuid = ?"));
    q.addBindValue(messageId);
    if (!q.exec())
        return fail(d->error(QStringLiteral("reading message %1").arg(messageId), q.lastError()));
    if (!q.next())
        return fail(Error::notFound(StoreText::tr("no message with id %1").arg(messageId)));
    MessageView m;
    const qint64 rowId = q.value(0).toLongLong();
    m.id = q.value(1).toString();
    m.idempotencyKey = q.value(2).toString().toUtf8();
    m.partitionKey = q.value(3).toString().toUtf8();
    m.traceId = q.value(4).toString().toLatin1();
    m.payload = q.value(5).toByteArray();
    m.createdAtMs = q.value(6).toLongLong();
    q.finish();

    q.prepare(QStringLiteral(
        "SELECT d.id, t.name, d.state, d.attempts, d.round, d.due_at, d.updated_at, "
        "d.last_status, d.last_error, d.dead_reason, d.last_delay_ms, d.payload_version "
        "FROM deliveries d "
        "JOIN targets t ON t.id = d.target_id WHERE d.message_id = ? ORDER BY t.id"));
    q.addBindValue(rowId);
    if (!q.exec())
        return fail(
            d->error(QStringLiteral("reading deliveries of %1").arg(messageId), q.lastError()));
    while (q.next()) {
        DeliveryView v;
        v.deliveryId = q.value(0).toLongLong();
        v.target = q.value(1).toString();
        v.state = DeliveryState(q.value(2).toInt());
        v.attempts = q.value(3).toInt();
        v.round = q.value(4).toInt();
        v.dueAtMs = q.value(5).toLongLong();
        v.updatedAtMs = q.value(6).toLongLong();
        v.lastStatus = q.value(7).toInt();
        v.lastError = q.value(8).toString();
        v.deadReason = q.value(9).toString();
        v.lastDelayMs = q.value(10).toLongLong();
        v.payloadVersion = q.value(11).toInt();
        m.deliveries.append(v);
    }
    q.finish();
    for (DeliveryView &v : m.deliveries) {
        q.prepare(QStringLiteral(
            "SELECT round, attempt_no, started_at, latency_us, status, error_class, error, "
            "excerpt, payload_version, retry_after_ms FROM attempts WHERE delivery_id = ? "
            "ORDER BY id"));
        q.addBindValue(v.deliveryId);
        if (!q.exec())
            return fail(
                d->error(QStringLiteral("reading attempts of %1").arg(messageId), q.lastError()));
        while (q.next()) {
            v.history.append(AttemptView { q.value(0).toInt(), q.value(1).toInt(),
                q.value(2).toLongLong(), q.value(3).toLongLong(), q.value(4).toInt(),
                q.value(5).toString(), q.value(6).toString(), q.value(7).toByteArray(),
                q.value(8).toInt(), optionalInteger(q.value(9)) });
        }
        q.finish();
        auto edits = d->editedPayloads(v.deliveryId);
        if (!edits)
            return fail(edits.error());
        v.payloadVersions
            = QList<PayloadVersion> { { 1, m.payload, {}, {}, m.createdAtMs } } + *edits;
    }
    return m;
}

Result<QList<PayloadVersion>> SqliteStore::Private::editedPayloads(qint64 deliveryId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT version, payload, reason, diff, created_at FROM "
                             "payload_versions WHERE delivery_id = ? ORDER BY version"));
    q.addBindValue(deliveryId);
    if (!q.exec())
        return fail(
            error(QStringLiteral("reading the payload versions of delivery %1").arg(deliveryId),
                q.lastError()));
    QList<PayloadVersion> versions;
    while (q.next()) {
        versions.append(PayloadVersion { q.value(0).toInt(), q.value(1).toByteArray(),
            q.value(2).toString(), q.value(3).toString(), q.value(4).toLongLong() });
    }
    return versions;
}

Result<QList<PayloadVersion>> SqliteStore::payloadVersions(qint64 deliveryId)
{
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral("SELECT m.payload, m.created_at FROM deliveries d "
                             "JOIN messages m ON m.id = d.message_id WHERE d.id = ?"));
    q.addBindValue(deliveryId);
    if (!q.exec())
        return fail(
            d->error(QStringLiteral("reading the payload versions of delivery %1").arg(deliveryId),
                q.lastError()));
    if (!q.next())
        return fail(Error::notFound(StoreText::tr("no delivery with id %1").arg(deliveryId)));
    const PayloadVersion original { 1, q.value(0).toByteArray(), {}, {}, q.value(1).toLongLong() };
    q.finish();
    auto edits = d->editedPayloads(deliveryId);
    if (!edits)
        return fail(edits.error());
    return QList<PayloadVersion> { original } + *edits;
}

Result<int> SqliteStore::editAndReplay(
    qint64 deliveryId, const QByteArray &payload, const QString &reason, qint64 now)
{
    auto compact = compactJsonPayload(payload);
    if (!compact)
        return fail(compact.error());
    if (reason.trimmed().isEmpty())
        return fail(Error::invalid(
            StoreText::tr("an edited payload needs a reason (it is kept with the edit)")));
    return atomically(*d, [&]() -> Result<int> {
        QSqlQuery q(d->db);
        q.prepare(QStringLiteral("SELECT state, payload_version FROM deliveries WHERE id = ?"));
        q.addBindValue(deliveryId);
        const QString what = QStringLiteral("editing the payload of delivery %1").arg(deliveryId);
        if (!q.exec())
            return fail(d->error(what, q.lastError()));
        if (!q.next())
            return fail(Error::notFound(StoreText::tr("no delivery with id %1").arg(deliveryId)));
        const auto state = DeliveryState(q.value(0).toInt());
        const int current = q.value(1).toInt();
        q.finish();
        if (state != DeliveryState::Dead)
            return fail(Error::invalid(
                StoreText::tr("delivery %1 is %2, not dead: only a dead letter can be edited")
                    .arg(deliveryId)
                    .arg(deliveryStateName(state))));
        auto versions = payloadVersions(deliveryId);
        if (!versions)
            return fail(versions.error());
        const QByteArray before = versions->last().payload;
        if (QJsonDocument::fromJson(before) == QJsonDocument::fromJson(*compact))
            return fail(Error::invalid(
                StoreText::tr("the payload is unchanged: nothing to store as a new version")));
        const int version = current + 1;
        q.prepare(QStringLiteral("INSERT INTO payload_versions (delivery_id, version, payload, "
                                 "reason, diff, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
        q.addBindValue(deliveryId);
        q.addBindValue(version);
        q.addBindValue(*compact);
        q.addBindValue(reason.trimmed());
        q.addBindValue(payloadDiff(before, *compact));
        q.addBindValue(now);
        if (!q.exec())
            return fail(d->error(what, q.lastError()));
        // As replay(): a new round; the history of earlier rounds is kept.
        q.prepare(QStringLiteral(
            "UPDATE deliveries SET state = 0, attempts = 0, round = round + 1, due_at = ?, "
            "last_delay_ms = 0, updated_at = ?, dead_reason = NULL, payload_version = ? "
            "WHERE id = ? AND state = 4"));
        q.addBindValue(now);
        q.addBindValue(now);
        q.addBindValue(version);
        q.addBindValue(deliveryId);
        if (!q.exec())
            return fail(d->error(what, q.lastError()));
        d->openDeliveries.reset();
        return version;
    });
}

Result<QStringList> SqliteStore::messageIdsForKey(const QByteArray &key, int limit)
{
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral("SELECT uuid FROM messages WHERE idempotency_key = ? "
                             "ORDER BY created_at DESC, id DESC LIMIT ?"));
    q.addBindValue(QString::fromUtf8(key));
    q.addBindValue(limit > 0 ? limit : 1);
    if (!q.exec())
        return fail(
            d->error(QStringLiteral("looking up idempotency key %1").arg(QString::fromUtf8(key)),
                q.lastError()));
    QStringList ids;
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}

// ---- outbox sources -------------------------------------------------------------------------

namespace {

Result<qint64> outboxSourceId(SqliteStore::Private &d, const QString &name)
{
    return d.scalar(QStringLiteral("SELECT id FROM outbox_sources WHERE name = ?"), { name },
        QStringLiteral("looking up outbox source %1").arg(name));
}

Result<void> bumpOutboxVersion(SqliteStore::Private &d)
{
    auto v = d.scalar(QStringLiteral("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                                     "WHERE key = 'outbox_version' RETURNING value"),
        {}, QStringLiteral("recording an outbox source change"));
    if (!v)
        return fail(v.error());
    return {};
}

// Runs one change on an existing source (NotFound names it) and records the change.
Result<void> changeOutboxSource(SqliteStore::Private &d, const QString &name, const QString &sql,
    const QVariantList &binds, const QString &what)
{
    return atomically(d, [&]() -> Result<void> {
        auto id = outboxSourceId(d, name);
        if (!id)
            return fail(id.error());
        if (*id == 0)
            return fail(Error::notFound(StoreText::tr("no outbox source named \"%1\"").arg(name)));
        QSqlQuery q(d.db);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        q.addBindValue(*id);
        if (!q.exec())
            return fail(d.error(what, q.lastError()));
        return bumpOutboxVersion(d);
    });
}

QString configText(const OutboxConfig &config)
{
    return QString::fromUtf8(QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact));
}

} // namespace

Result<QList<StoredOutboxSource>> SqliteStore::outboxSources()
{
    QSqlQuery q(d->db);
    if (!q.exec(QStringLiteral(
            "SELECT s.id, s.name, s.config, s.paused, st.relayed, st.last_poll_at, "
            "st.last_relayed_at, st.last_row_id, st.last_error, st.last_error_at, st.backlog, "
            "st.oldest_unpublished_at FROM outbox_sources s "
            "LEFT JOIN outbox_state st ON st.source_id = s.id ORDER BY s.id")))
        return fail(d->error(QStringLiteral("reading outbox sources"), q.lastError()));
    QList<StoredOutboxSource> out;
    while (q.next()) {
        auto config = OutboxConfig::fromJson(
            QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object());
        if (!config)
            return fail(
                Error::store(QStringLiteral("store %1: outbox source \"%2\" has an invalid stored "
                                            "configuration: %3")
                                 .arg(d->path, q.value(1).toString(), config.error().message)));
        StoredOutboxSource s;
        s.id = q.value(0).toLongLong();
        s.config = *config;
        s.paused = q.value(3).toBool();
        s.relayed = q.value(4).toLongLong();
        s.lastPollAtMs = optionalInteger(q.value(5));
        s.lastRelayedAtMs = optionalInteger(q.value(6));
        s.lastRowId = q.value(7).toString();
        s.lastError = q.value(8).toString();
        s.lastErrorAtMs = optionalInteger(q.value(9));
        s.backlog = optionalInteger(q.value(10));
        s.oldestUnpublishedAtMs = optionalInteger(q.value(11));
        out.append(s);
    }
    return out;
}

Result<void> SqliteStore::addOutboxSource(const OutboxConfig &config)
{
    return atomically(*d, [&]() -> Result<void> {
        auto existing = outboxSourceId(*d, config.name);
        if (!existing)
            return fail(existing.error());
        if (*existing != 0)
            return fail(Error::invalid(
                StoreText::tr("an outbox source named \"%1\" exists already").arg(config.name)));
        const qint64 now = nowMs();
        QSqlQuery q(d->db);
        q.prepare(QStringLiteral("INSERT INTO outbox_sources (name, config, enabled, created_at, "
                                 "updated_at) VALUES (?, ?, ?, ?, ?)"));
        q.addBindValue(config.name);
        q.addBindValue(configText(config));
        q.addBindValue(config.enabled);
        q.addBindValue(now);
        q.addBindValue(now);
        if (!q.exec())
            return fail(d->error(
                QStringLiteral("saving outbox source %1").arg(config.name), q.lastError()));
        const qint64 id = q.lastInsertId().toLongLong();
        q.prepare(QStringLiteral("INSERT INTO outbox_state (source_id) VALUES (?)"));
        q.addBindValue(id);
        if (!q.exec())
            return fail(d->error(
                QStringLiteral("saving outbox source %1").arg(config.name), q.lastError()));
        return bumpOutboxVersion(*d);
    });
}

Result<void> SqliteStore::updateOutboxSource(const OutboxConfig &config)
{
    return changeOutboxSource(*d, config.name,
        QStringLiteral(
            "UPDATE outbox_sources SET config = ?, enabled = ?, updated_at = ? WHERE id = ?"),
        { configText(config), config.enabled, nowMs() },
        QStringLiteral("saving outbox source %1").arg(config.name));
}

Result<void> SqliteStore::removeOutboxSource(const QString &name)
{
    return atomically(*d, [&]() -> Result<void> {
        auto id = outboxSourceId(*d, name);
        if (!id)
            return fail(id.error());
        if (*id == 0)
            return fail(Error::notFound(StoreText::tr("no outbox source named \"%1\"").arg(name)));
        for (const QString &sql : { QStringLiteral("DELETE FROM outbox_state WHERE source_id = ?"),
                 QStringLiteral("DELETE FROM outbox_sources WHERE id = ?") }) {
            QSqlQuery q(d->db);
            q.prepare(sql);
            q.addBindValue(*id);
            if (!q.exec())
                return fail(
                    d->error(QStringLiteral("removing outbox source %1").arg(name), q.lastError()));
        }
        return bumpOutboxVersion(*d);
    });
}

Result<void> SqliteStore::setOutboxSourcePaused(const QString &name, bool paused)
{
    return changeOutboxSource(*d, name,
        QStringLiteral("UPDATE outbox_sources SET paused = ?, updated_at = ? WHERE id = ?"),
        { paused, nowMs() }, QStringLiteral("pausing outbox source %1").arg(name));
}

Result<qint64> SqliteStore::outboxVersion()
{
    return d->scalar(
        QStringLiteral("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'outbox_version'"), {},
        QStringLiteral("reading the outbox version"));
}

Result<void> SqliteStore::recordOutboxProgress(const QString &name, const OutboxProgress &p)
{
    return atomically(*d, [&]() -> Result<void> {
        auto q = d->statement(QStringLiteral(
            "UPDATE outbox_state SET relayed = relayed + ?,"
            " last_poll_at = CASE WHEN ? THEN ? ELSE last_poll_at END,"
            " last_relayed_at = CASE WHEN ? > 0 THEN ? ELSE last_relayed_at END,"
            " last_row_id = coalesce(?, last_row_id),"
            " last_error = ?, last_error_at = CASE WHEN ? IS NULL THEN last_error_at ELSE ? END,"
            " backlog = CASE WHEN ? THEN ? ELSE backlog END,"
            " oldest_unpublished_at = CASE WHEN ? THEN ? ELSE oldest_unpublished_at END"
            " WHERE source_id = (SELECT id FROM outbox_sources WHERE name = ?)"));
        if (!q)
            return fail(q.error());
        const QVariant error = p.error.isEmpty() ? QVariant() : QVariant(p.error);
        const QVariantList binds { p.relayed, p.polled, p.atMs, p.relayed, p.atMs,
            p.lastRowId.isEmpty() ? QVariant() : QVariant(p.lastRowId), error, error, p.atMs,
            p.backlogKnown, p.backlog, p.backlogKnown, nullable(p.oldestUnpublishedAtMs), name };
        for (int i = 0; i < binds.size(); ++i)
            (*q)->bindValue(i, binds.at(i));
        if (auto r
            = d->run(*q, QStringLiteral("recording the progress of outbox source %1").arg(name));
            !r)
            return r;
        (*q)->finish();
        return {};
    });
}

} // namespace Tandem
