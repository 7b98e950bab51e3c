// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

class QLocale;

namespace Tandem::Ui {

/// A timestamp (ms since the epoch) as an operator reads it next to "now", in the default
/// locale's own order and separators: "12:01:07" today (en_US "12:01:07 PM"), "21.11. 12:01:07"
/// on another day (en_US "11/21 12:01:07 PM"); with `milliseconds`, "12:01:07,412" (retry
/// timelines, where a backoff window may be shorter than a second). Local time.
QString clockText(qint64 atMs, qint64 nowMs, bool milliseconds = false);

/// A full date and time for tables and details: the locale's short date and its time with
/// seconds ("21.11.26 12:01:07"; en_US "11/21/26 12:01:07 PM"). Local time.
QString dateTimeText(qint64 atMs, bool seconds = true);

/// The locale's time format with seconds and without the time zone ("HH:mm:ss", en_US
/// "h:mm:ss AP"), with milliseconds after its decimal separator if asked ("HH:mm:ss,zzz").
QString timeFormat(const QLocale &locale, bool seconds = true, bool milliseconds = false);

/// The locale's short date format without the year ("dd.MM.", en_US "M/d", ISO "MM-dd").
QString dayMonthFormat(const QLocale &locale);

/// A duration for an operator: "850 ms", "4.2 s" (German "4,2 s"), "3 min 20 s", "2 h 05 min".
QString durationText(qint64 ms);

} // namespace Tandem::Ui
