import LimeJSON

// MARK: - Reading values back

extension FieldStorage {
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
        return String(decoding: decoded(slot), as: UTF8.self)
    }

    /// A string slot's contents with the escapes resolved.
    private func decoded(_ slot: FieldSlot) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(slot.count)
        withRawBytes(slot) { JSONStringDecoder.decode($0, into: &decoded) }
        return decoded
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

    /// Calls `body` with the decoded UTF-8 of a string slot: the stored bytes themselves when the
    /// string had no escapes, a decoded copy otherwise. Returns nil for slots that are not strings.
    func withDecodedUTF8<R>(_ slot: FieldSlot, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard slot.kind == .string else { return nil }
        if !slot.hasEscapes { return try withRawBytes(slot, body) }
        return try decoded(slot).withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the UTF-8 of a slot's ``FieldValue/text``; nil for a null slot.
    func withText<R>(_ slot: FieldSlot, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        switch slot.kind {
        case .null: return nil
        case .string: return try withDecodedUTF8(slot, body)
        case .true: return try "true".utf8.withContiguousStorageIfAvailable(body)
        case .false: return try "false".utf8.withContiguousStorageIfAvailable(body)
        case .number, .json: return try withRawBytes(slot, body)
        }
    }
}
