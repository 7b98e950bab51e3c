// SPDX-License-Identifier: GPL-3.0-or-later
// Capacity warnings come before the limits bite: the backlog near and at its high-water mark,
// the disk under the store low and almost full, dead letters past the operator's threshold;
// critical ones first, and nothing when all is well or a figure is unknown.
#include <QTest>

#include "engine/metrics/capacitycheck.h"

using namespace Tandem;

namespace {

constexpr qint64 GiB = qint64(1) << 30;
constexpr qint64 MiB = qint64(1) << 20;

CapacityFigures healthy()
{
    CapacityFigures f;
    f.deadLetters = 12;
    f.waiting = 100;
    f.backlogHighWater = 1000;
    f.backlogLowWater = 800;
    f.diskAvailableBytes = 50 * GiB;
    f.diskTotalBytes = 100 * GiB;
    f.storeBytes = 3 * MiB;
    f.storeLocation = QStringLiteral("/var/lib/tandem");
    return f;
}

} // namespace

class tst_CapacityCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void nothingWhenAllIsWell() { QVERIFY(checkCapacity(healthy()).isEmpty()); }

    void backlogNearItsLimitWarns()
    {
        CapacityFigures f = healthy();
        f.waiting = 799;
        QVERIFY(checkCapacity(f).isEmpty());
        f.waiting = 850;
        const auto w = checkCapacity(f);
        QCOMPARE(w.size(), 1);
        QCOMPARE(w.at(0).kind, CapacityWarning::Kind::Backlog);
        QCOMPARE(w.at(0).level, CapacityWarning::Level::Warning);
        QVERIFY2(w.at(0).text.contains(QStringLiteral("85%")), qPrintable(w.at(0).text));
        QVERIFY(w.at(0).text.contains(QStringLiteral("850 of 1,000")));
    }

    void backlogAtItsLimitIsCritical()
    {
        CapacityFigures f = healthy();
        f.waiting = 1000;
        const auto w = checkCapacity(f);
        QCOMPARE(w.size(), 1);
        QCOMPARE(w.at(0).level, CapacityWarning::Level::Critical);
        QVERIFY2(w.at(0).text.contains(QStringLiteral("refused with 503 until fewer than 800")),
            qPrintable(w.at(0).text));
        QCOMPARE(w.at(0).shortText, QStringLiteral("Backlog full"));
    }

    void lowDiskWarnsByShareOrBytes()
    {
        CapacityFigures f = healthy();
        f.diskAvailableBytes = 9 * GiB; // 9% of 100 GiB: under the 10% share
        auto w = checkCapacity(f);
        QCOMPARE(w.size(), 1);
        QCOMPARE(w.at(0).kind, CapacityWarning::Kind::Disk);
        QCOMPARE(w.at(0).level, CapacityWarning::Level::Warning);
        QVERIFY2(
            w.at(0).text.contains(QStringLiteral("/var/lib/tandem")), qPrintable(w.at(0).text));
        QVERIFY(w.at(0).text.contains(QStringLiteral("The store takes 3.00 MiB")));

        f.diskTotalBytes = 10 * GiB; // a small disk: the 2 GiB floor decides
        f.diskAvailableBytes = 3 * GiB;
        QVERIFY(checkCapacity(f).isEmpty());
        f.diskAvailableBytes = GiB;
        QCOMPARE(checkCapacity(f).size(), 1);
    }

    void almostFullDiskIsCritical()
    {
        CapacityFigures f = healthy();
        f.diskAvailableBytes = 100 * MiB;
        const auto w = checkCapacity(f);
        QCOMPARE(w.size(), 1);
        QCOMPARE(w.at(0).level, CapacityWarning::Level::Critical);
        QVERIFY2(w.at(0).text.contains(QStringLiteral("nothing stored is lost")),
            qPrintable(w.at(0).text));
    }

    void unknownFiguresAreNotWarnedAbout()
    {
        CapacityFigures f = healthy();
        f.diskAvailableBytes = -1; // a PostgreSQL store: its disk is not ours to see
        f.backlogHighWater = 0;
        f.waiting = 1'000'000;
        QVERIFY(checkCapacity(f).isEmpty());
    }

    void deadLettersPastTheThresholdWarn()
    {
        CapacityFigures f = healthy();
        CapacityThresholds t;
        t.deadLetterWarn = 500;
        f.deadLetters = 499;
        QVERIFY(checkCapacity(f, t).isEmpty());
        f.deadLetters = 1500;
        const auto w = checkCapacity(f, t);
        QCOMPARE(w.size(), 1);
        QCOMPARE(w.at(0).kind, CapacityWarning::Kind::DeadLetters);
        QVERIFY2(
            w.at(0).text.contains(QStringLiteral("1,500 dead letters")), qPrintable(w.at(0).text));
        t.deadLetterWarn = 0; // off
        QVERIFY(checkCapacity(f, t).isEmpty());
    }

    void criticalComesFirst()
    {
        CapacityFigures f = healthy();
        CapacityThresholds t;
        t.deadLetterWarn = 10;
        f.waiting = 900; // warning
        f.diskAvailableBytes = MiB; // critical
        const auto w = checkCapacity(f, t);
        QCOMPARE(w.size(), 3);
        QCOMPARE(w.at(0).kind, CapacityWarning::Kind::Disk);
        QCOMPARE(w.at(0).level, CapacityWarning::Level::Critical);
        QCOMPARE(w.at(1).kind, CapacityWarning::Kind::Backlog);
        QCOMPARE(w.at(2).kind, CapacityWarning::Kind::DeadLetters);
    }
};

QTEST_GUILESS_MAIN(tst_CapacityCheck)
#include "tst_capacitycheck.moc"
