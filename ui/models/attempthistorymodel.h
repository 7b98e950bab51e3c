// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "engine/store/store.h"

namespace Tandem::Ui {

/// Every attempt of one delivery (all rounds, oldest first) as a table for the dead-letter
/// browser's detail pane: time, status, the payload version sent, latency, error and the start of
/// the response.
///
/// Thread: UI thread.
class AttemptHistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptHistoryModel)

public:
    enum Column {
        TimeColumn,
        StatusColumn,
        PayloadVersionColumn, ///< which version of the payload the attempt sent ("v2")
        LatencyColumn,
        ErrorColumn,
        ResponseColumn,
        ColumnCount
    };
    enum Role {
        RoundRole = Qt::UserRole + 1, ///< int
        AttemptNoRole, ///< int
        ErrorClassRole, ///< QString (errorClassName())
        PayloadVersionRole, ///< int, 1 for the producer's payload
    };

    explicit AttemptHistoryModel(QObject *parent = nullptr);
    ~AttemptHistoryModel() override;

    void setAttempts(const QList<AttemptView> &attempts);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<AttemptView> m_attempts;
};

} // namespace Tandem::Ui
