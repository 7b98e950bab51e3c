// SPDX-License-Identifier: GPL-3.0-or-later
// `tandem outbox add|list|show|remove|pause|resume|test`: the transactional-outbox sources that
// `tandem serve` relays into the store, and the outbox section of `tandem status`.
#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "app/cli/await.h"
#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "app/cli/textformat.h"
#include "engine/core/clock.h"
#include "engine/ingest/outboxconfig.h"
#include "engine/ingest/outboxrelays.h"
#include "engine/ingest/outboxsource.h"
#include "engine/secrets/keychainsecretstore.h"
#include "engine/secrets/secretref.h"
#include "engine/secrets/secretresolver.h"
#include "engine/store/sqlitestore.h"

namespace Tandem::Cli {

namespace {

constexpr qint64 MaxConfigBytes = 1024 * 1024;

Result<OutboxConfig> readConfig(const QString &path)
{
    auto object = readJsonObject(path, MaxConfigBytes);
    if (!object)
        return fail(object.error());
    return OutboxConfig::fromJson(*object);
}

Result<StoredOutboxSource> findSource(SqliteStore &store, const QString &name)
{
    auto all = store.outboxSources();
    if (!all)
        return fail(all.error());
    for (const StoredOutboxSource &s : *all) {
        if (s.config.name == name)
            return s;
    }
    return fail(Error::notFound(Text::tr("no outbox source named \"%1\"").arg(name)));
}

QJsonValue timeOrNull(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(formatTime(*ms)) : QJsonValue(QJsonValue::Null);
}

QJsonValue ageOrNull(const std::optional<qint64> &ms, qint64 now)
{
    return ms ? QJsonValue(double(now - *ms) / 1000.0) : QJsonValue(QJsonValue::Null);
}

// The --json state names, for a person.
QString outboxStateText(const QString &state)
{
    if (state == u"disabled")
        return Text::tr("disabled");
    if (state == u"paused")
        return Text::tr("paused");
    if (state == u"stopped")
        return Text::tr("stopped");
    if (state == u"relaying")
        return Text::tr("relaying");
    if (state == u"error")
        return Text::tr("error");
    return state;
}

QString stateOf(const StoredOutboxSource &s, bool engineRunning)
{
    if (!s.config.enabled)
        return QStringLiteral("disabled");
    if (s.paused)
        return QStringLiteral("paused");
    if (!engineRunning)
        return QStringLiteral("stopped");
    return s.lastError.isEmpty() ? QStringLiteral("relaying") : QStringLiteral("error");
}

// The source's password, read the way the engine reads it (keychain, environment or file).
Result<QByteArray> resolvePassword(const OutboxConfig &config)
{
    if (config.driver != OutboxDriver::Postgres || config.password.isEmpty())
        return QByteArray();
    auto ref = SecretRef::parse(config.password);
    if (!ref)
        return fail(ref.error());
    KeychainSecretStore keychain;
    SecretResolver resolver(&keychain);
    auto result = await<QByteArray>(
        [&](QObject *context, auto done) { resolver.resolve(*ref, context, done); });
    if (!result)
        return fail(Error { result.error().code,
            QStringLiteral("database.password: %1").arg(result.error().message) });
    return *result;
}

// `outbox password NAME [REF]`: points the source at REF (env:NAME, file:/path), or stores the
// password read from standard input in the OS keychain and points the source there.
int setPassword(CliContext &context, SqliteStore &store, OutboxConfig config,
    const std::optional<QString> &given)
{
    if (config.driver != OutboxDriver::Postgres)
        return context.failWith(
            Text::tr("outbox source \"%1\" is an SQLite file: it has no password").arg(config.name),
            ExitUsageError);
    KeychainSecretStore keychain;
    QString reference;
    if (given) {
        auto ref = SecretRef::parse(*given);
        if (!ref)
            return context.failWith(ref.error().message, ExitUsageError);
        reference = ref->toString();
    } else {
        auto password = readSecretInput(context, Text::tr("password"), 4096);
        if (!password)
            return context.failWith(password.error());
        const SecretRef ref = SecretRef::newKeychainRef();
        auto written = await<void>(
            [&](QObject *ctx, auto done) { keychain.write(ref.name(), *password, ctx, done); });
        if (!written)
            return context.failWith(Text::tr("%1; nothing changed").arg(written.error().message));
        reference = ref.toString();
    }
    const QString previous = config.password;
    config.password = reference;
    if (auto r = store.updateOutboxSource(config); !r)
        return context.failWith(r.error());
    // The keychain entry this source used before is nobody's now.
    if (auto old = SecretRef::parse(previous);
        old && old->kind() == SecretRef::Kind::Keychain && previous != reference)
        (void)await<void>(
            [&](QObject *ctx, auto done) { keychain.remove(old->name(), ctx, done); });
    context.err() << Text::tr("outbox source %1 now reads its password from %2; a running `tandem "
                              "serve` reconnects with it within seconds")
                         .arg(config.name, reference)
                  << Qt::endl;
    return ExitOk;
}

int testSource(CliContext &context, const OutboxConfig &config, bool json)
{
    QJsonObject report { { QStringLiteral("name"), config.name },
        { QStringLiteral("driver"), outboxDriverName(config.driver) },
        { QStringLiteral("location"), config.location() },
        { QStringLiteral("table"), config.table } };
    auto failed = [&](const QString &message) {
        if (json) {
            report.insert(QStringLiteral("ok"), false);
            report.insert(QStringLiteral("error"), message);
            context.out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
            context.out().flush();
            return int(ExitRuntimeError);
        }
        return context.failWith(message);
    };
    auto password = resolvePassword(config);
    if (!password)
        return failed(
            Text::tr("outbox source \"%1\": %2").arg(config.name, password.error().message));
    OutboxSource source(config, *password);
    if (auto r = source.open(); !r)
        return failed(r.error().message);
    auto backlog = source.backlog();
    if (!backlog)
        return failed(backlog.error().message);
    const qint64 now = nowMs();
    report.insert(QStringLiteral("ok"), true);
    report.insert(QStringLiteral("unpublished"), backlog->rows);
    report.insert(
        QStringLiteral("oldest_unpublished_age_s"), ageOrNull(backlog->oldestCreatedAtMs, now));
    if (json) {
        context.out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        const QString connected = Text::tr("%1: connected to %2 %3; table \"%4\" has every "
                                           "configured column")
                                      .arg(config.name, outboxDriverName(config.driver),
                                          config.location(), config.table);
        const int rows = clampedCount(backlog->rows);
        context.out() << (backlog->oldestCreatedAtMs && backlog->rows > 0
                ? Text::tr("%1; %Ln unpublished row(s) (the oldest written %2 ago)", nullptr, rows)
                      .arg(connected,
                          formatDuration(qMax<qint64>(0, now - *backlog->oldestCreatedAtMs)))
                : Text::tr("%1; %Ln unpublished row(s)", nullptr, rows).arg(connected))
                      << '\n';
    }
    context.out().flush();
    return ExitOk;
}

} // namespace

Result<QJsonArray> outboxStatusRows(SqliteStore &store, bool engineRunning)
{
    auto sources = store.outboxSources();
    if (!sources)
        return fail(sources.error());
    const qint64 now = nowMs();
    QJsonArray rows;
    for (const StoredOutboxSource &s : *sources) {
        rows.append(QJsonObject {
            { QStringLiteral("name"), s.config.name },
            { QStringLiteral("driver"), outboxDriverName(s.config.driver) },
            { QStringLiteral("location"), s.config.location() },
            { QStringLiteral("table"), s.config.table },
            { QStringLiteral("enabled"), s.config.enabled },
            { QStringLiteral("paused"), s.paused },
            { QStringLiteral("state"), stateOf(s, engineRunning) },
            { QStringLiteral("relayed"), s.relayed },
            { QStringLiteral("last_row_id"),
                s.lastRowId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.lastRowId) },
            { QStringLiteral("last_poll_at"), timeOrNull(s.lastPollAtMs) },
            { QStringLiteral("last_poll_age_s"), ageOrNull(s.lastPollAtMs, now) },
            { QStringLiteral("last_relayed_at"), timeOrNull(s.lastRelayedAtMs) },
            { QStringLiteral("last_error"),
                s.lastError.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.lastError) },
            { QStringLiteral("last_error_at"), timeOrNull(s.lastErrorAtMs) },
            { QStringLiteral("backlog"),
                s.backlog ? QJsonValue(double(*s.backlog)) : QJsonValue(QJsonValue::Null) },
            { QStringLiteral("oldest_unpublished_age_s"), ageOrNull(s.oldestUnpublishedAtMs, now) },
        });
    }
    return rows;
}

