// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <cmath>

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QTest>

#include "tests/support/testjson.h"

#include "engine/dispatch/adaptiveconcurrency.h"

using namespace Tandem;

using Tandem::TestJson::jsonValue;

namespace {

// Responses arrive every 10 ms in these simulations: a busy target, many windows per second.
constexpr qint64 kStepMs = 10;

struct Change
{
    qint64 atMs;
    int limit;
};

// Feeds a controller a steady stream of responses on a simulated clock and records every change
// of the limit.
class Traffic
{
public:
    explicit Traffic(AdaptiveConcurrency &controller)
        : m_controller(controller)
    {
    }

    // One response every kStepMs after the last one, up to and including `untilMs`. Every
    // `overloadEvery`-th response is an overload answer (0: none).
    void run(qint64 untilMs, qint64 rttUs, int overloadEvery = 0)
    {
        for (; m_nextMs <= untilMs; m_nextMs += kStepMs) {
            ++m_count;
            const bool overloaded = overloadEvery > 0 && m_count % overloadEvery == 0;
            const int before = m_controller.limit();
            m_controller.onResponse(rttUs, overloaded, m_nextMs);
            if (m_controller.limit() != before)
                changes.append({ m_nextMs, m_controller.limit() });
        }
    }

    qint64 nextMs() const { return m_nextMs; }

    QList<Change> changes;

private:
    AdaptiveConcurrency &m_controller;
    qint64 m_nextMs = 0;
    qint64 m_count = 0;
};

AdaptiveConcurrencyConfig config(double ratio = 0.9, int initial = 1)
{
    AdaptiveConcurrencyConfig c;
    c.enabled = true;
    c.decreaseRatio = ratio;
    c.initialLimit = initial;
    return c;
}

QString describe(const QList<Change> &changes)
{
    QStringList parts;
    for (const Change &c : changes)
        parts.append(QStringLiteral("%1 ms→%2").arg(c.atMs).arg(c.limit));
    return parts.join(QStringLiteral(", "));
}


} // namespace

class tst_AdaptiveConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void initialLimit_data();
    void initialLimit();
    void climbsOnePerWindow_data();
    void climbsOnePerWindow();
    void backsOffMultiplicatively_data();
    void backsOffMultiplicatively();
    void staysWithinBounds();
    void recoversAfterCongestion_data();
    void recoversAfterCongestion();
    void setMaximum_data();
    void setMaximum();
    void baselineIgnoresOverloadedReplies();

    void configDefaults();
    void configValid();
    void configInvalid_data();
    void configInvalid();
    void configRoundTrip();
};

void tst_AdaptiveConcurrency::initialLimit_data()
{
    QTest::addColumn<int>("initial");
    QTest::addColumn<int>("maximum");
    QTest::addColumn<int>("expected");

    QTest::addRow("default") << 1 << 64 << 1;
    QTest::addRow("configured") << 8 << 64 << 8;
    QTest::addRow("above the maximum") << 8 << 4 << 4;
    QTest::addRow("zero") << 0 << 64 << 1;
    QTest::addRow("maximum zero") << 5 << 0 << 1;
}

void tst_AdaptiveConcurrency::initialLimit()
{
    QFETCH(int, initial);
    QFETCH(int, maximum);
    QFETCH(int, expected);

    const AdaptiveConcurrency controller(config(0.9, initial), maximum);
    QCOMPARE(controller.limit(), expected);
    QVERIFY(controller.maximum() >= 1);
}

