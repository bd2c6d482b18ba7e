import LimeUserlike

// The export readers' drivers the LimeUserlike tests and the fuzz harness (Fuzz/LimeFuzz.swift,
// which compiles this file into itself: keep it to LimeUserlike and the standard library) share.

/// Everything an ``ExportReader`` gave: each conversation's JSON line, each report of a skipped
/// conversation, both in the order they came (with the conversations' numbers) and the error that
/// stopped it.
public struct ExportTrace: Equatable, Sendable {
    /// The conversations' JSON lines.
    public var lines: [String] = []
    /// The reports of skipped conversations.
    public var issues: [String] = []
    /// What stopped the reader before the end, if anything.
    public var error: ExportError?
    /// Lines (`number line`) and reports (`skipped issue`) in the order the reader gave them.
    public var events: [String] = []

    public init() {}

    /// Reads `reader` to its end or its error.
    public static func read(_ reader: ExportReader) -> ExportTrace {
        var trace = ExportTrace()
        do {
            while let item = try reader.next() {
                switch item {
                case .conversation(let conversation, let number):
                    trace.lines.append(conversation.jsonLine)
                    trace.events.append("\(number) \(conversation.jsonLine)")
                case .skipped(let issue):
                    trace.issues.append(issue.description)
                    trace.events.append("skipped \(issue)")
                }
            }
        } catch {
            trace.error = error
        }
        return trace
    }

    /// `bytes` cut into chunks of `size` bytes (the last one shorter), for a ``ChunkByteSource``.
    public static func chunks(_ bytes: [UInt8], of size: Int) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    }
}

/// What a ``ParallelExportReader`` run gave: its output, its reports with the count of output
/// bytes before each (as a terminal would show them interleaved), its error (likewise) and the
/// number of the last conversation.
public struct ParallelExportTrace: Equatable, Sendable {
    public var output: [UInt8] = []
    /// `bytes before: report`.
    public var reports: [String] = []
    /// `bytes before: error`.
    public var error: String?
    public var last = 0

    public init() {}

    /// Runs `bytes`, fed in chunks of `chunkSize`, through `jobs` jobs in pieces of `pieceSize`,
    /// each conversation rendered as its JSON line.
    public static func run(_ bytes: [UInt8], jobs: Int, pieceSize: Int, chunkSize: Int) -> ParallelExportTrace {
        var trace = ParallelExportTrace()
        let source = ChunkByteSource(ExportTrace.chunks(bytes, of: chunkSize).makeIterator())
        let reader = ParallelExportReader(source: source, jobs: jobs, pieceSize: pieceSize)
        do {
            trace.last = try reader.run { conversation, out in
                conversation.writeJSONLine(into: &out)
                out.append(0x0A)
                return nil
            } write: { chunk in
                trace.output += chunk
            } report: { issue in
                trace.reports.append("\(trace.output.count): \(issue)")
            }
        } catch {
            trace.error = "\(trace.output.count): \(error)"
        }
        return trace
    }
}
