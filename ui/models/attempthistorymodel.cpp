// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/attempthistorymodel.h"

#include <QDateTime>

#include "ui/models/clocktext.h"

namespace Tandem::Ui {

namespace {

constexpr int ExcerptChars = 160;

QString responseExcerpt(const QByteArray &excerpt)
{
    // One line in the table: the full excerpt is in the tooltip.
    QString text = QString::fromUtf8(excerpt).simplified();
    if (text.size() > ExcerptChars)
        text = text.left(ExcerptChars) + u'…';
    return text;
}

QString errorClassText(const QString &errorClass)
{
    // The store keeps the class as a key ("connection"); the table shows a word.
    if (errorClass.isEmpty())
        return errorClass;
    if (errorClass == u"tls")
        return QStringLiteral("TLS");
    return errorClass.at(0).toUpper() + errorClass.mid(1);
}

} // namespace

AttemptHistoryModel::AttemptHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

AttemptHistoryModel::~AttemptHistoryModel() = default;

void AttemptHistoryModel::setAttempts(const QList<AttemptView> &attempts)
{
    beginResetModel();
    m_attempts = attempts;
    endResetModel();
}

int AttemptHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_attempts.size());
}

int AttemptHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttemptHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AttemptView &a = m_attempts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return clockText(a.startedAtMs, QDateTime::currentMSecsSinceEpoch(), true);
        case StatusColumn:
            return a.status ? QStringLiteral("HTTP %1").arg(a.status)
                            : errorClassText(a.errorClass);
        case PayloadVersionColumn:
            return tr("v%1").arg(a.payloadVersion);
        case LatencyColumn:
            return tr("%L1 ms").arg(double(a.latencyUs) / 1000.0, 0, 'f', 1);
        case ErrorColumn:
            return a.error;
        case ResponseColumn:
            return responseExcerpt(a.responseExcerpt);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ResponseColumn && !a.responseExcerpt.isEmpty())
            return QString::fromUtf8(a.responseExcerpt);
        if (index.column() == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(a.startedAtMs).toString(Qt::ISODateWithMs);
        if (index.column() == PayloadVersionColumn)
            return a.payloadVersion == 1
                ? tr("Sent the original payload (version 1)")
                : tr("Sent edited payload version %1").arg(a.payloadVersion);
        return tr("Round %1, attempt %2").arg(a.round).arg(a.attemptNo);
    case Qt::TextAlignmentRole:
        return index.column() == LatencyColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                               : QVariant();
    case RoundRole:
        return a.round;
    case AttemptNoRole:
        return a.attemptNo;
    case ErrorClassRole:
        return a.errorClass;
    case PayloadVersionRole:
        return a.payloadVersion;
    default:
        return {};
    }
}

QVariant AttemptHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case StatusColumn:
        return tr("Status");
    case PayloadVersionColumn:
        return tr("Payload version");
    case LatencyColumn:
        return tr("Latency");
    case ErrorColumn:
        return tr("Error");
    case ResponseColumn:
        return tr("Response");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Tandem::Ui
