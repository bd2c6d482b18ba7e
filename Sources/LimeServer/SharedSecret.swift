import Foundation

/// The secret Userlike sends in a header of the add-on's requests. Never printed: descriptions
/// and mirror are redacted. Compared in time that depends on the secret's length only, never on
/// where a guess first differs.
public struct SharedSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let bytes: [UInt8]

    /// Errors loading a secret (they name the file or variable, never the value).
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// Wraps a secret (surrounding whitespace and line breaks removed).
    ///
    /// - Throws: ``LoadError`` for an empty secret, or one with bytes an HTTP field cannot carry.
    public init(_ text: String) throws(LoadError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= 16 else {
            throw LoadError(message: "the shared secret must be at least 16 characters")
        }
        guard trimmed.utf8.allSatisfy({ $0 >= 0x21 && $0 != 0x7F }) else {
            throw LoadError(message: "the shared secret must be visible characters without spaces")
        }
        bytes = Array(trimmed.utf8)
    }

    /// The secret from the file at `path`, else from `LIMESTREAM_SECRET`.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment, file path: String?)
        throws(LoadError) -> SharedSecret
    {
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LoadError(message: "cannot read the secret file \(path)")
            }
            return try SharedSecret(String(decoding: data, as: UTF8.self))
        }
        guard let text = environment["LIMESTREAM_SECRET"] else {
            throw LoadError(
                message:
                    "set LIMESTREAM_SECRET or pass --secret-file PATH (the secret is never taken from the command line)"
            )
        }
        return try SharedSecret(text)
    }

    /// Whether `candidate` is the secret. Every byte of the secret is looked at, whatever the
    /// candidate, so the time taken says nothing about how much of a guess was right.
    public func matches(_ candidate: [UInt8]) -> Bool {
        var difference: UInt8 = candidate.count == bytes.count ? 0 : 1
        for index in bytes.indices {
            let other = index < candidate.count ? candidate[index] : 0
            difference |= bytes[index] ^ other
        }
        return difference == 0
    }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// No children.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
