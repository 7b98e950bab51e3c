// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/retryafter.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

namespace Tandem {

std::optional<qint64> parseRetryAfterMs(const QByteArray &raw, qint64 nowMs)
{
    const QByteArray value = raw.trimmed();
    if (value.isEmpty())
        return std::nullopt;

    bool allDigits = true;
    for (char c : value)
        allDigits = allDigits && c >= '0' && c <= '9';
    if (allDigits) {
        // A huge number saturates instead of failing: the caller caps it by max_delay anyway.
        if (value.size() > 12)
            return qint64(999'999'999'999) * 1000;
        return value.toLongLong() * 1000;
    }

    // HTTP dates are always English and GMT, so parse with the C locale, never the user's.
    const QLocale c = QLocale::c();
    const QString s = QString::fromLatin1(value);
    static const char *const formats[] = {
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'", // IMF-fixdate
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'", // RFC 850
        "ddd MMM d HH:mm:ss yyyy", // asctime, single-digit day
        "ddd MMM  d HH:mm:ss yyyy", // asctime, space-padded day
    };
    for (const char *f : formats) {
        QDateTime dt = c.toDateTime(s, QString::fromLatin1(f));
        if (!dt.isValid())
            continue;
        dt.setTimeZone(QTimeZone::utc());
        // RFC 850 two-digit years: a year more than 50 years ahead means the previous century.
        if (dt.date().year() < 1970)
            dt = dt.addYears(100);
        return std::max<qint64>(0, dt.toMSecsSinceEpoch() - nowMs);
    }
    return std::nullopt;
}

} // namespace Tandem
