// SPDX-License-Identifier: GPL-3.0-or-later
#include <optional>

#include <QDir>
#include <QFile>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/stat.h>
#include <unistd.h>

#include "engine/core/error.h"
#include "engine/secrets/secretref.h"
#include "engine/secrets/secretresolver.h"
#include "engine/secrets/secretstore.h"
#include "tests/support/asynccall.h"
#include "tests/support/memorysecretstore.h"

using namespace Tandem;
using namespace Qt::StringLiterals;

namespace {

using Testing::awaitCall;
using Testing::Outcome;
using FakeSecretStore = Testing::MemorySecretStore;

Outcome<QByteArray> resolveNow(SecretResolver &resolver, const QString &text)
{
    const auto ref = SecretRef::parse(text);
    if (!ref) {
        Outcome<QByteArray> outcome;
        outcome.calls = 1;
        outcome.result = fail(ref.error());
        return outcome;
    }
    return awaitCall<QByteArray>(
        [&](QObject *context, auto done) { resolver.resolve(*ref, context, std::move(done)); });
}

/// For QVERIFY2 messages, which Qt 6.4 evaluates even when the check passes.
template <typename T> QByteArray errorText(const Outcome<T> &outcome)
{
    if (!outcome.result)
        return "no answer";
    return *outcome.result ? QByteArray() : outcome.result->error().message.toUtf8();
}

int codeOf(const Error &e) { return int(e.code); }

} // namespace

class tst_SecretRef : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void parse_data();
    void parse();
    void newKeychainRef();
    void equality();

    void resolveEnv_data();
    void resolveEnv();
    void resolveFile_data();
    void resolveFile();
    void resolveFileMissing();
    void resolveFileDirectory();
    void resolveFileFifo();
    void resolveFileSymlink();
    void resolveFileOwnedByAnotherUser();
    void resolveKeychain();
    void resolveKeychainWithoutStore();
    void callbackDroppedWithContext();
    void resolveAll();
    void resolveAllNamesFailingRef();
    void resolveAllEmpty();

private:
    QString writeSecretFile(const QString &name, const QByteArray &content, mode_t mode);

    QTemporaryDir m_dir;
};

void tst_SecretRef::initTestCase() { QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString())); }

QString tst_SecretRef::writeSecretFile(const QString &name, const QByteArray &content, mode_t mode)
{
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    file.close();
    // chmod(2) directly: QFile::setPermissions cannot express every bit combination.
    if (::chmod(QFile::encodeName(path).constData(), mode) != 0)
        return {};
    return path;
}

void tst_SecretRef::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("errorMentions");

    const int keychain = int(SecretRef::Kind::Keychain);
    const int env = int(SecretRef::Kind::Env);
    const int file = int(SecretRef::Kind::File);
    const QString id128(128, u'a');

    QTest::addRow("keychain id") << u"keychain:inventory-token"_s << true << keychain
                                 << u"inventory-token"_s << QString();
    QTest::addRow("keychain uuid")
        << u"keychain:0b6f2a9e-4a8c-4f61-9d7e-2f5c1a3b9e10"_s << true << keychain
        << u"0b6f2a9e-4a8c-4f61-9d7e-2f5c1a3b9e10"_s << QString();
    QTest::addRow("keychain all classes")
        << u"keychain:Az09._-"_s << true << keychain << u"Az09._-"_s << QString();
    QTest::addRow("keychain 128") << u"keychain:"_s + id128 << true << keychain << id128
                                  << QString();
    QTest::addRow("env") << u"env:TANDEM_TOKEN"_s << true << env << u"TANDEM_TOKEN"_s << QString();
    QTest::addRow("env underscore first") << u"env:_x1"_s << true << env << u"_x1"_s << QString();
    QTest::addRow("file") << u"file:/run/secrets/token"_s << true << file << u"/run/secrets/token"_s
                          << QString();
    QTest::addRow("file with spaces")
        << u"file:/srv/my secrets/t"_s << true << file << u"/srv/my secrets/t"_s << QString();

    QTest::addRow("keychain empty") << u"keychain:"_s << false << 0 << QString() << u"keychain:"_s;
    QTest::addRow("keychain 129") << u"keychain:"_s + id128 + u'a' << false << 0 << QString()
                                  << u"1 to 128"_s;
    QTest::addRow("keychain slash")
        << u"keychain:team/token"_s << false << 0 << QString() << u"keychain:"_s;
    QTest::addRow("keychain space")
        << u"keychain:my token"_s << false << 0 << QString() << u"keychain:"_s;
    QTest::addRow("keychain non-ascii")
        << u"keychain:cl\u00e9"_s << false << 0 << QString() << u"keychain:"_s;
    QTest::addRow("env empty") << u"env:"_s << false << 0 << QString() << u"env:"_s;
    QTest::addRow("env digit first") << u"env:1TOKEN"_s << false << 0 << QString() << u"env:"_s;
    QTest::addRow("env dash") << u"env:MY-TOKEN"_s << false << 0 << QString() << u"env:"_s;
    QTest::addRow("file empty") << u"file:"_s << false << 0 << QString() << u"absolute"_s;
    QTest::addRow("file relative")
        << u"file:secrets/token"_s << false << 0 << QString() << u"absolute"_s;
    QTest::addRow("file tilde") << u"file:~/token"_s << false << 0 << QString() << u"absolute"_s;

    // Not references at all: most likely the secret itself, pasted into the configuration.
    const QString secretHint = QStringLiteral("looks like a secret value");
    QTest::addRow("empty") << u""_s << false << 0 << QString() << u"empty"_s;
    QTest::addRow("bare secret") << u"hunter2-correct-horse"_s << false << 0 << QString()
                                 << secretHint;
    QTest::addRow("bearer") << u"Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"_s << false << 0 << QString()
                            << secretHint;
    QTest::addRow("user:password")
        << u"deploy:Pa55w0rd!"_s << false << 0 << QString() << secretHint;
    QTest::addRow("upper-case prefix")
        << u"KEYCHAIN:token"_s << false << 0 << QString() << secretHint;
    QTest::addRow("leading space") << u" env:TOKEN"_s << false << 0 << QString() << secretHint;
    QTest::addRow("api key") << u"sk_live_51HqLyjWDarjtT1zdp7dc"_s << false << 0 << QString()
                             << secretHint;
}

