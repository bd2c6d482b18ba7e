/// Where one extracted value sits in a conversation's ``FieldStorage``.
struct FieldSlot: Sendable {
    enum Kind: UInt8, Sendable {
        case null, `true`, `false`, number, string, json
    }
    var kind: Kind
    /// For strings: the decoded text may hold characters JSON must escape (`"`, `\`, controls).
    /// Always false for strings that had no escapes in the input, so they are written as they are.
    var needsEscaping: Bool
    var start: Int
    var count: Int

    static let null = FieldSlot(kind: .null, needsEscaping: false, start: 0, count: 0)
}

/// The bytes of one conversation's extracted fields: decoded UTF-8 for strings, JSON text for
/// numbers, objects and arrays. Appending is the only mutation.
struct FieldStorage: Sendable {
    var bytes: [UInt8] = []

    /// Stores a value and returns its slot.
    mutating func append(_ value: FieldValue) -> FieldSlot {
        let start = bytes.count
        switch value {
        case .null: return .null
        case .bool(let flag): return FieldSlot(kind: flag ? .true : .false, needsEscaping: false, start: 0, count: 0)
        case .number(let text):
            bytes.append(contentsOf: text.utf8)
            return FieldSlot(kind: .number, needsEscaping: false, start: start, count: bytes.count - start)
        case .json(let text):
            bytes.append(contentsOf: text.utf8)
            return FieldSlot(kind: .json, needsEscaping: false, start: start, count: bytes.count - start)
        case .string(let text):
            bytes.append(contentsOf: text.utf8)
            return FieldSlot(kind: .string, needsEscaping: true, start: start, count: bytes.count - start)
        }
    }

    /// The bytes of a slot.
    func slice(_ slot: FieldSlot) -> ArraySlice<UInt8> { bytes[slot.start..<(slot.start + slot.count)] }

    /// The value of a slot.
    func value(_ slot: FieldSlot) -> FieldValue {
        switch slot.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(String(decoding: slice(slot), as: UTF8.self))
        case .string: return .string(String(decoding: slice(slot), as: UTF8.self))
        case .json: return .json(String(decoding: slice(slot), as: UTF8.self))
        }
    }

    /// Whether two slots, each in its own storage, hold the same value.
    func same(_ slot: FieldSlot, _ other: FieldStorage, _ otherSlot: FieldSlot) -> Bool {
        slot.kind == otherSlot.kind && slice(slot).elementsEqual(other.slice(otherSlot))
    }

    /// Writes a slot as JSON text.
    func writeJSON(_ slot: FieldSlot, into out: inout [UInt8]) {
        switch slot.kind {
        case .null: out.append(contentsOf: "null".utf8)
        case .true: out.append(contentsOf: "true".utf8)
        case .false: out.append(contentsOf: "false".utf8)
        case .number, .json: out.append(contentsOf: slice(slot))
        case .string:
            if slot.needsEscaping {
                JSONTextWriter.writeString(slice(slot), into: &out)
            } else {
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: slice(slot))
                out.append(UInt8(ascii: "\""))
            }
        }
    }
}
