// SPDX-License-Identifier: GPL-3.0-or-later
#include <memory>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include "engine/store/sqlitestore.h"
#include "engine/store/storejson.h"
#include "tests/support/resultcheck.h"
#include "tests/support/testtargets.h"

using namespace Tandem;

namespace {

// A fixed clock: every timestamp the tests pass to the store is T0 plus an offset.
constexpr qint64 T0 = 1'700'000'000'000;
constexpr qint64 Day = 86'400'000;

TargetConfig targetConfig(const QString &name, bool enabled = true)
{
    TargetConfig c = Testing::unreachableTarget(name);
    c.enabled = enabled;
    return c;
}

NewMessage newMessage(int n, const QByteArray &key = {}, const QByteArray &partition = {})
{
    return NewMessage { QByteArrayLiteral("{\"n\":") + QByteArray::number(n) + '}', key,
        partition };
}

AttemptRecord attempt(const ClaimedDelivery &c, DeliveryState state, int status,
    ErrorClass errorClass, const QString &error, qint64 startedAtMs)
{
    AttemptRecord r;
    r.deliveryId = c.deliveryId;
    r.round = c.round;
    r.attemptNo = c.attempts + 1;
    r.outcome.httpStatus = status;
    r.outcome.errorClass = errorClass;
    r.outcome.error = error;
    r.outcome.startedAtMs = startedAtMs;
    r.outcome.latencyUs = 1500;
    r.newState = state;
    return r;
}

AttemptRecord deadAttempt(const ClaimedDelivery &c, qint64 now, const QString &reason)
{
    AttemptRecord r = attempt(
        c, DeliveryState::Dead, 422, ErrorClass::Http4xx, QStringLiteral("HTTP 422"), now);
    r.deadReason = reason;
    return r;
}

// Runs SQL on a file through a connection of its own, as another program would, and returns the
// first column of the first row of the last statement. `error` receives the first failure.
QVariant runSql(const QString &path, const QStringList &statements, QString *error = nullptr)
{
    static int counter = 0;
    const QString name = QStringLiteral("tst_sqlitestore-%1").arg(++counter);
    QVariant result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open()) {
            if (error)
                *error = db.lastError().text();
        } else {
            for (const QString &sql : statements) {
                QSqlQuery q(db);
                if (!q.exec(sql)) {
                    if (error)
                        *error = sql + QStringLiteral(": ") + q.lastError().text();
                    break;
                }
                result = q.next() ? q.value(0) : QVariant();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// Root ignores permission bits, so as root "read-only" is made with the immutable attribute.
// Returns an empty string on success, else why it could not be done.
QString makeReadOnly(const QString &path)
{
    if (::geteuid() != 0) {
        const QFileInfo info(path);
        const QFile::Permissions p
            = info.isDir() ? (QFile::ReadOwner | QFile::ExeOwner) : QFile::ReadOwner;
        return QFile::setPermissions(path, p) ? QString() : QStringLiteral("chmod failed");
    }
    QProcess chattr;
    chattr.start(QStringLiteral("chattr"), { QStringLiteral("+i"), path });
    if (!chattr.waitForFinished(10'000))
        return QStringLiteral("chattr +i could not be run: ") + chattr.errorString();
    if (chattr.exitStatus() != QProcess::NormalExit || chattr.exitCode() != 0)
        return QStringLiteral("chattr +i failed: ")
            + QString::fromLocal8Bit(chattr.readAllStandardError()).trimmed();
    return {};
}

void makeWritable(const QString &path)
{
    if (::geteuid() != 0) {
        const QFileInfo info(path);
        QFile::setPermissions(path,
            info.isDir() ? (QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)
                         : (QFile::ReadOwner | QFile::WriteOwner));
        return;
    }
    QProcess::execute(QStringLiteral("chattr"), { QStringLiteral("-i"), path });
}

const DeliveryView *deliveryTo(const MessageView &m, const QString &target)
{
    for (const DeliveryView &d : m.deliveries) {
        if (d.target == target)
            return &d;
    }
    return nullptr;
}

TargetCounts countsOf(const QList<TargetCounts> &all, const QString &target)
{
    for (const TargetCounts &c : all) {
        if (c.target == target)
            return c;
    }
    TargetCounts none;
    none.target = QStringLiteral("<missing %1>").arg(target);
    none.pending = -1;
    return none;
}

} // namespace

class tst_SqliteStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void cleanupTestCase();

    void freshFileMigrates();
    void reopenKeepsData();
    void refusesForeignFiles_data();
    void refusesForeignFiles();
    void refusesUnwritableLocation_data();
    void refusesUnwritableLocation();

    void enqueueWithoutEnabledTargetsStoresNothing();
    void enqueueFansOutToEnabledTargets();
    void idempotencyKey_data();
    void idempotencyKey();
    void repeatedKeyReturnsTheOriginal();

    void claimReturnsDueDeliveriesOldestFirst();
    void recordAttempts_data();
    void recordAttempts();
    void attemptHistory();
    void requeueInFlight();
    void replayStartsNewRoundKeepingHistory();
    void discardLeavesDeadLetterQueue();
    void deadLetterSelection_data();
    void deadLetterSelection();
    void deadLetterQuery_data();
    void deadLetterQuery();
    void deadLetterQueryPagesInOrder();
    void countsPerTarget();

    void addTargetRefusesDuplicate();
    void importUpdatesAndAdds();
    void removeTargetOnlyWhenNothingUndelivered();

    void outboxSources();
    void outboxProgress();
    void outboxTablesMigrateFromSchema4();
    void retryAfterMigratesFromSchema6();

    void groupCommit_data();
    void groupCommit();
    void failureInsideBatchKeepsEarlierWork();

    void fullDisk();

private:
    void unmountScratch();

    QString m_mountPoint;
};

void tst_SqliteStore::cleanup() { unmountScratch(); }

void tst_SqliteStore::cleanupTestCase() { unmountScratch(); }

void tst_SqliteStore::unmountScratch()
{
    if (m_mountPoint.isEmpty())
        return;
    if (QProcess::execute(QStringLiteral("umount"), { m_mountPoint }) != 0)
        QProcess::execute(QStringLiteral("umount"), { QStringLiteral("-l"), m_mountPoint });
    m_mountPoint.clear();
}

// ---- opening ------------------------------------------------------------------------------------

void tst_SqliteStore::freshFileMigrates()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tandem.db"));
    {
        auto opened = SqliteStore::open(path);
        VERIFY_OK(opened);
        QCOMPARE((*opened)->path(), path);
        auto targets = (*opened)->targets();
        VERIFY_OK(targets);
        QVERIFY(targets->isEmpty());
        auto version = (*opened)->configVersion();
        VERIFY_OK(version);
    }
    QVERIFY(QFileInfo(path).isFile());
    QString error;
    QCOMPARE(runSql(path, { QStringLiteral("PRAGMA user_version") }, &error).toInt(),
        SqliteStore::SchemaVersion);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(runSql(path, { QStringLiteral("PRAGMA journal_mode") }, &error).toString(),
        QStringLiteral("wal"));
    QVERIFY(runSql(path, { QStringLiteral("PRAGMA application_id") }, &error).toLongLong() != 0);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void tst_SqliteStore::reopenKeepsData()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tandem.db"));
    QString id;
    qint64 targetId = 0;
    {
        auto opened = SqliteStore::open(path);
        VERIFY_OK(opened);
        auto added = (*opened)->addTarget(targetConfig(QStringLiteral("inventory")));
        VERIFY_OK(added);
        targetId = *added;
        auto ids = (*opened)->enqueue({ newMessage(7) }, T0);
        VERIFY_OK(ids);
        QCOMPARE(ids->size(), 1);
        id = ids->first();
    }
    auto opened = SqliteStore::open(path);
    VERIFY_OK(opened);
    auto targets = (*opened)->targets();
    VERIFY_OK(targets);
    QCOMPARE(targets->size(), 1);
    QCOMPARE(targets->first().id, targetId);
    QCOMPARE(targets->first().config, targetConfig(QStringLiteral("inventory")));
    auto m = (*opened)->message(id);
    VERIFY_OK(m);
    QCOMPARE(m->payload, QByteArrayLiteral("{\"n\":7}"));
    QCOMPARE(m->createdAtMs, T0);
    QCOMPARE(m->deliveries.size(), 1);
    QCOMPARE(m->deliveries.first().state, DeliveryState::Pending);
    QCOMPARE(runSql(path, { QStringLiteral("PRAGMA user_version") }).toInt(),
        SqliteStore::SchemaVersion);
}

void tst_SqliteStore::refusesForeignFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");

    QTest::addRow("newer schema") << QStringLiteral("newer") << QStringLiteral("newer");
    QTest::addRow("random bytes") << QStringLiteral("garbage")
                                  << QStringLiteral("not a Tandem store, or corrupt");
    QTest::addRow("text file") << QStringLiteral("text")
                               << QStringLiteral("not a Tandem store, or corrupt");
    QTest::addRow("another application's database (a table, application_id 0)")
        << QStringLiteral("foreign-table") << QStringLiteral("not a Tandem store");
    QTest::addRow("another application's database (empty, its own application_id)")
        << QStringLiteral("foreign-id") << QStringLiteral("not a Tandem store");
    QTest::addRow("a directory") << QStringLiteral("directory") << QStringLiteral("not a file");
}

void tst_SqliteStore::refusesForeignFiles()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tandem.db"));

