import Foundation
import LimeMapping
import LimeSender
import LimeUserlike

/// Plans from the input files, one at a time, reporting skipped conversations as `extract` does
/// (``InputTally``: the same diagnostics, empty-input and not-JSON rules, and exit code).
struct PlanSource {
    let paths: [String]
    let mapper: LimeMapper
    var fileIndex = 0
    var reader: ExportReader?
    var source: InputSource?
    var number = 1
    private var tally = InputTally()
    /// Progress, when shown: each input is handed to it as it is opened.
    var meter: ProgressMeter?

    init(paths: [String], mapper: LimeMapper) {
        self.paths = paths
        self.mapper = mapper
    }

    /// Conversations reported and skipped so far.
    var skipped: Int { tally.skipped }

    mutating func next() -> LazyNotePlan? {
        while true {
            if reader == nil {
                guard fileIndex < paths.count else { return nil }
                guard let opened = tally.open(paths[fileIndex]) else {
                    fileIndex += 1
                    continue
                }
                meter?.begin(opened)
                source = opened
                reader = ExportReader(source: opened, options: .init(firstConversationNumber: number))
            }
            let input = source!
            do {
                guard let item = try reader!.next() else {
                    tally.finished(input)
                    endFile()
                    continue
                }
                switch item {
                case .conversation(let conversation, _):
                    switch Result(catching: { () throws(LimeMapper.MappingError) in
                        try mapper.lazyPlan(for: conversation)
                    }) {
                    case .success(let plan): return plan
                    case .failure(let error): tally.skip(reader!.issueForLastConversation(error.message), in: input)
                    }
                case .skipped(let issue):
                    tally.skip(issue, in: input)
                }
            } catch {
                tally.failed(error, in: input)
                endFile()
            }
        }
    }

    /// Goes on with the next file, numbering on.
    private mutating func endFile() {
        number = reader!.lastConversationNumber + 1
        reader = nil
        source = nil
        fileIndex += 1
    }

    /// The exit code (``InputTally/exitCode(failed:)``), with `failed` conversations that did
    /// not go through after they were read.
    func exitCode(failed: Int) -> ExitCode { tally.exitCode(failed: failed) }
}
