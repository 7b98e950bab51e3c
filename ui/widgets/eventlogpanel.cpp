// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/eventlogpanel.h"

#include <algorithm>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "engine/core/clock.h"
#include "engine/dispatch/engine.h"
#include "engine/store/storethread.h"
#include "ui/models/deliverytimeline.h"
#include "ui/models/eventlogmodel.h"
#include "ui/widgets/emptyviewplaceholder.h"

namespace Tandem::Ui {

namespace {

LogEvent breakerEvent(const QString &target, const BreakerTransition &t)
{
    LogEvent e;
    e.kind = LogEvent::Kind::Breaker;
    e.atMs = t.atMs;
    e.target = target;
    const QString reason = t.reason.isEmpty() ? QString() : QStringLiteral(": ") + t.reason;
    switch (t.to) {
    case BreakerState::Open:
        e.text = EventLogPanel::tr("Breaker opened%1").arg(reason);
        e.severity = LogEvent::Severity::Bad;
        break;
    case BreakerState::HalfOpen:
        e.text = EventLogPanel::tr("Breaker half-open: probing%1").arg(reason);
        e.severity = LogEvent::Severity::Warning;
        break;
    case BreakerState::Closed:
        e.text = EventLogPanel::tr("Breaker closed: delivering again%1").arg(reason);
        e.severity = LogEvent::Severity::Good;
        break;
    }
    return e;
}

LogEvent simpleEvent(LogEvent::Kind kind, const QString &target, const QString &text,
    LogEvent::Severity severity = LogEvent::Severity::Info)
{
    LogEvent e;
    e.kind = kind;
    e.atMs = nowMs();
    e.target = target;
    e.text = text;
    e.severity = severity;
    return e;
}

} // namespace

EventLogPanel::EventLogPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_model = new EventLogModel(EventLogModel::DefaultCapacity, this);
    m_filtered = new QSortFilterProxyModel(this);
    m_filtered->setSourceModel(m_model);
    m_filtered->setFilterRole(EventLogModel::KindRole);
    m_filtered->setFilterKeyColumn(0);

    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("eventKind"));
    m_kind->addItem(tr("All events"), QString());
    m_kind->addItem(EventLogModel::kindName(LogEvent::Kind::Breaker),
        QString::number(int(LogEvent::Kind::Breaker)));
    m_kind->addItem(EventLogModel::kindName(LogEvent::Kind::DeadLetters),
        QString::number(int(LogEvent::Kind::DeadLetters)));
    m_kind->addItem(tr("Replays and discards"),
        QStringLiteral("%1|%2").arg(int(LogEvent::Kind::Replay)).arg(int(LogEvent::Kind::Discard)));
    m_kind->addItem(EventLogModel::kindName(LogEvent::Kind::Configuration),
        QString::number(int(LogEvent::Kind::Configuration)));
    m_kind->addItem(EventLogModel::kindName(LogEvent::Kind::Engine),
        QString::number(int(LogEvent::Kind::Engine)));
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        const QString kinds = m_kind->currentData().toString();
        m_filtered->setFilterRegularExpression(kinds.isEmpty()
                ? QRegularExpression()
                : QRegularExpression(QStringLiteral("^(%1)$").arg(kinds)));
        updateCount();
    });
    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("eventCount"));
    auto *clear = new QPushButton(tr("Clear"));
    clear->setObjectName(QStringLiteral("clearEvents"));
    clear->setToolTip(tr("Empty the log shown here; nothing in the store changes."));
    connect(clear, &QPushButton::clicked, m_model, &EventLogModel::clear);

    m_view = new QTableView;
    m_view->setObjectName(QStringLiteral("eventLog"));
    m_view->setModel(m_filtered);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    const QFontMetrics fm = m_view->fontMetrics();
    header->resizeSection(
        EventLogModel::TimeColumn, fm.horizontalAdvance(QStringLiteral("00-00 00:00:00")) + 24);
    header->resizeSection(
        EventLogModel::KindColumn, fm.horizontalAdvance(tr("Configuration")) + 24);
    header->resizeSection(
        EventLogModel::TargetColumn, fm.horizontalAdvance(QStringLiteral("inventory-api")) + 24);
    const auto emptyText = [this] {
        return m_kind->currentIndex() == 0
            ? tr("No events yet. Breaker transitions, dead letters, replays, discards and "
                 "configuration changes appear here as they happen.")
            : tr("No events of this kind yet.");
    };
    auto *empty = new EmptyViewPlaceholder(m_view, emptyText());
    connect(m_kind, &QComboBox::currentIndexChanged, empty,
        [empty, emptyText] { empty->setText(emptyText()); });
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString id = index.data(EventLogModel::MessageIdRole).toString();
        if (!id.isEmpty())
            Q_EMIT messageRequested(id);
    });

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 0);
    bar->addWidget(new QLabel(tr("Show:")));
    bar->addWidget(m_kind);
    bar->addSpacing(12);
    bar->addWidget(m_count);
    bar->addStretch(1);
    bar->addWidget(clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventLogPanel::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &EventLogPanel::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EventLogPanel::updateCount);

    connect(&m_engine, &Engine::attemptsRecorded, this, &EventLogPanel::handleAttempts);
    connect(&m_engine, &Engine::breakerTransition, this, &EventLogPanel::handleBreakerTransition);
    connect(&m_engine, &Engine::targetsChanged, this, &EventLogPanel::handleTargetsChanged);
    connect(&m_engine, &Engine::targetReconfigured, this,
        [this](const QString &target, const QStringList &changed) {
            m_model->add(simpleEvent(LogEvent::Kind::Configuration, target,
                changed.isEmpty() ? tr("Configuration reloaded")
                                  : tr("Configuration changed: %1").arg(changed.join(u", "))));
        });
    connect(&m_engine, &Engine::stopped, this,
        [this] { m_model->add(simpleEvent(LogEvent::Kind::Engine, {}, tr("Engine stopped"))); });
    connect(&m_engine, &Engine::storeError, this, [this](const QString &message) {
        m_model->add(simpleEvent(LogEvent::Kind::Engine, {}, tr("Store error: %1").arg(message),
            LogEvent::Severity::Bad));
    });

    for (const MetricsSnapshot &m : m_engine.metrics())
        m_running.insert(m.target);
    m_runningKnown = !m_running.isEmpty();
    if (m_engine.isRunning())
        m_model->add(simpleEvent(
            LogEvent::Kind::Engine, {}, tr("Engine running"), LogEvent::Severity::Good));
    updateCount();
    loadHistory();
}

