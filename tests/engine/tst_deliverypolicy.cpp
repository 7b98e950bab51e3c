// SPDX-License-Identifier: GPL-3.0-or-later
#include <optional>

#include <QDateTime>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

#include "engine/core/deliverypolicy.h"

using namespace Tandem;

namespace Tandem {

// Found by QCOMPARE through argument-dependent lookup: failures show "dead", not "4".
char *toString(DeliveryState s) { return qstrdup(qPrintable(deliveryStateName(s))); }

} // namespace Tandem

namespace {

// Sat, 01 Mar 2025 12:00:00 GMT.
const qint64 kNow
    = QDateTime(QDate(2025, 3, 1), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();
constexpr qint64 kDayMs = 86400 * 1000;

using Statuses = QList<int>;

// The documented default policy (base 1 s, ×2, cap 10 min, full jitter, 12 attempts, 1 day),
// with the knobs a row changes.
RetryPolicy policy(Jitter jitter = Jitter::Full, int maxAttempts = 12,
    const Statuses &retryOn = RetryPolicy::defaultRetryableStatuses())
{
    RetryPolicy p;
    p.jitter = jitter;
    p.maxAttempts = maxAttempts;
    p.retryOn = retryOn;
    return p;
}

} // namespace

class tst_DeliveryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void decide_data();
    void decide();
    void expiredReason_data();
    void expiredReason();
};

