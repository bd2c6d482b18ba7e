import LimeUserlike
import Testing

/// A `write` that throws (its output is gone) stops ``ParallelExportReader/run(render:write:report:)``
/// at once: the error comes back as thrown, nothing more is written or reported, and the rest of
/// the input is not read. The same for one reader and for many.
@Suite struct StoppedRunTests {
    /// Hands out chunks and counts what was taken.
    final class CountingSource: ByteSource {
        private let inner: ChunkByteSource<IndexingIterator<[[UInt8]]>>
        private(set) var handedOut = 0
        let name = "counted"

        init(_ bytes: [UInt8], chunk: Int) {
            inner = ChunkByteSource(
                stride(from: 0, to: bytes.count, by: chunk).map { Array(bytes[$0..<min($0 + chunk, bytes.count)]) }
                    .makeIterator())
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExportError) -> Int {
            let count = try inner.read(into: buffer)
            handedOut += count
            return count
        }
    }

    /// 4,000 conversations on lines of about 100 bytes, every 50th line not an object.
    static let export: [UInt8] = {
        var text = ""
        for id in 1...4000 {
            text +=
                id % 50 == 0
                ? "[\(id)]\n" : "{\"id\":\(id),\"transcript\":[{\"body\":\"message number \(id) of the export\"}]}\n"
        }
        return Array(text.utf8)
    }()

    @Test(arguments: [(1, 1 << 20), (2, 4096), (3, 1024)])
    func aThrowingWriteStopsTheRun(_ jobs: Int, _ pieceSize: Int) {
        let source = CountingSource(Self.export, chunk: 512)
        let reader = ParallelExportReader(
            source: source, jobs: jobs, options: .init(chunkSize: 4096), pieceSize: pieceSize)
        var writes = 0
        var reportsAfterStop = 0
        var stopped = false
        var thrown: ExportError?
        do {
            try reader.run { conversation, out in
                conversation.writeJSONLine(into: &out)
                out.append(0x0A)
                return nil
            } write: { (_: [UInt8]) throws(ExportError) in
                #expect(!stopped, "no write after the one that threw")
                writes += 1
                if writes == 3 {
                    stopped = true
                    throw .output("cannot write test output: gone")
                }
            } report: { _ in
                if stopped { reportsAfterStop += 1 }
            }
        } catch {
            thrown = error
        }
        #expect(thrown == .output("cannot write test output: gone"))
        #expect(writes == 3)
        #expect(reportsAfterStop == 0)
        // A few pieces (or one reader's window) past the third write, not the whole input.
        #expect(source.handedOut < Self.export.count / 2, "read \(source.handedOut) of \(Self.export.count) bytes")
    }
}
