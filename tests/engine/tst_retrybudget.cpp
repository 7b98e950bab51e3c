// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QTest>

#include "tests/support/testjson.h"

#include "engine/dispatch/retrybudget.h"

using namespace Tandem;

using Tandem::TestJson::jsonValue;

namespace {

RetryBudgetConfig config(double ratio, int minPerSecond, int windowS)
{
    RetryBudgetConfig c;
    c.ratio = ratio;
    c.minRetriesPerSecond = minPerSecond;
    c.windowS = windowS;
    return c;
}

// Calls tryRetry() at `nowMs` until it refuses; returns how many it allowed.
int spendAll(RetryBudget &budget, qint64 nowMs)
{
    int allowed = 0;
    while (allowed < 1000000 && budget.tryRetry(nowMs))
        ++allowed;
    return allowed;
}


} // namespace

class tst_RetryBudget : public QObject
{
    Q_OBJECT

private slots:
    void ratioCapsRetries_data();
    void ratioCapsRetries();
    void floorWithoutTraffic_data();
    void floorWithoutTraffic();
    void firstAttemptsExpire_data();
    void firstAttemptsExpire();
    void retriesExpire();
    void availableMatchesTryRetry_data();
    void availableMatchesTryRetry();
    void clockBackwards();
    void setConfigLive();

    void configDefaults();
    void configValid();
    void configInvalid_data();
    void configInvalid();
    void configRoundTrip();
};

void tst_RetryBudget::ratioCapsRetries_data()
{
    QTest::addColumn<double>("ratio");
    QTest::addColumn<int>("minPerSecond");
    QTest::addColumn<int>("windowS");
    QTest::addColumn<int>("firstPerSecond");
    QTest::addColumn<int>("expectedPerSecond");

    QTest::addRow("100/s, ratio 0.2") << 0.2 << 1 << 10 << 100 << 21;
    QTest::addRow("100/s, ratio 0.2, no floor") << 0.2 << 0 << 10 << 100 << 20;
    QTest::addRow("100/s, ratio 0.1, floor 5") << 0.1 << 5 << 10 << 100 << 15;
    QTest::addRow("40/s, ratio 0.5") << 0.5 << 1 << 10 << 40 << 21;
    QTest::addRow("40/s, ratio 2") << 2.0 << 1 << 10 << 40 << 81;
    QTest::addRow("100/s, ratio 0: the floor only") << 0.0 << 1 << 10 << 100 << 1;
    QTest::addRow("100/s, ratio 0, no floor: never") << 0.0 << 0 << 10 << 100 << 0;
    QTest::addRow("100/s, ratio 0.2, 1 s window") << 0.2 << 1 << 1 << 100 << 21;
    QTest::addRow("100/s, ratio 0.2, 60 s window") << 0.2 << 1 << 60 << 100 << 21;
}

void tst_RetryBudget::ratioCapsRetries()
{
    QFETCH(double, ratio);
    QFETCH(int, minPerSecond);
    QFETCH(int, windowS);
    QFETCH(int, firstPerSecond);
    QFETCH(int, expectedPerSecond);

    // A retry storm: first attempts at a steady rate, and a retry wanted every 10 ms (100/s,
    // more than any row allows). Over a simulated minute, every second lets exactly
    // ratio × rate + floor through: the budget neither leaks nor starves.
    constexpr int kSeconds = 60;
    RetryBudget budget(config(ratio, minPerSecond, windowS));
    const int firstEveryMs = 1000 / firstPerSecond;
    QList<int> perSecond(kSeconds, 0);
    for (qint64 ms = 0; ms < kSeconds * 1000; ++ms) {
        if (ms % firstEveryMs == 0)
            budget.recordFirstAttempt(ms);
        if (ms % 10 == 0 && budget.tryRetry(ms))
            ++perSecond[ms / 1000];
    }

    for (int s = 0; s < kSeconds; ++s) {
        QVERIFY2(perSecond.at(s) == expectedPerSecond,
            qPrintable(QStringLiteral("second %1: %2 retries, expected %3")
                           .arg(s)
                           .arg(perSecond.at(s))
                           .arg(expectedPerSecond)));
    }
    // Over any window: ratio × first attempts in it, plus the floor for each of its seconds.
    for (int s = 0; s + windowS <= kSeconds; ++s) {
        int retries = 0;
        for (int i = s; i < s + windowS; ++i)
            retries += perSecond.at(i);
        QVERIFY(retries <= ratio * firstPerSecond * windowS + minPerSecond * windowS);
    }
}

