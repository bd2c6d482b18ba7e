/// A growable window of input bytes with a stable address between changes: the buffer that
/// ``JSONStreamTokenizer`` owns and lends to its ``JSONTokenizer``.
///
/// Bytes before the tokenizer's retained offset are dropped by moving the tail to the front, so
/// memory stays bounded by the largest pending token plus one chunk.
final class ByteWindow {
    private(set) var storage: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes in use, from `storage[0]`.
    private(set) var count: Int = 0
    /// Absolute offset of `storage[0]`.
    private(set) var baseOffset: Int = 0

    init(capacity: Int = 64 * 1024) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// A separate window with the same bytes and offsets, for copy-on-write.
    func copy() -> ByteWindow {
        let clone = ByteWindow(capacity: capacity)
        clone.storage.update(from: storage, count: count)
        clone.count = count
        clone.baseOffset = baseOffset
        return clone
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Drops every byte before absolute offset `offset`, after showing them to `dropped`.
    func discard(before offset: Int, _ dropped: (UnsafeBufferPointer<UInt8>) -> Void) {
        let drop = offset - baseOffset
        guard drop > 0 else { return }
        dropped(UnsafeBufferPointer(start: storage, count: drop))
        let keep = count - drop
        if keep > 0 { (storage).update(from: storage + drop, count: keep) }
        count = keep
        baseOffset = offset
    }

    /// Appends bytes, growing the buffer when they do not fit.
    func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(count + bytes.count)
        if let source = bytes.baseAddress, !bytes.isEmpty {
            UnsafeMutableRawPointer(storage + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count += bytes.count
    }

    private func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStorage.update(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