QString outboxStatusText(const QJsonArray &rows)
{
    if (rows.isEmpty())
        return {};
    TextTable table(
        { Text::tr("OUTBOX"), Text::tr("DRIVER"), Text::tr("STATE"), Text::tr("RELAYED"),
            Text::tr("BACKLOG"), Text::tr("OLDEST UNPUBLISHED"), Text::tr("LAST POLL") });
    QString errors;
    for (const QJsonValue &v : rows) {
        const QJsonObject r = v.toObject();
        const QJsonValue backlog = r.value(QStringLiteral("backlog"));
        const QJsonValue oldest = r.value(QStringLiteral("oldest_unpublished_age_s"));
        const QJsonValue poll = r.value(QStringLiteral("last_poll_age_s"));
        table.addRow({ r.value(QStringLiteral("name")).toString(),
            r.value(QStringLiteral("driver")).toString(),
            outboxStateText(r.value(QStringLiteral("state")).toString()),
            formatCount(r.value(QStringLiteral("relayed")).toInteger()),
            backlog.isNull() ? QStringLiteral("-") : formatCount(backlog.toInteger()),
            oldest.isNull() ? QStringLiteral("-")
                            : formatDuration(qint64(oldest.toDouble() * 1000)),
            poll.isNull()
                ? Text::tr("never")
                : Text::tr("%1 ago").arg(formatDuration(qint64(poll.toDouble() * 1000))) });
        if (r.value(QStringLiteral("last_error")).isString())
            errors += QStringLiteral("\n%1: %2\n")
                          .arg(r.value(QStringLiteral("name")).toString(),
                              r.value(QStringLiteral("last_error")).toString());
    }
    return table.render() + errors;
}