void tst_RetryBudget::floorWithoutTraffic_data()
{
    QTest::addColumn<int>("minPerSecond");
    QTest::addColumn<int>("windowS");

    QTest::addRow("1/s") << 1 << 10;
    QTest::addRow("3/s") << 3 << 10;
    QTest::addRow("1/s, 1 s window") << 1 << 1;
    QTest::addRow("1/s, 1 h window") << 1 << 3600;
    QTest::addRow("no floor") << 0 << 10;
}

void tst_RetryBudget::floorWithoutTraffic()
{
    QFETCH(int, minPerSecond);
    QFETCH(int, windowS);

    // No first attempts at all; a retry wanted every 10 ms for 30 s. The floor lets exactly
    // min_retries_per_second through each second, at its start, and never a burst.
    RetryBudget budget(config(0.2, minPerSecond, windowS));
    for (qint64 second = 0; second < 30; ++second) {
        QCOMPARE(budget.retriesAvailable(second * 1000), minPerSecond);
        QList<qint64> allowedAt;
        for (qint64 ms = second * 1000; ms < (second + 1) * 1000; ms += 10) {
            if (budget.tryRetry(ms))
                allowedAt.append(ms - second * 1000);
        }
        QList<qint64> expected;
        for (int i = 0; i < minPerSecond; ++i)
            expected.append(10 * i);
        QCOMPARE(allowedAt, expected);
        QCOMPARE(budget.retriesAvailable(second * 1000 + 999), 0);
    }
}

void tst_RetryBudget::firstAttemptsExpire_data()
{
    QTest::addColumn<int>("windowS");
    QTest::addColumn<int>("firstAttempts");

    QTest::addRow("10 s window, 100 first attempts") << 10 << 100;
    QTest::addRow("1 s window") << 1 << 100;
    QTest::addRow("60 s window") << 60 << 100;
    QTest::addRow("10 s window, 7 first attempts") << 10 << 7;
}

void tst_RetryBudget::firstAttemptsExpire()
{
    QFETCH(int, windowS);
    QFETCH(int, firstAttempts);

    RetryBudget budget(config(0.2, 1, windowS));
    for (int i = 0; i < firstAttempts; ++i)
        budget.recordFirstAttempt(i % 1000);
    const int earned = int(0.2 * firstAttempts);
    const qint64 windowEndMs = qint64(windowS) * 1000;

    QCOMPARE(budget.retriesAvailable(999), 1 + earned);
    QCOMPARE(budget.retriesAvailable(windowEndMs / 2), 1 + earned);
    QCOMPARE(budget.retriesAvailable(windowEndMs - 1), 1 + earned);
    QCOMPARE(budget.retriesAvailable(windowEndMs), 1);
    QCOMPARE(budget.retriesAvailable(windowEndMs + 3600000), 1);

    // The same seen through tryRetry(), which moves the window for real.
    QCOMPARE(spendAll(budget, windowEndMs), 1);
}

void tst_RetryBudget::retriesExpire()
{
    RetryBudget budget(config(0.2, 1, 10));
    for (int i = 0; i < 100; ++i)
        budget.recordFirstAttempt(0);
    QCOMPARE(spendAll(budget, 0), 21);
    QCOMPARE(budget.retriesAvailable(500), 0);
    // A new second brings the floor back, not the ratio: those 20 retries still count.
    QCOMPARE(budget.retriesAvailable(1000), 1);

    for (int i = 0; i < 50; ++i)
        budget.recordFirstAttempt(3000);
    // 150 first attempts earn 30; 20 are spent.
    QCOMPARE(budget.retriesAvailable(3000), 1 + 10);
    // Second 0 leaves the window with its 100 first attempts and its 20 retries.
    QCOMPARE(budget.retriesAvailable(9999), 1 + 10);
    QCOMPARE(budget.retriesAvailable(10000), 1 + 10);
    QCOMPARE(budget.retriesAvailable(12999), 1 + 10);
    QCOMPARE(budget.retriesAvailable(13000), 1);
    QCOMPARE(spendAll(budget, 10000), 11);
    QCOMPARE(budget.retriesAvailable(10000), 0);
    // With second 3 gone (at 13 s) no first attempt is left to pay for those 10: only the floor.
    QCOMPARE(budget.retriesAvailable(19999), 1);
    QCOMPARE(budget.retriesAvailable(20000), 1);
}