EventLogPanel::~EventLogPanel() = default;

void EventLogPanel::setKindFilter(int kind)
{
    for (int i = 0; i < m_kind->count(); ++i) {
        const QString kinds = m_kind->itemData(i).toString();
        if (kind < 0 ? kinds.isEmpty() : kinds.split(u'|').contains(QString::number(kind))) {
            m_kind->setCurrentIndex(i);
            return;
        }
    }
}

void EventLogPanel::loadHistory()
{
    if (!m_engine.isRunning()) {
        Q_EMIT historyLoaded();
        return;
    }
    const qint64 to = nowMs();
    const qint64 from = to - HistoryMs;
    struct History
    {
        QList<LogEvent> events;
        QSet<QString> running; ///< enabled and not paused: what the engine delivers to
    };
    m_engine.store().post<History>(
        this,
        [from, to](Store &s) -> Result<History> {
            auto targets = s.targets();
            if (!targets)
                return fail(targets.error());
            History h;
            for (const StoredTarget &t : *targets) {
                if (t.config.enabled && !t.paused)
                    h.running.insert(t.config.name);
                auto history = s.breakerHistory(t.config.name, from, to);
                if (!history)
                    return fail(history.error());
                for (const BreakerTransition &b : *history)
                    h.events.append(breakerEvent(t.config.name, b));
            }
            std::stable_sort(h.events.begin(), h.events.end(),
                [](const LogEvent &a, const LogEvent &b) { return a.atMs < b.atMs; });
            return h;
        },
        [this](Result<History> r) {
            if (r) {
                m_model->addHistory(r->events);
                // Later changes of the running targets are told apart from this state.
                if (!m_runningKnown) {
                    m_running = r->running;
                    m_runningKnown = true;
                }
            } else {
                m_model->add(simpleEvent(LogEvent::Kind::Engine, {},
                    tr("Cannot read the breaker history: %1").arg(r.error().message),
                    LogEvent::Severity::Warning));
            }
            Q_EMIT historyLoaded();
        },
        StoreThread::Commit::Lazy);
}

