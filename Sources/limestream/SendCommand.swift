#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import LimeMapping
import LimeSender
import LimeUserlike

/// `limestream send [FILE... | -] --url https://HOST/APP [--mapping FILE] [--journal PATH]
/// [--dead-letter PATH] [--concurrency N] [--rate N] [--timeout S] [--retries N] [--backoff S]
/// [--dry-run] [--no-check] [--api-key-file PATH]`: delivers each conversation to Lime CRM exactly
/// once, after checking the mapping against Lime's schema (``CheckCommand``) unless `--no-check`.
/// `limestream send --replay DEAD-LETTERS --url ...` sends a dead-letter file's plans again.
enum SendCommand {
    struct Options {
        var paths: [String] = []
        var url: String?
        var journal: String?
        var deadLetter: String?
        var concurrency = 4
        var rate = 8.0
        var timeout = 30.0
        var retries = 6
        var backoff = 0.5
        var dryRun = false
        var noCheck = false
        var keyFile: String?
        var replay: String?
    }

    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        var arguments = arguments
        let mapper: LimeMapper
        switch try MappingOption.take(from: &arguments) {
        case .success(let configuration): mapper = LimeMapper(configuration: configuration)
        case .failure(let message):
            printError("limestream: \(message)")
            return .usage
        }
        let options = try parse(arguments)
        guard let url = options.url else { throw UsageError(message: "send needs --url https://HOST/APP") }
        if options.replay != nil {
            guard options.paths.isEmpty else { throw UsageError(message: "send --replay reads the dead-letter file only: give no other input") }
            guard options.deadLetter == nil else {
                throw UsageError(message: "send --replay rewrites the dead-letter file it reads: --dead-letter does not go with it")
            }
        }
        // The URL is checked before anything is read.
        let endpoint: LimeEndpoint
        do {
            endpoint = try LimeEndpoint(url)
        } catch {
            printError("limestream: \(error)")
            return .usage
        }
        var plans = PlanSource(paths: options.paths.isEmpty ? ["-"] : options.paths, mapper: mapper)
        var replay: DeadLetterReplay?
        if let path = options.replay {
            do {
                replay = try DeadLetterReplay(path: path)
            } catch {
                printError("limestream: \(error)")
                return .usage
            }
        }
        var replayFailed = false
        // Plans with their notes still to write: a dry run writes them straight into its output.
        let next: () -> LazyNotePlan? = {
            guard let replay else { return plans.next() }
            do {
                return try replay.next().map(LazyNotePlan.init(complete:))
            } catch {
                printError("limestream: \(error)")
                replayFailed = true
                return nil
            }
        }
        if options.dryRun {
            // Stop reading once standard output failed: nothing more could be shown.
            while OutputStream.standardOutput.failure == nil, let plan = next() { DryRun.print(plan, endpoint: endpoint) }
            OutputStream.standardOutput.flush()
            for problem in replay?.problems ?? [] { printError("limestream: \(options.replay!): \(problem)") }
            if replayFailed { return .usage }
            return plans.exitCode(failed: replay?.problems.count ?? 0)
        }
        let key: LimeAPIKey
        do {
            key = try LimeAPIKey.load(file: options.keyFile)
        } catch {
            printError("limestream: \(error)")
            return .usage
        }
        let transport: any LimeTransport
        do {
            transport = try StandardTransport.make(timeout: options.timeout)
        } catch {
            printError("limestream: \(error)")
            return .usage
        }
        let client = LimeClient(
            endpoint: endpoint, key: key, transport: transport,
            policy: RetryPolicy(maximumAttempts: options.retries, baseDelay: options.backoff), limiter: RateLimiter(perSecond: options.rate))
        // The mapping is checked against the schema before anything is written (no journal is
        // made for a run that stops here). A replay carries complete plans, made with whatever
        // mapping was used then: not checked.
        if !options.noCheck && replay == nil, case .failure(let status) = CheckCommand.report(mapper.configuration, client: client) {
            printError("limestream: send: nothing sent (fix the mapping, or pass --no-check to send anyway)")
            return status
        }
        let paths = Self.defaultPaths(options)
        let journal: Journal
        do {
            journal = try Journal(path: paths.journal)
        } catch {
            printError("limestream: \(error)")
            return .usage
        }
        let deadLetters = replay?.failures ?? DeadLetters(path: paths.deadLetters)
        let sender = LimeSender(client: client, journal: journal, deadLetters: deadLetters, concurrency: options.concurrency)
        var progress = Progress()
        let outcome = Result { () throws(SenderError) in try sender.run(next: { next()?.materialized }, progress: { progress.show($0) }) }
        progress.clear()
        var remaining: Int?
        if let replay {
            do {
                remaining = try replay.finish(journal: journal)
            } catch {
                printError("limestream: \(key.redact(error.description))")
                return .fatal
            }
            for problem in replay.problems { printError("limestream: \(replay.path): \(problem)") }
        }
        let summary: LimeSender.Summary
        switch outcome {
        case .success(let value): summary = value
        case .failure(let error):
            printError("limestream: \(key.redact(error.description))")
            return .fatal
        }
        var line = "limestream: send: \(summary.created) created, \(summary.alreadyPresent) already present, "
            + "\(summary.journaled) skipped (in the journal \(paths.journal)), \(summary.failed) failed"
        if mapper.configuration.resend != .keep {
            line += ", \(summary.notesAdded) notes added, \(summary.notesUpdated) notes updated"
        }
        if let remaining, let path = options.replay {
            line += remaining == 0 ? " (no dead letters left: \(path) removed)" : " (\(remaining) dead letters left in \(path))"
        } else if summary.failed > 0 {
            line += " (dead letters: \(paths.deadLetters))"
        }
        printError(line)
        if replayFailed { return .usage }
        return plans.exitCode(failed: summary.failed + (replay?.problems.count ?? 0))
    }

    /// The journal and dead-letter paths: as given, else beside the first input file (or the
    /// export a dead-letter file was named after, so that a replay uses the export's journal),
    /// else in the working directory.
    static func defaultPaths(_ options: Options) -> (journal: String, deadLetters: String) {
        if let replay = options.replay {
            let suffix = ".dead-letter.ndjson"
            let journal: String
            if replay.hasSuffix(suffix) {
                journal = String(replay.dropLast(suffix.count)) + ".limestream-journal"
            } else if (replay as NSString).lastPathComponent == "limestream-dead-letter.ndjson" {
                journal = (replay as NSString).deletingLastPathComponent.isEmpty
                    ? "limestream-journal.ndjson" : (replay as NSString).deletingLastPathComponent + "/limestream-journal.ndjson"
            } else {
                journal = replay + ".limestream-journal"
            }
            return (options.journal ?? journal, replay)
        }
        let base = options.paths.first(where: { $0 != "-" })
        return (
            options.journal ?? (base.map { $0 + ".limestream-journal" } ?? "limestream-journal.ndjson"),
            options.deadLetter ?? (base.map { $0 + ".dead-letter.ndjson" } ?? "limestream-dead-letter.ndjson")
        )
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var index = 0
        func value() throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else { throw UsageError(message: "\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--url": options.url = try value()
            case "--journal": options.journal = try value()
            case "--dead-letter": options.deadLetter = try value()
            case "--concurrency":
                guard let number = Int(try value()), (1...64).contains(number) else {
                    throw UsageError(message: "--concurrency takes a whole number from 1 to 64")
                }
                options.concurrency = number
            case "--rate":
                guard let number = Double(try value()), number > 0 else { throw UsageError(message: "--rate takes requests per second, > 0") }
                options.rate = number
            case "--timeout":
                guard let number = Double(try value()), number > 0 else { throw UsageError(message: "--timeout takes seconds, > 0") }
                options.timeout = number
            case "--retries":
                guard let number = Int(try value()), number >= 1 else { throw UsageError(message: "--retries takes a whole number >= 1") }
                options.retries = number
            case "--backoff":
                guard let number = Double(try value()), number >= 0 else { throw UsageError(message: "--backoff takes seconds, >= 0") }
                options.backoff = number
            case "--dry-run": options.dryRun = true
            case "--no-check": options.noCheck = true
            case "--api-key-file": options.keyFile = try value()
            case "--replay": options.replay = try value()
            case "--api-key":
                throw UsageError(message: "the API key is never taken from the command line: set LIME_API_KEY or use --api-key-file PATH")
            default:
                if argument.hasPrefix("-") && argument != "-" { throw UsageError(message: "send: unknown option \(argument)") }
                options.paths.append(argument)
            }
            index += 1
        }
        return options
    }
}