void tst_SecretRef::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, kind);
    QFETCH(QString, name);
    QFETCH(QString, errorMentions);

    const auto ref = SecretRef::parse(text);
    QCOMPARE(bool(ref), valid);
    if (valid) {
        QCOMPARE(int(ref->kind()), kind);
        QCOMPARE(ref->name(), name);
        QCOMPARE(ref->toString(), text);
        QCOMPARE(*SecretRef::parse(ref->toString()), *ref);
        return;
    }
    const Error &error = ref.error();
    QCOMPARE(codeOf(error), int(Error::Code::Invalid));
    QVERIFY2(error.message.contains(errorMentions), qPrintable(error.message));
    // Every error shows the valid forms...
    for (const char *form : { "keychain:<id>", "env:<NAME>", "file:</absolute/path>" })
        QVERIFY2(error.message.contains(QLatin1String(form)), qPrintable(error.message));
    // ...and never the text, which may be a secret.
    const qsizetype colon = text.indexOf(u':');
    const QString afterPrefix = colon >= 0 ? text.mid(colon + 1) : text;
    if (!afterPrefix.isEmpty())
        QVERIFY2(!error.message.contains(text), qPrintable(error.message));
    if (afterPrefix.size() >= 4)
        QVERIFY2(!error.message.contains(afterPrefix), qPrintable(error.message));
    if (errorMentions.contains(u"secret value"))
        QVERIFY2(error.message.contains(u"tandem secret set"), qPrintable(error.message));
}

void tst_SecretRef::newKeychainRef()
{
    const SecretRef a = SecretRef::newKeychainRef();
    const SecretRef b = SecretRef::newKeychainRef();
    QCOMPARE(a.kind(), SecretRef::Kind::Keychain);
    QCOMPARE(a.name().size(), 36); // a UUID without braces
    QVERIFY(!a.name().contains(u'{'));
    QVERIFY(a != b);
    const auto parsed = SecretRef::parse(a.toString());
    QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
    QCOMPARE(*parsed, a);
}

void tst_SecretRef::equality()
{
    const auto env = SecretRef::parse(QStringLiteral("env:A"));
    QVERIFY(env);
    QCOMPARE(*SecretRef::parse(QStringLiteral("env:A")), *env);
    QVERIFY(*SecretRef::parse(QStringLiteral("env:B")) != *env);
    QVERIFY(*SecretRef::parse(QStringLiteral("keychain:A")) != *env);
    QVERIFY(*SecretRef::parse(QStringLiteral("file:/A")) != *SecretRef::parse(u"file:/B"_s));
}

