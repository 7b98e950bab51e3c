// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/deadlettermodel.h"

#include <algorithm>

#include <QDateTime>
#include <QSet>
#include <QTimer>

#include "engine/dispatch/engine.h"
#include "engine/store/storethread.h"
#include "ui/models/clocktext.h"

namespace Tandem::Ui {

namespace {

// While the engine dead-letters at full speed, the fetched rows are read at most this often.
constexpr int RefreshDelayMs = 300;

QString lastStatusOrError(const DeadLetter &d)
{
    if (d.lastStatus == 0)
        return d.lastError;
    const QString status = QStringLiteral("HTTP %1").arg(d.lastStatus);
    if (d.lastError.isEmpty() || d.lastError.startsWith(status))
        return d.lastError.isEmpty() ? status : d.lastError;
    return status + QStringLiteral(": ") + d.lastError;
}

} // namespace

DeadLetterModel::DeadLetterModel(Engine &engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
    , m_refreshTimer(new QTimer(this))
{
    m_query.limit = PageSize;
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &DeadLetterModel::refresh);
    connect(&m_engine, &Engine::attemptsRecorded, this, &DeadLetterModel::handleAttemptsRecorded);
    read(0, PageSize, true);
}

DeadLetterModel::~DeadLetterModel() = default;

void DeadLetterModel::setFilter(const DeadLetterQuery &filter)
{
    DeadLetterQuery query = filter;
    query.offset = 0;
    query.limit = PageSize;
    if (query == m_query)
        return;
    beginResetModel();
    m_query = query;
    m_rows.clear();
    ++m_generation;
    m_refreshAgain = false;
    endResetModel();
    setTotal(-1);
    read(0, PageSize, true);
}

void DeadLetterModel::refresh()
{
    if (m_loading) {
        m_refreshAgain = true; // one more read after this one, however many changes arrive
        return;
    }
    read(0, std::max<int>(int(m_rows.size()), PageSize), true);
}

void DeadLetterModel::read(qint64 offset, int limit, bool replace)
{
    m_loading = true;
    DeadLetterQuery query = m_query;
    query.offset = offset;
    query.limit = limit;
    const quint64 generation = m_generation;
    m_engine.store().post<Page>(
        this,
        [query, replace](Store &s) -> Result<Page> {
            Page page;
            auto rows = s.findDeadLetters(query);
            if (!rows)
                return fail(rows.error());
            page.rows = *rows;
            page.total = -1;
            if (replace) {
                auto total = s.countDeadLetters(query);
                if (!total)
                    return fail(total.error());
                page.total = *total;
            }
            return page;
        },
        [this, generation, offset, replace](Result<Page> r) {
            if (generation != m_generation)
                return; // made for an earlier filter; the read for this one is on its way
            m_loading = false;
            if (r)
                handleRead(*r, offset, replace);
            else
                Q_EMIT loadFailed(r.error().message);
            if (std::exchange(m_refreshAgain, false))
                refresh();
        },
        StoreThread::Commit::Lazy);
}

void DeadLetterModel::handleRead(const Page &page, qint64 offset, bool replace)
{
    if (replace) {
        mergeRows(page.rows);
        setTotal(std::max<qint64>(page.total, m_rows.size()));
    } else if (offset == m_rows.size() && !page.rows.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.rows.size() - 1));
        m_rows += page.rows;
        endInsertRows();
    }
    if (!replace && page.rows.size() < PageSize && m_total > m_rows.size())
        setTotal(m_rows.size()); // rows left the queue since the count: stop fetching
    Q_EMIT loaded();
}

