// SPDX-License-Identifier: GPL-3.0-or-later
#include <memory>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/clirunner.h"
#include "tests/support/testjson.h"

// The command line of DESIGN.md §4, tested on the real binary (TANDEM_BINARY): exit codes (0 ok,
// 1 runtime error, 2 usage error), messages, and what an operator would check afterwards.

namespace {

constexpr int ProcessTimeoutMs = 20'000;

// Test JSON is written with single quotes (readable without raw string literals, which moc does
// not always cope with). No test value contains a quote itself.
using Tandem::TestJson::json;

using Outcome = Tandem::Testing::CliOutcome;
using Tandem::Testing::binary;
using Tandem::Testing::environment;

Outcome tandem(
    const QStringList &args, const QByteArray &input = {}, int timeoutMs = ProcessTimeoutMs)
{
    return Tandem::Testing::runTandem(args, input, timeoutMs);
}

// Both bind their argument once: an Outcome expression runs a process.
#define EXPECT_EXIT(outcome, code)                                                                 \
    do {                                                                                           \
        const Outcome &o_ = (outcome);                                                             \
        QVERIFY2(o_.exitCode == (code), qPrintable(o_.describe()));                                \
    } while (false)
#define EXPECT_IN(haystack, needle)                                                                \
    do {                                                                                           \
        const QString h_ = (haystack);                                                             \
        const QString n_ = (needle);                                                               \
        QVERIFY2(h_.contains(n_), qPrintable(QStringLiteral("\"%1\" not in:\n%2").arg(n_, h_)));   \
    } while (false)

// Waits, bounded, for `condition` while `serve` runs; gives up at once if serve has exited.
#define WAIT_WHILE_SERVING(serve, condition, log)                                                  \
    do {                                                                                           \
        QTRY_VERIFY2_WITH_TIMEOUT((serve).state() != QProcess::Running || (condition),             \
            qPrintable(readServeLog(log)), 10'000);                                                \
        QVERIFY2((condition), qPrintable(readServeLog(log)));                                      \
    } while (false)

QJsonDocument parse(const QByteArray &text)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &pe);
    if (pe.error != QJsonParseError::NoError)
        qWarning("not JSON (%s): %s", qPrintable(pe.errorString()), text.constData());
    return doc;
}

QJsonObject rowOf(const QJsonObject &status, const QString &name)
{
    for (const QJsonValue &v : status.value(QStringLiteral("targets")).toArray()) {
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

qint64 count(const QJsonObject &status, const QString &target, const QString &field)
{
    const QJsonValue v = rowOf(status, target).value(field);
    return v.isDouble() ? v.toInteger() : -1;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString readServeLog(const QString &path)
{
    return QStringLiteral("--- serve log:\n") + QString::fromUtf8(readAll(path).right(4000));
}

// Another program writing to the store file, through a connection of its own.
QString runSql(const QString &path, const QString &sql)
{
    static int counter = 0;
    const QString name = QStringLiteral("tst_cli-%1").arg(++counter);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(sql))
                error = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

const QRegularExpression &uuidPattern()
{
    static const QRegularExpression re(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return re;
}

// A target that accepts connections and reads requests but never answers: a hung API.
// Lives on the test's thread; requests arrive while the test waits with QTRY_*.
class HungTarget
{
public:
    HungTarget()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                m_sockets.append(socket);
                QObject::connect(socket, &QTcpSocket::readyRead, &m_server,
                    [this, socket] { m_received[socket] += socket->readAll(); });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url() const
    {
        return QStringLiteral("http://127.0.0.1:%1/orders").arg(m_server.serverPort());
    }

    /// The value of `header` in each complete request head received, in order of connection.
    QList<QByteArray> headerValues(const QByteArray &header) const
    {
        QList<QByteArray> values;
        const QByteArray needle = "\r\n" + header.toLower() + ':';
        for (QTcpSocket *socket : m_sockets) {
            const QByteArray data = m_received.value(socket);
            const qsizetype end = data.indexOf("\r\n\r\n");
            if (end < 0)
                continue;
            const QByteArray head = data.left(end + 2);
            const qsizetype at = head.toLower().indexOf(needle);
            values.append(at < 0 ? QByteArray()
                                 : head.mid(at + needle.size(),
                                           head.indexOf("\r\n", at + 2) - at - needle.size())
                                       .trimmed());
        }
        return values;
    }
    qsizetype requests() const { return headerValues("host").size(); }

private:
    QTcpServer m_server;
    QList<QTcpSocket *> m_sockets; // owned by m_server
    QHash<QTcpSocket *, QByteArray> m_received;
};

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void globalOptions_data();
    void globalOptions();

    void targetsAddShowsDefaults();
    void invalidTargetConfigChangesNothing_data();
    void invalidTargetConfigChangesNothing();
    void importIsAllOrNothing();
    void targetsEditFromStdin();
    void targetsRemove();
    void exportImportRoundTrip();

    void enqueueJsonLines();
    void enqueueMalformedInputEnqueuesNothing_data();
    void enqueueMalformedInputEnqueuesNothing();
    void enqueueSinglePrettyDocument();
    void enqueueKeys_data();
    void enqueueKeys();
    void enqueueWithoutTargets();
    void statusJsonFields();

    void dlqWithoutDeadLetters_data();
    void dlqWithoutDeadLetters();
    void dlqWithDeadLetters();

    void storeProblems_data();
    void storeProblems();

    void serveHoldsTheDataDirectory();
    void serveRecoversAfterSigkill();
    void serveDemo();
    void serveLogLevelWarning();

private:
    Outcome cli(const QStringList &args, const QByteArray &input = {},
        int timeoutMs = ProcessTimeoutMs) const;
    QString tempFile(const QString &name, const QByteArray &content) const;
    QJsonObject status() const;
    bool addTarget(const QString &name, const QString &url) const;
    QByteArray targetsJson() const;

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_data;
};

Outcome tst_Cli::cli(const QStringList &args, const QByteArray &input, int timeoutMs) const
{
    return tandem(QStringList { QStringLiteral("--data"), m_data } + args, input, timeoutMs);
}

QString tst_Cli::tempFile(const QString &name, const QByteArray &content) const
{
    const QString path = m_tmp->filePath(name);
    if (!writeFile(path, content))
        qWarning("cannot write %s", qPrintable(path));
    return path;
}

QJsonObject tst_Cli::status() const
{
    const Outcome o = cli({ QStringLiteral("status"), QStringLiteral("--json") });
    if (o.exitCode != 0) {
        qWarning("%s", qPrintable(o.describe()));
        return {};
    }
    return parse(o.out).object();
}

bool tst_Cli::addTarget(const QString &name, const QString &url) const
{
    const Outcome o = cli({ QStringLiteral("targets"), QStringLiteral("add"), name, url });
    if (o.exitCode != 0)
        qWarning("%s", qPrintable(o.describe()));
    return o.exitCode == 0;
}

QByteArray tst_Cli::targetsJson() const
{
    const Outcome o
        = cli({ QStringLiteral("targets"), QStringLiteral("list"), QStringLiteral("--json") });
    if (o.exitCode != 0)
        qWarning("%s", qPrintable(o.describe()));
    return o.out;
}

void tst_Cli::initTestCase()
{
    QVERIFY2(!binary().isEmpty(), "TANDEM_BINARY is not set (run through ctest)");
    QVERIFY2(QFileInfo(binary()).isExecutable(),
        qPrintable(binary() + QStringLiteral(" is not executable")));
}

void tst_Cli::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_data = m_tmp->filePath(QStringLiteral("data"));
}

void tst_Cli::cleanup()
{
    m_tmp.reset();
    m_data.clear();
}

// ---- global options and usage errors ------------------------------------------------------------

void tst_Cli::globalOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("expected"); // in stdout for exit 0, else in stderr

    QTest::addRow("--version") << QStringList { QStringLiteral("--version") } << 0
                               << QStringList { QStringLiteral("tandem " TANDEM_VERSION) };
    QTest::addRow("--help") << QStringList { QStringLiteral("--help") } << 0
                            << QStringList { QStringLiteral("Usage: tandem"),
                                   QStringLiteral("serve"), QStringLiteral("enqueue"),
                                   QStringLiteral("status"), QStringLiteral("dlq"),
                                   QStringLiteral("targets"), QStringLiteral("--data"),
                                   QStringLiteral("2 usage error") };
    QTest::addRow("enqueue --help")
        << QStringList { QStringLiteral("enqueue"), QStringLiteral("--help") } << 0
        << QStringList { QStringLiteral("--key"), QStringLiteral("--partition"),
               QStringLiteral("--skip") };
    QTest::addRow("unknown command")
        << QStringList { QStringLiteral("frobnicate") } << 2
        << QStringList { QStringLiteral("unknown command"), QStringLiteral("frobnicate") };
    QTest::addRow("unknown option")
        << QStringList { QStringLiteral("status"), QStringLiteral("--frobnicate") } << 2
        << QStringList { QStringLiteral("frobnicate") };
    QTest::addRow("--data without a value") << QStringList { QStringLiteral("status"),
        QStringLiteral("--data") } << 2 << QStringList { QStringLiteral("data") };
    QTest::addRow("status with an argument") << QStringList { QStringLiteral("status"),
        QStringLiteral("extra") } << 2 << QStringList { QStringLiteral("status") };
    QTest::addRow("targets without a sub-command") << QStringList { QStringLiteral("targets") } << 2
                                                   << QStringList { QStringLiteral("sub-command") };
    QTest::addRow("targets with an unknown sub-command") << QStringList { QStringLiteral("targets"),
        QStringLiteral("rename") } << 2 << QStringList { QStringLiteral("rename") };
    QTest::addRow("targets show without a name") << QStringList { QStringLiteral("targets"),
        QStringLiteral("show") } << 2 << QStringList { QStringLiteral("show NAME") };
    QTest::addRow("targets add with three arguments") << QStringList { QStringLiteral("targets"),
        QStringLiteral("add"), QStringLiteral("a"), QStringLiteral("http://127.0.0.1:9/"),
        QStringLiteral("x") } << 2 << QStringList { QStringLiteral("usage") };
    QTest::addRow("enqueue with two files") << QStringList { QStringLiteral("enqueue"),
        QStringLiteral("a.json"), QStringLiteral("b.json") }
                                            << 2 << QStringList { QStringLiteral("one FILE") };
    QTest::addRow("serve with a negative drain timeout") << QStringList {
        QStringLiteral("serve"), QStringLiteral("--drain-timeout"), QStringLiteral("-1")
    } << 2 << QStringList { QStringLiteral("--drain-timeout") };
    QTest::addRow("serve with an argument") << QStringList { QStringLiteral("serve"),
        QStringLiteral("now") } << 2 << QStringList { QStringLiteral("serve") };
    QTest::addRow("serve with an unknown log level")
        << QStringList { QStringLiteral("serve"), QStringLiteral("--log-level"),
               QStringLiteral("bogus") }
        << 2
        << QStringList { QStringLiteral("--log-level"),
               QStringLiteral("error, warning, info or debug") };
}

void tst_Cli::globalOptions()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QStringList, expected);