void tst_AdaptiveConcurrency::climbsOnePerWindow_data()
{
    QTest::addColumn<qint64>("rttMs");
    QTest::addColumn<int>("initial");
    QTest::addColumn<int>("maximum");
    QTest::addColumn<qint64>("durationMs");

    QTest::addRow("5 ms RTT, windows of 100 ms") << qint64(5) << 1 << 4096 << qint64(1000);
    QTest::addRow("20 ms RTT up to 10") << qint64(20) << 1 << 10 << qint64(2000);
    QTest::addRow("50 ms RTT, 3 s") << qint64(50) << 1 << 64 << qint64(3000);
    QTest::addRow("100 ms RTT") << qint64(100) << 1 << 64 << qint64(2000);
    QTest::addRow("250 ms RTT, windows of one RTT") << qint64(250) << 1 << 64 << qint64(3000);
    QTest::addRow("250 ms RTT up to 8") << qint64(250) << 1 << 8 << qint64(3000);
    QTest::addRow("from 16 up to 20") << qint64(30) << 16 << 20 << qint64(1500);
    QTest::addRow("already at the maximum") << qint64(30) << 12 << 12 << qint64(1500);
}

void tst_AdaptiveConcurrency::climbsOnePerWindow()
{
    QFETCH(qint64, rttMs);
    QFETCH(int, initial);
    QFETCH(int, maximum);
    QFETCH(qint64, durationMs);

    AdaptiveConcurrency controller(config(0.9, initial), maximum);
    Traffic traffic(controller);
    traffic.run(durationMs, rttMs * 1000);

    // The first window is 100 ms (no baseline yet), every later one max(100 ms, RTT); each
    // closes with +1 until the maximum.
    QList<Change> expected;
    int limit = initial;
    for (qint64 close = 100; close <= durationMs && limit < maximum;
         close += std::max<qint64>(100, rttMs))
        expected.append({ close, ++limit });

    QVERIFY2(expected.size() >= 3 || limit == maximum, "the row simulates too few windows");
    QCOMPARE(traffic.changes.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QVERIFY2(traffic.changes.at(i).atMs == expected.at(i).atMs
                && traffic.changes.at(i).limit == expected.at(i).limit,
            qPrintable(QStringLiteral("got %1, expected %2")
                           .arg(describe(traffic.changes), describe(expected))));
    }
    QCOMPARE(controller.limit(), limit);
    QCOMPARE(controller.baselineRttUs(), double(rttMs * 1000));
    QCOMPARE(controller.windowMs(), std::max<qint64>(100, rttMs));
}

void tst_AdaptiveConcurrency::backsOffMultiplicatively_data()
{
    QTest::addColumn<double>("ratio");
    QTest::addColumn<qint64>("congestedRttUs");
    QTest::addColumn<int>("overloadEvery");
    QTest::addColumn<QList<int>>("expected");

    // Climbed to 20 at 50 ms, then three congested windows of 100 ms each.
    QTest::addRow("RTT doubles") << 0.9 << qint64(100000) << 0 << QList<int> { 18, 16, 14 };
    // The baseline follows a climb that is not backed by overloads, so a lasting small shift
    // costs one decrease and then becomes the new normal.
    QTest::addRow("RTT 6 %% up, then accepted")
        << 0.9 << qint64(53000) << 0 << QList<int> { 18, 19, 20 };
    QTest::addRow("RTT doubles, ratio 0.5")
        << 0.5 << qint64(100000) << 0 << QList<int> { 10, 5, 2 };
    QTest::addRow("every reply 429 or 503")
        << 0.9 << qint64(2000) << 1 << QList<int> { 18, 16, 14 };
    QTest::addRow("one overload in ten, RTT steady")
        << 0.9 << qint64(50000) << 10 << QList<int> { 18, 16, 14 };
    QTest::addRow("timeouts") << 0.9 << qint64(30000000) << 1 << QList<int> { 18, 16, 14 };
    QTest::addRow("ratio 0.1 floors at 1") << 0.1 << qint64(2000) << 1 << QList<int> { 2, 1, 1 };
}

