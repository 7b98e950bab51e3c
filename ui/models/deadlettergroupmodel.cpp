// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/deadlettergroupmodel.h"

#include <algorithm>

#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QRegularExpression>
#include <QTimer>

#include "engine/dispatch/engine.h"
#include "engine/store/storethread.h"
#include "ui/models/clocktext.h"

namespace Tandem::Ui {

namespace {

QString seenText(qint64 atMs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(atMs);
    return at.date() == QDate::currentDate() ? QLocale().toString(at.time(), timeFormat(QLocale()))
                                             : dateTimeText(atMs, false);
}

bool sameFingerprints(const QList<DeadLetterGroup> &a, const QList<DeadLetterGroup> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
        [](const DeadLetterGroup &x, const DeadLetterGroup &y) {
            return x.fingerprint == y.fingerprint;
        });
}

} // namespace

DeadLetterGroupModel::DeadLetterGroupModel(Engine &engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
    , m_refreshTimer(new QTimer(this))
{
    m_query.limit = MaxGroups;
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &DeadLetterGroupModel::refresh);
    connect(
        &m_engine, &Engine::attemptsRecorded, this, &DeadLetterGroupModel::handleAttemptsRecorded);
    refresh();
}

DeadLetterGroupModel::~DeadLetterGroupModel() = default;

void DeadLetterGroupModel::setFilter(const DeadLetterQuery &filter)
{
    DeadLetterQuery query = filter;
    query.fingerprint.reset();
    query.offset = 0;
    query.limit = MaxGroups;
    query.sortBy = m_query.sortBy;
    query.descending = m_query.descending;
    if (query == m_query)
        return;
    m_query = query;
    ++m_generation; // a read for the old filter is dropped when it arrives
    m_loading = false;
    refresh();
}

int DeadLetterGroupModel::rowOf(const DeadLetterFingerprint &fingerprint) const
{
    for (qsizetype i = 0; i < m_groups.size(); ++i) {
        if (m_groups.at(i).fingerprint == fingerprint)
            return int(i);
    }
    return -1;
}

void DeadLetterGroupModel::refresh()
{
    if (m_loading) {
        m_refreshAgain = true;
        return;
    }
    m_loading = true;
    const DeadLetterQuery query = m_query;
    const quint64 generation = m_generation;
    QElapsedTimer started;
    started.start();
    m_engine.store().post<QList<DeadLetterGroup>>(
        this, [query](Store &s) { return s.deadLetterGroups(query); },
        [this, generation, started](Result<QList<DeadLetterGroup>> r) {
            if (generation != m_generation)
                return;
            m_loading = false;
            // Grouping is linear in the queue (every dead letter's text is normalised): while
            // the engine dead-letters steadily, the store thread spends at most a tenth of its
            // time on it.
            m_refreshTimer->setInterval(
                int(std::clamp<qint64>(started.elapsed() * 10, RefreshDelayMs, MaxRefreshDelayMs)));
            if (r)
                handleRead(*r);
            else
                Q_EMIT loadFailed(r.error().message);
            if (std::exchange(m_refreshAgain, false))
                refresh();
        },
        StoreThread::Commit::Lazy);
}

void DeadLetterGroupModel::handleRead(const QList<DeadLetterGroup> &groups)
{
    if (sameFingerprints(groups, m_groups)) {
        if (groups != m_groups) {
            m_groups = groups;
            Q_EMIT dataChanged(index(0, 0), index(int(m_groups.size()) - 1, ColumnCount - 1));
        }
    } else {
        beginResetModel();
        m_groups = groups;
        endResetModel();
    }
    Q_EMIT loaded();
}

void DeadLetterGroupModel::handleAttemptsRecorded(
    const QString &, const QList<Tandem::AttemptRecord> &records)
{
    const bool died = std::any_of(records.begin(), records.end(),
        [](const AttemptRecord &r) { return r.newState == DeliveryState::Dead; });
    if (died && !m_refreshTimer->isActive())
        m_refreshTimer->start();
}

QString DeadLetterGroupModel::failureText(const DeadLetterFingerprint &f)
{
    QString head;
    if (f.status != 0) {
        head = QString::number(f.status);
    } else if (f.errorClass == u"tls") {
        head = QStringLiteral("TLS");
    } else if (!f.errorClass.isEmpty()) {
        head = f.errorClass;
        head[0] = head.at(0).toUpper();
    }
    // "HTTP 503 Service Unavailable" says no more than "503 · Service Unavailable", and
    // "Connection refused" already names its class.
    QString text = f.text;
    static const QRegularExpression httpPrefix(QStringLiteral("^HTTP <n>[:\\s]*"));
    if (f.status != 0)
        text.remove(httpPrefix);
    if (text.isEmpty()) {
        if (f.status != 0)
            return tr("HTTP %1").arg(f.status);
        return head.isEmpty() ? tr("(no error text)") : head;
    }
    if (head.isEmpty() || text.startsWith(head, Qt::CaseInsensitive))
        return text;
    return head + QStringLiteral(" · ") + text;
}

int DeadLetterGroupModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

int DeadLetterGroupModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeadLetterGroupModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeadLetterGroup &g = m_groups.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TargetColumn:
            return g.fingerprint.target;
        case FailureColumn:
            return failureText(g.fingerprint);
        case CountColumn:
            return QStringLiteral("%L1").arg(g.count);
        case FirstSeenColumn:
            return seenText(g.firstSeenMs);
        case LastSeenColumn:
            return seenText(g.lastSeenMs);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        return tr("%1 — for example: %2").arg(failureText(g.fingerprint), g.example);
    case Qt::TextAlignmentRole:
        return index.column() == CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                             : QVariant();
    default:
        return {};
    }
}

QVariant DeadLetterGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TargetColumn:
        return tr("Target");
    case FailureColumn:
        return tr("Failure");
    case CountColumn:
        return tr("Dead letters");
    case FirstSeenColumn:
        return tr("First seen");
    case LastSeenColumn:
        return tr("Last seen");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Tandem::Ui