    const Outcome o = cli(args);
    EXPECT_EXIT(o, exitCode);
    const QString where = QString::fromUtf8(exitCode == 0 ? o.out : o.err);
    for (const QString &e : std::as_const(expected))
        EXPECT_IN(where, e);
    if (exitCode != 0)
        QVERIFY2(o.out.isEmpty(), qPrintable(o.describe()));
    // Asking for help or making a usage error creates no data directory and no store.
    QVERIFY2(!QFileInfo::exists(m_data), qPrintable(m_data + QStringLiteral(" was created")));
}

// ---- targets ------------------------------------------------------------------------------------

void tst_Cli::targetsAddShowsDefaults()
{
    const Outcome add = cli({ QStringLiteral("targets"), QStringLiteral("add"),
        QStringLiteral("inventory"), QStringLiteral("https://inventory.internal/orders") });
    EXPECT_EXIT(add, 0);
    EXPECT_IN(QString::fromUtf8(add.err), QStringLiteral("inventory"));

    const QJsonDocument list = parse(targetsJson());
    const QJsonArray targets = list.object().value(QStringLiteral("targets")).toArray();
    QCOMPARE(targets.size(), 1);
    const QJsonObject t = targets.first().toObject();
    QCOMPARE(t.value(QStringLiteral("name")).toString(), QStringLiteral("inventory"));
    QCOMPARE(t.value(QStringLiteral("url")).toString(),
        QStringLiteral("https://inventory.internal/orders"));
    QCOMPARE(t.value(QStringLiteral("enabled")), QJsonValue(true));
    QCOMPARE(t.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(t.value(QStringLiteral("concurrency")).toInt(), 64);
    const QJsonObject retry = t.value(QStringLiteral("retry")).toObject();
    QCOMPARE(retry.value(QStringLiteral("max_attempts")).toInt(), 12);
    QCOMPARE(retry.value(QStringLiteral("jitter")).toString(), QStringLiteral("full"));
    QCOMPARE(retry.value(QStringLiteral("retry_on")).toArray(),
        (QJsonArray { 408, 425, 429, 500, 502, 503, 504 }));

    const Outcome show
        = cli({ QStringLiteral("targets"), QStringLiteral("show"), QStringLiteral("inventory") });
    EXPECT_EXIT(show, 0);
    QCOMPARE(parse(show.out).object(), t);

    const Outcome text = cli({ QStringLiteral("targets"), QStringLiteral("list") });
    EXPECT_EXIT(text, 0);
    EXPECT_IN(QString::fromUtf8(text.out), QStringLiteral("https://inventory.internal/orders"));

    const Outcome missing
        = cli({ QStringLiteral("targets"), QStringLiteral("show"), QStringLiteral("nope") });
    EXPECT_EXIT(missing, 1);
    EXPECT_IN(QString::fromUtf8(missing.err), QStringLiteral("nope"));
}

void tst_Cli::invalidTargetConfigChangesNothing_data()
{
    QTest::addColumn<QStringList>("args"); // "@FILE" stands for a file holding `input`
    QTest::addColumn<QByteArray>("input"); // on stdin when args hold "-"
    QTest::addColumn<QString>("expected");

    const QString targets = QStringLiteral("targets");
    const QString add = QStringLiteral("add");
    const QString import = QStringLiteral("import");
    const QString edit = QStringLiteral("edit");
    const QString file = QStringLiteral("@FILE");
    const QString stdIn = QStringLiteral("-");
    // The first target of each import document is valid and would change "keep".
    const char *importHead = "{'targets': [{'name': 'keep', 'url': 'http://127.0.0.1:9/changed'}, ";

    QTest::addRow("add: ftp URL") << QStringList { targets, add, QStringLiteral("inv"),
        QStringLiteral("ftp://example.com/x") }
                                  << QByteArray() << QStringLiteral("url");
    QTest::addRow("add: URL without a host")
        << QStringList { targets, add, QStringLiteral("inv"), QStringLiteral("http://") }
        << QByteArray() << QStringLiteral("url");
    QTest::addRow("add: bad name") << QStringList { targets, add, QStringLiteral("bad name!"),
        QStringLiteral("http://127.0.0.1:9/") }
                                   << QByteArray() << QStringLiteral("name");
    QTest::addRow("add: name taken") << QStringList { targets, add, QStringLiteral("keep"),
        QStringLiteral("http://127.0.0.1:9/other") }
                                     << QByteArray() << QStringLiteral("keep");
    QTest::addRow("add FILE: negative timeout")
        << QStringList { targets, add, file }
        << json("{'name': 'inv', 'url': 'http://127.0.0.1:9/', 'timeouts': {'connect_ms': -5}}")
        << QStringLiteral("timeouts.connect_ms");
    QTest::addRow("add -: unknown jitter")
        << QStringList { targets, add, stdIn }
        << json("{'name': 'inv', 'url': 'http://127.0.0.1:9/', 'retry': {'jitter': 'sometimes'}}")
        << QStringLiteral("retry.jitter");
    QTest::addRow("add -: unknown key")
        << QStringList { targets, add, stdIn }
        << json("{'name': 'inv', 'url': 'http://127.0.0.1:9/', 'retires': 3}")
        << QStringLiteral("\"retires\"");
    QTest::addRow("add -: malformed JSON")
        << QStringList { targets, add, stdIn } << json("{\n'name': 'inv',\n'url': }")
        << QStringLiteral("line 3");
    QTest::addRow("import: 2nd target's jitter")
        << QStringList { targets, import, file }
        << json(QByteArray(importHead)
                    .append("{'name': 'new', 'url': 'http://127.0.0.1:9/', 'retry': {'jitter': "
                            "'wobbly'}}]}"))
        << QStringLiteral("targets[1].retry.jitter");
    QTest::addRow("import: 2nd target's negative timeout")
        << QStringList { targets, import, file }
        << json(QByteArray(importHead)
                    .append("{'name': 'new', 'url': 'http://127.0.0.1:9/', 'timeouts': "
                            "{'attempt_ms': -1}}]}"))
        << QStringLiteral("targets[1].timeouts.attempt_ms");
    QTest::addRow("import: 2nd target's URL")
        << QStringList { targets, import, stdIn }
        << json(QByteArray(importHead).append("{'name': 'new', 'url': 'mailto:ops@example.com'}]}"))
        << QStringLiteral("targets[1].url");
    QTest::addRow("import: 2nd target's unknown key")
        << QStringList { targets, import, file }
        << json(QByteArray(importHead)
                    .append("{'name': 'new', 'url': 'http://127.0.0.1:9/', 'colour': 'red'}]}"))
        << QStringLiteral("targets[1]: unknown key \"colour\"");
    QTest::addRow("import: a name twice")
        << QStringList { targets, import, file }
        << json(QByteArray(importHead)
                    .append("{'name': 'keep', 'url': 'http://127.0.0.1:9/again'}]}"))
        << QStringLiteral("twice");
    QTest::addRow("import: not a targets document")
        << QStringList { targets, import, file } << QByteArray("[]") << QStringLiteral("targets");
    QTest::addRow("edit: unknown jitter")
        << QStringList { targets, edit, QStringLiteral("keep"), stdIn }
        << json("{'retry': {'jitter': 'x'}}") << QStringLiteral("retry.jitter");
    QTest::addRow("edit: negative concurrency")
        << QStringList { targets, edit, QStringLiteral("keep"), stdIn }
        << json("{'concurrency': -4}") << QStringLiteral("concurrency");
    QTest::addRow("edit: rename") << QStringList { targets, edit, QStringLiteral("keep"), stdIn }
                                  << json("{'name': 'other'}") << QStringLiteral("renamed");
}

void tst_Cli::invalidTargetConfigChangesNothing()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);

    QVERIFY(addTarget(QStringLiteral("keep"), QStringLiteral("http://127.0.0.1:9/keep")));
    const QByteArray before = targetsJson();
    QVERIFY(!before.isEmpty());

    QByteArray stdinData;
    for (QString &a : args) {
        if (a == u"@FILE")
            a = tempFile(QStringLiteral("input.json"), input);
        else if (a == u"-")
            stdinData = input;
    }
    const Outcome o = cli(args, stdinData);
    EXPECT_EXIT(o, 2);
    EXPECT_IN(QString::fromUtf8(o.err), expected);
    QCOMPARE(targetsJson(), before);
}

