// SPDX-License-Identifier: GPL-3.0-or-later
// Runs a command line through /bin/sh while the test's event loop keeps turning (so that a
// loopback server in the same thread can answer it): for commands an operator would paste.
// Header-only so that a test links only what it uses.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QString>

namespace Tandem::Testing {

struct ShellResult
{
    bool finished = false;
    int exitCode = -1;
    QByteArray output; ///< stdout
    QByteArray errors; ///< stderr
};

/// Runs `command` with `sh -c`, the test's environment plus `variables`, for at most `timeoutMs`.
inline ShellResult runShell(const QString &command,
    const QList<QPair<QString, QString>> &variables = {}, int timeoutMs = 10'000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : variables)
        env.insert(name, value);
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), command });
    ShellResult r;
    r.finished = finished.wait(timeoutMs);
    if (!r.finished) {
        process.kill();
        process.waitForFinished(1000);
    }
    r.exitCode = process.exitCode();
    r.output = process.readAllStandardOutput();
    r.errors = process.readAllStandardError();
    return r;
}

} // namespace Tandem::Testing