    QString error;
    if (kind == u"newer") {
        {
            auto opened = SqliteStore::open(path);
            VERIFY_OK(opened);
            VERIFY_OK((*opened)->addTarget(targetConfig(QStringLiteral("inventory"))));
        }
        runSql(path, { QStringLiteral("PRAGMA user_version = 99") }, &error);
    } else if (kind == u"garbage") {
        QByteArray bytes(8192, Qt::Uninitialized);
        QRandomGenerator(42).fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        QVERIFY(writeFile(path, bytes));
    } else if (kind == u"text") {
        QVERIFY(writeFile(path, QByteArrayLiteral("{\"targets\": []}\n")));
    } else if (kind == u"foreign-table") {
        runSql(path,
            { QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"),
                QStringLiteral("INSERT INTO notes (body) VALUES ('keep me')") },
            &error);
    } else if (kind == u"foreign-id") {
        runSql(path, { QStringLiteral("PRAGMA application_id = 1234") }, &error);
    } else if (kind == u"directory") {
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("tandem.db")));
    }
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QByteArray before = readAll(path);

    auto opened = SqliteStore::open(path);
    QVERIFY2(!opened.has_value(), "the store was opened");
    QCOMPARE(opened.error().code, Error::Code::Store);
    QVERIFY2(opened.error().message.contains(expected), qPrintable(opened.error().message));
    QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
    // A refusal leaves the file as it was: nothing migrated, nothing switched to WAL.
    QCOMPARE(readAll(path), before);
    if (kind == u"newer")
        QCOMPARE(runSql(path, { QStringLiteral("PRAGMA user_version") }).toInt(), 99);
    if (kind == u"foreign-table") {
        QCOMPARE(runSql(path, { QStringLiteral("SELECT body FROM notes") }).toString(),
            QStringLiteral("keep me"));
        QCOMPARE(runSql(path, { QStringLiteral("PRAGMA journal_mode") }).toString(),
            QStringLiteral("delete"));
    }
}

void tst_SqliteStore::refusesUnwritableLocation_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addRow("parent is a regular file") << QStringLiteral("parent-file");
    QTest::addRow("read-only directory, no store yet") << QStringLiteral("read-only-dir");
    QTest::addRow("existing store in a read-only directory")
        << QStringLiteral("store-in-read-only-dir");
    QTest::addRow("read-only store file") << QStringLiteral("read-only-file");
}

void tst_SqliteStore::refusesUnwritableLocation()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString sub = dir.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(sub));
    QString path = QDir(sub).filePath(QStringLiteral("tandem.db"));
    QString lockedPath;
    // Declared after `dir`, so it runs before the directory is removed, whatever fails.
    auto unlock = qScopeGuard([&] {
        if (!lockedPath.isEmpty())
            makeWritable(lockedPath);
    });

    if (kind == u"parent-file") {
        const QString file = dir.filePath(QStringLiteral("plain"));
        QVERIFY(writeFile(file, QByteArrayLiteral("x")));
        path = file + QStringLiteral("/tandem.db");
    } else {
        if (kind != u"read-only-dir") {
            auto opened = SqliteStore::open(path);
            VERIFY_OK(opened);
            VERIFY_OK((*opened)->addTarget(targetConfig(QStringLiteral("inventory"))));
        }
        QVERIFY2(!QFileInfo::exists(path + QStringLiteral("-wal")),
            "the WAL outlived the last connection");
        lockedPath = kind == u"read-only-file" ? path : sub;
        if (const QString why = makeReadOnly(lockedPath); !why.isEmpty()) {
            lockedPath.clear();
            QSKIP(qPrintable(
                QStringLiteral("running as root, which ignores permission bits, and %1").arg(why)));
        }
    }
    const QStringList before
        = QDir(QFileInfo(path).absolutePath()).entryList(QDir::AllEntries | QDir::Hidden);

    auto opened = SqliteStore::open(path);
    QVERIFY2(!opened.has_value(), "a store was opened where nothing can be written");
    QCOMPARE(opened.error().code, Error::Code::Store);
    QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
    // Nothing was created next to it either.
    QCOMPARE(
        QDir(QFileInfo(path).absolutePath()).entryList(QDir::AllEntries | QDir::Hidden), before);
    if (kind == u"parent-file")
        QCOMPARE(readAll(dir.filePath(QStringLiteral("plain"))), QByteArrayLiteral("x"));
}

// ---- enqueue ------------------------------------------------------------------------------------

void tst_SqliteStore::enqueueWithoutEnabledTargetsStoresNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tandem.db"));
    auto opened = SqliteStore::open(path);
    VERIFY_OK(opened);
    SqliteStore &store = **opened;

    auto none = store.enqueue({ newMessage(1), newMessage(2) }, T0);
    QVERIFY(!none.has_value());
    QCOMPARE(none.error().code, Error::Code::Invalid);
    QVERIFY2(
        none.error().message.contains(QStringLiteral("target")), qPrintable(none.error().message));

    VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("paused"), false)));
    auto disabledOnly = store.enqueue({ newMessage(3) }, T0);
    QVERIFY(!disabledOnly.has_value());
    QCOMPARE(disabledOnly.error().code, Error::Code::Invalid);

    QString error;
    QCOMPARE(runSql(path, { QStringLiteral("SELECT count(*) FROM messages") }, &error).toInt(), 0);
    QCOMPARE(
        runSql(path, { QStringLiteral("SELECT count(*) FROM deliveries") }, &error).toInt(), 0);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto counts = store.counts();
    VERIFY_OK(counts);
    QCOMPARE(counts->size(), 1);
    QCOMPARE(counts->first().pending, 0);
}

void tst_SqliteStore::enqueueFansOutToEnabledTargets()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("inventory"))));
    VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("paused"), false)));
    VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("logistics"))));

    auto ids = store.enqueue(
        { newMessage(1), newMessage(2, {}, QByteArrayLiteral("customer-9")) }, T0 + 5);
    VERIFY_OK(ids);
    QCOMPARE(ids->size(), 2);
    QVERIFY(ids->at(0) != ids->at(1));

    for (int i = 0; i < 2; ++i) {
        auto m = store.message(ids->at(i));
        VERIFY_OK(m);
        QCOMPARE(m->id, ids->at(i));
        QCOMPARE(m->payload, newMessage(i + 1).payload);
        QCOMPARE(m->createdAtMs, T0 + 5);
        QCOMPARE(m->partitionKey, i == 1 ? QByteArrayLiteral("customer-9") : QByteArray());
        QVERIFY(!m->traceId.isEmpty());
        QCOMPARE(m->deliveries.size(), 2);
        for (const QString &t : { QStringLiteral("inventory"), QStringLiteral("logistics") }) {
            const DeliveryView *d = deliveryTo(*m, t);
            QVERIFY2(d, qPrintable(t));
            QCOMPARE(d->state, DeliveryState::Pending);
            QCOMPARE(d->attempts, 0);
            QCOMPARE(d->round, 0);
            QVERIFY(d->history.isEmpty());
        }
        QVERIFY(!deliveryTo(*m, QStringLiteral("paused")));
    }
    auto counts = store.counts();
    VERIFY_OK(counts);
    QCOMPARE(countsOf(*counts, QStringLiteral("inventory")).pending, 2);
    QCOMPARE(countsOf(*counts, QStringLiteral("logistics")).pending, 2);
    QCOMPARE(countsOf(*counts, QStringLiteral("paused")).pending, 0);

    // All or nothing: a list whose second message cannot be stored leaves no trace of the first.
    auto partial = store.enqueue({ newMessage(3), NewMessage { QByteArray(), {}, {} } }, T0 + 6);
    QVERIFY2(!partial.has_value(), "a message without payload was stored");
    auto after = store.counts();
    VERIFY_OK(after);
    QCOMPARE(countsOf(*after, QStringLiteral("inventory")).pending, 2);
    QCOMPARE(countsOf(*after, QStringLiteral("logistics")).pending, 2);

    auto unknown = store.message(QStringLiteral("01890000-0000-7000-8000-000000000000"));
    QVERIFY(!unknown.has_value());
    QCOMPARE(unknown.error().code, Error::Code::NotFound);
}

void tst_SqliteStore::idempotencyKey_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addRow("defaults to the message id") << QByteArray();
    QTest::addRow("given by the producer") << QByteArrayLiteral("order-4711");
    QTest::addRow("non-ASCII") << QByteArrayLiteral("bestellung-\xc3\xa4\xc3\xb6\xc3\xbc");
}

void tst_SqliteStore::idempotencyKey()
{
    QFETCH(QByteArray, key);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto targetId = store.addTarget(targetConfig(QStringLiteral("inventory")));
    VERIFY_OK(targetId);

    auto ids = store.enqueue({ newMessage(1, key) }, T0);
    VERIFY_OK(ids);
    const QByteArray expected = key.isEmpty() ? ids->first().toUtf8() : key;
    auto m = store.message(ids->first());
    VERIFY_OK(m);
    QCOMPARE(m->idempotencyKey, expected);
    // The worker sends what claim() hands it.
    auto claimed = store.claim(*targetId, 10, T0);
    VERIFY_OK(claimed);
    QCOMPARE(claimed->deliveries.size(), 1);
    QCOMPARE(claimed->deliveries.first().idempotencyKey, expected);
    QCOMPARE(claimed->deliveries.first().messageId, ids->first());
}

