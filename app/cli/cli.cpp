// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>

#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "app/console.h"

namespace Tandem::Cli {

namespace {

QCommandLineOption jsonOption()
{
    return { QStringLiteral("json"), Text::tr("Print JSON for scripts.") };
}

// `text` broken into lines of at most `width` columns, each indented by `indent` spaces.
QString wrapped(const QString &text, int indent, int width)
{
    QString out;
    QString line;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && indent + line.size() + 1 + word.size() > width) {
            out += QString(indent, u' ') + line + u'\n';
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        out += QString(indent, u' ') + line + u'\n';
    return out;
}

QString usageText()
{
    QString text = Text::tr(
        "Usage: tandem [--data DIR] COMMAND [ARGS]\n"
        "       tandem [--data DIR] [--demo]   opens the desktop console\n"
        "\n"
        "Tandem stores each message durably and delivers it to every enabled target API,\n"
        "independently, with retries and a dead-letter queue.\n"
        "\n"
        "Commands:\n");
    for (const Command &c : commands())
        text += QStringLiteral("  %1 %2\n%3").arg(c.name, c.synopsis, wrapped(c.summary, 6, 96));
    text += Text::tr(
        "\n"
        "Global options:\n"
        "  --data DIR     data directory (default: $TANDEM_DATA_DIR, else ~/.local/share/tandem)\n"
        "  --demo         (console only) open the console on the demo of `tandem serve --demo`\n"
        "  --version      print the version\n"
        "  --help         this help; `tandem COMMAND --help` for a command's options\n"
        "\n"
        "Exit status: 0 ok, 1 runtime error, 2 usage error.\n"
        "\n"
        "Messages are in the system's language (LANGUAGE, LC_ALL, LANG) or the one chosen in the\n"
        "console's settings; TANDEM_LANGUAGE=en or TANDEM_LANGUAGE=de overrides both. --json\n"
        "output is always English.\n");
    return text;
}

// The command word is the first argument that is neither an option nor an option's value.
qsizetype commandIndex(const QStringList &args)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == u"--data") {
            ++i;
            continue;
        }
        if (!a.startsWith(u'-'))
            return i;
    }
    return -1;
}

QCommandLineOption consoleDemoOption()
{
    return { QStringLiteral("demo"),
        Text::tr("Open the console on the demo (a temporary data directory unless --data).") };
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

} // namespace

bool opensConsole(const QStringList &args)
{
    if (commandIndex(args) >= 0 || !hasDisplay())
        return false;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(
        { QStringLiteral("h"), QStringLiteral("help") }, Text::tr("Show help."));
    const QCommandLineOption version(QStringLiteral("version"), Text::tr("Print the version."));
    parser.addOptions(
        { { QStringLiteral("data"), Text::tr("Data directory."), QStringLiteral("DIR") }, help,
            version, consoleDemoOption() });
    return parser.parse(args) && !parser.isSet(help) && !parser.isSet(version)
        && parser.positionalArguments().isEmpty();
}