void EventLogPanel::handleAttempts(const QString &target, const QList<AttemptRecord> &records)
{
    // One row per reason in this batch; the model merges batches of the same second.
    struct Burst
    {
        int count = 0;
        QString messageId;
    };
    QList<std::pair<QString, Burst>> bursts;
    for (const AttemptRecord &r : records) {
        if (r.newState != DeliveryState::Dead)
            continue;
        const QString reason = r.attempted ? DeliveryTimeline::outcomeText(
                                   r.outcome.httpStatus, errorClassName(r.outcome.errorClass))
                                           : tr("expired");
        auto it = std::find_if(
            bursts.begin(), bursts.end(), [&](const auto &b) { return b.first == reason; });
        if (it == bursts.end()) {
            bursts.append({ reason, Burst {} });
            it = bursts.end() - 1;
        }
        ++it->second.count;
        it->second.messageId = r.messageId;
    }
    const qint64 now = nowMs();
    for (const auto &[reason, burst] : bursts)
        m_model->addDeadLetters(target, reason, burst.count, burst.messageId, now);
}

void EventLogPanel::handleBreakerTransition(const QString &target, const BreakerTransition &t)
{
    m_model->add(breakerEvent(target, t));
}

void EventLogPanel::handleTargetsChanged(const QStringList &running)
{
    const QSet<QString> now(running.cbegin(), running.cend());
    if (!m_runningKnown) {
        m_runningKnown = true;
        m_running = now;
        if (!running.isEmpty())
            m_model->add(simpleEvent(LogEvent::Kind::Configuration, {},
                tr("Delivering to %1").arg(running.join(u", "))));
        return;
    }
    for (const QString &name : running) {
        if (!m_running.contains(name))
            m_model->add(simpleEvent(LogEvent::Kind::Configuration, name, tr("Started: delivering"),
                LogEvent::Severity::Good));
    }
    for (const QString &name : std::as_const(m_running)) {
        if (!now.contains(name))
            m_model->add(simpleEvent(LogEvent::Kind::Configuration, name,
                tr("Stopped: paused, disabled or removed"), LogEvent::Severity::Warning));
    }
    m_running = now;
}

void EventLogPanel::recordReplay(int count)
{
    m_model->add(simpleEvent(LogEvent::Kind::Replay, {},
        count == 1 ? tr("1 dead letter replayed by an operator")
                   : tr("%L1 dead letters replayed by an operator").arg(count),
        LogEvent::Severity::Good));
}

void EventLogPanel::recordDiscard(int count)
{
    m_model->add(simpleEvent(LogEvent::Kind::Discard, {},
        count == 1 ? tr("1 dead letter discarded by an operator")
                   : tr("%L1 dead letters discarded by an operator").arg(count),
        LogEvent::Severity::Warning));
}

void EventLogPanel::recordStopping()
{
    m_model->add(
        simpleEvent(LogEvent::Kind::Engine, {}, tr("Stopping: finishing in-flight requests")));
}

void EventLogPanel::updateCount()
{
    const int shown = m_filtered->rowCount();
    const int all = m_model->rowCount();
    if (shown == all)
        m_count->setText(all == 1 ? tr("1 event") : tr("%L1 events").arg(all));
    else
        m_count->setText(tr("%L1 of %L2 events").arg(shown).arg(all));
}

} // namespace Tandem::Ui
