// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/targetconfig.h"

#include <algorithm>
#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include "engine/core/configtext.h"

namespace Tandem {

namespace {

// Headers the engine sets itself (DESIGN.md §4) or that HTTP owns; a static header may not
// override them, or a target could receive a wrong idempotency key.
const QSet<QByteArray> &reservedHeaders()
{
    static const QSet<QByteArray> names { "content-length", "host", "content-type",
        "idempotency-key", "traceparent", "tracestate", "user-agent", "transfer-encoding",
        "connection", "x-tandem-message-id", "x-tandem-attempt" };
    return names;
}

QString join(const QString &where, const QString &key)
{
    if (where.isEmpty())
        return key;
    return where + u'.' + key;
}

// Collects the first problem while walking a JSON object, so every check reads as one line.
class Reader
{
public:
    Reader(const QJsonObject &o, QString where)
        : m_o(o)
        , m_where(std::move(where))
    {
    }

    std::optional<Error> rejectUnknown(std::initializer_list<QLatin1StringView> known) const
    {
        for (auto it = m_o.begin(); it != m_o.end(); ++it) {
            if (std::find(known.begin(), known.end(), it.key()) == known.end())
                return Error::invalid(
                    ConfigText::tr("%1: unknown key \"%2\"").arg(where(), it.key()));
        }
        return std::nullopt;
    }

    QString where() const { return m_where.isEmpty() ? QStringLiteral("target") : m_where; }
    QString field(const QString &key) const { return join(m_where, key); }
    bool has(const QString &key) const { return m_o.contains(key); }
    QJsonValue value(const QString &key) const { return m_o.value(key); }

    Result<qint64> integer(const QString &key, qint64 current, qint64 min, qint64 max) const
    {
        if (!has(key))
            return current;
        const QJsonValue v = value(key);
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || d != std::floor(d))
            return fail(
                Error::invalid(ConfigText::tr("%1: must be a whole number").arg(field(key))));
        if (d < double(min) || d > double(max))
            return fail(Error::invalid(ConfigText::tr("%1: %2 is out of range (%3 to %4)")
                                           .arg(field(key))
                                           .arg(d, 0, 'g', 17)
                                           .arg(min)
                                           .arg(max)));
        return qint64(d);
    }