QList<Command> commands()
{
    const QCommandLineOption target(QStringLiteral("target"),
        Text::tr("Only the deliveries to this target."), QStringLiteral("NAME"));
    return {
        { QStringLiteral("serve"),
            QStringLiteral("[--demo] [--listen ADDRESS:PORT] [--allow-remote] [--ingest-token REF] "
                           "[--drain-timeout SECONDS] [...]"),
            Text::tr(
                "Run the engine headless; Ctrl-C or SIGTERM drains in-flight requests and exits."),
            { { QStringLiteral("demo"),
                  Text::tr("Start two simulated targets on 127.0.0.1 and a traffic generator "
                           "(in a fresh temporary data directory unless --data is given).") },
                { QStringLiteral("listen"),
                    Text::tr("Address of the HTTP endpoint (/metrics, /v1/health); default "
                             "$TANDEM_LISTEN, else 127.0.0.1:8470; port 0 picks a free one."),
                    QStringLiteral("ADDRESS:PORT") },
                { QStringLiteral("backlog-high"),
                    Text::tr("Refuse new messages while more deliveries than this wait "
                             "(kept in the store for every producer; default 10000000)."),
                    QStringLiteral("N") },
                { QStringLiteral("backlog-low"),
                    Text::tr("Accept again once fewer than this wait (default 80 % of the "
                             "high-water mark)."),
                    QStringLiteral("N") },
                { QStringLiteral("log-level"),
                    Text::tr("error (the store failing), warning (also dead deliveries and "
                             "breakers opening), info (every state change) or debug (also "
                             "every attempt) for the JSON log in DIR/logs/tandem.log (default "
                             "info)."),
                    QStringLiteral("LEVEL"), QStringLiteral("info") },
                { QStringLiteral("log-json"),
                    Text::tr("Also write the JSON log lines to stderr.") },
                { QStringLiteral("allow-remote"),
                    Text::tr("Allow --listen on an address other machines can reach (the "
                             "ingest token is still required).") },
                { QStringLiteral("ingest-token"),
                    Text::tr("Read the ingest token from env:NAME or file:/path instead of "
                             "the OS keychain (headless servers)."),
                    QStringLiteral("REF") },
                { QStringLiteral("drain-timeout"),
                    Text::tr(
                        "How long to let in-flight requests finish when stopping (default 30)."),
                    QStringLiteral("SECONDS"), QStringLiteral("30") } },
            &runServe },
        { QStringLiteral("enqueue"),
            QStringLiteral("[FILE|-] [--skip N] [--key KEY] [--partition KEY] [--traceparent TP]"),
            Text::tr("Store messages for delivery: JSON Lines (one message per line, streamed in "
                     "constant memory and committed in batches of 5,000 messages or 8 MiB, with "
                     "progress on stderr), or one JSON document (object or array, may span lines). "
                     "A malformed line stops the import: the error says which lines were enqueued "
                     "and the --skip that resumes after them."),
            { { QStringLiteral("skip"),
                  Text::tr("Skip the first N lines (read and counted, not enqueued), to "
                           "resume an import that stopped; line numbers stay the input's."),
                  QStringLiteral("N") },
                { QStringLiteral("key"),
                    Text::tr("Idempotency-Key for a single message (default: the message id)."),
                    QStringLiteral("KEY") },
                { QStringLiteral("partition"), Text::tr("Partition key for every message."),
                    QStringLiteral("KEY") },
                { QStringLiteral("traceparent"),
                    Text::tr("The producer's W3C traceparent: attempts join its trace."),
                    QStringLiteral("TRACEPARENT") } },
            &runEnqueue },
        { QStringLiteral("status"), QStringLiteral("[--json]"),
            Text::tr("Per-target queue depth, in-flight, delivered, dead and oldest pending age."),
            { jsonOption() }, &runStatus },
        { QStringLiteral("dlq"),
            QStringLiteral("list|show|replay|discard [IDS...] [--target T] [--all] [--json]"),
            Text::tr("Inspect, replay or discard dead letters (IDS are message ids)."),
            { target,
                { QStringLiteral("all"), Text::tr("Every dead letter (of --target, if given).") },
                jsonOption(),
                { QStringLiteral("limit"),
                    Text::tr("At most this many rows for list (default 100)."), QStringLiteral("N"),
                    QStringLiteral("100") } },
            &runDlq },
        { QStringLiteral("targets"),
            QStringLiteral(
                "list|show|add|edit|remove|export|import|pause|resume|reset|test [ARGS] [--json]"),
            Text::tr("Manage target APIs: add FILE|-|NAME URL, edit NAME FILE|- (JSON patch), "
                     "remove NAME, export [FILE], import FILE, pause NAME (hold its deliveries; "
                     "nothing is dropped), resume NAME, reset NAME (close its circuit breaker), "
                     "test NAME (send one real request with its credentials; show status, latency "
                     "and TLS details)."),
            { jsonOption(),
                { QStringLiteral("method"), Text::tr("test: the method (default POST)."),
                    QStringLiteral("METHOD"), QStringLiteral("POST") },
                { QStringLiteral("path"),
                    Text::tr("test: another path (and query) on the target's host."),
                    QStringLiteral("PATH") },
                { QStringLiteral("body"), Text::tr("test: the body (default {})."),
                    QStringLiteral("TEXT") } },
            &runTargets },
        { QStringLiteral("secret"),
            QStringLiteral("set|clear TARGET [--kind auth|signing|client-key] [--env NAME | --file "
                           "PATH] [--grace DURATION]"),
            Text::tr("Store a target's secret in the OS keychain, read from standard input (typed "
                     "without echo on a terminal); the store keeps only a reference. On a server "
                     "without a keychain, --env or --file refer to the secret instead."),
            { { QStringLiteral("kind"),
                  Text::tr("Which secret: auth (the token, API key, password or OAuth "
                           "client secret of the target's auth kind), signing (the webhook "
                           "signing secret) or client-key (the PEM private key of the TLS "
                           "client certificate). Default auth."),
                  QStringLiteral("KIND"), QStringLiteral("auth") },
                { QStringLiteral("env"),
                    Text::tr("Refer to this environment variable of the engine instead."),
                    QStringLiteral("NAME") },
                { QStringLiteral("file"),
                    Text::tr("Refer to this file instead (absolute path; only its owner may "
                             "read it)."),
                    QStringLiteral("PATH") },
                { QStringLiteral("grace"),
                    Text::tr("Signing only: how long the previous secret keeps signing "
                             "alongside the new one (default 24h; 0s ends it now)."),
                    QStringLiteral("DURATION") } },
            &runSecret },
        { QStringLiteral("outbox"),
            QStringLiteral(
                "add FILE|- | list | show NAME | remove NAME | pause NAME | resume NAME | "
                "test NAME | password NAME [REF] [--json]"),
            Text::tr(
                "Relay transactional-outbox tables (SQLite or PostgreSQL) into the store: add a "
                "source from JSON, list them, show one, remove it, pause or resume it, test it "
                "(connect, check the table and columns, count unpublished rows), or set its "
                "PostgreSQL password (from standard input into the OS keychain, or a reference "
                "env:VAR or file:/path)."),
            { jsonOption() }, &runOutbox },
        { QStringLiteral("ingest"), QStringLiteral("token [--rotate]"),
            Text::tr(
                "Show the ingest API's bearer token (created in the OS keychain if there is none "
                "yet), or replace it with --rotate (the old one stops working)."),
            { { QStringLiteral("rotate"), Text::tr("Replace the token with a new one.") } },
            &runIngest },
    };
}

