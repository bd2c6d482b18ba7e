import LimeJSON

/// Where one extracted value sits in a conversation's ``FieldStorage``.
struct FieldSlot: Sendable {
    enum Kind: UInt8, Sendable {
        case null, `true`, `false`, number, string, json
    }
    var kind: Kind
    /// For strings: the stored contents hold `\` escapes (they are kept as in the input, valid
    /// JSON string contents, and decoded only when the value is read as a `String`).
    var hasEscapes: Bool
    var start: Int
    var count: Int

    static let null = FieldSlot(kind: .null, hasEscapes: false, start: 0, count: 0)
    /// A null that stands for a string not copied yet (see `ExtractionRun.deferredBody()`).
    static let deferred = FieldSlot(kind: .null, hasEscapes: false, start: -1, count: 0)
}

/// The bytes of one conversation's extracted fields, all as JSON text: string contents as they
/// were between the quotes (escapes and all, so writing them out is a copy), numbers, objects and
/// arrays compact. Appending is the only mutation.
struct FieldStorage: Sendable {
    var bytes: [UInt8] = []

    /// Stores a value and returns its slot.
    mutating func append(_ value: FieldValue) -> FieldSlot {
        let start = bytes.count
        switch value {
        case .null: return .null
        case .bool(let flag): return FieldSlot(kind: flag ? .true : .false, hasEscapes: false, start: 0, count: 0)
        case .number(let text):
            bytes.append(contentsOf: text.utf8)
            return FieldSlot(kind: .number, hasEscapes: false, start: start, count: bytes.count - start)
        case .json(let text):
            bytes.append(contentsOf: text.utf8)
            return FieldSlot(kind: .json, hasEscapes: false, start: start, count: bytes.count - start)
        case .string(let text):
            let escaped = JSONWriter.writeStringContents(text, into: &bytes)
            return FieldSlot(kind: .string, hasEscapes: escaped, start: start, count: bytes.count - start)
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
        case .string: return .string(decodedString(slot))
        case .json: return .json(String(decoding: slice(slot), as: UTF8.self))
        }
    }

    /// The text of a string slot, escapes resolved.
    func decodedString(_ slot: FieldSlot) -> String {
        guard slot.hasEscapes else { return String(decoding: slice(slot), as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(slot.count)
        bytes.withUnsafeBufferPointer { buffer in
            JSONStringDecoder.decode(
                UnsafeBufferPointer(rebasing: buffer[slot.start..<(slot.start + slot.count)]), into: &decoded)
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Whether two slots, each in its own storage, hold the same value (strings compared by their
    /// decoded text, so `"\u0041"` equals `"A"`).
    func same(_ slot: FieldSlot, _ other: FieldStorage, _ otherSlot: FieldSlot) -> Bool {
        guard slot.kind == otherSlot.kind else { return false }
        if slot.kind == .string && (slot.hasEscapes || otherSlot.hasEscapes) {
            return decodedString(slot) == other.decodedString(otherSlot)
        }
        return slice(slot).elementsEqual(other.slice(otherSlot))
    }

    /// Writes a slot as JSON text.
    func writeJSON(_ slot: FieldSlot, into out: inout [UInt8]) {
        switch slot.kind {
        case .null: out.append(contentsOf: "null".utf8)
        case .true: out.append(contentsOf: "true".utf8)
        case .false: out.append(contentsOf: "false".utf8)
        case .number, .json: out.append(contentsOf: slice(slot))
        case .string:
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: slice(slot))
            out.append(UInt8(ascii: "\""))
        }
    }
}

extension FieldStorage {
    /// Calls `body` with the decoded UTF-8 of a string slot: the stored bytes themselves when the
    /// string had no escapes, a decoded copy otherwise. Returns nil for slots that are not strings.
    func withDecodedUTF8<R>(_ slot: FieldSlot, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard slot.kind == .string else { return nil }
        if !slot.hasEscapes {
            return try bytes.withUnsafeBufferPointer { buffer in
                try body(UnsafeBufferPointer(rebasing: buffer[slot.start..<(slot.start + slot.count)]))
            }
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(slot.count)
        bytes.withUnsafeBufferPointer { buffer in
            JSONStringDecoder.decode(
                UnsafeBufferPointer(rebasing: buffer[slot.start..<(slot.start + slot.count)]), into: &decoded)
        }
        return try decoded.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the UTF-8 of a slot's ``FieldValue/text``; nil for a null slot.
    func withText<R>(_ slot: FieldSlot, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        switch slot.kind {
        case .null: return nil
        case .string: return try withDecodedUTF8(slot, body)
        case .true: return try "true".utf8.withContiguousStorageIfAvailable(body)
        case .false: return try "false".utf8.withContiguousStorageIfAvailable(body)
        case .number, .json:
            return try bytes.withUnsafeBufferPointer { buffer in
                try body(UnsafeBufferPointer(rebasing: buffer[slot.start..<(slot.start + slot.count)]))
            }
        }
    }

    /// Calls `body` with a slot's stored bytes (a string's raw contents, escapes and all).
    func withRawBytes<R>(_ slot: FieldSlot, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[slot.start..<(slot.start + slot.count)]))
        }
    }
}
