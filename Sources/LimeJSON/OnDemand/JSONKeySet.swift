/// A fixed set of keys, prepared once for matching raw key bytes fast: what a reader wants of an
/// object, as data (``JSONObject/nextField(in:)`` and ``JSONKey/index(in:)`` give a key's index).
///
/// Keys are kept by length: a key of a length no wanted key has is rejected with one bit test;
/// the others compare their first (up to) eight bytes as one word against the wanted keys of that
/// length, then, for longer keys, the rest.
public struct JSONKeySet: Sendable {
    /// Bit `n` set when some key has `n` bytes (keys of 64 bytes or more set bit 63).
    @usableFromInline let lengths: UInt64
    /// For each length `n` below 64, the wanted keys of that length are `order[bucket[n]..<bucket[n + 1]]`
    /// (keys of 63 bytes or more all in the last bucket).
    @usableFromInline let bucket: [Int]
    /// The keys' first (up to) eight bytes, little-endian, zero-padded, in bucket order.
    @usableFromInline let prefixes: [UInt64]
    /// The keys' index in the list they were given in, in bucket order.
    @usableFromInline let order: [Int]
    /// The keys' UTF-8, one after another in bucket order, and where each starts.
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let starts: [Int]
    /// The keys' texts, in the order given.
    public let keys: [String]

    /// A set of `keys`; a key's index is its place in the list (the first, for a key given twice).
    public init(_ keys: [String]) {
        self.keys = keys
        order = keys.indices.sorted { (min(keys[$0].utf8.count, 63), $0) < (min(keys[$1].utf8.count, 63), $1) }
        var lengths: UInt64 = 0
        var bucket = [Int](repeating: 0, count: 65)
        var prefixes: [UInt64] = []
        var bytes: [UInt8] = []
        var starts: [Int] = []
        for index in order {
            let utf8 = Array(keys[index].utf8)
            lengths |= 1 << UInt64(min(utf8.count, 63))
            bucket[min(utf8.count, 63) + 1] += 1
            var word: UInt64 = 0
            for (place, byte) in utf8.prefix(8).enumerated() { word |= UInt64(byte) << UInt64(place * 8) }
            prefixes.append(word)
            starts.append(bytes.count)
            bytes += utf8
        }
        starts.append(bytes.count)
        for length in 1..<65 { bucket[length] += bucket[length - 1] }
        self.lengths = lengths
        self.bucket = bucket
        self.prefixes = prefixes
        self.bytes = bytes
        self.starts = starts
    }

    /// The index of the key whose raw bytes are `raw` (decoded first when `hasEscapes`), or nil.
    ///
    /// - Parameter readable: how many bytes from `raw`'s start may be read (at least `raw.count`):
    ///   eight or more lets a short key be loaded as one word.
    @inlinable @inline(__always)
    func index(of raw: UnsafeBufferPointer<UInt8>, hasEscapes: Bool, readable: Int) -> Int? {
        if hasEscapes { return decodedIndex(of: raw) }
        let count = raw.count
        let length = count < 63 ? count : 63
        guard (lengths &>> UInt64(length)) & 1 == 1 else { return nil }
        guard let base = raw.baseAddress else { return bucket[0] < bucket[1] ? order[bucket[0]] : nil }
        var prefix: UInt64
        if readable >= 8 {
            prefix = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
            if count < 8 { prefix &= (UInt64(1) &<< UInt64(count &* 8)) &- 1 }
        } else {
            prefix = 0
            for place in 0..<count { prefix |= UInt64(base[place]) &<< UInt64(place &* 8) }
        }
        return prefixes.withUnsafeBufferPointer { prefixes in
            var slot = bucket[length]
            let end = bucket[length &+ 1]
            while slot < end {
                if prefixes[slot] == prefix && (count <= 8 || rest(slot, equals: base, count)) { return order[slot] }
                slot &+= 1
            }
            return nil
        }
    }

    /// Whether the key in bucket slot `slot` is the `count` bytes at `base` (whose first eight
    /// match already).
    @inlinable
    func rest(_ slot: Int, equals base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard starts[slot &+ 1] &- starts[slot] == count else { return false }
        return bytes.withUnsafeBufferPointer { bytes in
            JSONDocument.bytesEqual(bytes.baseAddress! + (starts[slot] &+ 8), base + 8, count &- 8)
        }
    }

    /// The same for a key with escapes: decoded, then matched.
    @usableFromInline
    func decodedIndex(of raw: UnsafeBufferPointer<UInt8>) -> Int? {
        var decoded: [UInt8] = []
        JSONStringDecoder.decode(raw, into: &decoded)
        return decoded.withUnsafeBufferPointer { index(of: $0, hasEscapes: false, readable: $0.count) }
    }
}
