/// A mistake in a mapping file, found before any conversation is read: which key, and what is wrong.
public struct MappingConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of mistake.
    public enum Kind: Sendable, Equatable {
        /// The file is not valid JSON (or not an object).
        case invalidJSON
        /// A key the format does not have.
        case unknownKey
        /// A value of the wrong JSON type.
        case wrongType
        /// A source field outside the vocabulary (``SourceField``).
        case unknownSourceField
        /// A time zone that is not an IANA name the system knows.
        case unknownTimeZone
        /// A key the format requires is missing.
        case missingKey
        /// A size that is too small.
        case invalidSize
        /// A match property that the object's properties do not fill.
        case unknownMatchProperty
    }

    /// What kind of mistake.
    public var kind: Kind
    /// The key path, `history.note.maxBytes` (empty for the whole file).
    public var path: String
    /// What is wrong, for people.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    /// `mapping: history.note.maxBytes: must be at least 64 (found 0)`.
    public var description: String { path.isEmpty ? "mapping: \(message)" : "mapping: \(path): \(message)" }
}
