// SPDX-License-Identifier: GPL-3.0-or-later
#include <limits>

#include <QRandomGenerator>
#include <QTest>

#include "engine/core/retrypolicy.h"

using namespace Tandem;

namespace {

constexpr qint64 kMaxMs = std::numeric_limits<qint64>::max();

RetryPolicy makePolicy(
    Jitter jitter, qint64 baseMs = 1000, double multiplier = 2.0, qint64 maxDelayMs = 600000)
{
    RetryPolicy p;
    p.jitter = jitter;
    p.baseDelayMs = baseMs;
    p.multiplier = multiplier;
    p.maxDelayMs = maxDelayMs;
    return p;
}

} // namespace

class tst_RetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void retryableStatus_data();
    void retryableStatus();
    void backoff_data();
    void backoff();
    void backoffNeverDecreases_data();
    void backoffNeverDecreases();
    void delayRange_data();
    void delayRange();
    void delayStaysInRange_data();
    void delayStaysInRange();
    void fullJitterSpreads();
    void jitterNames_data();
    void jitterNames();
    void unknownJitterNames_data();
    void unknownJitterNames();
};

void tst_RetryPolicy::defaults()
{
    // The defaults DESIGN.md §4 documents for a target that configures nothing.
    const RetryPolicy p;
    QCOMPARE(p.maxAttempts, 12);
    QCOMPARE(p.baseDelayMs, 1000);
    QCOMPARE(p.multiplier, 2.0);
    QCOMPARE(p.maxDelayMs, 600000);
    QCOMPARE(p.jitter, Jitter::Full);
    QCOMPARE(p.maxAgeS, 86400);
    QCOMPARE(p.retryOn, (QList<int> { 408, 425, 429, 500, 502, 503, 504 }));
}

void tst_RetryPolicy::retryableStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retryable");

    for (int s : { 408, 425, 429, 500, 502, 503, 504 })
        QTest::addRow("%d", s) << s << true;
    for (int s : { 200, 204, 301, 400, 401, 403, 404, 409, 422, 501, 505 })
        QTest::addRow("%d", s) << s << false;
}

void tst_RetryPolicy::retryableStatus()
{
    QFETCH(int, status);
    QFETCH(bool, retryable);

    QCOMPARE(RetryPolicy().isRetryableStatus(status), retryable);
}

void tst_RetryPolicy::backoff_data()
{
    QTest::addColumn<qint64>("baseMs");
    QTest::addColumn<double>("multiplier");
    QTest::addColumn<qint64>("maxDelayMs");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("expected");

    QTest::addRow("attempt 1 is the base")
        << qint64(1000) << 2.0 << qint64(600000) << 1 << qint64(1000);
    QTest::addRow("attempt 2 doubles")
        << qint64(1000) << 2.0 << qint64(600000) << 2 << qint64(2000);
    QTest::addRow("attempt 5") << qint64(1000) << 2.0 << qint64(600000) << 5 << qint64(16000);
    QTest::addRow("attempt 10, just under the cap")
        << qint64(1000) << 2.0 << qint64(600000) << 10 << qint64(512000);
    QTest::addRow("attempt 11 capped")
        << qint64(1000) << 2.0 << qint64(600000) << 11 << qint64(600000);
    QTest::addRow("exactly the cap") << qint64(1000) << 2.0 << qint64(8000) << 4 << qint64(8000);
    QTest::addRow("multiplier 1 is constant")
        << qint64(1500) << 1.0 << qint64(600000) << 50 << qint64(1500);
    QTest::addRow("multiplier 1.5") << qint64(1000) << 1.5 << qint64(600000) << 3 << qint64(2250);
    QTest::addRow("multiplier 3") << qint64(250) << 3.0 << qint64(600000) << 4 << qint64(6750);
    // 1.4² is 1.9599999999999997 in binary floating point; the formula's value is exactly 1960.
    QTest::addRow("multiplier 1.4 is not rounded down")
        << qint64(1000) << 1.4 << qint64(600000) << 3 << qint64(1960);
    QTest::addRow("zero base") << qint64(0) << 2.0 << qint64(600000) << 7 << qint64(0);
    QTest::addRow("attempt 0 counts as the first")
        << qint64(1000) << 2.0 << qint64(600000) << 0 << qint64(1000);
    QTest::addRow("negative attempt counts as the first")
        << qint64(1000) << 2.0 << qint64(600000) << -3 << qint64(1000);

    // Saturation: past 2^63 an integer computation would overflow, past 2^1024 a double is inf.
    QTest::addRow("attempt 64 saturates")
        << qint64(1000) << 2.0 << qint64(600000) << 64 << qint64(600000);
    QTest::addRow("attempt 1100 saturates")
        << qint64(1000) << 2.0 << qint64(600000) << 1100 << qint64(600000);
    QTest::addRow("attempt INT_MAX saturates") << qint64(1000) << 2.0 << qint64(600000)
                                               << std::numeric_limits<int>::max() << qint64(600000);
    QTest::addRow("multiplier 100, attempt 1000")
        << qint64(1000) << 100.0 << qint64(600000) << 1000 << qint64(600000);
    QTest::addRow("largest base and cap")
        << qint64(86400000) << 100.0 << qint64(86400000) << 1000000 << qint64(86400000);
    QTest::addRow("cap at qint64 max, attempt 100")
        << qint64(1000) << 2.0 << kMaxMs << 100 << kMaxMs;
    QTest::addRow("cap at qint64 max, attempt INT_MAX")
        << qint64(1000) << 2.0 << kMaxMs << std::numeric_limits<int>::max() << kMaxMs;
}

