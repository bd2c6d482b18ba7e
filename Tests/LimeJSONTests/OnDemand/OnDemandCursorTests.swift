import Foundation
import LimeTestSupport
import Testing

@testable import LimeJSON

/// The cursors' API: typed getters and their errors (code, message, offset, line, column), keys
/// matched on raw bytes with escapes, lookups by name, key sets, borrowed documents, and the
/// forward-only rules: what happens when a child is not consumed before its parent moves on, and
/// what a cursor used out of order throws.
@Suite struct OnDemandCursorTests {
    static func document(_ text: String) throws(JSONError) -> JSONDocument { try JSONDocument(bytes: Array(text.utf8)) }

    /// Line and column of `offset` in `text`, counted independently of the library.
    static func location(_ text: String, _ offset: Int) -> (line: Int, column: Int) {
        let before = Array(text.utf8)[0..<offset]
        let lines = before.split(separator: 0x0A, omittingEmptySubsequences: false)
        return (lines.count, String(decoding: lines.last ?? [], as: UTF8.self).unicodeScalars.count + 1)
    }

    static func expectError(
        _ code: JSONError.Code, in text: String, at offset: Int, _ body: () throws(JSONError) -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try body()
            Issue.record("no error", sourceLocation: sourceLocation)
        } catch {
            let (line, column) = location(text, offset)
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
            #expect(error.line == line && error.column == column, "\(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Getters

    @Test func typedGetters() throws {
        let text =
            #"{"i": -42, "big": -9223372036854775808, "d": 1.5e3, "t": true, "f": false, "n": null, "s": "h\u00e9"}"#
        let object = try Self.document(text).root().object()
        #expect(try object.field(named: "i")?.int64() == -42)
        #expect(try object.field(named: "big")?.int64() == Int64.min)
        #expect(try object.field(named: "d")?.double() == 1500)
        #expect(try object.field(named: "t")?.bool() == true)
        #expect(try object.field(named: "f")?.bool() == false)
        let null = try #require(try object.field(named: "n"))
        #expect(null.isNull && null.kind == .null)
        let string = try #require(try object.field(named: "s"))
        #expect(string.kind == .string)
        let raw = try string.rawString()
        #expect(raw.hasEscapes && raw.count == 7 && raw.decoded() == "hé")
        raw.withBytes { bytes in #expect(bytes.count == 7 && bytes[0] == UInt8(ascii: "h")) }
        var buffer: [UInt8] = []
        raw.appendDecoded(to: &buffer)
        #expect(buffer == Array("hé".utf8))
    }

    @Test func getterErrorsLeaveTheValueUnread() throws {
        let text =
            "{\n  \"a\": \"text\",\n  \"b\": 1.5,\n  \"c\": 18446744073709551616,\n  \"d\": 1e400,\n  \"é\": [1]\n}"
        let object = try Self.document(text).root().object()
        let a = try #require(try object.field(named: "a"))
        Self.expectError(.typeMismatch, in: text, at: 9) { () throws(JSONError) in _ = try a.int64() }
        Self.expectError(.typeMismatch, in: text, at: 9) { () throws(JSONError) in _ = try a.object() }
        #expect(try a.string() == "text")
        let b = try #require(try object.field(named: "b"))
        Self.expectError(.typeMismatch, in: text, at: 24) { () throws(JSONError) in _ = try b.int64() }
        #expect(try b.double() == 1.5)
        let c = try #require(try object.field(named: "c"))
        Self.expectError(.numberOutOfRange, in: text, at: 36) { () throws(JSONError) in _ = try c.int64() }
        #expect(try c.double() == 18_446_744_073_709_551_616)
        let d = try #require(try object.field(named: "d"))
        Self.expectError(.numberOutOfRange, in: text, at: 65) { () throws(JSONError) in _ = try d.double() }
        // The column counts scalars: the é key is two bytes.
        let e = try #require(try object.field(named: "é"))
        Self.expectError(.typeMismatch, in: text, at: 80) { () throws(JSONError) in _ = try e.bool() }
        #expect(Self.location(text, 80) == (6, 8))
    }

    @Test func messagesSayWhatWasFound() throws {
        let document = try Self.document(#"["x"]"#)
        let element = try #require(try document.root().array().nextElement())
        do {
            _ = try element.int64()
        } catch {
            #expect(error.message == "expected an integer, found a string")
            #expect(error.description == "line 1, column 2 (byte 1): expected an integer, found a string")
        }
    }

    @Test func rawJSONAndSkip() throws {
        let object = try Self.document(#"{"a": {"x": [1, {"y": "}"}]} , "b": -0.5e+2, "c": [], "d": "q\"", "e": 3}"#)
            .root().object()
        var buffer: [UInt8] = []
        try #require(try object.nextField()).value.appendRawJSON(to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"{"x": [1, {"y": "}"}]}"#)
        buffer = []
        try #require(try object.nextField()).value.appendRawJSON(to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "-0.5e+2")
        try #require(try object.nextField()).value.skip()
        buffer = []
        #expect(try #require(try object.nextField()).value.appendRawString(to: &buffer))
        #expect(buffer == Array(#"q\""#.utf8))
        #expect(try object.field(named: "e")?.int64() == 3)
    }

    // MARK: - Keys

    @Test func escapedKeysMatchTheirText() throws {
        let text = #"{"a\u0062c": 1, "\/x": 2, "plain": 3, "\"q\"": 4, "": 5, "long key with \u00e9 in it": 6}"#
        let object = try Self.document(text).root().object()
        #expect(try object.field(named: "abc")?.int64() == 1)
        #expect(try object.field(named: "/x")?.int64() == 2)
        #expect(try object.field(named: Array("plain".utf8))?.int64() == 3)
        #expect(try object.field(named: "\"q\"")?.int64() == 4)
        #expect(try object.field(named: "")?.int64() == 5)
        #expect(try object.field(named: "long key with é in it")?.int64() == 6)
        #expect(try object.field(named: "a\\u0062c") == nil)  // raw bytes are not the key's text

        let again = try Self.document(text).root().object()
        let keys = JSONKeySet(["plain", "", "abc", "long key with é in it", "/x", "\"q\""])
        var found: [Int: Int64] = [:]
        while let field = try again.nextField(in: keys) { found[field.index] = try field.value.int64() }
        #expect(found == [2: 1, 4: 2, 0: 3, 5: 4, 1: 5, 3: 6])

        let third = try Self.document(text).root().object()
        let first = try #require(try third.nextField())
        #expect(first.key.hasEscapes && first.key.matches("abc") && !first.key.matches("abd"))
        #expect(first.key.decoded() == "abc" && first.key.index(in: keys) == 2)
        first.key.withRawBytes { raw in #expect(raw.count == 8) }
    }

    @Test func keySetRejectsNearMisses() {
        let keys = JSONKeySet(["sent_at", "sent_by", "operator_assigned_to_email", "id"])
        func index(_ key: String) -> Int? {
            var bytes = Array(key.utf8)
            let count = bytes.count
            bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 8)  // readable bytes after the key
            return bytes.withUnsafeBufferPointer {
                keys.index(of: UnsafeBufferPointer(rebasing: $0[0..<count]), hasEscapes: false, readable: $0.count)
            }
        }
        #expect(index("sent_at") == 0 && index("sent_by") == 1 && index("id") == 3)
        #expect(index("operator_assigned_to_email") == 2)
        #expect(index("operator_assigned_to_emaiL") == nil && index("sent_ax") == nil && index("i") == nil)
        #expect(index("idx") == nil && index("") == nil)
    }

    @Test func lookupsGoRoundOnceAndStayPutWhenAbsent() throws {
        let object = try Self.document(#"{"a": 1, "b": {"x": 2}, "c": 3, "a": 4}"#).root().object()
        #expect(try object.field(named: "c")?.int64() == 3)
        // Behind the walk: found by going round (the first "a" after the position is the second).
        #expect(try object.field(named: "a")?.int64() == 4)
        #expect(try object.field(named: "a")?.int64() == 1)
        #expect(try object.field(named: "zz") == nil)
        #expect(try object.field(named: "b")?.object().field(named: "x")?.int64() == 2)
        #expect(try object.nextField()?.key.decoded() == "c")
    }

    // MARK: - The forward-only rules

    @Test func aChildLeftUnreadIsSkipped() throws {
        let text = #"{"a": {"deep": [1, [2, {"x": "]"}]]}, "b": [1, 2], "c": "s", "d": 4}"#
        let object = try Self.document(text).root().object()
        let a = try #require(try object.nextField())
        let b = try #require(try object.nextField())  // a was not read: skipped by depth
        #expect(b.key.matches("b"))
        Self.expectError(.outOfOrderAccess, in: text, at: 6) { () throws(JSONError) in _ = try a.value.object() }
        let array = try b.value.array()
        #expect(try array.nextElement()?.int64() == 1)
        // The array abandoned after one element: the object's next move closes it.
        #expect(try object.nextField()?.key.matches("c") == true)
        Self.expectError(.outOfOrderAccess, in: text, at: 43) { () throws(JSONError) in _ = try array.nextElement() }
        #expect(try object.field(named: "d")?.int64() == 4)
        #expect(try object.nextField() == nil)
        #expect(try object.nextField() == nil)  // no more, as long as nothing moved
    }

    @Test func aChildAbandonedDeepInsideIsClosed() throws {
        let text = #"[{"a": [[1, 2], {"b": [3]}]}, 5]"#
        let outer = try Self.document(text).root().array()
        let first = try #require(try outer.nextElement()).object()
        let inner = try #require(try first.field(named: "a")).array()
        let pair = try #require(try inner.nextElement()).array()
        #expect(try pair.nextElement()?.int64() == 1)
        // Three levels open; the outer array closes them all and goes on.
        #expect(try outer.nextElement()?.int64() == 5)
        #expect(try outer.nextElement() == nil)
        Self.expectError(.outOfOrderAccess, in: text, at: 8) { () throws(JSONError) in _ = try pair.nextElement() }
        Self.expectError(.outOfOrderAccess, in: text, at: 7) { () throws(JSONError) in _ = try inner.nextElement() }
        Self.expectError(.outOfOrderAccess, in: text, at: 1) { () throws(JSONError) in _ = try first.nextField() }
    }

    @Test func aValueIsReadOnce() throws {
        let text = "[\n  \"once\",\n  2\n]"
        let document = try Self.document(text)
        let root = try document.root()
        let array = try root.array()
        Self.expectError(.outOfOrderAccess, in: text, at: 0) { () throws(JSONError) in _ = try root.array() }
        Self.expectError(.outOfOrderAccess, in: text, at: 0) { () throws(JSONError) in _ = try document.root() }
        let once = try #require(try array.nextElement())
        #expect(try once.string() == "once")
        Self.expectError(.outOfOrderAccess, in: text, at: 4) { () throws(JSONError) in _ = try once.string() }
        let two = try #require(try array.nextElement())
        #expect(try array.nextElement() == nil)  // two was skipped
        Self.expectError(.outOfOrderAccess, in: text, at: 14) { () throws(JSONError) in _ = try two.int64() }
    }

    @Test func aSiblingOfTheSameDepthIsNotTakenForAClosedObject() throws {
        let text = #"[{"a": 1}, {"b": 2}]"#
        let array = try Self.document(text).root().array()
        let first = try #require(try array.nextElement()).object()
        #expect(try first.nextField()?.value.int64() == 1)
        let second = try #require(try array.nextElement()).object()
        // first's depth is open again, but by another object: first is used up.
        Self.expectError(.outOfOrderAccess, in: text, at: 1) { () throws(JSONError) in _ = try first.nextField() }
        Self.expectError(.outOfOrderAccess, in: text, at: 1) { () throws(JSONError) in
            _ = try first.field(named: "b")
        }
        #expect(try second.field(named: "b")?.int64() == 2)
    }

    @Test func forEachVisitsTheRest() throws {
        let object = try Self.document(#"{"a": [1, 2, 3], "b": true, "c": null}"#).root().object()
        var sum: Int64 = 0
        try #require(try object.nextField()).value.array().forEachElement { value throws(JSONError) in
            sum += try value.int64()
        }
        var keys: [String] = []
        try object.forEachField { field throws(JSONError) in keys.append(field.key.decoded()) }
        #expect(sum == 6 && keys == ["b", "c"])
    }

    // MARK: - Documents

    @Test func validationErrorsAreTheTokenizers() throws {
        let text = "{\n  \"a\": [1, 2,],\n  \"b\": 3\n}"
        do {
            _ = try Self.document(text)
            Issue.record("accepted")
        } catch {
            #expect(error == OnDemandConformanceTests.tokenizerError(Array(text.utf8)))
            #expect(error.code == .expectedValue && error.line == 2 && error.column == 14)
        }
        Self.expectError(.unexpectedEndOfInput, in: "", at: 0) { () throws(JSONError) in _ = try Self.document("") }
    }

    @Test func borrowedDocuments() throws {
        let bytes = Array(#"  {"list": [10, 20], "name": "x"} "#.utf8)
        let slice = bytes[2...]
        let total = try JSONDocument.withDocument(over: slice.span) { document throws(JSONError) -> Int64 in
            guard let list = try document.root().object().field(named: "list")?.array() else { return -1 }
            var total: Int64 = 0
            while let element = try list.nextElement() { total += try element.int64() }
            return total
        }
        #expect(total == 30)
        do {
            let broken = Array("[1,]".utf8)
            _ = try JSONDocument.withDocument(over: broken.span) { _ throws(JSONError) in 0 }
            Issue.record("accepted")
        } catch {
            #expect(error.code == .expectedValue && error.offset == 3)
        }
    }

    @Test func scalarRoots() throws {
        #expect(try Self.document(" 12 ").root().int64() == 12)
        #expect(try Self.document("\"\\n\"").root().string() == "\n")
        #expect(try Self.document("null").root().isNull)
        #expect(try Self.document("[]").root().array().nextElement() == nil)
        #expect(try Self.document("{}").root().object().nextField() == nil)
        #expect(try Self.document("{}").root().object().field(named: "a") == nil)
    }
}

/// README's On-Demand example, compiled and run on the seed.
@Suite struct OnDemandReadmeTests {
    @Test func readmeExample() throws {
        let payload = try FixturePaths.bytes(FixturePaths.fixtures.appendingPathComponent("seed-conversation.json"))
        var bodies: [String] = []
        let document = try JSONDocument(bytes: payload)  // keeps the array; or withDocument(over: span)
        let conversation = try document.root().object()
        let id = try conversation.field(named: "id")?.int64()
        if let transcript = try conversation.field(named: "transcript")?.array() {
            while let message = try transcript.nextElement()?.object() {
                bodies.append(try message.field(named: "body")?.string() ?? "")
            }
        }
        #expect(
            id != nil && bodies.count == 4 && bodies[0] == "Hello, you're talking to Peter Testman. How can I help?")
    }
}
