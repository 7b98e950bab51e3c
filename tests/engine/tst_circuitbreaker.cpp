// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <optional>

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTest>

#include "engine/dispatch/circuitbreaker.h"

using namespace Tandem;

namespace {

constexpr qint64 kStart = 1'700'000'000'000; // an ordinary wall-clock time

// A count window of 100 calls or a time window of 60 s; the other knobs as given.
BreakerConfig makeConfig(BreakerWindow window, int failurePercent = 50, int minimumCalls = 10)
{
    BreakerConfig c;
    c.window = window;
    c.windowSize = window == BreakerWindow::Count ? 100 : 60;
    c.failureRatePercent = failurePercent;
    c.minimumCalls = minimumCalls;
    return c;
}

// Drives a breaker the way a target worker does, with an injected clock: each call asks for a
// permit, finishes at once and moves the clock on by stepMs.
struct Driver
{
    explicit Driver(CircuitBreaker &b, qint64 startMs = kStart)
        : breaker(b)
        , now(startMs)
    {
    }

    CircuitBreaker &breaker;
    qint64 now;
    QList<BreakerTransition> transitions;
    int rejected = 0;
    int made = 0;

    void calls(int n, bool failed, qint64 durationMs = 20, qint64 stepMs = 10)
    {
        for (int i = 0; i < n; ++i) {
            if (auto t = breaker.poll(now))
                transitions.append(*t);
            if (!breaker.tryAcquire(now)) {
                ++rejected;
            } else {
                ++made;
                if (auto t = breaker.onCallFinished(failed, durationMs, now))
                    transitions.append(*t);
            }
            now += stepMs;
        }
    }
    void failures(int n) { calls(n, true); }
    void successes(int n) { calls(n, false); }
};

// Trips a breaker of the given config with failures only; returns the time it opened.
qint64 trip(CircuitBreaker &b, qint64 now = kStart)
{
    const int n = b.config().window == BreakerWindow::Count
        ? std::min(b.config().minimumCalls, b.config().windowSize)
        : b.config().minimumCalls;
    for (int i = 0; i < n; ++i) {
        if (b.tryAcquire(now) && b.onCallFinished(true, 20, now))
            return now;
        now += 10;
    }
    return -1;
}

QJsonValue parse(const QByteArray &json)
{
    return QJsonDocument::fromJson("{\"v\": " + json + '}').object().value(QStringLiteral("v"));
}

} // namespace

class tst_CircuitBreaker : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void names();
    void staysClosedBelowMinimum_data();
    void staysClosedBelowMinimum();
    void opensAtThreshold_data();
    void opensAtThreshold();
    void slowCallsTrip_data();
    void slowCallsTrip();
    void slowMeansAtLeastSlowCallMs_data();
    void slowMeansAtLeastSlowCallMs();
    void timeWindowForgets_data();
    void timeWindowForgets();
    void timeWindowSlidesPerSecond();
    void timeWindowToleratesClockGoingBack();
    void countWindowSlides_data();
    void countWindowSlides();
    void countWindowMinimumAboveSize();
    void openRejectsUntilOpenMs_data();
    void openRejectsUntilOpenMs();
    void tryAcquireWithoutPollMovesToHalfOpen();
    void halfOpenPermits_data();
    void halfOpenPermits();
    void probeVerdict_data();
    void probeVerdict();
    void releaseReturnsPermit();
    void resultsWhileOpenIgnored_data();
    void resultsWhileOpenIgnored();
    void lateResultInHalfOpenIgnored();
    void reset_data();
    void reset();
    void setConfigLowerThreshold_data();
    void setConfigLowerThreshold();
    void setConfigWindowChangeClears_data();
    void setConfigWindowChangeClears();
    void setConfigOpenMs();
    void setConfigFewerProbes();
    void disabledNeverOpens_data();
    void disabledNeverOpens();
    void disablingAnOpenBreaker();
    void reasons_data();
    void reasons();
    void jsonDefaults();
    void jsonRoundTrip_data();
    void jsonRoundTrip();
    void jsonPartial();
    void jsonPatched();
    void jsonBounds_data();
    void jsonBounds();
    void jsonInvalid_data();
    void jsonInvalid();
};

void tst_CircuitBreaker::defaults()
{
    const BreakerConfig c;
    QCOMPARE(c.enabled, true);
    QCOMPARE(c.window, BreakerWindow::Count);
    QCOMPARE(c.windowSize, 100);
    QCOMPARE(c.minimumCalls, 10);
    QCOMPARE(c.failureRatePercent, 50);
    QCOMPARE(c.slowCallRatePercent, 100);
    QCOMPARE(c.slowCallMs, 30000);
    QCOMPARE(c.openMs, 60000);
    QCOMPARE(c.halfOpenProbes, 10);

    const CircuitBreaker b(c);
    QCOMPARE(b.state(), BreakerState::Closed);
    QCOMPARE(b.stateSinceMs(), 0);
    QVERIFY(!b.reopensAtMs());
    QVERIFY(!b.lastTrip());
    QCOMPARE(b.callsInWindow(), 0);
    QCOMPARE(b.failureRatePercent(), 0.0);
    QCOMPARE(b.slowCallRatePercent(), 0.0);
}

void tst_CircuitBreaker::names()
{
    QCOMPARE(breakerStateName(BreakerState::Closed), QStringLiteral("closed"));
    QCOMPARE(breakerStateName(BreakerState::Open), QStringLiteral("open"));
    QCOMPARE(breakerStateName(BreakerState::HalfOpen), QStringLiteral("half_open"));
    QCOMPARE(breakerWindowName(BreakerWindow::Count), QStringLiteral("count"));
    QCOMPARE(breakerWindowName(BreakerWindow::Time), QStringLiteral("time"));
    QCOMPARE(breakerWindowFromName(QStringLiteral("count")), BreakerWindow::Count);
    QCOMPARE(breakerWindowFromName(QStringLiteral("time")), BreakerWindow::Time);
    QVERIFY(!breakerWindowFromName(QStringLiteral("Count")));
    QVERIFY(!breakerWindowFromName(QString()));
    QVERIFY(!breakerWindowFromName(QStringLiteral("sliding")));
}

void tst_CircuitBreaker::staysClosedBelowMinimum_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<int>("minimumCalls");

    for (BreakerWindow w : { BreakerWindow::Count, BreakerWindow::Time }) {
        const QByteArray name = breakerWindowName(w).toLatin1();
        for (int minimum : { 1, 2, 10, 50, 100 })
            QTest::addRow("%s, minimum %d", name.constData(), minimum) << w << minimum;
    }
}

void tst_CircuitBreaker::staysClosedBelowMinimum()
{
    QFETCH(BreakerWindow, window);
    QFETCH(int, minimumCalls);

    CircuitBreaker b(makeConfig(window, 50, minimumCalls));
    Driver d { b };
    d.failures(minimumCalls - 1);
    QCOMPARE(b.state(), BreakerState::Closed);
    QVERIFY(d.transitions.isEmpty());
    QCOMPARE(b.callsInWindow(), minimumCalls - 1);
    if (minimumCalls > 1)
        QCOMPARE(b.failureRatePercent(), 100.0);

    // The call that reaches the minimum trips it: the minimum, not the rate, held it closed.
    d.failures(1);
    QCOMPARE(b.state(), BreakerState::Open);
    QCOMPARE(d.transitions.size(), 1);
    QCOMPARE(d.transitions.first().calls, minimumCalls);
}