void tst_RetryBudget::availableMatchesTryRetry_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("windowS");

    for (quint32 seed : { 1u, 2u, 3u, 4u, 5u, 6u })
        QTest::addRow("seed %u, 10 s window", seed) << seed << 10;
    for (quint32 seed : { 7u, 8u, 9u })
        QTest::addRow("seed %u, 3 s window", seed) << seed << 3;
}

void tst_RetryBudget::availableMatchesTryRetry()
{
    QFETCH(quint32, seed);
    QFETCH(int, windowS);

    // retriesAvailable() predicts without moving the window; tryRetry() moves it. After random
    // histories, at random later times (within the same second, after gaps shorter and longer
    // than the window), the prediction must be exactly what spending finds.
    QRandomGenerator rng(seed);
    for (int round = 0; round < 50; ++round) {
        RetryBudget budget(config(0.25, 2, windowS));
        qint64 now = rng.bounded(0, 5000);
        for (int event = 0; event < 300; ++event) {
            now += rng.bounded(0, 200);
            if (rng.bounded(3) == 0)
                budget.tryRetry(now);
            else
                budget.recordFirstAttempt(now);
        }
        const qint64 gaps[] = { 0, rng.bounded(1, 1000), rng.bounded(1000, windowS * 1000),
            rng.bounded(windowS * 1000, windowS * 3000) };
        const qint64 askAt = now + gaps[rng.bounded(4)];
        const int predicted = budget.retriesAvailable(askAt);
        QCOMPARE(spendAll(budget, askAt), predicted);
        QCOMPARE(budget.retriesAvailable(askAt), 0);
    }
}

void tst_RetryBudget::clockBackwards()
{
    RetryBudget budget(config(0.2, 1, 10));
    QVERIFY(budget.tryRetry(5000));
    // A step back lands in the latest second seen, whose floor is used up.
    QCOMPARE(budget.retriesAvailable(4000), 0);
    QVERIFY(!budget.tryRetry(4000));
    for (int i = 0; i < 10; ++i)
        budget.recordFirstAttempt(-20000);
    QCOMPARE(budget.retriesAvailable(5500), 2);
    QVERIFY(budget.tryRetry(6000));
}

void tst_RetryBudget::setConfigLive()
{
    RetryBudget budget(config(0.2, 1, 10));
    for (int i = 0; i < 100; ++i)
        budget.recordFirstAttempt(0);
    for (int i = 0; i < 100; ++i)
        budget.recordFirstAttempt(8000);
    QCOMPARE(budget.retriesAvailable(8000), 1 + 40);

    // A shorter window keeps the seconds that still fit (second 8), drops the older ones.
    budget.setConfig(config(0.2, 1, 5));
    QCOMPARE(budget.config().windowS, 5);
    QCOMPARE(budget.retriesAvailable(8000), 1 + 20);
    QCOMPARE(budget.retriesAvailable(12999), 1 + 20);
    QCOMPARE(budget.retriesAvailable(13000), 1);

    // Growing it again cannot bring dropped seconds back.
    budget.setConfig(config(0.2, 1, 10));
    QCOMPARE(budget.retriesAvailable(8000), 1 + 20);
    QCOMPARE(budget.retriesAvailable(17999), 1 + 20);
    QCOMPARE(budget.retriesAvailable(18000), 1);

    // Ratio and floor apply at once to what is in the window.
    budget.setConfig(config(0.5, 4, 10));
    QCOMPARE(budget.retriesAvailable(8000), 4 + 50);
    QCOMPARE(spendAll(budget, 8000), 54);
}

