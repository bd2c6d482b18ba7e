import Foundation
import LimeJSON
import LimeTestSupport
import Testing

/// `copyValue(startingWith:into:)`: compact and exact copies of small values, of values in the
/// middle of a document and of whole documents; an incomplete window says so.
@Suite struct CopyValueTests {
    /// Copies the first value of `json` (after an optional key path of one key) with `copyValue`.
    static func compactCopy(_ bytes: [UInt8]) throws(JSONError) -> [UInt8] {
        try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) -> [UInt8] in
            var output: [UInt8] = []
            let complete = try tokenizer.copyValue(startingWith: try tokenizer.next(), into: &output)
            #expect(complete)
            #expect(try tokenizer.next().kind == .endOfInput)
            return output
        }
    }

    @Test func copyValueWritesCompactJSON() throws {
        let input = "{ \"a\" : [ 1 , \"x\\n\" , { \"b\" : null } , [ ] , { } ] , \"c\" : true }"
        let copied = try JSONTokenizer.withTokenizer(over: Array(input.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> [UInt8] in
            var output: [UInt8] = []
            let first = try tokenizer.next()
            #expect(try tokenizer.copyValue(startingWith: first, into: &output))
            #expect(try tokenizer.next().kind == .endOfInput)
            return output
        }
        #expect(String(decoding: copied, as: UTF8.self) == #"{"a":[1,"x\n",{"b":null},[],{}],"c":true}"#)
        let reparsed = try JSONSerialization.jsonObject(with: Data(copied)) as? NSDictionary
        let original = try JSONSerialization.jsonObject(with: Data(input.utf8)) as? NSDictionary
        #expect(reparsed == original)
    }

    @Test func copyValueIsCompactAndExact() throws {
        let json =
            " { \"a\" : [ 1 , -2.5E+3 , \"x\\n\\u00e9 \" , true , null , { } , [ ] , [ [ ] , { \"k\" : false } ] ] ,"
            + "\r\n\t\"b\" : { \"c\" : \"d\" } } "
        let copy = try Self.compactCopy(Array(json.utf8))
        #expect(
            String(decoding: copy, as: UTF8.self)
                == #"{"a":[1,-2.5E+3,"x\n\u00e9 ",true,null,{},[],[[],{"k":false}]],"b":{"c":"d"}}"#)
    }

    @Test(arguments: ["12", "-0.5e-7", #""a\"b""#, "true", "null", "[]", "{}", "[[[[]]]]"])
    func copyValueOfSmallValues(_ json: String) throws {
        #expect(try Self.compactCopy(Array(json.utf8)) == Array(json.utf8))
    }

    /// A copied inner value leaves the tokenizer right after it, ready for the next member.
    @Test func copyValueInTheMiddle() throws {
        let json = #"{"skip": 1, "take": {"x": [1, 2, {"y": null}]} , "after": true}"#
        let (copy, following) = try JSONTokenizer.withTokenizer(over: Array(json.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> ([UInt8], String) in
            var output: [UInt8] = []
            while case let token = try tokenizer.next(), token.kind != .endOfInput {
                if token.kind == .key, tokenizer.token(token, equals: "take") {
                    let depth = tokenizer.depth
                    #expect(try tokenizer.copyValue(startingWith: try tokenizer.next(), into: &output))
                    #expect(tokenizer.depth == depth)
                    let next = try tokenizer.next()
                    return (output, tokenizer.string(next))
                }
            }
            return (output, "")
        }
        #expect(String(decoding: copy, as: UTF8.self) == #"{"x":[1,2,{"y":null}]}"#)
        #expect(following == "after")
    }

    @Test func copyValueReportsAnIncompleteWindow() throws {
        let bytes = Array(#"{"a": [1, 2, {"b": "#.utf8)
        let complete = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONError) -> Bool in
            var tokenizer = JSONTokenizer(unsafeBytes: buffer, isFinal: false)
            var output: [UInt8] = []
            return try tokenizer.copyValue(startingWith: try tokenizer.next(), into: &output)
        }
        #expect(!complete)
    }

    static func documentsForCopy() -> [(String, [UInt8])] {
        var documents: [(String, [UInt8])] = [
            ("seed", TestDocuments.seed),
            ("transcript", TranscriptDocument.make(seed: 5, targetBytes: 300_000)),
        ]
        for name in ["twitter.json", "citm_catalog.json"] {
            if let bytes = FixturePaths.benchDocument(name) { documents.append((name, bytes)) }
        }
        return documents
    }

    /// The compact copy of a whole document parses (with `JSONSerialization`) to the same value as
    /// the original, has the same tokens, and copying it again changes nothing.
    @Test func copyValueOfWholeDocuments() throws {
        for (name, bytes) in Self.documentsForCopy() {
            let copy = try Self.compactCopy(bytes)
            let difference = FoundationTree.difference(
                try FoundationTree.foundation(copy), try FoundationTree.foundation(bytes))
            #expect(difference == nil, "\(name)")
            #expect(copy.count < bytes.count, "\(name)")
            let kinds = { (trace: TokenTrace) in trace.tokens.map { "\($0.kind) \($0.text ?? "")" } }
            #expect(kinds(TokenTrace.whole(copy)) == kinds(TokenTrace.whole(bytes)), "\(name)")
            #expect(try Self.compactCopy(copy) == copy, "\(name)")
        }
    }
}
