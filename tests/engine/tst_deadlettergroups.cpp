// SPDX-License-Identifier: GPL-3.0-or-later
// The store's fingerprint groups of the dead-letter queue, the fingerprint filter, and the
// store side of bulk replay (replayChunk, deliveryStates), on a real SQLite file.
#include <QTemporaryDir>
#include <QTest>

#include "engine/store/sqlitestore.h"
#include "tests/support/resultcheck.h"
#include "tests/support/testtargets.h"

using namespace Tandem;
using Tandem::Testing::unreachableTarget;

namespace {

constexpr qint64 T0 = 1'700'000'000'000;

struct Failure
{
    int status;
    ErrorClass errorClass;
    QString error;
};

/// Message n dies at `target` with `failure(n)` at T0 + n s (the other target's delivery stays in
/// flight). Returns the delivery ids in enqueue order.
Result<QList<qint64>> dieAt(SqliteStore &store, const QString &target, int messages,
    const std::function<Failure(int)> &failure)
{
    auto targets = store.targets();
    if (!targets)
        return fail(targets.error());
    QList<NewMessage> batch;
    for (int n = 0; n < messages; ++n)
        batch.append(NewMessage { "{\"n\":" + QByteArray::number(n) + '}' });
    if (auto ids = store.enqueue(batch, T0); !ids)
        return fail(ids.error());
    QList<qint64> ids;
    for (const StoredTarget &t : *targets) {
        auto claimed = store.claim(t.id, messages, T0);
        if (!claimed)
            return fail(claimed.error());
        if (t.config.name != target)
            continue;
        QList<AttemptRecord> records;
        for (int n = 0; n < claimed->deliveries.size(); ++n) {
            const ClaimedDelivery &c = claimed->deliveries.at(n);
            const Failure f = failure(n);
            AttemptRecord r;
            r.deliveryId = c.deliveryId;
            r.round = c.round;
            r.attemptNo = 1;
            r.outcome.httpStatus = f.status;
            r.outcome.errorClass = f.errorClass;
            r.outcome.error = f.error;
            r.outcome.startedAtMs = T0 + n * 1000;
            r.newState = DeliveryState::Dead;
            records.append(r);
            ids.append(c.deliveryId);
        }
        if (auto recorded = store.recordAttempts(records, T0 + messages * 1000); !recorded)
            return fail(recorded.error());
    }
    return ids;
}

} // namespace

