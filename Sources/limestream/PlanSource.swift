import LimeMapping
import LimeSender
import LimeUserlike

/// Plans from the input files, one at a time, reporting skipped conversations as `extract` does
/// (``InputTally``: the same diagnostics, empty-input and not-JSON rules, and exit code).
struct PlanSource {
    let paths: [String]
    let mapper: LimeMapper
    /// The inputs as one stream of conversations, numbered on from file to file.
    private var series: ExportSeries<InputSource>
    private var tally = InputTally()
    /// Progress, when shown: each input is handed to it as it is opened.
    var meter: ProgressMeter?

    init(paths: [String], mapper: LimeMapper) {
        self.paths = paths
        self.mapper = mapper
        series = ExportSeries(paths: paths) { (path) throws(ExportError) in try InputSource(path: path) }
    }

    /// Conversations reported and skipped so far.
    var skipped: Int { tally.skipped }

    mutating func next() -> LazyNotePlan? {
        let meter = meter
        while let (item, source) = series.next(event: { event in
            if case .began(let source) = event { meter?.begin(source) }
            tally.record(event)
        }) {
            switch item {
            case .conversation(let conversation, _):
                switch Result(catching: { () throws(LimeMapper.MappingError) in
                    try mapper.lazyPlan(for: conversation)
                }) {
                case .success(let plan): return plan
                case .failure(let error): tally.skip(series.issueForLastConversation(error.message), in: source)
                }
            case .skipped(let issue):
                tally.skip(issue, in: source)
            }
        }
        return nil
    }

    /// The exit code (``InputTally/exitCode(failed:)``), with `failed` conversations that did
    /// not go through after they were read.
    func exitCode(failed: Int) -> ExitCode { tally.exitCode(failed: failed) }
}
