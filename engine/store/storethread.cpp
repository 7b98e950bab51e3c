// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/store/storethread.h"

#include <algorithm>

#include <QLoggingCategory>
#include <QThread>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Tandem {

std::shared_ptr<ContextLink> ContextLink::to(QObject *context)
{
    std::shared_ptr<ContextLink> link(new ContextLink(context));
    // Direct: runs in the thread deleting the context, at the start of ~QObject, and waits
    // there while the store thread is posting to it.
    link->m_watch
        = QObject::connect(context, &QObject::destroyed, [weak = std::weak_ptr<ContextLink>(link)] {
              if (const auto l = weak.lock()) {
                  const std::lock_guard lock(l->m_mutex);
                  l->m_context = nullptr;
              }
          });
    return link;
}

ContextLink::~ContextLink() { QObject::disconnect(m_watch); }

void ContextLink::deliver(std::function<void()> callback)
{
    const std::lock_guard lock(m_mutex);
    if (!m_context)
        return;
    QObject::disconnect(m_watch);
    QMetaObject::invokeMethod(m_context, std::move(callback), Qt::QueuedConnection);
}

StoreThread::StoreThread(Factory factory)
    : m_factory(std::move(factory))
{
}

StoreThread::~StoreThread() { stop(); }

Result<void> StoreThread::start()
{
    std::promise<Result<void>> opened;
    auto future = opened.get_future();
    m_thread.reset(QThread::create([this, &opened] {
        auto store = m_factory();
        if (!store) {
            opened.set_value(fail(store.error()));
            return;
        }
        m_store = std::move(*store);
        opened.set_value({});
        runLoop();
        m_store.reset(); // closed on the thread that opened it, as Qt Sql requires
    }));
    m_thread->setObjectName(QStringLiteral("tandem-store"));
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
        m_running = true;
    }
    m_thread->start();
    Result<void> r = future.get();
    if (!r) {
        m_thread->wait();
        m_thread.reset();
        std::lock_guard lock(m_mutex);
        m_running = false;
    }
    return r;
}

void StoreThread::stop()
{
    if (!m_thread)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread->wait();
    m_thread.reset();
    std::lock_guard lock(m_mutex);
    m_running = false;
}

void StoreThread::submit(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_running) {
            job.finish(Error::store(QStringLiteral("the store is closed")));
            return;
        }
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void StoreThread::runLoop()
{
    for (;;) {
        std::deque<Job> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty() && m_stopping) {
                m_running = false;
                return;
            }
            batch.swap(m_jobs);
        }

        std::optional<Error> failure;
        const bool durable = std::any_of(
            batch.begin(), batch.end(), [](const Job &j) { return j.commit == Commit::Durable; });
        if (auto begun = m_store->beginBatch(durable); !begun) {
            failure = begun.error();
        } else {
            // Each store method is atomic on its own (a savepoint), so one job's failure leaves
            // the others in the batch intact.
            for (Job &job : batch)
                job.run(*m_store);
            if (auto committed = m_store->commitBatch(); !committed)
                failure = committed.error();
        }
        if (failure)
            qCWarning(lcStore) << "group commit of" << batch.size()
                               << "jobs failed:" << failure->message;
        for (Job &job : batch)
            job.finish(failure);
    }
}

} // namespace Tandem
