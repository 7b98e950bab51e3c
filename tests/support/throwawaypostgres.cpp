// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/throwawaypostgres.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

namespace Tandem::Testing {

namespace {

// The newest installed server version, e.g. /usr/lib/postgresql/15/bin.
QString serverBinaries()
{
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
        [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
    for (auto it = versions.crbegin(); it != versions.crend(); ++it) {
        const QString bin = root.filePath(*it + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb"))
            && QFile::exists(bin + QStringLiteral("/pg_ctl")))
            return bin;
    }
    return {};
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

ThrowawayPostgres::ThrowawayPostgres() = default;

ThrowawayPostgres::~ThrowawayPostgres() { stop(); }

QString ThrowawayPostgres::unavailable()
{
    if (::geteuid() != 0)
        return QStringLiteral("a throwaway PostgreSQL needs root (to run initdb as the postgres "
                              "user)");
    if (serverBinaries().isEmpty())
        return QStringLiteral("no PostgreSQL server binaries under /usr/lib/postgresql (install "
                              "postgresql)");
    if (!::getpwnam("postgres"))
        return QStringLiteral("no postgres user (install postgresql)");
    if (QStandardPaths::findExecutable(QStringLiteral("runuser")).isEmpty())
        return QStringLiteral("no runuser command (util-linux)");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return QStringLiteral("the Qt PostgreSQL driver is missing (install libqt6sql6-psql)");
    return {};
}

QString ThrowawayPostgres::run(const QStringList &command, int timeoutMs) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_dir->path()); // runuser's cwd must be readable by postgres
    p.start(QStringLiteral("runuser"),
        QStringList { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--") }
            + command);
    if (!p.waitForStarted(10'000))
        return QStringLiteral("cannot start runuser: %1").arg(p.errorString());
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return QStringLiteral("%1 did not finish within %2 ms: %3")
            .arg(command.join(u' '))
            .arg(timeoutMs)
            .arg(QString::fromLocal8Bit(p.readAll()));
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("%1 failed (exit %2): %3")
            .arg(command.join(u' '))
            .arg(p.exitCode())
            .arg(QString::fromLocal8Bit(p.readAll()));
    return {};
}

QString ThrowawayPostgres::pgCtl(const QStringList &args) const
{
    return run(QStringList { m_bin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"),
                   m_dir->filePath(QStringLiteral("data")) }
        + args);
}

QString ThrowawayPostgres::start()
{
    if (const QString why = unavailable(); !why.isEmpty())
        return why;
    stop();
    m_bin = serverBinaries();
    // Under /tmp rather than the test's TMPDIR: the postgres user must be able to reach it.
    m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/tandem-pg-XXXXXX"));
    if (!m_dir->isValid())
        return QStringLiteral("cannot create a temporary directory: %1").arg(m_dir->errorString());
    const passwd *pg = ::getpwnam("postgres");
    if (::chown(QFile::encodeName(m_dir->path()).constData(), pg->pw_uid, pg->pw_gid) != 0)
        return QStringLiteral("cannot hand %1 to the postgres user").arg(m_dir->path());

    m_password = QUuid::createUuid().toString(QUuid::Id128);
    const QString pwfile = m_dir->filePath(QStringLiteral("pwfile"));
    {
        QFile f(pwfile);
        if (!f.open(QIODevice::WriteOnly) || f.write(m_password.toUtf8() + '\n') < 0)
            return QStringLiteral("cannot write %1").arg(pwfile);
    }
    if (::chown(QFile::encodeName(pwfile).constData(), pg->pw_uid, pg->pw_gid) != 0)
        return QStringLiteral("cannot hand %1 to the postgres user").arg(pwfile);

    if (QString e = run({ m_bin + QStringLiteral("/initdb"), QStringLiteral("-D"),
            m_dir->filePath(QStringLiteral("data")), QStringLiteral("-U"),
            QStringLiteral("postgres"), QStringLiteral("-E"), QStringLiteral("UTF8"),
            QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--auth-local=trust"),
            QStringLiteral("--auth-host=scram-sha-256"), QStringLiteral("--pwfile=") + pwfile,
            QStringLiteral("--no-sync") });
        !e.isEmpty())
        return e;
    m_port = freePort();
    if (m_port == 0)
        return QStringLiteral("no free port on 127.0.0.1");
    // A test that crashes or is killed never reaches stop(): a watcher of its own stops the
    // server and removes the cluster once the test process is gone.
    const QString dir = m_dir->path();
    const QString watcher = QStringLiteral("while [ -d /proc/%1 ]; do sleep 1; done; "
                                           "'%2/pg_ctl' -D '%3/data' -m immediate -w stop; "
                                           "rm -rf '%3'")
                                .arg(QCoreApplication::applicationPid())
                                .arg(m_bin, dir);
    QProcess guard;
    guard.setProgram(QStringLiteral("runuser"));
    guard.setArguments({ QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
        QStringLiteral("sh"), QStringLiteral("-c"), watcher });
    guard.setWorkingDirectory(QStringLiteral("/"));
    // Not the test's output: CTest would wait for the watcher to close it.
    guard.setStandardInputFile(QProcess::nullDevice());
    guard.setStandardOutputFile(QProcess::nullDevice());
    guard.setStandardErrorFile(QProcess::nullDevice());
    if (!guard.startDetached())
        return QStringLiteral("cannot start the watcher that stops the server after a crash");
    return startAgain();
}

QString ThrowawayPostgres::startAgain()
{
    if (!m_dir)
        return QStringLiteral("start() first");
    const QString options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                           "-c synchronous_commit=off -c full_page_writes=off")
                                .arg(m_port)
                                .arg(m_dir->path());
    if (QString e = pgCtl({ QStringLiteral("-l"), m_dir->filePath(QStringLiteral("log")),
            QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"), QStringLiteral("-o"),
            options, QStringLiteral("start") });
        !e.isEmpty()) {
        QFile log(m_dir->filePath(QStringLiteral("log")));
        if (log.open(QIODevice::ReadOnly))
            e += QStringLiteral("\nserver log:\n")
                + QString::fromLocal8Bit(log.readAll().right(4000));
        return e;
    }
    m_running = true;
    return {};
}

QString ThrowawayPostgres::stopServer()
{
    if (!m_running)
        return {};
    m_running = false;
    return pgCtl({ QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"),
        QStringLiteral("stop") });
}

void ThrowawayPostgres::stop()
{
    if (!m_dir)
        return;
    if (m_running) {
        // Immediate: nothing to keep, and connections still open must not hold up a test's end.
        m_running = false;
        (void)pgCtl({ QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
            QStringLiteral("stop") });
    }
    m_dir.reset();
}

QString ThrowawayPostgres::exec(const QString &database, const QStringList &statements) const
{
    const QString name
        = QStringLiteral("throwawaypostgres-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(host());
        db.setPort(m_port);
        db.setDatabaseName(database);
        db.setUserName(user());
        db.setPassword(m_password);
        if (!db.open()) {
            error = QStringLiteral("connecting to %1: %2").arg(database, db.lastError().text());
        } else {
            for (const QString &sql : statements) {
                QSqlQuery q(db);
                if (!q.exec(sql)) {
                    error = QStringLiteral("%1: %2").arg(sql, q.lastError().text());
                    break;
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

QString ThrowawayPostgres::createDatabase(const QString &name) const
{
    return exec(QStringLiteral("postgres"), { QStringLiteral("CREATE DATABASE \"%1\"").arg(name) });
}

} // namespace Tandem::Testing
