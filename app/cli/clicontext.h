// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include "app/cli/text.h"
#include "engine/core/error.h"
#include "engine/store/store.h"

namespace Tandem {
class SecretStore;
class SqliteStore;
} // namespace Tandem

namespace Tandem::Cli {

/// Exit codes of DESIGN.md §4.
enum ExitCode { ExitOk = 0, ExitRuntimeError = 1, ExitUsageError = 2 };

/// What every command gets: its arguments, the data directory and the standard streams.
/// Thread: the main thread.
class CliContext
{
public:
    CliContext(QStringList arguments, QString dataDir);
    Q_DISABLE_COPY_MOVE(CliContext)

    /// Positional arguments after the command word (and after the sub-command, if taken).
    const QStringList &arguments() const { return m_arguments; }
    QString dataDir() const { return m_dataDir; }
    QString storePath() const;
    QString lockPath() const;

    /// Creates the data directory if needed and opens its store; the error names the directory.
    Result<std::unique_ptr<SqliteStore>> openStore() const;

    QTextStream &out();
    QTextStream &err();

    /// Prints "tandem: message" on stderr and returns `code`.
    int failWith(const QString &message, ExitCode code = ExitRuntimeError);
    int failWith(const Error &error);

private:
    QStringList m_arguments;
    QString m_dataDir;
    QTextStream m_out;
    QTextStream m_err;
};

/// The data directory from --data, else TANDEM_DATA_DIR, else the XDG data location.
QString resolveDataDir(const QString &option);

/// Reads a whole file, or standard input for "-"; refuses more than `maxBytes`.
Result<QByteArray> readInput(const QString &path, qint64 maxBytes);

/// One JSON object from a file or standard input ("-"); the error names the input and line.
Result<QJsonObject> readJsonObject(const QString &path, qint64 maxBytes);

/// A secret from standard input: typed at a "`prompt`: " without echo on a terminal, else the
/// whole input (a pipe or a file) without its final line break. Empty input is an error.
Result<QByteArray> readSecretInput(CliContext &context, const QString &prompt, qint64 maxBytes);

/// Deletes the keychain entries among `references` (other kinds are skipped). A failure leaves
/// an orphaned entry behind: worth a warning on stderr, not a failed command.
void removeFromKeychain(CliContext &context, SecretStore &keychain, const QStringList &references);

/// The target called `name`; NotFound names it.
Result<StoredTarget> findTarget(SqliteStore &store, const QString &name);

/// Whether an engine (tandem serve or the console) holds the data directory, and its pid.
std::optional<qint64> runningEnginePid(const QString &lockPath);

} // namespace Tandem::Cli
