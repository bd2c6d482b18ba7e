/// Matches object keys against a fixed set of wanted keys by their raw UTF-8 bytes.
///
/// Most keys in a payload are not wanted, so rejection must be cheap: a bit per key length
/// rejects most keys with one test; the rest compare their first eight bytes as one integer,
/// then the tail.
struct KeyTable: Sendable {
    private struct Entry: Sendable {
        var length: Int
        var head: UInt64
        var tail: [UInt8]
        var id: UInt8
    }

    private let lengths: UInt64
    private let entries: ContiguousArray<Entry>

    /// `keys[i]` gets id `i + 1`; 0 means "not wanted".
    init(_ keys: [StaticString]) {
        var lengths: UInt64 = 0
        var entries = ContiguousArray<Entry>()
        for (index, key) in keys.enumerated() {
            let bytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
            precondition(bytes.count < 64)
            lengths |= 1 << UInt64(bytes.count)
            entries.append(
                Entry(length: bytes.count, head: Self.head(bytes), tail: Array(bytes.dropFirst(8)), id: UInt8(index + 1)))
        }
        self.lengths = lengths
        self.entries = entries
    }

    /// The first (up to) eight bytes as a little-endian integer.
    @inline(__always)
    private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if bytes.count >= 8 { return UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(as: UInt64.self).littleEndian }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            value |= UInt64(byte) << shift
            shift += 8
        }
        return value
    }

    /// The id of the key whose unescaped bytes are `raw`, or 0.
    @inline(__always)
    func match(_ raw: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let length = raw.count
        guard length < 64, (lengths >> UInt64(length)) & 1 == 1 else { return 0 }
        let head = Self.head(raw)
        return entries.withUnsafeBufferPointer { entries in
            for index in 0..<entries.count where entries[index].length == length && entries[index].head == head {
                if length <= 8 { return entries[index].id }
                if UnsafeBufferPointer(rebasing: raw[8...]).elementsEqual(entries[index].tail) { return entries[index].id }
            }
            return 0
        }
    }
}