void tst_CircuitBreaker::opensAtThreshold_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<int>("threshold");
    QTest::addColumn<int>("minimumCalls");
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("calls");
    QTest::addColumn<bool>("opens");

    struct Row
    {
        const char *name;
        int threshold, minimum, failures, calls;
        bool opens;
    };
    const Row rows[] = {
        { "50 %, 5 of 10", 50, 10, 5, 10, true },
        { "50 %, 4 of 10", 50, 10, 4, 10, false },
        { "50 %, 10 of 10", 50, 10, 10, 10, true },
        { "20 %, 2 of 10", 20, 10, 2, 10, true },
        { "20 %, 1 of 10", 20, 10, 1, 10, false },
        { "100 %, 10 of 10", 100, 10, 10, 10, true },
        { "100 %, 9 of 10", 100, 10, 9, 10, false },
        { "1 %, 1 of 100", 1, 100, 1, 100, true },
        { "1 %, 0 of 100", 1, 100, 0, 100, false },
        { "33 %, 1 of 3", 33, 3, 1, 3, true },
        { "34 %, 1 of 3", 34, 3, 1, 3, false },
        { "67 %, 2 of 3", 67, 3, 2, 3, false },
        { "66 %, 2 of 3", 66, 3, 2, 3, true },
        { "50 %, 10 of 20, minimum 20", 50, 20, 10, 20, true },
        { "50 %, 9 of 20, minimum 20", 50, 20, 9, 20, false },
    };
    for (BreakerWindow w : { BreakerWindow::Count, BreakerWindow::Time }) {
        const QByteArray name = breakerWindowName(w).toLatin1();
        for (const Row &r : rows)
            QTest::addRow("%s, %s", name.constData(), r.name)
                << w << r.threshold << r.minimum << r.failures << r.calls << r.opens;
    }
}

void tst_CircuitBreaker::opensAtThreshold()
{
    QFETCH(BreakerWindow, window);
    QFETCH(int, threshold);
    QFETCH(int, minimumCalls);
    QFETCH(int, failures);
    QFETCH(int, calls);
    QFETCH(bool, opens);

    // Successes first, so that the rate is highest at the last call and a trip, if any, comes
    // exactly there.
    CircuitBreaker b(makeConfig(window, threshold, minimumCalls));
    Driver d { b };
    d.successes(calls - failures);
    d.failures(failures - 1 > 0 ? failures - 1 : 0);
    QVERIFY(d.transitions.isEmpty());
    QCOMPARE(b.state(), BreakerState::Closed);
    if (failures > 0)
        d.failures(1);
    QCOMPARE(d.made, calls);
    QCOMPARE(d.rejected, 0);
    QCOMPARE(b.state(), opens ? BreakerState::Open : BreakerState::Closed);
    QCOMPARE(d.transitions.size(), opens ? 1 : 0);
    if (opens) {
        const BreakerTransition &t = d.transitions.first();
        QCOMPARE(t.from, BreakerState::Closed);
        QCOMPARE(t.to, BreakerState::Open);
        QCOMPARE(t.calls, calls);
        QCOMPARE(t.failureRatePercent, 100.0 * failures / calls);
        QCOMPARE(t.atMs, d.now - 10);
        QCOMPARE(b.stateSinceMs(), t.atMs);
        QCOMPARE(b.lastTrip(), t);
        QVERIFY2(t.reason.contains(QStringLiteral("≥ %1 %").arg(threshold)), qPrintable(t.reason));
    } else {
        QCOMPARE(b.callsInWindow(), calls);
        QCOMPARE(b.failureRatePercent(), 100.0 * failures / calls);
        QVERIFY(!b.lastTrip());
    }
}

void tst_CircuitBreaker::slowCallsTrip_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<int>("slowThreshold");
    QTest::addColumn<int>("slowCalls");
    QTest::addColumn<int>("failedFastCalls");
    QTest::addColumn<bool>("opens");

    // Ten calls; the slow ones succeed, so only the slow-call rate can trip (failure
    // threshold 50 %).
    struct Row
    {
        const char *name;
        int threshold, slow, failedFast;
        bool opens;
    };
    const Row rows[] = {
        { "100 %, all slow", 100, 10, 0, true },
        { "100 %, 9 of 10 slow", 100, 9, 0, false },
        { "50 %, 5 of 10 slow", 50, 5, 0, true },
        { "50 %, 4 of 10 slow", 50, 4, 0, false },
        { "30 %, 3 slow and 4 failed", 30, 3, 4, true },
        { "40 %, 3 slow and 4 failed", 40, 3, 4, false },
    };
    for (BreakerWindow w : { BreakerWindow::Count, BreakerWindow::Time }) {
        const QByteArray name = breakerWindowName(w).toLatin1();
        for (const Row &r : rows)
            QTest::addRow("%s, %s", name.constData(), r.name)
                << w << r.threshold << r.slow << r.failedFast << r.opens;
    }
}

void tst_CircuitBreaker::slowCallsTrip()
{
    QFETCH(BreakerWindow, window);
    QFETCH(int, slowThreshold);
    QFETCH(int, slowCalls);
    QFETCH(int, failedFastCalls);
    QFETCH(bool, opens);

    BreakerConfig c = makeConfig(window);
    c.slowCallRatePercent = slowThreshold;
    c.slowCallMs = 5000;
    CircuitBreaker b(c);
    Driver d { b };
    d.calls(failedFastCalls, true, 100);
    d.calls(10 - slowCalls - failedFastCalls, false, 100);
    d.calls(slowCalls, false, 5000);
    QCOMPARE(d.made, 10);
    QCOMPARE(b.state(), opens ? BreakerState::Open : BreakerState::Closed);
    QCOMPARE(d.transitions.size(), opens ? 1 : 0);
    if (opens) {
        const BreakerTransition &t = d.transitions.first();
        QCOMPARE(t.slowCallRatePercent, 10.0 * slowCalls);
        QCOMPARE(t.failureRatePercent, 10.0 * failedFastCalls);
        QVERIFY2(t.reason.startsWith(QStringLiteral("slow-call rate %1.0 % ≥ %2 %")
                                         .arg(10 * slowCalls)
                                         .arg(slowThreshold)),
            qPrintable(t.reason));
        QVERIFY2(!t.reason.contains(QStringLiteral("failure rate")), qPrintable(t.reason));
    } else {
        QCOMPARE(b.slowCallRatePercent(), 10.0 * slowCalls);
    }
}

void tst_CircuitBreaker::slowMeansAtLeastSlowCallMs_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<qint64>("durationMs");
    QTest::addColumn<bool>("slow");

    for (BreakerWindow w : { BreakerWindow::Count, BreakerWindow::Time }) {
        const QByteArray name = breakerWindowName(w).toLatin1();
        QTest::addRow("%s, 0 ms", name.constData()) << w << qint64(0) << false;
        QTest::addRow("%s, 29999 ms", name.constData()) << w << qint64(29999) << false;
        QTest::addRow("%s, 30000 ms", name.constData()) << w << qint64(30000) << true;
        QTest::addRow("%s, 1 h", name.constData()) << w << qint64(3600000) << true;
    }
}