void tst_AdaptiveConcurrency::backsOffMultiplicatively()
{
    QFETCH(double, ratio);
    QFETCH(qint64, congestedRttUs);
    QFETCH(int, overloadEvery);
    QFETCH(QList<int>, expected);

    AdaptiveConcurrency controller(config(ratio), 20);
    Traffic traffic(controller);
    traffic.run(3000, 50000);
    QCOMPARE(controller.limit(), 20);
    QCOMPARE(controller.windowMs(), 100);

    // Windows close at every whole 100 ms; the congested replies start right after one.
    QList<int> seen;
    for (int window = 1; window <= expected.size(); ++window) {
        traffic.run(3000 + 100 * window, congestedRttUs, overloadEvery);
        seen.append(controller.limit());
    }
    QCOMPARE(seen, expected);
}

void tst_AdaptiveConcurrency::staysWithinBounds()
{
    // Random RTTs, overloads and maximum changes: the limit must stay within [1, maximum], and
    // the run must actually have pushed against both ends for the check to mean anything.
    QRandomGenerator rng(77);
    AdaptiveConcurrency controller(config(0.5), 16);
    bool reachedOne = false;
    bool reachedMaximum = false;
    qint64 now = 0;
    for (int i = 0; i < 20000; ++i) {
        now += rng.bounded(1, 30);
        if (i % 2000 == 1999)
            controller.setMaximum(rng.bounded(-2, 40));
        // Phases of calm and of congestion, 2,000 replies each.
        const bool congested = (i / 2000) % 2 == 1;
        const bool overloaded = congested && rng.bounded(4) == 0;
        const qint64 rtt = congested ? rng.bounded(100000, 400000) : rng.bounded(20000, 21000);
        controller.onResponse(rtt, overloaded, now);
        QVERIFY2(controller.limit() >= 1 && controller.limit() <= controller.maximum(),
            qPrintable(QStringLiteral("limit %1, maximum %2 after reply %3")
                           .arg(controller.limit())
                           .arg(controller.maximum())
                           .arg(i)));
        QVERIFY(controller.maximum() >= 1);
        reachedOne = reachedOne || controller.limit() == 1;
        reachedMaximum = reachedMaximum || controller.limit() == controller.maximum();
    }
    QVERIFY(reachedOne);
    QVERIFY(reachedMaximum);
}

void tst_AdaptiveConcurrency::recoversAfterCongestion_data()
{
    QTest::addColumn<qint64>("congestedRttUs");
    QTest::addColumn<int>("overloadEvery");

    QTest::addRow("1 s of 429s") << qint64(2000) << 1;
    QTest::addRow("1 s of one 503 in five") << qint64(50000) << 5;
    QTest::addRow("1 s at four times the RTT") << qint64(200000) << 0;
}

void tst_AdaptiveConcurrency::recoversAfterCongestion()
{
    QFETCH(qint64, congestedRttUs);
    QFETCH(int, overloadEvery);

    AdaptiveConcurrency controller(config(), 20);
    Traffic traffic(controller);
    traffic.run(3000, 50000);
    QCOMPARE(controller.limit(), 20);

    traffic.run(4000, congestedRttUs, overloadEvery);
    const int lowest = controller.limit();
    QVERIFY2(lowest <= 14, qPrintable(QStringLiteral("only down to %1").arg(lowest)));

    // Back to normal: every change from now on is one step up, and the maximum comes back.
    traffic.changes.clear();
    traffic.run(9000, 50000);
    QVERIFY(!traffic.changes.isEmpty());
    int previous = lowest;
    for (const Change &c : std::as_const(traffic.changes)) {
        QVERIFY2(c.limit == previous + 1,
            qPrintable(QStringLiteral("not +1: %1").arg(describe(traffic.changes))));
        previous = c.limit;
    }
    QCOMPARE(controller.limit(), 20);
    // The climb back takes about one window per step, no more.
    QVERIFY2(traffic.changes.constLast().atMs <= 4000 + (20 - lowest) * 200,
        qPrintable(describe(traffic.changes)));
}

