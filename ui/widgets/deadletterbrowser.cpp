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
#include <QSaveFile>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/core/clock.h"
#include "engine/dispatch/engine.h"
#include "engine/store/storejson.h"
#include "engine/store/storethread.h"
#include "ui/models/attempthistorymodel.h"
#include "ui/models/deadlettermodel.h"

namespace Tandem::Ui {

namespace {

// Typing in the search field reads the store once the operator pauses, not per key.
constexpr int FilterDelayMs = 250;

constexpr qint64 HourMs = 3'600'000;

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

QString prettyPayload(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError)
        return QString::fromUtf8(payload);
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

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
    , m_attempts(new AttemptHistoryModel(this))
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
    auto *find = new QAction(tr("Find"), this);
    find->setShortcut(QKeySequence::Find);
    for (QAction *a : { m_replay, m_discard, m_export, find }) {
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
    for (QAction *a : { m_replay, m_discard, m_export }) {
        auto *button = new QToolButton;
        button->setDefaultAction(a);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        actions->addWidget(button);
    }
    actions->addStretch(1);
    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("deadLetterCount"));
    actions->addWidget(m_count);

    auto *list = new QWidget;
    auto *listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addLayout(actions);
    listLayout->addWidget(m_listPages, 1);

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
    return bar;
}

QWidget *DeadLetterBrowser::buildDetailPane()
{
    m_detailTitle = new QLabel;
    m_detailTitle->setObjectName(QStringLiteral("detailTitle"));
    QFont titleFont = m_detailTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_detailTitle->setFont(titleFont);
    m_detailTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailFacts = new QLabel;
    m_detailFacts->setObjectName(QStringLiteral("detailFacts"));
    m_detailFacts->setWordWrap(true);
    m_detailFacts->setTextFormat(Qt::PlainText);
    m_detailFacts->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_payload = new QPlainTextEdit;
    m_payload->setObjectName(QStringLiteral("detailPayload"));
    m_payload->setReadOnly(true);
    m_payload->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_attemptView = new QTableView;
    m_attemptView->setObjectName(QStringLiteral("detailAttempts"));
    m_attemptView->setModel(m_attempts);
    m_attemptView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_attemptView->setWordWrap(false);
    m_attemptView->setShowGrid(false);
    m_attemptView->verticalHeader()->hide();
    m_attemptView->horizontalHeader()->setStretchLastSection(true);
    m_attemptView->horizontalHeader()->setHighlightSections(false);
    QHeaderView *attemptHeader = m_attemptView->horizontalHeader();
    // Attempts are few per delivery: measuring them is cheap and nothing is cut off.
    for (int c : { AttemptHistoryModel::TimeColumn, AttemptHistoryModel::StatusColumn,
             AttemptHistoryModel::LatencyColumn })
        attemptHeader->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    attemptHeader->resizeSection(AttemptHistoryModel::ErrorColumn,
        m_attemptView->fontMetrics().horizontalAdvance(u'0') * 20);

    auto *payloadLabel = new QLabel(tr("Payload"));
    auto *attemptsLabel = new QLabel(tr("Attempts"));
    for (QLabel *l : { payloadLabel, attemptsLabel }) {
        QFont f = l->font();
        f.setBold(true);
        l->setFont(f);
    }

    auto *detail = new QWidget;
    auto *layout = new QVBoxLayout(detail);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->addWidget(m_detailTitle);
    layout->addWidget(m_detailFacts);
    layout->addSpacing(4);
    layout->addWidget(payloadLabel);
    layout->addWidget(m_payload, 1);
    layout->addWidget(attemptsLabel);
    layout->addWidget(m_attemptView, 1);

    auto *none = new QLabel(tr("Select a dead letter to see its payload and every attempt."));
    none->setObjectName(QStringLiteral("detailNone"));
    none->setAlignment(Qt::AlignCenter);
    none->setWordWrap(true);
    none->setEnabled(false);

    m_detailPages = new QStackedWidget;
    m_detailPages->addWidget(none);
    m_detailPages->addWidget(detail);
    return m_detailPages;
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

QString DeadLetterBrowser::detailPayload() const { return m_payload->toPlainText(); }

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
    m_model->setFilter(query);
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
        m_detailPages->setCurrentIndex(0);
        return;
    }
    const DeadLetter d = m_model->deadLetter(current.row());
    m_detailMessageId = d.messageId;
    const QString id = d.messageId;
    m_engine.store().post<MessageView>(
        this, [id](Store &s) { return s.message(id); },
        [this, d](Result<MessageView> r) {
            if (d.messageId != m_detailMessageId)
                return; // the operator moved on meanwhile
            if (!r) {
                Q_EMIT actionFailed(r.error().message);
                return;
            }
            QList<AttemptView> history;
            for (const DeliveryView &v : r->deliveries) {
                if (v.target == d.target)
                    history = v.history;
            }
            m_detailTitle->setText(d.messageId);
            QStringList facts;
            facts << tr("Target: %1").arg(d.target)
                  << tr("Created: %1")
                         .arg(QDateTime::fromMSecsSinceEpoch(r->createdAtMs)
                                  .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                  << tr("Idempotency-Key: %1").arg(QString::fromUtf8(r->idempotencyKey));
            if (!r->partitionKey.isEmpty())
                facts << tr("Partition key: %1").arg(QString::fromUtf8(r->partitionKey));
            if (!d.reason.isEmpty())
                facts << tr("Dead because: %1").arg(d.reason);
            m_detailFacts->setText(facts.join(u'\n'));
            m_payload->setPlainText(prettyPayload(r->payload));
            m_attempts->setAttempts(history);
            m_detailPages->setCurrentIndex(1);
            Q_EMIT detailShown(d.messageId);
        },
        StoreThread::Commit::Lazy);
}

void DeadLetterBrowser::updateActions()
{
    const bool any = m_view->selectionModel()->hasSelection();
    m_replay->setEnabled(any && !m_busy);
    m_discard->setEnabled(any && !m_busy);
    m_export->setEnabled(any && !m_busy);
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
        || m_model->filter().status != 0 || m_model->filter().fromMs != 0;
    m_emptyState->setText(filtered
            ? tr("No dead letters match this filter.")
            : tr("No dead letters.\nDeliveries that run out of retries, or that a target refuses "
                 "for good, wait here for you to replay or discard them."));
    m_listPages->setCurrentWidget(total == 0 ? static_cast<QWidget *>(m_emptyState) : m_view);
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
            if (replay)
                Q_EMIT replayed(*r);
            else
                Q_EMIT discarded(*r);
        },
        StoreThread::Commit::Durable);
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
                line.insert(QStringLiteral("payload"), payloadJson(r->at(i).payload));
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