void tst_DeliveryPolicy::decide_data()
{
    QTest::addColumn<RetryPolicy>("policy");
    QTest::addColumn<int>("attemptsBefore");
    QTest::addColumn<qint64>("lastDelayMs");
    QTest::addColumn<qint64>("ageMs"); ///< how long ago the delivery was created
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<ErrorClass>("errorClass");
    QTest::addColumn<std::optional<qint64>>("retryAfterMs");
    QTest::addColumn<DeliveryState>("state");
    QTest::addColumn<int>("attemptNo");
    QTest::addColumn<qint64>("minDelayMs"); ///< for RetryWait: the delay lies in [min, max]
    QTest::addColumn<qint64>("maxDelayMs");
    QTest::addColumn<QString>("reason"); ///< for Dead: the reason contains this

    const std::optional<qint64> none;
    const RetryPolicy standard = policy();
    const QString noReason;
    const qint64 maxAgeMs = standard.maxAgeS * 1000;

    // Success.
    QTest::addRow("200") << standard << 0 << qint64(0) << qint64(0) << 200 << ErrorClass::None
                         << none << DeliveryState::Delivered << 1 << qint64(0) << qint64(0)
                         << noReason;
    QTest::addRow("204 on the 5th attempt")
        << standard << 4 << qint64(8000) << qint64(60000) << 204 << ErrorClass::None << none
        << DeliveryState::Delivered << 5 << qint64(0) << qint64(0) << noReason;
    QTest::addRow("201 on the last allowed attempt")
        << standard << 11 << qint64(0) << qint64(0) << 201 << ErrorClass::None << none
        << DeliveryState::Delivered << 12 << qint64(0) << qint64(0) << noReason;

    // Retryable failures: backoff base × 2^(attempt−1), full jitter draws from [0, backoff].
    QTest::addRow("503, first failure")
        << standard << 0 << qint64(0) << qint64(0) << 503 << ErrorClass::Http5xx << none
        << DeliveryState::RetryWait << 1 << qint64(0) << qint64(1000) << noReason;
    QTest::addRow("500, third failure")
        << standard << 2 << qint64(0) << qint64(0) << 500 << ErrorClass::Http5xx << none
        << DeliveryState::RetryWait << 3 << qint64(0) << qint64(4000) << noReason;
    QTest::addRow("502") << standard << 0 << qint64(0) << qint64(0) << 502 << ErrorClass::Http5xx
                         << none << DeliveryState::RetryWait << 1 << qint64(0) << qint64(1000)
                         << noReason;
    QTest::addRow("504") << standard << 1 << qint64(0) << qint64(0) << 504 << ErrorClass::Http5xx
                         << none << DeliveryState::RetryWait << 2 << qint64(0) << qint64(2000)
                         << noReason;
    QTest::addRow("429 without Retry-After")
        << standard << 1 << qint64(0) << qint64(0) << 429 << ErrorClass::Http429 << none
        << DeliveryState::RetryWait << 2 << qint64(0) << qint64(2000) << noReason;
    QTest::addRow("408") << standard << 0 << qint64(0) << qint64(0) << 408 << ErrorClass::Http4xx
                         << none << DeliveryState::RetryWait << 1 << qint64(0) << qint64(1000)
                         << noReason;
    QTest::addRow("connection refused")
        << standard << 0 << qint64(0) << qint64(0) << 0 << ErrorClass::Connection << none
        << DeliveryState::RetryWait << 1 << qint64(0) << qint64(1000) << noReason;
    QTest::addRow("timeout, 4th failure")
        << standard << 3 << qint64(0) << qint64(0) << 0 << ErrorClass::Timeout << none
        << DeliveryState::RetryWait << 4 << qint64(0) << qint64(8000) << noReason;
    QTest::addRow("backoff capped at max_delay_ms")
        << policy(Jitter::Full, 30) << 20 << qint64(0) << qint64(0) << 503 << ErrorClass::Http5xx
        << none << DeliveryState::RetryWait << 21 << qint64(0) << qint64(600000) << noReason;
    QTest::addRow("no jitter") << policy(Jitter::None) << 2 << qint64(0) << qint64(0) << 503
                               << ErrorClass::Http5xx << none << DeliveryState::RetryWait << 3
                               << qint64(4000) << qint64(4000) << noReason;
    QTest::addRow("equal jitter") << policy(Jitter::Equal) << 3 << qint64(0) << qint64(0) << 500
                                  << ErrorClass::Http5xx << none << DeliveryState::RetryWait << 4
                                  << qint64(4000) << qint64(8000) << noReason;
    QTest::addRow("decorrelated jitter uses the last delay")
        << policy(Jitter::Decorrelated) << 2 << qint64(5000) << qint64(0) << 503
        << ErrorClass::Http5xx << none << DeliveryState::RetryWait << 3 << qint64(1000)
        << qint64(15000) << noReason;

    // Non-retryable answers: dead at once, whatever attempt it was.
    for (int status : { 400, 401, 404, 422 }) {
        QTest::addRow("%d", status)
            << standard << 0 << qint64(0) << qint64(0) << status << ErrorClass::Http4xx << none
            << DeliveryState::Dead << 1 << qint64(0) << qint64(0) << QString::number(status);
    }
    QTest::addRow("404 after three retries")
        << standard << 3 << qint64(4000) << qint64(10000) << 404 << ErrorClass::Http4xx << none
        << DeliveryState::Dead << 4 << qint64(0) << qint64(0) << QStringLiteral("404");

    // Attempts exhausted.
    QTest::addRow("503 on the last allowed attempt")
        << standard << 11 << qint64(0) << qint64(0) << 503 << ErrorClass::Http5xx << none
        << DeliveryState::Dead << 12 << qint64(0) << qint64(0)
        << QStringLiteral("gave up after 12 attempts");
    QTest::addRow("timeout on the last of 3")
        << policy(Jitter::Full, 3) << 2 << qint64(0) << qint64(0) << 0 << ErrorClass::Timeout
        << none << DeliveryState::Dead << 3 << qint64(0) << qint64(0)
        << QStringLiteral("gave up after 3 attempts");
    QTest::addRow("a single attempt allowed")
        << policy(Jitter::Full, 1) << 0 << qint64(0) << qint64(0) << 500 << ErrorClass::Http5xx
        << none << DeliveryState::Dead << 1 << qint64(0) << qint64(0)
        << QStringLiteral("gave up after 1 attempt");
    QTest::addRow("429 on the last allowed attempt, with Retry-After")
        << policy(Jitter::Full, 3) << 2 << qint64(0) << qint64(0) << 429 << ErrorClass::Http429
        << std::optional<qint64>(5000) << DeliveryState::Dead << 3 << qint64(0) << qint64(0)
        << QStringLiteral("gave up after 3 attempts");

    // Retry-After on 429/503 replaces the backoff, capped by max_delay_ms; elsewhere it is ignored.
    QTest::addRow("429 with Retry-After")
        << standard << 0 << qint64(0) << qint64(0) << 429 << ErrorClass::Http429
        << std::optional<qint64>(7000) << DeliveryState::RetryWait << 1 << qint64(7000)
        << qint64(7000) << noReason;
    QTest::addRow("503 with Retry-After")
        << standard << 4 << qint64(0) << qint64(0) << 503 << ErrorClass::Http5xx
        << std::optional<qint64>(30000) << DeliveryState::RetryWait << 5 << qint64(30000)
        << qint64(30000) << noReason;
    QTest::addRow("Retry-After shorter than the backoff")
        << policy(Jitter::None) << 5 << qint64(0) << qint64(0) << 503 << ErrorClass::Http5xx
        << std::optional<qint64>(2000) << DeliveryState::RetryWait << 6 << qint64(2000)
        << qint64(2000) << noReason;
    QTest::addRow("Retry-After zero")
        << standard << 0 << qint64(0) << qint64(0) << 503 << ErrorClass::Http5xx
        << std::optional<qint64>(0) << DeliveryState::RetryWait << 1 << qint64(0) << qint64(0)
        << noReason;
    QTest::addRow("429 with Retry-After beyond max_delay_ms")
        << standard << 0 << qint64(0) << qint64(0) << 429 << ErrorClass::Http429
        << std::optional<qint64>(3600000) << DeliveryState::RetryWait << 1 << qint64(600000)
        << qint64(600000) << noReason;
    QTest::addRow("503 with a huge Retry-After")
        << standard << 0 << qint64(0) << qint64(0) << 503 << ErrorClass::Http5xx
        << std::optional<qint64>(999999999999000) << DeliveryState::RetryWait << 1 << qint64(600000)
        << qint64(600000) << noReason;
    QTest::addRow("500 ignores Retry-After")
        << policy(Jitter::None) << 0 << qint64(0) << qint64(0) << 500 << ErrorClass::Http5xx
        << std::optional<qint64>(7000) << DeliveryState::RetryWait << 1 << qint64(1000)
        << qint64(1000) << noReason;
    QTest::addRow("502 ignores Retry-After")
        << standard << 1 << qint64(0) << qint64(0) << 502 << ErrorClass::Http5xx
        << std::optional<qint64>(500000) << DeliveryState::RetryWait << 2 << qint64(0)
        << qint64(2000) << noReason;

    // Max age: a retry due after created + max_age_s is not scheduled.
    QTest::addRow("backoff would pass max age")
        << policy(Jitter::None) << 0 << qint64(0) << maxAgeMs - 500 << 503 << ErrorClass::Http5xx
        << none << DeliveryState::Dead << 1 << qint64(0) << qint64(0) << QStringLiteral("max age");
    QTest::addRow("Retry-After would pass max age")
        << standard << 0 << qint64(0) << maxAgeMs - 30000 << 429 << ErrorClass::Http429
        << std::optional<qint64>(60000) << DeliveryState::Dead << 1 << qint64(0) << qint64(0)
        << QStringLiteral("max age");
    QTest::addRow("retry due exactly at max age")
        << policy(Jitter::None) << 0 << qint64(0) << maxAgeMs - 1000 << 503 << ErrorClass::Http5xx
        << none << DeliveryState::RetryWait << 1 << qint64(1000) << qint64(1000) << noReason;
    QTest::addRow("old but within max age")
        << policy(Jitter::None) << 3 << qint64(0) << kDayMs / 2 << 503 << ErrorClass::Http5xx
        << none << DeliveryState::RetryWait << 4 << qint64(8000) << qint64(8000) << noReason;

    // Cancelled (the engine stopped mid-attempt): back to pending, the attempt not counted.
    QTest::addRow("cancelled first attempt")
        << standard << 0 << qint64(0) << qint64(0) << 0 << ErrorClass::Cancelled << none
        << DeliveryState::Pending << 0 << qint64(0) << qint64(0) << noReason;
    QTest::addRow("cancelled on the last allowed attempt")
        << standard << 11 << qint64(300000) << qint64(3600000) << 0 << ErrorClass::Cancelled << none
        << DeliveryState::Pending << 11 << qint64(0) << qint64(0) << noReason;
    QTest::addRow("cancelled with a single attempt allowed")
        << policy(Jitter::Full, 1) << 0 << qint64(0) << qint64(0) << 0 << ErrorClass::Cancelled
        << none << DeliveryState::Pending << 0 << qint64(0) << qint64(0) << noReason;

    // A custom retry_on list replaces the default one.
    const RetryPolicy only503 = policy(Jitter::None, 12, Statuses { 503 });
    QTest::addRow("only 503: 500 is final")
        << only503 << 0 << qint64(0) << qint64(0) << 500 << ErrorClass::Http5xx << none
        << DeliveryState::Dead << 1 << qint64(0) << qint64(0) << QStringLiteral("500");
    QTest::addRow("only 503: 429 is final")
        << only503 << 0 << qint64(0) << qint64(0) << 429 << ErrorClass::Http429
        << std::optional<qint64>(1000) << DeliveryState::Dead << 1 << qint64(0) << qint64(0)
        << QStringLiteral("429");
    QTest::addRow("only 503: 503 retried")
        << only503 << 1 << qint64(0) << qint64(0) << 503 << ErrorClass::Http5xx << none
        << DeliveryState::RetryWait << 2 << qint64(2000) << qint64(2000) << noReason;
    QTest::addRow("only 503: network errors still retried")
        << only503 << 0 << qint64(0) << qint64(0) << 0 << ErrorClass::Connection << none
        << DeliveryState::RetryWait << 1 << qint64(1000) << qint64(1000) << noReason;
    QTest::addRow("404 made retryable")
        << policy(Jitter::None, 12, Statuses { 404, 503 }) << 0 << qint64(0) << qint64(0) << 404
        << ErrorClass::Http4xx << none << DeliveryState::RetryWait << 1 << qint64(1000)
        << qint64(1000) << noReason;
    QTest::addRow("nothing retryable by status")
        << policy(Jitter::None, 12, Statuses {}) << 0 << qint64(0) << qint64(0) << 503
        << ErrorClass::Http5xx << none << DeliveryState::Dead << 1 << qint64(0) << qint64(0)
        << QStringLiteral("503");
}

