// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QWidget>

#include "engine/core/retrypolicy.h"
#include "engine/store/store.h"

class QLabel;
class QSplitter;
class QStackedWidget;
class QTimer;

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

class DeliveryPanel;
class DeliveryTimeline;

/// "Find a message": looks a message up by its id or its Idempotency-Key and shows every
/// target's delivery side by side (DeliveryPanel), each with a one-line summary and its retry
/// timeline, the next attempt's jitter window and any Retry-After that overrode the backoff.
///
/// Reads go through StoreThread::post(): the UI never waits on the store. While a message is
/// shown it is read again when the engine records attempts of it (Engine::attemptsRecorded,
/// coalesced to a few reads a second) and after refresh(); the "in 4 s" of a waiting retry counts
/// down once a second without reading. Retry-After values are the ones the store kept with each
/// attempt.
///
/// Thread: UI thread, with the engine (not owned; must outlive the finder).
class MessageFinder final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageFinder)

public:
    explicit MessageFinder(Engine &engine, QWidget *parent = nullptr);
    ~MessageFinder() override;

    /// The id of the message shown; empty when none is.
    QString messageId() const { return m_message.id; }
    MessageView message() const { return m_message; }
    /// One panel per delivery of the message shown, in target order.
    QList<DeliveryPanel *> panels() const;
    /// What the finder says when a lookup failed ("No message with id or key '…'"); empty else.
    QString errorText() const;
    /// The last lookup is still on its way.
    bool isLoading() const { return m_loading; }

public Q_SLOTS:
    /// Looks up `idOrKey`: a message id first, then an Idempotency-Key (the newest message with
    /// that key). Leading and trailing spaces are ignored.
    void find(const QString &idOrKey);
    /// Reads the message shown again (after a replay or discard, say).
    void refresh();

Q_SIGNALS:
    /// A lookup or refresh arrived and the panels show it.
    void messageShown(const QString &messageId);
    /// A lookup found nothing or failed; `message` is what the finder shows.
    void lookupFailed(const QString &message);

private:
    struct Lookup
    {
        MessageView message;
        QHash<QString, RetryPolicy> policies;
        bool byKey = false;
        int sameKeyCount = 0; ///< messages carrying the key (at most SameKeyLimit)
    };

    void read(const QString &query, bool isRefresh);
    void handleLookup(const QString &query, bool isRefresh, const Result<Lookup> &result);
    void handleAttempts(const QString &target, const QList<Tandem::AttemptRecord> &records);
    void render();
    DeliveryTimeline timeline(const DeliveryView &delivery) const;
    enum class Tone { Calm, Failure };
    void showError(const QString &message, Tone tone = Tone::Failure);

    Engine &m_engine;
    MessageView m_message;
    QHash<QString, RetryPolicy> m_policies;
    QString m_query; ///< what the operator asked for last
    quint64 m_readSeq = 0; ///< a read made for an earlier query is dropped when it arrives
    bool m_loading = false;
    bool m_readAgain = false;

    QTimer *m_refreshTimer = nullptr;
    QTimer *m_tick = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_prompt = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_facts = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_payload = nullptr;
    QSplitter *m_panels = nullptr;
};

} // namespace Tandem::Ui
