// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/eventlogmodel.h"

#include <algorithm>

#include <QColor>
#include <QDateTime>
#include <QGuiApplication>

#include "engine/core/clock.h"
#include "ui/appearance.h"
#include "ui/models/clocktext.h"

namespace Tandem::Ui {

namespace {

// Chosen for a light background; lightened on a dark one.
QVariant severityColour(LogEvent::Severity severity)
{
    QColor colour;
    switch (severity) {
    case LogEvent::Severity::Bad:
        colour = QColor(0xc6, 0x28, 0x28);
        break;
    case LogEvent::Severity::Warning:
        colour = QColor(0xb2, 0x6a, 0x00);
        break;
    case LogEvent::Severity::Good:
        colour = QColor(0x2e, 0x7d, 0x32);
        break;
    case LogEvent::Severity::Info:
        return {};
    }
    return Appearance::readable(colour, QGuiApplication::palette());
}

QString burstKey(const QString &target, const QString &reason) { return target + u'\n' + reason; }

} // namespace

EventLogModel::EventLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max(1, capacity))
{
}

EventLogModel::~EventLogModel() = default;

QString EventLogModel::kindName(LogEvent::Kind kind)
{
    switch (kind) {
    case LogEvent::Kind::Breaker:
        return tr("Breaker");
    case LogEvent::Kind::DeadLetters:
        return tr("Dead letters");
    case LogEvent::Kind::Replay:
        return tr("Replay");
    case LogEvent::Kind::Discard:
        return tr("Discard");
    case LogEvent::Kind::Configuration:
        return tr("Configuration");
    case LogEvent::Kind::Engine:
        return tr("Engine");
    }
    return {};
}

void EventLogModel::add(const LogEvent &event)
{
    append(event);
    trim();
}

void EventLogModel::append(const LogEvent &event)
{
    beginInsertRows({}, 0, 0);
    m_events.push_back(event);
    endInsertRows();
}

void EventLogModel::trim()
{
    if (qsizetype(m_events.size()) <= m_capacity)
        return;
    const int excess = int(m_events.size()) - m_capacity;
    const int rows = int(m_events.size());
    beginRemoveRows({}, rows - excess, rows - 1);
    for (int i = 0; i < excess; ++i)
        m_events.pop_front();
    m_firstSerial += excess;
    endRemoveRows();
}

void EventLogModel::addDeadLetters(
    const QString &target, const QString &reason, int count, const QString &messageId, qint64 atMs)
{
    if (count <= 0)
        return;
    const QString key = burstKey(target, reason);
    const auto open = m_openBursts.constFind(key);
    if (open != m_openBursts.constEnd()) {
        const qsizetype i = *open - m_firstSerial;
        if (i >= 0 && i < qsizetype(m_events.size()) && atMs - m_events[i].atMs < CoalesceMs) {
            LogEvent &e = m_events[i];
            e.count += count;
            if (!messageId.isEmpty())
                e.messageId = messageId;
            const int row = int(m_events.size() - 1 - i);
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
    LogEvent e;
    e.kind = LogEvent::Kind::DeadLetters;
    e.atMs = atMs;
    e.target = target;
    e.text = reason;
    e.severity = LogEvent::Severity::Bad;
    e.count = count;
    e.messageId = messageId;
    append(e);
    m_openBursts.insert(key, m_firstSerial + qint64(m_events.size()) - 1);
    trim();
    // Bursts that can no longer grow are forgotten, so the table stays as small as the targets.
    for (auto it = m_openBursts.begin(); it != m_openBursts.end();) {
        const qsizetype i = it.value() - m_firstSerial;
        if (i < 0 || atMs - m_events[i].atMs >= CoalesceMs)
            it = m_openBursts.erase(it);
        else
            ++it;
    }
}

void EventLogModel::addHistory(const QList<LogEvent> &olderEvents)
{
    QList<LogEvent> fresh;
    for (const LogEvent &e : olderEvents) {
        bool known = false;
        for (const LogEvent &k : m_events) {
            if (k.kind == e.kind && k.atMs == e.atMs && k.target == e.target && k.text == e.text) {
                known = true;
                break;
            }
        }
        if (!known)
            fresh.append(e);
    }
    const qsizetype room = m_capacity - qsizetype(m_events.size());
    if (room <= 0 || fresh.isEmpty())
        return;
    if (fresh.size() > room)
        fresh = fresh.mid(fresh.size() - room); // keep the newest of them
    const int rows = int(m_events.size());
    beginInsertRows({}, rows, rows + int(fresh.size()) - 1);
    for (auto it = fresh.crbegin(); it != fresh.crend(); ++it)
        m_events.push_front(*it);
    m_firstSerial -= fresh.size();
    endInsertRows();
}

void EventLogModel::clear()
{
    beginResetModel();
    m_firstSerial += qint64(m_events.size());
    m_events.clear();
    m_openBursts.clear();
    endResetModel();
}

LogEvent EventLogModel::event(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return m_events[indexOf(row)];
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::eventText(const LogEvent &e) const
{
    if (e.kind != LogEvent::Kind::DeadLetters)
        return e.text;
    if (e.count == 1 && !e.messageId.isEmpty())
        return tr("1 dead letter (%1): message %2").arg(e.text, e.messageId);
    return tr("%L1 dead letters (%2)").arg(e.count).arg(e.text);
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEvent &e = m_events[indexOf(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return clockText(e.atMs, nowMs());
        case KindColumn:
            return kindName(e.kind);
        case TargetColumn:
            return e.target;
        case EventColumn:
            return eventText(e);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(e.atMs).toString(Qt::ISODateWithMs);
        if (!e.messageId.isEmpty())
            return tr("%1\nDouble-click to find message %2").arg(eventText(e), e.messageId);
        return eventText(e);
    case Qt::ForegroundRole:
        if (index.column() != KindColumn && index.column() != EventColumn)
            return {};
        return severityColour(e.severity);
    case KindRole:
        return int(e.kind);
    case AtRole:
        return e.atMs;
    case TargetRole:
        return e.target;
    case CountRole:
        return e.count;
    case MessageIdRole:
        return e.messageId;
    case SeverityRole:
        return int(e.severity);
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Kind");
    case TargetColumn:
        return tr("Target");
    case EventColumn:
        return tr("Event");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Tandem::Ui