void tst_DeliveryPolicy::decide()
{
    QFETCH(RetryPolicy, policy);
    QFETCH(int, attemptsBefore);
    QFETCH(qint64, lastDelayMs);
    QFETCH(qint64, ageMs);
    QFETCH(int, httpStatus);
    QFETCH(ErrorClass, errorClass);
    QFETCH(std::optional<qint64>, retryAfterMs);
    QFETCH(DeliveryState, state);
    QFETCH(int, attemptNo);
    QFETCH(qint64, minDelayMs);
    QFETCH(qint64, maxDelayMs);
    QFETCH(QString, reason);

    ClaimedDelivery d;
    d.deliveryId = 4711;
    d.round = 2;
    d.attempts = attemptsBefore;
    d.createdAtMs = kNow - ageMs;
    d.lastDelayMs = lastDelayMs;

    AttemptOutcome outcome;
    outcome.httpStatus = httpStatus;
    outcome.errorClass = errorClass;
    outcome.retryAfterMs = retryAfterMs;
    if (errorClass != ErrorClass::None)
        outcome.error = httpStatus ? QStringLiteral("HTTP %1").arg(httpStatus)
                                   : QStringLiteral("peer went away");

    // Jittered delays are random: decide many times and check every draw.
    QRandomGenerator rng(1234);
    const int runs = state == DeliveryState::RetryWait && minDelayMs != maxDelayMs ? 500 : 1;
    for (int i = 0; i < runs; ++i) {
        const AttemptRecord r = DeliveryPolicy::decide(d, outcome, policy, kNow, rng);
        QCOMPARE(r.deliveryId, d.deliveryId);
        QCOMPARE(r.round, d.round);
        QCOMPARE(r.newState, state);
        QCOMPARE(r.attemptNo, attemptNo);
        QCOMPARE(r.outcome.httpStatus, httpStatus);
        QCOMPARE(r.outcome.errorClass, errorClass);

        switch (state) {
        case DeliveryState::RetryWait:
            QVERIFY2(r.delayMs >= minDelayMs && r.delayMs <= maxDelayMs,
                qPrintable(QStringLiteral("delay %1 outside [%2, %3]")
                               .arg(r.delayMs)
                               .arg(minDelayMs)
                               .arg(maxDelayMs)));
            QCOMPARE(r.dueAtMs, kNow + r.delayMs);
            QVERIFY2(r.deadReason.isEmpty(), qPrintable(r.deadReason));
            break;
        case DeliveryState::Dead:
            QVERIFY2(r.deadReason.contains(reason), qPrintable(r.deadReason));
            break;
        case DeliveryState::Pending:
            QCOMPARE(r.dueAtMs, kNow);
            QVERIFY2(r.deadReason.isEmpty(), qPrintable(r.deadReason));
            break;
        default:
            QVERIFY2(r.deadReason.isEmpty(), qPrintable(r.deadReason));
            break;
        }
    }
}