void tst_RetryPolicy::backoff()
{
    QFETCH(qint64, baseMs);
    QFETCH(double, multiplier);
    QFETCH(qint64, maxDelayMs);
    QFETCH(int, attempt);
    QFETCH(qint64, expected);

    const RetryPolicy p = makePolicy(Jitter::None, baseMs, multiplier, maxDelayMs);
    QCOMPARE(p.backoffMs(attempt), expected);
}

void tst_RetryPolicy::backoffNeverDecreases_data()
{
    QTest::addColumn<double>("multiplier");
    QTest::addColumn<qint64>("maxDelayMs");

    QTest::addRow("x2, cap 10 min") << 2.0 << qint64(600000);
    QTest::addRow("x1.1, cap 1 day") << 1.1 << qint64(86400000);
    QTest::addRow("x100, cap 10 min") << 100.0 << qint64(600000);
    QTest::addRow("x2, cap qint64 max") << 2.0 << kMaxMs;
}

void tst_RetryPolicy::backoffNeverDecreases()
{
    QFETCH(double, multiplier);
    QFETCH(qint64, maxDelayMs);

    // An overflow shows up as a delay that drops (often below zero) at some attempt.
    const RetryPolicy p = makePolicy(Jitter::None, 1000, multiplier, maxDelayMs);
    qint64 previous = p.backoffMs(1);
    QCOMPARE(previous, 1000);
    for (int attempt = 2; attempt <= 3000; ++attempt) {
        const qint64 d = p.backoffMs(attempt);
        QVERIFY2(d >= previous && d <= maxDelayMs,
            qPrintable(
                QStringLiteral("attempt %1: %2 after %3").arg(attempt).arg(d).arg(previous)));
        previous = d;
    }
    QCOMPARE(previous, maxDelayMs);
}