void tst_AdaptiveConcurrency::setMaximum_data()
{
    QTest::addColumn<int>("newMaximum");
    QTest::addColumn<int>("limitAtOnce");
    QTest::addColumn<int>("limitLater");

    // Climbed to 10 with a maximum of 64, then the maximum changes; "later" is 5 more windows.
    QTest::addRow("lowered below the limit") << 4 << 4 << 4;
    QTest::addRow("lowered to the limit") << 10 << 10 << 10;
    QTest::addRow("lowered, still above the limit") << 12 << 10 << 12;
    QTest::addRow("raised: no jump, climbs") << 100 << 10 << 15;
    QTest::addRow("zero means 1") << 0 << 1 << 1;
    QTest::addRow("negative means 1") << -5 << 1 << 1;
}

void tst_AdaptiveConcurrency::setMaximum()
{
    QFETCH(int, newMaximum);
    QFETCH(int, limitAtOnce);
    QFETCH(int, limitLater);

    AdaptiveConcurrency controller(config(), 64);
    Traffic traffic(controller);
    traffic.run(900, 30000);
    QCOMPARE(controller.limit(), 10);

    controller.setMaximum(newMaximum);
    QCOMPARE(controller.maximum(), std::max(1, newMaximum));
    QCOMPARE(controller.limit(), limitAtOnce);
    traffic.run(1400, 30000);
    QCOMPARE(controller.limit(), limitLater);
}

void tst_AdaptiveConcurrency::baselineIgnoresOverloadedReplies()
{
    AdaptiveConcurrency controller(config(), 64);
    QCOMPARE(controller.baselineRttUs(), 0.0);
    QCOMPARE(controller.windowMs(), 100);

    // Only overload answers: the limit backs off, but they teach nothing about latency.
    Traffic traffic(controller);
    traffic.run(500, 9000000, 1);
    QCOMPARE(controller.baselineRttUs(), 0.0);
    QCOMPARE(controller.limit(), 1);

    // The first clean window sets the baseline outright, later ones blend in with weight 0.4.
    traffic.run(600, 40000);
    QCOMPARE(controller.baselineRttUs(), 40000.0);
    traffic.run(700, 90000);
    QCOMPARE(controller.baselineRttUs(), 0.4 * 90000 + 0.6 * 40000);
    // One overload spoils the window: its slow replies do not move the baseline either.
    traffic.run(800, 400000, 10);
    QCOMPARE(controller.baselineRttUs(), 60000.0);
    // A window longer than 100 ms once the baseline is: max(100 ms, baseline).
    traffic.run(900, 400000);
    QCOMPARE(controller.windowMs(), qint64(std::ceil((0.4 * 400000 + 0.6 * 60000) / 1000)));
}

void tst_AdaptiveConcurrency::configDefaults()
{
    const AdaptiveConcurrencyConfig c;
    QCOMPARE(c.enabled, false);
    QCOMPARE(c.decreaseRatio, 0.9);
    QCOMPARE(c.rttThreshold, 0.05);
    QCOMPARE(c.ewmaAlpha, 0.4);
    QCOMPARE(c.initialLimit, 1);

    auto parsed = AdaptiveConcurrencyConfig::fromJson(
        QJsonObject {}, QStringLiteral("targets[0].adaptive_concurrency"));
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, c);
}

void tst_AdaptiveConcurrency::configValid()
{
    auto parsed = AdaptiveConcurrencyConfig::fromJson(
        jsonValue("{'enabled': true, 'decrease_ratio': 0.5, 'rtt_threshold': 0.2, "
                  "'ewma_alpha': 1, 'initial_limit': 4096}"),
        QStringLiteral("targets[0].adaptive_concurrency"));
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(parsed->enabled, true);
    QCOMPARE(parsed->decreaseRatio, 0.5);
    QCOMPARE(parsed->rttThreshold, 0.2);
    QCOMPARE(parsed->ewmaAlpha, 1.0);
    QCOMPARE(parsed->initialLimit, 4096);

    auto bounds = AdaptiveConcurrencyConfig::fromJson(
        jsonValue("{'decrease_ratio': 0.1, 'rtt_threshold': 0, 'ewma_alpha': 0.01}"), QString());
    QVERIFY2(bounds.has_value(), qPrintable(bounds ? QString() : bounds.error().message));
    QCOMPARE(bounds->decreaseRatio, 0.1);
    QCOMPARE(bounds->rttThreshold, 0.0);
    QCOMPARE(bounds->ewmaAlpha, 0.01);
}

