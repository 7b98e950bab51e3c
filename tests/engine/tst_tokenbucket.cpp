// SPDX-License-Identifier: GPL-3.0-or-later
#include <cmath>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "tests/support/testjson.h"

#include "engine/dispatch/tokenbucket.h"

using namespace Tandem;

using Tandem::TestJson::jsonValue;

namespace {

// More than any finite bucket in these tests holds, so hitting it means "unlimited".
constexpr int kTakeCap = 100000;

// Takes tokens at `nowMs` until the bucket refuses (or kTakeCap); returns how many it gave.
int takeAll(TokenBucket &bucket, qint64 nowMs)
{
    int taken = 0;
    while (taken < kTakeCap && bucket.tryTake(nowMs))
        ++taken;
    return taken;
}

// Test JSON is written with single quotes, as in tst_targetconfig. The value is wrapped in an

} // namespace

class tst_TokenBucket : public QObject
{
    Q_OBJECT

private slots:
    void startsFull_data();
    void startsFull();
    void sustainedRate_data();
    void sustainedRate();
    void burstAfterIdle_data();
    void burstAfterIdle();
    void msUntilNextToken_data();
    void msUntilNextToken();
    void reconfigure_data();
    void reconfigure();
    void unlimited_data();
    void unlimited();
    void clockBackwardsAddsNothing();

    void effectiveBurst_data();
    void effectiveBurst();
    void configDefaults();
    void configValid_data();
    void configValid();
    void configInvalid_data();
    void configInvalid();
    void configRoundTrip_data();
    void configRoundTrip();
};

void tst_TokenBucket::startsFull_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("burst");
    QTest::addColumn<int>("expected");

    QTest::addRow("10/s, burst 5") << 10.0 << 5 << 5;
    QTest::addRow("10/s, burst derived") << 10.0 << 0 << 10;
    QTest::addRow("0.5/s, burst derived is 1") << 0.5 << 0 << 1;
    QTest::addRow("2.5/s, burst derived rounds up") << 2.5 << 0 << 3;
    QTest::addRow("1/s, burst 40") << 1.0 << 40 << 40;
}

void tst_TokenBucket::startsFull()
{
    QFETCH(double, rate);
    QFETCH(int, burst);
    QFETCH(int, expected);

    TokenBucket bucket(rate, burst, 1000);
    QCOMPARE(bucket.burst(), expected);
    QCOMPARE(bucket.msUntilNextToken(1000), 0);
    QCOMPARE(takeAll(bucket, 1000), expected);
    QVERIFY(bucket.msUntilNextToken(1000) > 0);
}

void tst_TokenBucket::sustainedRate_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("burst");
    QTest::addColumn<bool>("timerDriven");

    const struct
    {
        const char *name;
        double rate;
        int burst;
    } rates[] = {
        { "0.4/s, burst 2", 0.4, 2 },
        { "0.8/s", 0.8, 0 },
        { "1/s", 1.0, 0 },
        { "2.5/s", 2.5, 0 },
        { "10/s, burst 1", 10.0, 1 },
        { "33.3/s", 33.3, 0 },
        { "250/s, burst 10", 250.0, 10 },
        { "1000/s, burst 1", 1000.0, 1 },
        { "20000/s", 20000.0, 0 },
    };
    for (const auto &r : rates) {
        QTest::addRow("%s, polled every ms", r.name) << r.rate << r.burst << false;
        QTest::addRow("%s, timer-driven", r.name) << r.rate << r.burst << true;
    }
}

