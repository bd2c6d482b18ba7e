import LimeJSON
import LimeUserlike

/// libFuzzer entry point: every input is checked by the properties below, and any difference
/// stops the run with the input saved (`Fuzz/run.sh` builds and runs it).
///
/// The tokenizer's fast paths (inline short strings, 16-byte UTF-8 blocks, literals and integers
/// read inline, the skip loop) read memory through unsafe pointers, so the properties compare
/// them with paths that do not share their code, under AddressSanitizer:
/// 1. One buffer, and a stream fed in chunks of 1, 3, 16 and 17 bytes (or sizes taken from the
///    input), give the same tokens, flags, decoded strings and numbers and error, and every token's
///    bytes are the input's bytes in its range.
/// 2. An accepted input is valid UTF-8 by the standard library's own validator, and an input that
///    is not valid UTF-8 is rejected (JSON outside strings is ASCII).
/// 3. `skipValue()` accepts exactly what reading every token accepts, and ends at the same offset.
/// 4. The export reader reading the bytes in place, a stream of small chunks through a small read
///    window (which moves on inside conversations larger than it), and the parallel reader (2 jobs,
///    tiny pieces) give the same lines, reports and error.
/// 5. The structural index (`JSONValidator`, issue #16) accepts exactly what the tokenizer accepts
///    and rejects the rest with the tokenizer's exact error, through every stage 1 path this
///    processor runs (Swift SSE2 or portable, AVX2, AVX-512).
/// 6. `nextMember()` wherever a key may stand (its compact path keeps the position in a register)
///    reads the same tokens and error as `next()` alone, but for the key before an error in its
///    value, which it does not hand out.
/// 7. `nextMember(wantedKeyLengths:)`, which passes over members of unwanted key lengths, reads
///    the same tokens and error as `next()` but for members it may pass over (a key of a length not
///    wanted, with a scalar value), for no key wanted and for a mask taken from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func limeFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = checkTokenizer(bytes)
    checkIndex(bytes, against: whole)
    checkMembers(bytes)
    checkPassedOverMembers(bytes)
    checkExportReaders(bytes)
    return 0
}

/// Stops the fuzzer with a message; libFuzzer then saves the input as a crash.
func fail(_ message: String) -> Never {
    print("LimeFuzz property failed: \(message)")
    fatalError(message)
}

// MARK: - Tokenizer

// One buffer against chunks: the chunk driver the LimeJSON tests use (`TokenTrace`, compiled in
// from Tests/LimeTestSupport/TokenTrace.swift by run.sh).

@discardableResult
func checkTokenizer(_ bytes: [UInt8]) -> TokenTrace {
    let whole = TokenTrace.whole(bytes)
    if let anomaly = whole.anomaly { fail("one buffer: \(anomaly)") }
    // Chunk sizes from the input itself reach splits that fixed sizes do not.
    let own = bytes.prefix(8).map { Int($0 % 40) + 1 }
    for sizes in [[1], [3], [16], [17], own.isEmpty ? [2] : own] {
        if let difference = TokenTrace.streamed(bytes, sizes: sizes).difference(from: whole) {
            fail("chunks \(sizes) differ from one buffer: \(difference)")
        }
    }

    let isUTF8 = String(validating: bytes, as: UTF8.self) != nil
    if whole.error == nil && !isUTF8 { fail("accepted input that is not valid UTF-8") }

    // skipValue over the whole text accepts exactly what next() accepts.
    let skipped: Result<Int, JSONError> = Result { () throws(JSONError) -> Int in
        try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) -> Int in
            _ = try tokenizer.skipValue()
            let end = try tokenizer.next()
            return end.kind == .endOfInput ? tokenizer.offset : -1
        }
    }
    switch (skipped, whole.error) {
    case (.success(let end), nil):
        if end == -1 { fail("skipValue accepted a value that next() continued past") }
    case (.failure, .some):
        break
    case (.success, .some(let error)):
        fail("skipValue accepted what next() rejects: \(error)")
    case (.failure(let error), nil):
        fail("skipValue rejected what next() accepts: \(error)")
    }
    return whole
}

// MARK: - Members

