import Foundation
import LimeJSON
import LimeMapping

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `send --replay FILE`: the plans of a dead-letter file, sent again, and the file rewritten
/// afterwards to hold only what is still not delivered.
///
/// The file is read one line at a time. Conversations that fail again go to a side file
/// (`FILE.replay`) while the run lasts; ``finish(journal:)`` then writes the new dead-letter file
/// beside the old one and renames it over it: a dead letter whose conversation the journal now has
/// is dropped, one that failed again carries its new error, any other line (not tried, because the
/// run stopped; or not readable) stays as it was. A crash before that leaves the old file whole,
/// and the journal makes a second replay skip what got through.
public final class DeadLetterReplay {
    /// The dead-letter file.
    public let path: String
    /// Where conversations that fail again are written during the run.
    public let failures: DeadLetters
    /// Lines that could not be read back, as `line N: what`; they stay in the file.
    public private(set) var problems: [String] = []
    private let reader: RecordFile.LineReader?
    private var lineNumber = 0

    /// Opens the dead-letter file at `path`.
    ///
    /// - Throws: ``SenderError/transport(_:)`` when it cannot be read.
    public init(path: String) throws(SenderError) {
        self.path = path
        reader = try RecordFile.LineReader(path: path)
        guard reader != nil else {
            throw SenderError.transport("cannot read the dead letters file \(path): No such file or directory")
        }
        let side = path + ".replay"
        unlink(side)
        failures = DeadLetters(path: side)
    }

    /// The next plan to send; nil at the end of the file.
    public func next() throws(SenderError) -> LimePlan? {
        guard let reader else { return nil }
        while let line = try reader.next() {
            lineNumber += 1
            if line.allSatisfy(JSONByte.isBlankInLine) { continue }
            do throws(LimePlanDecodingError) {
                guard let plan = try Self.plan(in: line) else {
                    problems.append("line \(lineNumber): not a dead letter (no plan member)")
                    continue
                }
                return plan
            } catch {
                problems.append("line \(lineNumber): the plan cannot be read: \(error)")
            }
        }
        return nil
    }

    /// The plan a dead-letter line carries under `plan`; nil when it has none.
    static func plan(in line: [UInt8]) throws(LimePlanDecodingError) -> LimePlan? {
        guard let range = RecordFile.range(member: "plan", in: line) else { return nil }
        return try LimePlan(jsonLine: Array(line[range]))
    }

    /// Rewrites the dead-letter file (see the type) and returns how many dead letters it still
    /// holds; with none left the file is removed.
    public func finish(journal: Journal) throws(SenderError) -> Int {
        var again: [String: [UInt8]] = [:]
        _ = try RecordFile.forEachLine(path: failures.path) { line in
            if let id = RecordFile.string(member: "conversation_id", in: line) { again[id] = line }
        }
        let temporary = path + ".new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Self.failure("write", temporary) }
        var remaining = 0
        var written = true
        _ = try RecordFile.forEachLine(path: path) { line in
            var kept = line
            if let id = RecordFile.string(member: "conversation_id", in: line) {
                // Failed again in this replay: kept with its new error (the journal may hold an
                // earlier version of the conversation, sent under a re-send rule).
                if let newer = again[id] {
                    kept = newer
                } else if journal.contains(id) {
                    return
                }
            } else if line.allSatisfy(JSONByte.isBlankInLine) {
                return
            }
            kept.append(0x0A)
            written = written && RecordFile.append(kept, to: descriptor, sync: false)
            remaining += 1
        }
        written = written && fsync(descriptor) == 0
        close(descriptor)
        guard written else {
            unlink(temporary)
            throw Self.failure("write", temporary)
        }
        if remaining == 0 {
            unlink(temporary)
            guard unlink(path) == 0 else { throw Self.failure("remove", path) }
        } else {
            guard rename(temporary, path) == 0 else { throw Self.failure("replace", path) }
        }
        unlink(failures.path)
        return remaining
    }

    static func failure(_ verb: String, _ path: String) -> SenderError {
        .transport("cannot \(verb) the dead letters file \(path): \(String(cString: strerror(errno)))")
    }
}
