// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/charts/historychartview.h"

#include <algorithm>
#include <cmath>

#include <QAreaSeries>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>

#include "ui/appearance.h"
#include "ui/models/clocktext.h"

namespace Tandem::Ui {

namespace {

const QColor OpenBandColor(220, 38, 38, 52);
const QColor HalfOpenBandColor(220, 38, 38, 22);
constexpr int LegendHeight = 22;
// A band shorter than this many pixels is widened to it, so that a 30 s trip still shows on a
// week's axis.
constexpr double MinimumBandPixels = 3;

/// The index of the point whose x is closest to `x` in points sorted by x; -1 if empty.
qsizetype nearestIndex(const QList<QPointF> &points, double x)
{
    if (points.isEmpty())
        return -1;
    const auto it = std::lower_bound(
        points.begin(), points.end(), x, [](const QPointF &p, double v) { return p.x() < v; });
    if (it == points.end())
        return points.size() - 1;
    const qsizetype i = it - points.begin();
    if (i > 0 && x - points.at(i - 1).x() < it->x() - x)
        return i - 1;
    return i;
}

QString formatValue(double v)
{
    // Enough digits to tell 0.4 from 0.04, never a long tail on big numbers, no trailing zeros.
    const int decimals = std::abs(v) < 10 ? 2 : std::abs(v) < 100 ? 1 : 0;
    const QLocale locale;
    QString text = locale.toString(v, 'f', decimals);
    if (decimals > 0) {
        while (text.endsWith(u'0'))
            text.chop(1);
        if (text.endsWith(locale.decimalPoint()))
            text.chop(locale.decimalPoint().size());
    }
    return text;
}

/// A translucent colour as it looks over `base`, for a legend swatch in rich text.
QColor over(const QColor &c, const QColor &base)
{
    const double a = c.alphaF();
    const auto mix = [a](int v, int b) { return int(std::lround(v * a + b * (1 - a))); };
    return QColor(
        mix(c.red(), base.red()), mix(c.green(), base.green()), mix(c.blue(), base.blue()));
}

QString swatch(const QColor &color, const QString &name)
{
    return QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2")
        .arg(color.name(), name.toHtmlEscaped());
}

} // namespace

HistoryChartView::HistoryChartView(const QString &title, const QList<Line> &lines, QWidget *parent)
    : QChartView(parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    QFont titleFont = font();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setAnimationOptions(QChart::NoAnimation); // a redraw a second must not move anything
    chart->setBackgroundRoundness(0);
    // Axis labels in the default locale: a decimal comma in German, the weekday in its language.
    chart->setLocalizeNumbers(true);
    chart->setLocale(QLocale());
    chart->setMargins(QMargins(6, 2, 6, LegendHeight));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->legend()->hide();
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);

    m_timeAxis = new QDateTimeAxis;
    m_valueAxis = new QValueAxis;
    m_bandAxis = new QValueAxis; // 0..1, hidden: bands span the plot whatever the values are
    m_bandAxis->setRange(0, 1);
    m_bandAxis->setVisible(false);
    for (QAbstractAxis *axis :
        { static_cast<QAbstractAxis *>(m_timeAxis), static_cast<QAbstractAxis *>(m_valueAxis) }) {
        axis->setLabelsFont(small);
        axis->setTitleFont(small);
    }
    m_valueAxis->setMinorTickCount(0);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    chart->addAxis(m_bandAxis, Qt::AlignRight);

    // Bands first, so that the lines are drawn over them.
    const auto addBand = [&](const QString &name, const QColor &color, QLineSeries *&upper) {
        upper = new QLineSeries;
        auto *area = new QAreaSeries(upper);
        area->setName(name);
        area->setColor(color);
        area->setPen(Qt::NoPen);
        chart->addSeries(area);
        area->attachAxis(m_timeAxis);
        area->attachAxis(m_bandAxis);
        return area;
    };
    m_open = addBand(tr("Breaker open"), OpenBandColor, m_openUpper);
    m_halfOpen = addBand(tr("Breaker half-open"), HalfOpenBandColor, m_halfOpenUpper);
    setChart(chart);

