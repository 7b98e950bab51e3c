// SPDX-License-Identifier: GPL-3.0-or-later
//
// tandem_bench_feeder: enqueues messages into a store at a fixed rate, for the latency benchmark.
//
// Opens DIR/tandem.db with Tandem::SqliteStore, as `tandem enqueue` does, and every --interval-ms
// enqueues the messages due by then (rate × elapsed time) in one Store::enqueue() call, so a rate
// of 2,000/s gives batches of 10 every 5 ms. If a call takes longer than an interval, the next
// batch catches up. The payload is a JSON object of --payload-bytes bytes; each message keeps its
// default Idempotency-Key (its id). Runs beside a `tandem serve` on the same store.
//
// Prints one JSON object on stdout: {"messages", "seconds", "per_second", "batches",
// "enqueue_ms_p50", "enqueue_ms_p99", "enqueue_ms_max"}. Exit 0 ok, 1 store error, 2 bad arguments.

#include <algorithm>
#include <chrono>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <thread>

#include "engine/core/clock.h"
#include "engine/store/sqlitestore.h"

namespace {

QByteArray payload(qint64 seq, int bytes)
{
    QByteArray head = "{\"seq\":" + QByteArray::number(seq) + ",\"data\":\"";
    const QByteArray tail = "\"}";
    const int fill = std::max(0, bytes - int(head.size() + tail.size()));
    return head + QByteArray(fill, 'x') + tail;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    const auto i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Enqueues JSON messages into a Tandem store at a fixed rate."));
    parser.addHelpOption();
    const QCommandLineOption dataOption(QStringLiteral("data"),
        QStringLiteral("Data directory (holds tandem.db)."), QStringLiteral("DIR"));
    const QCommandLineOption rateOption(QStringLiteral("rate"),
        QStringLiteral("Messages per second."), QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption countOption(QStringLiteral("count"),
        QStringLiteral("Messages in all."), QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption intervalOption(QStringLiteral("interval-ms"),
        QStringLiteral("Time between batches."), QStringLiteral("MS"), QStringLiteral("5"));
    const QCommandLineOption bytesOption(QStringLiteral("payload-bytes"),
        QStringLiteral("Payload size."), QStringLiteral("BYTES"), QStringLiteral("1024"));
    parser.addOptions({ dataOption, rateOption, countOption, intervalOption, bytesOption });
    parser.process(app);

    bool okR = false, okN = false, okI = false, okB = false;
    const double rate = parser.value(rateOption).toDouble(&okR);
    const qint64 count = parser.value(countOption).toLongLong(&okN);
    const int intervalMs = parser.value(intervalOption).toInt(&okI);
    const int bytes = parser.value(bytesOption).toInt(&okB);
    if (!parser.isSet(dataOption) || !okR || rate <= 0 || !okN || count < 0 || !okI
        || intervalMs < 1 || !okB || bytes < 32) {
        QTextStream(stderr) << "tandem_bench_feeder: need --data DIR, --rate > 0, --count >= 0, "
                               "--interval-ms >= 1, --payload-bytes >= 32\n";
        return 2;
    }

    const QString path = QDir(parser.value(dataOption)).filePath(QStringLiteral("tandem.db"));
    auto store = Tandem::SqliteStore::open(path);
    if (!store) {
        QTextStream(stderr) << "tandem_bench_feeder: " << store.error().message << '\n';
        return 1;
    }

    using Clock = std::chrono::steady_clock;
    const auto interval = std::chrono::milliseconds(intervalMs);
    const auto start = Clock::now();
    std::vector<double> callMs;
    callMs.reserve(size_t(count / std::max<qint64>(1, qint64(rate * intervalMs / 1000.0))) + 16);
    qint64 sent = 0;
    for (qint64 tick = 1; sent < count; ++tick) {
        const auto due = start + tick * interval;
        std::this_thread::sleep_until(due);
        const double elapsedS = std::chrono::duration<double>(Clock::now() - start).count();
        const qint64 target = std::min(count, qint64(rate * elapsedS));
        if (target <= sent)
            continue;
        QList<Tandem::NewMessage> batch;
        batch.reserve(target - sent);
        for (qint64 seq = sent; seq < target; ++seq)
            batch.append(Tandem::NewMessage { payload(seq, bytes), {}, {} });
        const auto before = Clock::now();
        const auto ids = (*store)->enqueue(batch, Tandem::nowMs());
        callMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - before).count());
        if (!ids) {
            QTextStream(stderr) << "tandem_bench_feeder: enqueue failed after " << sent
                                << " messages: " << ids.error().message << '\n';
            return 1;
        }
        sent = target;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

    const QJsonObject out {
        { QStringLiteral("messages"), sent },
        { QStringLiteral("seconds"), seconds },
        { QStringLiteral("per_second"), seconds > 0 ? double(sent) / seconds : 0.0 },
        { QStringLiteral("batches"), qint64(callMs.size()) },
        { QStringLiteral("enqueue_ms_p50"), percentile(callMs, 0.50) },
        { QStringLiteral("enqueue_ms_p99"), percentile(callMs, 0.99) },
        { QStringLiteral("enqueue_ms_max"),
            callMs.empty() ? 0.0 : *std::max_element(callMs.begin(), callMs.end()) },
    };
    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << '\n';
    return 0;
}
