import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends dead letters: conversations that could not be delivered, one NDJSON line each with the
/// plan and Lime's error, `{"conversation_id":..,"error":..,"plan":{..}}`. `limestream send
/// --replay FILE` sends them again.
///
/// A conversation is written once: one that the file holds already (from an earlier run that
/// failed the same way) is not appended again, so rerunning an export does not grow the file.
public final class DeadLetters: @unchecked Sendable {
    /// The file's path.
    public let path: String
    private var descriptor: Int32 = -1
    private var present = ConversationIDSet()
    private let lock = NSLock()

    /// Dead letters go to `path` (created on the first one).
    public init(path: String) { self.path = path }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// The ids of the conversations in the file at `path` (empty when there is none).
    public static func conversationIDs(in path: String) throws(SenderError) -> Set<String> {
        var ids = Set<String>()
        _ = try RecordFile.forEachLine(path: path) { line in
            if let id = RecordFile.string(member: "conversation_id", in: line) { ids.insert(id) }
        }
        return ids
    }

    /// Appends one dead letter, unless the file has one for the conversation already.
    ///
    /// - Throws: ``SenderError/transport(_:)`` when the file cannot be created or written: a
    ///   conversation that is neither delivered nor written here would be lost from view, so the
    ///   caller stops rather than count it as failed.
    public func append(conversationID: String, error: String, planLine: String) throws(SenderError) {
        lock.lock()
        defer { lock.unlock() }
        if descriptor < 0 { try openFile() }
        guard !present.contains(conversationID) else { return }
        var line = Array(#"{"conversation_id":"#.utf8)
        RecordFile.appendString(conversationID, into: &line)
        line.append(contentsOf: #","error":"#.utf8)
        RecordFile.appendString(error, into: &line)
        line.append(contentsOf: #","plan":"#.utf8)
        line.append(contentsOf: planLine.utf8)
        line.append(contentsOf: "}\n".utf8)
        guard RecordFile.append(line, to: descriptor, sync: false) else {
            throw SenderError.transport(
                "cannot write the dead letters file \(path): \(String(cString: strerror(errno)))")
        }
        present.insert(conversationID)
    }

    /// Opens the file for appending and reads which conversations it holds.
    private func openFile() throws(SenderError) {
        var known = ConversationIDSet()
        let scan = try RecordFile.forEachLine(path: path) { line in
            if let id = RecordFile.string(member: "conversation_id", in: line) { known.insert(id) }
        }
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard opened >= 0 else {
            throw SenderError.transport(
                "cannot create the dead letters file \(path): \(String(cString: strerror(errno)))")
        }
        if !scan.endsWithLineFeed && !RecordFile.append([0x0A], to: opened, sync: false) {
            close(opened)
            throw SenderError.transport(
                "cannot write the dead letters file \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = opened
        present = known
    }
}
