// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/errorfingerprint.h"

#include <QRegularExpression>

namespace Tandem {

namespace {

constexpr qsizetype MaxLength = 200;

struct Rule
{
    QRegularExpression pattern;
    QString replacement;
};

const QList<Rule> &rules()
{
    using RE = QRegularExpression;
    // Built once; QRegularExpression is safe to use from several threads at once.
    static const QList<Rule> all {
        { RE(QStringLiteral(R"(((?:https?|wss?)://[^\s?#"']*)\?[^\s#"']*)"),
              RE::CaseInsensitiveOption),
            QStringLiteral("\\1?<query>") },
        { RE(QStringLiteral(R"("[^"\n]*")")), QStringLiteral("\"<str>\"") },
        // Only quotes that open after a non-word character: an apostrophe ("can't") is no quote.
        { RE(QStringLiteral(R"((^|\W)'[^'\n]*')")), QStringLiteral("\\1'<str>'") },
        { RE(QStringLiteral(R"(\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)"),
              RE::CaseInsensitiveOption),
            QStringLiteral("<id>") },
        // Hex ids, trace ids, digests, truncated message ids ("0193ab…"); a word of letters
        // only ("deadbeef" aside) stays a word.
        { RE(QStringLiteral(R"(\b(?:0x)?(?=[0-9a-f]*[0-9])[0-9a-f]{6,}\b…?)"),
              RE::CaseInsensitiveOption),
            QStringLiteral("<id>") },
        { RE(QStringLiteral(R"(\b\d+(?:\.\d+)?\s*(?:ns|us|µs|ms|s|sec|secs|seconds?|)"
                            R"(milliseconds?|m|mins?|minutes?|h|hours?)\b)"),
              RE::CaseInsensitiveOption),
            QStringLiteral("<duration>") },
        { RE(QStringLiteral(R"(\d+(?:\.\d+)?…?)")), QStringLiteral("<n>") },
        { RE(QStringLiteral(R"(\s+)")), QStringLiteral(" ") },
    };
    return all;
}

} // namespace

QString normaliseErrorText(QStringView text)
{
    QString out = text.toString();
    for (const Rule &rule : rules())
        out.replace(rule.pattern, rule.replacement);
    out = out.trimmed();
    if (out.size() > MaxLength)
        out.truncate(MaxLength);
    return out;
}

} // namespace Tandem
