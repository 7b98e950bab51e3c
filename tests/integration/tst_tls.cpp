// SPDX-License-Identifier: GPL-3.0-or-later
// TLS to targets against a real local HTTPS server, with a CA and certificates generated for the
// test: a per-target CA bundle, verification that cannot be skipped (a wrong CA fails with the
// certificate's reason in the attempt history), mutual TLS with the client key taken from a
// secret reference, and the connection probe's TLS details.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "app/demo/simulatedhttpserver.h"
#include "engine/dispatch/connectionprobe.h"
#include "tests/support/testengine.h"
#include "tests/support/testpki.h"

using namespace Tandem;
using namespace Tandem::Demo;
using namespace Tandem::Testing;
using Tandem::Test::TestPki;

class tst_Tls : public QObject
{
    Q_OBJECT

private:
    QJsonObject target(const QJsonObject &tls, int maxAttempts = 2)
    {
        return QJsonObject {
            { QStringLiteral("name"), QStringLiteral("secure") },
            // The certificate is for "localhost" and 127.0.0.1; use the name, as a real target
            // would.
            { QStringLiteral("url"),
                QStringLiteral("https://localhost:%1/in").arg(m_server->port()) },
            { QStringLiteral("tls"), tls },
            { QStringLiteral("retry"),
                QJsonObject { { QStringLiteral("max_attempts"), maxAttempts },
                    { QStringLiteral("base_delay_ms"), 20 },
                    { QStringLiteral("max_delay_ms"), 50 } } },
            { QStringLiteral("breaker"), QJsonObject { { QStringLiteral("enabled"), false } } },
        };
    }

    void serve(TestPki::ClientCertificates clients)
    {
        auto config = TestPki::serverConfiguration(m_pki, clients);
        QVERIFY(config.has_value());
        QVERIFY(m_server->setTlsConfiguration(*config));
        QVERIFY(m_server->listen() != 0);
    }

    // The client key, as an operator would keep it on a server: a file only its owner reads.
    QString ownerOnlyCopy(const QString &path)
    {
        const QString copy = m_dir->filePath(QStringLiteral("client-owner-only.key"));
        QFile::remove(copy);
        if (!QFile::copy(path, copy))
            qFatal("cannot copy %s", qPrintable(path));
        ::chmod(QFile::encodeName(copy).constData(), 0600);
        return copy;
    }

    std::unique_ptr<Engine> start(const QJsonObject &t)
    {
        return startEngine(m_dir->filePath(QStringLiteral("tandem.db")), { targetConfig(t) });
    }