void tst_CircuitBreaker::slowMeansAtLeastSlowCallMs()
{
    QFETCH(BreakerWindow, window);
    QFETCH(qint64, durationMs);
    QFETCH(bool, slow);

    // Default slow_call_ms (30 s) and slow-call threshold (100 %): ten such calls trip it or not.
    CircuitBreaker b(makeConfig(window));
    Driver d { b };
    d.calls(9, false, durationMs);
    QCOMPARE(b.slowCallRatePercent(), slow ? 100.0 : 0.0);
    QCOMPARE(b.state(), BreakerState::Closed);
    d.calls(1, false, durationMs);
    QCOMPARE(b.state(), slow ? BreakerState::Open : BreakerState::Closed);
}

void tst_CircuitBreaker::timeWindowForgets_data()
{
    QTest::addColumn<int>("windowSeconds");

    QTest::addRow("1 s") << 1;
    QTest::addRow("10 s") << 10;
    QTest::addRow("60 s") << 60;
    QTest::addRow("1 day") << 86400;
}

void tst_CircuitBreaker::timeWindowForgets()
{
    QFETCH(int, windowSeconds);

    BreakerConfig c = makeConfig(BreakerWindow::Time, 50, 5);
    c.windowSize = windowSeconds;
    CircuitBreaker b(c);
    const qint64 t0 = kStart; // on a second boundary
    const qint64 windowMs = qint64(windowSeconds) * 1000;

    // Four failures at the start of second 0, fewer than the minimum of five.
    for (int i = 0; i < 4; ++i) {
        QVERIFY(b.tryAcquire(t0 + i));
        QVERIFY(!b.onCallFinished(true, 20, t0 + i));
    }
    QCOMPARE(b.callsInWindow(), 4);

    // Still there at the last millisecond of the window...
    QVERIFY(!b.poll(t0 + windowMs - 1));
    QCOMPARE(b.callsInWindow(), 4);
    QCOMPARE(b.failureRatePercent(), 100.0);

    // ...gone once window_size seconds have passed.
    QVERIFY(!b.poll(t0 + windowMs));
    QCOMPARE(b.callsInWindow(), 0);
    QCOMPARE(b.failureRatePercent(), 0.0);

    // Had they been kept, this fifth failure would have tripped the breaker.
    QVERIFY(b.tryAcquire(t0 + windowMs));
    QVERIFY(!b.onCallFinished(true, 20, t0 + windowMs));
    QCOMPARE(b.state(), BreakerState::Closed);
    QCOMPARE(b.callsInWindow(), 1);

    // Forgetting also happens when a call is recorded, without a poll in between.
    const qint64 t1 = t0 + 2 * windowMs;
    for (int i = 0; i < 4; ++i) {
        QVERIFY(b.tryAcquire(t1));
        QVERIFY(!b.onCallFinished(true, 20, t1));
    }
    QCOMPARE(b.callsInWindow(), 4);
    QVERIFY(b.tryAcquire(t1));
    QVERIFY(b.onCallFinished(true, 20, t1));
    QCOMPARE(b.state(), BreakerState::Open);
    QCOMPARE(b.lastTrip()->calls, 5);
}

void tst_CircuitBreaker::timeWindowSlidesPerSecond()
{
    // A 10 s window: calls in second 0 and second 5; at second 10 only those of second 5 count.
    BreakerConfig c = makeConfig(BreakerWindow::Time, 50, 6);
    c.windowSize = 10;
    CircuitBreaker b(c);
    Driver d { b, kStart };
    d.failures(3); // second 0
    d.now = kStart + 5000;
    d.successes(2); // second 5
    QCOMPARE(b.callsInWindow(), 5);
    QCOMPARE(b.failureRatePercent(), 60.0);

    QVERIFY(!b.poll(kStart + 9999));
    QCOMPARE(b.callsInWindow(), 5);
    QVERIFY(!b.poll(kStart + 10000));
    QCOMPARE(b.callsInWindow(), 2);
    QCOMPARE(b.failureRatePercent(), 0.0);
    QVERIFY(!b.poll(kStart + 14999));
    QCOMPARE(b.callsInWindow(), 2);
    QVERIFY(!b.poll(kStart + 15000));
    QCOMPARE(b.callsInWindow(), 0);

    // Many calls spread over many seconds: the window holds exactly the last 10 s of them.
    d.now = kStart + 100000;
    for (int s = 0; s < 50; ++s) {
        d.now = kStart + 100000 + qint64(s) * 1000;
        d.successes(3);
    }
    QCOMPARE(b.callsInWindow(), 30);
    QCOMPARE(b.state(), BreakerState::Closed);
}

void tst_CircuitBreaker::timeWindowToleratesClockGoingBack()
{
    BreakerConfig c = makeConfig(BreakerWindow::Time, 50, 4);
    c.windowSize = 10;
    CircuitBreaker b(c);
    Driver d { b, kStart + 5000 };
    d.successes(2);
    d.now = kStart; // the wall clock was set back 5 s
    d.failures(1);
    QCOMPARE(b.callsInWindow(), 3);
    // Counted in the newest second (5), so it leaves the window with that second.
    QVERIFY(!b.poll(kStart + 14999));
    QCOMPARE(b.callsInWindow(), 3);
    QVERIFY(!b.poll(kStart + 15000));
    QCOMPARE(b.callsInWindow(), 0);
}

void tst_CircuitBreaker::countWindowSlides_data()
{
    QTest::addColumn<int>("windowSize");

    QTest::addRow("10 calls") << 10;
    QTest::addRow("20 calls") << 20;
    QTest::addRow("100 calls") << 100;
}

void tst_CircuitBreaker::countWindowSlides()
{
    QFETCH(int, windowSize);

    BreakerConfig c = makeConfig(BreakerWindow::Count, 50, windowSize);
    c.windowSize = windowSize;
    CircuitBreaker b(c);
    Driver d { b };
    const int almost = windowSize / 2 - 1; // one failure short of 50 %

    d.failures(almost);
    d.successes(windowSize - almost);
    QCOMPARE(b.callsInWindow(), windowSize);
    QCOMPARE(b.failureRatePercent(), 100.0 * almost / windowSize);

    // As many successes again: the old failures fall out, the window keeps its size.
    d.successes(almost);
    QCOMPARE(b.callsInWindow(), windowSize);
    QCOMPARE(b.failureRatePercent(), 0.0);

    // Failures come back: one short of the threshold stays closed...
    d.failures(almost);
    QCOMPARE(b.state(), BreakerState::Closed);
    QCOMPARE(b.failureRatePercent(), 100.0 * almost / windowSize);
    QVERIFY(d.transitions.isEmpty());
    // ...the next reaches exactly 50 % of the last windowSize calls (over all calls it is less).
    d.failures(1);
    QCOMPARE(b.state(), BreakerState::Open);
    QCOMPARE(d.transitions.size(), 1);
    QCOMPARE(d.transitions.first().calls, windowSize);
    QCOMPARE(d.transitions.first().failureRatePercent, 50.0);
}

