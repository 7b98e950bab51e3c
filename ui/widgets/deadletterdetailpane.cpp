// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/deadletterdetailpane.h"

#include <QAction>
#include <QClipboard>
#include <QDateTime>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/core/clock.h"
#include "engine/core/jsonpayload.h"
#include "engine/dispatch/engine.h"
#include "engine/dispatch/requesttemplate.h"
#include "engine/store/storethread.h"
#include "ui/dialogs/editpayloaddialog.h"
#include "ui/models/attempthistorymodel.h"
#include "ui/models/clocktext.h"
#include "ui/models/payloadversionmodel.h"
#include "ui/widgets/diffhighlighter.h"

namespace Tandem::Ui {

namespace {

enum Tab { PayloadTab, RequestTab, VersionsTab };

constexpr int NoticeMs = 5000; // long enough to read, short enough not to go stale

QLabel *boldLabel(const QString &text)
{
    auto *label = new QLabel(text);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

QPlainTextEdit *codeView(const char *objectName)
{
    auto *view = new QPlainTextEdit;
    view->setObjectName(QString::fromLatin1(objectName));
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

QTableView *compactTable(const char *objectName, QAbstractItemModel *model)
{
    auto *view = new QTableView;
    view->setObjectName(QString::fromLatin1(objectName));
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setWordWrap(false);
    view->setShowGrid(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

QString timeText(qint64 ms) { return dateTimeText(ms); }

} // namespace

DeadLetterDetailPane::DeadLetterDetailPane(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_attempts(new AttemptHistoryModel(this))
    , m_versions(new PayloadVersionModel(this))
{
    m_editAndReplay = new QAction(
        QIcon::fromTheme(QStringLiteral("document-edit")), tr("Edit and &replay…"), this);
    m_editAndReplay->setObjectName(QStringLiteral("editAndReplay"));
    m_editAndReplay->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_E);
    m_editAndReplay->setToolTip(tr("Fix this dead letter's payload and send it again to its "
                                   "target; the original is kept (Ctrl+Shift+E)"));
    connect(m_editAndReplay, &QAction::triggered, this, &DeadLetterDetailPane::editAndReplay);
    m_copyAsCurl
        = new QAction(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("Copy as &curl"), this);
    m_copyAsCurl->setObjectName(QStringLiteral("copyAsCurl"));
    m_copyAsCurl->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_C);
    m_copyAsCurl->setToolTip(tr("Copy a curl command that sends this request; secrets are left "
                                "out, safe to paste in a ticket (Ctrl+Shift+C)"));
    connect(m_copyAsCurl, &QAction::triggered, this, &DeadLetterDetailPane::copyAsCurl);

    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("detailTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts = new QLabel;
    m_facts->setObjectName(QStringLiteral("detailFacts"));
    m_facts->setWordWrap(true);
    m_facts->setTextFormat(Qt::PlainText);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // The actions get a row of their own: the pane is often narrow, and a message id is long.
    auto *actionRow = new QHBoxLayout;
    actionRow->setContentsMargins(0, 0, 0, 0);
    for (QAction *a : { m_editAndReplay, m_copyAsCurl }) {
        auto *button = new QToolButton;
        button->setDefaultAction(a);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        actionRow->addWidget(button);
    }
    actionRow->addStretch(1);
    m_notice = new QLabel;
    m_notice->setObjectName(QStringLiteral("detailNotice"));
    m_notice->setWordWrap(true);
    m_notice->setEnabled(false);
    m_notice->hide();
    m_noticeTimer = new QTimer(this);
    m_noticeTimer->setSingleShot(true);
    m_noticeTimer->setInterval(NoticeMs);
    connect(m_noticeTimer, &QTimer::timeout, m_notice, &QLabel::hide);

    m_payload = codeView("detailPayload");
    m_request = codeView("detailRequest");
    auto *requestNote = new QLabel(
        tr("As a replay sends it to this target now. Secrets are masked (•••••); the traceparent "
           "span and any signature change with every attempt."));
    requestNote->setWordWrap(true);
    requestNote->setEnabled(false);
    auto *requestPage = new QWidget;
    auto *requestLayout = new QVBoxLayout(requestPage);
    requestLayout->setContentsMargins(0, 4, 0, 0);
    requestLayout->addWidget(m_request, 1);
    requestLayout->addWidget(requestNote);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("detailTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->insertTab(PayloadTab, m_payload, tr("Payload"));
    m_tabs->insertTab(RequestTab, requestPage, tr("Request sent"));
    m_tabs->insertTab(VersionsTab, buildVersionsPage(), tr("Versions"));

    m_attemptView = compactTable("detailAttempts", m_attempts);
    QHeaderView *attemptHeader = m_attemptView->horizontalHeader();
    // Attempts are few per delivery: measuring them is cheap and nothing is cut off.
    for (int c : { AttemptHistoryModel::TimeColumn, AttemptHistoryModel::StatusColumn,
             AttemptHistoryModel::PayloadVersionColumn, AttemptHistoryModel::LatencyColumn })
        attemptHeader->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    attemptHeader->resizeSection(AttemptHistoryModel::ErrorColumn,
        m_attemptView->fontMetrics().horizontalAdvance(u'0') * 20);
    auto *attemptsPage = new QWidget;
    auto *attemptsLayout = new QVBoxLayout(attemptsPage);
    attemptsLayout->setContentsMargins(0, 0, 0, 0);
    attemptsLayout->addWidget(boldLabel(tr("Attempts")));
    attemptsLayout->addWidget(m_attemptView, 1);

    auto *split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("detailSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(m_tabs);
    split->addWidget(attemptsPage);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *detail = new QWidget;
    auto *layout = new QVBoxLayout(detail);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_facts);
    layout->addLayout(actionRow);
    layout->addWidget(m_notice);
    layout->addSpacing(4);
    layout->addWidget(split, 1);

    auto *none = new QLabel(tr("Select a dead letter to see its payload, the request sent and "
                               "every attempt."));
    none->setObjectName(QStringLiteral("detailNone"));
    none->setAlignment(Qt::AlignCenter);
    none->setWordWrap(true);
    none->setEnabled(false);

    m_pages = new QStackedWidget;
    m_pages->addWidget(none);
    m_pages->addWidget(detail);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);
    updateActions();
}

DeadLetterDetailPane::~DeadLetterDetailPane() = default;

QSize DeadLetterDetailPane::sizeHint() const
{
    // Wide enough for headers and an indented payload, when a splitter asks what it would like.
    return { fontMetrics().horizontalAdvance(u'0') * 72, QWidget::sizeHint().height() };
}

QWidget *DeadLetterDetailPane::buildVersionsPage()
{
    m_versionView = compactTable("detailVersions", m_versions);
    QHeaderView *header = m_versionView->horizontalHeader();
    header->setSectionResizeMode(PayloadVersionModel::VersionColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(PayloadVersionModel::TimeColumn, QHeaderView::ResizeToContents);
    m_versionDiff = codeView("detailVersionDiff");
    new DiffHighlighter(m_versionDiff);
    connect(m_versionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &DeadLetterDetailPane::showVersionDiff);

    auto *split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("versionSplitter")); // remembered by WindowLayout
    split->setChildrenCollapsible(false);
    split->addWidget(m_versionView);
    split->addWidget(m_versionDiff);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    return split;
}

void DeadLetterDetailPane::showDeadLetter(const DeadLetter &d)
{
    m_loading = d.messageId;
    const QString id = d.messageId;
    m_engine.store().post<Detail>(
        this,
        [d](Store &s) -> Result<Detail> {
            auto m = s.message(d.messageId);
            if (!m)
                return fail(m.error());
            Detail detail { d, *m, {}, {}, {} };
            for (const DeliveryView &v : m->deliveries) {
                if (v.deliveryId == d.deliveryId)
                    detail.delivery = v;
            }
            auto targets = s.targets();
            if (!targets)
                return fail(targets.error());
            detail.request = fail(
                Error::notFound(QStringLiteral("target %1 is no longer configured").arg(d.target)));
            for (const StoredTarget &t : *targets) {
                if (t.config.name == d.target) {
                    detail.mapping = t.config.mapping;
                    detail.request = RequestTemplate::preview(
                        t.config, replayedDelivery(*m, detail.delivery), nowMs());
                }
            }
            return detail;
        },
        [this, id](Result<Detail> r) {
            if (id != m_loading)
                return; // the operator moved on meanwhile
            if (!r) {
                Q_EMIT failed(r.error().message);
                return;
            }
            present(*r);
        },
        StoreThread::Commit::Lazy);
}

void DeadLetterDetailPane::clear()
{
    m_loading.clear();
    m_detail.reset();
    m_pages->setCurrentIndex(0);
    updateActions();
}

void DeadLetterDetailPane::present(const Detail &detail)
{
    m_detail = detail;
    m_notice->hide(); // it spoke of the dead letter shown before
    const DeadLetter &d = detail.deadLetter;
    const MessageView &m = detail.message;
    const DeliveryView &v = detail.delivery;
    const ClaimedDelivery next = replayedDelivery(m, v);

    m_title->setText(d.messageId);
    QStringList facts;
    facts << tr("Target: %1").arg(d.target) << tr("Created: %1").arg(timeText(m.createdAtMs))
          << tr("Idempotency-Key: %1").arg(QString::fromUtf8(m.idempotencyKey));
    if (!m.partitionKey.isEmpty())
        facts << tr("Partition key: %1").arg(QString::fromUtf8(m.partitionKey));
    if (next.payloadVersion > 1)
        facts << tr("Payload: version %1, edited (the original is version 1)")
                     .arg(next.payloadVersion);
    if (!d.reason.isEmpty())
        facts << tr("Dead because: %1").arg(d.reason);
    m_facts->setText(facts.join(u'\n'));
    m_payload->setPlainText(prettyJsonPayload(next.payload));

    if (detail.request) {
        const RequestPreview &p = *detail.request;
        QString text = QString::fromLatin1(p.method) + u' ' + p.url.toDisplayString() + u'\n'
            + p.headerText() + QStringLiteral("\n\n") + prettyJsonPayload(p.body);
        m_request->setPlainText(text);
    } else {
        m_request->setPlainText(
            tr("This delivery cannot be sent as it is: %1").arg(detail.request.error().message));
    }

    const int versionCount = int(v.payloadVersions.size());
    m_versions->setVersions(v.payloadVersions, v.payloadVersion);
    m_tabs->setTabText(
        VersionsTab, versionCount > 1 ? tr("Versions (%1)").arg(versionCount) : tr("Versions"));
    if (versionCount > 0)
        m_versionView->selectRow(versionCount - 1);
    showVersionDiff();

    m_attempts->setAttempts(v.history);
    m_pages->setCurrentIndex(1);
    updateActions();
    Q_EMIT shown(d.messageId);
}

void DeadLetterDetailPane::showVersionDiff()
{
    const QModelIndex current = m_versionView->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_versionDiff->clear();
        return;
    }
    const int version = current.data(PayloadVersionModel::VersionRole).toInt();
    if (version == 1) {
        m_versionDiff->setPlainText(
            prettyJsonPayload(current.data(PayloadVersionModel::PayloadRole).toByteArray()));
        return;
    }
    m_versionDiff->setPlainText(tr("Changes against version %1:\n").arg(version - 1)
        + current.data(PayloadVersionModel::DiffRole).toString());
}

void DeadLetterDetailPane::setActionsAllowed(bool allowed)
{
    m_allowed = allowed;
    updateActions();
}

void DeadLetterDetailPane::updateActions()
{
    const bool shown = m_detail.has_value() && m_pages->currentIndex() == 1;
    m_editAndReplay->setEnabled(
        m_allowed && shown && !m_editing && m_detail->delivery.state == DeliveryState::Dead);
    m_copyAsCurl->setEnabled(m_allowed && shown && m_detail->request.has_value());
}

QString DeadLetterDetailPane::payloadText() const { return m_payload->toPlainText(); }

QString DeadLetterDetailPane::requestText() const { return m_request->toPlainText(); }

QString DeadLetterDetailPane::curlCommand() const
{
    if (!m_detail || !m_detail->request)
        return {};
    const ClaimedDelivery next = replayedDelivery(m_detail->message, m_detail->delivery);
    return m_detail->request->toCurl(
        tr("Tandem: message %1 to %2, payload version %3, as a replay would send it.")
            .arg(m_detail->deadLetter.messageId, m_detail->deadLetter.target)
            .arg(next.payloadVersion));
}

void DeadLetterDetailPane::copyAsCurl()
{
    if (!m_copyAsCurl->isEnabled())
        return;
    const QString command = curlCommand();
    QGuiApplication::clipboard()->setText(command);
    m_notice->setText(tr("Copied. Secrets are left out: set the variables it names."));
    m_notice->show();
    m_noticeTimer->start();
    Q_EMIT curlCopied(command);
}

void DeadLetterDetailPane::editAndReplay()
{
    if (!m_editAndReplay->isEnabled() || !m_detail)
        return;
    const Detail detail = *m_detail;
    PayloadVersion current;
    for (const PayloadVersion &v : detail.delivery.payloadVersions) {
        if (v.version == detail.delivery.payloadVersion)
            current = v;
    }
    auto *dialog = new EditPayloadDialog(
        detail.deadLetter.messageId, detail.deadLetter.target, current, detail.mapping, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_editing = true;
    updateActions();
    connect(dialog, &QDialog::finished, this, [this] {
        m_editing = false;
        updateActions();
    });
    connect(dialog, &QDialog::accepted, this, [this, dialog, detail] {
        const qint64 deliveryId = detail.delivery.deliveryId;
        const QByteArray payload = dialog->payload();
        const QString reason = dialog->reason();
        const QString id = detail.deadLetter.messageId;
        m_engine.store().post<int>(
            this,
            [deliveryId, payload, reason](
                Store &s) { return s.editAndReplay(deliveryId, payload, reason, nowMs()); },
            [this, id](Result<int> r) {
                if (!r) {
                    Q_EMIT failed(r.error().message);
                    return;
                }
                m_engine.wakeWorkers();
                Q_EMIT edited(id, *r);
            },
            StoreThread::Commit::Durable);
    });
    dialog->open();
}

} // namespace Tandem::Ui