void tst_RetryPolicy::delayRange_data()
{
    QTest::addColumn<Jitter>("jitter");
    QTest::addColumn<qint64>("baseMs");
    QTest::addColumn<qint64>("maxDelayMs");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("previousMs");
    QTest::addColumn<qint64>("minMs");
    QTest::addColumn<qint64>("maxMs");

    // Multiplier 2 throughout: backoff = base × 2^(attempt−1), capped.
    QTest::addRow("none, attempt 1") << Jitter::None << qint64(1000) << qint64(600000) << 1
                                     << qint64(0) << qint64(1000) << qint64(1000);
    QTest::addRow("none, attempt 3") << Jitter::None << qint64(1000) << qint64(600000) << 3
                                     << qint64(0) << qint64(4000) << qint64(4000);
    QTest::addRow("none, capped") << Jitter::None << qint64(1000) << qint64(600000) << 20
                                  << qint64(0) << qint64(600000) << qint64(600000);
    QTest::addRow("none ignores previous") << Jitter::None << qint64(1000) << qint64(600000) << 2
                                           << qint64(50000) << qint64(2000) << qint64(2000);

    QTest::addRow("full, attempt 1") << Jitter::Full << qint64(1000) << qint64(600000) << 1
                                     << qint64(0) << qint64(0) << qint64(1000);
    QTest::addRow("full, attempt 4") << Jitter::Full << qint64(1000) << qint64(600000) << 4
                                     << qint64(0) << qint64(0) << qint64(8000);
    QTest::addRow("full, capped") << Jitter::Full << qint64(1000) << qint64(600000) << 30
                                  << qint64(0) << qint64(0) << qint64(600000);
    QTest::addRow("full, zero base")
        << Jitter::Full << qint64(0) << qint64(600000) << 5 << qint64(0) << qint64(0) << qint64(0);

    QTest::addRow("equal, attempt 1") << Jitter::Equal << qint64(1000) << qint64(600000) << 1
                                      << qint64(0) << qint64(500) << qint64(1000);
    QTest::addRow("equal, attempt 4") << Jitter::Equal << qint64(1000) << qint64(600000) << 4
                                      << qint64(0) << qint64(4000) << qint64(8000);
    QTest::addRow("equal, capped") << Jitter::Equal << qint64(1000) << qint64(600000) << 30
                                   << qint64(0) << qint64(300000) << qint64(600000);
    QTest::addRow("equal, odd backoff") << Jitter::Equal << qint64(1001) << qint64(600000) << 1
                                        << qint64(0) << qint64(500) << qint64(1001);

    // Decorrelated (AWS): min(cap, random(base, previous × 3)), previous = base at first.
    QTest::addRow("decorrelated, first") << Jitter::Decorrelated << qint64(1000) << qint64(600000)
                                         << 1 << qint64(0) << qint64(1000) << qint64(3000);
    QTest::addRow("decorrelated, after 5 s")
        << Jitter::Decorrelated << qint64(1000) << qint64(600000) << 2 << qint64(5000)
        << qint64(1000) << qint64(15000);
    QTest::addRow("decorrelated ignores attempt")
        << Jitter::Decorrelated << qint64(1000) << qint64(600000) << 9 << qint64(2000)
        << qint64(1000) << qint64(6000);
    QTest::addRow("decorrelated, capped") << Jitter::Decorrelated << qint64(1000) << qint64(600000)
                                          << 5 << qint64(250000) << qint64(1000) << qint64(600000);
    QTest::addRow("decorrelated, short previous")
        << Jitter::Decorrelated << qint64(1000) << qint64(600000) << 3 << qint64(100)
        << qint64(1000) << qint64(1000);
    QTest::addRow("decorrelated, cap equals base")
        << Jitter::Decorrelated << qint64(1000) << qint64(1000) << 3 << qint64(5000) << qint64(1000)
        << qint64(1000);
}

void tst_RetryPolicy::delayRange()
{
    QFETCH(Jitter, jitter);
    QFETCH(qint64, baseMs);
    QFETCH(qint64, maxDelayMs);
    QFETCH(int, attempt);
    QFETCH(qint64, previousMs);
    QFETCH(qint64, minMs);
    QFETCH(qint64, maxMs);

    const RetryPolicy p = makePolicy(jitter, baseMs, 2.0, maxDelayMs);
    const RetryPolicy::Range r = p.delayRange(attempt, previousMs);
    QCOMPARE(r.minMs, minMs);
    QCOMPARE(r.maxMs, maxMs);
}

void tst_RetryPolicy::delayStaysInRange_data()
{
    QTest::addColumn<Jitter>("jitter");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("previousMs");
    QTest::addColumn<qint64>("minMs");
    QTest::addColumn<qint64>("maxMs");

    // Base 1 s, multiplier 2, cap 10 min.
    QTest::addRow("none, attempt 3")
        << Jitter::None << 3 << qint64(0) << qint64(4000) << qint64(4000);
    QTest::addRow("none, capped") << Jitter::None << 40 << qint64(0) << qint64(600000)
                                  << qint64(600000);
    QTest::addRow("full, attempt 1") << Jitter::Full << 1 << qint64(0) << qint64(0) << qint64(1000);
    QTest::addRow("full, attempt 6")
        << Jitter::Full << 6 << qint64(0) << qint64(0) << qint64(32000);
    QTest::addRow("full, capped") << Jitter::Full << 40 << qint64(0) << qint64(0) << qint64(600000);
    QTest::addRow("equal, attempt 1")
        << Jitter::Equal << 1 << qint64(0) << qint64(500) << qint64(1000);
    QTest::addRow("equal, attempt 6")
        << Jitter::Equal << 6 << qint64(0) << qint64(16000) << qint64(32000);
    QTest::addRow("equal, capped")
        << Jitter::Equal << 40 << qint64(0) << qint64(300000) << qint64(600000);
    QTest::addRow("decorrelated, first")
        << Jitter::Decorrelated << 1 << qint64(0) << qint64(1000) << qint64(3000);
    QTest::addRow("decorrelated, after 7 s")
        << Jitter::Decorrelated << 4 << qint64(7000) << qint64(1000) << qint64(21000);
    QTest::addRow("decorrelated, capped")
        << Jitter::Decorrelated << 4 << qint64(400000) << qint64(1000) << qint64(600000);
}