void tst_TokenBucket::sustainedRate()
{
    QFETCH(double, rate);
    QFETCH(int, burst);
    QFETCH(bool, timerDriven);

    // A consumer that always wants a token, over a simulated 5 s. Polled: it asks every
    // millisecond. Timer-driven: it sleeps exactly msUntilNextToken() between refusals, which
    // must be neither too early (the take fails) nor later than needed (a ms earlier fails).
    constexpr qint64 kDurationMs = 5000;
    TokenBucket bucket(rate, burst, 0);
    const int capacity = bucket.burst();
    qint64 taken = 0;
    qint64 now = 0;
    while (now <= kDurationMs) {
        taken += takeAll(bucket, now);
        // The bucket can never have given more than it started with plus what accrued.
        QVERIFY2(double(taken) <= capacity + rate * double(now) / 1000.0 + 1e-6,
            qPrintable(QStringLiteral("%1 taken by %2 ms").arg(taken).arg(now)));
        if (!timerDriven) {
            ++now;
            continue;
        }
        const qint64 wait = bucket.msUntilNextToken(now);
        QVERIFY2(wait > 0, qPrintable(QStringLiteral("wait %1 at %2 ms").arg(wait).arg(now)));
        QVERIFY2(!bucket.tryTake(now + wait - 1),
            qPrintable(QStringLiteral("a token at %1 ms, before the promised %2 ms")
                           .arg(now + wait - 1)
                           .arg(now + wait)));
        now += wait;
        if (now <= kDurationMs)
            QVERIFY2(bucket.tryTake(now),
                qPrintable(QStringLiteral("no token at the promised %1 ms").arg(now)));
        else
            break;
        ++taken;
    }

    const double ideal = rate * double(kDurationMs) / 1000.0 + capacity;
    QVERIFY2(double(taken) <= ideal + 1e-6,
        qPrintable(QStringLiteral("%1 taken, at most %2 allowed").arg(taken).arg(ideal)));
    QVERIFY2(double(taken) >= 0.9 * ideal,
        qPrintable(QStringLiteral("%1 taken, expected about %2").arg(taken).arg(ideal)));
}

void tst_TokenBucket::burstAfterIdle_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("burst");
    QTest::addColumn<qint64>("idleMs");
    QTest::addColumn<int>("expected");

    QTest::addRow("10/s, burst 5, idle 10 s") << 10.0 << 5 << qint64(10000) << 5;
    QTest::addRow("10/s, burst 5, idle 200 ms") << 10.0 << 5 << qint64(200) << 2;
    QTest::addRow("10/s, burst 5, idle 350 ms") << 10.0 << 5 << qint64(350) << 3;
    QTest::addRow("10/s, burst 5, idle 499 ms") << 10.0 << 5 << qint64(499) << 4;
    QTest::addRow("0.5/s, burst 3, idle 1 h") << 0.5 << 3 << qint64(3600000) << 3;
    QTest::addRow("100/s, derived burst, idle 1 min") << 100.0 << 0 << qint64(60000) << 100;
    QTest::addRow("1000/s, burst 1, idle 1 day") << 1000.0 << 1 << qint64(86400000) << 1;
}

void tst_TokenBucket::burstAfterIdle()
{
    QFETCH(double, rate);
    QFETCH(int, burst);
    QFETCH(qint64, idleMs);
    QFETCH(int, expected);

    TokenBucket bucket(rate, burst, 0);
    takeAll(bucket, 0);
    QVERIFY(!bucket.tryTake(0));
    QCOMPARE(takeAll(bucket, idleMs), expected);
    QVERIFY(!bucket.tryTake(idleMs));
}

void tst_TokenBucket::msUntilNextToken_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("burst");
    QTest::addColumn<int>("takesAtZero");
    QTest::addColumn<qint64>("askAtMs");
    QTest::addColumn<qint64>("expected");

    QTest::addRow("full") << 10.0 << 5 << 0 << qint64(0) << qint64(0);
    QTest::addRow("one left") << 10.0 << 5 << 4 << qint64(0) << qint64(0);
    QTest::addRow("empty, 10/s") << 10.0 << 5 << 5 << qint64(0) << qint64(100);
    QTest::addRow("empty, 10/s, 30 ms later") << 10.0 << 5 << 5 << qint64(30) << qint64(70);
    QTest::addRow("empty, 10/s, 100 ms later") << 10.0 << 5 << 5 << qint64(100) << qint64(0);
    QTest::addRow("empty, 3/s, rounds up") << 3.0 << 3 << 3 << qint64(0) << qint64(334);
    QTest::addRow("empty, 3/s, 100 ms later") << 3.0 << 3 << 3 << qint64(100) << qint64(234);
    QTest::addRow("empty, 0.5/s") << 0.5 << 1 << 1 << qint64(0) << qint64(2000);
    QTest::addRow("empty, 0.5/s, 1.5 s later") << 0.5 << 1 << 1 << qint64(1500) << qint64(500);
    QTest::addRow("empty, 1000/s") << 1000.0 << 1 << 1 << qint64(0) << qint64(1);
    QTest::addRow("empty, 1e6/s, a microsecond rounds up")
        << 1000000.0 << 1 << 1 << qint64(0) << qint64(1);
    QTest::addRow("unlimited, after many takes") << 0.0 << 0 << 1000 << qint64(0) << qint64(0);
}

