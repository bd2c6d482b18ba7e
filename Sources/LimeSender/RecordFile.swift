#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import LimeJSON
import LimeUserlike

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
    static func forEachLine(path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(SenderError) -> Scan {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            if errno == ENOENT { return Scan() }
            throw SenderError.transport("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var scan = Scan(exists: true)
        var carry: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SenderError.transport("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            scan.endsWithLineFeed = chunk[count - 1] == 0x0A
            chunk.withUnsafeBufferPointer { buffer in
                var start = 0
                for index in 0..<count where buffer[index] == 0x0A {
                    if carry.isEmpty {
                        body(UnsafeBufferPointer(rebasing: buffer[start..<index]))
                    } else {
                        carry.append(contentsOf: buffer[start..<index])
                        carry.withUnsafeBufferPointer(body)
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = index + 1
                }
                carry.append(contentsOf: buffer[start..<count])
            }
        }
        return scan
    }

    /// The string value of the top-level member `key` of the JSON object `line`, or nil (not an
    /// object, no such member, not a string, not valid JSON).
    static func string(member key: StaticString, in line: UnsafeBufferPointer<UInt8>) -> String? {
        var tokenizer = JSONTokenizer(unsafeBytes: line)
        do throws(JSONError) {
            guard try tokenizer.next().kind == .objectStart else { return nil }
            while true {
                let name = try tokenizer.next()
                guard name.kind == .key else { return nil }
                let value = try tokenizer.next()
                if tokenizer.token(name, equals: key) {
                    return value.kind == .string ? tokenizer.string(value) : nil
                }
                if value.isContainerStart { _ = try tokenizer.skipRest(of: value) }
            }
        } catch {
            return nil
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
        out.append(contentsOf: FieldValue.string(text).jsonText.utf8)
    }
}