    for (const Line &style : lines) {
        m_lines.append({ style, {}, {}, 0, !style.hiddenWhileZero });
        m_lines.last().segments.append(addSegment(m_lines.last()));
    }
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    setMinimumHeight(200);

    m_crosshair = new QGraphicsLineItem;
    m_crosshair->setZValue(1000);
    m_crosshair->hide();
    scene()->addItem(m_crosshair);

    m_emptyLabel = new QLabel(viewport());
    m_emptyLabel->setObjectName(QStringLiteral("emptyText"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true); // a narrow chart wraps it rather than cut it off
    m_emptyLabel->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText); // follows a theme switch
    QFont emptyFont = font();
    emptyFont.setPointSizeF(11);
    m_emptyLabel->setFont(emptyFont);
    m_emptyLabel->hide();
    m_legend = new QLabel(viewport());
    m_legend->setObjectName(QStringLiteral("legend"));
    m_legend->setAlignment(Qt::AlignCenter);
    m_legend->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_legend->setFont(small);
    m_legend->setWordWrap(true);
    connect(chart, &QChart::plotAreaChanged, this, &HistoryChartView::placeOverlays);

    setBands({});
    setPoints({}, {}, QStringLiteral("%1"));
    applyPalette();
}

HistoryChartView::~HistoryChartView() = default;

QLineSeries *HistoryChartView::addSegment(const LineSlot &slot)
{
    auto *series = new QLineSeries;
    series->setName(slot.style.name);
    QPen pen(lineColour(slot.style));
    pen.setWidthF(1.8);
    series->setPen(pen);
    series->setMarkerSize(5);
    series->setVisible(slot.shown);
    chart()->addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(m_valueAxis);
    return series;
}

void HistoryChartView::setTimeRange(
    qint64 fromMs, qint64 toMs, const QString &format, int tickCount)
{
    m_fromMs = fromMs;
    m_toMs = toMs;
    m_timeFormat = format;
    if (m_timeAxis->format() != format)
        m_timeAxis->setFormat(format);
    m_tickCount = tickCount;
    fitTicks();
    m_timeAxis->setRange(
        QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
}

void HistoryChartView::setPoints(
    const QList<QList<QPointF>> &points, const QString &axisTitle, const QString &valueFormat)
{
    m_valueFormat = valueFormat;
    if (m_valueAxis->titleText() != axisTitle)
        m_valueAxis->setTitleText(axisTitle);
    double max = 0;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        LineSlot &slot = m_lines[i];
        // Split at the breaks: one series per segment.
        QList<QList<QPointF>> segments(1);
        slot.points.clear();
        double lineMax = 0;
        for (const QPointF &p : i < points.size() ? points.at(i) : QList<QPointF> {}) {
            if (std::isnan(p.y())) {
                if (!segments.last().isEmpty())
                    segments.append(QList<QPointF>());
                continue;
            }
            segments.last().append(p);
            slot.points.append(p);
            lineMax = std::max(lineMax, p.y());
        }
        if (segments.size() > 1 && segments.last().isEmpty())
            segments.removeLast();
        slot.shown = !slot.style.hiddenWhileZero || lineMax > 0;
        slot.segmentCount = int(segments.size());
        while (slot.segments.size() < segments.size())
            slot.segments.append(addSegment(slot));
        for (qsizetype s = 0; s < slot.segments.size(); ++s) {
            QLineSeries *series = slot.segments.at(s);
            if (s < segments.size())
                series->replace(segments.at(s));
            else if (series->count() > 0)
                series->clear();
            // A segment of one point has no line to draw: a dot shows it.
            const bool dot = series->count() == 1;
            if (series->pointsVisible() != dot)
                series->setPointsVisible(dot);
            if (series->isVisible() != slot.shown)
                series->setVisible(slot.shown);
        }
        if (slot.shown)
            max = std::max(max, lineMax);
    }
    // Nice round steps from 0; a flat line at 0 still gets a scale.
    m_valueAxis->setRange(0, max > 0 ? max * 1.08 : 1.0);
    m_valueAxis->applyNiceNumbers();
    const double step
        = (m_valueAxis->max() - m_valueAxis->min()) / std::max(1, m_valueAxis->tickCount() - 1);
    const int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    const QString format = QStringLiteral("%.") + QString::number(decimals) + u'f';
    if (m_valueAxis->labelFormat() != format)
        m_valueAxis->setLabelFormat(format);
    updateLegend();
}

