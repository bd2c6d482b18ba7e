/// The open arrays and objects, innermost last: one bit per level, so a depth of a million costs
/// 125 KB, and no recursion is ever needed.
///
/// The innermost 64 levels live in one word, ``inner``, as a shift register: a push shifts in one
/// bit, a pop shifts it out, and the top is bit 0. Real documents nest far less than 64 deep, so
/// push, pop and ``topIsObject`` are a few register operations, inline, with no array access
/// (bounds check, uniqueness check) and no stored top to keep in step. Only beyond 64 levels do
/// the bits that fall out of the word go to ``outer``, out of line.
@usableFromInline
struct ContainerStack {
    /// The innermost (up to) 64 levels: bit `k` is 1 when level `depth - 1 - k` is an object.
    /// Bits above `depth` are 0.
    @usableFromInline var inner: UInt64 = 0
    /// The levels below the innermost 64: bit `n % 64` of `outer[n / 64]` is 1 when level `n` (for
    /// `n < depth - 64`) is an object. Written only when the depth passes 64.
    @usableFromInline var outer: [UInt64] = []
    /// The number of open containers.
    @usableFromInline var depth: Int = 0

    @usableFromInline init() {}

    /// Whether the innermost container is an object (false at depth 0, where ``inner`` is 0).
    @inlinable @inline(__always)
    var topIsObject: Bool { inner & 1 != 0 }

    @inlinable @inline(__always)
    mutating func push(isObject: Bool) {
        // 64 levels open already: the outermost of them leaves the word.
        if depth >= 64 { spill() }
        inner = inner &<< 1 | (isObject ? 1 : 0)
        depth &+= 1
    }

    @inlinable @inline(__always)
    mutating func pop() {
        depth &-= 1
        inner &>>= 1
        // More than 64 levels still open: the one that comes back into the word's top bit.
        if depth >= 64 { unspill() }
    }

    /// Saves bit 63 of ``inner`` (level `depth - 64`) in ``outer``, before a push shifts it out.
    @usableFromInline @inline(never)
    mutating func spill() {
        let level = depth &- 64
        let word = level &>> 6
        if word == outer.count { outer.append(0) }
        let bit = UInt64(1) &<< UInt64(level & 63)
        if inner &>> 63 != 0 { outer[word] |= bit } else { outer[word] &= ~bit }
    }

    /// Puts level `depth - 64` back into bit 63 of ``inner``, after a pop shifted the word down.
    @usableFromInline @inline(never)
    mutating func unspill() {
        let level = depth &- 64
        inner |= ((outer[level &>> 6] &>> UInt64(level & 63)) & 1) &<< 63
    }
}
