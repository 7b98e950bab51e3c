// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/metrics/latencywindow.h"

#include <algorithm>
#include <cmath>

#include <bit>

namespace Tandem {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int ringIndex(qint64 epoch)
{
    const qint64 r = epoch % LatencyWindow::SlotCount;
    return int(r < 0 ? r + LatencyWindow::SlotCount : r);
}

// Nearest rank: the smallest value with at least ceil(q × count) samples at or below it.
qint64 rankFor(double q, qint64 count)
{
    const auto rank = qint64(std::ceil(q * double(count)));
    return std::clamp<qint64>(rank, 1, count);
}

} // namespace

LatencyWindow::LatencyWindow()
    : m_slots(SlotCount)
{
}

int LatencyWindow::bucketIndex(qint64 latencyUs)
{
    const auto v = quint64(std::clamp<qint64>(latencyUs, 0, MaxTrackedUs));
    if (v < quint64(2 * SubBuckets))
        return int(v);
    // Below 2 × SubBuckets every value has its own bucket; above, each power of two [2^e, 2^(e+1))
    // splits into SubBuckets buckets of width 2^(e − SubBucketBits).
    const int shift = std::bit_width(v) - 1 - SubBucketBits;
    return shift * SubBuckets + int(v >> shift);
}

qint64 LatencyWindow::bucketLowUs(int index)
{
    Q_ASSERT(index >= 0 && index < BucketCount);
    if (index < 2 * SubBuckets)
        return index;
    const int shift = index / SubBuckets - 1;
    return qint64(index % SubBuckets + SubBuckets) << shift;
}

qint64 LatencyWindow::bucketWidthUs(int index)
{
    Q_ASSERT(index >= 0 && index < BucketCount);
    if (index < 2 * SubBuckets)
        return 1;
    return qint64(1) << (index / SubBuckets - 1);
}

void LatencyWindow::record(qint64 latencyUs, qint64 nowMs)
{
    latencyUs = std::max<qint64>(latencyUs, 0);
    const qint64 epoch = floorDiv(nowMs, SlotMs);
    Slot &slot = m_slots[ringIndex(epoch)];
    if (slot.epoch > epoch)
        return; // the ring has moved on past this sample's slot
    if (slot.epoch < epoch) {
        slot.epoch = epoch;
        slot.count = 0;
        slot.sumUs = 0;
        slot.maxUs = 0;
        // Zero rather than free: the same magnitudes usually come back, and memory stays bounded.
        for (std::vector<quint32> &chunk : slot.chunks)
            std::fill(chunk.begin(), chunk.end(), 0);
    }

    const int index = bucketIndex(latencyUs);
    std::vector<quint32> &chunk = slot.chunks[index / SubBuckets];
    if (chunk.empty())
        chunk.resize(SubBuckets, 0);
    ++chunk[index % SubBuckets];
    ++slot.count;
    slot.sumUs += latencyUs;
    slot.maxUs = std::max(slot.maxUs, latencyUs);
}

LatencyWindow::Quantiles LatencyWindow::window(int minutes, qint64 nowMs) const
{
    Q_ASSERT(minutes >= 1 && minutes <= MaxMinutes);
    const qint64 slots = qint64(std::clamp(minutes, 1, MaxMinutes)) * 60000 / SlotMs;
    const qint64 last = floorDiv(nowMs, SlotMs);
    const qint64 first = last - slots + 1;

    Quantiles q;
    std::array<qint64, BucketCount> merged {};
    for (const Slot &slot : m_slots) {
        if (slot.epoch < first || slot.epoch > last || slot.count == 0)
            continue;
        q.count += slot.count;
        q.sumUs += slot.sumUs;
        q.maxUs = std::max(q.maxUs, slot.maxUs);
        for (int c = 0; c < ChunkCount; ++c) {
            const std::vector<quint32> &chunk = slot.chunks[c];
            for (std::size_t i = 0; i < chunk.size(); ++i)
                merged[c * SubBuckets + i] += chunk[i];
        }
    }
    if (q.count == 0)
        return q;

    struct Wanted
    {
        double quantile;
        qint64 *out;
    };
    const std::array<Wanted, 3> wanted { { { 0.50, &q.p50Us }, { 0.95, &q.p95Us },
        { 0.99, &q.p99Us } } };
    std::size_t next = 0;
    qint64 cumulative = 0;
    for (int i = 0; i < BucketCount && next < wanted.size(); ++i) {
        cumulative += merged[i];
        while (next < wanted.size() && cumulative >= rankFor(wanted[next].quantile, q.count)) {
            // The middle of the bucket halves the worst error; the exact max bounds the top one.
            const qint64 mid = bucketLowUs(i) + bucketWidthUs(i) / 2;
            *wanted[next].out = std::min(mid, q.maxUs);
            ++next;
        }
    }
    return q;
}

std::size_t LatencyWindow::allocatedCounters() const
{
    std::size_t n = 0;
    for (const Slot &slot : m_slots) {
        for (const std::vector<quint32> &chunk : slot.chunks)
            n += chunk.size();
    }
    return n;
}

} // namespace Tandem
