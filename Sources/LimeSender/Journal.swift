#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// The record of conversations whose history exists in Lime: one line per conversation id,
/// appended and flushed to disk (`fsync`) before the conversation counts as delivered, so that a
/// crash or `kill -9` never loses or corrupts what was recorded. A torn last line (a crash in the
/// middle of a write) is ignored when the journal is read back.
///
/// The ids are held in a ``ConversationIDSet`` (about 8 to 20 bytes per decimal id), and the file
/// is read back in 1 MiB pieces: memory stays small for millions of conversations.
public final class Journal: @unchecked Sendable {
    private let descriptor: Int32
    private var delivered = ConversationIDSet()
    private let lock = NSLock()
    /// The journal's path.
    public let path: String

    /// Opens (or creates) the journal at `path` and reads what it holds.
    public init(path: String) throws(SenderError) {
        self.path = path
        var known = ConversationIDSet()
        let scan = try RecordFile.forEachLine(path: path) { line in
            if let id = RecordFile.string(member: "delivered", in: line) { known.insert(id) }
        }
        delivered = known
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { throw SenderError.transport("cannot open the journal \(path): \(String(cString: strerror(errno)))") }
        // A torn line from an earlier crash must not glue itself to the next record.
        if !scan.endsWithLineFeed && !RecordFile.append([0x0A], to: descriptor, sync: true) {
            close(descriptor)
            throw SenderError.transport("cannot write the journal \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// Whether the conversation was delivered in an earlier run (or this one).
    public func contains(_ conversationID: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return delivered.contains(conversationID)
    }

    /// The number of conversations recorded.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return delivered.count
    }

    /// Records a delivered conversation, on disk before it returns.
    public func record(_ conversationID: String) throws(SenderError) {
        var line = Array(#"{"delivered":"#.utf8)
        RecordFile.appendString(conversationID, into: &line)
        line.append(contentsOf: "}\n".utf8)
        lock.lock()
        defer { lock.unlock() }
        guard RecordFile.append(line, to: descriptor, sync: true) else {
            throw SenderError.transport("cannot write the journal \(path): \(String(cString: strerror(errno)))")
        }
        delivered.insert(conversationID)
    }
}
