/// A set of conversation ids that stays small however long the export: the decimal ids Userlike
/// gives (`"63741936"`) are kept as 64-bit numbers, 8 bytes each plus the hash table's slack, and
/// anything else as text. Exact: no id is ever taken for another.
struct ConversationIDSet: Sendable {
    private var numbers = Set<UInt64>()
    private var others = Set<String>()

    /// The number of ids.
    var count: Int { numbers.count + others.count }

    /// Whether `id` is in the set.
    func contains(_ id: String) -> Bool {
        if let number = Self.number(id) { return numbers.contains(number) }
        return others.contains(id)
    }

    /// Adds `id`; false when it was there already.
    @discardableResult
    mutating func insert(_ id: String) -> Bool {
        if let number = Self.number(id) { return numbers.insert(number).inserted }
        return others.insert(id).inserted
    }

    /// The id as a number when it is the canonical decimal text of one (no sign, no leading zero,
    /// at most 19 digits), so that two texts map to one number only when they are the same text.
    static func number(_ id: String) -> UInt64? {
        let utf8 = id.utf8
        guard let first = utf8.first, utf8.count <= 19, first != UInt8(ascii: "0") || utf8.count == 1 else {
            return nil
        }
        var value: UInt64 = 0
        for byte in utf8 {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + UInt64(digit)
        }
        return value
    }
}
