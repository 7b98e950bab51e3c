// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QSaveFile>

#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "app/cli/textformat.h"
#include "engine/core/clock.h"
#include "engine/dispatch/connectionprobe.h"
#include "engine/secrets/keychainsecretstore.h"
#include "engine/secrets/secretresolver.h"
#include "engine/store/sqlitestore.h"

namespace Tandem::Cli {

namespace {

constexpr qint64 MaxConfigBytes = 4 * 1024 * 1024;

int printJson(CliContext &context, const QJsonObject &o)
{
    context.out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
    context.out().flush();
    return ExitOk;
}

// "Test connection" for the command line: one real request with the target's real credentials.
int probeTarget(
    CliContext &context, const TargetConfig &config, const ProbeRequest &request, bool json)
{
    KeychainSecretStore keychain;
    SecretResolver resolver(&keychain);
    QEventLoop loop;
    ConnectionProbe probe;
    std::optional<ProbeResult> result;
    QObject::connect(&probe, &ConnectionProbe::finished, &loop, [&](const ProbeResult &r) {
        result = r;
        loop.quit();
    });
    probe.startWithSecrets(resolver, config, request);
    loop.exec();
    if (json) {
        context.out() << QJsonDocument(result->toJson()).toJson(QJsonDocument::Indented);
    } else if (result->reached) {
        const QString status
            = QStringLiteral("HTTP %1 %2").arg(result->httpStatus).arg(result->reasonPhrase);
        const QString latency = formatDuration(result->latencyMs);
        context.out() << (result->http2
                ? Text::tr("%1: %2 in %3 over HTTP/2").arg(config.name, status, latency)
                : Text::tr("%1: %2 in %3").arg(config.name, status, latency))
                      << '\n';
        if (!result->tlsProtocol.isEmpty()) {
            const QString expires = result->peerExpiresAt.toUTC().toString(Qt::ISODate);
            context.out() << "  "
                          << Text::tr("%1, %2; certificate %3 issued by %4, valid until %5")
                                 .arg(result->tlsProtocol, result->tlsCipher, result->peerSubject,
                                     result->peerIssuer, expires)
                          << (result->clientCertificateSent ? Text::tr("; client certificate sent")
                                                            : QString())
                          << '\n';
        }
        if (!result->responseExcerpt.isEmpty())
            context.out() << "  " << QString::fromUtf8(result->responseExcerpt.left(200)) << '\n';
    }
    context.out().flush();
    if (!result->reached)
        return context.failWith(QStringLiteral("%1: %2").arg(config.name, result->error));
    return result->httpStatus >= 200 && result->httpStatus < 300 ? ExitOk : ExitRuntimeError;
}

} // namespace

int runTargets(CliContext &context, const QCommandLineParser &parser)
{
    QStringList args = context.arguments();
    if (args.isEmpty())
        return context.failWith(
            Text::tr("targets needs a sub-command: list, show, add, edit, remove, export, "
                     "import, pause, resume, reset or test"),
            ExitUsageError);
    const QString verb = args.takeFirst();
    const bool json = parser.isSet(QStringLiteral("json"));
    auto usage = [&](const QString &synopsis) {
        return context.failWith(Text::tr("usage: tandem targets %1").arg(synopsis), ExitUsageError);
    };
    static const QStringList verbs { QStringLiteral("list"), QStringLiteral("show"),
        QStringLiteral("add"), QStringLiteral("edit"), QStringLiteral("remove"),
        QStringLiteral("export"), QStringLiteral("import"), QStringLiteral("pause"),
        QStringLiteral("resume"), QStringLiteral("reset"), QStringLiteral("test") };
    if (!verbs.contains(verb))
        return context.failWith(Text::tr("unknown targets sub-command \"%1\" (%2)")
                                    .arg(verb, verbs.join(QStringLiteral(", "))),
            ExitUsageError);

    // Validate what the user gave before touching the store.
    std::optional<TargetConfig> config;
    QList<TargetConfig> imported;
    QJsonObject patch;
    if (verb == u"add") {
        if (args.size() == 2 && !args.at(0).startsWith(u'{')) {
            auto c = TargetConfig::fromJson(
                { { QStringLiteral("name"), args.at(0) }, { QStringLiteral("url"), args.at(1) } });
            if (!c)
                return context.failWith(c.error());
            config = *c;
        } else if (args.size() == 1) {
            auto o = readJsonObject(args.at(0), MaxConfigBytes);
            if (!o)
                return context.failWith(o.error());
            auto c = TargetConfig::fromJson(*o);
            if (!c)
                return context.failWith(c.error());
            config = *c;
        } else {
            return usage(Text::tr("add NAME URL | add FILE|-   (FILE: one target as JSON)"));
        }
    } else if (verb == u"edit") {
        if (args.size() != 2)
            return usage(Text::tr("edit NAME FILE|-   (a JSON object with the fields to change)"));
        auto o = readJsonObject(args.at(1), MaxConfigBytes);
        if (!o)
            return context.failWith(o.error());
        patch = *o;
    } else if (verb == u"import") {
        if (args.size() != 1)
            return usage(QStringLiteral("import FILE|-"));
        auto data = readInput(args.at(0), MaxConfigBytes);
        if (!data)
            return context.failWith(data.error());
        auto parsed = parseTargetsDocument(*data);
        if (!parsed)
            return context.failWith(
                Text::tr("%1: %2; nothing was imported").arg(args.at(0), parsed.error().message),
                ExitUsageError);
        imported = *parsed;
    } else if ((verb == u"show" || verb == u"remove" || verb == u"pause" || verb == u"resume"
                   || verb == u"reset" || verb == u"test")
        && args.size() != 1) {
        return usage(verb + QStringLiteral(" NAME"));
    } else if ((verb == u"list" && !args.isEmpty()) || (verb == u"export" && args.size() > 1)) {
        return usage(
            verb == u"list" ? QStringLiteral("list [--json]") : QStringLiteral("export [FILE]"));
    }

    auto opened = context.openStore();
    if (!opened)
        return context.failWith(opened.error());
    SqliteStore &store = **opened;

    if (verb == u"list") {
        auto all = store.targets();
        if (!all)
            return context.failWith(all.error());
        if (json) {
            QList<TargetConfig> configs;
            for (const StoredTarget &t : *all)
                configs.append(t.config);
            context.out() << targetsDocument(configs);
            context.out().flush();
            return ExitOk;
        }
        if (all->isEmpty()) {
            context.out() << Text::tr("No targets yet: add one with `tandem targets add NAME URL`.")
                          << Qt::endl;
            return ExitOk;
        }
        TextTable table({ Text::tr("NAME"), Text::tr("URL"), Text::tr("STATE"),
            QStringLiteral("HTTP/2"), Text::tr("CONCURRENCY"), Text::tr("MAX ATTEMPTS") });
        for (const StoredTarget &t : *all)
            table.addRow({ t.config.name, t.config.url.toString(),
                !t.config.enabled ? Text::tr("disabled")
                    : t.paused    ? Text::tr("paused")
                                  : Text::tr("enabled"),
                http2ModeName(t.config.http2), formatCount(t.config.concurrency),
                formatCount(t.config.retry.maxAttempts) });
        context.out() << table.render();
        context.out().flush();
        return ExitOk;
    }
    if (verb == u"test") {
        auto t = findTarget(store, args.at(0));
        if (!t)
            return context.failWith(t.error().message);
        ProbeRequest request;
        request.method = parser.value(QStringLiteral("method")).toUpper().toLatin1();
        request.path = parser.value(QStringLiteral("path"));
        if (parser.isSet(QStringLiteral("body")))
            request.body = parser.value(QStringLiteral("body")).toUtf8();
        return probeTarget(context, t->config, request, json);
    }
    if (verb == u"show") {
        auto t = findTarget(store, args.at(0));
        if (!t)
            return context.failWith(t.error().message);
        return printJson(context, t->config.toJson());
    }
    if (verb == u"add") {
        auto id = store.addTarget(*config);
        if (!id)
            return context.failWith(id.error());
        context.err() << Text::tr("added target %1").arg(config->name) << Qt::endl;
        return json ? printJson(context, config->toJson()) : ExitOk;
    }
    if (verb == u"edit") {
        auto t = findTarget(store, args.at(0));
        if (!t)
            return context.failWith(t.error().message);
        auto changed = t->config.patched(patch);
        if (!changed)
            return context.failWith(
                Text::tr("%1; nothing was changed").arg(changed.error().message), ExitUsageError);
        if (auto r = store.updateTarget(*changed); !r)
            return context.failWith(r.error());
        context.err() << Text::tr("updated target %1").arg(changed->name) << Qt::endl;
        return json ? printJson(context, changed->toJson()) : ExitOk;
    }
    if (verb == u"remove") {
        auto removed = findTarget(store, args.at(0));
        if (!removed)
            return context.failWith(removed.error().message);
        if (auto r = store.removeTarget(args.at(0)); !r)
            return context.failWith(r.error().message);
        context.err() << Text::tr("removed target %1").arg(args.at(0)) << Qt::endl;
        // Its secrets go too, unless another target refers to the same entry.
        QStringList orphaned;
        for (const auto &slot : removed->config.secretSlots())
            orphaned.append(slot.reference);
        if (auto rest = store.targets()) {
            for (const StoredTarget &t : *rest) {
                for (const auto &slot : t.config.secretSlots())
                    orphaned.removeAll(slot.reference);
            }
        }
        orphaned.removeAll(QString());
        if (!orphaned.isEmpty()) {
            KeychainSecretStore keychain;
            removeFromKeychain(context, keychain, orphaned);
        }
        return ExitOk;
    }
    if (verb == u"reset") {
        if (auto r = store.requestBreakerReset(args.at(0), nowMs()); !r)
            return context.failWith(r.error().message);
        context.err() << Text::tr("asked the engine to reset the circuit breaker of %1 (it "
                                  "applies within a second)")
                             .arg(args.at(0))
                      << Qt::endl;
        return ExitOk;
    }
    if (verb == u"pause" || verb == u"resume") {
        const bool pause = verb == u"pause";
        if (auto r = store.setPaused(args.at(0), pause); !r)
            return context.failWith(r.error().message);
        context.err() << (pause
                ? Text::tr("paused target %1 (its deliveries wait; nothing is dropped)")
                : Text::tr("resumed target %1"))
                             .arg(args.at(0))
                      << Qt::endl;
        return ExitOk;
    }
    if (verb == u"import") {
        if (auto r = store.importTargets(imported); !r)
            return context.failWith(Text::tr("%1; nothing was imported").arg(r.error().message));
        context.err() << Text::tr("imported %Ln target(s)", nullptr, int(imported.size()))
                      << Qt::endl;
        return ExitOk;
    }
    // export
    auto all = store.targets();
    if (!all)
        return context.failWith(all.error());
    QList<TargetConfig> configs;
    for (const StoredTarget &t : *all)
        configs.append(t.config);
    const QByteArray doc = targetsDocument(configs);
    if (args.isEmpty() || args.at(0) == u"-") {
        context.out() << doc;
        context.out().flush();
        return ExitOk;
    }
    QSaveFile file(args.at(0));
    if (!file.open(QIODevice::WriteOnly) || file.write(doc) != doc.size() || !file.commit())
        return context.failWith(
            Text::tr("cannot write %1: %2").arg(args.at(0), file.errorString()));
    return ExitOk;
}

} // namespace Tandem::Cli