void tst_RetryBudget::configDefaults()
{
    const RetryBudgetConfig c;
    QCOMPARE(c.ratio, 0.2);
    QCOMPARE(c.minRetriesPerSecond, 1);
    QCOMPARE(c.windowS, 10);

    auto parsed = RetryBudgetConfig::fromJson(QJsonObject {}, QStringLiteral("retry_budget"));
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, c);
}

void tst_RetryBudget::configValid()
{
    auto parsed = RetryBudgetConfig::fromJson(
        jsonValue("{'ratio': 0.5, 'min_retries_per_second': 3, 'window_s': 60}"),
        QStringLiteral("targets[0].retry_budget"));
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(parsed->ratio, 0.5);
    QCOMPARE(parsed->minRetriesPerSecond, 3);
    QCOMPARE(parsed->windowS, 60);

    auto bounds = RetryBudgetConfig::fromJson(
        jsonValue("{'ratio': 10, 'min_retries_per_second': 100000, 'window_s': 3600}"), {});
    QVERIFY2(bounds.has_value(), qPrintable(bounds ? QString() : bounds.error().message));
    auto zeroes = RetryBudgetConfig::fromJson(
        jsonValue("{'ratio': 0, 'min_retries_per_second': 0, 'window_s': 1}"), {});
    QVERIFY2(zeroes.has_value(), qPrintable(zeroes ? QString() : zeroes.error().message));
}

void tst_RetryBudget::configInvalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    const auto row = [](const char *name, const char *json, const char *field, const char *tail) {
        QTest::addRow("%s", name) << QByteArray(json)
                                  << QStringLiteral("targets[2].retry_budget%1: %2")
                                         .arg(QString::fromLatin1(field), QString::fromUtf8(tail));
    };
    row("negative ratio", "{'ratio': -0.1}", ".ratio", "-0.1 is out of range (0 to 10)");
    row("ratio too big", "{'ratio': 10.5}", ".ratio", "10.5 is out of range (0 to 10)");
    row("ratio as a string", "{'ratio': '20%'}", ".ratio", "must be a number");
    row("negative floor", "{'min_retries_per_second': -1}", ".min_retries_per_second",
        "-1 is out of range (0 to 100000)");
    row("floor too big", "{'min_retries_per_second': 100001}", ".min_retries_per_second",
        "100001 is out of range (0 to 100000)");
    row("fractional floor", "{'min_retries_per_second': 0.5}", ".min_retries_per_second",
        "must be a whole number");
    row("window 0", "{'window_s': 0}", ".window_s", "0 is out of range (1 to 3600)");
    row("window over an hour", "{'window_s': 3601}", ".window_s",
        "3601 is out of range (1 to 3600)");
    row("fractional window", "{'window_s': 2.5}", ".window_s", "must be a whole number");
    row("window as a string", "{'window_s': '10'}", ".window_s", "must be a whole number");
    row("unknown key", "{'ratio': 0.2, 'burst': 5}", "", "unknown key \"burst\"");
    row("misspelt key", "{'window': 10}", "", "unknown key \"window\"");
    row("not an object", "[0.2]", "", "must be an object");
}

void tst_RetryBudget::configInvalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);

    auto parsed = RetryBudgetConfig::fromJson(
        jsonValue(json.constData()), QStringLiteral("targets[2].retry_budget"));
    QVERIFY2(!parsed.has_value(), "accepted");
    QCOMPARE(parsed.error().code, Error::Code::Invalid);
    QCOMPARE(parsed.error().message, message);
}

void tst_RetryBudget::configRoundTrip()
{
    const RetryBudgetConfig c = config(1.5, 7, 120);
    const QJsonObject json = c.toJson();
    QCOMPARE(json.keys(),
        (QStringList { QStringLiteral("min_retries_per_second"), QStringLiteral("ratio"),
            QStringLiteral("window_s") }));
    auto parsed = RetryBudgetConfig::fromJson(json, QStringLiteral("retry_budget"));
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, c);

    auto defaults = RetryBudgetConfig::fromJson(
        RetryBudgetConfig {}.toJson(), QStringLiteral("retry_budget"));
    QVERIFY(defaults.has_value());
    QCOMPARE(*defaults, RetryBudgetConfig {});
}

QTEST_GUILESS_MAIN(tst_RetryBudget)
#include "tst_retrybudget.moc"