void tst_DeliveryPolicy::expiredReason_data()
{
    QTest::addColumn<qint64>("maxAgeS");
    QTest::addColumn<qint64>("ageMs");
    QTest::addColumn<bool>("expired");

    QTest::addRow("just created") << qint64(86400) << qint64(0) << false;
    QTest::addRow("an hour old") << qint64(86400) << qint64(3600000) << false;
    QTest::addRow("1 ms before max age") << qint64(86400) << kDayMs - 1 << false;
    // Consistent with decide(), which still schedules a retry due exactly at max age.
    QTest::addRow("exactly max age") << qint64(86400) << kDayMs << false;
    QTest::addRow("1 ms past max age") << qint64(86400) << kDayMs + 1 << true;
    QTest::addRow("a week old") << qint64(86400) << 7 * kDayMs << true;
    QTest::addRow("one minute max age, 61 s old") << qint64(60) << qint64(61000) << true;
    QTest::addRow("one minute max age, 59 s old") << qint64(60) << qint64(59000) << false;
    QTest::addRow("created in the future (clock skew)") << qint64(60) << qint64(-5000) << false;
}

void tst_DeliveryPolicy::expiredReason()
{
    QFETCH(qint64, maxAgeS);
    QFETCH(qint64, ageMs);
    QFETCH(bool, expired);

    RetryPolicy p;
    p.maxAgeS = maxAgeS;
    ClaimedDelivery d;
    d.createdAtMs = kNow - ageMs;
    d.attempts = 3;

    const std::optional<QString> reason = DeliveryPolicy::expiredReason(d, p, kNow);
    QCOMPARE(reason.has_value(), expired);
    if (expired) {
        QVERIFY2(reason->contains(QStringLiteral("max age")), qPrintable(*reason));
        QVERIFY2(reason->contains(QString::number(maxAgeS)), qPrintable(*reason));
    }
}

QTEST_GUILESS_MAIN(tst_DeliveryPolicy)
#include "tst_deliverypolicy.moc"
