// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/ids.h"

#include <algorithm>

#include <QByteArrayList>
#include <QRandomGenerator>

#include <array>

namespace Tandem {

namespace {

// Random bytes in one call: generate() over a byte range asks the system generator once per
// byte, which made id generation the largest cost of a bulk enqueue.
QByteArray randomBytes(int bytes, QRandomGenerator &rng)
{
    Q_ASSERT(bytes % 4 == 0 && bytes <= 16);
    std::array<quint32, 4> words {};
    rng.fillRange(words.data(), bytes / 4);
    return QByteArray(reinterpret_cast<const char *>(words.data()), bytes);
}

QByteArray randomHex(int bytes, QRandomGenerator &rng)
{
    QByteArray raw;
    do {
        raw = randomBytes(bytes, rng);
    } while (raw.count('\0') == raw.size()); // W3C forbids the all-zero id
    return raw.toHex();
}

} // namespace

QString newMessageId(qint64 unixMs) { return newMessageId(unixMs, *QRandomGenerator::system()); }

QString newMessageId(qint64 unixMs, QRandomGenerator &rng)
{
    QByteArray b = randomBytes(16, rng);
    for (int i = 0; i < 6; ++i)
        b[i] = char((unixMs >> (8 * (5 - i))) & 0xff);
    b[6] = char(0x70 | (b[6] & 0x0f)); // version 7
    b[8] = char(0x80 | (b[8] & 0x3f)); // RFC 4122 variant
    const QByteArray h = b.toHex();
    return QString::fromLatin1(h.mid(0, 8) + '-' + h.mid(8, 4) + '-' + h.mid(12, 4) + '-'
        + h.mid(16, 4) + '-' + h.mid(20, 12));
}

QByteArray newTraceId() { return randomHex(16, *QRandomGenerator::system()); }

QByteArray newTraceId(QRandomGenerator &rng) { return randomHex(16, rng); }

QByteArray newSpanId() { return randomHex(8, *QRandomGenerator::system()); }

QByteArray traceIdOf(const QByteArray &traceparent)
{
    const QByteArrayList parts = traceparent.trimmed().split('-');
    auto hex = [](const QByteArray &s, int size) {
        return s.size() == size && std::all_of(s.begin(), s.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        });
    };
    auto zero = [](const QByteArray &s) { return s.count('0') == s.size(); };
    if (parts.size() != 4 || !hex(parts[0], 2) || parts[0] == "ff" || !hex(parts[1], 32)
        || zero(parts[1]) || !hex(parts[2], 16) || zero(parts[2]) || !hex(parts[3], 2))
        return {};
    return parts[1];
}

} // namespace Tandem
