import Foundation

/// The customer's Lime API key. It is never printed: its descriptions and mirror are redacted, and
/// ``redact(_:)`` removes it from any text (a server's error body, say) before that text is shown.
public struct LimeAPIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key itself: for the transports of this package (LimeURLSession's too), nothing else.
    package let value: String

    /// Wraps a key (surrounding whitespace and line breaks removed).
    public init(_ value: String) throws(SenderError) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SenderError.missingAPIKey("the API key is empty") }
        self.value = trimmed
    }

    /// The key from `LIME_API_KEY`, or from the file at `path` when one is given.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment, file path: String?)
        throws(SenderError) -> LimeAPIKey
    {
        if let path {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                throw SenderError.missingAPIKey("cannot read the API key file \(path)")
            }
            return try LimeAPIKey(text)
        }
        guard let text = environment["LIME_API_KEY"] else {
            throw SenderError.missingAPIKey(
                "set LIME_API_KEY or pass --api-key-file PATH (the key is never taken from the command line)")
        }
        return try LimeAPIKey(text)
    }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// No children: reflection shows nothing of the key.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// `text` with every occurrence of the key replaced by `<redacted>`.
    public func redact(_ text: String) -> String { text.replacingOccurrences(of: value, with: "<redacted>") }
}