void tst_Cli::importIsAllOrNothing()
{
    const QByteArray bad = json("{'targets': [\n"
                                "  {'name': 'inventory', 'url': 'http://127.0.0.1:9/inventory'},\n"
                                "  {'name': 'logistics', 'url': 'http://127.0.0.1:9/logistics',\n"
                                "   'retry': {'jitter': 'sometimes'}}\n"
                                "]}");
    const Outcome refused = cli({ QStringLiteral("targets"), QStringLiteral("import"),
        tempFile(QStringLiteral("bad.json"), bad) });
    EXPECT_EXIT(refused, 2);
    EXPECT_IN(QString::fromUtf8(refused.err), QStringLiteral("targets[1].retry.jitter"));
    EXPECT_IN(QString::fromUtf8(refused.err), QStringLiteral("nothing was imported"));
    QCOMPARE(parse(targetsJson()).object().value(QStringLiteral("targets")).toArray().size(), 0);
    QCOMPARE(status().value(QStringLiteral("targets")).toArray().size(), 0);

    const QByteArray good = QByteArray(bad).replace("sometimes", "equal");
    const Outcome imported
        = cli({ QStringLiteral("targets"), QStringLiteral("import"), QStringLiteral("-") }, good);
    EXPECT_EXIT(imported, 0);
    const QJsonArray targets
        = parse(targetsJson()).object().value(QStringLiteral("targets")).toArray();
    QCOMPARE(targets.size(), 2);
    QCOMPARE(targets.at(1)
                 .toObject()
                 .value(QStringLiteral("retry"))
                 .toObject()
                 .value(QStringLiteral("jitter"))
                 .toString(),
        QStringLiteral("equal"));
}

