/// The structural offsets of one indexed piece of input, in order.
///
/// Offsets are `UInt32`s counted from ``origin``, the absolute offset of the window the piece was
/// indexed in: four bytes an entry keeps a piece's index in the processor's caches.
@usableFromInline
struct StructuralPositions {
    /// The offsets; `storage[0..<count]` are this piece's.
    @usableFromInline var storage: UnsafeMutablePointer<UInt32>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0
    /// Absolute offset that the entries count from.
    @usableFromInline var origin = 0
    @inlinable
    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    /// Frees the storage; the value must not be used afterwards.
    @inlinable
    func deallocate() { storage.deallocate() }

    @inlinable
    mutating func reset(origin: Int) {
        count = 0
        self.origin = origin
    }

    /// Room for `more` entries (a block adds at most 64).
    @inlinable
    mutating func reserve(_ more: Int) {
        guard count &+ more > capacity else { return }
        let larger = max(capacity &* 2, count &+ more)
        let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: larger)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown
        capacity = larger
    }

    /// Appends the offsets of the set bits of `bits`, bit `i` standing for offset `local + i`.
    @inlinable @inline(__always)
    mutating func append(bits: UInt64, at local: Int) {
        var bits = bits
        var index = count
        let base = UInt32(truncatingIfNeeded: local)
        while bits != 0 {
            storage[index] = base &+ UInt32(truncatingIfNeeded: bits.trailingZeroBitCount)
            index &+= 1
            bits &= bits &- 1
        }
        count = index
    }

    /// Appends all of `other`'s entries (which count from the same origin).
    @inlinable
    mutating func append(contentsOf other: StructuralPositions) {
        reserve(other.count)
        (storage + count).update(from: other.storage, count: other.count)
        count &+= other.count
    }

    /// Entry `index`, as an offset in the window.
    @inlinable @inline(__always)
    subscript(index: Int) -> Int { Int(truncatingIfNeeded: storage[index]) }
}
