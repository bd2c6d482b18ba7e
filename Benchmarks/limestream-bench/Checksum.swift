/// What every contender computes from the same bytes, so that their results can be compared:
/// the number of messages and a hash over every decoded message body. The hash takes 32 bytes a
/// step, as four independent multiply-xor chains over 8-byte words folded together at the end of
/// each body, so that checking the result costs little next to parsing (one chain waits on its
/// multiplication for every word: the checksum was 3% of a LimeStream run).
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
        if bytes.count >= 32 {
            var lanes = (hash, hash ^ 1, hash ^ 2, hash ^ 3)
            while index + 32 <= bytes.count {
                lanes.0 = Self.mix(lanes.0, base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                lanes.1 = Self.mix(lanes.1, base.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self))
                lanes.2 = Self.mix(lanes.2, base.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self))
                lanes.3 = Self.mix(lanes.3, base.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self))
                index += 32
            }
            hash = Self.mix(Self.mix(Self.mix(lanes.0, lanes.1), lanes.2), lanes.3)
        }
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
        hash = Self.mix(hash, word)
    }

    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let product = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
        return product ^ product >> 29
    }

    mutating func add(body text: String?) {
        guard var text else {
            add(bytes: nil)
            return
        }
        text.withUTF8 { add(bytes: $0) }
    }
}