void tst_SqliteStore::repeatedKeyReturnsTheOriginal()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("inventory"))));
    auto window = store.idempotencyWindow();
    VERIFY_OK(window);
    QCOMPARE(*window, Store::DefaultIdempotencyWindowMs);

    auto first = store.enqueue({ newMessage(1, "order-1") }, T0);
    VERIFY_OK(first);
    // Again later, and twice within one batch beside a new key: the original id, nothing stored.
    auto again = store.enqueue(
        { newMessage(2, "order-1"), newMessage(3, "order-2"), newMessage(4, "order-2") },
        T0 + 1000);
    VERIFY_OK(again);
    QCOMPARE(again->size(), 3);
    QCOMPARE(again->at(0), first->first());
    QVERIFY(again->at(1) != first->first());
    QCOMPARE(again->at(2), again->at(1));
    auto counts = store.counts();
    VERIFY_OK(counts);
    QCOMPARE(countsOf(*counts, QStringLiteral("inventory")).pending, 2);
    auto original = store.message(first->first());
    VERIFY_OK(original);
    QCOMPARE(original->payload, newMessage(1, "order-1").payload); // the first one's payload

    // Past the window the key is free again.
    VERIFY_OK(store.setIdempotencyWindow(60'000));
    auto later = store.enqueue({ newMessage(5, "order-1") }, T0 + 61'000);
    VERIFY_OK(later);
    QVERIFY(later->first() != first->first());
    QVERIFY(!store.setIdempotencyWindow(10).has_value());

    // Looking the key up (the console's "Find message") names both, newest first.
    auto byKey = store.messageIdsForKey("order-1", 10);
    VERIFY_OK(byKey);
    QCOMPARE(*byKey, QStringList({ later->first(), first->first() }));
    auto limited = store.messageIdsForKey("order-1", 1);
    VERIFY_OK(limited);
    QCOMPARE(*limited, QStringList { later->first() });
    auto unknown = store.messageIdsForKey("order-9", 10);
    VERIFY_OK(unknown);
    QVERIFY(unknown->isEmpty());
}

// ---- dispatch -----------------------------------------------------------------------------------

void tst_SqliteStore::claimReturnsDueDeliveriesOldestFirst()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto a = store.addTarget(targetConfig(QStringLiteral("a")));
    auto b = store.addTarget(targetConfig(QStringLiteral("b")));
    VERIFY_OK(a);
    VERIFY_OK(b);

    // Enqueued newest first: the order of claim is the order of due time, not of insertion.
    QStringList byAge(3);
    for (int i = 2; i >= 0; --i) {
        auto ids = store.enqueue({ newMessage(i) }, T0 + 10 * i);
        VERIFY_OK(ids);
        byAge[i] = ids->first();
    }
    auto future = store.enqueue({ newMessage(99) }, T0 + 60'000);
    VERIFY_OK(future);

    auto first = store.claim(*a, 2, T0 + 1000);
    VERIFY_OK(first);
    QCOMPARE(first->deliveries.size(), 2);
    QCOMPARE(first->deliveries.at(0).messageId, byAge.at(0));
    QCOMPARE(first->deliveries.at(1).messageId, byAge.at(1));
    QCOMPARE(first->deliveries.at(0).payload, newMessage(0).payload);
    QCOMPARE(first->deliveries.at(0).attempts, 0);
    QCOMPARE(first->deliveries.at(0).round, 0);
    QCOMPARE(first->deliveries.at(0).createdAtMs, T0);
    for (const ClaimedDelivery &c : first->deliveries) {
        auto m = store.message(c.messageId);
        VERIFY_OK(m);
        QCOMPARE(deliveryTo(*m, QStringLiteral("a"))->state, DeliveryState::InFlight);
        QCOMPARE(deliveryTo(*m, QStringLiteral("a"))->deliveryId, c.deliveryId);
        // The other target's delivery of the same message is untouched.
        QCOMPARE(deliveryTo(*m, QStringLiteral("b"))->state, DeliveryState::Pending);
    }

    auto second = store.claim(*a, 2, T0 + 1000);
    VERIFY_OK(second);
    QCOMPARE(second->deliveries.size(), 1);
    QCOMPARE(second->deliveries.first().messageId, byAge.at(2));
    QVERIFY(second->nextDueAtMs.has_value());
    QCOMPARE(*second->nextDueAtMs, T0 + 60'000);

    auto third = store.claim(*a, 2, T0 + 1000);
    VERIFY_OK(third);
    QVERIFY(third->deliveries.isEmpty());
    QCOMPARE(third->nextDueAtMs, std::optional<qint64>(T0 + 60'000));

    auto due = store.claim(*a, 2, T0 + 60'000);
    VERIFY_OK(due);
    QCOMPARE(due->deliveries.size(), 1);
    QCOMPARE(due->deliveries.first().messageId, future->first());
    auto empty = store.claim(*a, 2, T0 + Day);
    VERIFY_OK(empty);
    QVERIFY(empty->deliveries.isEmpty());
    QVERIFY(!empty->nextDueAtMs.has_value());

    auto counts = store.counts();
    VERIFY_OK(counts);
    QCOMPARE(countsOf(*counts, QStringLiteral("a")).inFlight, 4);
    QCOMPARE(countsOf(*counts, QStringLiteral("a")).pending, 0);
    QCOMPARE(countsOf(*counts, QStringLiteral("b")).pending, 4);
    QCOMPARE(countsOf(*counts, QStringLiteral("b")).inFlight, 0);
}

void tst_SqliteStore::recordAttempts_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("errorClass");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("retryInMs");
    QTest::addColumn<QString>("deadReason");

    QTest::addRow("delivered (201)")
        << int(DeliveryState::Delivered) << 201 << int(ErrorClass::None) << QString() << qint64(0)
        << QString();
    QTest::addRow("retry_wait (503)")
        << int(DeliveryState::RetryWait) << 503 << int(ErrorClass::Http5xx)
        << QStringLiteral("HTTP 503 Service Unavailable") << qint64(4000) << QString();
    QTest::addRow("retry_wait (timeout)")
        << int(DeliveryState::RetryWait) << 0 << int(ErrorClass::Timeout)
        << QStringLiteral("no answer within 30000 ms") << qint64(250) << QString();
    QTest::addRow("dead (422)") << int(DeliveryState::Dead) << 422 << int(ErrorClass::Http4xx)
                                << QStringLiteral("HTTP 422 Unprocessable Entity") << qint64(0)
                                << QStringLiteral("non-retryable status 422");
    QTest::addRow("dead (connection, attempts exhausted)")
        << int(DeliveryState::Dead) << 0 << int(ErrorClass::Connection)
        << QStringLiteral("Connection refused") << qint64(0) << QStringLiteral("12 attempts made");
}

void tst_SqliteStore::recordAttempts()
{
    QFETCH(int, state);
    QFETCH(int, status);
    QFETCH(int, errorClass);
    QFETCH(QString, error);
    QFETCH(qint64, retryInMs);
    QFETCH(QString, deadReason);
    const auto newState = DeliveryState(state);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto targetId = store.addTarget(targetConfig(QStringLiteral("inventory")));
    VERIFY_OK(targetId);
    auto ids = store.enqueue({ newMessage(1) }, T0);
    VERIFY_OK(ids);
    auto claimed = store.claim(*targetId, 10, T0 + 100);
    VERIFY_OK(claimed);
    QCOMPARE(claimed->deliveries.size(), 1);

    const qint64 now = T0 + 200;
    AttemptRecord r = attempt(
        claimed->deliveries.first(), newState, status, ErrorClass(errorClass), error, T0 + 150);
    r.outcome.responseExcerpt = status ? QByteArrayLiteral("{\"detail\":\"x\"}") : QByteArray();
    r.dueAtMs = now + retryInMs;
    r.delayMs = retryInMs;
    r.deadReason = deadReason;
    VERIFY_OK(store.recordAttempts({ r }, now));

    auto m = store.message(ids->first());
    VERIFY_OK(m);
    QCOMPARE(m->deliveries.size(), 1);
    const DeliveryView &d = m->deliveries.first();
    QCOMPARE(d.state, newState);
    QCOMPARE(d.attempts, 1);
    QCOMPARE(d.lastStatus, status);
    QCOMPARE(d.lastError, error);
    QCOMPARE(d.deadReason, deadReason);
    QCOMPARE(d.updatedAtMs, now);
    QCOMPARE(d.history.size(), 1);
    const AttemptView &h = d.history.first();
    QCOMPARE(h.round, 0);
    QCOMPARE(h.attemptNo, 1);
    QCOMPARE(h.startedAtMs, T0 + 150);
    QCOMPARE(h.latencyUs, 1500);
    QCOMPARE(h.status, status);
    QCOMPARE(h.errorClass, errorClassName(ErrorClass(errorClass)));
    QCOMPARE(h.error, error);
    QCOMPARE(h.responseExcerpt, r.outcome.responseExcerpt);

    auto counts = store.counts();
    VERIFY_OK(counts);
    const TargetCounts c = countsOf(*counts, QStringLiteral("inventory"));
    QCOMPARE(c.inFlight, 0);
    QCOMPARE(c.delivered, newState == DeliveryState::Delivered ? 1 : 0);
    QCOMPARE(c.dead, newState == DeliveryState::Dead ? 1 : 0);
    QCOMPARE(c.pending, newState == DeliveryState::RetryWait ? 1 : 0);
    QCOMPARE(c.retryWait, newState == DeliveryState::RetryWait ? 1 : 0);

    auto dead = store.deadLetters(DeadLetterSelection { {}, {}, true });
    VERIFY_OK(dead);
    if (newState == DeliveryState::Dead) {
        QCOMPARE(dead->size(), 1);
        QCOMPARE(dead->first().messageId, ids->first());
        QCOMPARE(dead->first().target, QStringLiteral("inventory"));
        QCOMPARE(dead->first().reason, deadReason);
        QCOMPARE(dead->first().lastStatus, status);
        QCOMPARE(dead->first().lastError, error);
        QCOMPARE(dead->first().attempts, 1);
        QCOMPARE(dead->first().deadAtMs, now);
    } else {
        QVERIFY(dead->isEmpty());
    }

    if (newState == DeliveryState::RetryWait) {
        auto early = store.claim(*targetId, 10, now + retryInMs - 1);
        VERIFY_OK(early);
        QVERIFY2(early->deliveries.isEmpty(), "claimed before it was due");
        QCOMPARE(early->nextDueAtMs, std::optional<qint64>(now + retryInMs));
        auto onTime = store.claim(*targetId, 10, now + retryInMs);
        VERIFY_OK(onTime);
        QCOMPARE(onTime->deliveries.size(), 1);
        QCOMPARE(onTime->deliveries.first().attempts, 1);
        QCOMPARE(onTime->deliveries.first().lastDelayMs, retryInMs);
    } else {
        // Final states are never claimed again.
        auto later = store.claim(*targetId, 10, now + Day);
        VERIFY_OK(later);
        QVERIFY(later->deliveries.isEmpty());
        QVERIFY(!later->nextDueAtMs.has_value());
    }
}

void tst_SqliteStore::attemptHistory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto targetId = store.addTarget(targetConfig(QStringLiteral("inventory")));
    VERIFY_OK(targetId);
    auto ids = store.enqueue({ newMessage(1) }, T0);
    VERIFY_OK(ids);

    auto c1 = store.claim(*targetId, 1, T0);
    VERIFY_OK(c1);
    QCOMPARE(c1->deliveries.size(), 1);
    AttemptRecord first = attempt(c1->deliveries.first(), DeliveryState::RetryWait, 500,
        ErrorClass::Http5xx, QStringLiteral("HTTP 500"), T0 + 1);
    first.dueAtMs = T0 + 1000;
    first.delayMs = 1000;
    VERIFY_OK(store.recordAttempts({ first }, T0 + 10));

    auto c2 = store.claim(*targetId, 1, T0 + 1000);
    VERIFY_OK(c2);
    QCOMPARE(c2->deliveries.size(), 1);
    AttemptRecord second = attempt(c2->deliveries.first(), DeliveryState::RetryWait, 0,
        ErrorClass::Connection, QStringLiteral("Connection refused"), T0 + 1001);
    QCOMPARE(second.attemptNo, 2);
    second.dueAtMs = T0 + 3000;
    second.delayMs = 2000;
    VERIFY_OK(store.recordAttempts({ second }, T0 + 1010));

    // Expired while waiting: the worker gives up without sending, which is no attempt.
    auto c3 = store.claim(*targetId, 1, T0 + 3000);
    VERIFY_OK(c3);
    QCOMPARE(c3->deliveries.size(), 1);
    QCOMPARE(c3->deliveries.first().attempts, 2);
    AttemptRecord expired
        = attempt(c3->deliveries.first(), DeliveryState::Dead, 0, ErrorClass::None, {}, 0);
    expired.attemptNo = 2;
    expired.attempted = false;
    expired.deadReason = QStringLiteral("older than max_age_s");
    VERIFY_OK(store.recordAttempts({ expired }, T0 + 3001));

    auto m = store.message(ids->first());
    VERIFY_OK(m);
    const DeliveryView &d = m->deliveries.first();
    QCOMPARE(d.state, DeliveryState::Dead);
    QCOMPARE(d.attempts, 2);
    QCOMPARE(d.deadReason, QStringLiteral("older than max_age_s"));
    QCOMPARE(d.history.size(), 2);
    QCOMPARE(d.history.at(0).attemptNo, 1);
    QCOMPARE(d.history.at(0).status, 500);
    QCOMPARE(d.history.at(1).attemptNo, 2);
    QCOMPARE(d.history.at(1).errorClass, QStringLiteral("connection"));
    QCOMPARE(d.history.at(1).error, QStringLiteral("Connection refused"));
}

void tst_SqliteStore::requeueInFlight()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto targetId = store.addTarget(targetConfig(QStringLiteral("inventory")));
    VERIFY_OK(targetId);
    auto ids = store.enqueue({ newMessage(1), newMessage(2), newMessage(3), newMessage(4) }, T0);
    VERIFY_OK(ids);

    auto claimed = store.claim(*targetId, 3, T0);
    VERIFY_OK(claimed);
    QCOMPARE(claimed->deliveries.size(), 3);
    AttemptRecord waiting = attempt(claimed->deliveries.at(2), DeliveryState::RetryWait, 503,
        ErrorClass::Http5xx, QStringLiteral("HTTP 503"), T0);
    waiting.dueAtMs = T0 + 60'000;
    VERIFY_OK(store.recordAttempts({ waiting }, T0 + 1));

    // The engine died with two deliveries in flight.
    auto requeued = store.requeueInFlight(T0 + 5000);
    VERIFY_OK(requeued);
    QCOMPARE(*requeued, 2);
    auto counts = store.counts();
    VERIFY_OK(counts);
    QCOMPARE(countsOf(*counts, QStringLiteral("inventory")).inFlight, 0);
    QCOMPARE(countsOf(*counts, QStringLiteral("inventory")).pending, 4);
    QCOMPARE(countsOf(*counts, QStringLiteral("inventory")).retryWait, 1);

    auto again = store.claim(*targetId, 10, T0 + 5000);
    VERIFY_OK(again);
    QStringList got;
    for (const ClaimedDelivery &c : again->deliveries) {
        got.append(c.messageId);
        QCOMPARE(c.attempts, 0);
    }
    got.sort();
    QStringList expected { ids->at(0), ids->at(1), ids->at(3) };
    expected.sort();
    QCOMPARE(got, expected);
    QCOMPARE(again->nextDueAtMs, std::optional<qint64>(T0 + 60'000));

    auto none = store.requeueInFlight(T0 + 6000);
    VERIFY_OK(none);
    QCOMPARE(*none, 3);
    auto idle = store.requeueInFlight(T0 + 7000);
    VERIFY_OK(idle);
    QCOMPARE(*idle, 0);
}

void tst_SqliteStore::replayStartsNewRoundKeepingHistory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto inventory = store.addTarget(targetConfig(QStringLiteral("inventory")));
    auto logistics = store.addTarget(targetConfig(QStringLiteral("logistics")));
    VERIFY_OK(inventory);
    VERIFY_OK(logistics);
    auto ids = store.enqueue({ newMessage(1) }, T0);
    VERIFY_OK(ids);

    auto ci = store.claim(*inventory, 1, T0);
    VERIFY_OK(ci);
    QCOMPARE(ci->deliveries.size(), 1);
    VERIFY_OK(store.recordAttempts({ attempt(ci->deliveries.first(), DeliveryState::Delivered, 200,
                                       ErrorClass::None, {}, T0) },
        T0 + 1));

    auto cl = store.claim(*logistics, 1, T0);
    VERIFY_OK(cl);
    QCOMPARE(cl->deliveries.size(), 1);
    AttemptRecord retry = attempt(cl->deliveries.first(), DeliveryState::RetryWait, 503,
        ErrorClass::Http5xx, QStringLiteral("HTTP 503"), T0);
    retry.dueAtMs = T0 + 100;
    VERIFY_OK(store.recordAttempts({ retry }, T0 + 1));
    auto cl2 = store.claim(*logistics, 1, T0 + 100);
    VERIFY_OK(cl2);
    QCOMPARE(cl2->deliveries.size(), 1);
    VERIFY_OK(store.recordAttempts({ deadAttempt(cl2->deliveries.first(), T0 + 100,
                                       QStringLiteral("non-retryable status 422")) },
        T0 + 101));

    DeadLetterSelection selection;
    selection.messageIds = { ids->first() };
    auto replayed = store.replay(selection, T0 + 500);
    VERIFY_OK(replayed);
    QCOMPARE(*replayed, 1);

    auto m = store.message(ids->first());
    VERIFY_OK(m);
    const DeliveryView *l = deliveryTo(*m, QStringLiteral("logistics"));
    QVERIFY(l);
    QCOMPARE(l->state, DeliveryState::Pending);
    QCOMPARE(l->attempts, 0);
    QCOMPARE(l->round, 1);
    QVERIFY(l->deadReason.isEmpty());
    QCOMPARE(l->history.size(), 2);
    const DeliveryView *i = deliveryTo(*m, QStringLiteral("inventory"));
    QVERIFY(i);
    QCOMPARE(i->state, DeliveryState::Delivered);
    QCOMPARE(i->attempts, 1);
    QCOMPARE(i->round, 0);
    QCOMPARE(i->history.size(), 1);
    auto dead = store.deadLetters(DeadLetterSelection { {}, {}, true });
    VERIFY_OK(dead);
    QVERIFY(dead->isEmpty());

    // The new round is due at once, counts attempts afresh and keeps the same key.
    auto cl3 = store.claim(*logistics, 1, T0 + 500);
    VERIFY_OK(cl3);
    QCOMPARE(cl3->deliveries.size(), 1);
    QCOMPARE(cl3->deliveries.first().round, 1);
    QCOMPARE(cl3->deliveries.first().attempts, 0);
    QCOMPARE(cl3->deliveries.first().idempotencyKey, cl->deliveries.first().idempotencyKey);
    VERIFY_OK(store.recordAttempts({ attempt(cl3->deliveries.first(), DeliveryState::Delivered, 201,
                                       ErrorClass::None, {}, T0 + 500) },
        T0 + 501));
    auto after = store.message(ids->first());
    VERIFY_OK(after);
    l = deliveryTo(*after, QStringLiteral("logistics"));
    QCOMPARE(l->state, DeliveryState::Delivered);
    QCOMPARE(l->history.size(), 3);
    QCOMPARE(l->history.at(0).round, 0);
    QCOMPARE(l->history.at(1).round, 0);
    QCOMPARE(l->history.at(2).round, 1);
    QCOMPARE(l->history.at(2).attemptNo, 1);

    // Replaying what is not dead does nothing.
    auto again = store.replay(DeadLetterSelection { {}, {}, true }, T0 + 600);
    VERIFY_OK(again);
    QCOMPARE(*again, 0);
}

void tst_SqliteStore::discardLeavesDeadLetterQueue()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto targetId = store.addTarget(targetConfig(QStringLiteral("inventory")));
    VERIFY_OK(targetId);
    auto ids = store.enqueue({ newMessage(1), newMessage(2) }, T0);
    VERIFY_OK(ids);
    auto claimed = store.claim(*targetId, 10, T0);
    VERIFY_OK(claimed);
    QCOMPARE(claimed->deliveries.size(), 2);
    VERIFY_OK(store.recordAttempts(
        { deadAttempt(claimed->deliveries.at(0), T0, QStringLiteral("422")),
            deadAttempt(claimed->deliveries.at(1), T0, QStringLiteral("422")) },
        T0 + 1));

    DeadLetterSelection selection;
    selection.messageIds = { ids->at(0) };
    auto discarded = store.discard(selection, T0 + 10);
    VERIFY_OK(discarded);
    QCOMPARE(*discarded, 1);

    auto m = store.message(ids->at(0));
    VERIFY_OK(m);
    QCOMPARE(m->deliveries.first().state, DeliveryState::Discarded);
    QCOMPARE(m->deliveries.first().history.size(), 1);
    auto dead = store.deadLetters(DeadLetterSelection { {}, {}, true });
    VERIFY_OK(dead);
    QCOMPARE(dead->size(), 1);
    QCOMPARE(dead->first().messageId, ids->at(1));
    auto counts = store.counts();
    VERIFY_OK(counts);
    QCOMPARE(countsOf(*counts, QStringLiteral("inventory")).dead, 1);
    QCOMPARE(countsOf(*counts, QStringLiteral("inventory")).discarded, 1);

    // A discarded delivery is out of reach of replay.
    auto replayed = store.replay(selection, T0 + 20);
    VERIFY_OK(replayed);
    QCOMPARE(*replayed, 0);
    auto twice = store.discard(selection, T0 + 20);
    VERIFY_OK(twice);
    QCOMPARE(*twice, 0);
}

namespace {

// Twenty dead letters: inventory answered 422 to messages 0-9; billing answered 503 to the even
// ones of 10-19 and refused the connection for the odd ones. Message n died at T0 + n seconds.
Result<void> fillDeadLetters(SqliteStore &store)
{
    auto inventory = store.addTarget(targetConfig(QStringLiteral("inventory")));
    if (!inventory)
        return fail(inventory.error());
    auto billing = store.addTarget(targetConfig(QStringLiteral("billing")));
    if (!billing)
        return fail(billing.error());
    QList<NewMessage> messages;
    for (int n = 0; n < 20; ++n)
        messages.append(newMessage(n));
    if (auto ids = store.enqueue(messages, T0); !ids)
        return fail(ids.error());
    // Each message dies at one target; its other delivery stays in flight, out of the queue.
    for (const qint64 targetId : { *inventory, *billing }) {
        auto claimed = store.claim(targetId, 100, T0);
        if (!claimed)
            return fail(claimed.error());
        for (int n = 0; n < claimed->deliveries.size(); ++n) {
            const ClaimedDelivery &c = claimed->deliveries.at(n);
            const bool toBilling = n >= 10;
            if (toBilling != (targetId == *billing))
                continue;
            const qint64 at = T0 + n * 1000;
            AttemptRecord r = deadAttempt(c, at, QStringLiteral("HTTP 422"));
            if (toBilling && n % 2 == 0)
                r = attempt(c, DeliveryState::Dead, 503, ErrorClass::Http5xx,
                    QStringLiteral("HTTP 503"), at);
            else if (toBilling)
                r = attempt(c, DeliveryState::Dead, 0, ErrorClass::Connection,
                    QStringLiteral("Connection refused"), at);
            if (auto recorded = store.recordAttempts({ r }, at); !recorded)
                return fail(recorded.error());
        }
    }
    return {};
}

} // namespace

void tst_SqliteStore::deadLetterQuery_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorClass");
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("fromMs");
    QTest::addColumn<qint64>("toMs");
    QTest::addColumn<int>("expected");

    QTest::addRow("everything") << QString() << 0 << QString() << QString() << 0LL << 0LL << 20;
    QTest::addRow("one target") << QStringLiteral("billing") << 0 << QString() << QString() << 0LL
                                << 0LL << 10;
    QTest::addRow("status") << QString() << 503 << QString() << QString() << 0LL << 0LL << 5;
    QTest::addRow("error class") << QString() << 0 << QStringLiteral("connection") << QString()
                                 << 0LL << 0LL << 5;
    QTest::addRow("error class and target")
        << QStringLiteral("inventory") << 0 << QStringLiteral("http_4xx") << QString() << 0LL << 0LL
        << 10;
    QTest::addRow("payload text") << QString() << 0 << QString() << QStringLiteral("\"n\":17")
                                  << 0LL << 0LL << 1;
    QTest::addRow("error text, any case")
        << QString() << 0 << QString() << QStringLiteral("REFUSED") << 0LL << 0LL << 5;
    QTest::addRow("LIKE wildcards are literal")
        << QString() << 0 << QString() << QStringLiteral("%") << 0LL << 0LL << 0;
    QTest::addRow("time range") << QString() << 0 << QString() << QString() << T0 + 5000
                                << T0 + 12'000 << 7;
}

void tst_SqliteStore::deadLetterQuery()
{
    QFETCH(QString, target);
    QFETCH(int, status);
    QFETCH(QString, errorClass);
    QFETCH(QString, text);
    QFETCH(qint64, fromMs);
    QFETCH(qint64, toMs);
    QFETCH(int, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    VERIFY_OK(fillDeadLetters(**opened));

    DeadLetterQuery query;
    query.target = target;
    query.status = status;
    query.errorClass = errorClass;
    query.text = text;
    query.fromMs = fromMs;
    query.toMs = toMs;
    query.limit = 100;
    auto count = (*opened)->countDeadLetters(query);
    VERIFY_OK(count);
    QCOMPARE(*count, expected);
    auto rows = (*opened)->findDeadLetters(query);
    VERIFY_OK(rows);
    QCOMPARE(rows->size(), expected);
    for (const DeadLetter &d : *rows) {
        if (!target.isEmpty())
            QCOMPARE(d.target, target);
        if (status != 0)
            QCOMPARE(d.lastStatus, status);
        if (fromMs > 0)
            QVERIFY(d.deadAtMs >= fromMs && d.deadAtMs < toMs);
    }
}

void tst_SqliteStore::deadLetterQueryPagesInOrder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    VERIFY_OK(fillDeadLetters(store));

    DeadLetterQuery query;
    query.sortBy = DeadLetterQuery::SortKey::DeadAt;
    query.descending = false;
    query.limit = 7;
    QList<DeadLetter> all;
    for (;;) {
        auto page = store.findDeadLetters(query);
        VERIFY_OK(page);
        all += *page;
        if (page->size() < query.limit)
            break;
        query.offset += page->size();
    }
    QCOMPARE(all.size(), 20);
    for (int i = 0; i < all.size(); ++i)
        QCOMPARE(all.at(i).deadAtMs, T0 + i * 1000);

    query = {};
    query.sortBy = DeadLetterQuery::SortKey::Target;
    query.descending = false;
    query.limit = 100;
    auto byTarget = store.findDeadLetters(query);
    VERIFY_OK(byTarget);
    QCOMPARE(byTarget->first().target, QStringLiteral("billing"));
    QCOMPARE(byTarget->last().target, QStringLiteral("inventory"));
    query.descending = true;
    byTarget = store.findDeadLetters(query);
    VERIFY_OK(byTarget);
    QCOMPARE(byTarget->first().target, QStringLiteral("inventory"));
}

void tst_SqliteStore::deadLetterSelection_data()
{
    QTest::addColumn<QList<int>>("messages"); // indexes of the three dead messages
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("all");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("expected");

    QTest::addRow("all") << QList<int> {} << QString() << true << 1000 << 6;
    QTest::addRow("all of one target") << QList<int> {} << QStringLiteral("a") << true << 1000 << 3;
    QTest::addRow("one message, every target")
        << QList<int> { 1 } << QString() << false << 1000 << 2;
    QTest::addRow("two messages of one target")
        << QList<int> { 0, 2 } << QStringLiteral("b") << false << 1000 << 2;
    QTest::addRow("no ids without all selects none")
        << QList<int> {} << QString() << false << 1000 << 0;
    QTest::addRow("unknown target") << QList<int> {} << QStringLiteral("nope") << true << 1000 << 0;
    QTest::addRow("unknown message id") << QList<int> { -1 } << QString() << false << 1000 << 0;
    QTest::addRow("limit") << QList<int> {} << QString() << true << 4 << 4;
}

void tst_SqliteStore::deadLetterSelection()
{
    QFETCH(QList<int>, messages);
    QFETCH(QString, target);
    QFETCH(bool, all);
    QFETCH(int, limit);
    QFETCH(int, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto a = store.addTarget(targetConfig(QStringLiteral("a")));
    auto b = store.addTarget(targetConfig(QStringLiteral("b")));
    VERIFY_OK(a);
    VERIFY_OK(b);
    auto ids = store.enqueue({ newMessage(0), newMessage(1), newMessage(2), newMessage(3) }, T0);
    VERIFY_OK(ids);
    // The first three messages die at both targets; the fourth is delivered.
    for (qint64 t : { *a, *b }) {
        auto claimed = store.claim(t, 10, T0);
        VERIFY_OK(claimed);
        QCOMPARE(claimed->deliveries.size(), 4);
        QList<AttemptRecord> records;
        for (int i = 0; i < 3; ++i)
            records.append(deadAttempt(claimed->deliveries.at(i), T0 + i, QStringLiteral("422")));
        records.append(attempt(
            claimed->deliveries.at(3), DeliveryState::Delivered, 200, ErrorClass::None, {}, T0));
        VERIFY_OK(store.recordAttempts(records, T0 + 10));
    }

    DeadLetterSelection selection;
    for (int i : messages)
        selection.messageIds.append(
            i < 0 ? QStringLiteral("01890000-0000-7000-8000-000000000000") : ids->at(i));
    selection.target = target;
    selection.all = all;
    selection.limit = limit;

    auto listed = store.deadLetters(selection);
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), expected);
    QSet<qint64> seen;
    for (const DeadLetter &d : *listed) {
        QVERIFY2(d.messageId != ids->at(3), "a delivered message listed as dead");
        if (!target.isEmpty())
            QCOMPARE(d.target, target);
        if (!all)
            QVERIFY(selection.messageIds.contains(d.messageId));
        QVERIFY(!seen.contains(d.deliveryId));
        seen.insert(d.deliveryId);
    }

    // replay and discard select exactly what list shows (list alone is limited).
    if (limit >= 6) {
        auto replayed = store.replay(selection, T0 + 100);
        VERIFY_OK(replayed);
        QCOMPARE(*replayed, expected);
        auto left = store.deadLetters(DeadLetterSelection { {}, {}, true });
        VERIFY_OK(left);
        QCOMPARE(left->size(), 6 - expected);
    }
}

void tst_SqliteStore::countsPerTarget()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto a = store.addTarget(targetConfig(QStringLiteral("a")));
    auto b = store.addTarget(targetConfig(QStringLiteral("b")));
    auto done = store.addTarget(targetConfig(QStringLiteral("done")));
    VERIFY_OK(a);
    VERIFY_OK(b);
    VERIFY_OK(done);
    for (int i = 0; i < 3; ++i)
        VERIFY_OK(store.enqueue({ newMessage(i) }, T0 + 100 * i));
    VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("paused"), false)));

    // a: the oldest delivered, the second waiting for a retry, the third pending.
    auto ca = store.claim(*a, 2, T0 + 1000);
    VERIFY_OK(ca);
    QCOMPARE(ca->deliveries.size(), 2);
    AttemptRecord retry = attempt(ca->deliveries.at(1), DeliveryState::RetryWait, 503,
        ErrorClass::Http5xx, QStringLiteral("HTTP 503"), T0 + 1000);
    retry.dueAtMs = T0 + 9000;
    VERIFY_OK(store.recordAttempts({ attempt(ca->deliveries.at(0), DeliveryState::Delivered, 200,
                                         ErrorClass::None, {}, T0 + 1000),
                                       retry },
        T0 + 1001));
    // done: everything delivered.
    auto cd = store.claim(*done, 10, T0 + 1000);
    VERIFY_OK(cd);
    QList<AttemptRecord> delivered;
    for (const ClaimedDelivery &c : cd->deliveries)
        delivered.append(
            attempt(c, DeliveryState::Delivered, 200, ErrorClass::None, {}, T0 + 1000));
    VERIFY_OK(store.recordAttempts(delivered, T0 + 1001));

    auto counts = store.counts();
    VERIFY_OK(counts);
    QCOMPARE(counts->size(), 4);
    QStringList order;
    for (const TargetCounts &c : *counts)
        order.append(c.target);
    QCOMPARE(order,
        (QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("done"),
            QStringLiteral("paused") }));

    const TargetCounts ta = countsOf(*counts, QStringLiteral("a"));
    QCOMPARE(ta.pending, 2);
    QCOMPARE(ta.retryWait, 1);
    QCOMPARE(ta.inFlight, 0);
    QCOMPARE(ta.delivered, 1);
    QCOMPARE(ta.dead, 0);
    QCOMPARE(ta.oldestPendingCreatedAtMs, std::optional<qint64>(T0 + 100));

    const TargetCounts tb = countsOf(*counts, QStringLiteral("b"));
    QCOMPARE(tb.pending, 3);
    QCOMPARE(tb.delivered, 0);
    QCOMPARE(tb.oldestPendingCreatedAtMs, std::optional<qint64>(T0));

    const TargetCounts td = countsOf(*counts, QStringLiteral("done"));
    QCOMPARE(td.pending, 0);
    QCOMPARE(td.delivered, 3);
    QVERIFY(!td.oldestPendingCreatedAtMs.has_value());

    const TargetCounts tp = countsOf(*counts, QStringLiteral("paused"));
    QCOMPARE(tp.pending, 0);
    QCOMPARE(tp.delivered, 0);
    QVERIFY(!tp.oldestPendingCreatedAtMs.has_value());
}

