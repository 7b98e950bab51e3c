// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/deadletterbrowser.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/core/clock.h"
#include "engine/dispatch/bulkreplay.h"
#include "engine/dispatch/engine.h"
#include "engine/dispatch/requestpreview.h"
#include "engine/store/storejson.h"
#include "engine/store/storethread.h"
#include "ui/models/attempthistorymodel.h"
#include "ui/models/deadlettergroupmodel.h"
#include "ui/models/deadlettermodel.h"
#include "ui/widgets/deadletterdetailpane.h"
#include "ui/widgets/emptyviewplaceholder.h"

namespace Tandem::Ui {

namespace {

// Typing in the search field reads the store once the operator pauses, not per key.
constexpr int FilterDelayMs = 250;

constexpr qint64 HourMs = 3'600'000;

// How long the summary of a finished "Replay all matching" stays under the toolbar.
constexpr int ProgressSummaryMs = 15'000;

struct ErrorClassChoice
{
    const char *label;
    ErrorClass errorClass;
};

constexpr ErrorClassChoice ErrorClassChoices[] = {
    { QT_TRANSLATE_NOOP("Tandem::Ui::DeadLetterBrowser", "HTTP 4xx"), ErrorClass::Http4xx },
    { QT_TRANSLATE_NOOP("Tandem::Ui::DeadLetterBrowser", "HTTP 429"), ErrorClass::Http429 },
    { QT_TRANSLATE_NOOP("Tandem::Ui::DeadLetterBrowser", "HTTP 5xx"), ErrorClass::Http5xx },
    { QT_TRANSLATE_NOOP("Tandem::Ui::DeadLetterBrowser", "Timeout"), ErrorClass::Timeout },
    { QT_TRANSLATE_NOOP("Tandem::Ui::DeadLetterBrowser", "Connection"), ErrorClass::Connection },
    { QT_TRANSLATE_NOOP("Tandem::Ui::DeadLetterBrowser", "TLS"), ErrorClass::Tls },
    { QT_TRANSLATE_NOOP("Tandem::Ui::DeadLetterBrowser", "Redirect"), ErrorClass::Redirect },
    { QT_TRANSLATE_NOOP("Tandem::Ui::DeadLetterBrowser", "Protocol"), ErrorClass::Protocol },
};

QJsonValue payloadJson(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError)
        return QString::fromUtf8(payload);
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

bool askWithMessageBox(QWidget *parent, const QString &title, const QString &question)
{
    return QMessageBox::question(
               parent, title, question, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

} // namespace

DeadLetterBrowser::DeadLetterBrowser(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new DeadLetterModel(engine, this))
    , m_groups(new DeadLetterGroupModel(engine, this))
    , m_confirm([this](const QString &title, const QString &question) {
        return askWithMessageBox(this, title, question);
    })
    , m_filterTimer(new QTimer(this))
{
    m_replay = new QAction(
        QIcon::fromTheme(QStringLiteral("view-refresh")), tr("&Replay selected"), this);
    m_replay->setObjectName(QStringLiteral("replaySelected"));
    m_replay->setShortcut(Qt::CTRL | Qt::Key_R);
    m_replay->setToolTip(tr("Send the selected messages to their targets again (Ctrl+R)"));
    connect(m_replay, &QAction::triggered, this, &DeadLetterBrowser::replaySelected);
    m_discard = new QAction(
        QIcon::fromTheme(QStringLiteral("edit-delete")), tr("&Discard selected…"), this);
    m_discard->setObjectName(QStringLiteral("discardSelected"));
    m_discard->setShortcut(QKeySequence::Delete);
    m_discard->setToolTip(tr("Give up on the selected deliveries (Del)"));
    connect(m_discard, &QAction::triggered, this, &DeadLetterBrowser::discardSelected);
    m_export = new QAction(
        QIcon::fromTheme(QStringLiteral("document-save-as")), tr("&Export selection…"), this);
    m_export->setObjectName(QStringLiteral("exportSelection"));
    m_export->setShortcut(Qt::CTRL | Qt::Key_E);
    m_export->setToolTip(tr("Save the selected dead letters as JSON Lines (Ctrl+E)"));
    connect(m_export, &QAction::triggered, this, &DeadLetterBrowser::exportSelection);
    m_replayAll = new QAction(
        QIcon::fromTheme(QStringLiteral("media-seek-forward")), tr("Replay &all matching…"), this);
    m_replayAll->setObjectName(QStringLiteral("replayAllMatching"));
    m_replayAll->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
    m_replayAll->setToolTip(tr("Send every dead letter matching the filter and group again, "
                               "paced by each target's rate limit (Ctrl+Shift+R)"));
    connect(m_replayAll, &QAction::triggered, this, &DeadLetterBrowser::replayAllMatching);
    auto *find = new QAction(tr("Find"), this);
    find->setShortcut(QKeySequence::Find);
    for (QAction *a : { m_replay, m_replayAll, m_discard, m_export, find }) {
        // Only while the browser has the focus: Delete must not discard from another page.
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }

    m_view = new QTableView;
    m_view->setObjectName(QStringLiteral("deadLetters"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    // Fixed row heights let the view scroll 100,000 rows without measuring them.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    const int digit = m_view->fontMetrics().horizontalAdvance(u'0');
    header->resizeSection(DeadLetterModel::MessageIdColumn, digit * 38);
    header->resizeSection(DeadLetterModel::TargetColumn, digit * 14);
    header->resizeSection(DeadLetterModel::DeadAtColumn, digit * 21);
    header->resizeSection(DeadLetterModel::AttemptsColumn, digit * 10);
    header->setSortIndicator(DeadLetterModel::DeadAtColumn, Qt::DescendingOrder);
    m_view->setSortingEnabled(true);

    m_emptyState = new QLabel;
    m_emptyState->setObjectName(QStringLiteral("deadLettersEmpty"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setEnabled(false);
    m_listPages = new QStackedWidget;
    m_listPages->addWidget(m_view);
    m_listPages->addWidget(m_emptyState);

    auto *actions = new QHBoxLayout;
    actions->setContentsMargins(0, 0, 0, 0);
    for (QAction *a : { m_replay, m_replayAll, m_discard, m_export }) {
        auto *button = new QToolButton;
        button->setDefaultAction(a);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        actions->addWidget(button);
    }
    actions->addStretch(1);
    // The count of what the filter matches sits at the end of the filter bar, where the list
    // side's toolbar cannot squeeze it.
    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("deadLetterCount"));

    auto *list = new QWidget;
    auto *listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addLayout(actions);
    listLayout->addWidget(buildProgressRow());
    auto *listSplitter = new QSplitter(Qt::Vertical);
    listSplitter->setObjectName(QStringLiteral("deadLetterGroupSplitter"));
    listSplitter->setChildrenCollapsible(false);
    listSplitter->addWidget(buildGroupPane());
    listSplitter->addWidget(m_listPages);
    listSplitter->setStretchFactor(0, 1);
    listSplitter->setStretchFactor(1, 3);
    listLayout->addWidget(listSplitter, 1);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(QStringLiteral("deadLetterSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(list);
    splitter->addWidget(buildDetailPane());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);
    layout->addWidget(buildFilterBar());
    layout->addWidget(splitter, 1);

    connect(find, &QAction::triggered, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(FilterDelayMs);
    connect(m_filterTimer, &QTimer::timeout, this, &DeadLetterBrowser::applyFilter);
    connect(m_model, &DeadLetterModel::totalCountChanged, this, &DeadLetterBrowser::updateCount);
    connect(m_model, &DeadLetterModel::loaded, this, &DeadLetterBrowser::updateCount);
    connect(m_model, &DeadLetterModel::loadFailed, this, &DeadLetterBrowser::actionFailed);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DeadLetterBrowser::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &DeadLetterBrowser::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &DeadLetterBrowser::showDetail);
    connect(&m_engine, &Engine::targetsChanged, this, &DeadLetterBrowser::loadTargets);
    connect(m_groups, &DeadLetterGroupModel::loaded, this, &DeadLetterBrowser::selectScopedGroup);
    connect(m_groups, &DeadLetterGroupModel::loadFailed, this, &DeadLetterBrowser::actionFailed);

    loadTargets();
    updateCount();
    updateActions();
}

DeadLetterBrowser::~DeadLetterBrowser() = default;

QWidget *DeadLetterBrowser::buildFilterBar()
{
    m_target = new QComboBox;
    m_target->setObjectName(QStringLiteral("targetFilter"));
    m_target->addItem(tr("All targets"), QString());
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_status = new QComboBox;
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->setEditable(true);
    m_status->setInsertPolicy(QComboBox::NoInsert);
    m_status->addItem(tr("Any status or error"), QString());
    for (const ErrorClassChoice &c : ErrorClassChoices)
        m_status->addItem(tr(c.label), errorClassName(c.errorClass));
    m_status->lineEdit()->setPlaceholderText(tr("Status code or error class"));
    m_status->setMinimumContentsLength(18);
    m_status->setToolTip(tr("Pick an error class or type an HTTP status code, like 503"));

    m_timeRange = new QComboBox;
    m_timeRange->setObjectName(QStringLiteral("timeFilter"));
    m_timeRange->addItem(tr("Any time"), 0);
    m_timeRange->addItem(tr("Last hour"), HourMs);
    m_timeRange->addItem(tr("Last 24 hours"), 24 * HourMs);
    m_timeRange->addItem(tr("Last 7 days"), 7 * 24 * HourMs);

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("searchFilter"));
    m_search->setPlaceholderText(tr("Search payload, message id or error  (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);

    const auto later = [this] { m_filterTimer->start(); };
    connect(m_target, &QComboBox::currentIndexChanged, this, &DeadLetterBrowser::applyFilter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &DeadLetterBrowser::applyFilter);
    connect(m_status, &QComboBox::editTextChanged, this, later);
    connect(m_timeRange, &QComboBox::currentIndexChanged, this, &DeadLetterBrowser::applyFilter);
    connect(m_search, &QLineEdit::textChanged, this, later);

    auto *bar = new QWidget;
    bar->setObjectName(QStringLiteral("deadLetterFilters"));
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_target);
    layout->addWidget(m_status);
    layout->addWidget(m_timeRange);
    layout->addWidget(m_search, 1);
    layout->addSpacing(8);
    layout->addWidget(m_count);
    return bar;
}

QWidget *DeadLetterBrowser::buildDetailPane()
{
    m_detail = new DeadLetterDetailPane(m_engine);
    m_detail->setObjectName(QStringLiteral("deadLetterDetail"));
    m_attempts = m_detail->attemptModel();
    for (QAction *a : { m_detail->editAndReplayAction(), m_detail->copyAsCurlAction() }) {
        // Shortcuts work wherever the focus is in the browser, like the list's own actions.
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }
    connect(m_detail, &DeadLetterDetailPane::shown, this, &DeadLetterBrowser::detailShown);
    connect(m_detail, &DeadLetterDetailPane::failed, this, &DeadLetterBrowser::actionFailed);
    connect(m_detail, &DeadLetterDetailPane::edited, this, [this] {
        m_model->refresh(); // the edited delivery is pending again: its row leaves the list
        Q_EMIT replayed(1);
    });
    return m_detail;
}

void DeadLetterBrowser::setConfirmation(Confirmation confirmation)
{
    m_confirm = std::move(confirmation);
}

QList<DeadLetter> DeadLetterBrowser::selectedDeadLetters() const
{
    QList<DeadLetter> selected;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        selected.append(m_model->deadLetter(index.row()));
    return selected;
}

QString DeadLetterBrowser::detailPayload() const { return m_detail->payloadText(); }

void DeadLetterBrowser::applyFilter()
{
    m_filterTimer->stop();
    DeadLetterQuery query = m_model->filter();
    query.target = m_target->currentData().toString();
    query.status = 0;
    query.errorClass.clear();
    const QString status = m_status->currentText().trimmed();
    const int item = m_status->findText(status);
    bool isNumber = false;
    const int code = status.toInt(&isNumber);
    if (item >= 0)
        query.errorClass = m_status->itemData(item).toString();
    else if (isNumber)
        query.status = code;
    else
        query.errorClass = status; // a class typed as the store names it ("http_5xx")
    const qint64 range = m_timeRange->currentData().toLongLong();
    query.fromMs = range > 0 ? nowMs() - range : 0;
    query.toMs = 0;
    query.text = m_search->text().trimmed();
    query.fingerprint = m_group;
    m_model->setFilter(query);
    m_groups->setFilter(query);
}

void DeadLetterBrowser::loadTargets()
{
    m_engine.store().post<QList<StoredTarget>>(
        this, [](Store &s) { return s.targets(); },
        [this](Result<QList<StoredTarget>> r) {
            if (!r)
                return;
            const QString current = m_target->currentData().toString();
            QSignalBlocker blocker(m_target); // the filter stays what it was
            while (m_target->count() > 1)
                m_target->removeItem(1);
            for (const StoredTarget &t : *r)
                m_target->addItem(t.config.name, t.config.name);
            m_target->setCurrentIndex(std::max(0, m_target->findData(current)));
        },
        StoreThread::Commit::Lazy);
}

void DeadLetterBrowser::showDetail()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_detailMessageId.clear();
        m_detail->clear();
        return;
    }
    const DeadLetter d = m_model->deadLetter(current.row());
    m_detailMessageId = d.messageId;
    m_detail->showDeadLetter(d);
}

void DeadLetterBrowser::updateActions()
{
    const bool any = m_view->selectionModel()->hasSelection();
    m_replay->setEnabled(any && !m_busy);
    m_replayAll->setEnabled(m_model->totalCount() > 0 && !m_busy && !m_bulk);
    m_discard->setEnabled(any && !m_busy);
    m_export->setEnabled(any && !m_busy);
    m_detail->setActionsAllowed(m_view->selectionModel()->selectedRows().size() == 1 && !m_busy);
}

void DeadLetterBrowser::updateCount()
{
    const qint64 total = m_model->totalCount();
    if (total < 0) {
        m_count->setText(tr("Loading…"));
        return;
    }
    m_count->setText(total == 1 ? tr("1 dead letter") : tr("%L1 dead letters").arg(total));
    const bool filtered = m_model->filter().target.size() + m_model->filter().text.size()
                + m_model->filter().errorClass.size()
            > 0
        || m_model->filter().status != 0 || m_model->filter().fromMs != 0 || m_group;
    m_emptyState->setText(filtered
            ? tr("No dead letters match this filter.")
            : tr("No dead letters.\nDeliveries that run out of retries, or that a target refuses "
                 "for good, wait here for you to replay or discard them."));
    m_listPages->setCurrentWidget(total == 0 ? static_cast<QWidget *>(m_emptyState) : m_view);
    m_groupsEmpty->setText(filtered
            ? tr("No failure group matches this filter.")
            : tr("No failures yet. Dead letters are grouped here by target, status and error, "
                 "so that you can act on a whole group at once."));
    updateActions();
    Q_EMIT countChanged(total);
}

void DeadLetterBrowser::setBusy(bool busy)
{
    m_busy = busy;
    updateActions();
}

void DeadLetterBrowser::replaySelected() { changeSelected(true); }

void DeadLetterBrowser::discardSelected()
{
    const QList<DeadLetter> selected = selectedDeadLetters();
    if (selected.isEmpty() || m_busy)
        return;
    if (!m_confirm(tr("Discard dead letters"),
            selected.size() == 1
                ? tr("Discard 1 dead letter? It will not be delivered; its history is kept.")
                : tr("Discard %L1 dead letters? They will not be delivered; their history is "
                     "kept.")
                      .arg(selected.size())))
        return;
    changeSelected(false);
}

void DeadLetterBrowser::changeSelected(bool replay)
{
    const QList<DeadLetter> selected = selectedDeadLetters();
    if (selected.isEmpty() || m_busy)
        return;
    // A selection spans targets; the store selects per target, so one change per target, all
    // in the same group commit.
    QHash<QString, QStringList> byTarget;
    for (const DeadLetter &d : selected)
        byTarget[d.target].append(d.messageId);
    setBusy(true);
    m_engine.store().post<int>(
        this,
        [byTarget, replay](Store &s) -> Result<int> {
            int changed = 0;
            const qint64 now = nowMs();
            for (auto it = byTarget.cbegin(); it != byTarget.cend(); ++it) {
                DeadLetterSelection selection;
                selection.target = it.key();
                selection.messageIds = it.value();
                auto n = replay ? s.replay(selection, now) : s.discard(selection, now);
                if (!n)
                    return fail(n.error());
                changed += *n;
            }
            return changed;
        },
        [this, replay](Result<int> r) {
            setBusy(false);
            if (!r) {
                Q_EMIT actionFailed(r.error().message);
                return;
            }
            if (replay)
                m_engine.wakeWorkers();
            m_model->refresh();
            m_groups->refresh();
            if (replay)
                Q_EMIT replayed(*r);
            else
                Q_EMIT discarded(*r);
        },
        StoreThread::Commit::Durable);
}

QWidget *DeadLetterBrowser::buildGroupPane()
{
    auto *title = new QLabel(tr("Failure groups"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_scope = new QLabel(tr("Showing all failures"));
    m_scope->setObjectName(QStringLiteral("groupScope"));
    m_scope->setTextFormat(Qt::PlainText);
    m_showAll = new QPushButton(tr("All failures"));
    m_showAll->setObjectName(QStringLiteral("showAllGroups"));
    m_showAll->setToolTip(tr("Show the dead letters of every group again"));
    m_showAll->setEnabled(false);
    connect(m_showAll, &QPushButton::clicked, this, &DeadLetterBrowser::showAllGroups);

    m_groupView = new QTableView;
    m_groupView->setObjectName(QStringLiteral("deadLetterGroups"));
    m_groupView->setModel(m_groups);
    m_groupView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_groupView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_groupView->setAlternatingRowColors(true);
    m_groupView->setWordWrap(false);
    m_groupView->setShowGrid(false);
    m_groupView->verticalHeader()->hide();
    m_groupView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_groupView->verticalHeader()->setDefaultSectionSize(m_groupView->fontMetrics().height() + 10);
    QHeaderView *header = m_groupView->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(DeadLetterGroupModel::FailureColumn, QHeaderView::Stretch);
    m_groupView->setToolTip(tr("Click a group to see only its dead letters and act on them"));
    m_groupsEmpty = new EmptyViewPlaceholder(m_groupView, QString());
    const auto scopeTo = [this](const QModelIndex &index) {
        if (index.isValid())
            showGroup(m_groups->group(index.row()).fingerprint);
    };
    connect(m_groupView, &QAbstractItemView::clicked, this, scopeTo);
    connect(m_groupView, &QAbstractItemView::activated, this, scopeTo);

    auto *heading = new QHBoxLayout;
    heading->setContentsMargins(0, 0, 0, 0);
    heading->addWidget(title);
    heading->addSpacing(12);
    heading->addWidget(m_scope, 1);
    heading->addWidget(m_showAll);

    auto *pane = new QWidget;
    pane->setObjectName(QStringLiteral("deadLetterGroupPane"));
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(heading);
    layout->addWidget(m_groupView, 1);
    return pane;
}

QWidget *DeadLetterBrowser::buildProgressRow()
{
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("bulkReplayProgress"));
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(m_progress->fontMetrics().horizontalAdvance(u'0') * 24);
    m_progressText = new QLabel;
    m_progressText->setObjectName(QStringLiteral("bulkReplayText"));
    m_cancelRun = new QPushButton(tr("Cancel"));
    m_cancelRun->setObjectName(QStringLiteral("cancelReplayAll"));
    m_cancelRun->setToolTip(tr("Release no further dead letters; those already sent carry on"));
    connect(m_cancelRun, &QPushButton::clicked, this, &DeadLetterBrowser::cancelReplayAll);
    m_progressHide = new QTimer(this);
    m_progressHide->setSingleShot(true);
    m_progressHide->setInterval(ProgressSummaryMs);

    m_progressRow = new QWidget;
    m_progressRow->setObjectName(QStringLiteral("bulkReplayRow"));
    auto *layout = new QHBoxLayout(m_progressRow);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_progress);
    layout->addWidget(m_progressText, 1);
    layout->addWidget(m_cancelRun);
    m_progressRow->hide();
    connect(m_progressHide, &QTimer::timeout, m_progressRow, &QWidget::hide);
    return m_progressRow;
}

void DeadLetterBrowser::showGroup(const DeadLetterFingerprint &fingerprint)
{
    if (m_group == fingerprint)
        return;
    m_group = fingerprint;
    m_scope->setText(tr("Showing %1 · %2")
                         .arg(fingerprint.target, DeadLetterGroupModel::failureText(fingerprint)));
    m_showAll->setEnabled(true);
    applyFilter();
    selectScopedGroup();
}

void DeadLetterBrowser::showAllGroups()
{
    if (!m_group)
        return;
    m_group.reset();
    m_scope->setText(tr("Showing all failures"));
    m_showAll->setEnabled(false);
    applyFilter();
    selectScopedGroup();
}

void DeadLetterBrowser::selectScopedGroup()
{
    const int row = m_group ? m_groups->rowOf(*m_group) : -1;
    if (row < 0)
        m_groupView->clearSelection();
    else
        m_groupView->selectRow(row);
}

void DeadLetterBrowser::replayAllMatching()
{
    const qint64 total = m_model->totalCount();
    if (m_bulk || m_busy || total <= 0)
        return;
    QString question = total == 1
        ? tr("Replay the 1 dead letter matching the filter?")
        : tr("Replay all %L1 dead letters matching the filter? They are sent again oldest first, "
             "paced by each target's rate limit and breaker; you can cancel while it runs.")
              .arg(total);
    if (m_group)
        question += u'\n' + m_scope->text();
    if (!m_confirm(tr("Replay all matching"), question))
        return;

    auto *run = new BulkReplay(m_engine, m_model->filter(), this);
    m_bulk = run;
    connect(run, &BulkReplay::progressChanged, this, &DeadLetterBrowser::showBulkProgress);
    connect(run, &BulkReplay::chunkReleased, this, [this] {
        m_model->refresh(); // the released rows leave the list
        m_groups->refresh();
    });
    connect(run, &BulkReplay::failed, this, &DeadLetterBrowser::actionFailed);
    connect(run, &BulkReplay::finished, this, &DeadLetterBrowser::handleBulkFinished);
    m_progressHide->stop();
    m_cancelRun->show();
    m_progressRow->show();
    BulkReplayProgress start;
    start.total = total;
    showBulkProgress(start);
    updateActions();
    Q_EMIT bulkReplayStarted(total);
    run->start();
}

void DeadLetterBrowser::cancelReplayAll()
{
    if (m_bulk)
        m_bulk->cancel();
}

void DeadLetterBrowser::showBulkProgress(const BulkReplayProgress &p)
{
    m_progress->setRange(0, int(std::max<qint64>(p.total, 1)));
    m_progress->setValue(int(std::min(p.total, p.delivered + p.failedAgain)));
    // Waiting deliveries hold the next chunk: an open breaker, a paused target, or an earlier
    // dead letter of the same key (per-key order) keeps them pending.
    const qint64 waiting = p.replayed - p.delivered - p.failedAgain;
    m_progressText->setText(tr("Replaying all matching: %L1 of %L2 sent again · %L3 delivered · "
                               "%L4 failed again · %L5 waiting")
                                .arg(p.replayed)
                                .arg(p.total)
                                .arg(p.delivered)
                                .arg(p.failedAgain)
                                .arg(waiting));
    m_progressText->setToolTip(
        tr("The next dead letters are sent once the waiting ones are delivered or fail again; an "
           "open breaker or a paused target holds them."));
}

void DeadLetterBrowser::handleBulkFinished(const BulkReplayProgress &p, bool cancelled)
{
    if (m_bulk)
        m_bulk->deleteLater();
    m_bulk = nullptr;
    m_cancelRun->hide();
    m_progress->setValue(int(std::min(p.total, p.delivered + p.failedAgain)));
    m_progressText->setText(cancelled
            ? tr("Replay all cancelled: %L1 of %L2 sent again (%L3 delivered, %L4 failed again); "
                 "those sent carry on, the rest stay here.")
                  .arg(p.replayed)
                  .arg(p.total)
                  .arg(p.delivered)
                  .arg(p.failedAgain)
            : tr("Replayed %L1 of %L2: %L3 delivered, %L4 failed again.")
                  .arg(p.replayed)
                  .arg(p.total)
                  .arg(p.delivered)
                  .arg(p.failedAgain));
    m_progressHide->start();
    m_model->refresh();
    m_groups->refresh();
    updateActions();
    Q_EMIT bulkReplayFinished(p, cancelled);
}

void DeadLetterBrowser::exportSelection()
{
    if (selectedDeadLetters().isEmpty())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export dead letters"),
        QStringLiteral("dead-letters.jsonl"), tr("JSON Lines (*.jsonl);;All files (*)"));
    if (!path.isEmpty())
        exportSelectionTo(path);
}

void DeadLetterBrowser::exportSelectionTo(const QString &path)
{
    const QList<DeadLetter> selected = selectedDeadLetters();
    if (selected.isEmpty())
        return;
    m_engine.store().post<QList<MessageView>>(
        this,
        [selected](Store &s) -> Result<QList<MessageView>> {
            QList<MessageView> messages;
            for (const DeadLetter &d : selected) {
                auto m = s.message(d.messageId);
                if (!m)
                    return fail(m.error());
                messages.append(*m);
            }
            return messages;
        },
        [this, selected, path](Result<QList<MessageView>> r) {
            if (!r) {
                Q_EMIT actionFailed(r.error().message);
                return;
            }
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly)) {
                Q_EMIT actionFailed(tr("Cannot write %1: %2").arg(path, file.errorString()));
                return;
            }
            for (qsizetype i = 0; i < selected.size(); ++i) {
                QJsonObject line = toJson(selected.at(i));
                line.insert(
                    QStringLiteral("idempotency_key"), QString::fromUtf8(r->at(i).idempotencyKey));
                // The payload a replay would send: an operator's edit, if there is one.
                ClaimedDelivery next;
                next.payload = r->at(i).payload;
                for (const DeliveryView &v : r->at(i).deliveries) {
                    if (v.deliveryId == selected.at(i).deliveryId)
                        next = replayedDelivery(r->at(i), v);
                }
                line.insert(QStringLiteral("payload"), payloadJson(next.payload));
                line.insert(QStringLiteral("payload_version"), next.payloadVersion);
                file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
            }
            if (!file.commit()) {
                Q_EMIT actionFailed(tr("Cannot write %1: %2").arg(path, file.errorString()));
                return;
            }
            Q_EMIT exported(path, int(selected.size()));
        },
        StoreThread::Commit::Lazy);
}

} // namespace Tandem::Ui
