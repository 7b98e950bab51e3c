// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>

#include <QString>

namespace Tandem {

/// What went wrong, as a code a caller can branch on plus a sentence an operator can act on.
/// The message names the problem (the field, the file, the line); it never contains a secret.
struct Error
{
    enum class Code {
        Invalid, ///< bad input: config, JSON, arguments
        NotFound,
        Store, ///< the store could not be opened, read or written
        StoreLocked, ///< another engine holds the data directory
        Overloaded, ///< the backlog limit is reached: try again later
        Io,
        Network,
        Internal,
        KeychainLocked, ///< the OS keychain is there but locked: unlock it, nothing is lost
        KeychainUnavailable, ///< no OS keychain reachable (no Secret Service, no D-Bus session)
    };
    Code code = Code::Internal;
    QString message;

    static Error invalid(QString m) { return { Code::Invalid, std::move(m) }; }
    static Error notFound(QString m) { return { Code::NotFound, std::move(m) }; }
    static Error store(QString m) { return { Code::Store, std::move(m) }; }
    static Error io(QString m) { return { Code::Io, std::move(m) }; }
};

/// The return type of every fallible engine call.
template <typename T> using Result = std::expected<T, Error>;

/// Shorthand for returning an error from a function returning Result<T>.
inline std::unexpected<Error> fail(Error e) { return std::unexpected<Error>(std::move(e)); }

} // namespace Tandem
