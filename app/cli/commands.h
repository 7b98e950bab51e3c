// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>

class QCommandLineParser;

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
int runIngest(CliContext &context, const QCommandLineParser &parser);

/// Parses the whole command line and runs the command; returns the exit code.
int run(const QStringList &arguments);

} // namespace Tandem::Cli
