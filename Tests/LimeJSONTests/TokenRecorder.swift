import LimeJSON

/// One token as the tests compare it: everything the tokenizer says about it, and its bytes.
struct RecordedToken: Equatable, CustomStringConvertible {
    var kind: JSONToken.Kind
    var flags: UInt8
    var start: Int
    var end: Int
    var bytes: [UInt8]

    var description: String { "\(kind) \(start)..<\(end) \(String(decoding: bytes, as: UTF8.self))" }
}

/// What tokenizing an input gave: its tokens, then the error if there was one.
struct Recording: Equatable {
    var tokens: [RecordedToken] = []
    var error: JSONError?
}

enum TokenRecorder {
    /// Tokenizes `bytes` in one buffer.
    static func whole(_ bytes: [UInt8], options: JSONTokenizer.Options = .init()) -> Recording {
        var recording = Recording()
        do {
            try JSONTokenizer.withTokenizer(over: bytes, options: options) {
                (tokenizer: inout JSONTokenizer) throws(JSONError) in
                while true {
                    let token = try tokenizer.next()
                    if token.kind == .endOfInput { break }
                    recording.tokens.append(
                        RecordedToken(
                            kind: token.kind, flags: token.flags.rawValue, start: token.start, end: token.end,
                            bytes: Array(tokenizer.unsafeBytes(of: token))))
                }
            }
        } catch {
            recording.error = error
        }
        return recording
    }

    /// Tokenizes `bytes` fed to a ``JSONStreamTokenizer`` in the given chunk sizes (cycled).
    static func chunked(_ bytes: [UInt8], sizes: [Int], options: JSONTokenizer.Options = .init()) -> Recording {
        var recording = Recording()
        var tokenizer = JSONStreamTokenizer(options: options)
        var offset = 0
        var sizeIndex = 0
        do {
            while true {
                let token = try tokenizer.next()
                switch token.kind {
                case .endOfInput:
                    return recording
                case .needMoreInput:
                    if offset >= bytes.count {
                        tokenizer.finish()
                    } else {
                        let size = max(1, sizes[sizeIndex % sizes.count])
                        sizeIndex += 1
                        let end = min(offset + size, bytes.count)
                        tokenizer.feed(Array(bytes[offset..<end]))
                        offset = end
                    }
                default:
                    recording.tokens.append(
                        RecordedToken(
                            kind: token.kind, flags: token.flags.rawValue, start: token.start, end: token.end,
                            bytes: tokenizer.bytes(of: token)))
                }
            }
        } catch {
            recording.error = error
        }
        return recording
    }

    /// Random chunk sizes from 1 to `maximum`, from a seed.
    static func randomSizes(seed: UInt64, count: Int = 257, maximum: Int) -> [Int] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(maximum)) + 1
        }
    }
}