void tst_CircuitBreaker::countWindowMinimumAboveSize()
{
    // Five calls can never reach a minimum of ten: the window size is the minimum then.
    BreakerConfig c = makeConfig(BreakerWindow::Count, 50, 10);
    c.windowSize = 5;
    CircuitBreaker b(c);
    Driver d { b };
    d.failures(4);
    QCOMPARE(b.state(), BreakerState::Closed);
    d.failures(1);
    QCOMPARE(b.state(), BreakerState::Open);
    QCOMPARE(b.lastTrip()->calls, 5);

    // A time window has no such limit: the minimum stays ten.
    BreakerConfig t = makeConfig(BreakerWindow::Time, 50, 10);
    t.windowSize = 5;
    CircuitBreaker tb(t);
    Driver td { tb };
    td.failures(9);
    QCOMPARE(tb.state(), BreakerState::Closed);
    td.failures(1);
    QCOMPARE(tb.state(), BreakerState::Open);
}

void tst_CircuitBreaker::openRejectsUntilOpenMs_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<qint64>("openMs");

    for (BreakerWindow w : { BreakerWindow::Count, BreakerWindow::Time }) {
        const QByteArray name = breakerWindowName(w).toLatin1();
        for (qint64 ms : { qint64(1), qint64(1500), qint64(60000), qint64(86400000) })
            QTest::addRow("%s, %lld ms", name.constData(), ms) << w << ms;
    }
}

void tst_CircuitBreaker::openRejectsUntilOpenMs()
{
    QFETCH(BreakerWindow, window);
    QFETCH(qint64, openMs);

    BreakerConfig c = makeConfig(window);
    c.openMs = openMs;
    CircuitBreaker b(c);
    const qint64 opened = trip(b);
    QVERIFY(opened > 0);
    QCOMPARE(b.state(), BreakerState::Open);
    QCOMPARE(b.stateSinceMs(), opened);
    QCOMPARE(b.reopensAtMs(), opened + openMs);

    QVERIFY(!b.tryAcquire(opened));
    QVERIFY(!b.poll(opened + openMs - 1));
    QVERIFY(!b.tryAcquire(opened + openMs - 1));
    QCOMPARE(b.state(), BreakerState::Open);

    const std::optional<BreakerTransition> t = b.poll(opened + openMs);
    QVERIFY(t);
    QCOMPARE(t->from, BreakerState::Open);
    QCOMPARE(t->to, BreakerState::HalfOpen);
    QCOMPARE(t->atMs, opened + openMs);
    QCOMPARE(b.state(), BreakerState::HalfOpen);
    QCOMPARE(b.stateSinceMs(), opened + openMs);
    QVERIFY(!b.reopensAtMs());
    QVERIFY(!b.poll(opened + openMs));
    QVERIFY(b.tryAcquire(opened + openMs));
}

void tst_CircuitBreaker::tryAcquireWithoutPollMovesToHalfOpen()
{
    CircuitBreaker b(makeConfig(BreakerWindow::Count));
    const qint64 opened = trip(b);
    QVERIFY(!b.tryAcquire(opened + 59999));
    QVERIFY(b.tryAcquire(opened + 60000));
    QCOMPARE(b.state(), BreakerState::HalfOpen);
    // The move is not lost: the next poll reports it, once.
    const std::optional<BreakerTransition> t = b.poll(opened + 60001);
    QVERIFY(t);
    QCOMPARE(t->to, BreakerState::HalfOpen);
    QCOMPARE(t->atMs, opened + 60000);
    QVERIFY(!b.poll(opened + 60002));

    // If a later move comes first, the unreported one is stale and poll() stays quiet: the
    // caller learns the state from the later move.
    BreakerConfig one = makeConfig(BreakerWindow::Count);
    one.halfOpenProbes = 1;
    CircuitBreaker b2(one);
    const qint64 opened2 = trip(b2);
    QVERIFY(b2.tryAcquire(opened2 + 60000));
    const std::optional<BreakerTransition> closed = b2.onCallFinished(false, 10, opened2 + 60001);
    QVERIFY(closed);
    QCOMPARE(closed->from, BreakerState::HalfOpen);
    QCOMPARE(closed->to, BreakerState::Closed);
    QVERIFY(!b2.poll(opened2 + 60002));
}

void tst_CircuitBreaker::halfOpenPermits_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<int>("probes");

    for (BreakerWindow w : { BreakerWindow::Count, BreakerWindow::Time }) {
        const QByteArray name = breakerWindowName(w).toLatin1();
        for (int n : { 1, 3, 10, 1000 })
            QTest::addRow("%s, %d probes", name.constData(), n) << w << n;
    }
}

void tst_CircuitBreaker::halfOpenPermits()
{
    QFETCH(BreakerWindow, window);
    QFETCH(int, probes);

    BreakerConfig c = makeConfig(window);
    c.halfOpenProbes = probes;
    CircuitBreaker b(c);
    const qint64 halfOpen = trip(b) + c.openMs;
    QVERIFY(b.poll(halfOpen));
    int granted = 0;
    for (int i = 0; i < probes + 5; ++i)
        granted += b.tryAcquire(halfOpen + i) ? 1 : 0;
    QCOMPARE(granted, probes);
    QCOMPARE(b.state(), BreakerState::HalfOpen);
    // No verdict while probes are out, however long they take.
    QVERIFY(!b.poll(halfOpen + 10 * c.openMs));
    QCOMPARE(b.state(), BreakerState::HalfOpen);
}

void tst_CircuitBreaker::probeVerdict_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<int>("probes");
    QTest::addColumn<int>("failed");
    QTest::addColumn<int>("slow");
    QTest::addColumn<BreakerState>("verdict");

    // Failure threshold 50 %, slow-call threshold 100 % at 30 s.
    struct Row
    {
        const char *name;
        int probes, failed, slow;
        BreakerState verdict;
    };
    const Row rows[] = {
        { "all 10 succeed", 10, 0, 0, BreakerState::Closed },
        { "4 of 10 fail", 10, 4, 0, BreakerState::Closed },
        { "5 of 10 fail", 10, 5, 0, BreakerState::Open },
        { "all 10 fail", 10, 10, 0, BreakerState::Open },
        { "9 of 10 slow", 10, 0, 9, BreakerState::Closed },
        { "all 10 slow", 10, 0, 10, BreakerState::Open },
        { "the only probe succeeds", 1, 0, 0, BreakerState::Closed },
        { "the only probe fails", 1, 1, 0, BreakerState::Open },
        { "1 of 3 fails", 3, 1, 0, BreakerState::Closed },
        { "2 of 3 fail", 3, 2, 0, BreakerState::Open },
    };
    for (BreakerWindow w : { BreakerWindow::Count, BreakerWindow::Time }) {
        const QByteArray name = breakerWindowName(w).toLatin1();
        for (const Row &r : rows)
            QTest::addRow("%s, %s", name.constData(), r.name)
                << w << r.probes << r.failed << r.slow << r.verdict;
    }
}

