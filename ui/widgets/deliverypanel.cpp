// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/deliverypanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/appearance.h"
#include "ui/models/clocktext.h"
#include "ui/models/deliverytimelinemodel.h"

namespace Tandem::Ui {

namespace {

QColor toneColour(DeliveryTimeline::Tone tone)
{
    // The target card's breaker colours: green is fine, orange waits, red needs an operator.
    switch (tone) {
    case DeliveryTimeline::Tone::Good:
        return QColor(0x2e, 0x7d, 0x32);
    case DeliveryTimeline::Tone::Waiting:
        return QColor(0xef, 0x6c, 0x00);
    case DeliveryTimeline::Tone::Bad:
        return QColor(0xc6, 0x28, 0x28);
    case DeliveryTimeline::Tone::Neutral:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

} // namespace

DeliveryPanel::DeliveryPanel(QWidget *parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    m_target = new QLabel;
    m_target->setObjectName(QStringLiteral("deliveryTarget"));
    QFont bold = m_target->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_target->setFont(bold);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("deliverySummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont summaryFont = m_summary->font();
    summaryFont.setBold(true);
    m_summary->setFont(summaryFont);
    m_detail = new QLabel;
    m_detail->setObjectName(QStringLiteral("deliveryDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_model = new DeliveryTimelineModel(this);
    m_view = new QTableView;
    m_view->setObjectName(QStringLiteral("deliveryTimeline"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(DeliveryTimelineModel::ErrorColumn, QHeaderView::Stretch);
    // Room for a few attempts and the next one before the table scrolls.
    m_view->setMinimumHeight(
        header->sizeHint().height() + 4 * m_view->verticalHeader()->defaultSectionSize() + 4);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 10);
    layout->setSpacing(4);
    auto *title = new QHBoxLayout;
    title->addWidget(m_target);
    title->addSpacing(8);
    title->addWidget(m_summary, 1);
    layout->addLayout(title);
    layout->addWidget(m_detail);
    layout->addWidget(m_view, 1);
}

DeliveryPanel::~DeliveryPanel() = default;

void DeliveryPanel::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    // A theme switch: the summary's colour is picked again for the new palette (the timeline's
    // colours come from its model at each paint).
    if (event->type() == QEvent::PaletteChange && m_summary)
        Appearance::setTextColour(m_summary, toneColour(m_tone));
}

void DeliveryPanel::setTimeline(const DeliveryTimeline &timeline, qint64 nowMs)
{
    const DeliveryView &d = timeline.delivery();
    m_target->setText(d.target);
    m_summary->setText(timeline.summary(nowMs));
    m_tone = timeline.tone();
    Appearance::setTextColour(m_summary, toneColour(m_tone));

    QString detail;
    if (d.state == DeliveryState::Dead && !d.deadReason.isEmpty()) {
        detail = tr("Why: %1").arg(d.deadReason);
    } else if (const auto next = timeline.nextAttempt()) {
        // The backoff window is in the timeline's last row; here only what overrode it.
        if (!d.lastError.isEmpty())
            detail = tr("Last error: %1.").arg(d.lastError);
        if (next->retryAfterOverrode && next->retryAfterMs)
            detail += u' '
                + tr("The answer's Retry-After (%1) set the next attempt, not the backoff.")
                      .arg(durationText(*next->retryAfterMs));
        else if (next->heldBack)
            detail += u' ' + tr("The retry budget held the next attempt back.");
        else if (next->sooner)
            detail += u' ' + tr("A fresh access token is tried at once, before the backoff.");
        detail = detail.trimmed();
    } else if (d.state == DeliveryState::Pending && d.round > 0) {
        detail = tr("Replay %1: earlier attempts are kept below.").arg(d.round);
    }
    m_detail->setText(detail);
    m_detail->setVisible(!detail.isEmpty());
    m_model->setTimeline(timeline, nowMs);
}

void DeliveryPanel::updateClock(const DeliveryTimeline &timeline, qint64 nowMs)
{
    m_summary->setText(timeline.summary(nowMs));
}

QString DeliveryPanel::target() const { return m_target->text(); }

QString DeliveryPanel::summary() const { return m_summary->text(); }

} // namespace Tandem::Ui
