// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDateTime>
#include <QFileInfo>
#include <QTest>
#include <QTimeZone>

#include <time.h>

#include "engine/core/retryafter.h"

using namespace Tandem;

namespace {

// Sat, 01 Mar 2025 12:00:00 GMT: every HTTP date below is relative to this instant.
const qint64 kNow
    = QDateTime(QDate(2025, 3, 1), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();

constexpr qint64 kSecond = 1000;
constexpr qint64 kDay = 86400 * kSecond;

qint64 msUntil(QDate date, QTime time)
{
    return QDateTime(date, time, QTimeZone::utc()).toMSecsSinceEpoch() - kNow;
}

// Switches the process's local time zone for the lifetime of the object, so that a test can show
// that parsing an HTTP date (always GMT) does not depend on where the engine runs.
class LocalZone
{
public:
    explicit LocalZone(const QByteArray &zone)
        : m_wasSet(qEnvironmentVariableIsSet("TZ"))
        , m_previous(qgetenv("TZ"))
    {
        qputenv("TZ", zone);
        tzset();
    }
    ~LocalZone()
    {
        if (m_wasSet)
            qputenv("TZ", m_previous);
        else
            qunsetenv("TZ");
        tzset();
    }
    Q_DISABLE_COPY_MOVE(LocalZone)

private:
    bool m_wasSet;
    QByteArray m_previous;
};

} // namespace

class tst_RetryAfter : public QObject
{
    Q_OBJECT

private slots:
    void delaySeconds_data();
    void delaySeconds();
    void hugeDelaySaturates_data();
    void hugeDelaySaturates();
    void futureDate_data();
    void futureDate();
    void pastDate_data();
    void pastDate();
    void garbage_data();
    void garbage();
    void independentOfLocalZone_data();
    void independentOfLocalZone();
};

void tst_RetryAfter::delaySeconds_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected");

    QTest::addRow("zero") << QByteArrayLiteral("0") << qint64(0);
    QTest::addRow("one") << QByteArrayLiteral("1") << qint64(1000);
    QTest::addRow("two minutes") << QByteArrayLiteral("120") << qint64(120000);
    QTest::addRow("surrounding spaces") << QByteArrayLiteral(" 5 ") << qint64(5000);
    QTest::addRow("tab and CRLF") << QByteArrayLiteral("\t7\r\n") << qint64(7000);
    QTest::addRow("a day") << QByteArrayLiteral("86400") << qint64(kDay);
    QTest::addRow("leading zeros") << QByteArrayLiteral("007") << qint64(7000);
    // delay-seconds is 1*DIGIT: leading zeros do not make a number large.
    QTest::addRow("many leading zeros") << QByteArrayLiteral("0000000000005") << qint64(5000);
    QTest::addRow("twelve digits") << QByteArrayLiteral("999999999999") << qint64(999999999999000);
}

void tst_RetryAfter::delaySeconds()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);

    const std::optional<qint64> ms = parseRetryAfterMs(value, kNow);
    QVERIFY(ms.has_value());
    QCOMPARE(*ms, expected);
}

void tst_RetryAfter::hugeDelaySaturates_data()
{
    QTest::addColumn<QByteArray>("value");

    QTest::addRow("13 digits") << QByteArrayLiteral("1000000000000");
    QTest::addRow("overflows qint64 ms") << QByteArrayLiteral("9223372036854776");
    QTest::addRow("qint64 max seconds") << QByteArrayLiteral("9223372036854775807");
    QTest::addRow("overflows quint64") << QByteArrayLiteral("18446744073709551616");
    QTest::addRow("forty digits") << QByteArray(40, '9');
}

void tst_RetryAfter::hugeDelaySaturates()
{
    QFETCH(QByteArray, value);

    // No overflow into a negative or small delay: at least as long as the largest value that
    // is still read exactly. The caller caps it by max_delay_ms.
    const std::optional<qint64> ms = parseRetryAfterMs(value, kNow);
    QVERIFY(ms.has_value());
    QVERIFY2(*ms >= qint64(999999999999000), qPrintable(QString::number(*ms)));
}

