// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the real `tandem` binary (TANDEM_BINARY, set by tandem_add_test) as a subprocess, bounded
// in time, and keeps what an operator would see: exit code, stdout and stderr.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTest>

namespace Tandem::Testing {

struct CliOutcome
{
    int exitCode = -1; ///< -1: crashed or did not finish
    QByteArray out;
    QByteArray err;

    QString describe() const
    {
        return QStringLiteral("exit %1\n--- stdout:\n%2\n--- stderr:\n%3")
            .arg(exitCode)
            .arg(QString::fromUtf8(out), QString::fromUtf8(err));
    }
    QString text() const { return QString::fromUtf8(out + err); }
};

inline QString binary() { return qEnvironmentVariable("TANDEM_BINARY"); }

/// The test's environment without TANDEM_DATA_DIR (every test passes --data).
inline QProcessEnvironment environment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("TANDEM_DATA_DIR"));
    return env;
}

inline CliOutcome runTandem(const QStringList &args, const QByteArray &input = {},
    int timeoutMs = 20'000, const QProcessEnvironment &env = environment())
{
    CliOutcome o;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(binary(), args);
    if (!p.waitForStarted(10'000)) {
        o.err = "could not start " + binary().toUtf8() + ": " + p.errorString().toUtf8();
        return o;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    // Spin the event loop rather than block: a target the test serves in-process must be able
    // to answer the command's requests meanwhile.
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        o.out = p.readAllStandardOutput();
        o.err = p.readAllStandardError() + "\n[did not finish within "
            + QByteArray::number(timeoutMs) + " ms]";
        return o;
    }
    o.out = p.readAllStandardOutput();
    o.err = p.readAllStandardError();
    o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return o;
}

} // namespace Tandem::Testing
