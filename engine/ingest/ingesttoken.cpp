// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/ingesttoken.h"

#include <array>

#include <QRandomGenerator>

namespace Tandem {

QByteArray IngestToken::generate()
{
    std::array<quint32, 8> words {};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), sizeof(words));
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool IngestToken::matches(const QByteArray &expected, const QByteArray &presented)
{
    if (expected.isEmpty())
        return false;
    unsigned char diff = expected.size() == presented.size() ? 0 : 1;
    for (qsizetype i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>(expected.at(i) ^ (i < presented.size() ? presented.at(i) : char(0)));
    return diff == 0;
}

} // namespace Tandem
