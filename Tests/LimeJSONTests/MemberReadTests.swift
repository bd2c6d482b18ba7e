import LimeFixtures
import LimeJSON
import LimeTestSupport
import Testing

/// `nextMember()` against `next()`, its reference: wherever a key may stand, reading a key and its
/// value's first token in one call must give the same tokens, in the same order, and the same
/// error (code, message, offset, line, column), whole or in chunks of any size. The one difference
/// allowed: when the value after a key breaks the grammar, the error comes without the key.
@Suite struct MemberReadTests {
    /// What a run read: every token, and the error it stopped at.
    struct Run: Equatable {
        var tokens: [JSONToken] = []
        var error: JSONError?
    }

    /// Reads `bytes` in windows growing by `chunk` bytes (all of it at once when `chunk` is nil),
    /// with `nextMember()` in key positions when `usesMembers`, and `next()` everywhere else.
    static func read(
        _ bytes: [UInt8], chunk: Int?, usesMembers: Bool, wantedKeyLengths: UInt64 = ~0,
        options: JSONTokenizer.Options = .init()
    ) -> Run {
        bytes.withUnsafeBufferPointer { all in
            var end = chunk.map { min($0, all.count) } ?? all.count
            var tokenizer = JSONTokenizer(
                unsafeBytes: UnsafeBufferPointer(rebasing: all[0..<end]), isFinal: end == all.count, options: options)
            var run = Run()
            // The open containers, innermost last: true for an object.
            var inObject: [Bool] = []
            func more() -> Bool {
                guard let chunk, end < all.count else { return false }
                end = min(end + chunk, all.count)
                tokenizer.resume(
                    with: UnsafeBufferPointer(rebasing: all[0..<end]), baseOffset: 0, isFinal: end == all.count)
                return true
            }
            func nextToken() throws(JSONError) -> JSONToken? {
                while true {
                    let token = try tokenizer.next()
                    if token.kind != .needMoreInput { return token }
                    if !more() { return nil }
                }
            }
            func record(_ token: JSONToken) {
                run.tokens.append(token)
                switch token.kind {
                case .objectStart: inObject.append(true)
                case .arrayStart: inObject.append(false)
                case .objectEnd, .arrayEnd: inObject.removeLast()
                default: break
                }
            }
            do throws(JSONError) {
                while true {
                    if usesMembers && inObject.last == true {
                        var member = try tokenizer.nextMember(wantedKeyLengths: wantedKeyLengths)
                        while member.key.kind == .needMoreInput {
                            guard more() else { return run }
                            member = try tokenizer.nextMember(wantedKeyLengths: wantedKeyLengths)
                        }
                        record(member.key)
                        guard member.key.kind == .key else { continue }
                        var value = member.value
                        if value.kind == .needMoreInput {
                            guard let later = try nextToken() else { return run }
                            value = later
                        }
                        record(value)
                    } else {
                        guard let token = try nextToken() else { return run }
                        record(token)
                        if token.kind == .endOfInput { return run }
                    }
                }
            } catch {
                run.error = error
                return run
            }
        }
    }

    /// `members` read what `reference` read: the same, or the same but for the key before an error.
    static func same(_ members: Run, _ reference: Run) -> Bool {
        if members == reference { return true }
        guard let error = members.error, error == reference.error, reference.tokens.last?.kind == .key else {
            return false
        }
        return members.tokens == Array(reference.tokens.dropLast())
    }

    /// How many members `passing` (read with `wantedKeyLengths`) passed over, when it read what
    /// `reference` read but for members it may pass over (``membersPassedOver(_:_:referenceFailed:wantedKeyLengths:)``),
    /// with the same error; nil otherwise.
    static func passedOver(_ passing: Run, _ reference: Run, wantedKeyLengths: UInt64) -> Int? {
        guard passing.error == reference.error else { return nil }
        let failed = reference.error != nil
        return membersPassedOver(
            passing.tokens, reference.tokens, referenceFailed: failed, wantedKeyLengths: wantedKeyLengths)
    }

