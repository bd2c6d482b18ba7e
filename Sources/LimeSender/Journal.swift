import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// `ID` + U+0000 + digest, for conversations recorded with a version (a re-send rule).
    private var versions = Set<String>()
    private let lock = NSLock()
    /// The journal's path.
    public let path: String

    /// Opens (or creates) the journal at `path` and reads what it holds.
    public init(path: String) throws(SenderError) {
        self.path = path
        var known = ConversationIDSet()
        var versions = Set<String>()
        let scan = try RecordFile.forEachLine(path: path) { line in
            guard let id = RecordFile.string(member: "delivered", in: line) else { return }
            known.insert(id)
            if let version = RecordFile.string(member: "note", in: line) { versions.insert(id + "\u{0}" + version) }
        }
        delivered = known
        self.versions = versions
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else {
            throw SenderError.transport("cannot open the journal \(path): \(String(cString: strerror(errno)))")
        }
        // A torn line from an earlier crash must not glue itself to the next record.
        if !scan.endsWithLineFeed && !RecordFile.append([0x0A], to: descriptor, sync: true) {
            close(descriptor)
            throw SenderError.transport("cannot write the journal \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// Whether the conversation was delivered in an earlier run (or this one), in any version.
    public func contains(_ conversationID: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return delivered.contains(conversationID)
    }

    /// Whether the conversation was delivered with this version (nil: in any version, as
    /// ``contains(_:)``). A version is what a re-send rule tells transcripts apart by (the
    /// note's ``digest(_:)``).
    public func contains(_ conversationID: String, version: String?) -> Bool {
        guard let version else { return contains(conversationID) }
        lock.lock()
        defer { lock.unlock() }
        return versions.contains(conversationID + "\u{0}" + version)
    }

    /// A short, stable digest of texts (64-bit FNV-1a over their UTF-8, each ended by a 0 byte)
    /// as 16 hex digits: enough to tell a grown transcript from the one sent before.
    public static func digest(_ texts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for text in texts {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The number of conversations recorded.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return delivered.count
    }

    /// Records a delivered conversation, on disk before it returns.
    public func record(_ conversationID: String) throws(SenderError) {
        try record(conversationID, version: nil)
    }

    /// Records a delivered conversation in a version (see ``contains(_:version:)``), on disk
    /// before it returns: `{"delivered":"ID","note":"DIGEST"}`.
    public func record(_ conversationID: String, version: String?) throws(SenderError) {
        var line = Array(#"{"delivered":"#.utf8)
        RecordFile.appendString(conversationID, into: &line)
        if let version {
            line.append(contentsOf: #","note":"#.utf8)
            RecordFile.appendString(version, into: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        lock.lock()
        defer { lock.unlock() }
        guard RecordFile.append(line, to: descriptor, sync: true) else {
            throw SenderError.transport("cannot write the journal \(path): \(String(cString: strerror(errno)))")
        }
        delivered.insert(conversationID)
        if let version { versions.insert(conversationID + "\u{0}" + version) }
    }
}
