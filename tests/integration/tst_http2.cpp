// SPDX-License-Identifier: GPL-3.0-or-later
// The engine against a real nginx speaking HTTP/1.1 on one port and HTTP/2 in clear text
// (prior knowledge) on another: the access log tells which protocol each request really used
// and which Idempotency-Key it carried.
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

#include "engine/dispatch/engine.h"
#include "engine/store/sqlitestore.h"
#include "engine/store/storethread.h"

using namespace Tandem;

namespace {

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

} // namespace

class tst_Http2 : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_nginx;
    quint16 m_h1Port = 0;
    quint16 m_h2cPort = 0;
    quint16 m_h2cGoawayPort = 0;

    QByteArrayList accessLog() const
    {
        QFile f(m_dir.filePath(QStringLiteral("access.log")));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return f.readAll().split('\n');
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"), { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin") });
        QVERIFY2(!nginx.isEmpty(), "nginx is installed by packaging/install-deps.sh");
        QVERIFY(m_dir.isValid());
        m_h1Port = freePort();
        m_h2cPort = freePort();
        m_h2cGoawayPort = freePort();
        const QString d = m_dir.path();
        QFile conf(m_dir.filePath(QStringLiteral("nginx.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write(QStringLiteral(R"(%1
worker_processes 1;
pid %2/nginx.pid;
error_log %2/error.log;
events { worker_connections 1024; }
http {
    log_format keys '$server_port $server_protocol $http_idempotency_key';
    access_log %2/access.log keys;
    client_body_temp_path %2/body;
    proxy_temp_path %2/proxy;
    fastcgi_temp_path %2/fastcgi;
    uwsgi_temp_path %2/uwsgi;
    scgi_temp_path %2/scgi;
    server {
        listen 127.0.0.1:%3;
        listen 127.0.0.1:%4 http2;
        location / { default_type application/json; return 200 '{"ok":true}'; }
    }
    server {
        # Far below nginx's default of 1,000 requests per connection: GOAWAY every 100.
        listen 127.0.0.1:%5 http2;
        keepalive_requests 100;
        location / { default_type application/json; return 200 '{"ok":true}'; }
    }
}
)")
                       .arg(::geteuid() == 0 ? QStringLiteral("user root;") : QString(), d)
                       .arg(m_h1Port)
                       .arg(m_h2cPort)
                       .arg(m_h2cGoawayPort)
                       .toUtf8());
        conf.close();
        m_nginx.setProgram(nginx);
        m_nginx.setArguments({ QStringLiteral("-p"), d, QStringLiteral("-c"), conf.fileName(), QStringLiteral("-g"), QStringLiteral("daemon off;") });
        m_nginx.setStandardOutputFile(m_dir.filePath(QStringLiteral("nginx.out")));
        m_nginx.setStandardErrorFile(m_dir.filePath(QStringLiteral("nginx.err")));
        // nginx must not outlive a test that crashes.
        m_nginx.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_nginx.start();
        QVERIFY(m_nginx.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_dir.filePath(QStringLiteral("nginx.pid"))), 5000);
    }

    void cleanupTestCase()
    {
        m_nginx.terminate();
        m_nginx.waitForFinished(5000);
    }

    void deliversOverTheConfiguredProtocol_data()
    {
        QTest::addColumn<QString>("http2");
        QTest::addColumn<int>("server");
        QTest::addColumn<QByteArray>("protocol");
        QTest::addColumn<int>("messages");
        QTest::addColumn<bool>("exactlyOnce");
        // 2,500 messages cross nginx's default limit of 1,000 requests per connection twice:
        // the engine moves to a new connection before each GOAWAY, so nothing is sent twice.
        QTest::addRow("prior knowledge") << QStringLiteral("prior_knowledge") << 0 << QByteArrayLiteral("HTTP/2.0") << 2500 << true;
        QTest::addRow("http/1.1") << QStringLiteral("off") << 1 << QByteArrayLiteral("HTTP/1.1") << 500 << true;
        // A server that sends GOAWAY every 100 requests: deliveries carry on across them.
        QTest::addRow("prior knowledge, GOAWAY every 100") << QStringLiteral("prior_knowledge") << 2 << QByteArrayLiteral("HTTP/2.0") << 500 << false;
    }

    void deliversOverTheConfiguredProtocol()
    {
        QFETCH(QString, http2);
        QFETCH(int, server);
        QFETCH(QByteArray, protocol);
        QFETCH(int, messages);
        QFETCH(bool, exactlyOnce);
        const int Messages = messages;
        QTemporaryDir data;
        const quint16 port = QList<quint16> { m_h2cPort, m_h1Port, m_h2cGoawayPort }.at(server);
        {
            auto store = SqliteStore::open(data.filePath(QStringLiteral("tandem.db")));
            QVERIFY(store);
            auto config = TargetConfig::fromJson({ { QStringLiteral("name"), QStringLiteral("nginx") },
                { QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1/orders").arg(port) },
                { QStringLiteral("http2"), http2 }, { QStringLiteral("concurrency"), 32 },
                { QStringLiteral("timeouts"), QJsonObject { { QStringLiteral("attempt_ms"), 1000 } } },
                { QStringLiteral("retry"), QJsonObject { { QStringLiteral("base_delay_ms"), 50 }, { QStringLiteral("max_attempts"), 100 } } } });
            QVERIFY(config);
            QVERIFY((*store)->addTarget(*config));
        }
        Engine engine(EngineOptions { data.filePath(QStringLiteral("tandem.db")), 10, 1000 });
        QVERIFY(engine.start());
        QList<NewMessage> batch;
        for (int i = 0; i < Messages; ++i)
            batch.append(NewMessage { QByteArrayLiteral("{\"i\":") + QByteArray::number(i) + '}', {}, {} });
        QStringList ids;
        engine.enqueue(batch, this, [&](const Result<QStringList> &r) { ids = r.value_or(QStringList {}); });
        QTRY_COMPARE_WITH_TIMEOUT(ids.size(), Messages, 10'000);

        QSet<QByteArray> keys;
        QSet<QByteArray> protocols;
        int requests = 0;
        auto countDelivered = [&] {
            keys.clear();
            protocols.clear();
            requests = 0;
            for (const QByteArray &line : accessLog()) {
                const QByteArrayList f = line.split(' ');
                if (f.size() == 3 && f[0].toInt() == port) {
                    protocols.insert(f[1]);
                    keys.insert(f[2]);
                    ++requests;
                }
            }
            return keys.size();
        };
        auto deliveredInStore = [&] {
            auto counts = engine.store().call<QList<TargetCounts>>([](Store &st) { return st.counts(); });
            return counts && !counts->isEmpty() ? counts->first().delivered : -1;
        };
        // The store, not the access log, says when everything is delivered: after a GOAWAY a
        // request nginx processed may still be on its way back and be sent again.
        QTRY_COMPARE_WITH_TIMEOUT(deliveredInStore(), qint64(Messages), 30'000);
        QCOMPARE(countDelivered(), Messages);
        QCOMPARE(protocols, QSet<QByteArray> { protocol });
        if (exactlyOnce)
            QCOMPARE(requests, Messages);
        for (const QString &id : std::as_const(ids))
            QVERIFY(keys.contains(id.toLatin1()));
        QSignalSpy stopped(&engine, &Engine::stopped);
        engine.stop(2000);
        QVERIFY(stopped.wait(10'000));
        auto store = SqliteStore::open(data.filePath(QStringLiteral("tandem.db")));
        QVERIFY(store);
        auto counts = (*store)->counts();
        QVERIFY(counts);
        QCOMPARE(counts->first().delivered, Messages);
    }
};

QTEST_GUILESS_MAIN(tst_Http2)
#include "tst_http2.moc"