// ---- targets ------------------------------------------------------------------------------------

void tst_SqliteStore::addTargetRefusesDuplicate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto first = store.addTarget(targetConfig(QStringLiteral("inventory")));
    VERIFY_OK(first);
    auto version = store.configVersion();
    VERIFY_OK(version);

    TargetConfig other = targetConfig(QStringLiteral("inventory"));
    other.url = QUrl(QStringLiteral("https://elsewhere.example/"));
    auto dup = store.addTarget(other);
    QVERIFY(!dup.has_value());
    QCOMPARE(dup.error().code, Error::Code::Invalid);
    QVERIFY2(
        dup.error().message.contains(QStringLiteral("inventory")), qPrintable(dup.error().message));

    auto targets = store.targets();
    VERIFY_OK(targets);
    QCOMPARE(targets->size(), 1);
    QCOMPARE(targets->first().config, targetConfig(QStringLiteral("inventory")));
    QCOMPARE(store.configVersion().value_or(-1), *version);

    auto missing = store.updateTarget(targetConfig(QStringLiteral("nope")));
    QVERIFY(!missing.has_value());
    QCOMPARE(missing.error().code, Error::Code::NotFound);
}

void tst_SqliteStore::importUpdatesAndAdds()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto a = store.addTarget(targetConfig(QStringLiteral("a")));
    auto c = store.addTarget(targetConfig(QStringLiteral("c")));
    VERIFY_OK(a);
    VERIFY_OK(c);
    auto before = store.configVersion();
    VERIFY_OK(before);

    TargetConfig a2 = targetConfig(QStringLiteral("a"));
    a2.url = QUrl(QStringLiteral("https://a.example/v2"));
    a2.concurrency = 8;
    a2.enabled = false;
    a2.retry.maxAttempts = 3;
    const TargetConfig b = targetConfig(QStringLiteral("b"));
    VERIFY_OK(store.importTargets({ a2, b }));

    auto targets = store.targets();
    VERIFY_OK(targets);
    QCOMPARE(targets->size(), 3);
    QCOMPARE(targets->at(0).id, *a);
    QCOMPARE(targets->at(0).config, a2);
    QCOMPARE(targets->at(1).id, *c);
    QCOMPARE(targets->at(1).config, targetConfig(QStringLiteral("c")));
    QCOMPARE(targets->at(2).config, b);
    auto after = store.configVersion();
    VERIFY_OK(after);
    QVERIFY2(*after > *before, qPrintable(QStringLiteral("%1 -> %2").arg(*before).arg(*after)));

    // The import took effect: the disabled "a" gets no delivery.
    auto ids = store.enqueue({ newMessage(1) }, T0);
    VERIFY_OK(ids);
    auto m = store.message(ids->first());
    VERIFY_OK(m);
    QVERIFY(!deliveryTo(*m, QStringLiteral("a")));
    QVERIFY(deliveryTo(*m, QStringLiteral("b")));
    QVERIFY(deliveryTo(*m, QStringLiteral("c")));
}

