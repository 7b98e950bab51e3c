// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QString>

namespace Tandem::Ui {

/// The time ranges the charts offer, with what each implies: how far back they reach, the
/// resolution of the recorded history they read (Store::metricsHistory keeps one-second rows for
/// the last hour and one-minute rows beyond), the unit rates are given in and how times are
/// written on the axis. A plain value; the functions are thread-agnostic.
enum class ChartRange { FiveMinutes, OneHour, OneDay, SevenDays };

namespace ChartRanges {

inline constexpr ChartRange All[]
    = { ChartRange::FiveMinutes, ChartRange::OneHour, ChartRange::OneDay, ChartRange::SevenDays };

qint64 spanMs(ChartRange range);
/// 1,000 for the ranges within the last hour (one-second rows), 60,000 beyond.
qint64 resolutionMs(ChartRange range);
/// Rates are counted per second at one-second resolution and per minute at one-minute
/// resolution, so a chart never shows fractions of a request per second for a quiet week.
qint64 rateUnitMs(ChartRange range);
/// "/s" or "/min", translated.
QString rateUnit(ChartRange range);
/// "5 min", "1 h", "24 h", "7 d", translated.
QString label(ChartRange range);
/// "No deliveries in the last 5 minutes", translated.
QString emptyText(ChartRange range);
/// A QDateTime format for the time axis of the range.
QString axisFormat(ChartRange range);
/// How many labelled ticks the time axis has: one a minute, ten minutes, four hours or day.
int axisTickCount(ChartRange range);
/// The range's name in settings ("5m", "1h", "24h", "7d"); not translated.
QString key(ChartRange range);
std::optional<ChartRange> fromKey(const QString &key);

} // namespace ChartRanges

} // namespace Tandem::Ui
