/// The keys an ``ExtractionRun`` wants in one kind of object of a Userlike payload: one enum a kind
/// of object (``ConversationKey``, ``Contact/Field``, ``MessageKey``, ...), its cases the wanted keys.
///
/// The enum is the whole schema of its object: the run walks an object once
/// (``ExtractionRun/walkMembers(_:_:)``), finds each key's case through ``keyTable``, skips (and
/// validates) the members of every other key, and hands the wanted ones to a `switch` on the case.
/// So a key is added in one place, and no id is written out by hand.
protocol WantedKey: RawRepresentable<Int>, CaseIterable {
    /// The key as it stands in the payload, in UTF-8.
    var payloadKey: StaticString { get }

    /// The table that finds the keys by their raw bytes: made once per type by
    /// ``KeyTable/init(wanted:)``, in a `static let`.
    static var keyTable: KeyTable { get }
}

extension WantedKey {
    /// The case of a ``KeyTable`` match, `nil` for a key not wanted (id 0). The table gives case
    /// `c` the id `c.rawValue + 1` (``KeyTable/init(wanted:)``): raw values count from 0 in case
    /// order, as a Swift enum's do.
    @inline(__always)
    init?(keyID: UInt8) { self.init(rawValue: Int(keyID) &- 1) }
}

extension KeyTable {
    /// The table of a ``WantedKey`` type's cases, in case order (case `c` gets id `c.rawValue + 1`).
    init<Key: WantedKey>(wanted: Key.Type) {
        let cases = Array(Key.allCases)
        precondition(cases.enumerated().allSatisfy { $0.offset == $0.element.rawValue }, "raw values count from 0")
        self.init(cases.map(\.payloadKey))
    }
}