void tst_SqliteStore::removeTargetOnlyWhenNothingUndelivered()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto a = store.addTarget(targetConfig(QStringLiteral("a")));
    VERIFY_OK(a);
    VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("b"))));
    auto ids = store.enqueue({ newMessage(1) }, T0);
    VERIFY_OK(ids);

    auto refusedWith = [&](const char *stage) -> bool {
        auto r = store.removeTarget(QStringLiteral("a"));
        if (r.has_value()) {
            qWarning("removed with a delivery %s", stage);
            return false;
        }
        auto targets = store.targets();
        return targets && targets->size() == 2
            && r.error().message.contains(QStringLiteral("undelivered"));
    };
    QVERIFY(refusedWith("pending"));
    auto claimed = store.claim(*a, 1, T0);
    VERIFY_OK(claimed);
    QCOMPARE(claimed->deliveries.size(), 1);
    QVERIFY(refusedWith("in flight"));
    VERIFY_OK(store.recordAttempts(
        { deadAttempt(claimed->deliveries.first(), T0, QStringLiteral("422")) }, T0 + 1));
    QVERIFY(refusedWith("dead"));
    auto discarded = store.discard(DeadLetterSelection { {}, QStringLiteral("a"), true }, T0 + 2);
    VERIFY_OK(discarded);
    QCOMPARE(*discarded, 1);

    auto before = store.configVersion();
    VERIFY_OK(before);
    VERIFY_OK(store.removeTarget(QStringLiteral("a")));
    auto targets = store.targets();
    VERIFY_OK(targets);
    QCOMPARE(targets->size(), 1);
    QCOMPARE(targets->first().config.name, QStringLiteral("b"));
    QVERIFY(store.configVersion().value_or(-1) > *before);
    auto counts = store.counts();
    VERIFY_OK(counts);
    QCOMPARE(counts->size(), 1);
    // The history of its deliveries stays readable.
    auto m = store.message(ids->first());
    VERIFY_OK(m);
    QVERIFY(deliveryTo(*m, QStringLiteral("a")));
    QCOMPARE(deliveryTo(*m, QStringLiteral("a"))->history.size(), 1);

    auto unknown = store.removeTarget(QStringLiteral("a"));
    QVERIFY(!unknown.has_value());
    QCOMPARE(unknown.error().code, Error::Code::NotFound);
    // The name is free again.
    VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("a"))));
}