class tst_DeadLetterGroups : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<SqliteStore> m_store;
    QList<qint64> m_billing; ///< delivery ids of the billing dead letters, enqueue order

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QFile::remove(m_dir.filePath(QStringLiteral("tandem.db")));
        auto opened = SqliteStore::open(m_dir.filePath(QStringLiteral("tandem.db")));
        VERIFY_OK(opened);
        m_store = std::move(*opened);
        VERIFY_OK(m_store->importTargets({ unreachableTarget(QStringLiteral("inventory")),
            unreachableTarget(QStringLiteral("billing")) }));
        // billing: 6 × 401 (one text), 3 timeouts with varying numbers and ids, 1 × 503.
        auto billing = dieAt(*m_store, QStringLiteral("billing"), 10, [](int n) -> Failure {
            if (n < 6)
                return { 401, ErrorClass::Http4xx, QStringLiteral("authentication failed") };
            if (n < 9)
                return { 0, ErrorClass::Timeout,
                    QStringLiteral("timeout after %1 ms for msg 01%2abc").arg(4990 + n).arg(n) };
            return { 503, ErrorClass::Http5xx, QStringLiteral("HTTP 503") };
        });
        VERIFY_OK(billing);
        m_billing = *billing;
        // inventory: 2 × 401 with the same text: a group of its own (another target).
        auto inventory = dieAt(*m_store, QStringLiteral("inventory"), 2, [](int) -> Failure {
            return { 401, ErrorClass::Http4xx, QStringLiteral("authentication failed") };
        });
        VERIFY_OK(inventory);
    }

    void cleanup() { m_store.reset(); }

    void groupsBiggestFirst()
    {
        auto groups = m_store->deadLetterGroups({});
        VERIFY_OK(groups);
        QCOMPARE(groups->size(), 4);
        const DeadLetterGroup &auth = groups->at(0);
        QCOMPARE(auth.fingerprint.target, QStringLiteral("billing"));
        QCOMPARE(auth.fingerprint.status, 401);
        QCOMPARE(auth.fingerprint.errorClass, QStringLiteral("http_4xx"));
        QCOMPARE(auth.fingerprint.text, QStringLiteral("authentication failed"));
        QCOMPARE(auth.count, 6);
        const DeadLetterGroup &timeouts = groups->at(1);
        QCOMPARE(timeouts.count, 3);
        QCOMPARE(timeouts.fingerprint.errorClass, QStringLiteral("timeout"));
        QCOMPARE(timeouts.fingerprint.status, 0);
        QCOMPARE(
            timeouts.fingerprint.text, QStringLiteral("timeout after <duration> for msg <id>"));
        QVERIFY(timeouts.example.startsWith(QStringLiteral("timeout after 499")));
        QVERIFY(timeouts.firstSeenMs <= timeouts.lastSeenMs);
        QCOMPARE(groups->at(2).count, 2);
        QCOMPARE(groups->at(2).fingerprint.target, QStringLiteral("inventory"));
        QCOMPARE(groups->at(3).count, 1);

        // The filter narrows the groups.
        DeadLetterQuery onlyInventory;
        onlyInventory.target = QStringLiteral("inventory");
        auto narrowed = m_store->deadLetterGroups(onlyInventory);
        VERIFY_OK(narrowed);
        QCOMPARE(narrowed->size(), 1);
        QCOMPARE(narrowed->first().count, 2);
    }

    void fingerprintScopesQueries()
    {
        auto groups = m_store->deadLetterGroups({});
        VERIFY_OK(groups);
        DeadLetterQuery query;
        query.fingerprint = groups->at(1).fingerprint; // the timeouts
        auto count = m_store->countDeadLetters(query);
        VERIFY_OK(count);
        QCOMPARE(*count, 3);
        auto rows = m_store->findDeadLetters(query);
        VERIFY_OK(rows);
        QCOMPARE(rows->size(), 3);
        for (const DeadLetter &d : *rows)
            QVERIFY(d.lastError.startsWith(QStringLiteral("timeout after")));

        // A status-0 group is status 0 exactly, not "any status".
        DeadLetterFingerprint noAnswer = groups->at(0).fingerprint;
        noAnswer.status = 0;
        query.fingerprint = noAnswer;
        count = m_store->countDeadLetters(query);
        VERIFY_OK(count);
        QCOMPARE(*count, 0);
    }

    void replayChunkOldestFirst()
    {
        auto groups = m_store->deadLetterGroups({});
        VERIFY_OK(groups);
        DeadLetterQuery query;
        query.fingerprint = groups->at(0).fingerprint; // billing's 401s: m_billing[0..5]
        query.sortBy = DeadLetterQuery::SortKey::DeadAt; // ignored: chunks go in enqueue order
        query.descending = true;

        auto first = m_store->replayChunk(query, 0, 4, T0 + 100'000);
        VERIFY_OK(first);
        QCOMPARE(*first, m_billing.mid(0, 4));
        auto second = m_store->replayChunk(query, first->last(), 4, T0 + 100'000);
        VERIFY_OK(second);
        QCOMPARE(*second, m_billing.mid(4, 2));
        auto none = m_store->replayChunk(query, second->last(), 4, T0 + 100'000);
        VERIFY_OK(none);
        QVERIFY(none->isEmpty());

        auto states = m_store->deliveryStates(m_billing);
        VERIFY_OK(states);
        QCOMPARE(states->size(), m_billing.size());
        for (int i = 0; i < m_billing.size(); ++i)
            QCOMPARE(states->value(m_billing.at(i)),
                i < 6 ? DeliveryState::Pending : DeliveryState::Dead);
        auto left = m_store->countDeadLetters({});
        VERIFY_OK(left);
        QCOMPARE(*left, 6);
        auto noIds = m_store->deliveryStates({});
        VERIFY_OK(noIds);
        QVERIFY(noIds->isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_DeadLetterGroups)
#include "tst_deadlettergroups.moc"
