/// A fixed set of keys, prepared once for matching raw key bytes fast: what a reader wants of an
/// object, as data (`JSONObject.nextField(in:)` and ``JSONKey/index(in:)`` give a key's index).
///
/// Matching rejects most keys by their length alone (one bit test), and compares the rest by
/// their first eight bytes (one load) before the whole key.
public struct JSONKeySet: Sendable {
    @usableFromInline struct Entry: Sendable {
        @usableFromInline var bytes: [UInt8]
        @usableFromInline var prefix: UInt64
        @usableFromInline var index: Int
    }

    /// Bit `n` set when some key has `n` bytes (keys of 64 bytes or more set bit 63).
    @usableFromInline let lengths: UInt64
    /// The keys, by length.
    @usableFromInline let entries: [Entry]
    /// The keys' texts, in order.
    public let keys: [String]

    /// A set of `keys`; a key's index is its place in the list.
    public init(_ keys: [String]) {
        var lengths: UInt64 = 0
        var entries: [Entry] = []
        for (index, key) in keys.enumerated() {
            let bytes = Array(key.utf8)
            lengths |= 1 << UInt64(min(bytes.count, 63))
            entries.append(Entry(bytes: bytes, prefix: Self.prefix(bytes), index: index))
        }
        self.lengths = lengths
        self.entries = entries.sorted { ($0.bytes.count, $0.index) < ($1.bytes.count, $1.index) }
        self.keys = keys
    }

    /// The first (up to) eight bytes of `bytes`, little-endian, zero-padded.
    static func prefix(_ bytes: [UInt8]) -> UInt64 {
        var word: UInt64 = 0
        for (index, byte) in bytes.prefix(8).enumerated() { word |= UInt64(byte) << UInt64(index * 8) }
        return word
    }

    /// The index of the key whose raw bytes are `raw` (decoded first when `hasEscapes`), or nil.
    @inlinable
    func index(of raw: UnsafeBufferPointer<UInt8>, hasEscapes: Bool) -> Int? {
        if hasEscapes {
            var decoded: [UInt8] = []
            JSONStringDecoder.decode(raw, into: &decoded)
            return decoded.withUnsafeBufferPointer { index(of: $0, hasEscapes: false) }
        }
        let count = raw.count
        guard (lengths >> UInt64(min(count, 63))) & 1 == 1, let base = raw.baseAddress else {
            return count == 0 && lengths & 1 == 1 ? entries.first { $0.bytes.isEmpty }?.index : nil
        }
        var prefix: UInt64 = 0
        if count >= 8 {
            prefix = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self).littleEndian
        } else {
            for index in 0..<count { prefix |= UInt64(base[index]) << UInt64(index &* 8) }
        }
        return entries.withUnsafeBufferPointer { entries in
            for entry in entries where entry.bytes.count == count && entry.prefix == prefix {
                if count <= 8 { return entry.index }
                let same = entry.bytes.withUnsafeBufferPointer { JSONDocument.bytesEqual($0.baseAddress!, base, count) }
                if same { return entry.index }
            }
            return nil
        }
    }
}
