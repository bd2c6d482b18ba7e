import LimeJSON
import LimeTestSupport
import Testing

/// Lines and columns: the tokenizer's count of UTF-8 continuation bytes gives a column after any
/// token; far into a stream, after a long valid prefix of many lines with most of the input
/// discarded, the stream still names the exact offset, line and column of an error.
@Suite struct ErrorPositionTests {
    /// The tokenizer counts UTF-8 continuation bytes as it validates strings, so a reader can
    /// pass a column on without reading a line twice: after every token, in one window and in
    /// windows that grow a few bytes at a time (strings resumed mid-way), the count gives exactly
    /// the scalars of the line so far.
    @Test func continuationBytesGiveColumns() throws {
        let texts = [
            "[\"Grüße 注文\",\n \"👍 é\", {\"ключ\": \"значение\\n\"}, 1, \"ß\"]",
            "{\"a\":\"\\u00e9\"  ,\"ありがとう\":[\"𝄞x\",\n\n\"€€€\"],\"b\":null}",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            func check(_ tokenizer: JSONTokenizer) {
                let lines = tokenizer.lineTracker
                let expected = bytes[lines.lineStart..<tokenizer.offset].filter { $0 & 0xC0 != 0x80 }.count
                #expect(lines.scalarsOnLine(upTo: tokenizer.offset) == expected, "\(text) at \(tokenizer.offset)")
            }
            try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) in
                while try tokenizer.next().kind != .endOfInput { check(tokenizer) }
            }
            for step in 1...3 {
                try bytes.withUnsafeBufferPointer { all in
                    var end = min(step, all.count)
                    var tokenizer = JSONTokenizer(
                        unsafeBytes: UnsafeBufferPointer(rebasing: all[..<end]), isFinal: false)
                    while true {
                        let token = try tokenizer.next()
                        if token.kind == .endOfInput { break }
                        if token.kind == .needMoreInput {
                            end = min(end + step, all.count)
                            tokenizer.resume(
                                with: UnsafeBufferPointer(rebasing: all[..<end]), baseOffset: 0,
                                isFinal: end == all.count)
                            continue
                        }
                        check(tokenizer)
                    }
                }
            }
        }
    }

    /// A 200 KB valid prefix of many lines (with 2-, 3- and 4-byte characters and escapes), then an
    /// error: the stream, having discarded nearly all of it, still names the line and column.
    @Test func errorAfterLongPrefixOfManyLines() {
        var text = "[\n"
        var line = 2
        while text.utf8.count < 200_000 {
            text += "  \"line \(line): é 中 😀 \\n\\u00e9\", \(line),\n"
            line += 1
        }
        text += "  \"ünïcödé 😀\" tru"
        let bytes = Array(text.utf8)
        let expected = JSONError(
            code: .expectedCommaOrClose, message: "expected ',' or ']' after array element, found 't'",
            offset: bytes.count - 3, line: line, column: 15)
        #expect(TokenTrace.whole(bytes).error == expected)
        #expect(TokenTrace.streamed(bytes, chunksOf: 1).error == expected)
        #expect(TokenTrace.streamed(bytes, chunksOf: 7).error == expected)
        #expect(TokenTrace.streamed(bytes, randomSeed: 11).error == expected)
    }

    /// The error inside a 40,000-character string that started many chunks earlier, at a cut UTF-8
    /// character on the last line.
    @Test func errorInsideLongStringAfterLongPrefix() {
        var text = "{\"log\": [\n"
        for index in 0..<5_000 { text += "\"entry \(index) 中\",\n" }
        text += "\"tail\"], \"body\": \"" + String(repeating: "ab€ ", count: 10_000)
        let bytes = Array(text.utf8) + [0xE2, 0x28] + Array("\"}".utf8)
        let expected = JSONError(
            code: .invalidUTF8, message: "invalid UTF-8: '(' cannot follow byte 0xE2", offset: bytes.count - 3,
            line: 5_002, column: 18 + 40_000 + 1 + 1)
        #expect(TokenTrace.whole(bytes).error == expected)
        #expect(TokenTrace.streamed(bytes, chunksOf: 1).error == expected)
        #expect(TokenTrace.streamed(bytes, randomSeed: 12).error == expected)
    }

    /// Line and column stay right far into a stream, after many chunks were dropped.
    @Test func positionsAfterManyDroppedChunks() {
        var input: [UInt8] = Array("[\n".utf8)
        for index in 0..<20_000 { input += Array("  \"line \(index) é\",\n".utf8) }
        input += Array("  \"last\" x]".utf8)
        let whole = TokenTrace.whole(input)
        #expect(whole.error?.line == 20_002)
        #expect(whole.error?.column == 10)
        #expect(whole.error?.offset == input.count - 2)
        let runs =
            [1, 7, 4096].map { ("chunks of \($0)", TokenTrace.streamed(input, sizes: [$0])) }
            + [("random chunks up to 70,000", TokenTrace.streamed(input, randomSizesUpTo: 70_000, seed: 5))]
        for (what, chunked) in runs {
            #expect(chunked.difference(from: whole) == nil, "\(what)")
        }
    }
}