    Result<QString> string(const QString &key, const QString &current) const
    {
        if (!has(key))
            return current;
        if (!value(key).isString())
            return fail(Error::invalid(ConfigText::tr("%1: must be a string").arg(field(key))));
        return value(key).toString();
    }

private:
    const QJsonObject &m_o;
    QString m_where;
};

bool isToken(const QByteArray &s)
{
    static const QRegularExpression re(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return re.match(QString::fromLatin1(s)).hasMatch();
}

Result<RetryPolicy> readRetry(const QJsonValue &v, const QString &where, RetryPolicy p)
{
    if (!v.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object").arg(where)));
    const QJsonObject o = v.toObject();
    const Reader r(o, where);
    if (auto e = r.rejectUnknown({ QLatin1StringView("max_attempts"),
            QLatin1StringView("base_delay_ms"), QLatin1StringView("multiplier"),
            QLatin1StringView("max_delay_ms"), QLatin1StringView("jitter"),
            QLatin1StringView("max_age_s"), QLatin1StringView("retry_on") }))
        return fail(*e);

    auto attempts = r.integer(QStringLiteral("max_attempts"), p.maxAttempts, 1, 1000);
    if (!attempts)
        return fail(attempts.error());
    p.maxAttempts = int(*attempts);
    auto base = r.integer(QStringLiteral("base_delay_ms"), p.baseDelayMs, 0, 86'400'000);
    if (!base)
        return fail(base.error());
    p.baseDelayMs = *base;
    auto maxDelay = r.integer(QStringLiteral("max_delay_ms"), p.maxDelayMs, 0, 86'400'000);
    if (!maxDelay)
        return fail(maxDelay.error());
    p.maxDelayMs = *maxDelay;
    auto maxAge = r.integer(QStringLiteral("max_age_s"), p.maxAgeS, 1, 365LL * 86'400);
    if (!maxAge)
        return fail(maxAge.error());
    p.maxAgeS = *maxAge;

    if (r.has(QStringLiteral("multiplier"))) {
        const QJsonValue m = r.value(QStringLiteral("multiplier"));
        if (!m.isDouble() || m.toDouble() < 1.0 || m.toDouble() > 100.0)
            return fail(Error::invalid(ConfigText::tr("%1: must be a number from 1 to 100")
                                           .arg(r.field(QStringLiteral("multiplier")))));
        p.multiplier = m.toDouble();
    }
    if (r.has(QStringLiteral("jitter"))) {
        const QJsonValue j = r.value(QStringLiteral("jitter"));
        const auto mode = jitterFromName(j.toString());
        if (!j.isString() || !mode)
            return fail(Error::invalid(
                ConfigText::tr("%1: unknown jitter mode \"%2\" (expected none, "
                               "full, equal or decorrelated)")
                    .arg(r.field(QStringLiteral("jitter")), j.toVariant().toString())));
        p.jitter = *mode;
    }
    if (r.has(QStringLiteral("retry_on"))) {
        const QJsonValue list = r.value(QStringLiteral("retry_on"));
        const QString field = r.field(QStringLiteral("retry_on"));
        if (!list.isArray())
            return fail(Error::invalid(
                ConfigText::tr("%1: must be an array of HTTP status codes").arg(field)));
        p.retryOn.clear();
        for (const QJsonValue &s : list.toArray()) {
            const double d = s.toDouble(0);
            if (!s.isDouble() || d != std::floor(d) || d < 300 || d > 599)
                return fail(Error::invalid(
                    ConfigText::tr("%1: %2 is not an error status (300 to 599)")
                        .arg(field,
                            QString::fromUtf8(
                                QJsonDocument(QJsonArray { s }).toJson(QJsonDocument::Compact)))));
            if (!p.retryOn.contains(int(d)))
                p.retryOn.append(int(d));
        }
        std::sort(p.retryOn.begin(), p.retryOn.end());
    }
    if (p.maxDelayMs < p.baseDelayMs)
        return fail(
            Error::invalid(ConfigText::tr("%1: max_delay_ms (%2) is less than base_delay_ms (%3)")
                               .arg(where)
                               .arg(p.maxDelayMs)
                               .arg(p.baseDelayMs)));
    return p;
}

Result<TargetConfig> apply(TargetConfig t, const QJsonObject &json, const QString &where)
{
    const Reader r(json, where);
    if (auto e = r.rejectUnknown({ QLatin1StringView("name"), QLatin1StringView("url"),
            QLatin1StringView("method"), QLatin1StringView("headers"), QLatin1StringView("enabled"),
            QLatin1StringView("http2"), QLatin1StringView("timeouts"), QLatin1StringView("retry"),
            QLatin1StringView("concurrency"), QLatin1StringView("ordering"),
            QLatin1StringView("ordering_on_dead"), QLatin1StringView("breaker"),
            QLatin1StringView("rate_limit"), QLatin1StringView("adaptive_concurrency"),
            QLatin1StringView("retry_budget"), QLatin1StringView("auth"),
            QLatin1StringView("signing"), QLatin1StringView("tls"), QLatin1StringView("mapping") }))
        return fail(*e);

    auto name = r.string(QStringLiteral("name"), t.name);
    if (!name)
        return fail(name.error());
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$"));
    if (name->isEmpty())
        return fail(Error::invalid(ConfigText::tr("%1: \"name\" is required").arg(r.where())));
    if (!nameRe.match(*name).hasMatch())
        return fail(
            Error::invalid(ConfigText::tr("%1: \"%2\" is not a valid name (letters, digits, "
                                          "'.', '_' and '-', at most 63, starting with a "
                                          "letter or digit)")
                               .arg(r.field(QStringLiteral("name")), *name)));
    t.name = *name;

    auto url = r.string(QStringLiteral("url"), t.url.toString());
    if (!url)
        return fail(url.error());
    const QString urlField = r.field(QStringLiteral("url"));
    if (url->isEmpty())
        return fail(Error::invalid(ConfigText::tr("%1: \"url\" is required").arg(r.where())));
    const QUrl u(*url, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != u"http" && u.scheme() != u"https") || u.host().isEmpty())
        return fail(Error::invalid(
            ConfigText::tr("%1: \"%2\" is not an http:// or https:// URL with a host")
                .arg(urlField, *url)));
    if (!u.userInfo().isEmpty())
        return fail(
            Error::invalid(ConfigText::tr("%1: credentials in the URL are not allowed (they would "
                                          "be stored in clear); configure auth instead")
                               .arg(urlField)));
    if (u.hasFragment())
        return fail(
            Error::invalid(ConfigText::tr("%1: a URL fragment is never sent; remove \"#%2\"")
                               .arg(urlField, u.fragment())));
    t.url = u;

    auto method = r.string(QStringLiteral("method"), QString::fromLatin1(t.method));
    if (!method)
        return fail(method.error());
    const QString m = method->toUpper();
    if (m != u"POST" && m != u"PUT" && m != u"PATCH")
        return fail(
            Error::invalid(ConfigText::tr("%1: \"%2\" is not supported (POST, PUT or PATCH)")
                               .arg(r.field(QStringLiteral("method")), *method)));
    t.method = m.toLatin1();

    if (r.has(QStringLiteral("headers"))) {
        const QJsonValue hv = r.value(QStringLiteral("headers"));
        const QString field = r.field(QStringLiteral("headers"));
        if (!hv.isObject())
            return fail(
                Error::invalid(ConfigText::tr("%1: must be an object of strings").arg(field)));
        t.headers.clear();
        const QJsonObject h = hv.toObject();
        for (auto it = h.begin(); it != h.end(); ++it) {
            const QByteArray key = it.key().toLatin1();
            if (!isToken(key) || it.key().toLatin1() != it.key().toUtf8())
                return fail(Error::invalid(
                    ConfigText::tr("%1: \"%2\" is not a valid header name").arg(field, it.key())));
            if (reservedHeaders().contains(key.toLower()))
                return fail(Error::invalid(
                    ConfigText::tr("%1: \"%2\" is set by Tandem and cannot be overridden")
                        .arg(field, it.key())));
            if (!it.value().isString())
                return fail(
                    Error::invalid(ConfigText::tr("%1.%2: must be a string").arg(field, it.key())));
            for (const auto &[existing, unused] : std::as_const(t.headers)) {
                if (existing.compare(key, Qt::CaseInsensitive) == 0)
                    return fail(Error::invalid(
                        ConfigText::tr("%1: \"%2\" is given twice (header names ignore case)")
                            .arg(field, it.key())));
            }
            const QString value = it.value().toString();
            if (value.contains(u'\r') || value.contains(u'\n') || value.contains(QChar(0)))
                return fail(Error::invalid(
                    ConfigText::tr("%1.%2: a header value may not contain line breaks")
                        .arg(field, it.key())));
            t.headers.append({ key, value.toUtf8() });
        }
    }

    if (r.has(QStringLiteral("enabled"))) {
        if (!r.value(QStringLiteral("enabled")).isBool())
            return fail(Error::invalid(ConfigText::tr("%1: must be true or false")
                                           .arg(r.field(QStringLiteral("enabled")))));
        t.enabled = r.value(QStringLiteral("enabled")).toBool();
    }

    auto h2 = r.string(QStringLiteral("http2"), http2ModeName(t.http2));
    if (!h2)
        return fail(h2.error());
    if (*h2 == u"auto")
        t.http2 = Http2Mode::Auto;
    else if (*h2 == u"off")
        t.http2 = Http2Mode::Off;
    else if (*h2 == u"prior_knowledge")
        t.http2 = Http2Mode::PriorKnowledge;
    else
        return fail(Error::invalid(
            ConfigText::tr("%1: unknown mode \"%2\" (expected auto, off or prior_knowledge)")
                .arg(r.field(QStringLiteral("http2")), *h2)));
    if (t.http2 == Http2Mode::PriorKnowledge && t.url.scheme() != u"http")
        return fail(
            Error::invalid(ConfigText::tr("%1: prior_knowledge is for clear-text http:// URLs; "
                                          "over https HTTP/2 is negotiated (use auto)")
                               .arg(r.field(QStringLiteral("http2")))));

    if (r.has(QStringLiteral("timeouts"))) {
        const QJsonValue tv = r.value(QStringLiteral("timeouts"));
        const QString field = r.field(QStringLiteral("timeouts"));
        if (!tv.isObject())
            return fail(Error::invalid(ConfigText::tr("%1: must be an object").arg(field)));
        const QJsonObject to = tv.toObject();
        const Reader tr(to, field);
        if (auto e = tr.rejectUnknown(
                { QLatin1StringView("connect_ms"), QLatin1StringView("attempt_ms") }))
            return fail(*e);
        auto connect = tr.integer(QStringLiteral("connect_ms"), t.connectTimeoutMs, 1, 600'000);
        if (!connect)
            return fail(connect.error());
        auto attempt = tr.integer(QStringLiteral("attempt_ms"), t.attemptTimeoutMs, 1, 3'600'000);
        if (!attempt)
            return fail(attempt.error());
        t.connectTimeoutMs = int(*connect);
        t.attemptTimeoutMs = int(*attempt);
    }

    if (r.has(QStringLiteral("retry"))) {
        auto retry = readRetry(
            r.value(QStringLiteral("retry")), r.field(QStringLiteral("retry")), t.retry);
        if (!retry)
            return fail(retry.error());
        t.retry = *retry;
    }

    auto concurrency = r.integer(QStringLiteral("concurrency"), t.concurrency, 1, 4096);
    if (!concurrency)
        return fail(concurrency.error());
    t.concurrency = int(*concurrency);

    auto ordering = r.string(QStringLiteral("ordering"),
        t.ordering == Ordering::PerKey ? QStringLiteral("per_key") : QStringLiteral("none"));
    if (!ordering)
        return fail(ordering.error());
    if (*ordering == u"none")
        t.ordering = Ordering::None;
    else if (*ordering == u"per_key")
        t.ordering = Ordering::PerKey;
    else
        return fail(
            Error::invalid(ConfigText::tr("%1: unknown ordering \"%2\" (expected none or per_key)")
                               .arg(r.field(QStringLiteral("ordering")), *ordering)));
    auto onDead = r.string(QStringLiteral("ordering_on_dead"),
        t.orderingOnDead == DeadKeyPolicy::Skip ? QStringLiteral("skip") : QStringLiteral("block"));
    if (!onDead)
        return fail(onDead.error());
    if (*onDead == u"block")
        t.orderingOnDead = DeadKeyPolicy::Block;
    else if (*onDead == u"skip")
        t.orderingOnDead = DeadKeyPolicy::Skip;
    else
        return fail(
            Error::invalid(ConfigText::tr("%1: unknown policy \"%2\" (expected block or skip)")
                               .arg(r.field(QStringLiteral("ordering_on_dead")), *onDead)));

    if (r.has(QStringLiteral("breaker"))) {
        auto b = t.breaker.patched(
            r.value(QStringLiteral("breaker")), r.field(QStringLiteral("breaker")));
        if (!b)
            return fail(b.error());
        t.breaker = *b;
    }
    if (r.has(QStringLiteral("rate_limit"))) {
        auto l = RateLimit::fromJson(
            r.value(QStringLiteral("rate_limit")), r.field(QStringLiteral("rate_limit")));
        if (!l)
            return fail(l.error());
        t.rateLimit = *l;
    }
    if (r.has(QStringLiteral("adaptive_concurrency"))) {
        auto a
            = AdaptiveConcurrencyConfig::fromJson(r.value(QStringLiteral("adaptive_concurrency")),
                r.field(QStringLiteral("adaptive_concurrency")));
        if (!a)
            return fail(a.error());
        t.adaptiveConcurrency = *a;
    }
    if (r.has(QStringLiteral("retry_budget"))) {
        auto b = RetryBudgetConfig::fromJson(
            r.value(QStringLiteral("retry_budget")), r.field(QStringLiteral("retry_budget")));
        if (!b)
            return fail(b.error());
        t.retryBudget = *b;
    }
    if (r.has(QStringLiteral("auth"))) {
        auto a = AuthConfig::fromJson(
            r.value(QStringLiteral("auth")), r.field(QStringLiteral("auth")));
        if (!a)
            return fail(a.error());
        t.auth = *a;
    }
    if (r.has(QStringLiteral("signing"))) {
        auto s = SigningConfig::fromJson(
            r.value(QStringLiteral("signing")), r.field(QStringLiteral("signing")));
        if (!s)
            return fail(s.error());
        t.signing = *s;
    }
    if (r.has(QStringLiteral("tls"))) {
        auto tls
            = TlsConfig::fromJson(r.value(QStringLiteral("tls")), r.field(QStringLiteral("tls")));
        if (!tls)
            return fail(tls.error());
        t.tls = *tls;
    }
    if ((!t.tls.isDefault()) && t.url.scheme() != u"https")
        return fail(Error::invalid(ConfigText::tr("%1: TLS settings need an https:// URL")
                                       .arg(r.field(QStringLiteral("tls")))));
    if (r.has(QStringLiteral("mapping"))) {
        auto m = PayloadMapping::fromJson(
            r.value(QStringLiteral("mapping")), r.field(QStringLiteral("mapping")));
        if (!m)
            return fail(m.error());
        t.mapping = *m;
    }
    return t;
}

} // namespace

QString http2ModeName(Http2Mode m)
{
    switch (m) {
    case Http2Mode::Auto:
        return QStringLiteral("auto");
    case Http2Mode::Off:
        return QStringLiteral("off");
    case Http2Mode::PriorKnowledge:
        return QStringLiteral("prior_knowledge");
    }
    return {};
}

Result<TargetConfig> TargetConfig::fromJson(const QJsonObject &json, const QString &where)
{
    return apply(TargetConfig {}, json, where);
}

Result<TargetConfig> TargetConfig::patched(const QJsonObject &patch) const
{
    if (patch.contains(QStringLiteral("name"))
        && patch.value(QStringLiteral("name")).toString() != name)
        return fail(Error::invalid(
            ConfigText::tr("name: a target cannot be renamed (remove it and add it anew)")));
    return apply(*this, patch, {});
}

QJsonObject TargetConfig::toJson() const
{
    QJsonObject headersJson;
    for (const auto &[k, v] : headers)
        headersJson.insert(QString::fromLatin1(k), QString::fromUtf8(v));
    QJsonArray retryOn;
    for (int s : retry.retryOn)
        retryOn.append(s);
    return QJsonObject {
        { QStringLiteral("name"), name },
        { QStringLiteral("url"), url.toString(QUrl::FullyEncoded) },
        { QStringLiteral("method"), QString::fromLatin1(method) },
        { QStringLiteral("headers"), headersJson },
        { QStringLiteral("enabled"), enabled },
        { QStringLiteral("http2"), http2ModeName(http2) },
        { QStringLiteral("timeouts"),
            QJsonObject { { QStringLiteral("connect_ms"), connectTimeoutMs },
                { QStringLiteral("attempt_ms"), attemptTimeoutMs } } },
        { QStringLiteral("retry"),
            QJsonObject {
                { QStringLiteral("max_attempts"), retry.maxAttempts },
                { QStringLiteral("base_delay_ms"), qint64(retry.baseDelayMs) },
                { QStringLiteral("multiplier"), retry.multiplier },
                { QStringLiteral("max_delay_ms"), qint64(retry.maxDelayMs) },
                { QStringLiteral("jitter"), jitterName(retry.jitter) },
                { QStringLiteral("max_age_s"), qint64(retry.maxAgeS) },
                { QStringLiteral("retry_on"), retryOn },
            } },
        { QStringLiteral("concurrency"), concurrency },
        { QStringLiteral("ordering"),
            ordering == Ordering::PerKey ? QStringLiteral("per_key") : QStringLiteral("none") },
        { QStringLiteral("ordering_on_dead"),
            orderingOnDead == DeadKeyPolicy::Skip ? QStringLiteral("skip")
                                                  : QStringLiteral("block") },
        { QStringLiteral("breaker"), breaker.toJson() },
        { QStringLiteral("rate_limit"), rateLimit.toJson() },
        { QStringLiteral("adaptive_concurrency"), adaptiveConcurrency.toJson() },
        { QStringLiteral("retry_budget"), retryBudget.toJson() },
        { QStringLiteral("auth"), auth.toJson() },
        { QStringLiteral("signing"), signing.toJson() },
        { QStringLiteral("tls"), tls.toJson() },
        { QStringLiteral("mapping"), mapping.toJson() },
    };
}

namespace {

void diff(const QJsonValue &a, const QJsonValue &b, const QString &path, QStringList &out)
{
    if (a == b)
        return;
    if (a.isObject() && b.isObject()) {
        const QJsonObject oa = a.toObject();
        const QJsonObject ob = b.toObject();
        QStringList keys = oa.keys() + ob.keys();
        keys.removeDuplicates();
        for (const QString &k : std::as_const(keys))
            diff(oa.value(k), ob.value(k), path.isEmpty() ? k : path + u'.' + k, out);
        return;
    }
    out.append(path);
}

} // namespace

QStringList TargetConfig::changedFields(const TargetConfig &other) const
{
    QStringList out;
    diff(toJson(), other.toJson(), {}, out);
    out.sort();
    return out;
}

QList<TargetConfig::SecretSlot> TargetConfig::secretSlots() const
{
    QList<SecretSlot> out;
    if (auth.needsSecret())
        out.append({ QStringLiteral("auth.") + auth.secretField(), auth.secret });
    if (signing.enabled()) {
        out.append({ QStringLiteral("signing.secret"), signing.secret });
        if (!signing.previousSecret.isEmpty())
            out.append({ QStringLiteral("signing.previous_secret"), signing.previousSecret });
    }
    if (!tls.clientCertificateFile.isEmpty())
        out.append({ QStringLiteral("tls.client_key"), tls.clientKey });
    return out;
}

Result<QList<TargetConfig>> parseTargetsDocument(const QByteArray &json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        const int line = int(json.left(pe.offset).count('\n')) + 1;
        return fail(Error::invalid(ConfigText::tr("line %1: %2").arg(line).arg(pe.errorString())));
    }
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != u"targets")
            return fail(Error::invalid(
                ConfigText::tr("unknown key \"%1\" (expected only \"targets\")").arg(it.key())));
    }
    if (!doc.isObject() || !root.value(QStringLiteral("targets")).isArray())
        return fail(Error::invalid(ConfigText::tr("expected an object {\"targets\": [...]}")));
    QList<TargetConfig> out;
    QSet<QString> names;
    const QJsonArray arr = root.value(QStringLiteral("targets")).toArray();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        const QString where = QStringLiteral("targets[%1]").arg(i);
        if (!arr.at(i).isObject())
            return fail(Error::invalid(ConfigText::tr("%1: must be an object").arg(where)));
        auto t = TargetConfig::fromJson(arr.at(i).toObject(), where);
        if (!t)
            return fail(t.error());
        if (names.contains(t->name))
            return fail(Error::invalid(
                ConfigText::tr("%1: the name \"%2\" is used twice").arg(where, t->name)));
        names.insert(t->name);
        out.append(*t);
    }
    return out;
}

QByteArray targetsDocument(const QList<TargetConfig> &targets)
{
    QJsonArray arr;
    for (const TargetConfig &t : targets)
        arr.append(t.toJson());
    return QJsonDocument(QJsonObject { { QStringLiteral("targets"), arr } })
        .toJson(QJsonDocument::Indented);
}

} // namespace Tandem
