// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>

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
        context.out() << "No dead letters." << Qt::endl;
        return ExitOk;
    }
    TextTable table({ QStringLiteral("MESSAGE ID"), QStringLiteral("TARGET"),
        QStringLiteral("DEAD SINCE"), QStringLiteral("ATTEMPTS"), QStringLiteral("REASON") });
    for (const DeadLetter &d : *rows)
        table.addRow({ d.messageId, d.target, formatTime(d.deadAtMs), QString::number(d.attempts),
            d.reason });
    context.out() << table.render();
    if (rows->size() == selection.limit)
        context.out() << "(first " << selection.limit << " shown; --limit N for more)\n";
    context.out().flush();
    return ExitOk;
}

int show(CliContext &context, SqliteStore &store, const QStringList &ids, bool json)
{
    if (ids.size() != 1)
        return context.failWith(QStringLiteral("dlq show takes one message id"), ExitUsageError);
    auto m = store.message(ids.first());
    if (!m)
        return context.failWith(m.error().message, ExitRuntimeError);
    if (json) {
        context.out() << QJsonDocument(toJson(*m)).toJson(QJsonDocument::Indented);
        context.out().flush();
        return ExitOk;
    }
    QTextStream &out = context.out();
    out << "message         " << m->id << '\n'
        << "idempotency key " << m->idempotencyKey << '\n'
        << "created         " << formatTime(m->createdAtMs) << '\n';
    if (!m->partitionKey.isEmpty())
        out << "partition key   " << m->partitionKey << '\n';
    out << "payload         "
        << QJsonDocument::fromJson(m->payload).toJson(QJsonDocument::Compact).left(400) << "\n";
    for (const DeliveryView &d : m->deliveries) {
        out << "\n"
            << d.target << ": " << deliveryStateName(d.state) << ", " << d.attempts << " attempts";
        if (!d.deadReason.isEmpty())
            out << " (" << d.deadReason << ')';
        out << '\n';
        // Operator edits (edit and replay): which version each is and why it was made.
        for (const PayloadVersion &v : d.payloadVersions) {
            if (v.version > 1)
                out << "  payload v" << v.version << "  " << formatTime(v.createdAtMs) << "  "
                    << v.reason << '\n';
        }
        for (const AttemptView &a : d.history) {
            out << "  " << formatTime(a.startedAtMs) << "  round " << a.round << " #" << a.attemptNo
                << "  " << (a.status ? QStringLiteral("HTTP %1").arg(a.status) : a.errorClass)
                << "  " << QString::number(double(a.latencyUs) / 1000.0, 'f', 1) << " ms";
            if (a.payloadVersion > 1)
                out << "  payload v" << a.payloadVersion;
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
            QStringLiteral("dlq needs a sub-command: list, show, replay or discard"),
            ExitUsageError);
    const QString verb = args.takeFirst();
    DeadLetterSelection selection;
    selection.messageIds = args;
    selection.target = parser.value(QStringLiteral("target"));
    selection.all = parser.isSet(QStringLiteral("all"));
    bool limitOk = false;
    selection.limit = parser.value(QStringLiteral("limit")).toInt(&limitOk);
    if (!limitOk || selection.limit < 1)
        return context.failWith(
            QStringLiteral("--limit must be a positive number"), ExitUsageError);
    const bool json = parser.isSet(QStringLiteral("json"));

    if (verb != u"list" && verb != u"show" && verb != u"replay" && verb != u"discard")
        return context.failWith(
            QStringLiteral("unknown dlq sub-command \"%1\" (list, show, replay, discard)")
                .arg(verb),
            ExitUsageError);
    if ((verb == u"replay" || verb == u"discard") && selection.all == !args.isEmpty())
        return context.failWith(
            QStringLiteral("dlq %1 needs message ids or --all (not both)").arg(verb),
            ExitUsageError);

    auto store = context.openStore();
    if (!store)
        return context.failWith(store.error());
    if (!selection.target.isEmpty()) {
        auto targets = (*store)->targets();
        if (!targets)
            return context.failWith(targets.error());
        if (std::none_of(targets->begin(), targets->end(),
                [&](const StoredTarget &t) { return t.config.name == selection.target; }))
            return context.failWith(QStringLiteral("no target named \"%1\"").arg(selection.target));
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
        return context.failWith(QStringLiteral("no dead letter matches %1%2")
                                    .arg(args.join(QStringLiteral(", ")),
                                        selection.target.isEmpty()
                                            ? QString()
                                            : QStringLiteral(" for target ") + selection.target));
    if (json) {
        context.out() << QJsonDocument(
            QJsonObject { { verb == u"replay" ? QStringLiteral("replayed")
                                              : QStringLiteral("discarded"),
                *changed } }).toJson(QJsonDocument::Compact)
                      << Qt::endl;
    } else {
        context.out() << (verb == u"replay" ? "replayed " : "discarded ") << *changed
                      << " dead deliver" << (*changed == 1 ? "y" : "ies") << Qt::endl;
    }
    return ExitOk;
}

} // namespace Tandem::Cli