// ---- group commit -------------------------------------------------------------------------------

void tst_SqliteStore::groupCommit_data()
{
    QTest::addColumn<bool>("commit");
    QTest::addRow("commitBatch") << true;
    QTest::addRow("rollbackBatch") << false;
}

void tst_SqliteStore::groupCommit()
{
    QFETCH(bool, commit);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tandem.db"));
    auto writerOpened = SqliteStore::open(path);
    VERIFY_OK(writerOpened);
    SqliteStore &writer = **writerOpened;
    VERIFY_OK(writer.addTarget(targetConfig(QStringLiteral("inventory"))));
    // Opened before the batch: opening writes (migration check), which would wait for the batch.
    auto readerOpened = SqliteStore::open(path);
    VERIFY_OK(readerOpened);
    SqliteStore &reader = **readerOpened;

    auto pendingSeenByReader = [&]() -> qint64 {
        auto counts = reader.counts();
        return counts ? countsOf(*counts, QStringLiteral("inventory")).pending : -1;
    };

    VERIFY_OK(writer.beginBatch());
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        auto r = writer.enqueue({ newMessage(i) }, T0 + i);
        VERIFY_OK(r);
        ids += *r;
    }
    // The writer sees its own batch, another connection does not yet.
    auto own = writer.counts();
    VERIFY_OK(own);
    QCOMPARE(countsOf(*own, QStringLiteral("inventory")).pending, 3);
    QCOMPARE(pendingSeenByReader(), 0);
    auto early = reader.message(ids.first());
    QVERIFY(!early.has_value());
    QCOMPARE(early.error().code, Error::Code::NotFound);

    if (commit) {
        VERIFY_OK(writer.commitBatch());
    } else {
        writer.rollbackBatch();
    }
    QCOMPARE(pendingSeenByReader(), commit ? 3 : 0);
    for (const QString &id : std::as_const(ids)) {
        auto m = reader.message(id);
        QCOMPARE(m.has_value(), commit);
    }
    // Either way the writer goes on working normally.
    VERIFY_OK(writer.enqueue({ newMessage(9) }, T0 + 9));
    QCOMPARE(pendingSeenByReader(), commit ? 4 : 1);
}

