// SPDX-License-Identifier: GPL-3.0-or-later
// `tandem secret set|clear` on the real binary against the real Secret Service (a private
// gnome-keyring, see support/with-keychain.sh), and `tandem serve` delivering with the secret it
// reads back from the keychain to a local target that checks it. Asserts what an operator would
// check: the target gets the right credentials, `secret-tool` finds the entry, and the store,
// an export and the log hold no secret.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "app/demo/simulatedhttpserver.h"
#include "tests/support/clirunner.h"

using namespace Tandem::Demo;
using Tandem::Testing::CliOutcome;
using Tandem::Testing::environment;
using Tandem::Testing::runTandem;

namespace {

const QByteArray FirstToken = "kc-token-3b9e1d";
const QByteArray SecondToken = "kc-token-rotated-77aa";

#define EXPECT_EXIT(outcome, code)                                                                 \
    do {                                                                                           \
        const CliOutcome &o_ = (outcome);                                                          \
        QVERIFY2(o_.exitCode == (code), qPrintable(o_.describe()));                                \
    } while (false)

// Every file under `dir` (the store, its WAL, logs, exports) as one blob to grep.
QByteArray everything(const QString &dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

// The keychain ids `secret-tool` lists for the service (it prints attributes on stderr).
QStringList keychainIds()
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
        { QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"),
            QStringLiteral("tandem") });
    if (!p.waitForFinished(10'000))
        return { QStringLiteral("<secret-tool did not finish>") };
    QStringList ids;
    const QList<QByteArray> lines
        = QByteArray(p.readAllStandardOutput() + p.readAllStandardError()).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("attribute.user = "))
            ids.append(QString::fromUtf8(line.mid(int(qstrlen("attribute.user = "))).trimmed()));
    }
    return ids;
}

} // namespace

class tst_SecretCli : public QObject
{
    Q_OBJECT

private:
    CliOutcome cli(const QStringList &args, const QByteArray &input = {})
    {
        return runTandem(QStringList { QStringLiteral("--data"), m_dir->path() } + args, input);
    }

    QJsonObject targetJson()
    {
        const CliOutcome show = cli(
            { QStringLiteral("targets"), QStringLiteral("show"), QStringLiteral("inventory") });
        return QJsonDocument::fromJson(show.out).object();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SimulatedHttpServer> m_server;
    QByteArray m_expected;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("TANDEM_PRIVATE_KEYCHAIN"),
            "run through tests/support/with-keychain.sh (CTest does)");
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_server = std::make_unique<SimulatedHttpServer>([this](const HttpExchange &e) {
            SimulatedResponse r;
            r.status = e.header("Authorization") == "Bearer " + m_expected ? 200 : 401;
            return r;
        });
        QVERIFY(m_server->listen() != 0);
        const QByteArray target = QJsonDocument(
            QJsonObject {
                { QStringLiteral("name"), QStringLiteral("inventory") },
                { QStringLiteral("url"), m_server->url(QStringLiteral("/orders")).toString() },
                { QStringLiteral("auth"),
                    QJsonObject { { QStringLiteral("kind"), QStringLiteral("bearer") } } },
                { QStringLiteral("retry"),
                    QJsonObject { { QStringLiteral("max_attempts"), 2 },
                        { QStringLiteral("base_delay_ms"), 10 } } },
            })
                                      .toJson();
        EXPECT_EXIT(
            cli({ QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("-") }, target),
            0);
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void setStoresInTheKeychainAndServeUsesIt()
    {
        const CliOutcome set
            = cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory") },
                FirstToken + '\n');
        EXPECT_EXIT(set, 0);
        QVERIFY2(
            set.text().contains(QStringLiteral("in the OS keychain")), qPrintable(set.describe()));
        const QString ref = targetJson()
                                .value(QStringLiteral("auth"))
                                .toObject()
                                .value(QStringLiteral("token"))
                                .toString();
        QVERIFY2(ref.startsWith(QStringLiteral("keychain:")), qPrintable(ref));
        QVERIFY(keychainIds().contains(ref.mid(int(qstrlen("keychain:")))));