void tst_CircuitBreaker::probeVerdict()
{
    QFETCH(BreakerWindow, window);
    QFETCH(int, probes);
    QFETCH(int, failed);
    QFETCH(int, slow);
    QFETCH(BreakerState, verdict);

    BreakerConfig c = makeConfig(window);
    c.halfOpenProbes = probes;
    CircuitBreaker b(c);
    QVERIFY(trip(b) > 0);
    const std::optional<BreakerTransition> firstTrip = b.lastTrip();
    QVERIFY(firstTrip);
    qint64 now = firstTrip->atMs + c.openMs;
    QVERIFY(b.poll(now));

    // All permits out first, as a worker with enough deliveries does; then the results.
    for (int i = 0; i < probes; ++i)
        QVERIFY(b.tryAcquire(now));
    for (int i = 0; i < probes; ++i) {
        now += 100;
        const bool isFailed = i < failed;
        const bool isSlow = i >= failed && i < failed + slow;
        const std::optional<BreakerTransition> t
            = b.onCallFinished(isFailed, isSlow ? c.slowCallMs : 100, now);
        if (i < probes - 1) {
            QVERIFY2(!t, qPrintable(t ? t->reason : QString()));
            QCOMPARE(b.state(), BreakerState::HalfOpen);
            QCOMPARE(b.callsInWindow(), i + 1);
            continue;
        }
        QVERIFY(t);
        QCOMPARE(t->from, BreakerState::HalfOpen);
        QCOMPARE(t->to, verdict);
        QCOMPARE(t->atMs, now);
        QCOMPARE(t->calls, probes);
        QCOMPARE(t->failureRatePercent, 100.0 * failed / probes);
        QCOMPARE(t->slowCallRatePercent, 100.0 * slow / probes);
    }
    QCOMPARE(b.state(), verdict);
    QCOMPARE(b.stateSinceMs(), now);
    if (verdict == BreakerState::Closed) {
        QCOMPARE(b.callsInWindow(), 0);
        QCOMPARE(b.failureRatePercent(), 0.0);
        QVERIFY(b.tryAcquire(now));
        // The console still shows why it last tripped.
        QCOMPARE(b.lastTrip(), firstTrip);
    } else {
        // A fresh open period, and the probes' verdict is now the reason it tripped.
        QCOMPARE(b.reopensAtMs(), now + c.openMs);
        QVERIFY(!b.tryAcquire(now + c.openMs - 1));
        QVERIFY(b.lastTrip());
        QCOMPARE(b.lastTrip()->from, BreakerState::HalfOpen);
        QCOMPARE(b.lastTrip()->atMs, now);
        QVERIFY(b.lastTrip()->reason.startsWith(QStringLiteral("probe ")));
        QCOMPARE(b.callsInWindow(), probes);
        QVERIFY(b.poll(now + c.openMs));
        QCOMPARE(b.state(), BreakerState::HalfOpen);
    }
}

void tst_CircuitBreaker::releaseReturnsPermit()
{
    BreakerConfig c = makeConfig(BreakerWindow::Count);
    c.halfOpenProbes = 2;
    CircuitBreaker b(c);
    qint64 now = trip(b) + c.openMs;
    QVERIFY(b.poll(now));

    QVERIFY(b.tryAcquire(now));
    QVERIFY(b.tryAcquire(now));
    QVERIFY(!b.tryAcquire(now));
    b.release();
    QVERIFY(b.tryAcquire(now));
    QVERIFY(!b.tryAcquire(now));

    // One probe finishes, the other is given back: no verdict until a second probe finishes.
    QVERIFY(!b.onCallFinished(false, 10, ++now));
    b.release();
    QCOMPARE(b.state(), BreakerState::HalfOpen);
    QVERIFY(!b.poll(++now));
    // Giving back more than is out does not make room for extra probes.
    b.release();
    b.release();
    QVERIFY(b.tryAcquire(now));
    QVERIFY(!b.tryAcquire(now));
    const std::optional<BreakerTransition> t = b.onCallFinished(false, 10, ++now);
    QVERIFY(t);
    QCOMPARE(t->to, BreakerState::Closed);
    QCOMPARE(t->calls, 2);

    // Closed: release is harmless.
    b.release();
    QVERIFY(b.tryAcquire(now));
    QCOMPARE(b.state(), BreakerState::Closed);
}

void tst_CircuitBreaker::resultsWhileOpenIgnored_data()
{
    QTest::addColumn<BreakerWindow>("window");

    QTest::addRow("count") << BreakerWindow::Count;
    QTest::addRow("time") << BreakerWindow::Time;
}

void tst_CircuitBreaker::resultsWhileOpenIgnored()
{
    QFETCH(BreakerWindow, window);

    CircuitBreaker b(makeConfig(window));
    const qint64 opened = trip(b);
    const BreakerTransition tripped = *b.lastTrip();
    // Calls that started before the trip finish now, half of them failed: neither the
    // successes nor the failures count, and the failures do not trip it again.
    for (int i = 0; i < 50; ++i)
        QVERIFY(!b.onCallFinished(i % 2 == 0, 10, opened + i));
    QCOMPARE(b.state(), BreakerState::Open);
    QCOMPARE(b.stateSinceMs(), opened);
    QCOMPARE(b.reopensAtMs(), opened + 60000);
    QCOMPARE(b.callsInWindow(), tripped.calls);
    QCOMPARE(b.failureRatePercent(), 100.0);
    QCOMPARE(b.lastTrip(), tripped);

    // Nor do they count later: the half-open period starts with no probe results.
    QVERIFY(b.poll(opened + 60000));
    QCOMPARE(b.callsInWindow(), 0);
}

void tst_CircuitBreaker::lateResultInHalfOpenIgnored()
{
    CircuitBreaker b(makeConfig(BreakerWindow::Count));
    const qint64 halfOpen = trip(b) + 60000;
    QVERIFY(b.poll(halfOpen));
    // No permit is out, so this is a call from before the trip, not a probe.
    QVERIFY(!b.onCallFinished(false, 10, halfOpen + 1));
    QCOMPARE(b.callsInWindow(), 0);
    QCOMPARE(b.state(), BreakerState::HalfOpen);
    for (int i = 0; i < 10; ++i)
        QVERIFY(b.tryAcquire(halfOpen + 2));
}

void tst_CircuitBreaker::reset_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<BreakerState>("from");

    for (BreakerWindow w : { BreakerWindow::Count, BreakerWindow::Time }) {
        const QByteArray name = breakerWindowName(w).toLatin1();
        QTest::addRow("%s, open", name.constData()) << w << BreakerState::Open;
        QTest::addRow("%s, half-open", name.constData()) << w << BreakerState::HalfOpen;
        QTest::addRow("%s, closed with calls", name.constData()) << w << BreakerState::Closed;
    }
}

