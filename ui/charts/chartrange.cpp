// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/charts/chartrange.h"

#include <QCoreApplication>
#include <QLocale>

#include "ui/models/clocktext.h"

namespace Tandem::Ui::ChartRanges {

namespace {

struct ChartRangeTr
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::Ui::ChartRange)
};

} // namespace

qint64 spanMs(ChartRange range)
{
    switch (range) {
    case ChartRange::FiveMinutes:
        return 5 * 60'000;
    case ChartRange::OneHour:
        return 3'600'000;
    case ChartRange::OneDay:
        return 86'400'000;
    case ChartRange::SevenDays:
        return 7 * 86'400'000LL;
    }
    return 5 * 60'000;
}

qint64 resolutionMs(ChartRange range) { return spanMs(range) <= 3'600'000 ? 1000 : 60'000; }

qint64 rateUnitMs(ChartRange range) { return resolutionMs(range); }

QString rateUnit(ChartRange range)
{
    return rateUnitMs(range) == 1000 ? ChartRangeTr::tr("/s") : ChartRangeTr::tr("/min");
}

QString label(ChartRange range)
{
    switch (range) {
    case ChartRange::FiveMinutes:
        return ChartRangeTr::tr("5 min");
    case ChartRange::OneHour:
        return ChartRangeTr::tr("1 h");
    case ChartRange::OneDay:
        return ChartRangeTr::tr("24 h");
    case ChartRange::SevenDays:
        return ChartRangeTr::tr("7 d");
    }
    return {};
}

QString emptyText(ChartRange range)
{
    switch (range) {
    case ChartRange::FiveMinutes:
        return ChartRangeTr::tr("No deliveries in the last 5 minutes");
    case ChartRange::OneHour:
        return ChartRangeTr::tr("No deliveries in the last hour");
    case ChartRange::OneDay:
        return ChartRangeTr::tr("No deliveries in the last 24 hours");
    case ChartRange::SevenDays:
        return ChartRangeTr::tr("No deliveries in the last 7 days");
    }
    return {};
}

QString axisFormat(ChartRange range)
{
    // The locale's own time format (12 or 24 hours); the axis formats with the chart's locale,
    // the default one, so "ddd" is the weekday in the console's language.
    const QLocale locale;
    switch (range) {
    case ChartRange::FiveMinutes:
        return timeFormat(locale);
    case ChartRange::OneHour:
    case ChartRange::OneDay:
        break;
    case ChartRange::SevenDays:
        return QStringLiteral("ddd ") + timeFormat(locale, false);
    }
    return timeFormat(locale, false);
}

int axisTickCount(ChartRange range)
{
    switch (range) {
    case ChartRange::FiveMinutes:
        return 6;
    case ChartRange::OneHour:
    case ChartRange::OneDay:
        return 7;
    case ChartRange::SevenDays:
        return 8;
    }
    return 6;
}

QString key(ChartRange range)
{
    switch (range) {
    case ChartRange::FiveMinutes:
        return QStringLiteral("5m");
    case ChartRange::OneHour:
        return QStringLiteral("1h");
    case ChartRange::OneDay:
        return QStringLiteral("24h");
    case ChartRange::SevenDays:
        return QStringLiteral("7d");
    }
    return {};
}

std::optional<ChartRange> fromKey(const QString &key)
{
    for (ChartRange r : All) {
        if (ChartRanges::key(r) == key)
            return r;
    }
    return std::nullopt;
}

} // namespace Tandem::Ui::ChartRanges
