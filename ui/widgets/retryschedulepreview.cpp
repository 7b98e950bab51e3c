// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/retryschedulepreview.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/models/retryschedulemodel.h"

namespace Tandem::Ui {

RetrySchedulePreview::RetrySchedulePreview(QWidget *parent)
    : QWidget(parent)
    , m_model(new RetryScheduleModel(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
{
    m_view->setObjectName(QStringLiteral("retryScheduleView"));
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setFocusPolicy(Qt::NoFocus);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setSectionResizeMode(
        RetryScheduleModel::AttemptColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(
        RetryScheduleModel::AtColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(
        RetryScheduleModel::RangeColumn, QHeaderView::Stretch);
    m_view->setMinimumHeight(220);

    m_summary->setObjectName(QStringLiteral("retryScheduleSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);

    connect(m_model, &QAbstractItemModel::modelReset, this, &RetrySchedulePreview::updateSpans);
}

RetrySchedulePreview::~RetrySchedulePreview() = default;

void RetrySchedulePreview::setPolicy(const RetryPolicy &policy)
{
    m_view->setEnabled(true);
    m_model->setPolicy(policy);
    m_summary->setText(summary());
}

void RetrySchedulePreview::setUnavailable(const QString &reason)
{
    m_model->clear();
    m_view->setEnabled(false);
    m_summary->setText(tr("No preview while the retry policy is invalid: %1").arg(reason));
}

QString RetrySchedulePreview::summary() const
{
    if (!m_model->hasPolicy())
        return {};
    const RetryPolicy &p = m_model->policy();
    const QLocale locale;
    QString text;
    if (p.maxAttempts == 1) {
        text = tr("One attempt, no retries: a failed delivery is dead-lettered at once.");
    } else if (m_model->cutByMaxAge()) {
        text = tr("At most %1 of the %2 attempts fit in the max age of %3; then the delivery is "
                  "dead-lettered.")
                   .arg(locale.toString(m_model->reachableAttempts()),
                       locale.toString(p.maxAttempts),
                       RetryScheduleModel::formatDuration(p.maxAgeS * 1000, locale));
    } else {
        text = tr("%1 attempts, the last at most %2 after the first; if it fails too, the "
                  "delivery is dead-lettered.")
                   .arg(locale.toString(p.maxAttempts),
                       RetryScheduleModel::formatDuration(m_model->lastAttemptMaxMs(), locale));
    }
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row, 0);
        if (index.data(RetryScheduleModel::MayBeCutRole).toBool()) {
            text += u' '
                + tr("From attempt %1 on, the max age of %2 may end the delivery first.")
                      .arg(locale.toString(index.data(RetryScheduleModel::AttemptRole).toInt()),
                          RetryScheduleModel::formatDuration(p.maxAgeS * 1000, locale));
            break;
        }
    }
    if (p.jitter == Jitter::Decorrelated && p.maxAttempts > 1)
        text += u' '
            + tr("With decorrelated jitter each delay depends on the one before: the ranges show "
                 "the earliest and the latest an attempt can start.");
    text += u' ' + tr("Times leave out how long each attempt itself takes.");
    return text;
}

void RetrySchedulePreview::updateSpans()
{
    m_view->clearSpans();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const auto kind = RetryScheduleModel::RowKind(
            m_model->index(row, 0).data(RetryScheduleModel::KindRole).toInt());
        if (kind != RetryScheduleModel::RowKind::Attempt)
            m_view->setSpan(row, RetryScheduleModel::AtColumn, 1, 2);
    }
}

} // namespace Tandem::Ui
