// SPDX-License-Identifier: GPL-3.0-or-later
// Against a real Secret Service: run through tests/support/with-keychain.sh (CTest does), which
// gives this test a private D-Bus session and gnome-keyring to fill, lock and unlock.
#include <expected>
#include <optional>

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include "app/demo/simulatedhttpserver.h"
#include "engine/core/error.h"
#include "engine/secrets/keychainsecretstore.h"
#include "tests/support/asynccall.h"
#include "tests/support/testengine.h"

using namespace Tandem;
using namespace Qt::StringLiterals;

namespace {

const QString kSecrets = u"org.freedesktop.secrets"_s;
const QString kServicePath = u"/org/freedesktop/secrets"_s;
const QString kDefaultAlias = u"/org/freedesktop/secrets/aliases/default"_s;

/// Set in the environment of the child processes that check the keychain-less cases.
constexpr char kChildSwitch[] = "TANDEM_TST_KEYCHAIN_CHILD";
/// What the child's KeychainUnavailable messages must name as missing.
constexpr char kChildExpect[] = "TANDEM_TST_KEYCHAIN_EXPECT";
/// Whether the child's remove() must fail too (it cannot tell without a collection).
constexpr char kChildRemoveFails[] = "TANDEM_TST_KEYCHAIN_REMOVE_FAILS";
constexpr char kChildMarker[] = "tandem-child-secret-7f3a";

/// A Secret Service "secret" struct (oayays), for gnome-keyring's unlock call.
struct PlainSecret
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

QDBusArgument &operator<<(QDBusArgument &argument, const PlainSecret &secret)
{
    argument.beginStructure();
    argument << secret.session << secret.parameters << secret.value << secret.contentType;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, PlainSecret &secret)
{
    argument.beginStructure();
    argument >> secret.session >> secret.parameters >> secret.value >> secret.contentType;
    argument.endStructure();
    return argument;
}

using Testing::awaitCall;
using Testing::Outcome;

Outcome<QByteArray> readNow(KeychainSecretStore &store, const QString &key)
{
    return awaitCall<QByteArray>(
        [&](QObject *context, auto done) { store.read(key, context, std::move(done)); });
}

Outcome<void> writeNow(KeychainSecretStore &store, const QString &key, const QByteArray &value)
{
    return awaitCall<void>(
        [&](QObject *context, auto done) { store.write(key, value, context, std::move(done)); });
}

Outcome<void> removeNow(KeychainSecretStore &store, const QString &key)
{
    return awaitCall<void>(
        [&](QObject *context, auto done) { store.remove(key, context, std::move(done)); });
}

QString uniqueKey() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

QDBusMessage callSecrets(const QString &path, const QString &interface, const QString &method,
    const QVariantList &arguments)
{
    QDBusMessage call = QDBusMessage::createMethodCall(kSecrets, path, interface, method);
    call.setArguments(arguments);
    return QDBusConnection::sessionBus().call(call);
}

/// The Locked property of the default collection, or the D-Bus error.
std::expected<bool, QString> defaultCollectionLocked()
{
    const QDBusMessage reply = callSecrets(kDefaultAlias, u"org.freedesktop.DBus.Properties"_s,
        u"Get"_s, { u"org.freedesktop.Secret.Collection"_s, u"Locked"_s });
    if (reply.type() != QDBusMessage::ReplyMessage)
        return std::unexpected(reply.errorName() + u": "_s + reply.errorMessage());
    return reply.arguments().value(0).value<QDBusVariant>().variant().toBool();
}

QString lockDefaultCollection()
{
    const QDBusMessage reply
        = callSecrets(kServicePath, u"org.freedesktop.Secret.Service"_s, u"Lock"_s,
            { QVariant::fromValue(QList<QDBusObjectPath> { QDBusObjectPath(kDefaultAlias) }) });
    if (reply.type() != QDBusMessage::ReplyMessage)
        return reply.errorName() + u": "_s + reply.errorMessage();
    return {};
}

/// Unlocks with the password with-keychain.sh set, without a prompt: gnome-keyring's own call.
QString unlockDefaultCollection()
{
    QDBusMessage reply = callSecrets(kServicePath, u"org.freedesktop.Secret.Service"_s,
        u"OpenSession"_s, { u"plain"_s, QVariant::fromValue(QDBusVariant(QString())) });
    if (reply.type() != QDBusMessage::ReplyMessage)
        return u"OpenSession: "_s + reply.errorMessage();
    const auto session = reply.arguments().value(1).value<QDBusObjectPath>();
    reply = callSecrets(
        kServicePath, u"org.freedesktop.Secret.Service"_s, u"ReadAlias"_s, { u"default"_s });
    if (reply.type() != QDBusMessage::ReplyMessage)
        return u"ReadAlias: "_s + reply.errorMessage();
    const auto collection = reply.arguments().value(0).value<QDBusObjectPath>();
    const PlainSecret password { session, {}, "pw", u"text/plain"_s };
    reply
        = callSecrets(kServicePath, u"org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"_s,
            u"UnlockWithMasterPassword"_s,
            { QVariant::fromValue(collection), QVariant::fromValue(password) });
    if (reply.type() != QDBusMessage::ReplyMessage)
        return u"UnlockWithMasterPassword: "_s + reply.errorMessage();
    return {};
}

QByteArray keyringFiles()
{
    QByteArray all;
    const QString dir
        = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/keyrings"_s;
    QDirIterator it(dir, QDir::Files);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

/// Every byte of every file under `dir`, to look for a secret written in clear.
QByteArray allFilesUnder(const QString &dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

class tst_Keychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void roundTrip();
    void values_data();
    void values();
    void overwrite();
    void readMissing();
    void removeMissing();
    void callbacks();
    void unavailable_data();
    void unavailable();
    void childExpectUnavailable();
    // Last: it locks the keychain (and unlocks it again, but nothing after it relies on that).
    void locked();
    // Locks too: an engine whose target secret is in a locked keychain holds, then resumes.
    void engineHoldsWhileLockedAndResumesWhenUnlocked();

private:
    static bool isChild() { return qEnvironmentVariableIsSet(kChildSwitch); }

    const QString m_service = u"tandem-test-"_s + uniqueKey().left(8);
};

void tst_Keychain::initTestCase()
{
    qDBusRegisterMetaType<PlainSecret>();
    if (isChild())
        return;
    QVERIFY2(qEnvironmentVariableIsSet("TANDEM_PRIVATE_KEYCHAIN"),
        "run through tests/support/with-keychain.sh: this test locks the keychain it uses");
    QVERIFY2(QDBusConnection::sessionBus().isConnected(),
        qPrintable(QDBusConnection::sessionBus().lastError().message()));
    const auto locked = defaultCollectionLocked();
    QVERIFY2(locked, qPrintable(locked ? QString() : locked.error()));
    QVERIFY(!*locked);
}

void tst_Keychain::roundTrip()
{
    if (isChild())
        QSKIP("parent-only");
    KeychainSecretStore store(m_service);
    QCOMPARE(store.service(), m_service);
    const QString key = uniqueKey();
    // Distinctive, so that a copy of it in clear anywhere in the keyring file would be found.
    const QByteArray value = "tandem-clear-text-marker-" + uniqueKey().toLatin1();
    const QByteArray filesBefore = keyringFiles();

    const auto written = writeNow(store, key, value);
    QVERIFY(!written.synchronous);
    QCOMPARE(written.calls, 1);
    QVERIFY2(written.ok(), written.why().constData());

    const auto read = readNow(store, key);
    QVERIFY(!read.synchronous);
    QCOMPARE(read.calls, 1);
    QVERIFY2(read.ok(), read.why().constData());
    QCOMPARE(**read.result, value);

    // It is a real Secret Service item, filed the way QtKeychain's libsecret backend files it.
    QProcess search;
    search.setProcessChannelMode(
        QProcess::MergedChannels); // secret-tool prints attributes on stderr
    search.start(u"secret-tool"_s, { u"search"_s, u"--all"_s, u"server"_s, m_service });
    QVERIFY2(search.waitForFinished(30000), qPrintable(search.errorString()));
    const QByteArray found = search.readAll();
    QVERIFY2(search.exitCode() == 0, found.constData());
    QVERIFY2(found.contains(QByteArray("attribute.user = " + key.toLatin1())), found.constData());
    QVERIFY2(found.contains(QByteArray("attribute.server = " + m_service.toLatin1())),
        found.constData());
    QVERIFY2(found.contains("schema = org.qt.keychain"), found.constData());

    // The keyring file changed, and holds the secret neither in clear nor as QtKeychain's base64.
    QTRY_VERIFY(keyringFiles() != filesBefore);
    const QByteArray files = keyringFiles();
    QVERIFY(!files.isEmpty());
    QVERIFY(!files.contains(value));
    QVERIFY(!files.contains(value.toBase64()));

    const auto removed = removeNow(store, key);
    QVERIFY(!removed.synchronous);
    QCOMPARE(removed.calls, 1);
    QVERIFY2(removed.ok(), removed.why().constData());
    const auto gone = readNow(store, key);
    QCOMPARE(gone.code(), int(Error::Code::NotFound));

    search.start(u"secret-tool"_s, { u"search"_s, u"--all"_s, u"server"_s, m_service });
    QVERIFY(search.waitForFinished(30000));
    QVERIFY(!search.readAll().contains(key.toLatin1()));
}

void tst_Keychain::values_data()
{
    QTest::addColumn<QByteArray>("value");

    QTest::addRow("ascii") << QByteArray("s3cret");
    QTest::addRow("utf-8") << u"pässwörd-\u2603"_s.toUtf8();
    QTest::addRow("not utf-8, with NUL") << QByteArray("\xff\xfe\0\x01zz", 6);
    QTest::addRow("trailing newline") << QByteArray("line\n");
    QByteArray large(4096, Qt::Uninitialized);
    for (qsizetype i = 0; i < large.size(); ++i)
        large[i] = char(i * 7 + 3);
    QTest::addRow("4 KiB of every byte") << large;
}

void tst_Keychain::values()
{
    if (isChild())
        QSKIP("parent-only");
    QFETCH(QByteArray, value);
    KeychainSecretStore store(m_service);
    const QString key = uniqueKey();
    const auto written = writeNow(store, key, value);
    QVERIFY2(written.ok(), written.why().constData());
    const auto read = readNow(store, key);
    QVERIFY2(read.ok(), read.why().constData());
    QCOMPARE(**read.result, value);
    QVERIFY(removeNow(store, key).ok());
}

void tst_Keychain::overwrite()
{
    if (isChild())
        QSKIP("parent-only");
    KeychainSecretStore store(m_service);
    const QString key = uniqueKey();
    QVERIFY(writeNow(store, key, "first").ok());
    QVERIFY(writeNow(store, key, "second").ok());
    const auto read = readNow(store, key);
    QVERIFY2(read.ok(), read.why().constData());
    QCOMPARE(**read.result, QByteArray("second"));
    QVERIFY(removeNow(store, key).ok());
    QCOMPARE(readNow(store, key).code(), int(Error::Code::NotFound));
}

void tst_Keychain::readMissing()
{
    if (isChild())
        QSKIP("parent-only");
    KeychainSecretStore store(m_service);
    const QString key = uniqueKey();
    const auto read = readNow(store, key);
    QVERIFY(!read.synchronous);
    QCOMPARE(read.calls, 1);
    QCOMPARE(read.code(), int(Error::Code::NotFound));
    QVERIFY2(read.message().contains(key), qPrintable(read.message()));
    QVERIFY2(read.message().contains(m_service), qPrintable(read.message()));

    // Entries are per service: another service's key of the same name is not this one.
    KeychainSecretStore other(m_service + u"-other"_s);
    QVERIFY(writeNow(other, key, "other").ok());
    QCOMPARE(readNow(store, key).code(), int(Error::Code::NotFound));
    QVERIFY(removeNow(other, key).ok());
}

void tst_Keychain::removeMissing()
{
    if (isChild())
        QSKIP("parent-only");
    KeychainSecretStore store(m_service);
    const auto removed = removeNow(store, uniqueKey());
    QVERIFY2(removed.ok(), removed.why().constData());
}

void tst_Keychain::callbacks()
{
    if (isChild())
        QSKIP("parent-only");
    KeychainSecretStore store(m_service);
    const QString key = uniqueKey();
    QVERIFY(writeNow(store, key, "v").ok());

    // A context that dies before the answer gets no callback, from any of the three calls.
    int dropped = 0;
    {
        QObject readContext;
        QObject writeContext;
        QObject removeContext;
        store.read(key, &readContext, [&](Result<QByteArray>) { ++dropped; });
        store.write(uniqueKey(), "x", &writeContext, [&](Result<void>) { ++dropped; });
        store.remove(uniqueKey(), &removeContext, [&](Result<void>) { ++dropped; });
    }
    // QtKeychain runs jobs one after another: once a later call is answered, those are done.
    const auto later = readNow(store, key);
    QVERIFY2(later.ok(), later.why().constData());
    QCOMPARE(later.calls, 1);
    QCOMPARE(dropped, 0);

    // The store may go before its calls finish: they still answer.
    Outcome<QByteArray> orphan;
    QObject context;
    {
        KeychainSecretStore shortLived(m_service);
        shortLived.read(key, &context, [&](Result<QByteArray> r) {
            ++orphan.calls;
            orphan.result = std::move(r);
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(orphan.calls, 1, 20000);
    QVERIFY2(orphan.ok(), orphan.why().constData());
    QCOMPARE(**orphan.result, QByteArray("v"));
    QVERIFY(removeNow(store, key).ok());
}

void tst_Keychain::unavailable_data()
{
    QTest::addColumn<QString>("program"); ///< empty: this test binary itself
    QTest::addColumn<QStringList>("arguments"); ///< before the test binary's own
    QTest::addColumn<QString>("busAddress"); ///< empty: unset
    QTest::addColumn<QString>("missing");
    QTest::addColumn<bool>("removeFails");

    // QtDBus keeps one session-bus connection per process, so each case runs in a child.
    QTest::addRow("no session bus at the address")
        << QString() << QStringList() << u"unix:path=/nonexistent/tandem-bus"_s
        << u"no D-Bus session bus"_s << true;
    QTest::addRow("no session bus address")
        << QString() << QStringList() << QString() << u"no D-Bus session bus"_s << true;
    // A bus whose configuration names no service directories: nothing provides the service.
    QTest::addRow("session bus without a Secret Service")
        << u"dbus-run-session"_s << QStringList { u"--config-file=@BUSCONF@"_s, u"--"_s }
        << QString() << u"no Secret Service"_s << true;
    // The standard bus starts gnome-keyring on demand, but nobody created a login keyring.
    QTest::addRow("Secret Service without a default collection")
        << u"dbus-run-session"_s << QStringList { u"--"_s } << QString() << u"default collection"_s
        << false;
}

void tst_Keychain::unavailable()
{
    if (isChild())
        QSKIP("parent-only");
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QString, busAddress);
    QFETCH(QString, missing);
    QFETCH(bool, removeFails);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString home = dir.filePath(u"home"_s);
    const QString runtime = dir.filePath(u"run"_s);
    QVERIFY(QDir().mkpath(home) && QDir().mkpath(runtime));
    QVERIFY(QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QString busConf = dir.filePath(u"bus.conf"_s);
    {
        QFile conf(busConf);
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration "
                   "1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                   "<busconfig><type>session</type><listen>unix:tmpdir="
            + runtime.toUtf8()
            + "</listen><auth>EXTERNAL</auth><policy context=\"default\">"
              "<allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/>"
              "<allow own=\"*\"/></policy></busconfig>\n");
    }

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
             "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" })
        env.remove(QString::fromLatin1(name));
    if (!busAddress.isEmpty())
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, busAddress);
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_RUNTIME_DIR"_s, runtime);
    env.insert(QString::fromLatin1(kChildSwitch), u"1"_s);
    env.insert(QString::fromLatin1(kChildExpect), missing);
    env.insert(QString::fromLatin1(kChildRemoveFails), removeFails ? u"1"_s : u"0"_s);

    const QString self = QCoreApplication::applicationFilePath();
    QStringList args;
    for (const QString &a : std::as_const(arguments))
        args.append(QString(a).replace(u"@BUSCONF@"_s, busConf));
    if (program.isEmpty())
        program = self;
    else
        args.append(self);
    args.append(u"childExpectUnavailable"_s);

    QProcess child;
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(program, args);
    QVERIFY2(child.waitForFinished(90000), qPrintable(child.errorString()));
    const QByteArray output = child.readAll();
    QVERIFY2(
        child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, output.constData());
    // Not skipped, not silently absent: the child really ran its checks.
    QVERIFY2(
        output.contains("PASS   : tst_Keychain::childExpectUnavailable()"), output.constData());
    // Never a plain-text fallback: the secret the child tried to store is in no file.
    QVERIFY(!allFilesUnder(home).contains(kChildMarker));
}

void tst_Keychain::childExpectUnavailable()
{
    if (!isChild())
        QSKIP("runs as a child process of unavailable()");
    const QString missing = qEnvironmentVariable(kChildExpect);
    const bool removeFails = qEnvironmentVariable(kChildRemoveFails) == u"1";
    QVERIFY(!missing.isEmpty());
    KeychainSecretStore store(u"tandem-test-child"_s);

    const auto checkUnavailable = [&](int code, const QString &message) {
        qInfo() << "message:" << message;
        QCOMPARE(code, int(Error::Code::KeychainUnavailable));
        QVERIFY2(message.contains(missing), qPrintable(message));
        QVERIFY2(message.contains(u"`env:NAME`"_s), qPrintable(message));
        QVERIFY2(message.contains(u"`file:/path`"_s), qPrintable(message));
        QVERIFY2(message.contains(u"Secret Service"_s), qPrintable(message));
    };

    const auto read = readNow(store, u"k"_s);
    QVERIFY(!read.synchronous);
    QCOMPARE(read.calls, 1);
    checkUnavailable(read.code(), read.message());
    if (QTest::currentTestFailed())
        return;

    const auto written = writeNow(store, u"k"_s, kChildMarker);
    QCOMPARE(written.calls, 1);
    checkUnavailable(written.code(), written.message());
    // QtKeychain's own words are passed on.
    QVERIFY2(written.message().contains(u"(QtKeychain: "_s), qPrintable(written.message()));
    if (QTest::currentTestFailed())
        return;

    const auto removed = removeNow(store, u"k"_s);
    QCOMPARE(removed.calls, 1);
    if (removeFails)
        checkUnavailable(removed.code(), removed.message());
    else
        QVERIFY2(removed.ok(), removed.why().constData()); // nothing could have been stored
}

void tst_Keychain::locked()
{
    if (isChild())
        QSKIP("parent-only");
    KeychainSecretStore store(m_service);
    const QString key = uniqueKey();
    const QByteArray value = "kept while locked";
    QVERIFY(writeNow(store, key, value).ok());
    // The same read succeeds while unlocked, so what follows is the lock's doing.
    auto read = readNow(store, key);
    QVERIFY2(read.ok(), read.why().constData());
    QCOMPARE(**read.result, value);

    const QString lockError = lockDefaultCollection();
    QVERIFY2(lockError.isEmpty(), qPrintable(lockError));
    const auto isLocked = defaultCollectionLocked();
    QVERIFY2(isLocked, qPrintable(isLocked ? QString() : isLocked.error()));
    QVERIFY2(*isLocked, "Lock did not lock the default collection");

    const auto checkLocked = [](const char *what, int code, const QString &message) {
        qInfo() << what << "message:" << message;
        QCOMPARE(code, int(Error::Code::KeychainLocked));
        QVERIFY2(message.contains(u"is locked"_s), qPrintable(message));
        QVERIFY2(message.contains(u"gnome-keyring-daemon --unlock"_s), qPrintable(message));
        QVERIFY2(message.contains(u"nothing was lost"_s), qPrintable(message));
    };
    // QtKeychain says EntryNotFound here: the store must not.
    read = readNow(store, key);
    QVERIFY(!read.synchronous);
    QCOMPARE(read.calls, 1);
    checkLocked("read", read.code(), read.message());
    QVERIFY2(read.message().contains(key), qPrintable(read.message()));
    const auto missing = readNow(store, uniqueKey());
    checkLocked("read missing", missing.code(), missing.message());
    const auto written = writeNow(store, uniqueKey(), "new");
    QCOMPARE(written.calls, 1);
    checkLocked("write", written.code(), written.message());
    const auto removed = removeNow(store, key);
    QCOMPARE(removed.calls, 1);
    checkLocked("remove", removed.code(), removed.message());
    if (QTest::currentTestFailed())
        return;

    // Unlocked again, the entry is there: the failed remove removed nothing, nothing was lost.
    const QString unlockError = unlockDefaultCollection();
    QVERIFY2(unlockError.isEmpty(), qPrintable(unlockError));
    const auto stillLocked = defaultCollectionLocked();
    QVERIFY(stillLocked && !*stillLocked);
    read = readNow(store, key);
    QVERIFY2(read.ok(), read.why().constData());
    QCOMPARE(**read.result, value);
    QVERIFY(removeNow(store, key).ok());
}

void tst_Keychain::engineHoldsWhileLockedAndResumesWhenUnlocked()
{
    if (isChild())
        QSKIP("parent-only");
    KeychainSecretStore store(m_service);
    const QString key = uniqueKey();
    QVERIFY(writeNow(store, key, "locked-away-token").ok());
    Tandem::Demo::SimulatedHttpServer target([](const Tandem::Demo::HttpExchange &e) {
        Tandem::Demo::SimulatedResponse r;
        r.status = e.header("Authorization") == "Bearer locked-away-token" ? 200 : 401;
        return r;
    });
    QVERIFY(target.listen() != 0);
    const QString lockError = lockDefaultCollection();
    QVERIFY2(lockError.isEmpty(), qPrintable(lockError));

    QTemporaryDir dir;
    EngineOptions options;
    options.keychain = &store;
    options.credentialRetryMs = 200;
    auto engine = Testing::startEngine(dir.filePath(u"tandem.db"_s),
        { Testing::targetConfig(QJsonObject {
            { u"name"_s, u"inventory"_s },
            { u"url"_s, target.url(u"/in"_s).toString() },
            { u"auth"_s,
                QJsonObject { { u"kind"_s, u"bearer"_s }, { u"token"_s, QString(u"keychain:"_s + key) } } },
        }) },
        options);
    const QStringList ids = Testing::enqueue(*engine, { "{}" }, this);
    QCOMPARE(ids.size(), 1);
    // Locked is not "no secret": the target says the keychain is locked and waits.
    QTRY_VERIFY_WITH_TIMEOUT(
        Testing::metricsOf(*engine, u"inventory"_s).heldReason.contains(u"is locked"_s), 10'000);
    QCOMPARE(target.requestCount(), 0);
    QCOMPARE(Testing::deliveryOf(*engine, ids[0], u"inventory"_s).state, DeliveryState::Pending);

    const QString unlockError = unlockDefaultCollection();
    QVERIFY2(unlockError.isEmpty(), qPrintable(unlockError));
    QTRY_COMPARE_WITH_TIMEOUT(Testing::deliveryOf(*engine, ids[0], u"inventory"_s).state,
        DeliveryState::Delivered, 10'000);
    QCOMPARE(target.requestCount(), 1);
    QVERIFY(Testing::stopEngine(*engine));
    QVERIFY(removeNow(store, key).ok());
}

QTEST_GUILESS_MAIN(tst_Keychain)
#include "tst_keychain.moc"