void tst_CircuitBreaker::reset()
{
    QFETCH(BreakerWindow, window);
    QFETCH(BreakerState, from);

    CircuitBreaker b(makeConfig(window));
    qint64 now = kStart;
    if (from == BreakerState::Closed) {
        Driver d { b };
        d.failures(3);
        now = d.now;
    } else {
        now = trip(b);
        if (from == BreakerState::HalfOpen) {
            now += 60000;
            QVERIFY(b.poll(now));
            QVERIFY(b.tryAcquire(now));
        }
    }
    QCOMPARE(b.state(), from);

    now += 5;
    const std::optional<BreakerTransition> t = b.reset(now);
    QVERIFY(t);
    QCOMPARE(t->from, from);
    QCOMPARE(t->to, BreakerState::Closed);
    QCOMPARE(t->atMs, now);
    QCOMPARE(t->reason, QStringLiteral("reset by an operator"));
    QCOMPARE(b.state(), BreakerState::Closed);
    QCOMPARE(b.stateSinceMs(), now);
    QCOMPARE(b.callsInWindow(), 0);
    QVERIFY(!b.reopensAtMs());
    QVERIFY(b.tryAcquire(now));

    // Already closed and empty: nothing to reset.
    QVERIFY(!b.reset(now + 1));
    QCOMPARE(b.stateSinceMs(), now);

    // The window starts afresh: nine failures do not trip it.
    Driver d { b, now + 1 };
    d.failures(9);
    QCOMPARE(b.state(), BreakerState::Closed);
}

void tst_CircuitBreaker::setConfigLowerThreshold_data()
{
    QTest::addColumn<BreakerWindow>("window");

    QTest::addRow("count") << BreakerWindow::Count;
    QTest::addRow("time") << BreakerWindow::Time;
}

void tst_CircuitBreaker::setConfigLowerThreshold()
{
    QFETCH(BreakerWindow, window);

    CircuitBreaker b(makeConfig(window, 50));
    Driver d { b };
    d.successes(6);
    d.failures(4);
    QCOMPARE(b.state(), BreakerState::Closed);

    BreakerConfig lower = b.config();
    lower.failureRatePercent = 40;
    b.setConfig(lower);
    QCOMPARE(b.config(), lower);
    QCOMPARE(b.callsInWindow(), 10); // the window is kept
    QCOMPARE(b.state(), BreakerState::Closed);
    // 5 of 11 is 45 %: under the old threshold, over the new one.
    d.failures(1);
    QCOMPARE(b.state(), BreakerState::Open);
    QCOMPARE(d.transitions.size(), 1);
    QVERIFY2(d.transitions.first().reason.startsWith(QStringLiteral("failure rate 45.5 % ≥ 40 %")),
        qPrintable(d.transitions.first().reason));
}

void tst_CircuitBreaker::setConfigWindowChangeClears_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<BreakerWindow>("newWindow");
    QTest::addColumn<int>("newSize");
    QTest::addColumn<bool>("cleared");

    QTest::addRow("count, same") << BreakerWindow::Count << BreakerWindow::Count << 100 << false;
    QTest::addRow("count, resized") << BreakerWindow::Count << BreakerWindow::Count << 50 << true;
    QTest::addRow("count to time") << BreakerWindow::Count << BreakerWindow::Time << 100 << true;
    QTest::addRow("time, same") << BreakerWindow::Time << BreakerWindow::Time << 60 << false;
    QTest::addRow("time, resized") << BreakerWindow::Time << BreakerWindow::Time << 30 << true;
    QTest::addRow("time to count") << BreakerWindow::Time << BreakerWindow::Count << 60 << true;
}

void tst_CircuitBreaker::setConfigWindowChangeClears()
{
    QFETCH(BreakerWindow, window);
    QFETCH(BreakerWindow, newWindow);
    QFETCH(int, newSize);
    QFETCH(bool, cleared);

    CircuitBreaker b(makeConfig(window));
    Driver d { b };
    d.failures(9);
    BreakerConfig c = b.config();
    c.window = newWindow;
    c.windowSize = newSize;
    c.slowCallMs = 1000; // an unrelated change as well
    b.setConfig(c);
    QCOMPARE(b.callsInWindow(), cleared ? 0 : 9);
    d.failures(1);
    QCOMPARE(b.state(), cleared ? BreakerState::Closed : BreakerState::Open);
}

void tst_CircuitBreaker::setConfigOpenMs()
{
    CircuitBreaker b(makeConfig(BreakerWindow::Count));
    const qint64 opened = trip(b);
    BreakerConfig c = b.config();
    c.openMs = 5000;
    b.setConfig(c);
    QCOMPARE(b.state(), BreakerState::Open);
    QCOMPARE(b.reopensAtMs(), opened + 5000);
    QVERIFY(!b.poll(opened + 4999));
    QVERIFY(b.poll(opened + 5000));
}

void tst_CircuitBreaker::setConfigFewerProbes()
{
    BreakerConfig c = makeConfig(BreakerWindow::Count);
    CircuitBreaker b(c);
    qint64 now = trip(b) + c.openMs;
    QVERIFY(b.poll(now));
    for (int i = 0; i < 3; ++i) {
        QVERIFY(b.tryAcquire(now));
        QVERIFY(!b.onCallFinished(false, 10, ++now));
    }
    // Three probes have succeeded and only three are asked for now: the next poll decides.
    c.halfOpenProbes = 3;
    b.setConfig(c);
    QCOMPARE(b.state(), BreakerState::HalfOpen);
    const std::optional<BreakerTransition> t = b.poll(++now);
    QVERIFY(t);
    QCOMPARE(t->to, BreakerState::Closed);
    QCOMPARE(t->reason, QStringLiteral("3 of 3 probes succeeded (failure rate 0.0 % < 50 %)"));
}

void tst_CircuitBreaker::disabledNeverOpens_data()
{
    QTest::addColumn<BreakerWindow>("window");

    QTest::addRow("count") << BreakerWindow::Count;
    QTest::addRow("time") << BreakerWindow::Time;
}

void tst_CircuitBreaker::disabledNeverOpens()
{
    QFETCH(BreakerWindow, window);

    BreakerConfig c = makeConfig(window, 1, 1);
    c.enabled = false;
    CircuitBreaker b(c);
    Driver d { b };
    d.failures(500);
    d.calls(500, false, 3600000);
    QCOMPARE(d.made, 1000);
    QCOMPARE(d.rejected, 0);
    QVERIFY(d.transitions.isEmpty());
    QCOMPARE(b.state(), BreakerState::Closed);
    QCOMPARE(b.callsInWindow(), 0);
    QVERIFY(!b.lastTrip());

    // Enabled, the same config trips on the first failure.
    c.enabled = true;
    b.setConfig(c);
    d.failures(1);
    QCOMPARE(b.state(), BreakerState::Open);
}