void tst_RetryAfter::futureDate_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected");

    QTest::addRow("IMF-fixdate, 30 s")
        << QByteArrayLiteral("Sat, 01 Mar 2025 12:00:30 GMT") << 30 * kSecond;
    QTest::addRow("IMF-fixdate, next day")
        << QByteArrayLiteral("Sun, 02 Mar 2025 12:00:00 GMT") << kDay;
    QTest::addRow("IMF-fixdate, next year") << QByteArrayLiteral("Sun, 01 Mar 2026 00:00:00 GMT")
                                            << msUntil(QDate(2026, 3, 1), QTime(0, 0));
    QTest::addRow("IMF-fixdate, padded by spaces")
        << QByteArrayLiteral("  Sat, 01 Mar 2025 12:01:00 GMT ") << 60 * kSecond;
    QTest::addRow("RFC 850, 60 s")
        << QByteArrayLiteral("Saturday, 01-Mar-25 12:01:00 GMT") << 60 * kSecond;
    QTest::addRow("RFC 850, next day")
        << QByteArrayLiteral("Sunday, 02-Mar-25 12:00:00 GMT") << kDay;
    QTest::addRow("RFC 850, new year") << QByteArrayLiteral("Thursday, 01-Jan-26 00:00:00 GMT")
                                       << msUntil(QDate(2026, 1, 1), QTime(0, 0));
    QTest::addRow("asctime, 5 s") << QByteArrayLiteral("Sat Mar  1 12:00:05 2025") << 5 * kSecond;
    QTest::addRow("asctime, next day") << QByteArrayLiteral("Sun Mar  2 12:00:00 2025") << kDay;
    QTest::addRow("asctime, two-digit day")
        << QByteArrayLiteral("Mon Mar 10 12:00:00 2025") << 9 * kDay;
}

void tst_RetryAfter::futureDate()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);

    const std::optional<qint64> ms = parseRetryAfterMs(value, kNow);
    QVERIFY2(ms.has_value(), value.constData());
    QCOMPARE(*ms, expected);
}

void tst_RetryAfter::pastDate_data()
{
    QTest::addColumn<QByteArray>("value");

    QTest::addRow("IMF-fixdate, now") << QByteArrayLiteral("Sat, 01 Mar 2025 12:00:00 GMT");
    QTest::addRow("IMF-fixdate, 1 s ago") << QByteArrayLiteral("Sat, 01 Mar 2025 11:59:59 GMT");
    QTest::addRow("IMF-fixdate, yesterday") << QByteArrayLiteral("Fri, 28 Feb 2025 12:00:00 GMT");
    QTest::addRow("IMF-fixdate, RFC example") << QByteArrayLiteral("Sun, 06 Nov 1994 08:49:37 GMT");
    QTest::addRow("IMF-fixdate, epoch") << QByteArrayLiteral("Thu, 01 Jan 1970 00:00:00 GMT");
    // A four-digit year is never moved a century ahead; only RFC 850's two-digit year may be.
    QTest::addRow("IMF-fixdate, 1950") << QByteArrayLiteral("Sun, 01 Jan 1950 00:00:00 GMT");
    QTest::addRow("RFC 850, RFC example") << QByteArrayLiteral("Sunday, 06-Nov-94 08:49:37 GMT");
    QTest::addRow("RFC 850, yesterday") << QByteArrayLiteral("Friday, 28-Feb-25 12:00:00 GMT");
    QTest::addRow("asctime, RFC example") << QByteArrayLiteral("Sun Nov  6 08:49:37 1994");
    QTest::addRow("asctime, an hour ago") << QByteArrayLiteral("Sat Mar  1 11:00:00 2025");
}