void tst_TokenBucket::msUntilNextToken()
{
    QFETCH(double, rate);
    QFETCH(int, burst);
    QFETCH(int, takesAtZero);
    QFETCH(qint64, askAtMs);
    QFETCH(qint64, expected);

    TokenBucket bucket(rate, burst, 0);
    for (int i = 0; i < takesAtZero; ++i)
        QVERIFY(bucket.tryTake(0));
    QCOMPARE(bucket.msUntilNextToken(askAtMs), expected);
    if (expected > 0)
        QVERIFY(!bucket.tryTake(askAtMs + expected - 1));
    QVERIFY(bucket.tryTake(askAtMs + expected));
}

void tst_TokenBucket::reconfigure_data()
{
    QTest::addColumn<double>("rateBefore");
    QTest::addColumn<int>("burstBefore");
    QTest::addColumn<int>("takesAtZero");
    QTest::addColumn<qint64>("atMs");
    QTest::addColumn<double>("rateAfter");
    QTest::addColumn<int>("burstAfter");
    QTest::addColumn<int>("takesAfter");
    QTest::addColumn<qint64>("waitAfter");

    QTest::addRow("smaller burst clamps the accrued tokens")
        << 10.0 << 10 << 10 << qint64(500) << 100.0 << 2 << 2 << qint64(10);
    QTest::addRow("bigger burst is not topped up")
        << 10.0 << 10 << 4 << qint64(0) << 10.0 << 20 << 6 << qint64(100);
    QTest::addRow("tokens accrued at the old rate are kept")
        << 1.0 << 10 << 10 << qint64(3000) << 100.0 << 10 << 3 << qint64(10);
    QTest::addRow("slower rate") << 100.0 << 100 << 100 << qint64(50) << 1.0 << 0 << 1
                                 << qint64(1000);
    QTest::addRow("derived burst follows the new rate")
        << 10.0 << 10 << 10 << qint64(10000) << 2.5 << 0 << 3 << qint64(400);
    QTest::addRow("unlimited to limited starts full")
        << 0.0 << 0 << 1000 << qint64(0) << 5.0 << 2 << 2 << qint64(200);
    QTest::addRow("limited to unlimited")
        << 10.0 << 5 << 5 << qint64(0) << 0.0 << 0 << kTakeCap << qint64(0);
}

void tst_TokenBucket::reconfigure()
{
    QFETCH(double, rateBefore);
    QFETCH(int, burstBefore);
    QFETCH(int, takesAtZero);
    QFETCH(qint64, atMs);
    QFETCH(double, rateAfter);
    QFETCH(int, burstAfter);
    QFETCH(int, takesAfter);
    QFETCH(qint64, waitAfter);

    TokenBucket bucket(rateBefore, burstBefore, 0);
    for (int i = 0; i < takesAtZero; ++i)
        QVERIFY(bucket.tryTake(0));
    bucket.reconfigure(rateAfter, burstAfter, atMs);
    QCOMPARE(bucket.ratePerSecond(), rateAfter);
    QCOMPARE(takeAll(bucket, atMs), takesAfter);
    QCOMPARE(bucket.msUntilNextToken(atMs), waitAfter);
}

void tst_TokenBucket::unlimited_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("burst");

    QTest::addRow("rate 0") << 0.0 << 0;
    QTest::addRow("rate 0 ignores the burst") << 0.0 << 3;
    QTest::addRow("negative rate") << -5.0 << 0;
}

