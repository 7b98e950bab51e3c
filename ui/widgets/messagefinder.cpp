// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/messagefinder.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "engine/core/clock.h"
#include "engine/dispatch/engine.h"
#include "engine/store/storethread.h"
#include "ui/appearance.h"
#include "ui/models/clocktext.h"
#include "ui/models/deliverytimeline.h"
#include "ui/widgets/deliverypanel.h"

namespace Tandem::Ui {

namespace {

// Reads caused by the engine's outcomes: at most this often, however many attempts arrive.
constexpr int RefreshDelayMs = 300;
// Messages looked up per key: enough to say "and older ones carry it too".
constexpr int SameKeyLimit = 11;
constexpr int PayloadPreviewChars = 400;

QLabel *selectableLabel(const char *name)
{
    auto *label = new QLabel;
    label->setObjectName(QString::fromLatin1(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

MessageFinder::MessageFinder(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &MessageFinder::refresh);
    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, [this] {
        const qint64 now = nowMs();
        const QList<DeliveryPanel *> shown = panels();
        for (int i = 0; i < shown.size() && i < m_message.deliveries.size(); ++i)
            shown.at(i)->updateClock(timeline(m_message.deliveries.at(i)), now);
    });

    m_prompt = new QLabel(tr("Type a message id or an Idempotency-Key in the search field and "
                             "press Enter to see how each target's delivery went."));
    m_prompt->setObjectName(QStringLiteral("finderPrompt"));
    m_prompt->setAlignment(Qt::AlignCenter);
    m_prompt->setWordWrap(true);
    m_prompt->setMargin(24);

    m_title = selectableLabel("messageTitle");
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_facts = selectableLabel("messageFacts");
    m_note = selectableLabel("messageNote");
    m_note->setWordWrap(true);
    m_payload = selectableLabel("messagePayload");
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_panels = new QSplitter(Qt::Horizontal);
    m_panels->setObjectName(QStringLiteral("deliveryPanels"));
    m_panels->setChildrenCollapsible(false);

    auto *messagePage = new QWidget;
    auto *layout = new QVBoxLayout(messagePage);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(4);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addSpacing(16);
    titleRow->addWidget(m_facts, 1);
    layout->addLayout(titleRow);
    layout->addWidget(m_note);
    layout->addWidget(m_payload);
    layout->addSpacing(4);
    layout->addWidget(m_panels, 1);

    m_pages = new QStackedWidget;
    m_pages->addWidget(m_prompt);
    m_pages->addWidget(messagePage);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);

    connect(&m_engine, &Engine::attemptsRecorded, this, &MessageFinder::handleAttempts);
}

MessageFinder::~MessageFinder() = default;

QList<DeliveryPanel *> MessageFinder::panels() const
{
    QList<DeliveryPanel *> all;
    for (int i = 0; i < m_panels->count(); ++i)
        all.append(static_cast<DeliveryPanel *>(m_panels->widget(i)));
    return all;
}

QString MessageFinder::errorText() const
{
    return m_pages->currentWidget() == m_prompt && m_prompt->property("error").toBool()
        ? m_prompt->text()
        : QString();
}

void MessageFinder::find(const QString &idOrKey)
{
    m_query = idOrKey.trimmed();
    m_refreshTimer->stop();
    if (m_query.isEmpty()) {
        ++m_readSeq; // whatever is on its way is no longer wanted
        m_loading = false;
        m_message = {};
        m_tick->stop();
        m_prompt->setProperty("error", false);
        m_prompt->setStyleSheet(QString());
        m_pages->setCurrentWidget(m_prompt);
        return;
    }
    read(m_query, false);
}

void MessageFinder::refresh()
{
    if (!m_message.id.isEmpty())
        read(m_message.id, true);
}

void MessageFinder::read(const QString &query, bool isRefresh)
{
    if (isRefresh && m_loading) {
        m_readAgain = true; // one more read after this one, however many outcomes arrive
        return;
    }
    const quint64 seq = ++m_readSeq;
    m_loading = true;
    m_engine.store().post<Lookup>(
        this,
        [query](Store &s) -> Result<Lookup> {
            Lookup l;
            auto m = s.message(query);
            if (!m && m.error().code != Error::Code::NotFound)
                return fail(m.error());
            if (!m) {
                auto ids = s.messageIdsForKey(query.toUtf8(), SameKeyLimit);
                if (!ids)
                    return fail(ids.error());
                if (ids->isEmpty())
                    return fail(Error::notFound(query));
                l.byKey = true;
                l.sameKeyCount = int(ids->size());
                m = s.message(ids->first());
                if (!m)
                    return fail(m.error());
            }
            l.message = std::move(*m);
            auto targets = s.targets();
            if (!targets)
                return fail(targets.error());
            for (const StoredTarget &t : *targets)
                l.policies.insert(t.config.name, t.config.retry);
            return l;
        },
        [this, seq, query, isRefresh](Result<Lookup> r) {
            if (seq != m_readSeq)
                return; // the operator asked for something else meanwhile
            m_loading = false;
            handleLookup(query, isRefresh, r);
            if (std::exchange(m_readAgain, false))
                refresh();
        },
        StoreThread::Commit::Lazy);
}

void MessageFinder::handleLookup(const QString &query, bool isRefresh, const Result<Lookup> &r)
{
    if (!r) {
        if (isRefresh)
            return; // keep showing what was read last; the next outcome reads again
        if (r.error().code == Error::Code::NotFound)
            showError(tr("No message with id or key '%1'. Ids and keys must match exactly; a "
                         "key is the Idempotency-Key the producer sent.")
                          .arg(query),
                Tone::Calm);
        else
            showError(tr("Cannot read the message: %1").arg(r.error().message));
        return;
    }
    m_message = r->message;
    m_policies = r->policies;
    if (!isRefresh) {
        QString note;
        if (r->byKey && r->sameKeyCount > 1)
            note = r->sameKeyCount == 2
                ? tr("Found by Idempotency-Key. An older message carries the same key (sent "
                     "again after the idempotency window); showing the newest.")
                : tr("Found by Idempotency-Key. %1%2 older messages carry the same key (sent "
                     "again after the idempotency window); showing the newest.")
                      .arg(r->sameKeyCount - 1)
                      .arg(r->sameKeyCount == SameKeyLimit ? QStringLiteral("+") : QString());
        else if (r->byKey)
            note = tr("Found by Idempotency-Key.");
        m_note->setText(note);
        m_note->setVisible(!note.isEmpty());
    }
    render();
    Q_EMIT messageShown(m_message.id);
}

void MessageFinder::showError(const QString &message, Tone tone)
{
    m_message = {};
    m_tick->stop();
    m_prompt->setText(message);
    m_prompt->setProperty("error", true);
    // Nothing found is an answer, not a failure: it reads calm; a store error reads red.
    m_prompt->setStyleSheet(tone == Tone::Calm
            ? QString()
            : QStringLiteral("color: %1;")
                  .arg(Appearance::readable(QColor(0xc6, 0x28, 0x28), palette()).name()));
    m_pages->setCurrentIndex(0);
    Q_EMIT lookupFailed(message);
}

void MessageFinder::render()
{
    const qint64 now = nowMs();
    const MessageView &m = m_message;
    m_title->setText(tr("Message %1").arg(m.id));
    QStringList facts;
    // Without a producer's key the message id is the key: saying so reads better than the id twice.
    facts.append(m.idempotencyKey == m.id.toUtf8()
            ? tr("Idempotency-Key: the message id")
            : tr("Idempotency-Key: %1").arg(QString::fromUtf8(m.idempotencyKey)));
    if (!m.partitionKey.isEmpty())
        facts.append(tr("Partition key: %1").arg(QString::fromUtf8(m.partitionKey)));
    facts.append(tr("Created %1").arg(clockText(m.createdAtMs, now)));
    facts.append(tr("Trace %1").arg(QString::fromLatin1(m.traceId)));
    m_facts->setText(facts.join(QStringLiteral("   ·   ")));

    // One line of the payload, compact; the whole of it, pretty-printed, in the tooltip.
    const QJsonDocument json = QJsonDocument::fromJson(m.payload);
    QString preview = json.isNull() ? QString::fromUtf8(m.payload).simplified()
                                    : QString::fromUtf8(json.toJson(QJsonDocument::Compact));
    if (preview.size() > PayloadPreviewChars)
        preview = preview.left(PayloadPreviewChars) + u'…';
    m_payload->setText(preview);
    m_payload->setToolTip(json.isNull() ? QString::fromUtf8(m.payload)
                                        : QString::fromUtf8(json.toJson(QJsonDocument::Indented)));

    while (m_panels->count() > m.deliveries.size())
        delete m_panels->widget(m_panels->count() - 1);
    while (m_panels->count() < m.deliveries.size())
        m_panels->addWidget(new DeliveryPanel);
    bool waiting = false;
    for (int i = 0; i < m.deliveries.size(); ++i) {
        const DeliveryView &d = m.deliveries.at(i);
        waiting = waiting || d.state == DeliveryState::RetryWait;
        static_cast<DeliveryPanel *>(m_panels->widget(i))->setTimeline(timeline(d), now);
    }
    if (waiting)
        m_tick->start();
    else
        m_tick->stop();
    m_pages->setCurrentIndex(1);
}

DeliveryTimeline MessageFinder::timeline(const DeliveryView &d) const
{
    const auto policy = m_policies.constFind(d.target);
    DeliveryTimeline t(
        d, policy == m_policies.constEnd() ? std::nullopt : std::optional<RetryPolicy>(*policy));
    // The engine's latest figures (kept on this thread, no store read) say why an overdue retry
    // waits.
    for (const MetricsSnapshot &m : m_engine.metrics()) {
        if (m.target != d.target)
            continue;
        if (!m.heldReason.isEmpty())
            t.setHold(m.heldReason);
        else if (m.breakerState == u"open")
            t.setHold(tr("breaker open"));
        else if (m.breakerState == u"half_open")
            t.setHold(tr("breaker half-open, probing"));
    }
    return t;
}

void MessageFinder::handleAttempts(const QString &, const QList<AttemptRecord> &records)
{
    if (m_message.id.isEmpty() || m_refreshTimer->isActive())
        return;
    for (const AttemptRecord &r : records) {
        if (r.messageId == m_message.id) {
            m_refreshTimer->start();
            return;
        }
    }
}

} // namespace Tandem::Ui
