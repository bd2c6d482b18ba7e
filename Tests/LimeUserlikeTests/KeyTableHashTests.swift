import LimeFixtures
import Testing

@testable import LimeUserlike

/// The hashed ``KeyTable`` (one probe into a slot per wanted key) against a plain scan of the wanted
/// keys, on the extraction's own tables and on tables made to collide: every wanted key, every
/// one-byte change of it, its prefixes and extensions, and random keys of 0 to 40 bytes; and keys
/// with escapes, which are matched by their decoded bytes.
@Suite struct KeyTableHashTests {
    /// The extraction's tables with their keys in id order (a copy: a change to a ``WantedKey`` enum
    /// must show up here too).
    static let production: [(KeyTable, [StaticString])] = [
        (
            ConversationKey.keyTable,
            [
                "id", "status", "created_at", "ended_at", "language_name", "subject", "operator_assigned_to_email",
                "routing_info", "um_widget", "rate", "feedback_message", "contact", "transcript", "results", "next",
                "previous", "count", "topics", "contact_first_message_sent_at",
            ]
        ),
        (RoutingInfoKey.keyTable, ["operator_group"]),
        (NameKey.keyTable, ["name"]),
        (
            Contact.Field.keyTable,
            [
                "id", "name", "email", "phone_number", "mobile_number", "company", "position", "street", "city",
                "country", "external_customer_id",
            ]
        ),
        (MessageKey.keyTable, ["sent_at", "type", "event", "name", "sender", "body_plain", "body"]),
        (SenderKey.keyTable, ["type"]),
    ]

    /// Keys that share their length and their first and last eight bytes, so that only the bytes in
    /// between tell them apart; and many keys of one length.
    static let crowded: [StaticString] = [
        "contact_first_message_sent_at", "contact_lasts_message_sent_at", "contact_first_massage_sent_at",
        "abcdefgh_0_ijklmnop", "abcdefgh_1_ijklmnop", "abcdefgh_2_ijklmnop", "abcdefghijklmnopq",
        "abcdefghijklmnopr", "a", "b", "c", "ab", "ba", "abc", "abcd", "dcba", "abcde", "abcdef", "abcdefg",
        "abcdefgh", "abcdefghi", "sixteen_bytes_ok", "x_______________________________________",
    ]

    static func bytes(_ key: StaticString) -> [UInt8] {
        Array(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    static func naive(_ wanted: [StaticString], _ key: [UInt8]) -> UInt8 {
        for (index, wanted) in wanted.enumerated() where bytes(wanted) == key { return UInt8(index + 1) }
        return 0
    }

    static func match(_ table: KeyTable, _ key: [UInt8]) -> UInt8 {
        key.withUnsafeBufferPointer { table.match($0) }
    }

    /// Every key to try for a table: the wanted keys, their one-byte changes, prefixes and
    /// extensions, and random keys of 0 to 40 bytes over the wanted keys' bytes.
    static func probes(_ wanted: [StaticString]) -> [[UInt8]] {
        var probes: [[UInt8]] = [[]]
        for key in wanted.map(bytes) {
            probes.append(key)
            for position in key.indices {
                for change: UInt8 in [0x01, 0x02, 0x20, 0x40, 0x80] {
                    var neighbour = key
                    neighbour[position] ^= change
                    probes.append(neighbour)
                }
            }
            for length in 0..<key.count { probes.append(Array(key.prefix(length))) }
            for extra: UInt8 in [0x00, 0x22, 0x61, 0x5F, 0xFF] {
                probes.append(key + [extra])
                probes.append([extra] + key)
            }
        }
        var random = SplitMix64(seed: 16)
        let alphabet = Array(Set(wanted.flatMap(bytes))) + [0x00, 0x80, 0xFF]
        for _ in 0..<5_000 {
            let length = Int(random.next() % 41)
            probes.append((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        }
        return probes
    }

    @Test func productionTables() {
        for (table, wanted) in Self.production {
            for key in wanted.map(Self.bytes) { #expect(Self.match(table, key) != 0) }
            for probe in Self.probes(wanted) {
                #expect(Self.match(table, probe) == Self.naive(wanted, probe), "\(probe)")
            }
        }
    }

    @Test func crowdedTable() {
        let table = KeyTable(Self.crowded)
        for key in Self.crowded.map(Self.bytes) { #expect(Self.match(table, key) != 0) }
        for probe in Self.probes(Self.crowded) {
            #expect(Self.match(table, probe) == Self.naive(Self.crowded, probe), "\(probe)")
        }
    }

    /// Each key alone in a table of its own, and each table of one to all the crowded keys: a small
    /// table must still give every key its own slot.
    @Test func tablesOfEverySize() {
        for count in 1...Self.crowded.count {
            let wanted = Array(Self.crowded.prefix(count))
            let table = KeyTable(wanted)
            for key in Self.crowded.map(Self.bytes) { #expect(Self.match(table, key) == Self.naive(wanted, key)) }
        }
    }

    /// Keys with escapes are matched by their decoded bytes, through the extraction.
    @Test func escapedKeys() throws {
        let plain = #"{"id":1,"subject":"s","transcript":[{"sent_at":"t","body_plain":"b","sender":{"type":"x"}}]}"#
        let escaped =
            #"{"\u0069d":1,"subj\u0065ct":"s","transcript":[{"sent\u005fat":"t","body_plai\u006e":"b","#
            + #""\u0073ender":{"typ\u0065":"x"}}]}"#
        let expected = try ConversationExtractor().extract(Array(plain.utf8)).jsonLine
        #expect(try ConversationExtractor().extract(Array(escaped.utf8)).jsonLine == expected)
        // An escape that makes another key is not the wanted one.
        let other = try ConversationExtractor().extract(Array(#"{"\u0069dx":1,"subject\u0000":"s"}"#.utf8))
        #expect(other[.id] == .null && other[.subject] == .null)
    }
}
