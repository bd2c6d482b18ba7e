/// Matches object keys against a fixed set of wanted keys by their raw UTF-8 bytes.
///
/// Most keys in a payload are not wanted, so rejection must be cheap: a bit per key length
/// rejects most keys with one test; the rest compare two words that identify a key of up to 16
/// bytes exactly (its first and last up to eight bytes, read with two loads), then, for longer
/// keys, the bytes in between.
struct KeyTable: Sendable {
    private struct Entry: Sendable {
        var length: Int
        var first: UInt64
        var last: UInt64
        var bytes: [UInt8]
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
            precondition(bytes.count > 0 && bytes.count < 64)
            lengths |= 1 << UInt64(bytes.count)
            let (first, last) = Self.words(UnsafeRawPointer(key.utf8Start), bytes.count)
            entries.append(
                Entry(length: bytes.count, first: first, last: last, bytes: Array(bytes), id: UInt8(index + 1)))
        }
        self.lengths = lengths
        self.entries = entries
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

    /// The id of the key whose unescaped bytes are `raw`, or 0.
    @inline(__always)
    func match(_ raw: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let length = raw.count
        guard length < 64, (lengths >> UInt64(length)) & 1 == 1, let base = raw.baseAddress else { return 0 }
        let (first, last) = Self.words(UnsafeRawPointer(base), length)
        return entries.withUnsafeBufferPointer { entries in
            for index in 0..<entries.count
            where entries[index].length == length && entries[index].first == first && entries[index].last == last {
                if length <= 16 || raw.elementsEqual(entries[index].bytes) { return entries[index].id }
            }
            return 0
        }
    }
}