void DeadLetterModel::mergeRows(const QList<DeadLetter> &rows)
{
    QSet<qint64> oldIds;
    for (const DeadLetter &d : std::as_const(m_rows))
        oldIds.insert(d.deliveryId);
    QSet<qint64> newIds;
    for (const DeadLetter &d : rows)
        newIds.insert(d.deliveryId);

    QList<qint64> keptOld;
    for (const DeadLetter &d : std::as_const(m_rows)) {
        if (newIds.contains(d.deliveryId))
            keptOld.append(d.deliveryId);
    }
    QList<qint64> keptNew;
    for (const DeadLetter &d : rows) {
        if (oldIds.contains(d.deliveryId))
            keptNew.append(d.deliveryId);
    }
    if (keptOld != keptNew) {
        // Rows that stay changed places: only a reset says that cheaply.
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }

    // Removed runs, from the end so that the rows before keep their numbers.
    for (qsizetype last = m_rows.size() - 1; last >= 0;) {
        if (newIds.contains(m_rows.at(last).deliveryId)) {
            --last;
            continue;
        }
        qsizetype first = last;
        while (first > 0 && !newIds.contains(m_rows.at(first - 1).deliveryId))
            --first;
        beginRemoveRows({}, int(first), int(last));
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        last = first - 1;
    }
    // New runs, in order: the rows before each run already match the new list.
    for (qsizetype first = 0; first < rows.size();) {
        if (oldIds.contains(rows.at(first).deliveryId)) {
            ++first;
            continue;
        }
        qsizetype end = first;
        while (end < rows.size() && !oldIds.contains(rows.at(end).deliveryId))
            ++end;
        beginInsertRows({}, int(first), int(end - 1));
        m_rows.insert(first, end - first, DeadLetter {});
        std::copy(rows.begin() + first, rows.begin() + end, m_rows.begin() + first);
        endInsertRows();
        first = end;
    }
    Q_ASSERT(m_rows.size() == rows.size());
    qsizetype firstChanged = -1;
    qsizetype lastChanged = -1;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (m_rows.at(i) == rows.at(i))
            continue;
        m_rows[i] = rows.at(i);
        if (firstChanged < 0)
            firstChanged = i;
        lastChanged = i;
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(int(firstChanged), 0), index(int(lastChanged), ColumnCount - 1));
}

void DeadLetterModel::setTotal(qint64 total)
{
    if (total == m_total)
        return;
    m_total = total;
    Q_EMIT totalCountChanged(total);
}

void DeadLetterModel::handleAttemptsRecorded(
    const QString &, const QList<Tandem::AttemptRecord> &records)
{
    const bool died = std::any_of(records.begin(), records.end(),
        [](const AttemptRecord &r) { return r.newState == DeliveryState::Dead; });
    // Not restarted while running: under a steady stream of dead letters it still fires.
    if (died && !m_refreshTimer->isActive())
        m_refreshTimer->start();
}

int DeadLetterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeadLetterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeadLetterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeadLetter &d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case MessageIdColumn:
            return d.messageId;
        case TargetColumn:
            return d.target;
        case DeadAtColumn:
            return dateTimeText(d.deadAtMs);
        case AttemptsColumn:
            return d.attempts;
        case LastErrorColumn:
            return lastStatusOrError(d);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        return d.reason.isEmpty() ? lastStatusOrError(d) : d.reason;
    case Qt::TextAlignmentRole:
        return index.column() == AttemptsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                : QVariant();
    case DeliveryIdRole:
        return d.deliveryId;
    case MessageIdRole:
        return d.messageId;
    case TargetRole:
        return d.target;
    case DeadAtRole:
        return d.deadAtMs;
    case LastStatusRole:
        return d.lastStatus;
    case ReasonRole:
        return d.reason;
    default:
        return {};
    }
}

QVariant DeadLetterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case MessageIdColumn:
        return tr("Message ID");
    case TargetColumn:
        return tr("Target");
    case DeadAtColumn:
        return tr("Dead since");
    case AttemptsColumn:
        return tr("Attempts");
    case LastErrorColumn:
        return tr("Last status or error");
    case ColumnCount:
        break;
    }
    return {};
}

bool DeadLetterModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_loading && m_rows.size() < m_total;
}

void DeadLetterModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        read(m_rows.size(), PageSize, false);
}

void DeadLetterModel::sort(int column, Qt::SortOrder order)
{
    DeadLetterQuery query = m_query;
    switch (Column(column)) {
    case MessageIdColumn:
        query.sortBy = DeadLetterQuery::SortKey::MessageId;
        break;
    case TargetColumn:
        query.sortBy = DeadLetterQuery::SortKey::Target;
        break;
    case DeadAtColumn:
        query.sortBy = DeadLetterQuery::SortKey::DeadAt;
        break;
    case AttemptsColumn:
        query.sortBy = DeadLetterQuery::SortKey::Attempts;
        break;
    case LastErrorColumn:
        query.sortBy = DeadLetterQuery::SortKey::LastStatus;
        break;
    case ColumnCount:
        return;
    }
    query.descending = order == Qt::DescendingOrder;
    setFilter(query);
}

} // namespace Tandem::Ui