void tst_TokenBucket::unlimited()
{
    QFETCH(double, rate);
    QFETCH(int, burst);

    TokenBucket bucket(rate, burst, 0);
    QVERIFY(bucket.isUnlimited());
    QCOMPARE(takeAll(bucket, 0), kTakeCap);
    QCOMPARE(bucket.msUntilNextToken(0), 0);
    QCOMPARE(takeAll(bucket, 1), kTakeCap);

    QVERIFY(TokenBucket(RateLimit {}, 0).isUnlimited());
}

void tst_TokenBucket::clockBackwardsAddsNothing()
{
    TokenBucket bucket(10.0, 1, 1000);
    QVERIFY(bucket.tryTake(1000));
    QVERIFY(!bucket.tryTake(0));
    // Going back and forward again must not pay out the same 100 ms twice.
    QVERIFY(!bucket.tryTake(1099));
    QVERIFY(bucket.tryTake(1100));
    QVERIFY(!bucket.tryTake(500));
    QCOMPARE(bucket.msUntilNextToken(1100), 100);
}

void tst_TokenBucket::effectiveBurst_data()
{
    QTest::addColumn<double>("perSecond");
    QTest::addColumn<int>("burst");
    QTest::addColumn<int>("expected");

    QTest::addRow("unlimited") << 0.0 << 0 << 1;
    QTest::addRow("0.5/s") << 0.5 << 0 << 1;
    QTest::addRow("1/s") << 1.0 << 0 << 1;
    QTest::addRow("2.5/s") << 2.5 << 0 << 3;
    QTest::addRow("20/s") << 20.0 << 0 << 20;
    QTest::addRow("20/s, burst 5") << 20.0 << 5 << 5;
    QTest::addRow("0.1/s, burst 9") << 0.1 << 9 << 9;
    QTest::addRow("1e6/s") << 1000000.0 << 0 << 1000000;
}

void tst_TokenBucket::effectiveBurst()
{
    QFETCH(double, perSecond);
    QFETCH(int, burst);
    QFETCH(int, expected);

    const RateLimit limit { perSecond, burst };
    QCOMPARE(limit.effectiveBurst(), expected);
    if (perSecond > 0)
        QCOMPARE(TokenBucket(limit, 0).burst(), expected);
}

void tst_TokenBucket::configDefaults()
{
    const RateLimit limit;
    QCOMPARE(limit.perSecond, 0.0);
    QCOMPARE(limit.burst, 0);
    QVERIFY(limit.isUnlimited());

    auto parsed = RateLimit::fromJson(QJsonObject {}, QStringLiteral("targets[0].rate_limit"));
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, limit);
}

void tst_TokenBucket::configValid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<double>("perSecond");
    QTest::addColumn<int>("burst");

    QTest::addRow("empty") << QByteArray("{}") << 0.0 << 0;
    QTest::addRow("rate only") << QByteArray("{'per_second': 50}") << 50.0 << 0;
    QTest::addRow("fractional rate") << QByteArray("{'per_second': 0.25}") << 0.25 << 0;
    QTest::addRow("both") << QByteArray("{'per_second': 2.5, 'burst': 7}") << 2.5 << 7;
    QTest::addRow("explicit zeroes") << QByteArray("{'per_second': 0, 'burst': 0}") << 0.0 << 0;
    QTest::addRow("upper bounds") << QByteArray("{'per_second': 1000000, 'burst': 1000000}")
                                  << 1000000.0 << 1000000;
    QTest::addRow("whole number written as 3.0") << QByteArray("{'burst': 3.0}") << 0.0 << 3;
}

void tst_TokenBucket::configValid()
{
    QFETCH(QByteArray, json);
    QFETCH(double, perSecond);
    QFETCH(int, burst);

    auto parsed = RateLimit::fromJson(jsonValue(json), QStringLiteral("targets[0].rate_limit"));
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(parsed->perSecond, perSecond);
    QCOMPARE(parsed->burst, burst);
}

