/// What JSON's grammar says of single bytes and of eight bytes at a time: the one place the
/// layers above the tokenizer (readers, boundary scanners, writers) ask, instead of spelling the
/// tests again.
package enum JSONByte {
    /// Space, tab, line feed or carriage return: RFC 8259's whitespace.
    @inlinable @inline(__always)
    package static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Space, tab or carriage return: whitespace within a line.
    @inlinable @inline(__always)
    package static func isBlankInLine(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0D || byte == 0x09
    }

    /// Whether a JSON value can begin with `byte`.
    @inlinable
    package static func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return true
        default:
            return false
        }
    }

    /// A byte as messages name it: `'x'` for printable ASCII, `a line feed`, `byte 0x01`.
    package static func describe(_ byte: UInt8) -> String { JSONError.describe(byte: byte) }

    /// `byte` in each of eight lanes.
    @inlinable @inline(__always)
    package static func splat(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

    /// 0x80 in each byte lane of `word` that is zero and nowhere else. (The shorter
    /// `(x - 0x01..) & ~x & 0x80..` may also flag a 0x01 lane above a zero one, as the borrow
    /// crosses lanes; it is exact for the first zero lane only, which is what the string scanners
    /// use it for.)
    @inlinable @inline(__always)
    package static func zeroLanes(_ word: UInt64) -> UInt64 {
        ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word) & 0x8080_8080_8080_8080
    }

    /// 0x80 in each byte lane of `word` equal to `byte`, exactly.
    @inlinable @inline(__always)
    package static func lanes(of byte: UInt8, in word: UInt64) -> UInt64 { zeroLanes(word ^ splat(byte)) }

    /// The number of line feeds in `bytes`, eight at a time.
    package static func lineFeeds(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var feeds = 0
        var index = 0
        while index &+ 8 <= bytes.count {
            feeds &+= lanes(of: 0x0A, in: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)).nonzeroBitCount
            index &+= 8
        }
        while index < bytes.count {
            if base[index] == 0x0A { feeds &+= 1 }
            index &+= 1
        }
        return feeds
    }
}