    /// Checks one document in every way: whole, and in chunks of a few sizes.
    static func check(
        _ bytes: [UInt8], _ what: String, options: JSONTokenizer.Options = .init(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for chunk in [nil, 1, 2, 7, 33, 4096] as [Int?] {
            let reference = read(bytes, chunk: chunk, usesMembers: false, options: options)
            let members = read(bytes, chunk: chunk, usesMembers: true, options: options)
            #expect(
                same(members, reference), "\(what), chunk \(chunk.map(String.init) ?? "whole")",
                sourceLocation: sourceLocation)
        }
    }

    @Test func seedConversationReadsTheSame() throws {
        let seed = TestDocuments.seed
        try #require(seed.count > 1000)
        let reference = Self.read(seed, chunk: nil, usesMembers: false)
        // A real run, not two empty ones: thousands of tokens and no error.
        #expect(reference.error == nil)
        #expect(reference.tokens.count > 500)
        #expect(reference.tokens.last?.kind == .endOfInput)
        Self.check(seed, "seed")
    }

    @Test func conformanceFilesReadTheSame() throws {
        try #require(TestDocuments.conformanceNames.count > 300)
        var errors = 0
        for name in TestDocuments.conformanceNames {
            let bytes = try TestDocuments.conformanceFile(name)
            if Self.read(bytes, chunk: nil, usesMembers: true).error != nil { errors += 1 }
            Self.check(bytes, name)
        }
        // The n_ files must have exercised the error paths.
        #expect(errors > 100)
    }

    @Test func brokenObjectsFailTheSame() {
        let cases = [
            #"{"a" : 1 , "b"  :  "x" }"#, #"{"a" 1}"#, #"{"a":}"#, #"{"a":1,}"#, #"{"a":1 "b":2}"#, #"{"a"::1}"#,
            #"{"a":-}"#, #"{"a":01}"#, #"{"a":nul}"#, #"{"a":tru,"b":1}"#, #"{"a":"x\q"}"#, #"{"a":[1,]}"#, #"{1:2}"#,
            #"{"a":{"b":{"c":[{"d":1.5e3,"e":"\u00e9"}]}},"f":null}"#, "{\"a\":\n\t\"\u{1}\"}", #"{"a":"é"#, #"{"a""#,
            #"{"a":12345678901234567890123,"b":0}"#, "{\"\u{E9}\":true,\"k\":false}", #"{"a":1}x"#, #"{"a":1"#,
        ]
        for text in cases { Self.check(Array(text.utf8), text) }
    }

    @Test func mutatedSeedsFailTheSame() throws {
        let seed = Array(TestDocuments.seed.prefix(3000))
        try #require(seed.count == 3000)
        Self.checkMutations(of: seed, rounds: 150, seed: 16, "mutation")
    }

