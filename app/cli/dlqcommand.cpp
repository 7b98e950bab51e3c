// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "app/cli/textformat.h"
#include "engine/core/clock.h"
#include "engine/store/sqlitestore.h"
#include "engine/store/storejson.h"

namespace Tandem::Cli {

namespace {

int list(CliContext &context, SqliteStore &store, DeadLetterSelection selection, bool json)
{
    auto rows = store.deadLetters(selection);
    if (!rows)
        return context.failWith(rows.error());
    if (json) {
        QJsonArray arr;
        for (const DeadLetter &d : *rows)
            arr.append(toJson(d));
        context.out() << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        context.out().flush();
        return ExitOk;
    }
    if (rows->isEmpty()) {
        context.out() << Text::tr("No dead letters.") << Qt::endl;
        return ExitOk;
    }
    TextTable table({ Text::tr("MESSAGE ID"), Text::tr("TARGET"), Text::tr("DEAD SINCE"),
        Text::tr("ATTEMPTS"), Text::tr("REASON") });
    for (const DeadLetter &d : *rows)
        table.addRow(
            { d.messageId, d.target, formatTime(d.deadAtMs), formatCount(d.attempts), d.reason });
    context.out() << table.render();
    if (rows->size() == selection.limit)
        context.out() << Text::tr("(first %Ln shown; --limit N for more)", nullptr, selection.limit)
                      << '\n';
    context.out().flush();
    return ExitOk;
}

int show(CliContext &context, SqliteStore &store, const QStringList &ids, bool json)
{
    if (ids.size() != 1)
        return context.failWith(Text::tr("dlq show takes one message id"), ExitUsageError);
    auto m = store.message(ids.first());
    if (!m)
        return context.failWith(m.error().message, ExitRuntimeError);
    if (json) {
        context.out() << QJsonDocument(toJson(*m)).toJson(QJsonDocument::Indented);
        context.out().flush();
        return ExitOk;
    }
    QTextStream &out = context.out();
    TextTable fields({ Text::tr("message"), m->id });
    fields.addRow({ Text::tr("idempotency key"), QString::fromUtf8(m->idempotencyKey) });
    fields.addRow({ Text::tr("created"), formatTime(m->createdAtMs) });
    if (!m->partitionKey.isEmpty())
        fields.addRow({ Text::tr("partition key"), QString::fromUtf8(m->partitionKey) });
    fields.addRow({ Text::tr("payload"),
        QString::fromUtf8(
            QJsonDocument::fromJson(m->payload).toJson(QJsonDocument::Compact).left(400)) });
    out << fields.render();
    const QLocale locale;
    for (const DeliveryView &d : m->deliveries) {
        out << '\n'
            << Text::tr("%1: %2, %Ln attempt(s)", nullptr, d.attempts)
                   .arg(d.target, deliveryStateText(d.state));
        if (!d.deadReason.isEmpty())
            out << " (" << d.deadReason << ')';
        out << '\n';
        // Operator edits (edit and replay): which version each is and why it was made.
        for (const PayloadVersion &v : d.payloadVersions) {
            if (v.version > 1)
                out << "  " << Text::tr("payload v%1").arg(v.version) << "  "
                    << formatTime(v.createdAtMs) << "  " << v.reason << '\n';
        }
        for (const AttemptView &a : d.history) {
            out << "  " << formatTime(a.startedAtMs) << "  "
                << Text::tr("round %1 #%2").arg(a.round).arg(a.attemptNo) << "  "
                << (a.status ? QStringLiteral("HTTP %1").arg(a.status) : a.errorClass) << "  "
                << Text::tr("%1 ms").arg(locale.toString(double(a.latencyUs) / 1000.0, 'f', 1));
            if (a.payloadVersion > 1)
                out << "  " << Text::tr("payload v%1").arg(a.payloadVersion);
            if (a.retryAfterMs)
                out << "  "
                    << Text::tr("Retry-After %1 s")
                           .arg(locale.toString(double(*a.retryAfterMs) / 1000.0, 'g', 6));
            if (!a.error.isEmpty())
                out << "  " << a.error;
            out << '\n';
        }
    }
    out.flush();
    return ExitOk;
}

} // namespace

int runDlq(CliContext &context, const QCommandLineParser &parser)
{
    QStringList args = context.arguments();
    if (args.isEmpty())
        return context.failWith(
            Text::tr("dlq needs a sub-command: list, show, replay or discard"), ExitUsageError);
    const QString verb = args.takeFirst();
    DeadLetterSelection selection;
    selection.messageIds = args;
    selection.target = parser.value(QStringLiteral("target"));
    selection.all = parser.isSet(QStringLiteral("all"));
    bool limitOk = false;
    selection.limit = parser.value(QStringLiteral("limit")).toInt(&limitOk);
    if (!limitOk || selection.limit < 1)
        return context.failWith(Text::tr("--limit must be a positive number"), ExitUsageError);
    const bool json = parser.isSet(QStringLiteral("json"));

    if (verb != u"list" && verb != u"show" && verb != u"replay" && verb != u"discard")
        return context.failWith(
            Text::tr("unknown dlq sub-command \"%1\" (list, show, replay, discard)").arg(verb),
            ExitUsageError);
    if ((verb == u"replay" || verb == u"discard") && selection.all == !args.isEmpty())
        return context.failWith(
            Text::tr("dlq %1 needs message ids or --all (not both)").arg(verb), ExitUsageError);

    auto store = context.openStore();
    if (!store)
        return context.failWith(store.error());
    if (!selection.target.isEmpty()) {
        auto targets = (*store)->targets();
        if (!targets)
            return context.failWith(targets.error());
        if (std::none_of(targets->begin(), targets->end(),
                [&](const StoredTarget &t) { return t.config.name == selection.target; }))
            return context.failWith(Text::tr("no target named \"%1\"").arg(selection.target));
    }
    if (verb == u"list") {
        selection.all = args.isEmpty();
        return list(context, **store, selection, json);
    }
    if (verb == u"show")
        return show(context, **store, args, json);

    auto changed = verb == u"replay" ? (*store)->replay(selection, nowMs())
                                     : (*store)->discard(selection, nowMs());
    if (!changed)
        return context.failWith(changed.error());
    if (*changed == 0 && !selection.all)
        return context.failWith(selection.target.isEmpty()
                ? Text::tr("no dead letter matches %1").arg(args.join(QStringLiteral(", ")))
                : Text::tr("no dead letter matches %1 for target %2")
                      .arg(args.join(QStringLiteral(", ")), selection.target));
    if (json) {
        context.out() << QJsonDocument(
            QJsonObject { { verb == u"replay" ? QStringLiteral("replayed")
                                              : QStringLiteral("discarded"),
                *changed } }).toJson(QJsonDocument::Compact)
                      << Qt::endl;
    } else {
        context.out() << (verb == u"replay"
                ? Text::tr("replayed %Ln dead delivery(s)", nullptr, clampedCount(*changed))
                : Text::tr("discarded %Ln dead delivery(s)", nullptr, clampedCount(*changed)))
                      << Qt::endl;
    }
    return ExitOk;
}

} // namespace Tandem::Cli
