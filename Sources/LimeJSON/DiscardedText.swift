/// Line and column bookkeeping for input that a streaming owner has already dropped, so that errors
/// far into a multi-gigabyte stream still name their line and column.
@usableFromInline
struct DiscardedText {
    /// Line feeds seen in the dropped bytes.
    @usableFromInline var lineFeeds: Int = 0
    /// Unicode scalars after the last line feed of the dropped bytes.
    @usableFromInline var scalarsOnLastLine: Int = 0

    @usableFromInline init() {}

    /// Adds `bytes`, which directly follow what was dropped before.
    @usableFromInline
    mutating func account(_ bytes: UnsafeBufferPointer<UInt8>) {
        var lastFeed = -1
        var feeds = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            feeds += 1
            lastFeed = index
        }
        let tail = UnsafeBufferPointer(rebasing: bytes[(lastFeed + 1)...])
        let scalars = Self.scalarCount(tail)
        if feeds > 0 {
            lineFeeds += feeds
            scalarsOnLastLine = scalars
        } else {
            scalarsOnLastLine += scalars
        }
    }

    /// 1-based line and column of byte `index` of `window`, which follows the dropped bytes.
    @usableFromInline
    func location(of index: Int, in window: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        let end = min(index, window.count)
        var line = lineFeeds + 1
        var lineStart = -1
        for position in 0..<end where window[position] == 0x0A {
            line += 1
            lineStart = position
        }
        let scalars = Self.scalarCount(UnsafeBufferPointer(rebasing: window[(lineStart + 1)..<end]))
        let column = (lineStart < 0 ? scalarsOnLastLine : 0) + scalars + 1
        return (line, column)
    }

    /// Bytes that are not UTF-8 continuation bytes: the scalar count of valid UTF-8, and a sensible
    /// guess for the rest.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