void tst_AdaptiveConcurrency::configInvalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    const auto row = [](const char *name, const char *json, const char *field, const char *tail) {
        QTest::addRow("%s", name) << QByteArray(json)
                                  << QStringLiteral("targets[0].adaptive_concurrency%1: %2")
                                         .arg(QString::fromLatin1(field), QString::fromUtf8(tail));
    };
    row("ratio too small", "{'decrease_ratio': 0.05}", ".decrease_ratio",
        "0.05 is out of range (0.1 to 0.99)");
    row("ratio 1 never decreases", "{'decrease_ratio': 1}", ".decrease_ratio",
        "1 is out of range (0.1 to 0.99)");
    row("ratio as a string", "{'decrease_ratio': '0.5'}", ".decrease_ratio", "must be a number");
    row("negative threshold", "{'rtt_threshold': -0.1}", ".rtt_threshold",
        "-0.1 is out of range (0 to 10)");
    row("threshold too big", "{'rtt_threshold': 11}", ".rtt_threshold",
        "11 is out of range (0 to 10)");
    row("alpha 0", "{'ewma_alpha': 0}", ".ewma_alpha", "0 is out of range (0.01 to 1)");
    row("alpha over 1", "{'ewma_alpha': 1.5}", ".ewma_alpha", "1.5 is out of range (0.01 to 1)");
    row("initial 0", "{'initial_limit': 0}", ".initial_limit", "0 is out of range (1 to 4096)");
    row("initial too big", "{'initial_limit': 4097}", ".initial_limit",
        "4097 is out of range (1 to 4096)");
    row("fractional initial", "{'initial_limit': 2.5}", ".initial_limit", "must be a whole number");
    row("enabled as a string", "{'enabled': 'yes'}", ".enabled", "must be true or false");
    row("enabled as a number", "{'enabled': 1}", ".enabled", "must be true or false");
    row("unknown key", "{'enabled': true, 'max_limit': 8}", "", "unknown key \"max_limit\"");
    row("misspelt key", "{'decrease-ratio': 0.5}", "", "unknown key \"decrease-ratio\"");
    row("not an object", "true", "", "must be an object");
}

void tst_AdaptiveConcurrency::configInvalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);

    auto parsed = AdaptiveConcurrencyConfig::fromJson(
        jsonValue(json.constData()), QStringLiteral("targets[0].adaptive_concurrency"));
    QVERIFY2(!parsed.has_value(), "accepted");
    QCOMPARE(parsed.error().code, Error::Code::Invalid);
    QCOMPARE(parsed.error().message, message);
}

void tst_AdaptiveConcurrency::configRoundTrip()
{
    AdaptiveConcurrencyConfig c;
    c.enabled = true;
    c.decreaseRatio = 0.75;
    c.rttThreshold = 0.3;
    c.ewmaAlpha = 0.25;
    c.initialLimit = 6;
    const QJsonObject json = c.toJson();
    QCOMPARE(json.keys(),
        (QStringList { QStringLiteral("decrease_ratio"), QStringLiteral("enabled"),
            QStringLiteral("ewma_alpha"), QStringLiteral("initial_limit"),
            QStringLiteral("rtt_threshold") }));
    auto parsed = AdaptiveConcurrencyConfig::fromJson(json, QStringLiteral("adaptive_concurrency"));
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, c);

    auto defaults = AdaptiveConcurrencyConfig::fromJson(
        AdaptiveConcurrencyConfig {}.toJson(), QStringLiteral("adaptive_concurrency"));
    QVERIFY(defaults.has_value());
    QCOMPARE(*defaults, AdaptiveConcurrencyConfig {});
}

QTEST_GUILESS_MAIN(tst_AdaptiveConcurrency)
#include "tst_adaptiveconcurrency.moc"
