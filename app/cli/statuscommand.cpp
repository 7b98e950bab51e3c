// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "app/cli/textformat.h"
#include "engine/core/clock.h"
#include "engine/store/sqlitestore.h"

namespace Tandem::Cli {

int runStatus(CliContext &context, const QCommandLineParser &parser)
{
    if (!context.arguments().isEmpty())
        return context.failWith(Text::tr("status takes no arguments"), ExitUsageError);
    auto store = context.openStore();
    if (!store)
        return context.failWith(store.error());
    auto targets = (*store)->targets();
    if (!targets)
        return context.failWith(targets.error());
    auto counts = (*store)->counts();
    if (!counts)
        return context.failWith(counts.error());
    auto latest = (*store)->latestMetrics();
    if (!latest)
        return context.failWith(latest.error());
    const std::optional<qint64> pid = runningEnginePid(context.lockPath());
    const qint64 now = nowMs();

    QJsonArray rows;
    for (const StoredTarget &t : *targets) {
        TargetCounts c;
        for (const TargetCounts &x : *counts) {
            if (x.target == t.config.name)
                c = x;
        }
        QJsonObject row {
            { QStringLiteral("name"), t.config.name },
            { QStringLiteral("url"), t.config.url.toString() },
            { QStringLiteral("enabled"), t.config.enabled },
            { QStringLiteral("paused"), t.paused },
            // The state the running engine last recorded; a stopped engine has no breaker open.
            { QStringLiteral("breaker"),
                pid && !t.lastBreakerState.isEmpty() ? t.lastBreakerState
                                                     : QStringLiteral("closed") },
            { QStringLiteral("pending"), c.pending },
            { QStringLiteral("retry_wait"), c.retryWait },
            { QStringLiteral("in_flight"), c.inFlight },
            { QStringLiteral("delivered"), c.delivered },
            { QStringLiteral("dead"), c.dead },
            { QStringLiteral("discarded"), c.discarded },
            { QStringLiteral("oldest_pending_age_s"),
                c.oldestPendingCreatedAtMs
                    ? QJsonValue(double(now - *c.oldestPendingCreatedAtMs) / 1000.0)
                    : QJsonValue(QJsonValue::Null) },
        };
        // The figures the engine recorded last (attempts, failures by class, latency, …);
        // counters restart with the engine.
        if (latest->contains(t.config.name))
            row.insert(QStringLiteral("metrics"), latest->value(t.config.name));
        // Why a running engine sends nothing to this target (a secret missing or unreadable).
        const QJsonValue held = latest->value(t.config.name).value(QStringLiteral("held"));
        row.insert(QStringLiteral("held"), pid && held.isString() ? held : QJsonValue());
        rows.append(row);
    }

    auto outbox = outboxStatusRows(**store, pid.has_value());
    if (!outbox)
        return context.failWith(outbox.error());

    if (parser.isSet(QStringLiteral("json"))) {
        const QJsonObject doc {
            { QStringLiteral("data_dir"), context.dataDir() },
            { QStringLiteral("engine"),
                QJsonObject { { QStringLiteral("running"), pid.has_value() },
                    { QStringLiteral("pid"),
                        pid ? QJsonValue(double(*pid)) : QJsonValue(QJsonValue::Null) } } },
            { QStringLiteral("targets"), rows },
            { QStringLiteral("outbox"), *outbox },
        };
        context.out() << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        context.out().flush();
        return ExitOk;
    }

    context.out() << Text::tr("data:   %1").arg(context.dataDir()) << '\n'
                  << (pid ? Text::tr("engine: running (pid %1)").arg(*pid)
                          : Text::tr("engine: not running"))
                  << "\n\n";
    if (rows.isEmpty()) {
        context.out() << Text::tr("No targets yet: add one with `tandem targets add NAME URL`.")
                      << Qt::endl;
        if (const QString text = outboxStatusText(*outbox); !text.isEmpty())
            context.out() << '\n' << text << Qt::flush;
        return ExitOk;
    }
    TextTable table({ Text::tr("TARGET"), Text::tr("STATE"), Text::tr("BREAKER"),
        Text::tr("PENDING"), Text::tr("RETRYING"), Text::tr("IN FLIGHT"), Text::tr("DELIVERED"),
        Text::tr("DEAD"), Text::tr("OLDEST PENDING") });
    const QLocale locale;
    for (const QJsonValue &v : std::as_const(rows)) {
        const QJsonObject r = v.toObject();
        const QJsonValue age = r.value(QStringLiteral("oldest_pending_age_s"));
        table.addRow({ r.value(QStringLiteral("name")).toString(),
            !r.value(QStringLiteral("enabled")).toBool()     ? Text::tr("disabled")
                : r.value(QStringLiteral("paused")).toBool() ? Text::tr("paused")
                : r.value(QStringLiteral("held")).isString() ? Text::tr("held")
                                                             : Text::tr("enabled"),
            breakerStateText(r.value(QStringLiteral("breaker")).toString()),
            locale.toString(r.value(QStringLiteral("pending")).toInteger()),
            locale.toString(r.value(QStringLiteral("retry_wait")).toInteger()),
            locale.toString(r.value(QStringLiteral("in_flight")).toInteger()),
            locale.toString(r.value(QStringLiteral("delivered")).toInteger()),
            locale.toString(r.value(QStringLiteral("dead")).toInteger()),
            age.isNull() ? QStringLiteral("-") : formatDuration(qint64(age.toDouble() * 1000)) });
    }
    context.out() << table.render();
    for (const QJsonValue &v : std::as_const(rows)) {
        const QJsonObject r = v.toObject();
        if (r.value(QStringLiteral("held")).isString())
            context.out() << '\n'
                          << Text::tr("%1 sends nothing: %2")
                                 .arg(r.value(QStringLiteral("name")).toString(),
                                     r.value(QStringLiteral("held")).toString())
                          << '\n';
    }
    if (const QString text = outboxStatusText(*outbox); !text.isEmpty())
        context.out() << '\n' << text;
    context.out().flush();
    return ExitOk;
}

} // namespace Tandem::Cli
