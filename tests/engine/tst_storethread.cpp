// SPDX-License-Identifier: GPL-3.0-or-later
// StoreThread hands results back to context objects that the UI creates and deletes at will (a
// dialog closed while its read is queued): a deleted context's callback must be dropped, never
// posted to the dead object, and every living context must get its own exactly once.
#include <QElapsedTimer>
#include <QTest>

#include "engine/store/sqlitestore.h"
#include "engine/store/storethread.h"
#include "tests/support/scratchdir.h"

using namespace Tandem;
using namespace Tandem::Testing;

class tst_StoreThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void callbacksOfDeletedContextsAreDropped()
    {
        const ScratchDir dir;
        StoreThread store([path = dir.storePath()]() -> Result<std::unique_ptr<Store>> {
            auto opened = SqliteStore::open(path);
            if (!opened)
                return fail(opened.error());
            return std::unique_ptr<Store>(std::move(*opened));
        });
        QVERIFY(store.start());

        // Contexts are deleted while the store thread is finishing their jobs: the two race.
        constexpr int Jobs = 3000;
        std::vector<int> called(Jobs, 0);
        std::vector<QObject *> contexts;
        for (int i = 0; i < Jobs; ++i) {
            auto *context = new QObject;
            contexts.push_back(context);
            store.post<int>(
                context,
                [](Store &s) -> Result<int> {
                    auto targets = s.targets();
                    if (!targets)
                        return fail(targets.error());
                    return int(targets->size());
                },
                [&called, i](Result<int> r) {
                    if (r)
                        ++called[std::size_t(i)];
                },
                StoreThread::Commit::Lazy);
            if (i % 2 == 1) {
                delete contexts[std::size_t(i - 1)];
                contexts[std::size_t(i - 1)] = nullptr;
            }
        }
        QElapsedTimer waited;
        waited.start();
        const auto liveDone = [&] {
            for (int i = 1; i < Jobs; i += 2) {
                if (called[std::size_t(i)] == 0)
                    return false;
            }
            return true;
        };
        QVERIFY(QTest::qWaitFor(liveDone, 20'000));
        QTest::qWait(50); // anything else still queued arrives now
        for (int i = 0; i < Jobs; ++i)
            QCOMPARE(called[std::size_t(i)], i % 2 == 1 ? 1 : 0);
        store.stop();
        for (QObject *c : contexts)
            delete c;
    }
};

QTEST_MAIN(tst_StoreThread)
#include "tst_storethread.moc"
