// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/clicontext.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLockFile>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTextStream>

#include <csignal>
#include <sys/types.h>
#include <termios.h>
#include <unistd.h>

#include "app/cli/await.h"
#include "engine/secrets/secretref.h"
#include "engine/secrets/secretstore.h"
#include "engine/store/sqlitestore.h"

namespace Tandem::Cli {

CliContext::CliContext(QStringList arguments, QString dataDir)
    : m_arguments(std::move(arguments))
    , m_dataDir(std::move(dataDir))
    , m_out(stdout)
    , m_err(stderr)
{
}

QString CliContext::storePath() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("tandem.db"));
}

QString CliContext::lockPath() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("tandem.lock"));
}

Result<std::unique_ptr<SqliteStore>> CliContext::openStore() const
{
    if (!QDir().mkpath(m_dataDir))
        return fail(Error::io(Text::tr("cannot create the data directory %1").arg(m_dataDir)));
    return SqliteStore::open(storePath());
}

QTextStream &CliContext::out() { return m_out; }

QTextStream &CliContext::err() { return m_err; }

int CliContext::failWith(const QString &message, ExitCode code)
{
    err() << "tandem: " << message << Qt::endl;
    return code;
}

int CliContext::failWith(const Error &error)
{
    return failWith(
        error.message, error.code == Error::Code::Invalid ? ExitUsageError : ExitRuntimeError);
}

QString resolveDataDir(const QString &option)
{
    if (!option.isEmpty())
        return QDir(option).absolutePath();
    const QString env = qEnvironmentVariable("TANDEM_DATA_DIR");
    if (!env.isEmpty())
        return QDir(env).absolutePath();
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("tandem"));
}

Result<QByteArray> readInput(const QString &path, qint64 maxBytes)
{
    QFile f;
    if (path == u"-") {
        if (!f.open(stdin, QIODevice::ReadOnly))
            return fail(Error::io(Text::tr("cannot read standard input")));
    } else {
        f.setFileName(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(Error::io(Text::tr("cannot read %1: %2").arg(path, f.errorString())));
    }
    QByteArray data = f.read(maxBytes + 1);
    if (data.size() > maxBytes)
        return fail(Error::invalid(Text::tr("%1 is larger than %2 MiB")
                                       .arg(path == u"-" ? Text::tr("standard input") : path)
                                       .arg(maxBytes / (1024 * 1024))));
    return data;
}

std::optional<qint64> runningEnginePid(const QString &lockPath)
{
    QLockFile lock(lockPath);
    qint64 pid = 0;
    QString host, app;
    if (!lock.getLockInfo(&pid, &host, &app))
        return std::nullopt;
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return std::nullopt; // a stale lock left by a killed engine
    return pid;
}

Result<StoredTarget> findTarget(SqliteStore &store, const QString &name)
{
    auto all = store.targets();
    if (!all)
        return fail(all.error());
    for (const StoredTarget &t : *all) {
        if (t.config.name == name)
            return t;
    }
    return fail(Error::notFound(Text::tr("no target named \"%1\"").arg(name)));
}

Result<QJsonObject> readJsonObject(const QString &path, qint64 maxBytes)
{
    auto data = readInput(path, maxBytes);
    if (!data)
        return fail(data.error());
    const QString name = path == u"-" ? Text::tr("standard input") : path;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(*data, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(Error::invalid(Text::tr("%1: line %2: %3")
                                       .arg(name)
                                       .arg(data->left(pe.offset).count('\n') + 1)
                                       .arg(pe.errorString())));
    if (!doc.isObject())
        return fail(Error::invalid(Text::tr("%1: expected a JSON object").arg(name)));
    return doc.object();
}

Result<QByteArray> readSecretInput(CliContext &context, const QString &prompt, qint64 maxBytes)
{
    QByteArray value;
    if (::isatty(STDIN_FILENO)) {
        context.err() << prompt << ": " << Qt::flush;
        termios saved {};
        const bool canHide = ::tcgetattr(STDIN_FILENO, &saved) == 0;
        if (canHide) {
            termios quiet = saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
        QFile in;
        if (in.open(stdin, QIODevice::ReadOnly))
            value = in.readLine(maxBytes);
        if (canHide)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        context.err() << Qt::endl;
    } else {
        auto all = readInput(QStringLiteral("-"), maxBytes);
        if (!all)
            return fail(all.error());
        value = *all;
    }
    if (value.endsWith('\n'))
        value.chop(1);
    if (value.endsWith('\r'))
        value.chop(1);
    if (value.isEmpty())
        return fail(Error::invalid(
            Text::tr("nothing on standard input (%1); nothing changed").arg(prompt)));
    return value;
}

void removeFromKeychain(CliContext &context, SecretStore &keychain, const QStringList &references)
{
    for (const QString &text : references) {
        auto ref = SecretRef::parse(text);
        if (!ref || ref->kind() != SecretRef::Kind::Keychain)
            continue;
        auto removed = await<void>(
            [&](QObject *ctx, auto done) { keychain.remove(ref->name(), ctx, done); });
        if (!removed)
            context.err() << "tandem: "
                          << Text::tr("warning: the keychain entry %1 could not be removed: %2")
                                 .arg(text, removed.error().message)
                          << Qt::endl;
    }
}

} // namespace Tandem::Cli