    ProbeResult probe(const QJsonObject &t, const TargetCredentials &credentials = {})
    {
        ConnectionProbe p;
        QSignalSpy finished(&p, &ConnectionProbe::finished);
        p.start(targetConfig(t), credentials);
        if (!finished.wait(10'000))
            qFatal("the probe did not finish");
        return finished.first().first().value<ProbeResult>();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SimulatedHttpServer> m_server;
    TestPki::Files m_pki;

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ProbeResult>(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        auto pki = TestPki::generate(m_dir->path());
        QVERIFY2(pki.has_value(), pki ? "" : qPrintable(pki.error()));
        m_pki = *pki;
        m_server = std::make_unique<SimulatedHttpServer>([](const HttpExchange &) {
            SimulatedResponse r;
            r.body = QByteArrayLiteral("{\"ok\":true}");
            return r;
        });
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void customCaIsTrustedForItsTarget()
    {
        serve(TestPki::ClientCertificates::NotRequested);
        const QJsonObject t = target({ { QStringLiteral("ca_file"), m_pki.caCert } });
        auto engine = start(t);
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{\"n\":1}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("secure")).state,
            DeliveryState::Delivered, 10'000);
        QCOMPARE(m_server->takeReceived().size(), 1);
        QVERIFY(stopEngine(*engine));

        const ProbeResult p = probe(t);
        QVERIFY2(p.reached, qPrintable(p.error));
        QCOMPARE(p.httpStatus, 200);
        QVERIFY(p.tlsProtocol.startsWith(QStringLiteral("TLS 1.")));
        QVERIFY(!p.tlsCipher.isEmpty());
        QCOMPARE(p.peerSubject, QStringLiteral("localhost"));
        QCOMPARE(p.peerIssuer, QStringLiteral("Tandem Test CA"));
        QVERIFY(p.peerExpiresAt > QDateTime::currentDateTimeUtc());
        QVERIFY(!p.clientCertificateSent);
    }

    void wrongCaFailsWithTheCertificateReason_data()
    {
        QTest::addColumn<bool>("systemCas");
        QTest::addRow("another CA") << false;
        QTest::addRow("the system CAs") << true; // a private CA is not trusted by default
    }

    void wrongCaFailsWithTheCertificateReason()
    {
        QFETCH(bool, systemCas);
        serve(TestPki::ClientCertificates::NotRequested);
        const QJsonObject t
            = target(systemCas ? QJsonObject {}
                               : QJsonObject { { QStringLiteral("ca_file"), m_pki.wrongCaCert } });
        auto engine = start(t);
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("secure")).state,
            DeliveryState::Dead, 10'000);
        const DeliveryView d = deliveryOf(*engine, ids[0], QStringLiteral("secure"));
        QCOMPARE(d.history.size(), 2);
        for (const AttemptView &a : d.history) {
            QCOMPARE(a.errorClass, QStringLiteral("tls"));
            QVERIFY2(a.error.contains(QStringLiteral("issuer certificate")), qPrintable(a.error));
        }
        QVERIFY2(d.deadReason.contains(QStringLiteral("TLS handshake failed")),
            qPrintable(d.deadReason));
        QCOMPARE(m_server->requestCount(), 0); // the payload never left
        QVERIFY(stopEngine(*engine));

        const ProbeResult p = probe(t);
        QVERIFY(!p.reached);
        QVERIFY2(p.error.contains(QStringLiteral("issuer certificate")), qPrintable(p.error));
    }

    void mutualTlsPresentsTheClientCertificate()
    {
        serve(TestPki::ClientCertificates::Required);
        const QJsonObject t = target({ { QStringLiteral("ca_file"), m_pki.caCert },
            { QStringLiteral("client_certificate"), m_pki.clientCert },
            { QStringLiteral("client_key"),
                QString(QStringLiteral("file:") + ownerOnlyCopy(m_pki.clientKey)) } });
        auto engine = start(t);
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("secure")).state,
            DeliveryState::Delivered, 10'000);
        const QList<HttpExchange> received = m_server->takeReceived();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().clientCertificateCommonName, QByteArray("tandem-client"));
        QVERIFY(stopEngine(*engine));

        QFile key(m_pki.clientKey);
        QVERIFY(key.open(QIODevice::ReadOnly));
        TargetCredentials credentials;
        credentials.clientKeyPem = key.readAll();
        const ProbeResult p = probe(t, credentials);
        QVERIFY2(p.reached, qPrintable(p.error));
        QVERIFY(p.clientCertificateSent);
    }

    void withoutClientCertificateTheServerRefuses()
    {
        serve(TestPki::ClientCertificates::Required);
        auto engine = start(target({ { QStringLiteral("ca_file"), m_pki.caCert } }));
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOf(*engine, ids[0], QStringLiteral("secure")).state,
            DeliveryState::Dead, 10'000);
        const DeliveryView d = deliveryOf(*engine, ids[0], QStringLiteral("secure"));
        QVERIFY(!d.history.isEmpty());
        QCOMPARE(d.history.first().status, 0);
        QVERIFY(m_server->tlsHandshakeFailureCount() >= 1);
        QVERIFY(stopEngine(*engine));
    }

    void unusableClientKeyHoldsTheTarget()
    {
        serve(TestPki::ClientCertificates::Required);
        const QString garbage = m_dir->filePath(QStringLiteral("garbage.key"));
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        f.close();
        ::chmod(QFile::encodeName(garbage).constData(), 0600);
        auto engine = start(target({ { QStringLiteral("ca_file"), m_pki.caCert },
            { QStringLiteral("client_certificate"), m_pki.clientCert },
            { QStringLiteral("client_key"), QString(QStringLiteral("file:") + garbage) } }));
        const QStringList ids = enqueue(*engine, { QByteArrayLiteral("{}") }, this);
        QTRY_VERIFY_WITH_TIMEOUT(metricsOf(*engine, QStringLiteral("secure"))
                                     .heldReason.contains(QStringLiteral("tls.client_key")),
            10'000);
        QCOMPARE(
            deliveryOf(*engine, ids[0], QStringLiteral("secure")).state, DeliveryState::Pending);
        QCOMPARE(m_server->requestCount(), 0);
        QVERIFY(stopEngine(*engine));
    }
};

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