/// Plans from the input files, one at a time, reporting skipped conversations as `extract` does.
struct PlanSource {
    let paths: [String]
    let mapper: LimeMapper
    var fileIndex = 0
    var reader: ExportReader?
    var number = 1
    var skipped = 0
    var ioFailed = false
    var fatal = false

    init(paths: [String], mapper: LimeMapper) {
        self.paths = paths
        self.mapper = mapper
    }

    mutating func next() -> LazyNotePlan? {
        while true {
            if reader == nil {
                guard fileIndex < paths.count else { return nil }
                do {
                    reader = try ExportReader(path: paths[fileIndex], options: .init(firstConversationNumber: number))
                } catch {
                    printError("limestream: \(error)")
                    ioFailed = true
                    fileIndex += 1
                    continue
                }
            }
            let prefix = paths.count > 1 ? "limestream: \(paths[fileIndex]): " : "limestream: "
            do {
                guard let item = try reader!.next() else {
                    number = reader!.lastConversationNumber + 1
                    reader = nil
                    fileIndex += 1
                    continue
                }
                switch item {
                case .conversation(let conversation, _):
                    switch Result(catching: { () throws(LimeMapper.MappingError) in try mapper.lazyPlan(for: conversation) }) {
                    case .success(let plan): return plan
                    case .failure(let error):
                        skipped += 1
                        printError(prefix + reader!.issueForLastConversation(error.message).description)
                    }
                case .skipped(let issue):
                    skipped += 1
                    printError(prefix + issue.description)
                }
            } catch {
                printError(prefix + "\(error)")
                if case .io = error { ioFailed = true } else { fatal = true }
                number = reader!.lastConversationNumber + 1
                reader = nil
                fileIndex += 1
            }
        }
    }

