import LimeJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The append-only NDJSON files the sender keeps (the journal, the dead letters): read back line by
/// line in bounded memory, appended with one `write` per record.
enum RecordFile {
    /// What ``forEachLine(path:_:)`` found.
    struct Scan {
        /// Whether the file exists.
        var exists = false
        /// Whether it is empty or ends with a line feed (false: its last line was torn by a crash).
        var endsWithLineFeed = true
    }

    /// Calls `body` with each complete line of the file at `path`, without its line feed; a torn
    /// last line (a crash in the middle of a write) is left out.
    static func forEachLine(path: String, _ body: ([UInt8]) -> Void) throws(SenderError) -> Scan {
        guard let reader = try LineReader(path: path) else { return Scan() }
        while let line = try reader.next() { body(line) }
        return Scan(exists: true, endsWithLineFeed: reader.endsWithLineFeed)
    }

    /// Hands out the complete lines of a file one at a time, reading it in 1 MiB pieces.
    final class LineReader {
        let path: String
        private let descriptor: Int32
        private var chunk = [UInt8](repeating: 0, count: 1 << 20)
        private var start = 0
        private var end = 0
        private var atEnd = false
        /// Whether the file ended with a line feed (known once ``next()`` returned nil).
        private(set) var endsWithLineFeed = true

        /// Opens the file; nil when there is none.
        init?(path: String) throws(SenderError) {
            self.path = path
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                if errno == ENOENT { return nil }
                throw SenderError.transport("cannot read \(path): \(String(cString: strerror(errno)))")
            }
        }

        deinit { close(descriptor) }

        /// The next complete line without its line feed; nil at the end (a torn last line is left out).
        func next() throws(SenderError) -> [UInt8]? {
            var carry: [UInt8] = []
            while true {
                if let feed = chunk[start..<end].firstIndex(of: 0x0A) {
                    carry.append(contentsOf: chunk[start..<feed])
                    start = feed + 1
                    return carry
                }
                carry.append(contentsOf: chunk[start..<end])
                start = 0
                end = 0
                guard !atEnd else {
                    endsWithLineFeed = carry.isEmpty
                    return nil
                }
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw SenderError.transport("cannot read \(path): \(String(cString: strerror(errno)))")
                }
                if count == 0 { atEnd = true }
                end = count
            }
        }
    }

    /// The string value of the top-level member `key` of the JSON object `line`, or nil (not an
    /// object, no such member, not a string, not valid JSON).
    static func string(member key: StaticString, in line: [UInt8]) -> String? {
        value(of: key, in: line) { value, tokenizer in value.kind == .string ? tokenizer.string(value) : nil }
    }

    /// The byte range of the value of the top-level member `key` of the JSON object `line`, or nil.
    static func range(member key: StaticString, in line: [UInt8]) -> Range<Int>? {
        value(of: key, in: line) { value, _ in value.start..<value.end }
    }

    /// Walks the members of the JSON object `line` (each value skipped whole, and validated) up to
    /// the one called `key`, and hands its value to `body`; nil when there is none or the line is
    /// not an object of valid JSON up to there.
    private static func value<Result>(
        of key: StaticString, in line: [UInt8], _ body: (JSONToken, inout JSONTokenizer) -> Result?
    ) -> Result? {
        JSONTokenizer.withTokenizer(over: line) { tokenizer -> Result? in
            do throws(JSONError) {
                guard try tokenizer.next().kind == .objectStart else { return nil }
                while true {
                    let name = try tokenizer.next()
                    guard name.kind == .key else { return nil }
                    let value = try tokenizer.skipValue()
                    if tokenizer.token(name, equals: key) { return body(value, &tokenizer) }
                }
            } catch {
                return nil
            }
        }
    }

    /// Appends `line` (which ends with a line feed) with one `write`, and with `sync` flushes it to
    /// disk before returning.
    static func append(_ line: [UInt8], to descriptor: Int32, sync: Bool) -> Bool {
        var written = 0
        while written < line.count {
            let result = line.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += result
        }
        return !sync || fsync(descriptor) == 0
    }
}

extension RecordFile {
    /// Appends `text` as a JSON string literal.
    static func appendString(_ text: String, into out: inout [UInt8]) {
        JSONWriter.writeString(text, into: &out)
    }
}

/// The sender's line-by-line reader of its append-only NDJSON files, for other record files of
/// the same kind (the `limestream serve` spool): one reading loop for all of them.
package enum RecordLines {
    /// Calls `body` with each complete line of the file at `path` (without its line feed); a torn
    /// last line is left out.
    ///
    /// - Returns: whether the file exists, and whether it ended with a line feed (false: its last
    ///   line was torn by a crash and must not be glued to the next record).
    /// - Throws: ``SenderError/transport(_:)`` when the file cannot be read.
    package static func forEach(path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(SenderError) -> (
        exists: Bool, endsWithLineFeed: Bool
    ) {
        let scan = try RecordFile.forEachLine(path: path) { line in line.withUnsafeBufferPointer(body) }
        return (scan.exists, scan.endsWithLineFeed)
    }
}
