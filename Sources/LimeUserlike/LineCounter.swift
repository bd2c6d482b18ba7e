/// Counts lines and columns of a stream lazily: only up to where a message needs them, and before
/// bytes are dropped, so every byte is counted at most once.
struct LineCounter {
    /// Absolute offset counted up to.
    private(set) var offset = 0
    /// 1-based line at `offset`.
    private(set) var line = 1
    /// 1-based column (Unicode scalars) at `offset`.
    private(set) var column = 1

    /// Counts `bytes`, which start at the current `offset`.
    mutating func advance(over bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        var lastFeed = -1
        var feeds = 0
        var index = 0
        let base = bytes.baseAddress!
        // Eight bytes at a time: lanes equal to '\n' become 0x80 exactly (no borrows).
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            let nonzero = ((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word
            let zero = ~nonzero & 0x8080_8080_8080_8080
            if zero != 0 {
                feeds += zero.nonzeroBitCount
                lastFeed = index + (63 - zero.leadingZeroBitCount) / 8
            }
            index += 8
        }
        while index < bytes.count {
            if base[index] == 0x0A {
                feeds += 1
                lastFeed = index
            }
            index += 1
        }
        var scalars = 0
        for byte in UnsafeBufferPointer(rebasing: bytes[(lastFeed + 1)...]) where byte & 0xC0 != 0x80 { scalars += 1 }
        if feeds > 0 {
            line += feeds
            column = 1 + scalars
        } else {
            column += scalars
        }
        offset += bytes.count
    }
}
