// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "engine/core/retrypolicy.h"

class QLabel;
class QTableView;

namespace Tandem::Ui {

class RetryScheduleModel;

/// The live preview of a retry policy: the schedule table (RetryScheduleModel) and a sentence
/// that sums it up. Shows a note instead while the policy is invalid.
///
/// Thread: UI thread.
class RetrySchedulePreview final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RetrySchedulePreview)

public:
    explicit RetrySchedulePreview(QWidget *parent = nullptr);
    ~RetrySchedulePreview() override;

    void setPolicy(const RetryPolicy &policy);
    /// The policy cannot be read: `reason` says why.
    void setUnavailable(const QString &reason);

    RetryScheduleModel *model() const { return m_model; }
    QString summary() const;

private:
    void updateSpans();

    RetryScheduleModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
};

} // namespace Tandem::Ui
