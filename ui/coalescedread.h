// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <utility>

namespace Tandem::Ui {

/// At most one store read of a kind on its way (StoreThread::post), and at most one more after
/// it however often a refresh is asked for meanwhile: what a widget that reads again on every
/// change needs so that a burst of changes costs two reads, not one each.
///
/// Thread: the thread that posts the reads; not shared.
class CoalescedRead
{
public:
    /// Whether to post a read now; false while one is on its way (another follows it then).
    bool start()
    {
        if (m_reading) {
            m_again = true;
            return false;
        }
        m_reading = true;
        return true;
    }
    /// The read arrived; whether to read again.
    bool finish()
    {
        m_reading = false;
        return std::exchange(m_again, false);
    }

private:
    bool m_reading = false;
    bool m_again = false;
};

} // namespace Tandem::Ui