void tst_SqliteStore::failureInsideBatchKeepsEarlierWork()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tandem.db"));
    QStringList ids;
    {
        auto opened = SqliteStore::open(path);
        VERIFY_OK(opened);
        SqliteStore &store = **opened;
        VERIFY_OK(store.beginBatch());
        VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("inventory"))));
        auto first = store.enqueue({ newMessage(1) }, T0);
        VERIFY_OK(first);
        ids += *first;

        QVERIFY(!store.addTarget(targetConfig(QStringLiteral("inventory"))).has_value());
        QVERIFY(!store.updateTarget(targetConfig(QStringLiteral("nope"))).has_value());
        QVERIFY(
            !store.removeTarget(QStringLiteral("inventory")).has_value()); // has a pending delivery
        // Fails in SQL after its first message was written (payload is NOT NULL): that write
        // is undone, the batch's earlier work is not.
        auto partial = store.enqueue({ newMessage(8), NewMessage { QByteArray(), {}, {} } }, T0);
        QVERIFY2(!partial.has_value(), "a message without payload was stored");
        QCOMPARE(partial.error().code, Error::Code::Store);

        auto second = store.enqueue({ newMessage(2) }, T0 + 1);
        VERIFY_OK(second);
        ids += *second;
        VERIFY_OK(store.addTarget(targetConfig(QStringLiteral("logistics"))));
        VERIFY_OK(store.commitBatch());
    }
    auto opened = SqliteStore::open(path);
    VERIFY_OK(opened);
    auto targets = (*opened)->targets();
    VERIFY_OK(targets);
    QCOMPARE(targets->size(), 2);
    QCOMPARE(targets->at(0).config.name, QStringLiteral("inventory"));
    QCOMPARE(targets->at(1).config.name, QStringLiteral("logistics"));
    for (const QString &id : std::as_const(ids)) {
        auto m = (*opened)->message(id);
        VERIFY_OK(m);
        QCOMPARE(m->deliveries.size(), 1);
        QCOMPARE(m->deliveries.first().state, DeliveryState::Pending);
    }
    QString error;
    QCOMPARE(runSql(path, { QStringLiteral("SELECT count(*) FROM messages") }, &error).toInt(), 2);
    QCOMPARE(
        runSql(path, { QStringLiteral("SELECT count(*) FROM deliveries") }, &error).toInt(), 2);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

// ---- a full disk, for real ----------------------------------------------------------------------

void tst_SqliteStore::fullDisk()
{
    if (::geteuid() != 0)
        QSKIP("needs root to mount a small tmpfs");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString mountPoint = dir.filePath(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(mountPoint));
    QProcess mount;
    mount.start(QStringLiteral("mount"),
        { QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
            QStringLiteral("size=2m"), QStringLiteral("tmpfs"), mountPoint });
    if (!mount.waitForFinished(10'000) || mount.exitStatus() != QProcess::NormalExit
        || mount.exitCode() != 0)
        QSKIP(qPrintable(
            QStringLiteral("cannot mount a tmpfs: %1 %2")
                .arg(mount.errorString(), QString::fromLocal8Bit(mount.readAllStandardError()))));
    m_mountPoint = mountPoint;
    // Declared after `dir`: unmounts before the directory is removed, whatever fails.
    auto unmount = qScopeGuard([this] { unmountScratch(); });

    // Ballast, removed later to prove the store recovers once space is free again.
    const QString ballast = QDir(mountPoint).filePath(QStringLiteral("ballast"));
    QVERIFY(writeFile(ballast, QByteArray(256 * 1024, 'b')));

    const QString path = QDir(mountPoint).filePath(QStringLiteral("tandem.db"));
    auto opened = SqliteStore::open(path);
    VERIFY_OK(opened);
    std::unique_ptr<SqliteStore> store = std::move(*opened);
    VERIFY_OK(store->addTarget(targetConfig(QStringLiteral("inventory"))));

    QHash<QString, QByteArray> committed; // id → payload
    QString failure;
    QRandomGenerator rng(7);
    int n = 0;
    for (int batch = 0; batch < 200 && failure.isEmpty(); ++batch) {
        if (auto r = store->beginBatch(); !r) {
            failure = r.error().message;
            break;
        }
        QHash<QString, QByteArray> pending;
        for (int i = 0; i < 4; ++i) {
            QByteArray fill(10 * 1024, Qt::Uninitialized);
            rng.fillRange(reinterpret_cast<quint32 *>(fill.data()), fill.size() / 4);
            const QByteArray payload = QByteArrayLiteral("{\"n\":") + QByteArray::number(++n)
                + QByteArrayLiteral(",\"fill\":\"") + fill.toHex() + QByteArrayLiteral("\"}");
            auto ids = store->enqueue({ NewMessage { payload, {}, {} } }, T0 + n);
            if (!ids) {
                failure = ids.error().message;
                break;
            }
            pending.insert(ids->first(), payload);
        }
        if (!failure.isEmpty()) {
            store->rollbackBatch();
            break;
        }
        if (auto r = store->commitBatch(); !r) {
            failure = r.error().message;
            break;
        }
        committed.insert(pending);
    }
    qDebug("%lld messages stored before: %s", qint64(committed.size()), qPrintable(failure));
    QVERIFY2(!failure.isEmpty(), "2 MiB never filled up");
    QVERIFY2(committed.size() >= 20,
        qPrintable(QStringLiteral("only %1 messages fit").arg(committed.size())));
    QVERIFY2(failure.contains(QStringLiteral("full"), Qt::CaseInsensitive), qPrintable(failure));
    QVERIFY2(failure.contains(path), qPrintable(failure));

    auto verifyAllThere = [&](SqliteStore &s) -> bool {
        for (auto it = committed.cbegin(); it != committed.cend(); ++it) {
            auto m = s.message(it.key());
            if (!m || m->payload != it.value()) {
                qWarning("message %s %s", qPrintable(it.key()),
                    m ? "changed" : qPrintable(m.error().message));
                return false;
            }
        }
        auto counts = s.counts();
        return counts && countsOf(*counts, QStringLiteral("inventory")).pending == committed.size();
    };
    // The same connection still answers, with everything that was committed.
    QVERIFY(verifyAllThere(*store));

    // Reopened while the disk is still full.
    store.reset();
    auto reopened = SqliteStore::open(path);
    VERIFY_OK(reopened);
    store = std::move(*reopened);
    QVERIFY(verifyAllThere(*store));

    // Space comes back: so does the store.
    QVERIFY(QFile::remove(ballast));
    auto more = store->enqueue({ newMessage(1) }, T0 + 1'000'000);
    VERIFY_OK(more);
    committed.insert(more->first(), newMessage(1).payload);
    QVERIFY(verifyAllThere(*store));
    store.reset();
}

// ---- outbox sources -----------------------------------------------------------------------------

namespace {

OutboxConfig outboxConfig(const QString &name, const QString &path = QStringLiteral("/srv/app.db"))
{
    OutboxConfig c;
    c.name = name;
    c.path = path;
    c.table = QStringLiteral("outbox");
    c.idColumn = QStringLiteral("id");
    c.payloadColumn = QStringLiteral("payload");
    c.publishedColumn = QStringLiteral("published_at");
    return c;
}

} // namespace

void tst_SqliteStore::outboxSources()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    auto v0 = store.outboxVersion();
    VERIFY_OK(v0);
    auto none = store.outboxSources();
    VERIFY_OK(none);
    QVERIFY(none->isEmpty());
    auto targetsVersion = store.configVersion();
    VERIFY_OK(targetsVersion);

    VERIFY_OK(store.addOutboxSource(outboxConfig(QStringLiteral("orders"))));
    VERIFY_OK(store.addOutboxSource(outboxConfig(QStringLiteral("billing"))));
    auto duplicate = store.addOutboxSource(outboxConfig(QStringLiteral("orders")));
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().code, Error::Code::Invalid);
    auto v1 = store.outboxVersion();
    VERIFY_OK(v1);
    QCOMPARE(*v1, *v0 + 2); // every change is visible to a running engine, the refusal is not
    // Targets are versioned apart: an engine does not re-read its targets for an outbox change.
    QCOMPARE(*store.configVersion(), *targetsVersion);

    auto sources = store.outboxSources();
    VERIFY_OK(sources);
    QCOMPARE(sources->size(), 2);
    QCOMPARE(sources->at(0).config, outboxConfig(QStringLiteral("orders")));
    QCOMPARE(sources->at(1).config.name, QStringLiteral("billing"));
    QVERIFY(!sources->at(0).paused);
    QCOMPARE(sources->at(0).relayed, 0);
    QVERIFY(!sources->at(0).lastPollAtMs);
    QVERIFY(!sources->at(0).backlog);

    OutboxConfig changed = outboxConfig(QStringLiteral("orders"), QStringLiteral("/srv/other.db"));
    changed.pollMs = 250;
    VERIFY_OK(store.updateOutboxSource(changed));
    VERIFY_OK(store.setOutboxSourcePaused(QStringLiteral("billing"), true));
    QCOMPARE(store.updateOutboxSource(outboxConfig(QStringLiteral("nope"))).error().code,
        Error::Code::NotFound);
    QCOMPARE(store.setOutboxSourcePaused(QStringLiteral("nope"), true).error().code,
        Error::Code::NotFound);
    sources = store.outboxSources();
    VERIFY_OK(sources);
    QCOMPARE(sources->at(0).config, changed);
    QVERIFY(sources->at(1).paused);
    QCOMPARE(*store.outboxVersion(), *v1 + 2);

    VERIFY_OK(store.removeOutboxSource(QStringLiteral("billing")));
    QCOMPARE(
        store.removeOutboxSource(QStringLiteral("billing")).error().code, Error::Code::NotFound);
    sources = store.outboxSources();
    VERIFY_OK(sources);
    QCOMPARE(sources->size(), 1);
    QCOMPARE(sources->at(0).config.name, QStringLiteral("orders"));
    // A source added again under a removed name starts with a fresh state.
    OutboxProgress progress;
    progress.atMs = T0;
    progress.polled = true;
    progress.relayed = 5;
    VERIFY_OK(store.recordOutboxProgress(QStringLiteral("orders"), progress));
    VERIFY_OK(store.removeOutboxSource(QStringLiteral("orders")));
    VERIFY_OK(store.addOutboxSource(outboxConfig(QStringLiteral("orders"))));
    sources = store.outboxSources();
    VERIFY_OK(sources);
    QCOMPARE(sources->size(), 1);
    QCOMPARE(sources->at(0).relayed, 0);
    QVERIFY(!sources->at(0).lastPollAtMs);
}

