// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QChartView>
#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>

#include "ui/charts/targethistory.h"

class QAreaSeries;
class QDateTimeAxis;
class QGraphicsLineItem;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace Tandem::Ui {

/// One chart of lines over time, as the target charts show them: a time axis, a value axis
/// scaled to what is shown, the periods the breaker was open (translucent red) or half-open
/// (lighter) shaded behind the lines, a legend, a crosshair with a tooltip giving the time and
/// the value of every line under the pointer, and a message in place of the lines when there is
/// nothing to show. Lines are replaced in bulk (QXYSeries::replace), never point by point, and
/// nothing is animated, so a redraw a second does not flicker. Its colours follow the palette
/// (a theme switch repaints it dark or light); line colours are lightened on a dark one.
///
/// A point whose y is NaN breaks a line (no figures: the engine was not running). Qt Charts
/// cannot leave a gap in a series, so each line is drawn as one QLineSeries per segment; the
/// legend is therefore the view's own (Qt's would list every segment).
///
/// Thread: UI thread.
class HistoryChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryChartView)

public:
    struct Line
    {
        QString name;
        QColor color;
        bool hiddenWhileZero = false; ///< left out (legend too) while every point is 0
    };

    HistoryChartView(const QString &title, const QList<Line> &lines, QWidget *parent = nullptr);
    ~HistoryChartView() override;

    void setTimeRange(qint64 fromMs, qint64 toMs, const QString &format, int tickCount);
    /// One list of points per line (x in ms since the epoch, y in the unit of `valueFormat`, a
    /// pattern such as "%1 ms"); the value axis is scaled to the visible lines.
    void setPoints(
        const QList<QList<QPointF>> &points, const QString &axisTitle, const QString &valueFormat);
    void setBands(const QList<BreakerBand> &bands);
    /// Shown over the empty plot area; an empty text hides it.
    void setEmptyText(const QString &text);

    /// The plot area's width in pixels: how many points a line can usefully have.
    int plotWidth() const;
    int lineCount() const { return int(m_lines.size()); }
    /// The points of a line as last set, breaks left out.
    QList<QPointF> linePoints(int index) const { return m_lines.at(index).points; }
    /// How many pieces a line is drawn in (one more per break).
    int lineSegmentCount(int index) const { return m_lines.at(index).segmentCount; }
    bool isLineShown(int index) const { return m_lines.at(index).shown; }
    /// The legend's entries, in order: the bands shown, then the lines shown.
    QStringList legendEntries() const { return m_legendEntries; }
    QAreaSeries *bandSeries(BreakerState state) const;
    QList<BreakerBand> bands() const { return m_bands; }
    QValueAxis *valueAxis() const { return m_valueAxis; }
    QDateTimeAxis *timeAxis() const { return m_timeAxis; }
    QString emptyText() const;
    /// What the tooltip says with the pointer at time `x` (ms since the epoch); empty if no line
    /// has a point.
    QString toolTipAt(double x) const;

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct LineSlot
    {
        Line style;
        QList<QLineSeries *> segments; ///< owned by the chart; the unused ones are empty
        QList<QPointF> points; ///< without breaks, for the tooltip
        int segmentCount = 0;
        bool shown = true;
    };

    QLineSeries *addSegment(const LineSlot &slot);
    QColor lineColour(const Line &line) const;
    void applyPalette();
    void updateLegend();
    void fitTicks();
    void placeOverlays();
    void hideHover();

    QList<LineSlot> m_lines;
    QLineSeries *m_openUpper = nullptr;
    QLineSeries *m_halfOpenUpper = nullptr;
    QAreaSeries *m_open = nullptr;
    QAreaSeries *m_halfOpen = nullptr;
    QList<BreakerBand> m_bands;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    QStringList m_legendEntries;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
    QValueAxis *m_bandAxis = nullptr;
    QString m_valueFormat = QStringLiteral("%1");
    QString m_timeFormat;
    int m_tickCount = 0; ///< as the range asks; fewer when the chart is too narrow for them

    QGraphicsLineItem *m_crosshair = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QLabel *m_legend = nullptr;
};

} // namespace Tandem::Ui