void tst_SecretRef::resolveEnv_data()
{
    QTest::addColumn<QByteArray>("value"); ///< a null array: the variable is unset
    QTest::addColumn<bool>("ok");

    QTest::addRow("set") << QByteArray("s3cret value") << true;
    QTest::addRow("trailing newline kept") << QByteArray("s3cret\n") << true;
    QTest::addRow("empty") << QByteArray("") << false;
    QTest::addRow("unset") << QByteArray() << false;
}

void tst_SecretRef::resolveEnv()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, ok);

    const char *name = "TANDEM_TST_SECRETREF_VALUE";
    if (value.isNull())
        qunsetenv(name);
    else
        qputenv(name, value);
    SecretResolver resolver(nullptr);
    const auto outcome = resolveNow(resolver, QStringLiteral("env:TANDEM_TST_SECRETREF_VALUE"));
    qunsetenv(name);

    QVERIFY(!outcome.synchronous);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(outcome.result);
    const Result<QByteArray> &result = *outcome.result;
    QCOMPARE(bool(result), ok);
    if (ok) {
        QCOMPARE(*result, value);
        return;
    }
    QCOMPARE(codeOf(result.error()), int(Error::Code::Invalid));
    QVERIFY2(result.error().message.contains(u"TANDEM_TST_SECRETREF_VALUE"),
        qPrintable(result.error().message));
}

void tst_SecretRef::resolveFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<uint>("mode");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("expected"); ///< the value, or a fragment of the error
    QTest::addColumn<QString>("errorMentions");

    const QByteArray secret("s3cret");
    QTest::addRow("0600") << secret << 0600u << true << secret << QString();
    QTest::addRow("0400") << secret << 0400u << true << secret << QString();
    QTest::addRow("0700") << secret << 0700u << true << secret << QString();
    QTest::addRow("newline stripped") << secret + '\n' << 0600u << true << secret << QString();
    QTest::addRow("crlf stripped") << secret + "\r\n" << 0600u << true << secret << QString();
    QTest::addRow("only one newline stripped") << secret + "\n\n"
                                               << 0600u << true << secret + '\n'
                                               << QString();
    QTest::addRow("inner newline kept")
        << QByteArray("a\nb") << 0600u << true << QByteArray("a\nb") << QString();
    QTest::addRow("binary") << QByteArray("\0\xff\x01z", 4) << 0600u << true
                            << QByteArray("\0\xff\x01z", 4) << QString();
    QTest::addRow("exactly 64 KiB")
        << QByteArray(64 * 1024, 'k') << 0600u << true << QByteArray(64 * 1024, 'k') << QString();

    QTest::addRow("0640") << secret << 0640u << false << secret << "mode 0640";
    QTest::addRow("0604") << secret << 0604u << false << secret << "mode 0604";
    QTest::addRow("0644") << secret << 0644u << false << secret << "mode 0644";
    QTest::addRow("0620 group may write") << secret << 0620u << false << secret << "mode 0620";
    QTest::addRow("0601") << secret << 0601u << false << secret << "mode 0601";
    QTest::addRow("64 KiB + 1") << QByteArray(64 * 1024 + 1, 'k') << 0600u << false << secret
                                << "64 KiB";
    QTest::addRow("empty") << QByteArray() << 0600u << false << secret << "empty";
    QTest::addRow("just a newline") << QByteArray("\n") << 0600u << false << secret << "empty";
}

void tst_SecretRef::resolveFile()
{
    QFETCH(QByteArray, content);
    QFETCH(uint, mode);
    QFETCH(bool, ok);
    QFETCH(QByteArray, expected);
    QFETCH(QString, errorMentions);

    const QString path = writeSecretFile(QStringLiteral("secret"), content, mode_t(mode));
    QVERIFY(!path.isEmpty());
    SecretResolver resolver(nullptr);
    const auto outcome = resolveNow(resolver, u"file:"_s + path);
    QVERIFY(!outcome.synchronous);
    QCOMPARE(outcome.calls, 1);
    const Result<QByteArray> &result = *outcome.result;
    if (ok) {
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(*result, expected);
        return;
    }
    QVERIFY(!result);
    const QString message = result.error().message;
    QCOMPARE(codeOf(result.error()), int(Error::Code::Invalid));
    QVERIFY2(message.contains(errorMentions), qPrintable(message));
    QVERIFY2(message.contains(u"file:"_s + path), qPrintable(message));
    QVERIFY2(!message.contains(QString::fromLatin1(expected)), qPrintable(message));
    if (errorMentions.startsWith(u"mode"))
        QVERIFY2(message.contains(u"chmod 600"), qPrintable(message));
}

