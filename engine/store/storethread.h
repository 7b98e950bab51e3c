// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include <QMetaObject>
#include <QObject>

#include <future>

#include "engine/store/store.h"

class QThread;

namespace Tandem {

/// Hands a finished job's callback to its context object's thread, from the store thread,
/// even while that context is being deleted on its own thread: the context's destroyed()
/// signal clears the link under the same mutex that is held while the callback is posted, so
/// a context is never posted to after its destructor began (undefined behaviour), and a
/// callback posted just before is dropped by Qt with the context's pending events.
///
/// Thread: created on the context's thread (post()); deliver() from any thread, once.
class ContextLink final
{
public:
    static std::shared_ptr<ContextLink> to(QObject *context);
    ~ContextLink();
    ContextLink(const ContextLink &) = delete;
    ContextLink &operator=(const ContextLink &) = delete;

    /// Queues `callback` on the context's thread; does nothing if the context is gone.
    void deliver(std::function<void()> callback);

private:
    explicit ContextLink(QObject *context)
        : m_context(context)
    {
    }

    std::mutex m_mutex;
    QObject *m_context; ///< null once the context's destructor has started
    QMetaObject::Connection m_watch;
};

/// Owns a Store on its own thread ("tandem-store") and applies the work posted to it in group
/// commits: everything queued while the previous transaction was syncing runs in the next one,
/// so many producers and workers share one fsync.
///
/// Thread: the object itself belongs to the thread that created it (start(), stop()); post() and
/// call() are thread-safe. The Store lives only on the store thread.
/// Results: a posted job's callback runs on the context object's thread, after its transaction
/// is committed (or with the commit's error if it was not). A context may be deleted at any
/// time (a dialog closed while its read is queued): its callbacks are then dropped
/// (ContextLink); the job itself still runs.
class StoreThread final
{
public:
    /// Whether a job's transaction must reach the disk before its callback runs (see
    /// Store::beginBatch): Durable for messages, replays and configuration; Lazy only for
    /// dispatch bookkeeping that may be redone after a power cut.
    enum class Commit { Durable, Lazy };

    using Factory = std::function<Result<std::unique_ptr<Store>>()>;

    explicit StoreThread(Factory factory);
    ~StoreThread();
    StoreThread(const StoreThread &) = delete;
    StoreThread &operator=(const StoreThread &) = delete;

    /// Opens the store on the store thread; returns its error if it cannot be opened.
    Result<void> start();
    /// Runs everything already posted, closes the store and joins the thread.
    void stop();

    template <typename T>
    void post(QObject *context, std::function<Result<T>(Store &)> work,
        std::function<void(Result<T>)> done, Commit commit = Commit::Durable)
    {
        auto result = std::make_shared<std::optional<Result<T>>>();
        submit({ commit, [work = std::move(work), result](Store &s) { result->emplace(work(s)); },
            [link = ContextLink::to(context), done = std::move(done), result](
                const std::optional<Error> &commitError) {
                Result<T> r = commitError ? Result<T>(fail(*commitError)) : std::move(**result);
                link->deliver([done, r] { done(r); });
            } });
    }

    /// Runs `work` in the next group commit and waits for it. Never call it on the store thread.
    template <typename T> Result<T> call(std::function<Result<T>(Store &)> work)
    {
        std::promise<Result<T>> promise;
        auto future = promise.get_future();
        std::optional<Result<T>> result;
        submit({ Commit::Durable, [&](Store &s) { result.emplace(work(s)); },
            [&](const std::optional<Error> &commitError) {
                promise.set_value(commitError ? Result<T>(fail(*commitError)) : std::move(*result));
            } });
        return future.get();
    }

private:
    struct Job
    {
        Commit commit;
        std::function<void(Store &)> run;
        std::function<void(const std::optional<Error> &)> finish;
    };
    void submit(Job job);
    void runLoop();

    Factory m_factory;
    std::unique_ptr<QThread> m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    bool m_running = false;
    std::unique_ptr<Store> m_store; ///< touched only on the store thread
};

} // namespace Tandem
