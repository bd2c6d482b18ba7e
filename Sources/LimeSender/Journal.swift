#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// The record of conversations whose history exists in Lime: one line per conversation id,
/// appended and flushed to disk (`fsync`) before the conversation counts as delivered, so that a
/// crash or `kill -9` never loses or corrupts what was recorded. A torn last line (a crash in the
/// middle of a write) is ignored when the journal is read back.
public final class Journal: @unchecked Sendable {
    private let descriptor: Int32
    private var delivered: Set<String>
    private let lock = NSLock()
    /// The journal's path.
    public let path: String

    /// Opens (or creates) the journal at `path` and reads what it holds.
    public init(path: String) throws(SenderError) {
        self.path = path
        var known = Set<String>()
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self)
            // Only complete lines count: the last one may have been cut by a crash.
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if !text.hasSuffix("\n") { lines.removeLast() }
            for line in lines where line.hasPrefix("{\"delivered\":") {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let id = object["delivered"] as? String
                {
                    known.insert(id)
                }
            }
        }
        delivered = known
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { throw SenderError.transport("cannot open the journal \(path): \(String(cString: strerror(errno)))") }
        // A torn line from an earlier crash must not glue itself to the next record.
        if let data = FileManager.default.contents(atPath: path), let last = data.last, last != 0x0A {
            _ = Glibc.write(descriptor, "\n", 1)
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
        let line = Array(("{\"delivered\":" + LineFormat.string(conversationID) + "}\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        let written = line.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw SenderError.transport("cannot write the journal \(path): \(String(cString: strerror(errno)))")
        }
        delivered.insert(conversationID)
    }
}

/// Appends dead letters: conversations that could not be delivered, with their plan and Lime's error.
public final class DeadLetters: @unchecked Sendable {
    private let path: String
    private var handle: FileHandle?
    private let lock = NSLock()

    /// Dead letters go to `path` (created on the first one).
    public init(path: String) { self.path = path }

    /// Appends one NDJSON line: `{"conversation_id":..,"error":..,"plan":{..}}`.
    ///
    /// - Throws: ``SenderError/transport(_:)`` when the file cannot be created or written: a
    ///   conversation that is neither delivered nor written here would be lost from view, so the
    ///   caller stops rather than count it as failed.
    public func append(conversationID: String, error: String, planLine: String) throws(SenderError) {
        let line = "{\"conversation_id\":\(LineFormat.string(conversationID)),\"error\":\(LineFormat.string(error)),\"plan\":\(planLine)}\n"
        lock.lock()
        defer { lock.unlock() }
        do {
            if handle == nil {
                if !FileManager.default.fileExists(atPath: path) {
                    guard FileManager.default.createFile(atPath: path, contents: nil) else {
                        throw SenderError.transport("cannot create the dead letters file \(path)")
                    }
                }
                guard let opened = FileHandle(forWritingAtPath: path) else {
                    throw SenderError.transport("cannot open the dead letters file \(path)")
                }
                try opened.seekToEnd()
                handle = opened
            }
            try handle?.write(contentsOf: Data(line.utf8))
        } catch let error as SenderError {
            throw error
        } catch {
            throw SenderError.transport("cannot write the dead letters file \(path): \(error.localizedDescription)")
        }
    }
}

enum LineFormat {
    /// A JSON string literal.
    static func string(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text])
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
