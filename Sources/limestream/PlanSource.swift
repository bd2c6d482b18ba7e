import Foundation
import LimeMapping
import LimeSender
import LimeUserlike

#if canImport(Glibc)
    import Glibc
#endif

/// Plans from the input files, one at a time, reporting skipped conversations as `extract` does
/// (``Diagnostic``), with the same empty-input and not-JSON rules.
struct PlanSource {
    let paths: [String]
    let mapper: LimeMapper
    var fileIndex = 0
    var reader: ExportReader?
    var source: InputSource?
    var number = 1
    var skipped = 0
    var ioFailed = false
    var fatal = false
    /// Progress, when shown: each input is handed to it as it is opened.
    var meter: ProgressMeter?

    init(paths: [String], mapper: LimeMapper) {
        self.paths = paths
        self.mapper = mapper
    }

    mutating func next() -> LazyNotePlan? {
        while true {
            if reader == nil {
                guard fileIndex < paths.count else { return nil }
                do {
                    let opened = try InputSource(path: paths[fileIndex])
                    meter?.begin(opened)
                    source = opened
                    reader = ExportReader(source: opened, options: .init(firstConversationNumber: number))
                } catch {
                    printError("limestream: \(error)")
                    ioFailed = true
                    fileIndex += 1
                    continue
                }
            }
            let input = source!
            do {
                guard let item = try reader!.next() else {
                    if !input.sawText {
                        printError(Diagnostic.empty(input).description)
                        fatal = true
                    }
                    endFile()
                    continue
                }
                switch item {
                case .conversation(let conversation, _):
                    switch Result(catching: { () throws(LimeMapper.MappingError) in
                        try mapper.lazyPlan(for: conversation)
                    }) {
                    case .success(let plan): return plan
                    case .failure(let error):
                        skipped += 1
                        printError(
                            Diagnostic(reader!.issueForLastConversation(error.message), file: input.displayName)
                                .description)
                    }
                case .skipped(let issue):
                    skipped += 1
                    printError(Diagnostic(issue, file: input.displayName).description)
                }
            } catch {
                switch error {
                case .syntax(let syntax, let conversation):
                    printError(
                        Diagnostic(syntax, file: input.displayName, element: conversation.map { "conversation \($0)" })
                            .description)
                    fatal = true
                case .io where input.rejection != nil:
                    printError(Diagnostic(input.rejection!, file: input.displayName).description)
                    fatal = true
                case .io, .output:
                    printError("limestream: \(error)")
                    ioFailed = true
                }
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

    func exitCode(failed: Int) -> ExitCode {
        if ioFailed { return .usage }
        if fatal { return .fatal }
        return skipped + failed > 0 ? .someSkipped : .success
    }
}
