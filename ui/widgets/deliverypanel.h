// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

#include "ui/models/deliverytimeline.h"

class QLabel;
class QTableView;

namespace Tandem::Ui {

class DeliveryTimelineModel;

/// One target's delivery of a message, for the message finder: the target's name, a coloured
/// one-line summary ("dead: HTTP 503 ×8"), why it died or is waiting, and its retry timeline
/// (DeliveryTimelineModel) with the next scheduled attempt.
///
/// Thread: UI thread.
class DeliveryPanel final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveryPanel)

public:
    explicit DeliveryPanel(QWidget *parent = nullptr);
    ~DeliveryPanel() override;

    void setTimeline(const DeliveryTimeline &timeline, qint64 nowMs);
    /// Writes the summary again for `nowMs` ("in 4 s"), leaving the timeline table as it is.
    void updateClock(const DeliveryTimeline &timeline, qint64 nowMs);
    QString target() const;
    /// The summary line as shown ("delivered 12:01:07").
    QString summary() const;
    DeliveryTimelineModel *model() const { return m_model; }

protected:
    void changeEvent(QEvent *event) override;

private:
    QLabel *m_target = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_detail = nullptr;
    QTableView *m_view = nullptr;
    DeliveryTimelineModel *m_model = nullptr;
    DeliveryTimeline::Tone m_tone = DeliveryTimeline::Tone::Neutral;
};

} // namespace Tandem::Ui