void tst_SqliteStore::outboxProgress()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SqliteStore::open(dir.filePath(QStringLiteral("tandem.db")));
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    VERIFY_OK(store.addOutboxSource(outboxConfig(QStringLiteral("orders"))));
    auto version = store.outboxVersion();
    VERIFY_OK(version);
    const QString name = QStringLiteral("orders");

    OutboxProgress relayed;
    relayed.atMs = T0;
    relayed.polled = true;
    relayed.relayed = 500;
    relayed.lastRowId = QStringLiteral("500");
    relayed.backlogKnown = true;
    relayed.backlog = 120;
    relayed.oldestUnpublishedAtMs = T0 - 5000;
    VERIFY_OK(store.recordOutboxProgress(name, relayed));
    relayed.atMs = T0 + 1000;
    relayed.relayed = 120;
    relayed.lastRowId = QStringLiteral("620");
    relayed.backlog = 0;
    relayed.oldestUnpublishedAtMs.reset();
    VERIFY_OK(store.recordOutboxProgress(name, relayed));

    auto s = store.outboxSources();
    VERIFY_OK(s);
    StoredOutboxSource o = s->first();
    QCOMPARE(o.relayed, 620);
    QCOMPARE(o.lastRowId, QStringLiteral("620"));
    QCOMPARE(o.lastPollAtMs, std::optional<qint64>(T0 + 1000));
    QCOMPARE(o.lastRelayedAtMs, std::optional<qint64>(T0 + 1000));
    QCOMPARE(o.backlog, std::optional<qint64>(0));
    QVERIFY(!o.oldestUnpublishedAtMs);
    QVERIFY(o.lastError.isEmpty());

    // A failure keeps what was known and says what is wrong, and since when.
    OutboxProgress failed;
    failed.atMs = T0 + 2000;
    failed.error = QStringLiteral("outbox source \"orders\": cannot connect");
    VERIFY_OK(store.recordOutboxProgress(name, failed));
    s = store.outboxSources();
    VERIFY_OK(s);
    o = s->first();
    QCOMPARE(o.lastError, failed.error);
    QCOMPARE(o.lastErrorAtMs, std::optional<qint64>(T0 + 2000));
    QCOMPARE(o.lastPollAtMs, std::optional<qint64>(T0 + 1000));
    QCOMPARE(o.relayed, 620);
    QCOMPARE(o.lastRowId, QStringLiteral("620"));
    QCOMPARE(o.backlog, std::optional<qint64>(0));

    // The next good pass clears the error; when it happened stays.
    OutboxProgress polled;
    polled.atMs = T0 + 3000;
    polled.polled = true;
    VERIFY_OK(store.recordOutboxProgress(name, polled));
    s = store.outboxSources();
    VERIFY_OK(s);
    o = s->first();
    QVERIFY(o.lastError.isEmpty());
    QCOMPARE(o.lastErrorAtMs, std::optional<qint64>(T0 + 2000));
    QCOMPARE(o.lastPollAtMs, std::optional<qint64>(T0 + 3000));
    QCOMPARE(o.lastRelayedAtMs, std::optional<qint64>(T0 + 1000));

    // Progress is state, not configuration: running engines are not told to reload.
    QCOMPARE(*store.outboxVersion(), *version);
    // A source removed while its relay still reports is no error.
    VERIFY_OK(store.removeOutboxSource(name));
    VERIFY_OK(store.recordOutboxProgress(name, polled));
}

void tst_SqliteStore::outboxTablesMigrateFromSchema4()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tandem.db"));
    {
        auto opened = SqliteStore::open(path);
        VERIFY_OK(opened);
        VERIFY_OK((*opened)->addTarget(targetConfig(QStringLiteral("inventory"))));
    }
    // Back to what a schema-4 Tandem wrote.
    QString error;
    runSql(path,
        { QStringLiteral("DROP TABLE outbox_sources"), QStringLiteral("DROP TABLE outbox_state"),
            QStringLiteral("DELETE FROM meta WHERE key = 'outbox_version'"),
            // and what schema 6 added
            QStringLiteral("DROP TABLE payload_versions"),
            QStringLiteral("ALTER TABLE deliveries DROP COLUMN payload_version"),
            QStringLiteral("ALTER TABLE attempts DROP COLUMN payload_version"),
            // and schema 7
            QStringLiteral("ALTER TABLE attempts DROP COLUMN retry_after_ms"),
            QStringLiteral("PRAGMA user_version = 4") },
        &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    auto opened = SqliteStore::open(path);
    VERIFY_OK(opened);
    QCOMPARE(runSql(path, { QStringLiteral("PRAGMA user_version") }).toInt(),
        SqliteStore::SchemaVersion);
    auto targets = (*opened)->targets();
    VERIFY_OK(targets);
    QCOMPARE(targets->size(), 1);
    VERIFY_OK((*opened)->addOutboxSource(outboxConfig(QStringLiteral("orders"))));
    auto sources = (*opened)->outboxSources();
    VERIFY_OK(sources);
    QCOMPARE(sources->size(), 1);
}

void tst_SqliteStore::retryAfterMigratesFromSchema6()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("tandem.db"));
    QString messageId;
    {
        auto opened = SqliteStore::open(path);
        VERIFY_OK(opened);
        auto targetId = (*opened)->addTarget(targetConfig(QStringLiteral("inventory")));
        VERIFY_OK(targetId);
        auto ids = (*opened)->enqueue({ newMessage(1) }, T0);
        VERIFY_OK(ids);
        messageId = ids->first();
        auto claimed = (*opened)->claim(*targetId, 10, T0 + 100);
        VERIFY_OK(claimed);
        AttemptRecord r = attempt(claimed->deliveries.first(), DeliveryState::RetryWait, 503,
            ErrorClass::Http5xx, QStringLiteral("HTTP 503"), T0 + 150);
        r.outcome.retryAfterMs = 5000; // lost with the column: schema 6 had nowhere to keep it
        r.dueAtMs = T0 + 200;
        VERIFY_OK((*opened)->recordAttempts({ r }, T0 + 200));
    }
    // Back to what a schema-6 Tandem wrote.
    QString error;
    runSql(path,
        { QStringLiteral("ALTER TABLE attempts DROP COLUMN retry_after_ms"),
            QStringLiteral("PRAGMA user_version = 6") },
        &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    auto opened = SqliteStore::open(path);
    VERIFY_OK(opened);
    SqliteStore &store = **opened;
    QCOMPARE(runSql(path, { QStringLiteral("PRAGMA user_version") }).toInt(),
        SqliteStore::SchemaVersion);
    auto targets = store.targets();
    VERIFY_OK(targets);
    auto claimed = store.claim(targets->first().id, 10, T0 + 300);
    VERIFY_OK(claimed);
    QCOMPARE(claimed->deliveries.size(), 1);
    AttemptRecord r = attempt(claimed->deliveries.first(), DeliveryState::Dead, 503,
        ErrorClass::Http5xx, QStringLiteral("HTTP 503"), T0 + 350);
    r.outcome.retryAfterMs = 2000;
    VERIFY_OK(store.recordAttempts({ r }, T0 + 400));

    auto m = store.message(messageId);
    VERIFY_OK(m);
    const DeliveryView &d = m->deliveries.first();
    QCOMPARE(d.history.size(), 2);
    QCOMPARE(d.history.at(0).retryAfterMs, std::nullopt);
    QCOMPARE(d.history.at(1).retryAfterMs, std::optional<qint64>(2000));
    // `dlq show --json` and GET /v1/messages/{id} name it only for the attempt that had one.
    const QJsonArray history = toJson(d).value(QStringLiteral("history")).toArray();
    QVERIFY(!history.at(0).toObject().contains(QStringLiteral("retry_after_ms")));
    QCOMPARE(history.at(1).toObject().value(QStringLiteral("retry_after_ms")).toInteger(), 2000);
}

QTEST_GUILESS_MAIN(tst_SqliteStore)
#include "tst_sqlitestore.moc"