void tst_RetryAfter::pastDate()
{
    QFETCH(QByteArray, value);

    const std::optional<qint64> ms = parseRetryAfterMs(value, kNow);
    QVERIFY2(ms.has_value(), value.constData());
    QCOMPARE(*ms, qint64(0));
}

void tst_RetryAfter::garbage_data()
{
    QTest::addColumn<QByteArray>("value");

    QTest::addRow("empty") << QByteArray();
    QTest::addRow("blank") << QByteArrayLiteral("   ");
    QTest::addRow("word") << QByteArrayLiteral("soon");
    QTest::addRow("negative") << QByteArrayLiteral("-5");
    QTest::addRow("plus sign") << QByteArrayLiteral("+5");
    QTest::addRow("fraction") << QByteArrayLiteral("1.5");
    QTest::addRow("exponent") << QByteArrayLiteral("1e3");
    QTest::addRow("hex") << QByteArrayLiteral("0x10");
    QTest::addRow("unit") << QByteArrayLiteral("5s");
    QTest::addRow("two numbers") << QByteArrayLiteral("5 5");
    QTest::addRow("ISO 8601") << QByteArrayLiteral("2025-03-01T12:00:30Z");
    QTest::addRow("day 32") << QByteArrayLiteral("Sat, 32 Mar 2025 12:00:00 GMT");
    QTest::addRow("hour 25") << QByteArrayLiteral("Sat, 01 Mar 2025 25:00:00 GMT");
    QTest::addRow("truncated date") << QByteArrayLiteral("Sat, 01 Mar 2025");
}

void tst_RetryAfter::garbage()
{
    QFETCH(QByteArray, value);

    const std::optional<qint64> ms = parseRetryAfterMs(value, kNow);
    QVERIFY2(!ms.has_value(), qPrintable(QStringLiteral("parsed as %1 ms").arg(ms.value_or(0))));
}

void tst_RetryAfter::independentOfLocalZone_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected");

    // An HTTP date is GMT: the local offset must not shift it, and a wall time that does not
    // exist locally (a daylight-saving gap) is still a valid GMT time.
    QTest::addRow("Berlin, ordinary time")
        << QByteArrayLiteral("Europe/Berlin") << QByteArrayLiteral("Sat, 01 Mar 2025 12:00:30 GMT")
        << 30 * kSecond;
    QTest::addRow("New York, ordinary time")
        << QByteArrayLiteral("America/New_York") << QByteArrayLiteral("Sat Mar  1 12:00:05 2025")
        << 5 * kSecond;
    QTest::addRow("Berlin, local DST gap, IMF-fixdate")
        << QByteArrayLiteral("Europe/Berlin") << QByteArrayLiteral("Sun, 30 Mar 2025 02:30:00 GMT")
        << msUntil(QDate(2025, 3, 30), QTime(2, 30));
    QTest::addRow("Berlin, local DST gap, asctime")
        << QByteArrayLiteral("Europe/Berlin") << QByteArrayLiteral("Sun Mar 30 02:30:00 2025")
        << msUntil(QDate(2025, 3, 30), QTime(2, 30));
    QTest::addRow("New York, local DST gap, IMF-fixdate")
        << QByteArrayLiteral("America/New_York")
        << QByteArrayLiteral("Sun, 09 Mar 2025 02:30:00 GMT")
        << msUntil(QDate(2025, 3, 9), QTime(2, 30));
}

void tst_RetryAfter::independentOfLocalZone()
{
    QFETCH(QByteArray, zone);
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);

    if (!QFileInfo::exists(QStringLiteral("/usr/share/zoneinfo/") + QString::fromLatin1(zone)))
        QSKIP("time zone data not installed");
    const LocalZone local(zone);
    const std::optional<qint64> ms = parseRetryAfterMs(value, kNow);
    QVERIFY2(ms.has_value(), value.constData());
    QCOMPARE(*ms, expected);
}

QTEST_GUILESS_MAIN(tst_RetryAfter)
#include "tst_retryafter.moc"
