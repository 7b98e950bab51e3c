// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace Tandem::Ui {

/// Decides which of the engine's metric batches (about one a second) a view redraws for, so
/// that Settings › Charts › Refresh can slow the cards and charts down to one redraw every 2 or
/// 5 s while every batch is still recorded. A batch is due once the interval has passed since
/// the last due one, less a quarter second: the engine's ticks are not exactly a second apart,
/// and "every second" must not turn into "every other second".
///
/// Thread: any; not shared.
class RefreshPacer
{
public:
    static constexpr int ToleranceMs = 250;

    explicit RefreshPacer(int intervalMs = 1000)
        : m_intervalMs(intervalMs)
    {
    }

    int intervalMs() const { return m_intervalMs; }
    /// The next batch is due at once, so that the new interval shows.
    void setIntervalMs(int intervalMs)
    {
        m_intervalMs = intervalMs;
        m_lastMs = 0;
    }
    /// Whether to redraw now; remembers `nowMs` when it says yes.
    bool isDue(qint64 nowMs)
    {
        if (m_lastMs != 0 && nowMs - m_lastMs < m_intervalMs - ToleranceMs)
            return false;
        m_lastMs = nowMs;
        return true;
    }

private:
    int m_intervalMs;
    qint64 m_lastMs = 0;
};

} // namespace Tandem::Ui
