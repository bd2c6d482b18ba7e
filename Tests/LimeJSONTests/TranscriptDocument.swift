import LimeFixtures

/// A deterministic long-transcript payload, built in the tests (not from `LimeFixtures`): an object
/// with a `"transcript"` array of message objects whose bodies mix ASCII, every short escape,
/// `\uXXXX` escapes (either hex case), surrogate-pair escapes and raw 2-, 3- and 4-byte UTF-8, with
/// numbers of every shape, literals, an escaped key and a duplicate key now and then.
enum TranscriptDocument {
    /// About 2 MB, seed 2024: shared by the tests that use it, built once.
    static let standard: [UInt8] = make(seed: 2024, targetBytes: 2_000_000)

    /// Builds a document of at least `targetBytes` bytes; equal seeds give equal bytes.
    static func make(seed: UInt64, targetBytes: Int) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(targetBytes + 4096)
        out += Array(#"{"conversationId":"c-\#(seed)","channel":"web\u002Fchat","transcript":["#.utf8)
        var index = 0
        while out.count < targetBytes {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("\n    ".utf8)
            appendMessage(index, into: &out, &random)
            index += 1
        }
        out += Array("\n  ],\n  \"messageCount\": \(index),\n  \"complete\": true\n}\n".utf8)
        return out
    }

    private static func appendMessage(_ index: Int, into out: inout [UInt8], _ random: inout SplitMix64) {
        let sender = random.pick(["visitor", "operator", "bot", "Zoë", "東京 desk"])
        out += Array(
            #"{"id":\#(index),"sender":"\#(sender)","sentAt":"2024-05-\#(10 + index % 20)T12:\#(10 + index % 50):00Z","#
                .utf8)
        out += Array(#""body":""#.utf8)
        appendBody(into: &out, &random)
        out += Array(#"","score":"#.utf8)
        out += Array(number(&random).utf8)
        out += Array(#","read":\#(random.pick(["true", "false", "null"])),"#.utf8)
        switch random.below(6) {
        case 0: out += Array(#""t\u0061gs":["a","b\n"],"#.utf8)
        case 1: out += Array(#""note":"first","note":"second \ud83d\ude00","#.utf8)
        case 2: out += Array(#""attachments":[],"meta":{},"#.utf8)
        default: break
        }
        out += Array(#""numbers":["#.utf8)
        for item in 0..<(1 + random.below(4)) {
            if item > 0 { out += Array(", ".utf8) }
            out += Array(number(&random).utf8)
        }
        out += Array("]}".utf8)
    }

    private static let words = [
        "hello", "thanks", "order", "#4711", "please", "the", "parcel", "a", "is", "late", "ok",
    ]
    private static let shortEscapes = [#"\n"#, #"\t"#, #"\r"#, #"\b"#, #"\f"#, #"\""#, #"\\"#, #"\/"#]
    private static let rawCharacters = ["é", "ß", "ñ", "Ж", "ü", "中", "文", "€", "✓", "あ", "😀", "𝄞", "🚀", "🇩🇪"]
    private static let bmpScalars: [UInt32] = [
        0x00, 0x1F, 0x41, 0x7F, 0xE9, 0x3A9, 0x4E2D, 0x2028, 0xFEFF, 0xFFFD, 0xE000,
    ]

    private static func appendBody(into out: inout [UInt8], _ random: inout SplitMix64) {
        for _ in 0..<(5 + random.below(60)) {
            switch random.below(12) {
            case 0...4: out += Array((random.pick(words) + " ").utf8)
            case 5: out += Array(random.pick(shortEscapes).utf8)
            case 6: out += Array(escape(random.pick(bmpScalars), &random).utf8)
            case 7:
                // A surrogate pair for a random supplementary scalar.
                let scalar = 0x10000 + UInt32(random.below(0x100000))
                let high = 0xD800 + ((scalar - 0x10000) >> 10)
                let low = 0xDC00 + ((scalar - 0x10000) & 0x3FF)
                out += Array((escape(high, &random) + escape(low, &random)).utf8)
            case 8, 9: out += Array(random.pick(rawCharacters).utf8)
            default: out += Array("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".utf8)
            }
        }
    }

    /// `\uXXXX` for a UTF-16 code unit, in a random hex case.
    private static func escape(_ unit: UInt32, _ random: inout SplitMix64) -> String {
        let hex = String(unit, radix: 16, uppercase: random.below(2) == 0)
        return #"\u"# + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// A number in a random one of the grammar's shapes.
    private static func number(_ random: inout SplitMix64) -> String {
        switch random.below(9) {
        case 0: "0"
        case 1: "-0"
        case 2: String(random.below(1000))
        case 3: String(Int64(bitPattern: random.next()))
        case 4: "-\(random.below(100_000)).\(random.below(1000))"
        case 5: "\(random.below(10)).\(random.below(1_000_000))e\(random.below(30) - 15)"
        case 6: "\(1 + random.below(9))E+\(random.below(300))"
        case 7: "-\(random.below(10)).\(random.below(100))E-\(random.below(300))"
        default: String(Double(random.below(1 << 20)) / 1024)
        }
    }
}
