import LimeJSON

/// Why a payload gave no ``Conversation``.
public enum ExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not valid JSON; the error says what and where.
    case syntax(JSONError)
    /// The JSON is valid, but its top-level value is not an object.
    case notAnObject(found: String)
    /// The JSON is an object, but not a conversation (a page of Userlike's API v3, say).
    case notAConversation(String)

    /// A one-line explanation with the position, where there is one.
    public var description: String {
        switch self {
        case .syntax(let error): return error.description
        case .notAnObject(let found): return "expected an object, found \(found)"
        case .notAConversation(let what): return "not a conversation: \(what)"
        }
    }
}

extension JSONToken.Kind {
    /// What a value of this kind is called in messages ("an array", "a string").
    var valueDescription: String {
        switch self {
        case .objectStart: return "an object"
        case .arrayStart: return "an array"
        case .string, .key: return "a string"
        case .number: return "a number"
        case .true, .false: return "a boolean"
        case .null: return "null"
        default: return "nothing"
        }
    }
}