void tst_TokenBucket::configInvalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("message");

    const QString w = QStringLiteral("targets[0].rate_limit");
    QTest::addRow("negative rate") << QByteArray("{'per_second': -1}") << w
                                   << QStringLiteral("targets[0].rate_limit.per_second: -1 is out "
                                                     "of range (0 to 1000000)");
    QTest::addRow("rate too high") << QByteArray("{'per_second': 1000000.5}") << w
                                   << QStringLiteral("targets[0].rate_limit.per_second: 1000000.5 "
                                                     "is out of range (0 to 1000000)");
    QTest::addRow("rate as a string")
        << QByteArray("{'per_second': '5'}") << w
        << QStringLiteral("targets[0].rate_limit.per_second: must be a number");
    QTest::addRow("rate null") << QByteArray("{'per_second': null}") << w
                               << QStringLiteral("targets[0].rate_limit.per_second: must be a "
                                                 "number");
    QTest::addRow("fractional burst")
        << QByteArray("{'per_second': 5, 'burst': 1.5}") << w
        << QStringLiteral("targets[0].rate_limit.burst: must be a whole number");
    QTest::addRow("negative burst")
        << QByteArray("{'burst': -1}") << w
        << QStringLiteral("targets[0].rate_limit.burst: -1 is out of range (0 to 1000000)");
    QTest::addRow("burst too high")
        << QByteArray("{'burst': 1000001}") << w
        << QStringLiteral("targets[0].rate_limit.burst: 1000001 is out of range (0 to 1000000)");
    QTest::addRow("burst as a bool")
        << QByteArray("{'burst': true}") << w
        << QStringLiteral("targets[0].rate_limit.burst: must be a whole number");
    QTest::addRow("unknown key") << QByteArray(
        "{'per_sec': 5}") << w << QStringLiteral("targets[0].rate_limit: unknown key \"per_sec\"");
    QTest::addRow("unknown key beside valid ones")
        << QByteArray("{'per_second': 5, 'burst': 2, 'bucket': 3}") << w
        << QStringLiteral("targets[0].rate_limit: unknown key \"bucket\"");
    QTest::addRow("array") << QByteArray("[5]") << w
                           << QStringLiteral("targets[0].rate_limit: must be an object");
    QTest::addRow("number") << QByteArray("5") << w
                            << QStringLiteral("targets[0].rate_limit: must be an object");
    QTest::addRow("null") << QByteArray("null") << w
                          << QStringLiteral("targets[0].rate_limit: must be an object");
    QTest::addRow("another target")
        << QByteArray("{'per_second': -2}") << QStringLiteral("targets[3].rate_limit")
        << QStringLiteral("targets[3].rate_limit.per_second: -2 is "
                          "out of range (0 to 1000000)");
    QTest::addRow("no prefix") << QByteArray("{'burst': -2}") << QString()
                               << QStringLiteral("burst: -2 is out of range (0 to 1000000)");
}

void tst_TokenBucket::configInvalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, where);
    QFETCH(QString, message);

    auto parsed = RateLimit::fromJson(jsonValue(json), where);
    QVERIFY2(!parsed.has_value(), "accepted");
    QCOMPARE(parsed.error().code, Error::Code::Invalid);
    QCOMPARE(parsed.error().message, message);
}

void tst_TokenBucket::configRoundTrip_data()
{
    QTest::addColumn<double>("perSecond");
    QTest::addColumn<int>("burst");

    QTest::addRow("defaults") << 0.0 << 0;
    QTest::addRow("fractional rate, derived burst") << 2.5 << 0;
    QTest::addRow("both set") << 120.0 << 30;
}

void tst_TokenBucket::configRoundTrip()
{
    QFETCH(double, perSecond);
    QFETCH(int, burst);

    const RateLimit limit { perSecond, burst };
    const QJsonObject json = limit.toJson();
    QCOMPARE(json.keys(), (QStringList { QStringLiteral("burst"), QStringLiteral("per_second") }));
    QCOMPARE(json.value(QStringLiteral("per_second")).toDouble(), perSecond);
    QCOMPARE(json.value(QStringLiteral("burst")).toInt(-1), burst);
    auto parsed = RateLimit::fromJson(json, QStringLiteral("rate_limit"));
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, limit);
}

QTEST_GUILESS_MAIN(tst_TokenBucket)
#include "tst_tokenbucket.moc"
