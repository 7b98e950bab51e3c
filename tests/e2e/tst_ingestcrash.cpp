// SPDX-License-Identifier: GPL-3.0-or-later
// "202 Accepted" means on disk: a stream of POSTs to a real `tandem serve`, which is killed with
// SIGKILL mid-stream (several times, restarted each time); every message that got a 202 must
// be in the store afterwards, with the payload that was sent.
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/clirunner.h"

using Tandem::Testing::binary;
using Tandem::Testing::environment;
using Tandem::Testing::runTandem;

namespace {

const QByteArray Token = "crash-test-ingest-token";
constexpr int Rounds = 3;
constexpr int Concurrency = 16;

} // namespace

class tst_IngestCrash : public QObject
{
    Q_OBJECT

private:
    // Starts serve and returns its ingest base URL (empty on failure).
    QString startServe(QProcess &serve)
    {
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("TANDEM_LISTEN"), QStringLiteral("127.0.0.1:0"));
        env.insert(QStringLiteral("TANDEM_TEST_INGEST_TOKEN"), QString::fromLatin1(Token));
        serve.setProcessEnvironment(env);
        serve.setProcessChannelMode(QProcess::MergedChannels);
        serve.start(binary(),
            { QStringLiteral("--data"), m_dir.path(), QStringLiteral("serve"),
                QStringLiteral("--ingest-token"), QStringLiteral("env:TANDEM_TEST_INGEST_TOKEN") });
        if (!serve.waitForStarted(10'000))
            return {};
        QByteArray log;
        QString base;
        const QRegularExpression address(QStringLiteral("ingest API at (http://[0-9.:]+)/v1"));
        (void)QTest::qWaitFor(
            [&] {
                log += serve.readAll();
                base = address.match(QString::fromUtf8(log)).captured(1);
                return !base.isEmpty() || serve.state() != QProcess::Running;
            },
            15'000);
        return base;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void everyAcceptedMessageSurvivesSigkill()
    {
        // One target, paused: messages only accumulate, which is what is checked.
        QVERIFY(runTandem({ QStringLiteral("--data"), m_dir.path(), QStringLiteral("targets"),
                              QStringLiteral("add"), QStringLiteral("sink"),
                              QStringLiteral("http://127.0.0.1:9/never") })
                    .exitCode
            == 0);
        QVERIFY(runTandem({ QStringLiteral("--data"), m_dir.path(), QStringLiteral("targets"),
                              QStringLiteral("pause"), QStringLiteral("sink") })
                    .exitCode
            == 0);

        QHash<QString, int> accepted; // message id → the sequence number sent
        int sequence = 0;
        int refusedOrLost = 0;
        for (int round = 0; round < Rounds; ++round) {
            QProcess serve;
            const QString base = startServe(serve);
            QVERIFY2(!base.isEmpty(), "serve did not start");
            QNetworkAccessManager nam;
            bool killed = false;
            int inFlight = 0;
            std::function<void()> sendOne = [&] {
                if (killed)
                    return;
                const int n = sequence++;
                QNetworkRequest request(QUrl(base + QStringLiteral("/v1/messages")));
                request.setRawHeader("Authorization", "Bearer " + Token);
                request.setRawHeader("Content-Type", "application/json");
                QNetworkReply *reply = nam.post(request,
                    QJsonDocument(QJsonObject { { QStringLiteral("seq"), n } })
                        .toJson(QJsonDocument::Compact));
                ++inFlight;
                connect(reply, &QNetworkReply::finished, this, [&, reply, n] {
                    --inFlight;
                    reply->deleteLater();
                    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 202) {
                        const QString id = QJsonDocument::fromJson(reply->readAll())
                                               .object()
                                               .value(QStringLiteral("id"))
                                               .toString();
                        accepted.insert(id, n);
                    } else {
                        ++refusedOrLost;
                    }
                    sendOne();
                });
            };
            for (int i = 0; i < Concurrency; ++i)
                sendOne();
            // Kill at a random moment once a stream is flowing.
            const int killAfterMs = 400 + int(QRandomGenerator::global()->bounded(800));
            QTest::qWait(killAfterMs);
            killed = true;
            serve.kill(); // SIGKILL: no drain, no clean close of the store
            QVERIFY(serve.waitForFinished(10'000));
            QCOMPARE(serve.exitStatus(), QProcess::CrashExit);
            QTRY_COMPARE_WITH_TIMEOUT(inFlight, 0, 10'000);
        }
        qInfo() << accepted.size() << "messages accepted," << refusedOrLost
                << "requests cut off by the kills, over" << Rounds << "kills";
        QVERIFY(accepted.size() > 100); // the stream really flowed

        // Read the store as another program would, after one clean start (recovery).
        QProcess serve;
        QVERIFY(!startServe(serve).isEmpty());
        serve.terminate();
        QVERIFY(serve.waitForFinished(30'000));
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("tandem.db")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT uuid, payload FROM messages")));
            QHash<QString, int> stored;
            while (q.next())
                stored.insert(q.value(0).toString(),
                    QJsonDocument::fromJson(q.value(1).toByteArray())
                        .object()
                        .value(QStringLiteral("seq"))
                        .toInt());
            for (auto it = accepted.cbegin(); it != accepted.cend(); ++it) {
                QVERIFY2(
                    stored.contains(it.key()), qPrintable(QStringLiteral("lost %1").arg(it.key())));
                QCOMPARE(stored.value(it.key()), it.value());
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }
};

QTEST_GUILESS_MAIN(tst_IngestCrash)
#include "tst_ingestcrash.moc"
