// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "engine/store/store.h"

namespace Tandem::Ui {

/// The versions of one delivery's payload (version 1 the producer's, then each operator edit)
/// as a table for the dead-letter browser's detail pane: version, when, and the reason given.
/// The diff and the payload of a version are roles, for the view beside the table.
///
/// Thread: UI thread.
class PayloadVersionModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PayloadVersionModel)

public:
    enum Column { VersionColumn, TimeColumn, ReasonColumn, ColumnCount };
    enum Role {
        VersionRole = Qt::UserRole + 1, ///< int
        DiffRole, ///< QString, unified diff against the version before (empty for version 1)
        PayloadRole, ///< QByteArray, as stored
    };

    explicit PayloadVersionModel(QObject *parent = nullptr);
    ~PayloadVersionModel() override;

    /// `current` is the delivery's current version, the one its next attempt sends (marked).
    void setVersions(const QList<PayloadVersion> &versions, int current);
    const QList<PayloadVersion> &versions() const { return m_versions; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<PayloadVersion> m_versions;
    int m_current = 1;
};

} // namespace Tandem::Ui
