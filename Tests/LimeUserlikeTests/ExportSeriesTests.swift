import LimeUserlike
import Testing

/// Several inputs as one stream (``ExportSeries``): numbering on from input to input, inputs that
/// cannot be opened or stop at an error passed over, an output error stopping everything, and the
/// pushed and pulled readings agreeing with each other.
@Suite struct ExportSeriesTests {
    typealias Source = ChunkByteSource<IndexingIterator<[[UInt8]]>>

    /// The inputs by path; a path not here cannot be opened. `cut` splits each into chunks of that
    /// many bytes, so that the readers refill.
    static func series(_ inputs: [String: String], paths: [String], cut: Int = 7) -> ExportSeries<Source> {
        ExportSeries(paths: paths, options: .init(chunkSize: 16)) { (path) throws(ExportError) -> Source in
            guard let text = inputs[path] else { throw .io("\(path): no such file") }
            let bytes = Array(text.utf8)
            let chunks = stride(from: 0, to: bytes.count, by: cut).map { Array(bytes[$0..<min(bytes.count, $0 + cut)]) }
            return ChunkByteSource(chunks.makeIterator(), name: path)
        }
    }

    static let inputs = [
        "a.ndjson": "{\"id\": 1}\n{\"id\": 2}\n",
        "b.json": "[{\"id\": 3}, 4, {\"id\": 5}]",
        "broken.json": "[{\"id\": 6}, {\"id\" 7}]",
        "c.ndjson": "{\"id\": 8}\n",
    ]

    /// What a run or a pull saw, as text: `began a.ndjson`, `3 b.json 5` (conversation 3 of b.json,
    /// id 5), `skipped b.json 2`, `failed broken.json: ...`.
    static func describe(_ event: ExportSeries<Source>.Event) -> String {
        switch event {
        case .notOpened(let path, let error): "not opened \(path): \(error)"
        case .began(let source): "began \(source.name)"
        case .finished(let source): "finished \(source.name)"
        case .failed(let source, let error): "failed \(source.name): \(error)"
        }
    }

    static func skipped(_ issue: ExportIssue, in source: Source) -> String {
        "skipped \(source.name) \(issue.conversation.map(String.init) ?? "-")"
    }

    static func pulled(_ paths: [String]) -> [String] {
        var series = series(inputs, paths: paths)
        var log: [String] = []
        while let (item, source) = series.next(event: { log.append(describe($0)) }) {
            switch item {
            case .conversation(let conversation, let number):
                log.append("\(number) \(source.name) \(conversation[.id].text ?? "-")")
            case .skipped(let issue): log.append(skipped(issue, in: source))
            }
        }
        return log
    }

    static func pushed(_ paths: [String], jobs: Int?) -> (log: [String], wentThrough: Bool) {
        var series = series(inputs, paths: paths)
        var log: [String] = []
        let wentThrough = series.run(
            reading: { _ in jobs.map { .parallel(jobs: $0) } ?? .sequential(chunkSize: 3, flushAt: 1) },
            spillingRender: { conversation, out, _ in
                out += Array("\(conversation[.id].text ?? "-")\n".utf8)
                return nil
            },
            write: { bytes in log += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { "id \($0)" } },
            report: { issue, source in log.append(skipped(issue, in: source)) },
            event: { log.append(describe($0)) })
        return (log, wentThrough)
    }

    @Test func numbersGoOnAndBadInputsArePassedOver() {
        let paths = ["a.ndjson", "missing.json", "b.json", "broken.json", "c.ndjson"]
        let log = Self.pulled(paths)
        #expect(
            log == [
                "began a.ndjson", "1 a.ndjson 1", "2 a.ndjson 2", "finished a.ndjson",
                "not opened missing.json: missing.json: no such file",
                "began b.json", "3 b.json 3", "skipped b.json 4", "5 b.json 5", "finished b.json",
                "began broken.json", "6 broken.json 6",
                "failed broken.json: conversation 7: line 1, column 19 (byte 18): expected ':' after object key, found '7'",
                "began c.ndjson", "8 c.ndjson 8", "finished c.ndjson",
            ])
    }

    /// Pushed, with either reader, the series says the same of each input, in the same order, as pulled.
    @Test(arguments: [nil, 1, 2] as [Int?]) func pushedAgreesWithPulled(jobs: Int?) {
        let paths = ["a.ndjson", "missing.json", "b.json", "broken.json", "c.ndjson"]
        let pushed = Self.pushed(paths, jobs: jobs)
        #expect(pushed.wentThrough)
        let pulled = Self.pulled(paths).map { line in
            // `N file id` is what the render wrote: `id ID`.
            let parts = line.split(separator: " ")
            return parts.count == 3 && Int(parts[0]) != nil ? "id \(parts[2])" : line
        }
        #expect(pushed.log == pulled)
    }

    @Test func anOutputErrorStopsTheSeries() {
        var series = Self.series(Self.inputs, paths: ["a.ndjson", "b.json"])
        var log: [String] = []
        let wentThrough = series.run(
            reading: { _ in .sequential(chunkSize: 1 << 16, flushAt: 1) },
            spillingRender: { _, out, _ in
                out += [0x0A]
                return nil
            },
            write: { _ throws(ExportError) in throw .output("disk full") }, report: { _, _ in },
            event: { log.append(Self.describe($0)) })
        #expect(!wentThrough)
        #expect(log == ["began a.ndjson", "failed a.ndjson: disk full"])
    }
}