/// The tokens (kind, flags, range) and the error of one pass over `bytes`, with `nextMember()` in
/// key positions when `usesMembers`.
func readTokens(_ bytes: [UInt8], usesMembers: Bool, wantedKeyLengths: UInt64 = ~0) -> (
    tokens: [JSONToken], error: JSONError?
) {
    var tokens: [JSONToken] = []
    func record(_ token: JSONToken) {
        tokens.append(token)
    }
    do throws(JSONError) {
        try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) in
            var inObject: [Bool] = []
            func track(_ token: JSONToken) {
                record(token)
                switch token.kind {
                case .objectStart: inObject.append(true)
                case .arrayStart: inObject.append(false)
                case .objectEnd, .arrayEnd: inObject.removeLast()
                default: break
                }
            }
            while true {
                if usesMembers && inObject.last == true {
                    let member = try tokenizer.nextMember(wantedKeyLengths: wantedKeyLengths)
                    track(member.key)
                    if member.key.kind == .key { track(member.value) }
                } else {
                    let token = try tokenizer.next()
                    track(token)
                    if token.kind == .endOfInput { return }
                }
            }
        }
        return (tokens, nil)
    } catch {
        return (tokens, error)
    }
}

func checkMembers(_ bytes: [UInt8]) {
    let reference = readTokens(bytes, usesMembers: false)
    let members = readTokens(bytes, usesMembers: true)
    if members.tokens == reference.tokens && members.error == reference.error { return }
    // Allowed: an error in a value after its key comes without the key.
    if let error = members.error, error == reference.error,
        reference.tokens.last?.kind == .key,
        members.tokens == Array(reference.tokens.dropLast())
    {
        return
    }
    fail(
        "nextMember read \(members.tokens.count) tokens and \(members.error.map { "\($0)" } ?? "no error"), next() \(reference.tokens.count) and \(reference.error.map { "\($0)" } ?? "no error")"
    )
}

/// Property 7: the members passed over are members that may be passed over, and nothing else
/// differs (``membersPassedOver(_:_:referenceFailed:wantedKeyLengths:)``, shared with the tests).
func checkPassedOverMembers(_ bytes: [UInt8]) {
    let reference = readTokens(bytes, usesMembers: false)
    let own = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    for mask in [0, own] {
        let passing = readTokens(bytes, usesMembers: true, wantedKeyLengths: mask)
        guard passing.error == reference.error else {
            fail("nextMember(wantedKeyLengths: \(mask)) stopped at \(String(describing: passing.error))")
        }
        if membersPassedOver(
            passing.tokens, reference.tokens, referenceFailed: reference.error != nil, wantedKeyLengths: mask) == nil
        {
            fail("nextMember(wantedKeyLengths: \(mask)) read other tokens than next()")
        }
    }
}

// MARK: - Structural index

func checkIndex(_ bytes: [UInt8], against whole: TokenTrace) {
    let best = StructuralIndexer.kernel
    defer { StructuralIndexer.kernel = best }
    for kernel in StructuralIndexer.availableKernels {
        StructuralIndexer.kernel = kernel
        let verdict: JSONError?
        do throws(JSONError) {
            try JSONValidator.validate(bytes)
            verdict = nil
        } catch {
            verdict = error
        }
        if verdict != whole.error {
            fail(
                "index (\(kernel)) says \(verdict.map { "\($0)" } ?? "valid"), the tokenizer \(whole.error.map { "\($0)" } ?? "valid")"
            )
        }
    }
}

// MARK: - Export readers

// The drivers the LimeUserlike tests use (`ExportTrace`, `ParallelExportTrace`, compiled in from
// Tests/LimeTestSupport/ExportTrace.swift by run.sh).

func readStreamed(_ bytes: [UInt8], chunk: Int, window: Int) -> ExportTrace {
    let source = ChunkByteSource(ExportTrace.chunks(bytes, of: chunk).makeIterator())
    return ExportTrace.read(ExportReader(source: source, options: .init(chunkSize: window)))
}

func checkExportReaders(_ bytes: [UInt8]) {
    let inPlace = ExportTrace.read(ExportReader(bytes: bytes))
    for (chunk, window) in [(1, 1), (7, 64), (4096, 13)] {
        let streamed = readStreamed(bytes, chunk: chunk, window: window)
        if streamed != inPlace {
            fail(
                "export read in chunks of \(chunk) through a \(window)-byte window differs:\n\(streamed)\nvs in place:\n\(inPlace)"
            )
        }
    }
    let one = ParallelExportTrace.run(bytes, jobs: 1, pieceSize: 1 << 20, chunkSize: 97)
    for pieceSize in [16, 200] {
        let two = ParallelExportTrace.run(bytes, jobs: 2, pieceSize: pieceSize, chunkSize: 97)
        if two != one { fail("2 jobs with \(pieceSize)-byte pieces differ from one:\n\(two)\nvs\n\(one)") }
    }
}