void tst_CircuitBreaker::disablingAnOpenBreaker()
{
    BreakerConfig c = makeConfig(BreakerWindow::Count);
    CircuitBreaker b(c);
    const qint64 opened = trip(b);
    c.enabled = false;
    b.setConfig(c);
    QVERIFY(b.tryAcquire(opened + 1));
    QVERIFY(!b.onCallFinished(true, 10, opened + 2));
    QVERIFY(!b.poll(opened + c.openMs));

    // Enabled again, it is still open and moves on from there.
    c.enabled = true;
    b.setConfig(c);
    QCOMPARE(b.state(), BreakerState::Open);
    QVERIFY(!b.tryAcquire(opened + 3));
    const std::optional<BreakerTransition> t = b.poll(opened + c.openMs);
    QVERIFY(t);
    QCOMPARE(t->to, BreakerState::HalfOpen);

    // Disabled while half-open with every permit out: the results of those calls were not
    // counted, so when enabled again the probe period starts over instead of waiting forever.
    qint64 now = opened + c.openMs;
    for (int i = 0; i < c.halfOpenProbes; ++i)
        QVERIFY(b.tryAcquire(now));
    QVERIFY(!b.tryAcquire(now));
    c.enabled = false;
    b.setConfig(c);
    for (int i = 0; i < c.halfOpenProbes; ++i)
        QVERIFY(!b.onCallFinished(false, 10, ++now));
    c.enabled = true;
    b.setConfig(c);
    QCOMPARE(b.state(), BreakerState::HalfOpen);
    for (int i = 0; i < c.halfOpenProbes; ++i)
        QVERIFY(b.tryAcquire(now));
    QVERIFY(!b.tryAcquire(now));
    std::optional<BreakerTransition> verdict;
    for (int i = 0; i < c.halfOpenProbes; ++i)
        verdict = b.onCallFinished(false, 10, ++now);
    QVERIFY(verdict);
    QCOMPARE(verdict->to, BreakerState::Closed);
}

void tst_CircuitBreaker::reasons_data()
{
    QTest::addColumn<BreakerWindow>("window");
    QTest::addColumn<int>("successes");
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("slow");
    QTest::addColumn<QString>("reason");

    // Threshold 50 %, minimum 10, slow-call threshold 100 % at 30 s; count window 100, time 60 s.
    QTest::addRow("count, 62 of 100")
        << BreakerWindow::Count << 38 << 62 << 0
        << QStringLiteral("failure rate 62.0 % ≥ 50 % over the last 100 calls");
    QTest::addRow("count, 7 of 13")
        << BreakerWindow::Count << 6 << 7 << 0
        << QStringLiteral("failure rate 53.8 % ≥ 50 % over the last 13 calls");
    QTest::addRow("time, 20 of 37")
        << BreakerWindow::Time << 17 << 20 << 0
        << QStringLiteral("failure rate 54.1 % ≥ 50 % over 37 calls in the last 60 s");
    QTest::addRow("count, all slow")
        << BreakerWindow::Count << 0 << 0 << 10
        << QStringLiteral("slow-call rate 100.0 % ≥ 100 % (calls of 30 s or longer) over the "
                          "last 10 calls");
    QTest::addRow("time, all slow, 6 failed")
        << BreakerWindow::Time << 0 << 6 << 10
        << QStringLiteral("failure rate 60.0 % ≥ 50 % and slow-call rate 100.0 % ≥ 100 % (calls "
                          "of 30 s or longer) over 10 calls in the last 60 s");
}

void tst_CircuitBreaker::reasons()
{
    QFETCH(BreakerWindow, window);
    QFETCH(int, successes);
    QFETCH(int, failures);
    QFETCH(int, slow);
    QFETCH(QString, reason);

    BreakerConfig c = makeConfig(window, 50, std::max(10, successes + failures));
    CircuitBreaker b(c);
    Driver d { b };
    if (slow > 0) {
        d.calls(failures, true, c.slowCallMs);
        d.calls(slow - failures, false, c.slowCallMs);
    } else {
        d.successes(successes);
        d.failures(failures);
    }
    QCOMPARE(d.transitions.size(), 1);
    QCOMPARE(d.transitions.first().reason, reason);
    QCOMPARE(b.lastTrip()->reason, reason);

    // The moves after the trip explain themselves too.
    const qint64 opened = d.transitions.first().atMs;
    const std::optional<BreakerTransition> half = b.poll(opened + 60000);
    QVERIFY(half);
    QCOMPARE(half->reason, QStringLiteral("open for 60 s: letting 10 probe calls through"));
    QCOMPARE(half->calls, d.transitions.first().calls);
    qint64 now = opened + 60000;
    for (int i = 0; i < 10; ++i)
        QVERIFY(b.tryAcquire(now));
    std::optional<BreakerTransition> verdict;
    for (int i = 0; i < 10; ++i)
        verdict = b.onCallFinished(i < 2, i == 9 ? 40000 : 10, ++now);
    QVERIFY(verdict);
    QCOMPARE(verdict->reason,
        QStringLiteral("8 of 10 probes succeeded (failure rate 20.0 % < 50 %, slow-call rate "
                       "10.0 % < 100 %)"));
}

void tst_CircuitBreaker::jsonDefaults()
{
    const QJsonObject expected {
        { QStringLiteral("enabled"), true },
        { QStringLiteral("window"), QStringLiteral("count") },
        { QStringLiteral("window_size"), 100 },
        { QStringLiteral("minimum_calls"), 10 },
        { QStringLiteral("failure_rate_percent"), 50 },
        { QStringLiteral("slow_call_rate_percent"), 100 },
        { QStringLiteral("slow_call_ms"), 30000 },
        { QStringLiteral("open_ms"), 60000 },
        { QStringLiteral("half_open_probes"), 10 },
    };
    QCOMPARE(BreakerConfig().toJson(), expected);

    const Result<BreakerConfig> empty = BreakerConfig::fromJson(QJsonObject {}, QString());
    QVERIFY(empty);
    QCOMPARE(*empty, BreakerConfig());
}

void tst_CircuitBreaker::jsonRoundTrip_data()
{
    QTest::addColumn<BreakerConfig>("config");

    QTest::addRow("defaults") << BreakerConfig();
    BreakerConfig time;
    time.enabled = false;
    time.window = BreakerWindow::Time;
    time.windowSize = 300;
    time.minimumCalls = 25;
    time.failureRatePercent = 20;
    time.slowCallRatePercent = 80;
    time.slowCallMs = 2500;
    time.openMs = 15000;
    time.halfOpenProbes = 3;
    QTest::addRow("time window, all changed") << time;
    BreakerConfig lows;
    lows.windowSize = 1;
    lows.minimumCalls = 1;
    lows.failureRatePercent = 1;
    lows.slowCallRatePercent = 1;
    lows.slowCallMs = 1;
    lows.openMs = 1;
    lows.halfOpenProbes = 1;
    QTest::addRow("lowest values") << lows;
    BreakerConfig highs;
    highs.window = BreakerWindow::Time;
    highs.windowSize = 100000;
    highs.minimumCalls = 100000;
    highs.failureRatePercent = 100;
    highs.slowCallRatePercent = 100;
    highs.slowCallMs = 3600000;
    highs.openMs = 86400000;
    highs.halfOpenProbes = 1000;
    QTest::addRow("highest values") << highs;
}

void tst_CircuitBreaker::jsonRoundTrip()
{
    QFETCH(BreakerConfig, config);

    const QJsonObject json = config.toJson();
    QCOMPARE(json.size(), 9);
    const Result<BreakerConfig> back
        = BreakerConfig::fromJson(json, QStringLiteral("targets[0].breaker"));
    QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
    QCOMPARE(*back, config);
    // And through text, as a config file holds it.
    const QJsonDocument doc = QJsonDocument::fromJson(QJsonDocument(json).toJson());
    const Result<BreakerConfig> fromText = BreakerConfig::fromJson(doc.object(), QString());
    QVERIFY(fromText);
    QCOMPARE(*fromText, config);
}