        // "Test connection" from the command line sends the real credentials.
        m_expected = FirstToken;
        const CliOutcome probe = cli(
            { QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("inventory") });
        EXPECT_EXIT(probe, 0);
        QVERIFY2(probe.text().contains(QStringLiteral("HTTP 200")), qPrintable(probe.describe()));
        m_expected = "something else";
        const CliOutcome refused = cli(
            { QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("inventory") });
        EXPECT_EXIT(refused, 1);
        QVERIFY2(
            refused.text().contains(QStringLiteral("HTTP 401")), qPrintable(refused.describe()));
        QVERIFY(!refused.text().contains(QString::fromLatin1(FirstToken)));
        QCOMPARE(m_server->takeReceived().size(), 2);

        // serve reads it back from the keychain and the target accepts it.
        m_expected = FirstToken;
        QProcess serve;
        serve.setProcessEnvironment(environment());
        serve.start(Tandem::Testing::binary(),
            { QStringLiteral("--data"), m_dir->path(), QStringLiteral("serve") });
        QVERIFY(serve.waitForStarted(10'000));
        EXPECT_EXIT(cli({ QStringLiteral("enqueue"), QStringLiteral("-") }, "{\"order\":1}"), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 3, 15'000);

        // Rotated while serve runs: the old entry goes, serve follows within a second.
        m_expected = SecondToken;
        EXPECT_EXIT(
            cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory") },
                SecondToken),
            0);
        const QString rotated = targetJson()
                                    .value(QStringLiteral("auth"))
                                    .toObject()
                                    .value(QStringLiteral("token"))
                                    .toString();
        QVERIFY(rotated != ref);
        QVERIFY(!keychainIds().contains(ref.mid(int(qstrlen("keychain:")))));
        QVERIFY(keychainIds().contains(rotated.mid(int(qstrlen("keychain:")))));
        // The engine notices the change within its config poll; until then it may still send the
        // old token, which the target now refuses. Count only what got through.
        QVERIFY(QTest::qWaitFor(
            [&] {
                const CliOutcome enq
                    = cli({ QStringLiteral("enqueue"), QStringLiteral("-") }, "{\"order\":2}");
                const CliOutcome st = cli({ QStringLiteral("status"), QStringLiteral("--json") });
                const QJsonObject t = QJsonDocument::fromJson(st.out)
                                          .object()
                                          .value(QStringLiteral("targets"))
                                          .toArray()
                                          .first()
                                          .toObject();
                return enq.exitCode == 0 && t.value(QStringLiteral("delivered")).toInteger() >= 2;
            },
            20'000));
        serve.terminate();
        // Spin the event loop meanwhile: the target lives in this process and must answer the
        // requests serve drains.
        QTRY_COMPARE_WITH_TIMEOUT(serve.state(), QProcess::NotRunning, 40'000);
        QCOMPARE(serve.exitCode(), 0);

        // Nowhere on disk: store, WAL, log; nor in an export.
        const CliOutcome exported = cli({ QStringLiteral("targets"), QStringLiteral("export") });
        EXPECT_EXIT(exported, 0);
        QVERIFY(!exported.out.contains(FirstToken) && !exported.out.contains(SecondToken));
        const QByteArray disk = everything(m_dir->path());
        QVERIFY(!disk.isEmpty());
        QVERIFY(!disk.contains(FirstToken));
        QVERIFY(!disk.contains(SecondToken));
    }

    void signingSecretRotatesWithGrace()
    {
        const QByteArray first = "whsec_" + QByteArray("first-signing-key").toBase64();
        const QByteArray second = "whsec_" + QByteArray("second-signing-key").toBase64();
        EXPECT_EXIT(
            cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory"),
                    QStringLiteral("--kind"), QStringLiteral("signing") },
                first),
            0);
        const QJsonObject once = targetJson().value(QStringLiteral("signing")).toObject();
        QVERIFY(once.value(QStringLiteral("secret"))
                    .toString()
                    .startsWith(QStringLiteral("keychain:")));
        QVERIFY(!once.contains(QStringLiteral("previous_secret")));

        const CliOutcome rotate
            = cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory"),
                      QStringLiteral("--kind"), QStringLiteral("signing"),
                      QStringLiteral("--grace"), QStringLiteral("2h") },
                second);
        EXPECT_EXIT(rotate, 0);
        QVERIFY2(rotate.text().contains(QStringLiteral("previous secret also signs until")),
            qPrintable(rotate.describe()));
        const QJsonObject twice = targetJson().value(QStringLiteral("signing")).toObject();
        QCOMPARE(
            twice.value(QStringLiteral("previous_secret")), once.value(QStringLiteral("secret")));
        const QDateTime until = QDateTime::fromString(
            twice.value(QStringLiteral("previous_until")).toString(), Qt::ISODate);
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(until) - 7200) < 120);

        EXPECT_EXIT(
            cli({ QStringLiteral("secret"), QStringLiteral("clear"), QStringLiteral("inventory"),
                QStringLiteral("--kind"), QStringLiteral("signing") }),
            0);
        QVERIFY(targetJson().value(QStringLiteral("signing")).isNull());
        for (const QString &gone : { once.value(QStringLiteral("secret")).toString(),
                 twice.value(QStringLiteral("secret")).toString() })
            QVERIFY(!keychainIds().contains(gone.mid(int(qstrlen("keychain:")))));
    }

    void clearRemovesTheEntryAndTheTargetHolds()
    {
        EXPECT_EXIT(
            cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory") },
                FirstToken),
            0);
        const QString ref = targetJson()
                                .value(QStringLiteral("auth"))
                                .toObject()
                                .value(QStringLiteral("token"))
                                .toString();
        const CliOutcome clear = cli(
            { QStringLiteral("secret"), QStringLiteral("clear"), QStringLiteral("inventory") });
        EXPECT_EXIT(clear, 0);
        QVERIFY(targetJson()
                    .value(QStringLiteral("auth"))
                    .toObject()
                    .value(QStringLiteral("token"))
                    .isNull());
        QVERIFY(!keychainIds().contains(ref.mid(int(qstrlen("keychain:")))));
    }

    void removingATargetRemovesItsSecrets()
    {
        EXPECT_EXIT(
            cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory") },
                FirstToken),
            0);
        const QString ref = targetJson()
                                .value(QStringLiteral("auth"))
                                .toObject()
                                .value(QStringLiteral("token"))
                                .toString();
        QVERIFY(keychainIds().contains(ref.mid(int(qstrlen("keychain:")))));
        EXPECT_EXIT(cli({ QStringLiteral("targets"), QStringLiteral("remove"),
                        QStringLiteral("inventory") }),
            0);
        QVERIFY(!keychainIds().contains(ref.mid(int(qstrlen("keychain:")))));
    }

    void noKeychainGivesAClearErrorAndChangesNothing()
    {
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
            QStringLiteral("unix:path=/nonexistent/bus"));
        const CliOutcome set
            = runTandem({ QStringLiteral("--data"), m_dir->path(), QStringLiteral("secret"),
                            QStringLiteral("set"), QStringLiteral("inventory") },
                FirstToken, 20'000, env);
        EXPECT_EXIT(set, 1);
        QVERIFY2(set.text().contains(QStringLiteral("keychain")), qPrintable(set.describe()));
        QVERIFY2(set.text().contains(QStringLiteral("env:")), qPrintable(set.describe()));
        QVERIFY2(
            set.text().contains(QStringLiteral("nothing changed")), qPrintable(set.describe()));
        QVERIFY(!set.text().contains(QString::fromLatin1(FirstToken)));
        QVERIFY(targetJson()
                    .value(QStringLiteral("auth"))
                    .toObject()
                    .value(QStringLiteral("token"))
                    .isNull());
    }

    void headlessReferencesAreCheckedWhenSet()
    {
        const QString path = m_dir->filePath(QStringLiteral("token"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(FirstToken + '\n');
        f.close();
        ::chmod(QFile::encodeName(path).constData(), 0644);
        const CliOutcome loose = cli({ QStringLiteral("secret"), QStringLiteral("set"),
            QStringLiteral("inventory"), QStringLiteral("--file"), path });
        EXPECT_EXIT(loose, 1);
        QVERIFY2(loose.text().contains(QStringLiteral("0644")), qPrintable(loose.describe()));
        ::chmod(QFile::encodeName(path).constData(), 0600);
        EXPECT_EXIT(cli({ QStringLiteral("secret"), QStringLiteral("set"),
                        QStringLiteral("inventory"), QStringLiteral("--file"), path }),
            0);
        QCOMPARE(targetJson()
                     .value(QStringLiteral("auth"))
                     .toObject()
                     .value(QStringLiteral("token"))
                     .toString(),
            QString(QStringLiteral("file:") + path));

        const CliOutcome unset
            = cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory"),
                QStringLiteral("--env"), QStringLiteral("TANDEM_SURELY_UNSET_VARIABLE") });
        EXPECT_EXIT(unset, 1);
        QVERIFY2(unset.text().contains(QStringLiteral("TANDEM_SURELY_UNSET_VARIABLE")),
            qPrintable(unset.describe()));
    }

    void ingestTokenLivesInTheKeychainAndRotates()
    {
        const QStringList before = keychainIds();
        const CliOutcome first = cli({ QStringLiteral("ingest"), QStringLiteral("token") });
        EXPECT_EXIT(first, 0);
        const QByteArray token = first.out.trimmed();
        QCOMPARE(token.size(), 43); // 32 random bytes, base64url
        QCOMPARE(cli({ QStringLiteral("ingest"), QStringLiteral("token") }).out.trimmed(), token);
        QVERIFY(!everything(m_dir->path()).contains(token));
        QStringList added = keychainIds();
        for (const QString &id : before)
            added.removeOne(id);
        QCOMPARE(added.size(), 1); // one keychain entry for the token

        QProcess serve;
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("TANDEM_LISTEN"), QStringLiteral("127.0.0.1:0"));
        serve.setProcessEnvironment(env);
        serve.setProcessChannelMode(QProcess::MergedChannels);
        serve.start(Tandem::Testing::binary(),
            { QStringLiteral("--data"), m_dir->path(), QStringLiteral("serve") });
        QVERIFY(serve.waitForStarted(10'000));
        QByteArray log;
        QRegularExpression address(QStringLiteral("ingest API at (http://[0-9.:]+)/v1/messages"));
        QString base;
        QVERIFY(QTest::qWaitFor(
            [&] {
                log += serve.readAll();
                const auto m = address.match(QString::fromUtf8(log));
                base = m.captured(1);
                return m.hasMatch();
            },
            15'000));
        QNetworkAccessManager nam;
        auto post = [&](const QByteArray &bearer) {
            QNetworkRequest request(QUrl(base + QStringLiteral("/v1/messages")));
            request.setRawHeader("Authorization", "Bearer " + bearer);
            request.setRawHeader("Content-Type", "application/json");
            QNetworkReply *reply = nam.post(request, QByteArrayLiteral("{}"));
            (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 10'000);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            return status;
        };
        QCOMPARE(post(token), 202);
        QCOMPARE(post("not-the-token"), 401);

        const CliOutcome rotated = cli(
            { QStringLiteral("ingest"), QStringLiteral("token"), QStringLiteral("--rotate") });
        EXPECT_EXIT(rotated, 0);
        const QByteArray fresh = rotated.out.trimmed();
        QVERIFY(fresh != token);
        QVERIFY(!keychainIds().contains(added.first())); // the old entry is gone
        QCOMPARE(keychainIds().size(), before.size() + 1);
        // serve follows within a few seconds: the old token stops working, the new one works.
        QTRY_COMPARE_WITH_TIMEOUT(post(token), 401, 15'000);
        QCOMPARE(post(fresh), 202);
        serve.terminate();
        QTRY_COMPARE_WITH_TIMEOUT(serve.state(), QProcess::NotRunning, 40'000);
        QVERIFY(!everything(m_dir->path()).contains(fresh));
    }

    void usageErrors()
    {
        EXPECT_EXIT(cli({ QStringLiteral("secret"), QStringLiteral("set") }), 2);
        EXPECT_EXIT(
            cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory"),
                QStringLiteral("--kind"), QStringLiteral("password") }),
            2);
        EXPECT_EXIT(cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("nope") },
                        FirstToken),
            1);
        EXPECT_EXIT(
            cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory"),
                    QStringLiteral("--kind"), QStringLiteral("client-key") },
                FirstToken),
            2);
        const CliOutcome empty
            = cli({ QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("inventory") });
        EXPECT_EXIT(empty, 2); // nothing to store: a usage error
        QVERIFY2(empty.text().contains(QStringLiteral("nothing on standard input")),
            qPrintable(empty.describe()));
    }
};

QTEST_GUILESS_MAIN(tst_SecretCli)
#include "tst_secretcli.moc"
