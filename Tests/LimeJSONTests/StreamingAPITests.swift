import LimeJSON
import LimeTestSupport
import Testing

/// The streaming surface beyond token equality: copies of a `JSONStreamTokenizer` are independent
/// values, the core's `resume(with:baseOffset:isFinal:)`/`noteDiscarded(_:)` protocol works when
/// driven by hand, and an interrupted `skipRest(of:)` can be continued.
@Suite struct StreamingAPITests {
    static func kinds(_ tokenizer: inout JSONStreamTokenizer) throws -> [String] {
        var result: [String] = []
        while true {
            let token = try tokenizer.next()
            if token.kind == .needMoreInput || token.kind == .endOfInput { return result }
            switch token.kind {
            case .string, .key: result.append(tokenizer.string(token))
            case .number: result.append(tokenizer.numberText(token))
            default: result.append("\(token.kind)")
            }
        }
    }

    /// A copy taken mid-stream goes its own way: feeding one must not disturb the other.
    @Test func copiesAreIndependent() throws {
        var first = JSONStreamTokenizer()
        first.feed(Array(#"[1, "ab", 2"#.utf8))
        #expect(try Self.kinds(&first) == ["arrayStart", "1", "ab"])
        var second = first
        second.feed(Array(#"2, "second", {"k": true}]"#.utf8))
        second.finish()
        first.feed(Array(#"5, "first"]"#.utf8))
        first.finish()
        #expect(try Self.kinds(&second) == ["22", "second", "objectStart", "k", "true", "objectEnd", "arrayEnd"])
        #expect(try Self.kinds(&first) == ["25", "first", "arrayEnd"])
    }

    /// The same with a big feed that makes the copy's buffer grow (and move) while the original
    /// still points into the old one.
    @Test func copyOutgrowingTheSharedBuffer() throws {
        var first = JSONStreamTokenizer()
        first.feed(Array(#"["abc"#.utf8))
        #expect(try Self.kinds(&first) == ["arrayStart"])
        var second = first
        second.feed(Array(repeating: UInt8(ascii: "x"), count: 300_000) + Array(#"", 1]"#.utf8))
        second.finish()
        first.feed(Array(#"def", 2]"#.utf8))
        first.finish()
        #expect(try Self.kinds(&first) == ["abcdef", "2", "arrayEnd"])
        #expect(try Self.kinds(&second) == ["abc" + String(repeating: "x", count: 300_000), "1", "arrayEnd"])
    }

    /// The core driven by hand, as a caller with its own buffer would: windows that keep
    /// everything from `retainedOffset`, the dropped bytes reported through `noteDiscarded(_:)`.
    @Test(arguments: [1, 4, 9, 64])
    func coreResumedByHand(chunk: Int) throws {
        let text = "{\"a\": [1, 2.5, \"é\\n\"],\n \"b\": {\"c\": null}, \"d\": tru }"
        let bytes = Array(text.utf8)
        let reference = TokenTrace.whole(bytes)
        var tokens: [TokenRecord] = []
        var thrown: JSONError?
        var window: [UInt8] = []
        var base = 0
        var fed = 0
        var tokenizer: JSONTokenizer?
        outer: while true {
            // A fresh window: the retained tail of the old one plus the next chunk.
            let retained = tokenizer?.retainedOffset ?? 0
            let dropped = Array(window[0..<(retained - base)])
            window.removeFirst(retained - base)
            base = retained
            let end = min(bytes.count, fed + chunk)
            window += bytes[fed..<end]
            fed = end
            let isFinal = fed == bytes.count
            do {
                try window.withUnsafeBufferPointer { (buffer) throws(JSONError) in
                    if tokenizer == nil {
                        tokenizer = JSONTokenizer(unsafeBytes: buffer, isFinal: isFinal)
                    } else {
                        dropped.withUnsafeBufferPointer { tokenizer!.noteDiscarded($0) }
                        tokenizer!.resume(with: buffer, baseOffset: base, isFinal: isFinal)
                    }
                    while true {
                        let token = try tokenizer!.next()
                        if token.kind == .needMoreInput { return }
                        let text: String? =
                            switch token.kind {
                            case .string, .key: tokenizer!.string(token)
                            case .number: tokenizer!.numberText(token)
                            default: nil
                            }
                        tokens.append(
                            TokenRecord(
                                kind: token.kind, flags: token.flags, start: token.start, end: token.end, text: text))
                        if token.kind == .endOfInput { return }
                    }
                }
            } catch {
                thrown = error
                break outer
            }
            if isFinal { break }
        }
        let trace = TokenTrace(tokens: tokens, error: thrown)
        #expect(trace.difference(from: reference) == nil)
        #expect(reference.error?.line == 2)
    }

    /// After `.needMoreInput`, calling `skipRest(of:)` again with the same token continues the skip
    /// (as calling `skipValue()` does) instead of starting a new one at the wrong depth.
    @Test(arguments: [false, true])
    func skipRestContinuesAfterNeedMoreInput(continueWithSkipValue: Bool) throws {
        let whole = Array(#"[{"a": [1, [2, 3]], "b": {"c": [4]}}, 5]"#.utf8)
        let cut = 12  // inside [2, 3]
        var tokenizer: JSONTokenizer?
        let results: [JSONToken] = try whole.withUnsafeBufferPointer { (buffer) throws(JSONError) -> [JSONToken] in
            tokenizer = JSONTokenizer(unsafeBytes: UnsafeBufferPointer(rebasing: buffer[0..<cut]), isFinal: false)
            _ = try tokenizer!.next()
            let object = try tokenizer!.next()
            let first = try tokenizer!.skipRest(of: object)
            tokenizer!.resume(with: buffer, baseOffset: 0, isFinal: true)
            let second = continueWithSkipValue ? try tokenizer!.skipValue() : try tokenizer!.skipRest(of: object)
            return [first, second, try tokenizer!.next(), try tokenizer!.next()]
        }
        #expect(results.map(\.kind) == [.needMoreInput, .objectStart, .number, .arrayEnd])
        #expect(results[1] == JSONToken(kind: .objectStart, start: 1, end: 36))
    }
}
