// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <limits>
#include <vector>

#include <QtGlobal>

#include <array>
#include <cstddef>

namespace Tandem {

/// Attempt latencies of one target over sliding windows of the last 1 to 15 minutes, with
/// count, p50, p95, p99, max and sum per window.
///
/// Memory is bounded whatever the rate: a ring of SlotCount slots of SlotMs each, every slot a
/// log-linear histogram (exact below 128 µs, then 64 sub-buckets per power of two up to
/// MaxTrackedUs, about 18 minutes). A reported quantile is the middle of its bucket, within
/// 0.8 % of the exact nearest-rank quantile of the samples (never above the exact max); count,
/// sum and max are exact. A slot's histogram is allocated one power of two at a time, the first
/// time a latency of that magnitude falls into it, and reused as the ring turns.
///
/// Windows have the granularity of a slot: window(m, now) holds the samples of the m × 6 slots
/// ending with the one `now` falls in, so a sample is always in it when it is less than
/// m minutes − 10 s old and never once it is m minutes old.
///
/// Time is passed in (milliseconds, the same clock for all calls), so tests inject it. A sample
/// older than the ring reaches is dropped. Not thread-safe: used by one target worker's thread.
class LatencyWindow
{
public:
    static constexpr qint64 SlotMs = 10000;
    static constexpr int MaxMinutes = 15;
    static constexpr int SlotCount = MaxMinutes * 60000 / SlotMs;
    /// Latencies above this are counted in the top bucket (max and sum keep the real value).
    static constexpr qint64 MaxTrackedUs = (qint64(1) << 30) - 1;

    struct Quantiles
    {
        qint64 count = 0;
        qint64 p50Us = 0;
        qint64 p95Us = 0;
        qint64 p99Us = 0;
        qint64 maxUs = 0;
        qint64 sumUs = 0;

        bool operator==(const Quantiles &) const = default;
    };

    LatencyWindow();

    /// A negative latency counts as 0.
    void record(qint64 latencyUs, qint64 nowMs);
    /// minutes in 1..MaxMinutes (the engine uses 1, 5 and 15); all zero when no sample is in it.
    Quantiles window(int minutes, qint64 nowMs) const;

    /// Histogram counters currently allocated over all slots: bounded by SlotCount × BucketCount
    /// and independent of the recording rate (exposed for tests and diagnostics).
    std::size_t allocatedCounters() const;

    // The bucket layout, exposed for tests.
    static constexpr int SubBucketBits = 6;
    static constexpr int SubBuckets = 1 << SubBucketBits;
    static constexpr int ChunkCount
        = 31 - SubBucketBits; ///< one chunk of SubBuckets per power of two
    static constexpr int BucketCount = ChunkCount * SubBuckets;
    static int bucketIndex(qint64 latencyUs);
    static qint64 bucketLowUs(int index);
    static qint64 bucketWidthUs(int index);

private:
    struct Slot
    {
        qint64 epoch = std::numeric_limits<qint64>::min(); ///< nowMs / SlotMs of its samples
        qint64 count = 0;
        qint64 sumUs = 0;
        qint64 maxUs = 0;
        std::array<std::vector<quint32>, ChunkCount> chunks; ///< empty until first used
    };

    std::vector<Slot> m_slots;
};

} // namespace Tandem