int run(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const qsizetype at = commandIndex(args);
    const QList<Command> all = commands();
    const Command *command = nullptr;
    if (at >= 0) {
        for (const Command &c : all) {
            if (c.name == args.at(at))
                command = &c;
        }
        if (!command) {
            err << "tandem: "
                << Text::tr("unknown command \"%1\"; see `tandem --help`").arg(args.at(at))
                << Qt::endl;
            return ExitUsageError;
        }
    }

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption data(
        QStringLiteral("data"), Text::tr("Data directory."), QStringLiteral("DIR"));
    const QCommandLineOption help(
        { QStringLiteral("h"), QStringLiteral("help") }, Text::tr("Show help."));
    const QCommandLineOption version(QStringLiteral("version"), Text::tr("Print the version."));
    parser.addOptions({ data, help, version });
    const QCommandLineOption demo = consoleDemoOption();
    if (command)
        parser.addOptions(command->options);
    else
        parser.addOption(demo);
    if (!parser.parse(args)) {
        QString why = parser.errorText(); // Qt's sentence, translated by Qt's own catalogue
        if (why.endsWith(u'.'))
            why.chop(1);
        err << "tandem: "
            << Text::tr("%1; see `tandem %2--help`")
                   .arg(why, command ? command->name + u' ' : QString())
            << Qt::endl;
        return ExitUsageError;
    }
    if (parser.isSet(version)) {
        out << "tandem " << QCoreApplication::applicationVersion() << Qt::endl;
        return ExitOk;
    }
    if (parser.isSet(help)) {
        if (!command) {
            out << usageText();
            return ExitOk;
        }
        out << Text::tr("Usage: tandem [--data DIR] %1 %2").arg(command->name, command->synopsis)
            << "\n\n"
            << command->summary << "\n\n"
            << Text::tr("Options:") << '\n';
        for (const QCommandLineOption &o : command->options) {
            QString flag = QStringLiteral("--") + o.names().constFirst();
            if (!o.valueName().isEmpty())
                flag += u' ' + o.valueName();
            out << "  " << flag.leftJustified(24) << ' ' << o.description() << '\n';
        }
        out << "  " << QStringLiteral("--data DIR").leftJustified(24) << ' '
            << Text::tr("data directory") << '\n';
        return ExitOk;
    }
    if (!command) {
        // main() made a QApplication only if there is a display to open the console on.
        if (!qobject_cast<QApplication *>(QCoreApplication::instance())) {
            err << "tandem: "
                << Text::tr("no display for the desktop console (DISPLAY and WAYLAND_DISPLAY are "
                            "not set); run a command:")
                << "\n\n"
                << usageText();
            return ExitUsageError;
        }
        return runConsole(
            resolveDataDir(parser.value(data)), parser.isSet(data), parser.isSet(demo));
    }

    QStringList positional = parser.positionalArguments();
    positional.removeFirst(); // the command word
    CliContext context(positional, resolveDataDir(parser.value(data)));
    return command->run(context, parser);
}

} // namespace Tandem::Cli