    /// Reads `document` with one byte changed, removed or added, `rounds` times, whole and in
    /// chunks of a random size, with and without `nextMember()`.
    static func checkMutations(
        of document: [UInt8], rounds: Int, seed: UInt64, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var random = SplitMix64(seed: seed)
        let interesting = Array(" \t\n\"\\:,{}[]-0123456789.etrufalsn".utf8) + [0x00, 0x1F, 0x80, 0xC0, 0xFF]
        for round in 0..<rounds {
            var bytes = document
            let at = random.below(bytes.count)
            switch random.below(3) {
            case 0: bytes[at] = random.pick(interesting)
            case 1: bytes.remove(at: at)
            default: bytes.insert(random.pick(interesting), at: at)
            }
            for chunk in [nil, 1 + random.below(64)] as [Int?] {
                let reference = Self.read(bytes, chunk: chunk, usesMembers: false)
                let members = Self.read(bytes, chunk: chunk, usesMembers: true)
                #expect(Self.same(members, reference), "\(what) \(round) at \(at)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The compact path reads only where 32 bytes or more of the window lie ahead: a generated
    /// conversation without whitespace (as Userlike's exports are written), whole and in chunks,
    /// and with one byte changed, removed or added.
    @Test func compactConversationReadsAndFailsTheSame() throws {
        var generator = FixtureGenerator(seed: 1603, shape: .chat)
        let conversation = generator.conversation(messageCount: 8)
        try #require(conversation.count > 5000 && !conversation.contains(0x0A))
        let reference = Self.read(conversation, chunk: nil, usesMembers: false)
        #expect(reference.error == nil && reference.tokens.count > 500)
        Self.check(conversation, "compact conversation")
        Self.checkMutations(of: conversation, rounds: 300, seed: 1603, "compact mutation")
    }

    /// The broken objects again, with room ahead for the compact path (whitespace after them, which
    /// changes no error), and nesting that reaches the depth limit at a member's value.
    @Test func brokenObjectsFailTheSameWithRoomAhead() {
        let padding = [UInt8](repeating: UInt8(ascii: " "), count: 40)
        let cases = [
            #"{"a":1,"b":"x","c":true,"d":false,"e":null,"f":[],"g":{}}"#, #"{"a": 1, "b": "x", "c":  2}"#,
            #"{"a":1 ,"b":2}"#, #"{"a":1,}"#, #"{"a":1,"b"}"#, #"{"a":1"b":2}"#, #"{"a":tru}"#, #"{"a":fals}"#,
            #"{"a":nulll}"#, #"{"a":01}"#, #"{"a":1.5,"b":-2}"#, #"{"a":123456789012345678}"#, #"{"a":"é"}"#,
            #"{"a":"x\q"}"#, "{\"a\":\"\u{1}\"}", #"{"a\u0062":1}"#, #"{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa":1}"#,
            #"{"a":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","c":1}"#, #"{"a"::1}"#, #"{"a":,"b":1}"#, #"{"a":]}"#,
            #"[{"a":1},{"b":2}]"#, #"[1}"#, #"{"a":[1,2}"#, #"{"a":{"b":1]}"#, #"{"a":1}}"#,
        ]
        for text in cases { Self.check(Array(text.utf8) + padding, text) }
        let deep = Array(#"{"a":{"b":{"c":{"d":1}}}}"#.utf8) + padding
        for depth in 1...5 {
            Self.check(deep, "depth limit \(depth)", options: .init(maximumDepth: depth))
        }
    }

    /// Every byte of a compact object holding each kind of value, changed to each of the 256 byte
    /// values, with room ahead: the compact path must take exactly what the general path takes.
    @Test func everyByteChangedToEveryValue() {
        let object = Array(#"{"a":null,"bb":true,"c":false,"d":1234,"e":"xyz","f":{"g":0},"h":[5],"i":-1}"#.utf8)
        let padding = [UInt8](repeating: UInt8(ascii: " "), count: 40)
        for at in object.indices {
            for value in 0...255 where UInt8(value) != object[at] {
                var bytes = object
                bytes[at] = UInt8(value)
                bytes += padding
                for chunk in [nil, 7] as [Int?] {
                    let reference = Self.read(bytes, chunk: chunk, usesMembers: false)
                    let members = Self.read(bytes, chunk: chunk, usesMembers: true)
                    #expect(Self.same(members, reference), "byte \(at) as \(value), chunk \(chunk ?? 0)")
                }
            }
        }
    }

    /// Keys on lines of their own, after indents of 0 to 20 spaces (the line feed and up to 15
    /// spaces are crossed in one step), or of tabs, carriage returns and mixed whitespace, and an
    /// error on the last line: the same tokens and the same line and column.
    @Test func indentedKeysReadTheSame() {
        let padding = [UInt8](repeating: UInt8(ascii: " "), count: 40)
        for indent in 0...20 {
            let spaces = String(repeating: " ", count: indent)
            for lead in ["\n", "\r\n", "\n\t", "\n \n"] {
                let text =
                    "{" + lead + spaces + "\"a\": 1," + lead + spaces + "\"b\": \"x\"," + lead + spaces
                    + "\"c\": {" + lead + spaces + spaces + "\"d\": true}," + lead + spaces + "\"e\": nul}"
                Self.check(Array(text.utf8) + padding, "indent \(indent), lead \(lead.debugDescription)")
                let valid = text.replacingOccurrences(of: "nul}", with: "null" + lead + "}")
                let run = Self.read(Array(valid.utf8) + padding, chunk: nil, usesMembers: true)
                #expect(run.error == nil, "indent \(indent): \(String(describing: run.error))")
            }
        }
    }
    /// Members passed over by their key's length (``JSONTokenizer/nextMember(wantedKeyLengths:)``,
    /// as the extractor reads a message): every other token, and every error, as `next()` reads
    /// them, on a compact conversation whole and in chunks, with bytes changed, and on the broken
    /// objects, for masks that want no key, keys of one to four bytes, the extractor's message
    /// lengths, and every key.
    @Test func unwantedMembersArePassedOverAndNothingElse() throws {
        var generator = FixtureGenerator(seed: 1604, shape: .chat)
        let conversation = generator.conversation(messageCount: 8)
        let padding = [UInt8](repeating: UInt8(ascii: " "), count: 40)
        let masks: [UInt64] = [0, 0b1_1110, 1 << 4 | 1 << 5 | 1 << 7 | 1 << 6 | 1 << 10, ~0]
        var documents: [(String, [UInt8])] = [("compact conversation", conversation)]
        var random = SplitMix64(seed: 1604)
        let interesting = Array(" \t\n\"\\:,{}[]-0123456789.etrufalsn".utf8) + [0x00, 0x1F, 0x80, 0xFF]
        for round in 0..<60 {
            var bytes = conversation
            bytes[random.below(bytes.count)] = random.pick(interesting)
            documents.append(("mutation \(round)", bytes))
        }
        for text in [
            #"{"a":1,"bb":"x","c":true,"d":false,"e":null,"f":[],"g":{},"hh":-1,"i":1.5,"j":"é","k":tru}"#,
            #"{"a":1,"bb":2,"ccc":3,}"#, #"{"a":1,"bb":2 "c":3}"#, #"{"a":1,"bb":01}"#, #"{"a":1,"bb":"x\q"}"#,
        ] {
            documents.append((text, Array(text.utf8) + padding))
        }
        var passedInAll = 0
        for (what, bytes) in documents {
            for chunk in [nil, 1, 7, 300] as [Int?] {
                let reference = Self.read(bytes, chunk: chunk, usesMembers: false)
                for mask in masks {
                    let passing = Self.read(bytes, chunk: chunk, usesMembers: true, wantedKeyLengths: mask)
                    let passed = Self.passedOver(passing, reference, wantedKeyLengths: mask)
                    #expect(passed != nil, "\(what), chunk \(chunk ?? 0), mask \(mask)")
                    if mask == ~0 { #expect(passed == 0) }
                    passedInAll += passed ?? 0
                }
            }
        }
        // Not vacuous: the compact conversation's members were passed over by the thousand.
        let whole = Self.read(conversation, chunk: nil, usesMembers: true, wantedKeyLengths: 0)
        let reference = Self.read(conversation, chunk: nil, usesMembers: false)
        let passed = try #require(Self.passedOver(whole, reference, wantedKeyLengths: 0))
        #expect(passed > 200)
        #expect(passedInAll > 10 * passed)
    }

    /// Members passed over across line feeds and indents (pretty-printed JSON, as the seed is):
    /// indents of 0 to 20 spaces, other whitespace, and an error on the last line, for every mask:
    /// the same tokens, and the same error with its line and column, as `next()`.
    @Test func indentedMembersArePassedOverAndNothingElse() throws {
        let padding = [UInt8](repeating: UInt8(ascii: " "), count: 40)
        var passedInAll = 0
        for indent in 0...20 {
            let spaces = String(repeating: " ", count: indent)
            for lead in ["\n", "\r\n", "\n\t", "\n \n"] {
                let members = [
                    #""aa": 1"#, #""b": "x""#, #""cc": {"d": true}"#, #""e": null"#, #""ff": -2"#, #""g": nul"#,
                ]
                let text = "{" + members.map { lead + spaces + $0 }.joined(separator: ",") + lead + "}"
                let valid = text.replacingOccurrences(of: "nul" + lead, with: "null" + lead)
                for document in [text, valid] {
                    let bytes = Array(document.utf8) + padding
                    for chunk in [nil, 5] as [Int?] {
                        let reference = Self.read(bytes, chunk: chunk, usesMembers: false)
                        for mask: UInt64 in [0, 1 << 2, ~0] {
                            let passing = Self.read(bytes, chunk: chunk, usesMembers: true, wantedKeyLengths: mask)
                            let passed = Self.passedOver(passing, reference, wantedKeyLengths: mask)
                            #expect(passed != nil, "indent \(indent), lead \(lead.debugDescription), mask \(mask)")
                            passedInAll += passed ?? 0
                        }
                    }
                }
            }
        }
        // Not vacuous: after a line feed and up to 15 spaces, members were passed over.
        #expect(passedInAll > 100)
    }
}
