/// What every contender computes from the same bytes, so that their results can be compared:
/// the number of messages and a hash over every decoded message body. The hash takes eight bytes
/// a step (a multiply-xor over words), so that checking the result costs little next to parsing.
struct Checksum: Equatable {
    var messages = 0
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(bytes: UnsafeBufferPointer<UInt8>?) {
        messages += 1
        guard let bytes, let base = UnsafeRawPointer(bytes.baseAddress) else {
            if bytes != nil { mix(0xFF) }
            return
        }
        var index = 0
        while index + 8 <= bytes.count {
            mix(base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        var tail: UInt64 = 0
        while index < bytes.count {
            tail = tail << 8 | UInt64(bytes[index])
            index += 1
        }
        mix(tail ^ UInt64(bytes.count) << 56)
    }

    private mutating func mix(_ word: UInt64) {
        hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 29
    }

    mutating func add(body text: String?) {
        guard var text else {
            add(bytes: nil)
            return
        }
        text.withUTF8 { add(bytes: $0) }
    }
}