void HistoryChartView::setBands(const QList<BreakerBand> &bands)
{
    m_bands = bands;
    const int width = plotWidth();
    const double minimumMs = width > 0 ? double(m_toMs - m_fromMs) / width * MinimumBandPixels : 0;
    QList<QPointF> open;
    QList<QPointF> halfOpen;
    for (const BreakerBand &b : bands) {
        QList<QPointF> &steps = b.state == BreakerState::Open ? open : halfOpen;
        const double from = double(b.fromMs);
        const double to = std::max(double(b.toMs), from + minimumMs);
        // A rectangle from the bottom of the plot to its top, as steps of one line.
        steps << QPointF(from, 0) << QPointF(from, 1) << QPointF(to, 1) << QPointF(to, 0);
    }
    m_openUpper->replace(open);
    m_halfOpenUpper->replace(halfOpen);
    updateLegend();
}

void HistoryChartView::updateLegend()
{
    QStringList entries;
    QStringList html;
    const auto add = [&](const QColor &color, const QString &name) {
        entries.append(name);
        // Non-breaking inside an entry: a narrow chart wraps the legend between entries only.
        html.append(swatch(color, QString(name).replace(u' ', QChar::Nbsp)));
    };
    const QColor base = palette().color(QPalette::Base);
    if (m_openUpper->count() > 0)
        add(over(OpenBandColor, base), m_open->name());
    if (m_halfOpenUpper->count() > 0)
        add(over(HalfOpenBandColor, base), m_halfOpen->name());
    for (const LineSlot &slot : std::as_const(m_lines)) {
        if (slot.shown)
            add(lineColour(slot.style), slot.style.name);
    }
    if (entries == m_legendEntries)
        return;
    m_legendEntries = entries;
    m_legend->setText(html.join(QStringLiteral("&nbsp;&nbsp; ")));
    placeOverlays();
}

void HistoryChartView::setEmptyText(const QString &text)
{
    if (m_emptyLabel->text() == text && m_emptyLabel->isHidden() == text.isEmpty())
        return;
    m_emptyLabel->setText(text);
    m_emptyLabel->setVisible(!text.isEmpty());
    placeOverlays();
    if (!text.isEmpty())
        hideHover();
}

QString HistoryChartView::emptyText() const
{
    return m_emptyLabel->isHidden() ? QString() : m_emptyLabel->text();
}

int HistoryChartView::plotWidth() const { return int(chart()->plotArea().width()); }

QAreaSeries *HistoryChartView::bandSeries(BreakerState state) const
{
    return state == BreakerState::Open    ? m_open
        : state == BreakerState::HalfOpen ? m_halfOpen
                                          : nullptr;
}

QString HistoryChartView::toolTipAt(double x) const
{
    // The time of the point nearest to the pointer, then every shown line's value there.
    std::optional<double> at;
    for (const LineSlot &slot : m_lines) {
        if (!slot.shown)
            continue;
        const qsizetype i = nearestIndex(slot.points, x);
        if (i >= 0 && (!at || std::abs(slot.points.at(i).x() - x) < std::abs(*at - x)))
            at = slot.points.at(i).x();
    }
    if (!at)
        return {};
    QString html = QStringLiteral("<b>%1</b>").arg(dateTimeText(qint64(*at)));
    for (const LineSlot &slot : m_lines) {
        if (!slot.shown)
            continue;
        const qsizetype i = nearestIndex(slot.points, *at);
        if (i < 0)
            continue;
        html += QStringLiteral("<br>")
            + swatch(lineColour(slot.style),
                QStringLiteral("%1: %2").arg(
                    slot.style.name, m_valueFormat.arg(formatValue(slot.points.at(i).y()))));
    }
    for (const BreakerBand &b : m_bands) {
        if (*at >= double(b.fromMs) && *at <= double(b.toMs)) {
            html += u"<br><i>"
                + (b.state == BreakerState::Open ? tr("Breaker open") : tr("Breaker half-open"))
                + u"</i>";
            break;
        }
    }
    return html;
}

