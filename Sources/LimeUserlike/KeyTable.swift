/// Matches object keys against a fixed set of wanted keys by their raw UTF-8 bytes.
///
/// Most keys in a payload are not wanted, so rejection must be cheap: a bit per key length
/// rejects most keys with one test. The rest are hashed (their first and last up to eight bytes,
/// read with two loads, and their length) into a table where each wanted key has a slot of its
/// own, so that one probe decides: the slot's key has the same length and the same two words, which
/// identify a key of up to 16 bytes exactly, and for longer keys the bytes in between (long keys
/// alike in length and both words share a slot and are told apart there). (A scan of
/// every entry of the key's length instead took some five compares a key on a chat transcript, and
/// was a fifth of the cost of a message's keys above the tokenizer.)
struct KeyTable: Sendable {
    private struct Entry: Sendable {
        /// 0 for an empty slot: no key has length 0, so such a slot matches nothing.
        var length: Int = 0
        var first: UInt64 = 0
        var last: UInt64 = 0
        var id: UInt8 = 0
    }

    /// A wanted key longer than 16 bytes: its bytes and id.
    private struct LongKey: Sendable {
        var bytes: [UInt8]
        var id: UInt8
    }

    private let lengths: UInt64
    /// The hash's odd multiplier, chosen so that no two wanted keys share a slot.
    private let multiplier: UInt64
    /// `64 - log2(slots.count)`: the hash's top bits index the slots.
    private let shift: UInt64
    private let slots: ContiguousArray<Entry>
    /// The keys longer than 16 bytes, by slot: every one whose length and first and last eight bytes
    /// are the slot's, first given first (empty for the other slots).
    private let longKeys: ContiguousArray<[LongKey]>

    /// `keys[i]` gets id `i + 1`; 0 means "not wanted".
    init(_ keys: [StaticString]) {
        var lengths: UInt64 = 0
        var entries: [Entry] = []
        // Long keys alike in length and both words cannot be told apart by a hash of those: they
        // share a slot, and its list tells them apart by the bytes in between.
        var alike: [[LongKey]] = []
        for (index, key) in keys.enumerated() {
            let bytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
            precondition(bytes.count > 0 && bytes.count < 64)
            lengths |= 1 << UInt64(bytes.count)
            let (first, last) = Self.words(UnsafeRawPointer(key.utf8Start), bytes.count)
            let entry = Entry(length: bytes.count, first: first, last: last, id: UInt8(index + 1))
            let long = bytes.count > 16 ? [LongKey(bytes: Array(bytes), id: entry.id)] : []
            if let same = entries.firstIndex(where: {
                $0.length == entry.length && $0.first == first && $0.last == last
            }) {
                // A short key seen before is the same key: the first id stays, as in a scan.
                alike[same] += long
            } else {
                entries.append(entry)
                alike.append(long)
            }
        }
        self.lengths = lengths
        (multiplier, shift, slots, longKeys) = Self.layout(entries, alike)
    }

    /// Finds a multiplier that gives every entry a slot of its own: in a table of at least twice as
    /// many slots as entries, the first tried usually does. Deterministic, so every run matches alike.
    private static func layout(_ entries: [Entry], _ alike: [[LongKey]]) -> (
        UInt64, UInt64, ContiguousArray<Entry>, ContiguousArray<[LongKey]>
    ) {
        var bits: UInt64 = 1
        while 1 << bits < 2 * entries.count { bits += 1 }
        var candidate: UInt64 = 0x9E37_79B9_7F4A_7C15
        while true {
            // Entries differ in length or a word, so some multiplier parts them; never this many bits.
            precondition(bits <= 16, "no multiplier parts the keys")
            for _ in 0..<1000 {
                let shift = 64 - bits
                var slots = ContiguousArray(repeating: Entry(), count: 1 << Int(bits))
                var longKeys = ContiguousArray(repeating: [LongKey](), count: 1 << Int(bits))
                var clash = false
                for (entry, long) in zip(entries, alike) {
                    let slot = hash(entry.first, entry.last, entry.length, candidate, shift)
                    if slots[slot].length != 0 {
                        clash = true
                        break
                    }
                    slots[slot] = entry
                    longKeys[slot] = long
                }
                if !clash { return (candidate, shift, slots, longKeys) }
                // The next odd multiplier of a fixed sequence (SplitMix64's increment).
                candidate = (candidate &+ 0x9E37_79B9_7F4A_7C15) | 1
            }
            bits += 1
        }
    }