int runOutbox(CliContext &context, const QCommandLineParser &parser)
{
    QStringList args = context.arguments();
    static const QStringList verbs { QStringLiteral("add"), QStringLiteral("list"),
        QStringLiteral("show"), QStringLiteral("remove"), QStringLiteral("pause"),
        QStringLiteral("resume"), QStringLiteral("test"), QStringLiteral("password") };
    if (args.isEmpty())
        return context.failWith(
            Text::tr("outbox needs a sub-command: %1").arg(verbs.join(QStringLiteral(", "))),
            ExitUsageError);
    const QString verb = args.takeFirst();
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!verbs.contains(verb))
        return context.failWith(Text::tr("unknown outbox sub-command \"%1\" (%2)")
                                    .arg(verb, verbs.join(QStringLiteral(", "))),
            ExitUsageError);
    QString synopsis = verb + QStringLiteral(" NAME");
    bool argsOk = args.size() == 1;
    if (verb == u"list") {
        synopsis = QStringLiteral("list [--json]");
        argsOk = args.isEmpty();
    } else if (verb == u"add") {
        synopsis = Text::tr("add FILE|-   (one source as JSON)");
    } else if (verb == u"password") {
        synopsis = Text::tr("password NAME [env:VAR|file:/path]   (without one: read from "
                            "standard input into the OS keychain)");
        argsOk = args.size() == 1 || args.size() == 2;
    }
    if (!argsOk)
        return context.failWith(Text::tr("usage: tandem outbox %1").arg(synopsis), ExitUsageError);

    // Validate what the user gave before touching the store.
    std::optional<OutboxConfig> added;
    if (verb == u"add") {
        auto c = readConfig(args.at(0));
        if (!c)
            return context.failWith(
                Text::tr("%1; nothing was added").arg(c.error().message), ExitUsageError);
        added = *c;
    }

    auto opened = context.openStore();
    if (!opened)
        return context.failWith(opened.error());
    SqliteStore &store = **opened;

    if (verb == u"add") {
        if (auto r = store.addOutboxSource(*added); !r)
            return context.failWith(r.error());
        context.err() << (added->enabled
                ? Text::tr("added outbox source %1; a running `tandem serve` starts relaying it "
                           "within seconds")
                : Text::tr("added outbox source %1 (disabled)"))
                             .arg(added->name)
                      << Qt::endl;
        auto window = store.idempotencyWindow();
        if (window && *window < OutboxRelays::Options {}.minIdempotencyWindowMs)
            context.err() << Text::tr("warning: the store's idempotency window is shorter than "
                                      "an hour: `tandem serve` relays no outbox source until it "
                                      "is raised")
                          << Qt::endl;
        if (json) {
            context.out() << QJsonDocument(added->toJson()).toJson(QJsonDocument::Indented);
            context.out().flush();
        }
        return ExitOk;
    }
    if (verb == u"list") {
        auto rows = outboxStatusRows(store, runningEnginePid(context.lockPath()).has_value());
        if (!rows)
            return context.failWith(rows.error());
        if (json) {
            auto sources = store.outboxSources();
            if (!sources)
                return context.failWith(sources.error());
            QJsonArray configs;
            for (const StoredOutboxSource &s : *sources)
                configs.append(s.config.toJson());
            context.out() << QJsonDocument(
                QJsonObject { { QStringLiteral("sources"),
                    configs } }).toJson(QJsonDocument::Indented);
            context.out().flush();
            return ExitOk;
        }
        if (rows->isEmpty()) {
            context.out() << Text::tr("No outbox sources yet: add one with `tandem outbox add "
                                      "FILE`.")
                          << Qt::endl;
            return ExitOk;
        }
        TextTable table({ Text::tr("NAME"), Text::tr("DRIVER"), Text::tr("DATABASE"),
            Text::tr("TABLE"), Text::tr("STATE") });
        for (const QJsonValue &v : std::as_const(*rows)) {
            const QJsonObject r = v.toObject();
            table.addRow({ r.value(QStringLiteral("name")).toString(),
                r.value(QStringLiteral("driver")).toString(),
                r.value(QStringLiteral("location")).toString(),
                r.value(QStringLiteral("table")).toString(),
                outboxStateText(r.value(QStringLiteral("state")).toString()) });
        }
        context.out() << table.render();
        context.out().flush();
        return ExitOk;
    }

    auto source = findSource(store, args.at(0));
    if (!source)
        return context.failWith(source.error().message);
    if (verb == u"show") {
        context.out() << QJsonDocument(source->config.toJson()).toJson(QJsonDocument::Indented);
        context.out().flush();
        return ExitOk;
    }
    if (verb == u"remove") {
        if (auto r = store.removeOutboxSource(source->config.name); !r)
            return context.failWith(r.error().message);
        context.err() << Text::tr("removed outbox source %1 (its table is left as it is)")
                             .arg(source->config.name)
                      << Qt::endl;
        return ExitOk;
    }
    if (verb == u"pause" || verb == u"resume") {
        const bool pause = verb == u"pause";
        if (auto r = store.setOutboxSourcePaused(source->config.name, pause); !r)
            return context.failWith(r.error().message);
        context.err() << (pause ? Text::tr("paused outbox source %1 (its rows wait in its "
                                           "table; nothing is lost)")
                                : Text::tr("resumed outbox source %1"))
                             .arg(source->config.name)
                      << Qt::endl;
        return ExitOk;
    }
    if (verb == u"password")
        return setPassword(context, store, source->config,
            args.size() == 2 ? std::optional<QString>(args.at(1)) : std::nullopt);
    // test: the store is not needed while connecting, and must not be held meanwhile.
    const OutboxConfig config = source->config;
    opened->reset();
    return testSource(context, config, json);
}

} // namespace Tandem::Cli
