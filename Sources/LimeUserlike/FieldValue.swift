import LimeJSON

/// One field copied out of a Userlike payload.
///
/// A missing key, or a parent that is missing, `null` or not an object, reads as ``null``, exactly
/// like an explicit JSON `null`: the Lime mapping treats both the same way.
public enum FieldValue: Sendable, Hashable {
    /// The key was missing, or its value was JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as its exact text in the input (`"42"`, `"-1.5e3"`); convert it when needed.
    case number(String)
    /// A string, unescaped.
    case string(String)
    /// An object or an array, as compact JSON text.
    case json(String)

    /// The decoded string, or `nil` when the value is not a string.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// `true` for ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A readable text: a string's contents, a number's text, `"true"`/`"false"`, compact JSON for
    /// objects and arrays; `nil` for ``null``.
    public var text: String? {
        switch self {
        case .null: return nil
        case .bool(let value): return value ? "true" : "false"
        case .number(let text), .string(let text), .json(let text): return text
        }
    }

    /// The value as JSON text (`null`, `true`, `12`, `"a\"b"`, `{"k":1}`).
    public var jsonText: String {
        var out: [UInt8] = []
        writeJSON(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as JSON text (see ``jsonText``), without making a `String`.
    public func writeJSON(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text), .json(let text): out.append(contentsOf: text.utf8)
        case .string(let text): JSONWriter.writeString(text, into: &out)
        }
    }
}
