// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QJsonArray>
#include <QList>
#include <QString>

#include "engine/core/error.h"

class QCommandLineParser;

namespace Tandem {
class SqliteStore;
}

namespace Tandem::Cli {

class CliContext;

/// One verb of the command line: its options, its help and what runs it.
struct Command
{
    QString name;
    QString synopsis; ///< after "tandem NAME"
    QString summary;
    QList<QCommandLineOption> options;
    int (*run)(CliContext &context, const QCommandLineParser &parser);
};

QList<Command> commands();

int runServe(CliContext &context, const QCommandLineParser &parser);
int runEnqueue(CliContext &context, const QCommandLineParser &parser);
int runStatus(CliContext &context, const QCommandLineParser &parser);
int runDlq(CliContext &context, const QCommandLineParser &parser);
int runTargets(CliContext &context, const QCommandLineParser &parser);
int runSecret(CliContext &context, const QCommandLineParser &parser);
int runOutbox(CliContext &context, const QCommandLineParser &parser);
/// The outbox section of `tandem status` (outboxcommand.cpp): one JSON object per source, and
/// the same as text (empty when there are no sources).
Result<QJsonArray> outboxStatusRows(SqliteStore &store, bool engineRunning);
QString outboxStatusText(const QJsonArray &rows);
int runIngest(CliContext &context, const QCommandLineParser &parser);

/// Parses the whole command line and runs the command; returns the exit code.
int run(const QStringList &arguments);

} // namespace Tandem::Cli
