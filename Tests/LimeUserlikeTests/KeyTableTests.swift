import LimeFixtures
import Testing

@testable import LimeUserlike

/// Key matching by length and two overlapping words, against plain byte comparison: every wanted
/// key matches itself, and no other key of any length matches, including keys one byte away from a
/// wanted one at every position.
@Suite struct KeyTableTests {
    static let wanted: [StaticString] = [
        "a", "id", "abc", "type", "event", "sender", "sent_at", "language", "body_plain", "operator_group",
        "sixteen_bytes_ok", "seventeen_bytes_x", "operator_assigned_to_email",
    ]

    static func naive(_ key: [UInt8]) -> UInt8 {
        for (index, wanted) in wanted.enumerated()
        where Array(UnsafeBufferPointer(start: wanted.utf8Start, count: wanted.utf8CodeUnitCount)) == key {
            return UInt8(index + 1)
        }
        return 0
    }

    static func match(_ table: KeyTable, _ key: [UInt8]) -> UInt8 {
        key.withUnsafeBufferPointer { table.match($0) }
    }

    @Test func wantedKeysAndTheirNeighbours() {
        let table = KeyTable(Self.wanted)
        for wanted in Self.wanted {
            let key = Array(UnsafeBufferPointer(start: wanted.utf8Start, count: wanted.utf8CodeUnitCount))
            #expect(Self.match(table, key) == Self.naive(key) && Self.naive(key) != 0, "\(wanted)")
            for position in key.indices {
                for change: UInt8 in [0x01, 0x20, 0x80] {
                    var neighbour = key
                    neighbour[position] ^= change
                    #expect(Self.match(table, neighbour) == Self.naive(neighbour), "\(wanted) changed at \(position)")
                }
            }
            #expect(Self.match(table, Array(key.dropLast())) == Self.naive(Array(key.dropLast())))
            #expect(Self.match(table, key + [0x61]) == Self.naive(key + [0x61]))
        }
        #expect(Self.match(table, []) == 0)
    }

    @Test func randomKeys() {
        let table = KeyTable(Self.wanted)
        var random = SplitMix64(seed: 99)
        let alphabet = Array("abdeginoprstuy_".utf8)
        for _ in 0..<20_000 {
            let key = (0..<Int(random.next() % 20)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            #expect(Self.match(table, key) == Self.naive(key), "\(String(decoding: key, as: UTF8.self))")
        }
    }
}
