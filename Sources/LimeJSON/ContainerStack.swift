/// The open arrays and objects, innermost last: one bit per level, so a depth of a million costs
/// 125 KB, and no recursion is ever needed.
@usableFromInline
struct ContainerStack {
    /// Bit `n % 64` of `words[n / 64]` is 1 when level `n` is an object.
    @usableFromInline var words: [UInt64] = []
    /// The number of open containers.
    @usableFromInline var depth: Int = 0
    /// Whether the innermost container is an object (false at depth 0).
    @usableFromInline var topIsObject: Bool = false

    @usableFromInline init() {}

    @inlinable
    mutating func push(isObject: Bool) {
        let word = depth &>> 6
        if word == words.count { words.append(0) }
        let bit = UInt64(1) &<< UInt64(depth & 63)
        if isObject { words[word] |= bit } else { words[word] &= ~bit }
        depth &+= 1
        topIsObject = isObject
    }

    @inlinable
    mutating func pop() {
        depth &-= 1
        if depth == 0 {
            topIsObject = false
        } else {
            let level = depth &- 1
            topIsObject = (words[level &>> 6] &>> UInt64(level & 63)) & 1 == 1
        }
    }
}