void HistoryChartView::mouseMoveEvent(QMouseEvent *event)
{
    QChartView::mouseMoveEvent(event);
    const QPointF pos = mapToScene(event->position().toPoint());
    const QRectF plot = chart()->plotArea();
    if (!plot.contains(pos) || !m_emptyLabel->isHidden() || m_lines.isEmpty()) {
        hideHover();
        return;
    }
    const double x = chart()->mapToValue(pos, m_lines.first().segments.first()).x();
    const QString text = toolTipAt(x);
    if (text.isEmpty()) {
        hideHover();
        return;
    }
    m_crosshair->setLine(pos.x(), plot.top(), pos.x(), plot.bottom());
    m_crosshair->show();
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

QColor HistoryChartView::lineColour(const Line &line) const
{
    // Lines and marks need less contrast than text (WCAG: 3:1).
    return Appearance::readable(line.color, palette(), 3.0);
}

void HistoryChartView::applyPalette()
{
    // Qt Charts paints with its theme's colours, not the widget's palette: hand them over, so
    // that a dark theme gets a dark chart.
    const QPalette &pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::WindowText);
    QColor grid = text;
    grid.setAlpha(Appearance::isDark(pal) ? 40 : 22);
    QColor axisLine = text;
    axisLine.setAlpha(90);
    setBackgroundBrush(base);
    chart()->setBackgroundBrush(base);
    chart()->setTitleBrush(text);
    for (QAbstractAxis *axis :
        { static_cast<QAbstractAxis *>(m_timeAxis), static_cast<QAbstractAxis *>(m_valueAxis) }) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(axisLine);
    }
    QColor crosshair = text;
    crosshair.setAlpha(110);
    m_crosshair->setPen(QPen(crosshair, 1, Qt::DashLine));
    for (const LineSlot &slot : std::as_const(m_lines)) {
        for (QLineSeries *series : slot.segments) {
            QPen pen = series->pen();
            pen.setColor(lineColour(slot.style));
            series->setPen(pen);
            series->setColor(pen.color()); // the dot of a one-point segment
        }
    }
    m_legendEntries.clear(); // the same entries in new colours
    updateLegend();
}

void HistoryChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void HistoryChartView::leaveEvent(QEvent *event)
{
    hideHover();
    QChartView::leaveEvent(event);
}

void HistoryChartView::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    fitTicks();
    placeOverlays();
}

void HistoryChartView::fitTicks()
{
    // Time labels must not run into each other when two targets' charts share a narrow window.
    const int labelWidth = fontMetrics().horizontalAdvance(m_timeFormat) + 24;
    const int fitting = std::max(2, width() * 8 / 10 / std::max(1, labelWidth));
    const int ticks = std::clamp(fitting, 2, std::max(2, m_tickCount));
    if (m_timeAxis->tickCount() != ticks)
        m_timeAxis->setTickCount(ticks);
}

void HistoryChartView::placeOverlays()
{
    // The message over the plot area once the chart has laid it out (over the whole view
    // before); the legend in the margin kept free for it under the time axis.
    const QRectF plot = chart()->plotArea();
    const QRect area = plot.isEmpty() ? viewport()->rect() : mapFromScene(plot).boundingRect();
    m_emptyLabel->setGeometry(area);
    const QRect view = viewport()->rect();
    // Two targets' charts side by side can be too narrow for the legend on one line: give it
    // the lines it needs, and the chart the margin for them.
    const int legendHeight = std::max(LegendHeight, m_legend->heightForWidth(view.width()) + 4);
    if (chart()->margins().bottom() != legendHeight) {
        QMargins margins = chart()->margins();
        margins.setBottom(legendHeight);
        chart()->setMargins(margins);
    }
    m_legend->setGeometry(view.left(), view.bottom() - legendHeight, view.width(), legendHeight);
}

void HistoryChartView::hideHover()
{
    m_crosshair->hide();
    QToolTip::hideText();
}

} // namespace Tandem::Ui