void tst_SecretRef::resolveFileMissing()
{
    SecretResolver resolver(nullptr);
    const QString path = m_dir.filePath(QStringLiteral("does-not-exist"));
    const auto outcome = resolveNow(resolver, u"file:"_s + path);
    QVERIFY(!outcome.synchronous);
    QVERIFY(outcome.result && !*outcome.result);
    const Error &error = outcome.result->error();
    QCOMPARE(codeOf(error), int(Error::Code::Invalid));
    QVERIFY2(error.message.contains(path), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"No such file"), qPrintable(error.message));
}

void tst_SecretRef::resolveFileDirectory()
{
    const QString path = m_dir.filePath(QStringLiteral("a-directory"));
    QVERIFY(QDir().mkpath(path));
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0700) == 0);
    SecretResolver resolver(nullptr);
    const auto outcome = resolveNow(resolver, u"file:"_s + path);
    QVERIFY(outcome.result && !*outcome.result);
    QVERIFY2(outcome.result->error().message.contains(u"directory"),
        qPrintable(outcome.result->error().message));
}

void tst_SecretRef::resolveFileFifo()
{
    // Opening a FIFO for reading blocks until a writer comes: it must be refused, not waited on.
    const QString path = m_dir.filePath(QStringLiteral("a-fifo"));
    QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
    SecretResolver resolver(nullptr);
    const auto outcome = resolveNow(resolver, u"file:"_s + path);
    QVERIFY(outcome.result && !*outcome.result);
    QVERIFY2(outcome.result->error().message.contains(u"not a regular file"),
        qPrintable(outcome.result->error().message));
}

void tst_SecretRef::resolveFileSymlink()
{
    // Mounted secrets (Kubernetes, Docker) are symlinks: the target is what gets checked.
    const QString target = writeSecretFile(QStringLiteral("linked"), "via link", 0600);
    QVERIFY(!target.isEmpty());
    const QString link = m_dir.filePath(QStringLiteral("link"));
    QVERIFY(QFile::link(target, link));
    SecretResolver resolver(nullptr);
    auto outcome = resolveNow(resolver, u"file:"_s + link);
    QVERIFY2(outcome.result && *outcome.result, errorText(outcome).constData());
    QCOMPARE(**outcome.result, QByteArray("via link"));

    QVERIFY(::chmod(QFile::encodeName(target).constData(), 0644) == 0);
    outcome = resolveNow(resolver, u"file:"_s + link);
    QVERIFY(outcome.result && !*outcome.result);
    QVERIFY2(outcome.result->error().message.contains(u"mode 0644"),
        qPrintable(outcome.result->error().message));
}

void tst_SecretRef::resolveFileOwnedByAnotherUser()
{
    const QString path = writeSecretFile(QStringLiteral("foreign"), "theirs", 0600);
    QVERIFY(!path.isEmpty());
    const uid_t other = ::geteuid() == 65534 ? 65533 : 65534;
    if (::chown(QFile::encodeName(path).constData(), other, gid_t(-1)) != 0)
        QSKIP("giving a file away needs root");
    SecretResolver resolver(nullptr);
    const auto outcome = resolveNow(resolver, u"file:"_s + path);
    QVERIFY(outcome.result && !*outcome.result);
    const QString message = outcome.result->error().message;
    QCOMPARE(codeOf(outcome.result->error()), int(Error::Code::Invalid));
    QVERIFY2(message.contains(u"owned by uid "_s + QString::number(other)), qPrintable(message));
}

void tst_SecretRef::resolveKeychain()
{
    FakeSecretStore store;
    store.values.insert(QStringLiteral("inventory"), "from keychain");
    SecretResolver resolver(&store);

    auto outcome = resolveNow(resolver, QStringLiteral("keychain:inventory"));
    QVERIFY(!outcome.synchronous);
    QVERIFY2(outcome.result && *outcome.result, errorText(outcome).constData());
    QCOMPARE(**outcome.result, QByteArray("from keychain"));

    // The store's error keeps its code and gains the reference it was resolving.
    store.failure = Error { Error::Code::KeychainLocked, QStringLiteral("it is locked") };
    outcome = resolveNow(resolver, QStringLiteral("keychain:inventory"));
    QVERIFY(outcome.result && !*outcome.result);
    QCOMPARE(codeOf(outcome.result->error()), int(Error::Code::KeychainLocked));
    QVERIFY2(outcome.result->error().message.contains(u"keychain:inventory"),
        qPrintable(outcome.result->error().message));
    QVERIFY2(outcome.result->error().message.contains(u"it is locked"),
        qPrintable(outcome.result->error().message));
}

