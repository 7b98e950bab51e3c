// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/testpki.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QStringList>

namespace Tandem::Test {

namespace {

constexpr int OpensslTimeoutMs = 30'000;

// One signing configuration per CA: `openssl ca` is the only 3.0 command that sets a start date
// (x509 and req learnt -not_before in 3.4), and it needs a database of its own.
QString caConfig(const QString &caDirectory)
{
    return QStringLiteral("[ ca ]\n"
                          "default_ca = tandem_ca\n"
                          "[ tandem_ca ]\n"
                          "database = %1/index.txt\n"
                          "new_certs_dir = %1\n"
                          "rand_serial = yes\n"
                          "default_md = sha256\n"
                          "policy = tandem_policy\n"
                          "unique_subject = no\n"
                          "email_in_dn = no\n"
                          "copy_extensions = none\n"
                          "[ tandem_policy ]\n"
                          "commonName = supplied\n"
                          "[ req ]\n"
                          "distinguished_name = req_dn\n"
                          "[ req_dn ]\n"
                          "[ ca_ext ]\n"
                          "basicConstraints = critical,CA:true\n"
                          "keyUsage = critical,keyCertSign,cRLSign\n"
                          "subjectKeyIdentifier = hash\n"
                          "[ server_ext ]\n"
                          "basicConstraints = critical,CA:false\n"
                          "keyUsage = critical,digitalSignature\n"
                          "extendedKeyUsage = serverAuth\n"
                          "subjectAltName = DNS:localhost,IP:127.0.0.1\n"
                          "subjectKeyIdentifier = hash\n"
                          "authorityKeyIdentifier = keyid\n"
                          "[ client_ext ]\n"
                          "basicConstraints = critical,CA:false\n"
                          "keyUsage = critical,digitalSignature\n"
                          "extendedKeyUsage = clientAuth\n"
                          "subjectKeyIdentifier = hash\n"
                          "authorityKeyIdentifier = keyid\n")
        .arg(caDirectory);
}

std::expected<void, QString> writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(content) != content.size())
        return std::unexpected(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

std::expected<QByteArray, QString> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

/// Runs `program` (openssl) with `arguments`; an error names the command and quotes its stderr.
std::expected<void, QString> openssl(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    const QString command = QStringLiteral("openssl ") + arguments.join(u' ');
    process.start();
    if (!process.waitForStarted(OpensslTimeoutMs))
        return std::unexpected(
            QStringLiteral("cannot run %1: %2").arg(command, process.errorString()));
    if (!process.waitForFinished(OpensslTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return std::unexpected(
            QStringLiteral("%1 did not finish within %2 ms").arg(command).arg(OpensslTimeoutMs));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::unexpected(
            QStringLiteral("%1 failed (exit code %2): %3")
                .arg(command)
                .arg(process.exitCode())
                .arg(QString::fromLocal8Bit(process.readAllStandardError().trimmed())));
    return {};
}

/// Makes CAs and the certificates they sign, every one valid from yesterday on.
class Issuer
{
public:
    Issuer(QString program, QString directory)
        : m_program(std::move(program))
        , m_directory(std::move(directory))
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // Yesterday: a certificate made now must be valid now, also for a peer whose clock is
        // a little behind.
        m_startDate = now.addDays(-1).toString(QStringLiteral("yyyyMMddHHmmss'Z'"));
        m_endDate
            = now.addDays(TestPki::ValidityDays).toString(QStringLiteral("yyyyMMddHHmmss'Z'"));
    }

    /// Creates the self-signed CA `name` (files `name`.pem and `name`.key).
    std::expected<void, QString> createCa(const QString &name, const QString &commonName)
    {
        const QString caDirectory = m_directory + u'/' + name + QStringLiteral(".db");
        if (!QDir().mkpath(caDirectory))
            return std::unexpected(QStringLiteral("cannot create %1").arg(caDirectory));
        const QString config = caDirectory + QStringLiteral("/ca.cnf");
        if (auto written = writeFile(config, caConfig(caDirectory).toUtf8()); !written)
            return written;
        if (auto written = writeFile(caDirectory + QStringLiteral("/index.txt"), {}); !written)
            return written;
        if (auto request = newRequest(config, name, commonName); !request)
            return request;
        return openssl(m_program,
            { QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"), config,
                QStringLiteral("-selfsign"), QStringLiteral("-keyfile"), path(name, "key"),
                QStringLiteral("-in"), path(name, "csr"), QStringLiteral("-out"), path(name, "pem"),
                QStringLiteral("-startdate"), m_startDate, QStringLiteral("-enddate"), m_endDate,
                QStringLiteral("-extensions"), QStringLiteral("ca_ext"),
                QStringLiteral("-notext") });
    }

    /// Creates the certificate `name` for `commonName`, signed by the CA `caName`, with the
    /// extensions section `extensions` of the CA's configuration.
    std::expected<void, QString> issue(const QString &caName, const QString &name,
        const QString &commonName, const QString &extensions)
    {
        const QString config = m_directory + u'/' + caName + QStringLiteral(".db/ca.cnf");
        if (auto request = newRequest(config, name, commonName); !request)
            return request;
        return openssl(m_program,
            { QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"), config,
                QStringLiteral("-cert"), path(caName, "pem"), QStringLiteral("-keyfile"),
                path(caName, "key"), QStringLiteral("-in"), path(name, "csr"),
                QStringLiteral("-out"), path(name, "pem"), QStringLiteral("-startdate"),
                m_startDate, QStringLiteral("-enddate"), m_endDate, QStringLiteral("-extensions"),
                extensions, QStringLiteral("-notext") });
    }

    QString path(const QString &name, const char *suffix) const
    {
        return m_directory + u'/' + name + u'.' + QLatin1StringView(suffix);
    }

private:
    std::expected<void, QString> newRequest(
        const QString &config, const QString &name, const QString &commonName)
    {
        // EC P-256: key generation takes microseconds where RSA takes a noticeable fraction of a
        // second per key.
        return openssl(m_program,
            { QStringLiteral("req"), QStringLiteral("-config"), config, QStringLiteral("-new"),
                QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                QStringLiteral("-keyout"), path(name, "key"), QStringLiteral("-out"),
                path(name, "csr"), QStringLiteral("-subj"), u"/CN=" + commonName });
    }

    const QString m_program;
    const QString m_directory;
    QString m_startDate;
    QString m_endDate;
};

std::expected<QSslCertificate, QString> loadCertificate(const QString &path)
{
    const auto pem = readFile(path);
    if (!pem)
        return std::unexpected(pem.error());
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(*pem, QSsl::Pem);
    if (certificates.isEmpty() || certificates.first().isNull())
        return std::unexpected(QStringLiteral("no PEM certificate in %1").arg(path));
    return certificates.first();
}

std::expected<QSslKey, QString> loadKey(const QString &path)
{
    const auto pem = readFile(path);
    if (!pem)
        return std::unexpected(pem.error());
    const QSslKey key(*pem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        return std::unexpected(QStringLiteral("no PEM EC private key in %1").arg(path));
    return key;
}

} // namespace

std::expected<TestPki::Files, QString> TestPki::generate(const QString &directory)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (program.isEmpty())
        return std::unexpected(
            QStringLiteral("the openssl command is not installed (Debian package openssl)"));
    const QString root = QDir(directory).absolutePath();
    if (!QDir(root).exists())
        return std::unexpected(QStringLiteral("directory %1 does not exist").arg(root));

    Issuer issuer(program, root);
    const QString serverExtensions = QStringLiteral("server_ext");
    const QString clientExtensions = QStringLiteral("client_ext");
    auto made = issuer.createCa(QStringLiteral("ca"), QStringLiteral("Tandem Test CA"));
    if (made)
        made = issuer.issue(QStringLiteral("ca"), QStringLiteral("server"),
            QStringLiteral("localhost"), serverExtensions);
    if (made)
        made
            = issuer.createCa(QStringLiteral("client-ca"), QStringLiteral("Tandem Test Client CA"));
    if (made)
        made = issuer.issue(QStringLiteral("client-ca"), QStringLiteral("client"),
            QStringLiteral("tandem-client"), clientExtensions);
    if (made)
        made = issuer.createCa(QStringLiteral("wrong-ca"), QStringLiteral("Wrong CA"));
    if (made)
        made = issuer.issue(QStringLiteral("wrong-ca"), QStringLiteral("wrong-client"),
            QStringLiteral("wrong-client"), clientExtensions);
    if (!made)
        return std::unexpected(made.error());

    Files files;
    files.caCert = issuer.path(QStringLiteral("ca"), "pem");
    files.serverCert = issuer.path(QStringLiteral("server"), "pem");
    files.serverKey = issuer.path(QStringLiteral("server"), "key");
    files.clientCaCert = issuer.path(QStringLiteral("client-ca"), "pem");
    files.clientCert = issuer.path(QStringLiteral("client"), "pem");
    files.clientKey = issuer.path(QStringLiteral("client"), "key");
    files.wrongCaCert = issuer.path(QStringLiteral("wrong-ca"), "pem");
    files.wrongClientCert = issuer.path(QStringLiteral("wrong-client"), "pem");
    files.wrongClientKey = issuer.path(QStringLiteral("wrong-client"), "key");
    return files;
}

std::expected<QSslConfiguration, QString> TestPki::serverConfiguration(
    const Files &files, ClientCertificates clientCertificates)
{
    const auto certificate = loadCertificate(files.serverCert);
    if (!certificate)
        return std::unexpected(certificate.error());
    const auto key = loadKey(files.serverKey);
    if (!key)
        return std::unexpected(key.error());

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(*certificate);
    configuration.setPrivateKey(*key);
    if (clientCertificates == ClientCertificates::Required) {
        const auto clientCa = loadCertificate(files.clientCaCert);
        if (!clientCa)
            return std::unexpected(clientCa.error());
        configuration.setCaCertificates({ *clientCa });
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    } else {
        // The server default (QueryPeer) would ask every client for a certificate.
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    return configuration;
}

std::expected<QSslConfiguration, QString> TestPki::clientConfiguration(
    const QString &caCertPath, const QString &certPath, const QString &keyPath)
{
    const auto ca = loadCertificate(caCertPath);
    if (!ca)
        return std::unexpected(ca.error());
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    // Setting the CA list also stops Qt from loading the system CAs on demand.
    configuration.setCaCertificates({ *ca });
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!certPath.isEmpty() || !keyPath.isEmpty()) {
        const auto certificate = loadCertificate(certPath);
        if (!certificate)
            return std::unexpected(certificate.error());
        const auto key = loadKey(keyPath);
        if (!key)
            return std::unexpected(key.error());
        configuration.setLocalCertificate(*certificate);
        configuration.setPrivateKey(*key);
    }
    return configuration;
}

} // namespace Tandem::Test
