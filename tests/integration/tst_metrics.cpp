// SPDX-License-Identifier: GPL-3.0-or-later
// `tandem serve` as a real process: its /metrics must parse as Prometheus text and count what
// the targets saw, and `tandem status --json` must show the same figures.
#include <QDir>
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

#include <csignal>

#include "app/demo/simulatedhttpserver.h"

using namespace Tandem::Demo;

class tst_Metrics : public QObject
{
    Q_OBJECT

    static QByteArray runCli(const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        p.start(qEnvironmentVariable("TANDEM_BINARY"), args);
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            qWarning("%s", p.readAllStandardError().constData());
        return p.readAllStandardOutput();
    }

    // name{labels} value, strictly: the text format of Prometheus 0.0.4.
    static QHash<QString, double> parse(const QByteArray &text, bool *ok)
    {
        static const QRegularExpression sample(QStringLiteral(
            R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? (\S+)$)"));
        QHash<QString, double> out;
        *ok = true;
        for (const QByteArray &line : text.split('\n')) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE "))
                continue;
            const auto m = sample.match(QString::fromUtf8(line));
            bool number = false;
            const double v = m.hasMatch() ? m.captured(m.lastCapturedIndex()).toDouble(&number) : 0;
            if (!m.hasMatch() || !number) {
                qWarning("not Prometheus text: %s", line.constData());
                *ok = false;
                continue;
            }
            out.insert(QString::fromUtf8(line.left(line.lastIndexOf(' '))), v);
        }
        return out;
    }

private Q_SLOTS:
    void metricsCountWhatTheTargetsSaw()
    {
        QTemporaryDir dir;
        int bCalls = 0;
        SimulatedHttpServer a([](const HttpExchange &) { return SimulatedResponse {}; });
        SimulatedHttpServer b([&bCalls](const HttpExchange &) {
            SimulatedResponse r;
            r.status = ++bCalls % 4 == 0 ? 503 : 200; // every fourth call fails, then is retried
            return r;
        });
        QVERIFY(a.listen() && b.listen());
        runCli({ QStringLiteral("targets"), QStringLiteral("import"), QStringLiteral("-"),
                   QStringLiteral("--data"), dir.path() },
            QStringLiteral(R"({"targets": [{"name": "a", "url": "%1"},
                {"name": "b", "url": "%2", "retry": {"base_delay_ms": 10}, "breaker": {"enabled": false}}]})")
                .arg(a.url().toString(), b.url().toString())
                .toUtf8());
        QByteArray lines;
        for (int i = 0; i < 40; ++i)
            lines += "{\"n\": " + QByteArray::number(i) + "}\n";
        runCli({ QStringLiteral("enqueue"), QStringLiteral("-"), QStringLiteral("--data"),
                   dir.path() },
            lines);

        QProcess serve;
        serve.setProcessChannelMode(QProcess::MergedChannels);
        serve.start(qEnvironmentVariable("TANDEM_BINARY"),
            { QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                QStringLiteral("--data"), dir.path() });
        QVERIFY(serve.waitForStarted());
        QString log;
        QUrl metricsUrl;
        QTRY_VERIFY_WITH_TIMEOUT(
            (log += QString::fromUtf8(serve.readAll()),
                metricsUrl = QUrl(
                    QRegularExpression(QStringLiteral("metrics at (\\S+)")).match(log).captured(1)),
                metricsUrl.isValid() && !metricsUrl.isEmpty()),
            10000);
        QTRY_COMPARE_WITH_TIMEOUT(a.requestCount(), 40, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            b.requestCount() >= 53, 10000); // 40 + a quarter failed and retried

        QNetworkAccessManager nam;
        QHash<QString, double> m;
        auto scrape = [&] {
            QNetworkReply *reply = nam.get(QNetworkRequest(metricsUrl));
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
            QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString().left(10),
                QStringLiteral("text/plain"));
            bool ok = false;
            m = parse(reply->readAll(), &ok);
            QVERIFY(ok);
            reply->deleteLater();
        };
        // Figures are published once a second: wait until they caught up with the targets.
        QTRY_VERIFY_WITH_TIMEOUT(
            (scrape(), m.value(QStringLiteral("tandem_successes_total{target=\"b\"}")) == 40.0),
            10000);
        QCOMPARE(m.value(QStringLiteral("tandem_attempts_total{target=\"a\"}")),
            double(a.requestCount()));
        QCOMPARE(m.value(QStringLiteral("tandem_successes_total{target=\"a\"}")), 40.0);
        QCOMPARE(m.value(QStringLiteral("tandem_attempts_total{target=\"b\"}")),
            double(b.requestCount()));
        QCOMPARE(m.value(QStringLiteral("tandem_failures_total{target=\"b\",class=\"http_5xx\"}")),
            double(b.requestCount() - 40));
        QCOMPARE(m.value(QStringLiteral("tandem_retries_total{target=\"b\"}")),
            double(b.requestCount() - 40));
        QCOMPARE(
            m.value(QStringLiteral("tandem_breaker_state{target=\"a\",state=\"closed\"}")), 1.0);

        // status --json shows the same figures, recorded by the engine in the store.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QJsonArray targets = QJsonDocument::fromJson(
                    runCli({ QStringLiteral("status"), QStringLiteral("--json"),
                        QStringLiteral("--data"), dir.path() }))
                                               .object()
                                               .value(QStringLiteral("targets"))
                                               .toArray();
                return targets.size() == 2
                    && targets.at(1)
                           .toObject()
                           .value(QStringLiteral("metrics"))
                           .toObject()
                           .value(QStringLiteral("attempts"))
                           .toInteger()
                    == b.requestCount();
            }(),
            10000);

        ::kill(pid_t(serve.processId()), SIGTERM);
        QVERIFY(serve.waitForFinished(15000));
        QCOMPARE(serve.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_Metrics)
#include "tst_metrics.moc"
