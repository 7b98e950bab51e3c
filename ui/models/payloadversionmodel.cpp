// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/payloadversionmodel.h"

#include <QDateTime>
#include <QFont>

#include "ui/models/clocktext.h"

namespace Tandem::Ui {

PayloadVersionModel::PayloadVersionModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

PayloadVersionModel::~PayloadVersionModel() = default;

void PayloadVersionModel::setVersions(const QList<PayloadVersion> &versions, int current)
{
    beginResetModel();
    m_versions = versions;
    m_current = current;
    endResetModel();
}

int PayloadVersionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_versions.size());
}

int PayloadVersionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PayloadVersionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PayloadVersion &v = m_versions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case VersionColumn:
            return v.version == m_current ? tr("v%1 (current)").arg(v.version)
                                          : tr("v%1").arg(v.version);
        case TimeColumn:
            return dateTimeText(v.createdAtMs);
        case ReasonColumn:
            return v.version == 1 ? tr("Original payload, as the producer sent it") : v.reason;
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ReasonColumn && v.version > 1)
            return v.reason;
        if (index.column() == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(v.createdAtMs).toString(Qt::ISODateWithMs);
        return {};
    case Qt::FontRole:
        if (v.version == m_current) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case VersionRole:
        return v.version;
    case DiffRole:
        return v.diff;
    case PayloadRole:
        return v.payload;
    default:
        return {};
    }
}

QVariant PayloadVersionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case VersionColumn:
        return tr("Version");
    case TimeColumn:
        return tr("Time");
    case ReasonColumn:
        return tr("Reason");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Tandem::Ui
