import Foundation
import LimeMapping

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The spool's lines, read and written by hand: two fixed shapes, no general JSON needed.
extension DeliverySpool {
    static let entryPrefix = Array(#"{"entry":"#.utf8)
    static let planPrefix = Array(#","plan":"#.utf8)
    static let donePrefix = Array(#"{"done":"#.utf8)

    /// `{"entry":N,"plan":PLAN}`: the number and the plan's bytes.
    static func entry(_ line: UnsafeBufferPointer<UInt8>) -> (UInt64, [UInt8])? {
        guard line.starts(with: entryPrefix), line.last == UInt8(ascii: "}") else { return nil }
        guard let (sequence, end) = number(line, from: entryPrefix.count) else { return nil }
        let rest = line[end...]
        guard rest.starts(with: planPrefix) else { return nil }
        return (sequence, Array(line[(end + planPrefix.count)..<(line.count - 1)]))
    }

    /// `{"done":N}`: the number.
    static func done(_ line: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard line.starts(with: donePrefix), let (sequence, end) = number(line, from: donePrefix.count),
            end == line.count - 1,
            line[end] == UInt8(ascii: "}")
        else { return nil }
        return sequence
    }

    static func number(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> (UInt64, Int)? {
        var value: UInt64 = 0
        var index = start
        while index < line.count, line[index] >= 0x30, line[index] <= 0x39, index - start < 19 {
            value = value * 10 + UInt64(line[index] - 0x30)
            index += 1
        }
        return index > start ? (value, index) : nil
    }

    /// Replaces the file with the pending entries only (written to a temporary file, flushed,
    /// renamed over it, the directory flushed), and opens it for appending.
    static func rewrite(path: String, directory: String, with entries: [Entry]) throws(SpoolError) -> Int32 {
        let temporary = path + ".tmp"
        var bytes: [UInt8] = []
        for entry in entries {
            bytes.append(contentsOf: entryPrefix)
            bytes.append(contentsOf: String(entry.sequence).utf8)
            bytes.append(contentsOf: planPrefix)
            entry.plan.writeJSONLine(into: &bytes)
            if bytes.last == 0x0A { bytes.removeLast() }
            bytes.append(contentsOf: "}\n".utf8)
        }
        func failed(_ what: String) -> SpoolError {
            SpoolError(message: "cannot \(what) the spool \(path): \(String(cString: strerror(errno)))")
        }
        let written = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard written >= 0 else { throw failed("create") }
        guard write(bytes, to: written), fsync(written) == 0 else {
            let error = failed("write")
            close(written)
            throw error
        }
        close(written)
        guard rename(temporary, path) == 0 else { throw failed("replace") }
        let folder = open(directory, O_RDONLY)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
        let descriptor = open(path, O_WRONLY | O_APPEND)
        guard descriptor >= 0 else { throw failed("open") }
        return descriptor
    }

    /// Flushes what was appended to the spool to the disk itself, before a request is answered.
    /// Linux: `fdatasync`, which skips metadata a reader does not need (times) but keeps the
    /// size. Darwin has no `fdatasync` to call, and its `fsync` stops at the drive's cache:
    /// `F_FULLFSYNC` is what reaches the platter there (falling back to `fsync` on file systems
    /// that refuse it).
    static func syncData(_ descriptor: Int32) -> Bool {
        #if canImport(Darwin)
            return fcntl(descriptor, F_FULLFSYNC) == 0 || fsync(descriptor) == 0
        #else
            return fdatasync(descriptor) == 0
        #endif
    }
}