    @inline(__always)
    private static func hash(_ first: UInt64, _ last: UInt64, _ length: Int, _ multiplier: UInt64, _ shift: UInt64)
        -> Int
    {
        // (Shifts bind tighter than `&*` in Swift; `&>>` needs no test for a shift of 64 or more.)
        Int(
            truncatingIfNeeded: (((first &* multiplier) ^ last ^ UInt64(truncatingIfNeeded: length)) &* multiplier)
                &>> shift)
    }

    /// The first and the last (up to) eight bytes of a key of `length` bytes at `bytes`, as
    /// little-endian integers; they overlap when the key is shorter than 16 bytes. With the length,
    /// they tell keys of up to 16 bytes apart exactly. Every load stays inside the key.
    @inline(__always)
    private static func words(_ bytes: UnsafeRawPointer, _ length: Int) -> (first: UInt64, last: UInt64) {
        switch length {
        case 8...:
            return (
                bytes.loadUnaligned(as: UInt64.self).littleEndian,
                bytes.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self).littleEndian
            )
        case 4...7:
            return (
                UInt64(bytes.loadUnaligned(as: UInt32.self).littleEndian),
                UInt64(bytes.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self).littleEndian)
            )
        case 2...3:
            return (
                UInt64(bytes.loadUnaligned(as: UInt16.self).littleEndian),
                UInt64(bytes.loadUnaligned(fromByteOffset: length - 2, as: UInt16.self).littleEndian)
            )
        case 1:
            return (UInt64(bytes.load(as: UInt8.self)), 0)
        default:
            return (0, 0)
        }
    }

    /// The lengths of the wanted keys, bit `n` for `n` bytes: what
    /// ``JSONTokenizer/nextMember(wantedKeyLengths:)`` passes over the other keys by.
    var wantedLengths: UInt64 { lengths }

    /// Whether a wanted key has `length` bytes: when not, a key of that length is not wanted.
    @inline(__always)
    func mayMatch(length: Int) -> Bool {
        length < 64 && (lengths &>> UInt64(truncatingIfNeeded: length)) & 1 == 1
    }

    /// The id of the key whose unescaped bytes are `raw`, or 0.
    @inline(__always)
    func match(_ raw: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let length = raw.count
        guard mayMatch(length: length), let base = raw.baseAddress else { return 0 }
        let (first, last) = Self.words(UnsafeRawPointer(base), length)
        let slot = Self.hash(first, last, length, multiplier, shift)
        return slots.withUnsafeBufferPointer { slots in
            let entry = slots[slot]
            guard entry.length == length && entry.first == first && entry.last == last else { return 0 }
            if length <= 16 { return entry.id }
            return matchLong(base, length, slot)
        }
    }

    /// A key longer than 16 bytes whose length and words are slot `slot`'s: the id of the wanted
    /// key among the slot's whose bytes in between are the same, or 0. Out of line: few keys are long.
    @inline(never)
    private func matchLong(_ key: UnsafePointer<UInt8>, _ length: Int, _ slot: Int) -> UInt8 {
        for wanted in longKeys[slot] {
            let equal = wanted.bytes.withUnsafeBufferPointer { Self.middlesEqual(key, $0.baseAddress!, length) }
            if equal { return wanted.id }
        }
        return 0
    }

    /// Whether two keys of `length` (17 to 63) bytes whose first and last eight bytes are equal
    /// are equal: the bytes in between, compared a word at a time (a generic `elementsEqual` took
    /// some 800 instructions for a 29-byte key).
    private static func middlesEqual(_ key: UnsafePointer<UInt8>, _ wanted: UnsafePointer<UInt8>, _ length: Int) -> Bool
    {
        let key = UnsafeRawPointer(key)
        let wanted = UnsafeRawPointer(wanted)
        var offset = 8
        // Each word ends before the last eight bytes' end, so every load stays inside both keys.
        while offset < length - 8 {
            let word = key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if word != wanted.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
            offset += 8
        }
        return true
    }
}