void tst_Cli::targetsEditFromStdin()
{
    QVERIFY(addTarget(QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory")));
    const Outcome edit = cli({ QStringLiteral("targets"), QStringLiteral("edit"),
                                 QStringLiteral("inventory"), QStringLiteral("-") },
        json("{'concurrency': 8, 'retry': {'max_attempts': 3}, 'headers': {'X-Team': 'ops'}}"));
    EXPECT_EXIT(edit, 0);

    const Outcome show
        = cli({ QStringLiteral("targets"), QStringLiteral("show"), QStringLiteral("inventory") });
    EXPECT_EXIT(show, 0);
    const QJsonObject t = parse(show.out).object();
    QCOMPARE(t.value(QStringLiteral("concurrency")).toInt(), 8);
    QCOMPARE(
        t.value(QStringLiteral("url")).toString(), QStringLiteral("http://127.0.0.1:9/inventory"));
    QCOMPARE(t.value(QStringLiteral("headers")).toObject(),
        (QJsonObject { { QStringLiteral("X-Team"), QStringLiteral("ops") } }));
    const QJsonObject retry = t.value(QStringLiteral("retry")).toObject();
    QCOMPARE(retry.value(QStringLiteral("max_attempts")).toInt(), 3);
    // Keys the patch does not name keep their value.
    QCOMPARE(retry.value(QStringLiteral("jitter")).toString(), QStringLiteral("full"));
    QCOMPARE(retry.value(QStringLiteral("base_delay_ms")).toInt(), 1000);

    const Outcome disable = cli({ QStringLiteral("targets"), QStringLiteral("edit"),
                                    QStringLiteral("inventory"), QStringLiteral("-") },
        json("{'enabled': false}"));
    EXPECT_EXIT(disable, 0);
    QCOMPARE(rowOf(status(), QStringLiteral("inventory")).value(QStringLiteral("enabled")),
        QJsonValue(false));

    const Outcome missing = cli({ QStringLiteral("targets"), QStringLiteral("edit"),
                                    QStringLiteral("nope"), QStringLiteral("-") },
        json("{'concurrency': 8}"));
    EXPECT_EXIT(missing, 1);
    EXPECT_IN(QString::fromUtf8(missing.err), QStringLiteral("nope"));
}

void tst_Cli::targetsRemove()
{
    QVERIFY(addTarget(QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory")));
    QVERIFY(addTarget(QStringLiteral("logistics"), QStringLiteral("http://127.0.0.1:9/logistics")));

    const Outcome removed
        = cli({ QStringLiteral("targets"), QStringLiteral("remove"), QStringLiteral("inventory") });
    EXPECT_EXIT(removed, 0);
    const QJsonArray left
        = parse(targetsJson()).object().value(QStringLiteral("targets")).toArray();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().toObject().value(QStringLiteral("name")).toString(),
        QStringLiteral("logistics"));

    const Outcome again
        = cli({ QStringLiteral("targets"), QStringLiteral("remove"), QStringLiteral("inventory") });
    EXPECT_EXIT(again, 1);
    EXPECT_IN(QString::fromUtf8(again.err), QStringLiteral("inventory"));

    // A target with messages still to deliver is kept.
    const Outcome enqueued
        = cli({ QStringLiteral("enqueue"), QStringLiteral("-") }, json("{'order': 1}\n"));
    EXPECT_EXIT(enqueued, 0);
    const Outcome busy
        = cli({ QStringLiteral("targets"), QStringLiteral("remove"), QStringLiteral("logistics") });
    EXPECT_EXIT(busy, 1);
    EXPECT_IN(QString::fromUtf8(busy.err), QStringLiteral("undelivered"));
    QCOMPARE(parse(targetsJson()).object().value(QStringLiteral("targets")).toArray().size(), 1);
}

void tst_Cli::exportImportRoundTrip()
{
    const Outcome full = cli(
        { QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("-") },
        json("{'name': 'ledger', 'url': 'https://ledger.example.com:8443/v2?tenant=ops', 'method': "
             "'PUT',"
             " 'headers': {'X-Team': 'ops'}, 'enabled': false, 'http2': 'off',"
             " 'timeouts': {'connect_ms': 2000, 'attempt_ms': 20000},"
             " 'retry': {'max_attempts': 5, 'base_delay_ms': 250, 'multiplier': 1.5, "
             "'max_delay_ms': 30000,"
             " 'jitter': 'equal', 'max_age_s': 3600, 'retry_on': [503, 429]}, 'concurrency': 8}"));
    EXPECT_EXIT(full, 0);
    QVERIFY(addTarget(QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory")));
    const QByteArray original = targetsJson();

    const QString file = m_tmp->filePath(QStringLiteral("targets.json"));
    const Outcome exported = cli({ QStringLiteral("targets"), QStringLiteral("export"), file });
    EXPECT_EXIT(exported, 0);
    const Outcome toStdout = cli({ QStringLiteral("targets"), QStringLiteral("export") });
    EXPECT_EXIT(toStdout, 0);
    QCOMPARE(readAll(file), toStdout.out);
    QCOMPARE(parse(readAll(file)), parse(original));

    // Into an empty data directory, and again into the same one (an update).
    const QString other = m_tmp->filePath(QStringLiteral("other"));
    for (int round = 0; round < 2; ++round) {
        const Outcome imported = tandem({ QStringLiteral("--data"), other,
            QStringLiteral("targets"), QStringLiteral("import"), file });
        EXPECT_EXIT(imported, 0);
        EXPECT_IN(QString::fromUtf8(imported.err), QStringLiteral("2 targets"));
        const Outcome list = tandem({ QStringLiteral("--data"), other, QStringLiteral("targets"),
            QStringLiteral("list"), QStringLiteral("--json") });
        EXPECT_EXIT(list, 0);
        QCOMPARE(parse(list.out), parse(original));
    }
}

// ---- enqueue ------------------------------------------------------------------------------------

void tst_Cli::enqueueJsonLines()
{
    QVERIFY(addTarget(QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory")));
    QVERIFY(addTarget(QStringLiteral("logistics"), QStringLiteral("http://127.0.0.1:9/logistics")));

    const QString file = tempFile(QStringLiteral("orders.jsonl"),
        json("{'order': 1, 'sku': 'CHAIR-OAK'}\n{'order': 2}\n\n{'order': 3, 'lines': [1, 2]}\n"));
    const Outcome o = cli({ QStringLiteral("enqueue"), file });
    EXPECT_EXIT(o, 0);
    // The blank line counts for line numbers.
    EXPECT_IN(QString::fromUtf8(o.err), QStringLiteral("enqueued 3 messages from lines 1–4"));
    QJsonObject s = status();
    for (const QString &t : { QStringLiteral("inventory"), QStringLiteral("logistics") }) {
        QCOMPARE(count(s, t, QStringLiteral("pending")), 3);
        QCOMPARE(count(s, t, QStringLiteral("in_flight")), 0);
    }

    const Outcome piped = cli(
        { QStringLiteral("enqueue"), QStringLiteral("-") }, json("{'order': 4}\r\n{'order': 5}"));
    EXPECT_EXIT(piped, 0);
    s = status();
    QCOMPARE(count(s, QStringLiteral("inventory"), QStringLiteral("pending")), 5);
    QCOMPARE(count(s, QStringLiteral("logistics"), QStringLiteral("pending")), 5);
}

void tst_Cli::enqueueMalformedInputEnqueuesNothing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected"); // in stderr

    QTest::addRow("invalid JSON") << json(
        "{'order': 1}\n{'order': 2}\n{'order': 3}\n{'order': }\n{'order': 5}\n")
                                  << QStringList { QStringLiteral("line 4, column") };
    QTest::addRow("unterminated string")
        << json("{'order': 1}\n{'order': 'two}\n")
        << QStringList { QStringLiteral("line 2, column"), QStringLiteral("unterminated string") };
    QTest::addRow("not an object or array")
        << json("{'order': 1}\n'order 2'\n")
        << QStringList { QStringLiteral("line 2: a message must be a JSON object or array") };
    QTest::addRow("invalid UTF-8")
        << json("{'order': 1}\n{'name': '\xff'}\n")
        << QStringList { QStringLiteral("line 2, column"), QStringLiteral("UTF8") };
    QTest::addRow("a line over 16 MiB")
        << json("{'order': 1}\n{'pad': '") + QByteArray(16 * 1024 * 1024, 'x') + "\"}\n"
        << QStringList { QStringLiteral("line 2 is longer than 16 MiB") };
    QByteArray document = "{\n";
    for (int i = 0; i < 17; ++i)
        document
            += "\"pad" + QByteArray::number(i) + "\": \"" + QByteArray(1024 * 1024, 'x') + "\",\n";
    document += "\"order\": 1\n}\n";
    QTest::addRow("a document over 16 MiB")
        << document
        << QStringList { QStringLiteral(
               "the JSON document starting at line 1 is larger than 16 MiB") };
    QTest::addRow("two documents")
        << json("{\n  'order': 1\n}\n{\n  'order': 2\n}\n")
        << QStringList { QStringLiteral("line 4, column 1: garbage at the end of the document") };
}

// Everything here goes wrong within the first batch (5,000 messages), so nothing at all is
// committed; tst_import covers what a larger input commits before it stops.
void tst_Cli::enqueueMalformedInputEnqueuesNothing()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);

    QVERIFY(addTarget(QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory")));
    const Outcome o
        = cli({ QStringLiteral("enqueue"), tempFile(QStringLiteral("orders.jsonl"), input) });
    EXPECT_EXIT(o, 2);
    for (const QString &e : expected)
        EXPECT_IN(QString::fromUtf8(o.err), e);
    EXPECT_IN(QString::fromUtf8(o.err), QStringLiteral("nothing was enqueued"));
    QVERIFY2(!o.err.contains("--skip"), "nothing to resume after");
    QVERIFY2(o.out.isEmpty(), qPrintable(o.describe()));
    const QJsonObject s = status();
    QCOMPARE(count(s, QStringLiteral("inventory"), QStringLiteral("pending")), 0);
    QCOMPARE(rowOf(s, QStringLiteral("inventory")).value(QStringLiteral("oldest_pending_age_s")),
        QJsonValue(QJsonValue::Null));
}

void tst_Cli::enqueueSinglePrettyDocument()
{
    QVERIFY(addTarget(QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory")));
    QVERIFY(addTarget(QStringLiteral("logistics"), QStringLiteral("http://127.0.0.1:9/logistics")));
    const QByteArray document = json("{\n"
                                     "    'order_id': 'ord-1',\n"
                                     "    'customer': {\n"
                                     "        'id': 42\n"
                                     "    },\n"
                                     "    'lines': [\n"
                                     "        {'sku': 'DESK-120', 'quantity': 1}\n"
                                     "    ]\n"
                                     "}\n");
    const Outcome o
        = cli({ QStringLiteral("enqueue"), tempFile(QStringLiteral("order.json"), document) });
    EXPECT_EXIT(o, 0);
    const QString id = QString::fromUtf8(o.out).trimmed();
    QVERIFY2(uuidPattern().match(id).hasMatch(), qPrintable(o.describe()));
    const QJsonObject s = status();
    QCOMPARE(count(s, QStringLiteral("inventory"), QStringLiteral("pending")), 1);
    QCOMPARE(count(s, QStringLiteral("logistics"), QStringLiteral("pending")), 1);

    const Outcome show
        = cli({ QStringLiteral("dlq"), QStringLiteral("show"), id, QStringLiteral("--json") });
    EXPECT_EXIT(show, 0);
    const QJsonObject m = parse(show.out).object();
    QCOMPARE(m.value(QStringLiteral("id")).toString(), id);
    QCOMPARE(m.value(QStringLiteral("payload")).toObject(), parse(document).object());
    QCOMPARE(m.value(QStringLiteral("idempotency_key")).toString(), id);
    QCOMPARE(m.value(QStringLiteral("deliveries")).toArray().size(), 2);
}

void tst_Cli::enqueueKeys_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("field"); // of `dlq show --json` on success, else in stderr
    QTest::addColumn<QString>("expected");

    QTest::addRow("--key for one message")
        << QStringList { QStringLiteral("--key"), QStringLiteral("order-4711") }
        << json("{'order': 4711}\n") << 0 << QStringLiteral("idempotency_key")
        << QStringLiteral("order-4711");
    QTest::addRow("--partition") << QStringList { QStringLiteral("--partition"),
        QStringLiteral("customer-9") }
                                 << json("{'order': 1}\n") << 0 << QStringLiteral("partition_key")
                                 << QStringLiteral("customer-9");
    QTest::addRow("--key for two messages")
        << QStringList { QStringLiteral("--key"), QStringLiteral("order-4711") }
        << json("{'order': 1}\n{'order': 2}\n") << 2 << QString() << QStringLiteral("--key");
}

void tst_Cli::enqueueKeys()
{
    QFETCH(QStringList, options);
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QFETCH(QString, field);
    QFETCH(QString, expected);

    QVERIFY(addTarget(QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory")));
    const Outcome o
        = cli(QStringList { QStringLiteral("enqueue"), QStringLiteral("-") } + options, input);
    EXPECT_EXIT(o, exitCode);
    if (exitCode != 0) {
        EXPECT_IN(QString::fromUtf8(o.err), expected);
        QCOMPARE(count(status(), QStringLiteral("inventory"), QStringLiteral("pending")), 0);
        return;
    }
    const QString id = QString::fromUtf8(o.out).trimmed();
    QVERIFY2(uuidPattern().match(id).hasMatch(), qPrintable(o.describe()));
    const Outcome show
        = cli({ QStringLiteral("dlq"), QStringLiteral("show"), id, QStringLiteral("--json") });
    EXPECT_EXIT(show, 0);
    QCOMPARE(parse(show.out).object().value(field).toString(), expected);
}

void tst_Cli::enqueueWithoutTargets()
{
    const QString file = tempFile(QStringLiteral("order.json"), json("{'order': 1}\n"));
    const Outcome none = cli({ QStringLiteral("enqueue"), file });
    QVERIFY2(none.exitCode == 1 || none.exitCode == 2, qPrintable(none.describe()));
    EXPECT_IN(QString::fromUtf8(none.err), QStringLiteral("targets add"));
    QVERIFY2(none.out.isEmpty(), qPrintable(none.describe()));

    const Outcome disabled
        = cli({ QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("-") },
            json("{'name': 'paused', 'url': 'http://127.0.0.1:9/', 'enabled': false}"));
    EXPECT_EXIT(disabled, 0);
    const Outcome onlyDisabled = cli({ QStringLiteral("enqueue"), file });
    QVERIFY2(onlyDisabled.exitCode == 1 || onlyDisabled.exitCode == 2,
        qPrintable(onlyDisabled.describe()));
    EXPECT_IN(QString::fromUtf8(onlyDisabled.err), QStringLiteral("nothing was enqueued"));
    const QJsonObject s = status();
    QCOMPARE(count(s, QStringLiteral("paused"), QStringLiteral("pending")), 0);

    // The same condition gives the same exit code however long the input is.
    QByteArray lines;
    for (int i = 0; i < 1001; ++i)
        lines += "{\"order\": " + QByteArray::number(i) + "}\n";
    const Outcome big
        = cli({ QStringLiteral("enqueue"), tempFile(QStringLiteral("orders.jsonl"), lines) });
    QVERIFY2(big.exitCode == 1 || big.exitCode == 2, qPrintable(big.describe()));
    EXPECT_IN(QString::fromUtf8(big.err), QStringLiteral("targets add"));
    QCOMPARE(count(status(), QStringLiteral("paused"), QStringLiteral("pending")), 0);
    QCOMPARE(big.exitCode, onlyDisabled.exitCode);
    QCOMPARE(QString::fromUtf8(big.err).count(QStringLiteral("nothing was enqueued")), 1);
}

void tst_Cli::statusJsonFields()
{
    QVERIFY(addTarget(QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory")));
    EXPECT_EXIT(cli({ QStringLiteral("enqueue"), QStringLiteral("-") },
                    json("{'order': 1}\n{'order': 2}\n")),
        0);
    const Outcome paused
        = cli({ QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("-") },
            json("{'name': 'paused', 'url': 'http://127.0.0.1:9/', 'enabled': false}"));
    EXPECT_EXIT(paused, 0);

    const QJsonObject s = status();
    QCOMPARE(s.value(QStringLiteral("engine")).toObject().value(QStringLiteral("running")),
        QJsonValue(false));
    const QJsonArray targets = s.value(QStringLiteral("targets")).toArray();
    QCOMPARE(targets.size(), 2);
    const QSet<QString> breakerStates { QStringLiteral("closed"), QStringLiteral("open"),
        QStringLiteral("half_open") };
    for (const QJsonValue &v : targets) {
        const QJsonObject row = v.toObject();
        QVERIFY2(row.value(QStringLiteral("name")).isString(), "name");
        QVERIFY2(row.value(QStringLiteral("enabled")).isBool(), "enabled");
        QVERIFY2(
            breakerStates.contains(row.value(QStringLiteral("breaker")).toString()), "breaker");
        for (const QString &f : { QStringLiteral("pending"), QStringLiteral("in_flight"),
                 QStringLiteral("delivered"), QStringLiteral("dead") })
            QVERIFY2(row.value(f).isDouble(), qPrintable(f));
        QVERIFY2(row.contains(QStringLiteral("oldest_pending_age_s")), "oldest_pending_age_s");
    }
    const QJsonObject inventory = rowOf(s, QStringLiteral("inventory"));
    QCOMPARE(inventory.value(QStringLiteral("enabled")), QJsonValue(true));
    QCOMPARE(count(s, QStringLiteral("inventory"), QStringLiteral("pending")), 2);
    QCOMPARE(count(s, QStringLiteral("inventory"), QStringLiteral("in_flight")), 0);
    QCOMPARE(count(s, QStringLiteral("inventory"), QStringLiteral("delivered")), 0);
    QCOMPARE(count(s, QStringLiteral("inventory"), QStringLiteral("dead")), 0);
    const QJsonValue age = inventory.value(QStringLiteral("oldest_pending_age_s"));
    QVERIFY2(age.isDouble() && age.toDouble() >= 0 && age.toDouble() < 600,
        qPrintable(QString::number(age.toDouble())));
    const QJsonObject p = rowOf(s, QStringLiteral("paused"));
    QCOMPARE(p.value(QStringLiteral("enabled")), QJsonValue(false));
    QCOMPARE(p.value(QStringLiteral("oldest_pending_age_s")), QJsonValue(QJsonValue::Null));

    const Outcome text = cli({ QStringLiteral("status") });
    EXPECT_EXIT(text, 0);
    EXPECT_IN(QString::fromUtf8(text.out), QStringLiteral("inventory"));
    EXPECT_IN(QString::fromUtf8(text.out), QStringLiteral("not running"));
}

// ---- dead letters -------------------------------------------------------------------------------

void tst_Cli::dlqWithoutDeadLetters_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected"); // in stdout for exit 0, else in stderr

    const QString dlq = QStringLiteral("dlq");
    const QString unknownId = QStringLiteral("01890000-0000-7000-8000-000000000000");
    QTest::addRow("list") << QStringList { dlq, QStringLiteral("list") } << 0
                          << QStringLiteral("No dead letters");
    QTest::addRow("list --json") << QStringList { dlq, QStringLiteral("list"),
        QStringLiteral("--json") }
                                 << 0 << QStringLiteral("[");
    QTest::addRow("list --target") << QStringList { dlq, QStringLiteral("list"),
        QStringLiteral("--target"), QStringLiteral("inventory") }
                                   << 0 << QStringLiteral("No dead letters");
    QTest::addRow("replay --all") << QStringList { dlq, QStringLiteral("replay"),
        QStringLiteral("--all") } << 0
                                  << QStringLiteral("replayed 0");
    QTest::addRow("discard --all")
        << QStringList { dlq, QStringLiteral("discard"), QStringLiteral("--all") } << 0
        << QStringLiteral("discarded 0");
    QTest::addRow("replay without ids or --all")
        << QStringList { dlq, QStringLiteral("replay") } << 2 << QStringLiteral("--all");
    QTest::addRow("discard without ids or --all")
        << QStringList { dlq, QStringLiteral("discard") } << 2 << QStringLiteral("--all");
    QTest::addRow("replay ids and --all") << QStringList { dlq, QStringLiteral("replay"), unknownId,
        QStringLiteral("--all") } << 2 << QStringLiteral("--all");
    QTest::addRow("replay an unknown id") << QStringList { dlq, QStringLiteral("replay"),
        unknownId } << 1 << QStringLiteral("no dead letter");
    QTest::addRow("show without an id")
        << QStringList { dlq, QStringLiteral("show") } << 2 << QStringLiteral("one message id");
    QTest::addRow("show two ids") << QStringList { dlq, QStringLiteral("show"), unknownId,
        unknownId } << 2 << QStringLiteral("one message id");
    QTest::addRow("show an unknown id")
        << QStringList { dlq, QStringLiteral("show"), unknownId } << 1 << unknownId;
    QTest::addRow("replay --all for an unknown target") << QStringList { dlq,
        QStringLiteral("replay"), QStringLiteral("--all"), QStringLiteral("--target"),
        QStringLiteral("nosuch") } << 1 << QStringLiteral("no target named \"nosuch\"");
    QTest::addRow("no sub-command") << QStringList { dlq } << 2 << QStringLiteral("sub-command");
    QTest::addRow("unknown sub-command")
        << QStringList { dlq, QStringLiteral("purge") } << 2 << QStringLiteral("purge");
    QTest::addRow("--limit 0") << QStringList { dlq, QStringLiteral("list"),
        QStringLiteral("--limit"), QStringLiteral("0") }
                               << 2 << QStringLiteral("--limit");
    QTest::addRow("unknown option")
        << QStringList { dlq, QStringLiteral("list"), QStringLiteral("--everything") } << 2
        << QStringLiteral("everything");
}

void tst_Cli::dlqWithoutDeadLetters()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);

    QVERIFY(addTarget(QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory")));
    EXPECT_EXIT(cli({ QStringLiteral("enqueue"), QStringLiteral("-") }, json("{'order': 1}\n")), 0);

    const Outcome o = cli(args);
    EXPECT_EXIT(o, exitCode);
    EXPECT_IN(QString::fromUtf8(exitCode == 0 ? o.out : o.err), expected);
    if (args.contains(QStringLiteral("--json")))
        QCOMPARE(parse(o.out).array(), QJsonArray());
    const QJsonObject s = status();
    QCOMPARE(count(s, QStringLiteral("inventory"), QStringLiteral("pending")), 1);
    QCOMPARE(count(s, QStringLiteral("inventory"), QStringLiteral("dead")), 0);
}

void tst_Cli::dlqWithDeadLetters()
{
    // Nothing listens on port 1 and one attempt is all a delivery gets: every delivery dies.
    for (const char *name : { "down", "gone" }) {
        const Outcome add = cli(
            { QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("-") },
            json("{'name': 'NAME', 'url': 'http://127.0.0.1:1/NAME', 'retry': {'max_attempts': 1},"
                 " 'timeouts': {'connect_ms': 2000}}")
                .replace("NAME", name));
        EXPECT_EXIT(add, 0);
    }
    EXPECT_EXIT(cli({ QStringLiteral("enqueue"), QStringLiteral("-") },
                    json("{'order': 1}\n{'order': 2}\n")),
        0);

    const QString log = m_tmp->filePath(QStringLiteral("serve.log"));
    QProcess serve;
    serve.setProcessEnvironment(environment());
    serve.setStandardOutputFile(log);
    serve.setStandardErrorFile(log, QIODevice::Append);
    serve.start(binary(), { QStringLiteral("--data"), m_data, QStringLiteral("serve") });
    QVERIFY2(serve.waitForStarted(10'000), qPrintable(serve.errorString()));
    auto allDead = [&] {
        const QJsonObject s = status();
        return count(s, QStringLiteral("down"), QStringLiteral("dead")) == 2
            && count(s, QStringLiteral("gone"), QStringLiteral("dead")) == 2;
    };
    WAIT_WHILE_SERVING(serve, allDead(), log);
    serve.terminate();
    QVERIFY2(serve.waitForFinished(15'000), qPrintable(readServeLog(log)));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);

    Outcome list = cli({ QStringLiteral("dlq"), QStringLiteral("list"), QStringLiteral("--json") });
    EXPECT_EXIT(list, 0);
    const QJsonArray all = parse(list.out).array();
    QCOMPARE(all.size(), 4);
    QStringList ids;
    for (const QJsonValue &v : all) {
        const QJsonObject d = v.toObject();
        QCOMPARE(d.value(QStringLiteral("attempts")).toInt(), 1);
        QVERIFY2(!d.value(QStringLiteral("reason")).toString().isEmpty(),
            "a dead letter without a reason");
        const QString id = d.value(QStringLiteral("message_id")).toString();
        if (!ids.contains(id))
            ids.append(id);
    }
    QCOMPARE(ids.size(), 2);

    list = cli({ QStringLiteral("dlq"), QStringLiteral("list"), QStringLiteral("--target"),
        QStringLiteral("down"), QStringLiteral("--json") });
    EXPECT_EXIT(list, 0);
    const QJsonArray down = parse(list.out).array();
    QCOMPARE(down.size(), 2);
    for (const QJsonValue &v : down)
        QCOMPARE(v.toObject().value(QStringLiteral("target")).toString(), QStringLiteral("down"));

    const Outcome text = cli({ QStringLiteral("dlq"), QStringLiteral("list") });
    EXPECT_EXIT(text, 0);
    EXPECT_IN(QString::fromUtf8(text.out), ids.at(0));
    EXPECT_IN(QString::fromUtf8(text.out), ids.at(1));

    const Outcome show = cli(
        { QStringLiteral("dlq"), QStringLiteral("show"), ids.at(0), QStringLiteral("--json") });
    EXPECT_EXIT(show, 0);
    const QJsonArray deliveries
        = parse(show.out).object().value(QStringLiteral("deliveries")).toArray();
    QCOMPARE(deliveries.size(), 2);
    for (const QJsonValue &v : deliveries) {
        const QJsonObject d = v.toObject();
        QCOMPARE(d.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
        QCOMPARE(d.value(QStringLiteral("history")).toArray().size(), 1);
        QCOMPARE(d.value(QStringLiteral("history"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("error_class"))
                     .toString(),
            QStringLiteral("connection"));
    }
    const Outcome showText = cli({ QStringLiteral("dlq"), QStringLiteral("show"), ids.at(0) });
    EXPECT_EXIT(showText, 0);
    EXPECT_IN(QString::fromUtf8(showText.out), QStringLiteral("dead"));
    QVERIFY2(!showText.out.contains("Retry-After"), qPrintable(showText.describe()));

    // One attempt as a 503 with "Retry-After: 30" leaves it (tst_dispatch checks the engine
    // stores it): `dlq show` names it for that attempt only.
    const QString error = runSql(QDir(m_data).filePath(QStringLiteral("tandem.db")),
        QStringLiteral("UPDATE attempts SET status = 503, retry_after_ms = 30000 WHERE "
                       "delivery_id = (SELECT d.id FROM deliveries d JOIN messages m ON m.id = "
                       "d.message_id JOIN targets t ON t.id = d.target_id WHERE m.uuid = '%1' "
                       "AND t.name = 'down')")
            .arg(ids.at(0)));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const Outcome retryAfter = cli({ QStringLiteral("dlq"), QStringLiteral("show"), ids.at(0) });
    EXPECT_EXIT(retryAfter, 0);
    QCOMPARE(retryAfter.out.count("Retry-After 30 s"), 1);
    const Outcome retryAfterJson = cli(
        { QStringLiteral("dlq"), QStringLiteral("show"), ids.at(0), QStringLiteral("--json") });
    EXPECT_EXIT(retryAfterJson, 0);
    for (const QJsonValue &v :
        parse(retryAfterJson.out).object().value(QStringLiteral("deliveries")).toArray()) {
        const QJsonObject d = v.toObject();
        const QJsonObject a = d.value(QStringLiteral("history")).toArray().first().toObject();
        QCOMPARE(a.value(QStringLiteral("retry_after_ms")),
            d.value(QStringLiteral("target")).toString() == u"down"
                ? QJsonValue(30000)
                : QJsonValue(QJsonValue::Undefined));
    }

    const Outcome replay = cli({ QStringLiteral("dlq"), QStringLiteral("replay"), ids.at(0),
        QStringLiteral("--target"), QStringLiteral("down") });
    EXPECT_EXIT(replay, 0);
    EXPECT_IN(QString::fromUtf8(replay.out), QStringLiteral("replayed 1"));
    QJsonObject s = status();
    QCOMPARE(count(s, QStringLiteral("down"), QStringLiteral("pending")), 1);
    QCOMPARE(count(s, QStringLiteral("down"), QStringLiteral("dead")), 1);
    QCOMPARE(count(s, QStringLiteral("gone"), QStringLiteral("dead")), 2);

    const Outcome discard
        = cli({ QStringLiteral("dlq"), QStringLiteral("discard"), QStringLiteral("--all"),
            QStringLiteral("--target"), QStringLiteral("gone"), QStringLiteral("--json") });
    EXPECT_EXIT(discard, 0);
    QCOMPARE(parse(discard.out).object().value(QStringLiteral("discarded")).toInt(), 2);
    list = cli({ QStringLiteral("dlq"), QStringLiteral("list"), QStringLiteral("--json") });
    EXPECT_EXIT(list, 0);
    const QJsonArray left = parse(list.out).array();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().toObject().value(QStringLiteral("message_id")).toString(), ids.at(1));
    QCOMPARE(
        left.first().toObject().value(QStringLiteral("target")).toString(), QStringLiteral("down"));

    // The replayed delivery is pending now, not a dead letter.
    const Outcome again = cli({ QStringLiteral("dlq"), QStringLiteral("replay"), ids.at(0),
        QStringLiteral("--target"), QStringLiteral("down") });
    EXPECT_EXIT(again, 1);
    EXPECT_IN(QString::fromUtf8(again.err), QStringLiteral("no dead letter"));
    const Outcome rest
        = cli({ QStringLiteral("dlq"), QStringLiteral("replay"), QStringLiteral("--all") });
    EXPECT_EXIT(rest, 0);
    EXPECT_IN(QString::fromUtf8(rest.out), QStringLiteral("replayed 1"));
    s = status();
    QCOMPARE(count(s, QStringLiteral("down"), QStringLiteral("pending")), 2);
    QCOMPARE(count(s, QStringLiteral("down"), QStringLiteral("dead")), 0);
    QCOMPARE(count(s, QStringLiteral("gone"), QStringLiteral("dead")), 0);
    QCOMPARE(count(s, QStringLiteral("gone"), QStringLiteral("discarded")), 2);
}

// ---- store problems -----------------------------------------------------------------------------

void tst_Cli::storeProblems_data()
{
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QStringList>("args"); // "@MSG" stands for a file with one message
    QTest::addColumn<QString>("expected");

    const QString garbage = QStringLiteral("garbage");
    const QString newer = QStringLiteral("newer");
    const QString notTandem = QStringLiteral("not a Tandem store");
    const QStringList commands[] = {
        { QStringLiteral("status") },
        { QStringLiteral("status"), QStringLiteral("--json") },
        { QStringLiteral("targets"), QStringLiteral("list") },
        { QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("x"),
            QStringLiteral("http://127.0.0.1:9/") },
        { QStringLiteral("enqueue"), QStringLiteral("@MSG") },
        { QStringLiteral("dlq"), QStringLiteral("list") },
        { QStringLiteral("serve") },
    };
    for (const QStringList &c : commands) {
        QTest::addRow("garbage tandem.db: %s", qPrintable(c.join(u' ')))
            << garbage << c << notTandem;
        QTest::addRow("newer schema: %s", qPrintable(c.join(u' ')))
            << newer << c << QStringLiteral("newer");
    }
    QTest::addRow("--data is a regular file: status")
        << QStringLiteral("file") << QStringList { QStringLiteral("status") }
        << QStringLiteral("data directory");
    QTest::addRow("--data is a regular file: serve")
        << QStringLiteral("file") << QStringList { QStringLiteral("serve") }
        << QStringLiteral("data directory");
}

void tst_Cli::storeProblems()
{
    QFETCH(QString, problem);
    QFETCH(QStringList, args);
    QFETCH(QString, expected);

    const QString store = QDir(m_data).filePath(QStringLiteral("tandem.db"));
    if (problem == u"garbage") {
        QVERIFY(QDir().mkpath(m_data));
        QByteArray bytes;
        for (int i = 0; i < 1024; ++i)
            bytes += "this is not an SQLite file ";
        QVERIFY(writeFile(store, bytes));
    } else if (problem == u"newer") {
        // A store written by a later Tandem: made here from a copy of a real one.
        const QString original = m_tmp->filePath(QStringLiteral("original"));
        const Outcome made = tandem(
            { QStringLiteral("--data"), original, QStringLiteral("targets"), QStringLiteral("add"),
                QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/") });
        EXPECT_EXIT(made, 0);
        QVERIFY(QDir().mkpath(m_data));
        QVERIFY(QFile::copy(QDir(original).filePath(QStringLiteral("tandem.db")), store));
        const QString error = runSql(store, QStringLiteral("PRAGMA user_version = 99"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    } else if (problem == u"file") {
        QVERIFY(writeFile(m_data, "not a directory\n"));
    }
    const QByteArray before = readAll(problem == u"file" ? m_data : store);

    for (QString &a : args) {
        if (a == u"@MSG")
            a = tempFile(QStringLiteral("order.json"), json("{'order': 1}\n"));
    }
    const Outcome o = cli(args);
    EXPECT_EXIT(o, 1);
    EXPECT_IN(QString::fromUtf8(o.err), expected);
    QVERIFY2(o.err.contains(problem == u"file" ? m_data.toUtf8() : store.toUtf8()),
        qPrintable(o.describe()));
    // The store is left exactly as it was.
    QCOMPARE(readAll(problem == u"file" ? m_data : store), before);
}

// ---- serve --------------------------------------------------------------------------------------

void tst_Cli::serveHoldsTheDataDirectory()
{
    // Nothing listens on port 1: the engine keeps retrying and never finishes by itself.
    QVERIFY(addTarget(QStringLiteral("down"), QStringLiteral("http://127.0.0.1:1/orders")));
    const Outcome enqueued
        = cli({ QStringLiteral("enqueue"), QStringLiteral("-") }, json("{'order': 1}\n"));
    EXPECT_EXIT(enqueued, 0);
    const QString id = QString::fromUtf8(enqueued.out).trimmed();

    const QString log = m_tmp->filePath(QStringLiteral("serve.log"));
    QProcess serve;
    serve.setProcessEnvironment(environment());
    serve.setStandardOutputFile(log);
    serve.setStandardErrorFile(log, QIODevice::Append);
    serve.start(binary(), { QStringLiteral("--data"), m_data, QStringLiteral("serve") });
    QVERIFY2(serve.waitForStarted(10'000), qPrintable(serve.errorString()));
    auto running = [&] {
        return status()
            .value(QStringLiteral("engine"))
            .toObject()
            .value(QStringLiteral("running"))
            .toBool();
    };
    WAIT_WHILE_SERVING(serve, running(), log);
    QCOMPARE(status()
                 .value(QStringLiteral("engine"))
                 .toObject()
                 .value(QStringLiteral("pid"))
                 .toInteger(),
        serve.processId());

    const Outcome second = cli({ QStringLiteral("serve") });
    EXPECT_EXIT(second, 1);
    EXPECT_IN(QString::fromUtf8(second.err), QStringLiteral("already serving"));
    QCOMPARE(serve.state(), QProcess::Running);
    // The engine is at work: attempts are recorded (and fail, so the delivery goes on waiting).
    auto attempts = [&] {
        const Outcome show
            = cli({ QStringLiteral("dlq"), QStringLiteral("show"), id, QStringLiteral("--json") });
        const QJsonArray deliveries
            = parse(show.out).object().value(QStringLiteral("deliveries")).toArray();
        return deliveries.isEmpty()
            ? -1
            : deliveries.first().toObject().value(QStringLiteral("history")).toArray().size();
    };
    WAIT_WHILE_SERVING(serve, attempts() >= 1, log);

    serve.terminate();
    QVERIFY2(serve.waitForFinished(15'000), qPrintable(readServeLog(log)));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QVERIFY2(serve.exitCode() == 0, qPrintable(readServeLog(log)));

    const QJsonObject s = status();
    QCOMPARE(s.value(QStringLiteral("engine")).toObject().value(QStringLiteral("running")),
        QJsonValue(false));
    QCOMPARE(count(s, QStringLiteral("down"), QStringLiteral("pending")), 1);
    QCOMPARE(count(s, QStringLiteral("down"), QStringLiteral("in_flight")), 0);
    QCOMPARE(count(s, QStringLiteral("down"), QStringLiteral("delivered")), 0);
    QCOMPARE(count(s, QStringLiteral("down"), QStringLiteral("dead")), 0);
}

void tst_Cli::serveRecoversAfterSigkill()
{
    HungTarget target;
    QVERIFY(target.listen());
    QVERIFY(addTarget(QStringLiteral("hung"), target.url()));
    const Outcome enqueued
        = cli({ QStringLiteral("enqueue"), QStringLiteral("-") }, json("{'order': 1}\n"));
    EXPECT_EXIT(enqueued, 0);
    const QByteArray id = enqueued.out.trimmed();

    const QString log = m_tmp->filePath(QStringLiteral("serve.log"));
    auto startServe = [&](QProcess &serve) {
        serve.setProcessEnvironment(environment());
        serve.setStandardOutputFile(log, QIODevice::Append);
        serve.setStandardErrorFile(log, QIODevice::Append);
        serve.start(binary(),
            { QStringLiteral("--data"), m_data, QStringLiteral("serve"),
                QStringLiteral("--drain-timeout"), QStringLiteral("1") });
        return serve.waitForStarted(10'000);
    };
    QProcess first;
    QVERIFY2(startServe(first), qPrintable(first.errorString()));
    WAIT_WHILE_SERVING(first, target.requests() == 1, log);
    QCOMPARE(count(status(), QStringLiteral("hung"), QStringLiteral("in_flight")), 1);

    // The engine dies mid-request.
    first.kill();
    QVERIFY(first.waitForFinished(10'000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    QJsonObject s = status();
    QCOMPARE(s.value(QStringLiteral("engine")).toObject().value(QStringLiteral("running")),
        QJsonValue(false));
    QCOMPARE(count(s, QStringLiteral("hung"), QStringLiteral("in_flight")), 1);

    // The next engine takes over the data directory, recovers the delivery and sends it again
    // with the same Idempotency-Key (the message id: no --key was given).
    QProcess second;
    QVERIFY2(startServe(second), qPrintable(second.errorString()));
    WAIT_WHILE_SERVING(second, target.requests() == 2, log);
    QCOMPARE(target.headerValues("Idempotency-Key"), (QList<QByteArray> { id, id }));
    QCOMPARE(target.headerValues("X-Tandem-Message-Id"), (QList<QByteArray> { id, id }));
    QVERIFY(status()
                .value(QStringLiteral("engine"))
                .toObject()
                .value(QStringLiteral("running"))
                .toBool());

    // Stopping gives up on the hung request after the drain timeout; nothing is lost.
    second.terminate();
    QVERIFY2(second.waitForFinished(15'000), qPrintable(readServeLog(log)));
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QVERIFY2(second.exitCode() == 0, qPrintable(readServeLog(log)));
    s = status();
    QCOMPARE(count(s, QStringLiteral("hung"), QStringLiteral("in_flight")), 0);
    QCOMPARE(count(s, QStringLiteral("hung"), QStringLiteral("pending")), 1);
    QCOMPARE(count(s, QStringLiteral("hung"), QStringLiteral("delivered")), 0);
    QCOMPARE(count(s, QStringLiteral("hung"), QStringLiteral("dead")), 0);
}

void tst_Cli::serveDemo()
{
    const QString log = m_tmp->filePath(QStringLiteral("serve.log"));
    QProcess serve;
    serve.setProcessEnvironment(environment());
    serve.setStandardOutputFile(log);
    serve.setStandardErrorFile(log, QIODevice::Append);
    serve.start(binary(),
        { QStringLiteral("serve"), QStringLiteral("--demo"), QStringLiteral("--data"), m_data });
    QVERIFY2(serve.waitForStarted(10'000), qPrintable(serve.errorString()));

    auto bothDelivering = [&] {
        const QJsonObject s = status();
        return s.value(QStringLiteral("targets")).toArray().size() == 2
            && count(s, QStringLiteral("inventory"), QStringLiteral("delivered")) > 0
            && count(s, QStringLiteral("logistics"), QStringLiteral("delivered")) > 0;
    };
    WAIT_WHILE_SERVING(serve, bothDelivering(), log);
    QVERIFY(status()
                .value(QStringLiteral("engine"))
                .toObject()
                .value(QStringLiteral("running"))
                .toBool());

    serve.terminate();
    QVERIFY2(serve.waitForFinished(20'000), qPrintable(readServeLog(log)));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QVERIFY2(serve.exitCode() == 0, qPrintable(readServeLog(log)));

    const QJsonObject s = status();
    for (const QString &t : { QStringLiteral("inventory"), QStringLiteral("logistics") }) {
        QVERIFY2(count(s, t, QStringLiteral("delivered")) > 0, qPrintable(t));
        QCOMPARE(count(s, t, QStringLiteral("in_flight")), 0);
    }
}

void tst_Cli::serveLogLevelWarning()
{
    // Nothing listens on port 1: the first attempt fails and is retried (delivery.retry, an info
    // line), the second dies (delivery.dead, a warning).
    const Outcome add
        = cli({ QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("-") },
            json("{'name': 'down', 'url': 'http://127.0.0.1:1/orders', 'retry': {'max_attempts': 2,"
                 " 'base_delay_ms': 100}, 'timeouts': {'connect_ms': 2000}}"));
    EXPECT_EXIT(add, 0);
    EXPECT_EXIT(cli({ QStringLiteral("enqueue"), QStringLiteral("-") }, json("{'order': 1}\n")), 0);

    const QString log = m_tmp->filePath(QStringLiteral("serve.log"));
    const QString eventLog = QDir(m_data).filePath(QStringLiteral("logs/tandem.log"));
    QProcess serve;
    serve.setProcessEnvironment(environment());
    serve.setStandardOutputFile(log);
    serve.setStandardErrorFile(log, QIODevice::Append);
    serve.start(binary(),
        { QStringLiteral("--data"), m_data, QStringLiteral("serve"), QStringLiteral("--log-level"),
            QStringLiteral("warning") });
    QVERIFY2(serve.waitForStarted(10'000), qPrintable(serve.errorString()));
    WAIT_WHILE_SERVING(serve, readAll(eventLog).contains("\"delivery.dead\""), log);
    serve.terminate();
    QVERIFY2(serve.waitForFinished(15'000), qPrintable(readServeLog(log)));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);

    // At info the same run also writes the retry: only warnings are there (a breaker opening
    // would be one too), the delivery's death among them.
    QStringList deadTargets;
    const QList<QByteArray> lines = readAll(eventLog).trimmed().split('\n');
    for (const QByteArray &line : lines) {
        const QJsonObject o = parse(line).object();
        QVERIFY2(o.value(QStringLiteral("level")).toString() == QStringLiteral("warning"),
            line.constData());
        if (o.value(QStringLiteral("event")).toString() == QStringLiteral("delivery.dead"))
            deadTargets.append(o.value(QStringLiteral("target")).toString());
    }
    QCOMPARE(deadTargets, QStringList { QStringLiteral("down") });
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
