// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/retryafter.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>

namespace Tandem {

namespace {

int monthFromName(QByteArrayView name)
{
    static constexpr const char *months[]
        = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    for (int i = 0; i < 12; ++i) {
        if (name == QByteArrayView(months[i]))
            return i + 1;
    }
    return 0;
}

std::optional<QTime> timeOfDay(QByteArrayView hms)
{
    const QList<QByteArrayView> parts = { hms.sliced(0, std::min<qsizetype>(2, hms.size())),
        hms.size() >= 5 ? hms.sliced(3, 2) : QByteArrayView(),
        hms.size() >= 8 ? hms.sliced(6, 2) : QByteArrayView() };
    if (hms.size() != 8 || hms[2] != ':' || hms[5] != ':')
        return std::nullopt;
    bool ok[3] = {};
    const int h = parts[0].toInt(&ok[0]);
    const int m = parts[1].toInt(&ok[1]);
    const int s = parts[2].toInt(&ok[2]);
    const QTime t(h, m, s);
    if (!ok[0] || !ok[1] || !ok[2] || !t.isValid())
        return std::nullopt;
    return t;
}

// RFC 9110 §5.6.7: a two-digit year more than 50 years in the future means the past century.
int fullYear(int twoDigits, int currentYear)
{
    int year = currentYear / 100 * 100 + twoDigits;
    if (year > currentYear + 50)
        year -= 100;
    return year;
}

// The three HTTP-date forms, in UTC only and independent of the machine's locale and time zone.
// The weekday is redundant and ignored, as RFC 9110 allows recipients to do.
std::optional<QDateTime> parseHttpDate(QByteArrayView value, qint64 nowMs)
{
    QList<QByteArrayView> tokens;
    const qsizetype comma = value.indexOf(',');
    const QByteArrayView rest = comma >= 0 ? value.sliced(comma + 1) : value;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= rest.size(); ++i) {
        const bool sep = i == rest.size() || rest[i] == ' ' || (comma >= 0 && rest[i] == '-');
        if (sep && start >= 0) {
            tokens.append(rest.sliced(start, i - start));
            start = -1;
        } else if (!sep && start < 0) {
            start = i;
        }
    }
    int day = 0, month = 0, year = 0;
    QByteArrayView hms;
    bool ok = true;
    if (comma >= 0 && tokens.size() == 5 && tokens[4] == "GMT") {
        // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" or RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT"
        day = tokens[0].toInt(&ok);
        month = monthFromName(tokens[1]);
        bool yearOk = false;
        year = tokens[2].toInt(&yearOk);
        ok = ok && yearOk && (tokens[2].size() == 4 || tokens[2].size() == 2);
        if (tokens[2].size() == 2)
            year = fullYear(
                year, QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()).date().year());
        hms = tokens[3];
    } else if (comma < 0 && tokens.size() == 5) {
        // asctime "Sun Nov  6 08:49:37 1994"
        month = monthFromName(tokens[1]);
        bool dayOk = false;
        day = tokens[2].toInt(&dayOk);
        year = tokens[4].toInt(&ok);
        ok = ok && dayOk && tokens[4].size() == 4;
        hms = tokens[3];
    } else {
        return std::nullopt;
    }
    const QDate date(year, month, day);
    const auto time = timeOfDay(hms);
    if (!ok || month == 0 || !date.isValid() || !time)
        return std::nullopt;
    return QDateTime(date, *time, QTimeZone::utc());
}

} // namespace

std::optional<qint64> parseRetryAfterMs(const QByteArray &raw, qint64 nowMs)
{
    const QByteArray value = raw.trimmed();
    if (value.isEmpty())
        return std::nullopt;

    bool allDigits = true;
    for (char c : value)
        allDigits = allDigits && c >= '0' && c <= '9';
    if (allDigits) {
        QByteArrayView significant = value;
        while (significant.size() > 1 && significant.front() == '0')
            significant = significant.sliced(1);
        // A huge number saturates instead of failing: the caller caps it by max_delay anyway.
        if (significant.size() > 12)
            return qint64(999'999'999'999) * 1000;
        return significant.toLongLong() * 1000;
    }
    if (const auto at = parseHttpDate(value, nowMs))
        return std::max<qint64>(0, at->toMSecsSinceEpoch() - nowMs);
    return std::nullopt;
}

} // namespace Tandem