void tst_RetryPolicy::delayStaysInRange()
{
    QFETCH(Jitter, jitter);
    QFETCH(int, attempt);
    QFETCH(qint64, previousMs);
    QFETCH(qint64, minMs);
    QFETCH(qint64, maxMs);

    const RetryPolicy p = makePolicy(jitter);
    const RetryPolicy::Range r = p.delayRange(attempt, previousMs);
    QCOMPARE(r.minMs, minMs);
    QCOMPARE(r.maxMs, maxMs);

    QRandomGenerator rng(20250301);
    const qint64 mid = minMs + (maxMs - minMs) / 2;
    int low = 0;
    int high = 0;
    for (int i = 0; i < 2000; ++i) {
        const qint64 d = p.delayMs(attempt, previousMs, rng);
        QVERIFY2(d >= minMs && d <= maxMs,
            qPrintable(QStringLiteral("draw %1: %2 outside [%3, %4]")
                           .arg(i)
                           .arg(d)
                           .arg(minMs)
                           .arg(maxMs)));
        (d < mid ? low : high) += 1;
    }
    if (minMs == maxMs) {
        QCOMPARE(high, 2000);
    } else {
        // With 2,000 uniform draws, missing a half has probability 2^-2000.
        QVERIFY2(
            low > 0 && high > 0, qPrintable(QStringLiteral("low %1, high %2").arg(low).arg(high)));
    }
}

void tst_RetryPolicy::fullJitterSpreads()
{
    // Attempt 7: backoff 64 s, full jitter draws from [0, 64 000].
    const RetryPolicy p = makePolicy(Jitter::Full);
    QRandomGenerator rng(4242);
    qint64 lowest = std::numeric_limits<qint64>::max();
    qint64 highest = -1;
    int lowerHalf = 0;
    int upperHalf = 0;
    for (int i = 0; i < 2000; ++i) {
        const qint64 d = p.delayMs(7, 0, rng);
        QVERIFY2(d >= 0 && d <= 64000, qPrintable(QString::number(d)));
        lowest = std::min(lowest, d);
        highest = std::max(highest, d);
        (d < 32000 ? lowerHalf : upperHalf) += 1;
    }
    QVERIFY2(lowerHalf > 0 && upperHalf > 0,
        qPrintable(QStringLiteral("lower %1, upper %2").arg(lowerHalf).arg(upperHalf)));
    // Uniform: each half gets about 1,000 draws, and the extremes come close to the bounds.
    QVERIFY2(lowerHalf > 800 && upperHalf > 800,
        qPrintable(QStringLiteral("lower %1, upper %2").arg(lowerHalf).arg(upperHalf)));
    QVERIFY2(lowest < 1000, qPrintable(QString::number(lowest)));
    QVERIFY2(highest > 63000, qPrintable(QString::number(highest)));
}

void tst_RetryPolicy::jitterNames_data()
{
    QTest::addColumn<Jitter>("jitter");
    QTest::addColumn<QString>("name");

    QTest::addRow("none") << Jitter::None << QStringLiteral("none");
    QTest::addRow("full") << Jitter::Full << QStringLiteral("full");
    QTest::addRow("equal") << Jitter::Equal << QStringLiteral("equal");
    QTest::addRow("decorrelated") << Jitter::Decorrelated << QStringLiteral("decorrelated");
}

void tst_RetryPolicy::jitterNames()
{
    QFETCH(Jitter, jitter);
    QFETCH(QString, name);

    QCOMPARE(jitterName(jitter), name);
    const std::optional<Jitter> parsed = jitterFromName(name);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, jitter);
    QCOMPARE(jitterFromName(jitterName(jitter)), std::optional<Jitter>(jitter));
}

void tst_RetryPolicy::unknownJitterNames_data()
{
    QTest::addColumn<QString>("name");

    QTest::addRow("empty") << QString();
    QTest::addRow("capitalised") << QStringLiteral("Full");
    QTest::addRow("upper case") << QStringLiteral("EQUAL");
    QTest::addRow("leading space") << QStringLiteral(" full");
    QTest::addRow("trailing space") << QStringLiteral("none ");
    QTest::addRow("other scheme") << QStringLiteral("exponential");
    QTest::addRow("random") << QStringLiteral("random");
    QTest::addRow("prefix") << QStringLiteral("decorr");
    QTest::addRow("suffix") << QStringLiteral("decorrelated-jitter");
}

void tst_RetryPolicy::unknownJitterNames()
{
    QFETCH(QString, name);

    const std::optional<Jitter> parsed = jitterFromName(name);
    QVERIFY2(!parsed.has_value(),
        qPrintable(QStringLiteral("parsed as %1").arg(parsed ? jitterName(*parsed) : QString())));
}

QTEST_GUILESS_MAIN(tst_RetryPolicy)
#include "tst_retrypolicy.moc"
