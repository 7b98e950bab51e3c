// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/targetcard.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/appearance.h"

namespace Tandem::Ui {

namespace {

constexpr qint64 SuccessWindowMs = 60'000;
constexpr qint64 RateWindowMs = 10'000;
constexpr int FigureColumns = 4;
const QString None = QStringLiteral("—");
const QColor HeldColour(0xb2, 0x6a, 0x00);

QString latencyText(qint64 us, qint64 count)
{
    if (count == 0)
        return None;
    if (us < 1000)
        return QStringLiteral("%1 µs").arg(us);
    if (us < 10'000)
        return QStringLiteral("%1 ms").arg(QLocale().toString(us / 1000.0, 'f', 1));
    if (us < 1'000'000)
        return QStringLiteral("%1 ms").arg(us / 1000);
    return QStringLiteral("%1 s").arg(QLocale().toString(us / 1e6, 'f', 2));
}

QString ageText(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86'400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
    return QStringLiteral("%1 d %2 h").arg(s / 86'400).arg(s % 86'400 / 3600);
}

} // namespace

TargetCard::TargetCard(const StoredTarget &target, QWidget *parent)
    : QFrame(parent)
    , m_target(target)
{
    setObjectName(QStringLiteral("targetCard"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(16, 12, 16, 12);
    outer->setSpacing(8);

    auto *header = new QHBoxLayout;
    m_name = new QLabel(this);
    m_name->setObjectName(QStringLiteral("name"));
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.3);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_host = new QLabel(this);
    m_host->setObjectName(QStringLiteral("host"));
    m_host->setForegroundRole(QPalette::PlaceholderText); // a role follows a theme switch
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setAlignment(Qt::AlignCenter);
    header->addWidget(m_name);
    header->addSpacing(8);
    header->addWidget(m_host, 1, Qt::AlignBaseline);
    header->addWidget(m_status);
    outer->addLayout(header);

    auto *breaker = new QHBoxLayout;
    breaker->setSpacing(6);
    m_breakerDot = new QLabel(this);
    m_breakerDot->setFixedSize(12, 12);
    m_breakerState = new QLabel(this);
    m_breakerState->setObjectName(QStringLiteral("breakerState"));
    QFont stateFont = m_breakerState->font();
    stateFont.setBold(true);
    m_breakerState->setFont(stateFont);
    breaker->addWidget(m_breakerDot);
    breaker->addWidget(m_breakerState, 1);
    outer->addLayout(breaker);

    auto *figures = new QGridLayout;
    figures->setHorizontalSpacing(24);
    figures->setVerticalSpacing(6);
    m_inFlight = addFigure(figures, 0, tr("In flight"), QStringLiteral("00,000"));
    m_pending = addFigure(figures, 1, tr("Pending"), QStringLiteral("00,000,000"));
    m_oldest = addFigure(figures, 2, tr("Oldest pending"), QStringLiteral("00 min 00 s"));
    m_successRate = addFigure(figures, 3, tr("Success (1 min)"), QStringLiteral("100.0 %"));
    m_p50 = addFigure(figures, 4, tr("p50 (1 min)"), QStringLiteral("000 ms"));
    m_p95 = addFigure(figures, 5, tr("p95 (1 min)"), QStringLiteral("000 ms"));
    m_p99 = addFigure(figures, 6, tr("p99 (1 min)"), QStringLiteral("000 ms"));
    m_rate = addFigure(figures, 7, tr("Deliveries/s"), QStringLiteral("00,000.0"));
    for (int c = 0; c < FigureColumns; ++c)
        figures->setColumnStretch(c, 1);
    figures->setRowMinimumHeight(2, 6);
    outer->addLayout(figures);

    m_held = new QLabel(this);
    m_held->setObjectName(QStringLiteral("held"));
    m_held->setWordWrap(true);
    Appearance::setTextColour(m_held, HeldColour);
    // Two lines are always reserved, so a target being held does not make the card grow.
    m_held->setFixedHeight(m_held->fontMetrics().lineSpacing() * 2);
    m_held->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    outer->addWidget(m_held);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_pause = new QPushButton(this);
    m_pause->setObjectName(QStringLiteral("pause"));
    // Fixed to the wider caption, so that "Pause" and "Resume" swap without the row moving.
    m_pause->setMinimumWidth(
        m_pause->fontMetrics().horizontalAdvance(tr("Resume")) + m_pause->sizeHint().width());
    m_reset = new QPushButton(tr("Reset breaker"), this);
    m_reset->setObjectName(QStringLiteral("resetBreaker"));
    m_reset->setToolTip(tr("Close the circuit breaker now and send again."));
    m_test = new QPushButton(tr("Test"), this);
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_test->setToolTip(
        tr("Send one real request with the stored credentials and show what comes back."));
    m_edit = new QPushButton(tr("Edit…"), this);
    m_edit->setObjectName(QStringLiteral("edit"));
    buttons->addWidget(m_pause);
    buttons->addWidget(m_reset);
    buttons->addWidget(m_test);
    buttons->addWidget(m_edit);
    outer->addLayout(buttons);

    connect(m_pause, &QPushButton::clicked, this,
        [this] { Q_EMIT pauseRequested(m_target.config.name, !m_target.paused); });
    connect(m_reset, &QPushButton::clicked, this,
        [this] { Q_EMIT resetBreakerRequested(m_target.config.name); });
    connect(m_test, &QPushButton::clicked, this,
        [this] { Q_EMIT testConnectionRequested(m_target.config.name); });
    connect(m_edit, &QPushButton::clicked, this,
        [this] { Q_EMIT editRequested(m_target.config.name); });

    updateHeader();
    clearFigures();
}

TargetCard::~TargetCard() = default;

QLabel *TargetCard::addFigure(
    QGridLayout *grid, int index, const QString &caption, const QString &widest)
{
    auto *captionLabel = new QLabel(caption, this);
    captionLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(this);
    QFont font = value->font();
    font.setPointSizeF(font.pointSizeF() * 1.25);
    value->setFont(font);
    // Wide enough for the widest value it will show: the numbers move, the layout does not.
    value->setMinimumWidth(value->fontMetrics().horizontalAdvance(widest));
    value->setTextFormat(Qt::PlainText);
    const int row = index / FigureColumns * 3; // a gap row between the two rows of figures
    grid->addWidget(captionLabel, row, index % FigureColumns);
    grid->addWidget(value, row + 1, index % FigureColumns);
    return value;
}

void TargetCard::setTarget(const StoredTarget &target)
{
    m_target = target;
    updateHeader();
    if (!m_snapshot)
        clearFigures();
}

void TargetCard::updateHeader()
{
    const TargetConfig &c = m_target.config;
    m_name->setText(c.name);
    const QUrl url = c.url;
    m_host->setText(
        url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host());
    m_host->setToolTip(url.toString());

    QString text;
    QColor colour;
    if (!c.enabled) {
        text = tr("Disabled");
        colour = QColor(0x75, 0x75, 0x75);
    } else if (m_target.paused) {
        text = tr("Paused");
        colour = QColor(0x6a, 0x1b, 0x9a);
    } else {
        text = tr("Enabled");
        colour = QColor(0x2e, 0x7d, 0x32);
    }
    m_status->setText(text);
    m_status->setStyleSheet(QStringLiteral("QLabel { color: %1; border: 1px solid %1; "
                                           "border-radius: 9px; padding: 1px 10px; }")
                                .arg(Appearance::readable(colour, palette()).name()));
    m_pause->setText(m_target.paused ? tr("Resume") : tr("Pause"));
    m_pause->setToolTip(m_target.paused
            ? tr("Send the held deliveries again.")
            : tr("Hold this target's deliveries; new messages still queue, nothing is dropped."));
    m_pause->setEnabled(!m_busy && c.enabled);
    m_reset->setEnabled(!m_busy && c.enabled && !m_target.paused);
    m_test->setEnabled(!m_busy);
    m_edit->setEnabled(!m_busy);
}

void TargetCard::paintEvent(QPaintEvent *)
{
    // Painted rather than a style sheet's "background: palette(base)": a style sheet freezes the
    // palette of the card and its labels when it is set, and a theme switch must reach them.
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.setBrush(palette().color(QPalette::Base));
    p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
}

void TargetCard::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    // A theme switch: the status colours are picked again for the new palette.
    if (event->type() == QEvent::PaletteChange && m_edit) {
        Appearance::setTextColour(m_held, HeldColour);
        updateHeader();
        if (m_snapshot)
            updateBreaker(
                m_snapshot->breakerState, m_snapshot->breakerSinceMs, m_snapshot->takenAtMs);
        else
            updateBreaker(QString());
    }
}

void TargetCard::setBusy(bool busy)
{
    m_busy = busy;
    updateHeader();
}

QColor TargetCard::breakerColour(const QString &state)
{
    if (state == u"open")
        return QColor(0xc6, 0x28, 0x28);
    if (state == u"half_open")
        return QColor(0xef, 0x6c, 0x00);
    if (state == u"closed")
        return QColor(0x2e, 0x7d, 0x32);
    return QColor(0x75, 0x75, 0x75);
}

QString TargetCard::breakerText(const QString &state)
{
    if (state == u"open")
        return tr("Breaker open — not sending, waiting to probe");
    if (state == u"half_open")
        return tr("Breaker half-open — probing with a few requests");
    if (state == u"closed")
        return tr("Breaker closed — delivering");
    return tr("Not running");
}

void TargetCard::updateBreaker(const QString &state, qint64 sinceMs, qint64 nowMs)
{
    const QColor colour = breakerColour(state);
    m_breakerDot->setStyleSheet(
        QStringLiteral("QLabel { background: %1; border-radius: 6px; }").arg(colour.name()));
    QString text = breakerText(state);
    if (sinceMs > 0 && nowMs >= sinceMs)
        text += tr(" (for %1)").arg(ageText(nowMs - sinceMs));
    m_breakerState->setText(text);
    Appearance::setTextColour(m_breakerState, colour);
}

void TargetCard::clearFigures()
{
    m_samples.clear();
    for (QLabel *l :
        { m_inFlight, m_pending, m_oldest, m_successRate, m_p50, m_p95, m_p99, m_rate })
        l->setText(None);
    updateBreaker(QString());
    if (!m_target.config.enabled)
        m_held->setText(tr("Disabled in its configuration: nothing is sent."));
    else if (m_target.paused)
        m_held->setText(tr("Paused by an operator: deliveries wait until it is resumed."));
    else
        m_held->clear();
}

void TargetCard::setMetrics(const std::optional<MetricsSnapshot> &snapshot)
{
    m_snapshot = snapshot;
    if (!snapshot) {
        clearFigures();
        return;
    }
    const MetricsSnapshot &s = *snapshot;
    const QLocale locale;
    m_inFlight->setText(locale.toString(s.inFlight));
    m_pending->setText(locale.toString(s.pending));
    m_oldest->setText(s.oldestPendingAgeMs ? ageText(*s.oldestPendingAgeMs) : None);

    if (!m_samples.empty() && s.attempts < m_samples.back().attempts)
        m_samples.clear(); // a new worker: its counters start again
    m_samples.push_back({ s.takenAtMs, s.attempts, s.successes });
    while (m_samples.size() > 1 && s.takenAtMs - m_samples.front().atMs > SuccessWindowMs)
        m_samples.pop_front();
    const Sample &first = m_samples.front();
    const qint64 attempts = s.attempts - first.attempts;
    m_successRate->setText(attempts > 0 ? QStringLiteral("%1 %").arg(locale.toString(
                               100.0 * double(s.successes - first.successes) / attempts, 'f', 1))
                                        : None);
    auto recent = m_samples.begin();
    while (std::next(recent) != m_samples.end() && s.takenAtMs - recent->atMs > RateWindowMs)
        ++recent;
    const qint64 spanMs = s.takenAtMs - recent->atMs;
    m_rate->setText(spanMs > 0
            ? locale.toString(1000.0 * double(s.successes - recent->successes) / spanMs, 'f', 1)
            : None);

    const LatencyWindow::Quantiles &q = s.latency[0]; // the 1 min window
    m_p50->setText(latencyText(q.p50Us, q.count));
    m_p95->setText(latencyText(q.p95Us, q.count));
    m_p99->setText(latencyText(q.p99Us, q.count));

    updateBreaker(s.breakerState, s.breakerSinceMs, s.takenAtMs);
    m_breakerState->setToolTip(s.breakerReason);
    // Held says why nothing is sent at all; otherwise, while the breaker is not closed, the
    // same reserved lines say why it tripped.
    if (!s.heldReason.isEmpty())
        m_held->setText(tr("Held: %1").arg(s.heldReason));
    else if (s.breakerState != u"closed" && !s.breakerReason.isEmpty())
        m_held->setText(tr("Tripped: %1").arg(s.breakerReason));
    else
        m_held->clear();
}

} // namespace Tandem::Ui