void tst_CircuitBreaker::jsonPartial()
{
    const Result<BreakerConfig> c = BreakerConfig::fromJson(
        parse(R"({"window": "time", "window_size": 30, "open_ms": 5000})"), QString());
    QVERIFY(c);
    BreakerConfig expected;
    expected.window = BreakerWindow::Time;
    expected.windowSize = 30;
    expected.openMs = 5000;
    QCOMPARE(*c, expected);
}

void tst_CircuitBreaker::jsonPatched()
{
    BreakerConfig base;
    base.window = BreakerWindow::Time;
    base.windowSize = 30;
    base.halfOpenProbes = 4;
    const Result<BreakerConfig> c
        = base.patched(parse(R"({"failure_rate_percent": 25, "enabled": false})"), QString());
    QVERIFY(c);
    BreakerConfig expected = base;
    expected.failureRatePercent = 25;
    expected.enabled = false;
    QCOMPARE(*c, expected);

    const Result<BreakerConfig> bad
        = base.patched(parse(R"({"half_open_probes": 0})"), QStringLiteral("targets[2].breaker"));
    QVERIFY(!bad);
    QCOMPARE(bad.error().message,
        QStringLiteral("targets[2].breaker.half_open_probes: 0 is out of range (1 to 1000)"));
}

void tst_CircuitBreaker::jsonBounds_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<qint64>("min");
    QTest::addColumn<qint64>("max");

    QTest::addRow("window_size") << QStringLiteral("window_size") << qint64(1) << qint64(100000);
    QTest::addRow("minimum_calls")
        << QStringLiteral("minimum_calls") << qint64(1) << qint64(100000);
    QTest::addRow("failure_rate_percent")
        << QStringLiteral("failure_rate_percent") << qint64(1) << qint64(100);
    QTest::addRow("slow_call_rate_percent")
        << QStringLiteral("slow_call_rate_percent") << qint64(1) << qint64(100);
    QTest::addRow("slow_call_ms") << QStringLiteral("slow_call_ms") << qint64(1) << qint64(3600000);
    QTest::addRow("open_ms") << QStringLiteral("open_ms") << qint64(1) << qint64(86400000);
    QTest::addRow("half_open_probes")
        << QStringLiteral("half_open_probes") << qint64(1) << qint64(1000);
}

void tst_CircuitBreaker::jsonBounds()
{
    QFETCH(QString, key);
    QFETCH(qint64, min);
    QFETCH(qint64, max);

    const QString where = QStringLiteral("targets[0].breaker");
    for (qint64 ok : { min, max }) {
        const Result<BreakerConfig> c
            = BreakerConfig::fromJson(QJsonObject { { key, double(ok) } }, where);
        QVERIFY2(c, qPrintable(c ? QString() : c.error().message));
        QCOMPARE(c->toJson().value(key).toDouble(), double(ok));
    }
    for (qint64 bad : { min - 1, max + 1 }) {
        const Result<BreakerConfig> c
            = BreakerConfig::fromJson(QJsonObject { { key, double(bad) } }, where);
        QVERIFY(!c);
        QCOMPARE(c.error().code, Error::Code::Invalid);
        QCOMPARE(c.error().message,
            QStringLiteral("targets[0].breaker.%1: %2 is out of range (%3 to %4)")
                .arg(key)
                .arg(bad)
                .arg(min)
                .arg(max));
    }
    const Result<BreakerConfig> fraction
        = BreakerConfig::fromJson(QJsonObject { { key, double(min) + 0.5 } }, where);
    QVERIFY(!fraction);
    QCOMPARE(fraction.error().message,
        QStringLiteral("targets[0].breaker.%1: must be a whole number").arg(key));
    const Result<BreakerConfig> text
        = BreakerConfig::fromJson(QJsonObject { { key, QString::number(min) } }, where);
    QVERIFY(!text);
    QCOMPARE(text.error().message,
        QStringLiteral("targets[0].breaker.%1: must be a whole number").arg(key));
}

void tst_CircuitBreaker::jsonInvalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    QTest::addRow("failure rate 150") << QByteArray(R"({"failure_rate_percent": 150})")
                                      << QStringLiteral("targets[0].breaker.failure_rate_percent: "
                                                        "150 is out of range (1 to 100)");
    QTest::addRow("negative open_ms")
        << QByteArray(R"({"open_ms": -5})")
        << QStringLiteral("targets[0].breaker.open_ms: -5 is out of range (1 to 86400000)");
    QTest::addRow("huge window")
        << QByteArray(R"({"window_size": 1e12})")
        << QStringLiteral("targets[0].breaker.window_size: 1000000000000 is out of range (1 to "
                          "100000)");
    QTest::addRow("null minimum")
        << QByteArray(R"({"minimum_calls": null})")
        << QStringLiteral("targets[0].breaker.minimum_calls: must be a whole number");
    QTest::addRow("boolean probes")
        << QByteArray(R"({"half_open_probes": true})")
        << QStringLiteral("targets[0].breaker.half_open_probes: must be "
                          "a whole number");
    QTest::addRow("enabled as text")
        << QByteArray(R"({"enabled": "yes"})")
        << QStringLiteral("targets[0].breaker.enabled: must be true or false");
    QTest::addRow("enabled as number") << QByteArray(
        R"({"enabled": 1})") << QStringLiteral("targets[0].breaker.enabled: must be true or false");
    QTest::addRow("unknown window") << QByteArray(R"({"window": "sliding"})")
                                    << QStringLiteral("targets[0].breaker.window: unknown window "
                                                      "\"sliding\" (expected count or time)");
    QTest::addRow("window in capitals")
        << QByteArray(R"({"window": "COUNT"})")
        << QStringLiteral("targets[0].breaker.window: unknown window "
                          "\"COUNT\" (expected count or time)");
    QTest::addRow("window as number") << QByteArray(R"({"window": 3})")
                                      << QStringLiteral("targets[0].breaker.window: unknown window "
                                                        "\"3\" (expected count or time)");
    QTest::addRow("unknown key") << QByteArray(R"({"open_ms": 1000, "openMs": 1000})")
                                 << QStringLiteral("targets[0].breaker: unknown key \"openMs\"");
    QTest::addRow("resilience4j name")
        << QByteArray(R"({"sliding_window_size": 10})")
        << QStringLiteral("targets[0].breaker: unknown key \"sliding_window_size\"");
    QTest::addRow("array") << QByteArray("[]")
                           << QStringLiteral("targets[0].breaker: must be an object");
    QTest::addRow("true") << QByteArray("true")
                          << QStringLiteral("targets[0].breaker: must be an object");
    QTest::addRow("null") << QByteArray("null")
                          << QStringLiteral("targets[0].breaker: must be an object");
}

void tst_CircuitBreaker::jsonInvalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);

    const QJsonValue v = parse(json);
    QVERIFY2(!v.isUndefined(), "the row's JSON must parse");
    const Result<BreakerConfig> c
        = BreakerConfig::fromJson(v, QStringLiteral("targets[0].breaker"));
    QVERIFY2(!c, "accepted");
    QCOMPARE(c.error().code, Error::Code::Invalid);
    QCOMPARE(c.error().message, message);
}

QTEST_GUILESS_MAIN(tst_CircuitBreaker)
#include "tst_circuitbreaker.moc"
