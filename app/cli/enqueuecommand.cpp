// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>

#include <unistd.h>

#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "engine/core/clock.h"
#include "engine/store/sqlitestore.h"

namespace Tandem::Cli {

namespace {

constexpr qint64 MaxMessageBytes = 16 * 1024 * 1024;
constexpr int ChunkSize = 1000;

// Validates one JSON text; the error names the line (and column for single-line input).
std::optional<QString> checkJson(const QByteArray &text, int firstLine)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &pe);
    if (pe.error != QJsonParseError::NoError) {
        const QByteArray before = text.left(pe.offset);
        const int line = firstLine + int(before.count('\n'));
        const qsizetype column = pe.offset - (before.lastIndexOf('\n') + 1) + 1;
        return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(pe.errorString());
    }
    if (!doc.isObject() && !doc.isArray())
        return QStringLiteral("line %1: a message must be a JSON object or array").arg(firstLine);
    return std::nullopt;
}

} // namespace

int runEnqueue(CliContext &context, const QCommandLineParser &parser)
{
    const QStringList &args = context.arguments();
    if (args.size() > 1)
        return context.failWith(
            QStringLiteral("enqueue takes one FILE (or - for standard input)"), ExitUsageError);
    const QString path = args.isEmpty() ? QStringLiteral("-") : args.first();
    if (path == u"-" && ::isatty(STDIN_FILENO))
        return context.failWith(
            QStringLiteral("reading messages from a terminal: give a FILE, or pipe JSON "
                           "into `tandem enqueue -`"),
            ExitUsageError);
    const QByteArray key = parser.value(QStringLiteral("key")).toUtf8();
    const QByteArray partition = parser.value(QStringLiteral("partition")).toUtf8();
    const QByteArray traceparent = parser.value(QStringLiteral("traceparent")).toLatin1();

    QFile input;
    const bool opened = path == u"-" ? input.open(stdin, QIODevice::ReadOnly)
                                     : (input.setFileName(path), input.open(QIODevice::ReadOnly));
    if (!opened)
        return context.failWith(
            QStringLiteral("cannot read %1: %2").arg(path, input.errorString()));

    auto store = context.openStore();
    if (!store)
        return context.failWith(store.error());
    SqliteStore &s = **store;

    // All or nothing: every chunk goes into one transaction that commits only after the last
    // line was read and found valid.
    if (auto r = s.beginBatch(); !r)
        return context.failWith(r.error());
    QList<NewMessage> chunk;
    QStringList ids;
    qint64 count = 0;
    auto abort = [&](const QString &why, ExitCode code) {
        s.rollbackBatch();
        QString message = QStringLiteral("%1: %2").arg(path, why);
        if (!message.contains(QStringLiteral("nothing was enqueued")))
            message += QStringLiteral("; nothing was enqueued");
        return context.failWith(message, code);
    };
    auto codeFor = [](const Error &e) {
        return e.code == Error::Code::Invalid ? ExitUsageError : ExitRuntimeError;
    };
    auto flushChunk = [&]() -> std::optional<Error> {
        if (chunk.isEmpty())
            return std::nullopt;
        auto r = s.enqueue(chunk, nowMs());
        if (!r)
            return r.error();
        if (ids.size() < 2)
            ids += *r;
        count += chunk.size();
        chunk.clear();
        return std::nullopt;
    };

    int lineNo = 0;
    bool jsonLines = false;
    bool decided = false;
    QByteArray document; // the whole input when it is one JSON document over several lines
    int documentLine = 0;
    while (!input.atEnd()) {
        QByteArray line = input.readLine(MaxMessageBytes + 2);
        ++lineNo;
        if (line.size() > MaxMessageBytes && !line.endsWith('\n'))
            return abort(
                QStringLiteral("line %1 is longer than 16 MiB").arg(lineNo), ExitUsageError);
        if (!decided) {
            if (line.trimmed().isEmpty())
                continue;
            // JSON Lines if the first non-blank line is a whole JSON value on its own.
            jsonLines = !checkJson(line, lineNo).has_value();
            decided = true;
            documentLine = lineNo;
        }
        if (!jsonLines) {
            document += line;
            if (document.size() > MaxMessageBytes)
                return abort(
                    QStringLiteral("the JSON document is larger than 16 MiB"), ExitUsageError);
            continue;
        }
        const QByteArray trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        if (auto problem = checkJson(trimmed, lineNo))
            return abort(*problem, ExitUsageError);
        chunk.append(NewMessage { trimmed, key, partition, traceparent });
        if (chunk.size() >= ChunkSize) {
            if (auto e = flushChunk())
                return abort(e->message, codeFor(*e));
        }
    }
    if (input.error() != QFileDevice::NoError)
        return abort(QStringLiteral("read error: %1").arg(input.errorString()), ExitRuntimeError);
    if (!decided)
        return abort(QStringLiteral("no message in the input"), ExitUsageError);
    if (!jsonLines) {
        if (auto problem = checkJson(document, documentLine))
            return abort(*problem, ExitUsageError);
        chunk.append(NewMessage { document.trimmed(), key, partition, traceparent });
    }
    if (!key.isEmpty() && count + chunk.size() > 1)
        return abort(
            QStringLiteral("--key gives one Idempotency-Key, but the input holds %1 messages")
                .arg(count + chunk.size()),
            ExitUsageError);
    if (auto e = flushChunk())
        return abort(e->message, codeFor(*e));
    if (auto r = s.commitBatch(); !r)
        return context.failWith(QStringLiteral("%1; nothing was enqueued").arg(r.error().message));

    if (count == 1)
        context.out() << ids.constFirst() << Qt::endl;
    else
        context.err() << "enqueued " << count << " messages" << Qt::endl;
    return ExitOk;
}

} // namespace Tandem::Cli