void tst_SecretRef::resolveKeychainWithoutStore()
{
    SecretResolver resolver(nullptr);
    const auto outcome = resolveNow(resolver, QStringLiteral("keychain:inventory"));
    QVERIFY(!outcome.synchronous);
    QVERIFY(outcome.result && !*outcome.result);
    const Error &error = outcome.result->error();
    QCOMPARE(codeOf(error), int(Error::Code::KeychainUnavailable));
    QVERIFY2(error.message.contains(u"env:"), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"file:"), qPrintable(error.message));
}

void tst_SecretRef::callbackDroppedWithContext()
{
    qputenv("TANDEM_TST_SECRETREF_DROP", "x");
    FakeSecretStore store;
    store.values.insert(QStringLiteral("k"), "v");
    SecretResolver resolver(&store);
    int calls = 0;
    for (const QString &text : { u"env:TANDEM_TST_SECRETREF_DROP"_s, u"keychain:k"_s }) {
        auto *context = new QObject;
        resolver.resolve(*SecretRef::parse(text), context, [&](Result<QByteArray>) { ++calls; });
        delete context;
    }
    // A call made after the dropped ones completes after them: once it is in, they are gone.
    const auto later = resolveNow(resolver, QStringLiteral("keychain:k"));
    qunsetenv("TANDEM_TST_SECRETREF_DROP");
    QCOMPARE(later.calls, 1);
    QCOMPARE(calls, 0);
}

void tst_SecretRef::resolveAll()
{
    qputenv("TANDEM_TST_SECRETREF_A", "from env");
    const QString path = writeSecretFile(QStringLiteral("all"), "from file\n", 0600);
    QVERIFY(!path.isEmpty());
    FakeSecretStore store;
    store.values.insert(QStringLiteral("k"), "from keychain");
    SecretResolver resolver(&store);
    const QList<SecretRef> refs { *SecretRef::parse(u"file:"_s + path),
        *SecretRef::parse(u"keychain:k"_s), *SecretRef::parse(u"env:TANDEM_TST_SECRETREF_A"_s),
        *SecretRef::parse(u"keychain:k"_s) };

    const auto outcome = awaitCall<QList<QByteArray>>(
        [&](QObject *context, auto done) { resolver.resolveAll(refs, context, std::move(done)); });
    qunsetenv("TANDEM_TST_SECRETREF_A");
    QVERIFY(!outcome.synchronous);
    QCOMPARE(outcome.calls, 1);
    QVERIFY2(outcome.result && *outcome.result, errorText(outcome).constData());
    QCOMPARE(**outcome.result,
        (QList<QByteArray> { "from file", "from keychain", "from env", "from keychain" }));
}

void tst_SecretRef::resolveAllNamesFailingRef()
{
    qputenv("TANDEM_TST_SECRETREF_A", "first value");
    qunsetenv("TANDEM_TST_SECRETREF_UNSET");
    FakeSecretStore store;
    SecretResolver resolver(&store);
    const QList<SecretRef> refs { *SecretRef::parse(u"env:TANDEM_TST_SECRETREF_A"_s),
        *SecretRef::parse(u"env:TANDEM_TST_SECRETREF_UNSET"_s),
        *SecretRef::parse(u"keychain:never-reached"_s) };

    const auto outcome = awaitCall<QList<QByteArray>>(
        [&](QObject *context, auto done) { resolver.resolveAll(refs, context, std::move(done)); });
    qunsetenv("TANDEM_TST_SECRETREF_A");
    QCOMPARE(outcome.calls, 1);
    QVERIFY(outcome.result && !*outcome.result);
    const Error &error = outcome.result->error();
    QCOMPARE(codeOf(error), int(Error::Code::Invalid));
    QVERIFY2(error.message.contains(u"env:TANDEM_TST_SECRETREF_UNSET"), qPrintable(error.message));
    QVERIFY2(!error.message.contains(u"first value"), qPrintable(error.message));
    QCOMPARE(store.reads, 0); // the first failure ends the call
}

void tst_SecretRef::resolveAllEmpty()
{
    SecretResolver resolver(nullptr);
    const auto outcome = awaitCall<QList<QByteArray>>(
        [&](QObject *context, auto done) { resolver.resolveAll({}, context, std::move(done)); });
    QVERIFY(!outcome.synchronous);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(outcome.result && *outcome.result);
    QVERIFY((*outcome.result)->isEmpty());
}

QTEST_GUILESS_MAIN(tst_SecretRef)
#include "tst_secretref.moc"
