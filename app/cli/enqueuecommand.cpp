// SPDX-License-Identifier: GPL-3.0-or-later
#include <atomic>

#include <QCommandLineParser>
#include <QFile>
#include <QRegularExpression>

#include <csignal>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/cli/bulkimport.h"
#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "app/cli/importprogress.h"
#include "app/cli/textformat.h"
#include "engine/store/sqlitestore.h"

namespace Tandem::Cli {

namespace {

std::atomic_bool stopImport { false };

// Ctrl-C or SIGTERM stops the import between two lines, so that it can still say what was
// committed and how to resume; a second one ends the process at once (a commit can wait for a
// busy store for seconds).
void handleStopSignal(int signalNumber)
{
    if (stopImport.exchange(true)) {
        std::signal(signalNumber, SIG_DFL);
        std::raise(signalNumber);
    }
}

struct sigaction installStopHandler(int signalNumber)
{
    struct sigaction action = {};
    struct sigaction previous = {};
    action.sa_handler = handleStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // reads and fsyncs carry on; the loop checks the flag
    ::sigaction(signalNumber, &action, &previous);
    return previous;
}

int terminalColumns()
{
    if (!::isatty(STDERR_FILENO))
        return 0;
    winsize size = {};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 80;
}

QString shellQuoted(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (plain.match(word).hasMatch())
        return word;
    return u'\'' + QString(word).replace(u'\'', QStringLiteral("'\\''")) + u'\'';
}

// The command line that carries on after the committed lines, as the operator typed it.
QString resumeCommand(const QCommandLineParser &parser, const QString &path, qint64 skip)
{
    QStringList words { QStringLiteral("tandem") };
    if (parser.isSet(QStringLiteral("data")))
        words << QStringLiteral("--data") << shellQuoted(parser.value(QStringLiteral("data")));
    words << QStringLiteral("enqueue") << shellQuoted(path) << QStringLiteral("--skip")
          << QString::number(skip);
    for (const QString &option : { QStringLiteral("partition"), QStringLiteral("traceparent") }) {
        if (parser.isSet(option))
            words << QStringLiteral("--") + option << shellQuoted(parser.value(option));
    }
    return words.join(u' ');
}

QString messagesText(qint64 n) { return Text::tr("%Ln message(s)", nullptr, clampedCount(n)); }

// Line numbers without digit grouping: they are what --skip takes and an editor shows.
QString linesText(qint64 first, qint64 last)
{
    return first == last ? Text::tr("line %1").arg(first)
                         : Text::tr("lines %1–%2").arg(first).arg(last);
}

// The store words a refusal for the one call it refused ("… so nothing was enqueued"); the
// import states itself what the whole run committed.
QString withoutStoreVerdict(QString message)
{
    static const QRegularExpression verdict(
        QStringLiteral("(,\\s*so|;)?\\s*\\(?nothing was enqueued\\)?"));
    return message.remove(verdict).trimmed();
}

// Exactly what is in the store after a failed import, and how to go on from there.
QString failureText(const Error &error, const BulkImport &import, qint64 skip,
    const QCommandLineParser &parser, const QString &path)
{
    const qint64 through = import.committedThroughLine();
    QString verdict;
    if (import.messages() > 0) {
        verdict = skip + 1 == through
            ? Text::tr("line %1 was enqueued (%2) and nothing after it")
                  .arg(through)
                  .arg(messagesText(import.messages()))
            : Text::tr("lines %1–%2 were enqueued (%3) and nothing after them")
                  .arg(skip + 1)
                  .arg(through)
                  .arg(messagesText(import.messages()));
    } else if (skip > 0 && import.linesRead() >= skip && error.code != Error::Code::NotFound) {
        verdict = Text::tr("nothing after line %1 was enqueued").arg(skip);
    } else {
        verdict = Text::tr("nothing was enqueued");
    }
    QString text = withoutStoreVerdict(error.message) + QStringLiteral("; ") + verdict;
    // Resuming helps once some lines are behind, and only when there is something after them.
    if (through > 0 && error.code != Error::Code::NotFound) {
        text += QStringLiteral("; ")
            + (error.code == Error::Code::Invalid && !import.refusedByStore()
                    ? Text::tr("fix the line and resume with: %1")
                    : Text::tr("resume with: %1"))
                  .arg(resumeCommand(parser, path, through));
    }
    return text;
}

} // namespace

int runEnqueue(CliContext &context, const QCommandLineParser &parser)
{
    const QStringList &args = context.arguments();
    if (args.size() > 1)
        return context.failWith(
            Text::tr("enqueue takes one FILE (or - for standard input)"), ExitUsageError);
    const QString path = args.isEmpty() ? QStringLiteral("-") : args.first();
    if (path == u"-" && ::isatty(STDIN_FILENO))
        return context.failWith(
            Text::tr("reading messages from a terminal: give a FILE, or pipe JSON into "
                     "`tandem enqueue -`"),
            ExitUsageError);

    BulkImport::Options options;
    options.key = parser.value(QStringLiteral("key")).toUtf8();
    options.partition = parser.value(QStringLiteral("partition")).toUtf8();
    options.traceparent = parser.value(QStringLiteral("traceparent")).toLatin1();
    options.stop = &stopImport;
    if (parser.isSet(QStringLiteral("skip"))) {
        bool ok = false;
        const QString value = parser.value(QStringLiteral("skip"));
        options.skipLines = value.toLongLong(&ok);
        if (!ok || options.skipLines < 0)
            return context.failWith(
                Text::tr("--skip: expected a number of lines (0 or more), not \"%1\"").arg(value),
                ExitUsageError);
    }

    // Unbuffered: the reader reads in large chunks of its own.
    QFile input;
    const bool opened = path == u"-"
        ? input.open(STDIN_FILENO, QIODevice::ReadOnly | QIODevice::Unbuffered)
        : (input.setFileName(path), input.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
    if (!opened)
        return context.failWith(Text::tr("cannot read %1: %2").arg(path, input.errorString()));

    auto store = context.openStore();
    if (!store)
        return context.failWith(store.error());

    ImportProgress progress(
        context.err(), input.isSequential() ? -1 : input.size(), terminalColumns());
    BulkImport import(**store, input, progress, options);
    stopImport = false;
    const struct sigaction previousInt = installStopHandler(SIGINT);
    const struct sigaction previousTerm = installStopHandler(SIGTERM);
    const Result<void> outcome = import.run();
    ::sigaction(SIGINT, &previousInt, nullptr);
    ::sigaction(SIGTERM, &previousTerm, nullptr);
    progress.clear();

    if (!outcome) {
        const QString label = path == u"-" ? Text::tr("standard input") : path;
        return context.failWith(label + QStringLiteral(": ")
                + failureText(outcome.error(), import, options.skipLines, parser, path),
            outcome.error().code == Error::Code::Invalid ? ExitUsageError : ExitRuntimeError);
    }
    if (import.messages() == 1) {
        context.out() << import.firstId() << Qt::endl;
        return ExitOk;
    }
    const qint64 elapsedMs = progress.elapsedMs();
    context.err() << Text::tr("enqueued %1 from %2 in %3 (%4/s)")
                         .arg(messagesText(import.messages()),
                             linesText(options.skipLines + 1, import.linesRead()),
                             formatDuration(elapsedMs),
                             formatCount(import.messages() * 1000 / std::max<qint64>(1, elapsedMs)))
                  << Qt::endl;
    return ExitOk;
}

} // namespace Tandem::Cli