    func exitCode(failed: Int) -> ExitCode {
        if ioFailed { return .usage }
        if fatal { return .fatal }
        return skipped + failed > 0 ? .someSkipped : .success
    }
}

/// `--dry-run`: the requests a run would make, without the key and without sending anything.
enum DryRun {
    static func print(_ plan: LazyNotePlan, endpoint: LimeEndpoint) {
        OutputStream.standardOutput.append { LimeSender.writeDryRun(plan, endpoint: endpoint, into: &$0) }
    }
}

/// A progress line on stderr when it is a terminal.
struct Progress {
    let isTerminal = isatty(2) == 1
    let start = Date()
    var lastShown = Date.distantPast
    var shown = false

    mutating func show(_ summary: LimeSender.Summary) {
        guard isTerminal, Date().timeIntervalSince(lastShown) > 0.25 else { return }
        lastShown = Date()
        let done = summary.created + summary.alreadyPresent + summary.journaled + summary.failed + summary.notesAdded + summary.notesUpdated
        let rate = Double(done) / max(Date().timeIntervalSince(start), 0.001)
        OutputStream.standardError.write(String(format: "\r%d done (%d created, %d present, %d journaled), %d failed, %.1f/s ", done, summary.created, summary.alreadyPresent, summary.journaled, summary.failed, rate))
        shown = true
    }

    func clear() {
        if shown { OutputStream.standardError.write("\r\u{1B}[K") }
    }
}
