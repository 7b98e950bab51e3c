// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>

#include <QSslConfiguration>
#include <QString>

namespace Tandem::Test {

/// A throwaway public key infrastructure for TLS tests, made with the `openssl` command line in a
/// directory the test owns (a QTemporaryDir): a server CA ("Tandem Test CA") with a server
/// certificate for CN=localhost (subjectAltName DNS:localhost, IP:127.0.0.1), a client CA
/// ("Tandem Test Client CA") with a client certificate (CN "tandem-client"), and an unrelated
/// "Wrong CA" with a client certificate of its own ("wrong-client"). All PEM, EC P-256 keys
/// without passphrase, valid from yesterday to 30 days from now.
///
/// Thread: any; every function is synchronous and generate() blocks while openssl runs (a few
/// dozen ms in all). Errors come back as values: a message naming the failing openssl command and
/// its stderr, or the file that could not be read.
class TestPki
{
public:
    /// Absolute paths of the generated PEM files.
    struct Files
    {
        QString caCert; ///< server CA: what a client trusts
        QString serverCert;
        QString serverKey;
        QString clientCaCert; ///< client CA: what a mutual-TLS server trusts
        QString clientCert;
        QString clientKey;
        QString wrongCaCert; ///< unrelated CA: trusted by no one
        QString wrongClientCert; ///< client certificate signed by the wrong CA
        QString wrongClientKey;
    };

    enum class ClientCertificates {
        NotRequested, ///< plain HTTPS: the server asks for no client certificate
        Required, ///< mutual TLS: a certificate from the client CA, else the handshake fails
    };

    static constexpr int ValidityDays = 30;

    /// Generates the files in `directory` (which must exist), overwriting earlier ones.
    static std::expected<Files, QString> generate(const QString &directory);

    /// Server side: the server certificate and key; with Required, QSslSocket::VerifyPeer against
    /// the client CA only.
    static std::expected<QSslConfiguration, QString> serverConfiguration(
        const Files &files, ClientCertificates clientCertificates);

    /// Client side: trusts only the CA in `caCertPath` (no system CAs), verifies the peer and,
    /// when `certPath` and `keyPath` are given, presents that certificate.
    static std::expected<QSslConfiguration, QString> clientConfiguration(
        const QString &caCertPath, const QString &certPath = {}, const QString &keyPath = {});
};

} // namespace Tandem::Test
