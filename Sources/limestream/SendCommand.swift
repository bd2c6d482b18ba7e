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
        var client = ClientOptions()
        var journal: String?
        var deadLetter: String?
        var concurrency = 4
        var dryRun = false
        var noCheck = false
        var replay: String?
        var mapping: String?
        var forcesProgress = false
        var isQuiet = false
    }

    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let options = try parse(arguments)
        guard let configuration = MappingOption.configuration(options.mapping) else { return .usage }
        let mapper = LimeMapper(configuration: configuration)
        guard let url = options.client.url else { throw UsageError(message: "send needs --url https://HOST/APP") }
        if options.replay != nil {
            guard options.paths.isEmpty else {
                throw UsageError(message: "send --replay reads the dead-letter file only: give no other input")
            }
            guard options.deadLetter == nil else {
                throw UsageError(
                    message: "send --replay rewrites the dead-letter file it reads: --dead-letter does not go with it")
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
        if options.replay == nil {
            plans.meter = ProgressMeter.make(
                command: "send", sizes: plans.paths.map(InputSource.size(of:)), forced: options.forcesProgress,
                quiet: options.isQuiet)
        }
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
            var shown = 0
            plans.meter?.detail = { "\(ProgressMeter.grouped(shown)) plans" }
            while OutputStream.standardOutput.failure == nil, let plan = next() {
                DryRun.print(plan, endpoint: endpoint)
                shown += 1
            }
            OutputStream.standardOutput.flush()
            plans.meter?.finish(
                "\(ProgressMeter.grouped(shown)) plans shown, \(ProgressMeter.grouped(plans.skipped)) skipped")
            for problem in replay?.problems ?? [] { printError("limestream: \(options.replay!): \(problem)") }
            if replayFailed { return .usage }
            return plans.exitCode(failed: replay?.problems.count ?? 0)
        }
        let key: LimeAPIKey
        let client: LimeClient
        do {
            key = try options.client.key()
            client = try options.client.client(endpoint: endpoint, key: key)
        } catch {
            printError("limestream: \(error)")
            return .usage
        }
        // The mapping is checked against the schema before anything is written (no journal is
        // made for a run that stops here). A replay carries complete plans, made with whatever
        // mapping was used then: not checked.
        if !options.noCheck && replay == nil,
            case .failure(let status) = CheckCommand.report(mapper.configuration, client: client)
        {
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
        let sender = LimeSender(
            client: client, journal: journal, deadLetters: deadLetters, concurrency: options.concurrency)
        let outcome = Result { () throws(SenderError) in
            try sender.run(
                next: { next()?.materialized },
                progress: { summary in
                    plans.meter?.detail = { SendProgress.detail(summary) }
                    plans.meter?.tick()
                })
        }
        // send's own summary line follows; the meter only clears its line.
        plans.meter?.stop()
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
        var line =
            "limestream: send: \(summary.created) created, \(summary.alreadyPresent) already present, "
            + "\(summary.journaled) skipped (in the journal \(paths.journal)), \(summary.failed) failed"
        if mapper.configuration.resend != .keep {
            line += ", \(summary.notesAdded) notes added, \(summary.notesUpdated) notes updated"
        }
        if let remaining, let path = options.replay {
            line +=
                remaining == 0
                ? " (no dead letters left: \(path) removed)" : " (\(remaining) dead letters left in \(path))"
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
                journal =
                    (replay as NSString).deletingLastPathComponent.isEmpty
                    ? "limestream-journal.ndjson"
                    : (replay as NSString).deletingLastPathComponent + "/limestream-journal.ndjson"
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
        let parsed = try CommandSpec.send.parse(arguments)
        try ExportSettings.checkProgressFlags(parsed)
        var options = Options()
        options.paths = parsed.operands
        options.journal = parsed.value("journal")
        options.deadLetter = parsed.value("dead-letter")
        options.replay = parsed.value("replay")
        options.mapping = parsed.value("mapping")
        options.dryRun = parsed.has("dry-run")
        options.noCheck = parsed.has("no-check")
        options.forcesProgress = parsed.has("progress")
        options.isQuiet = parsed.has("quiet")
        options.concurrency =
            try ArgumentParser.integer(parsed.value("concurrency"), option: "concurrency", in: 1...64) ?? 4
        options.client = try ClientOptions(parsed)
        return options
    }
}

/// `--dry-run`: the requests a run would make, without the key and without sending anything.
enum DryRun {
    static func print(_ plan: LazyNotePlan, endpoint: LimeEndpoint) {
        OutputStream.standardOutput.append { LimeSender.writeDryRun(plan, endpoint: endpoint, into: &$0) }
    }
}

/// What send's progress line counts: the deliveries so far, from the sender's summary.
enum SendProgress {
    static func detail(_ summary: LimeSender.Summary) -> String {
        let done =
            summary.created + summary.alreadyPresent + summary.journaled + summary.failed + summary.notesAdded
            + summary.notesUpdated
        return "\(ProgressMeter.grouped(done)) done (\(summary.created) created, \(summary.alreadyPresent) present, "
            + "\(summary.journaled) journaled, \(summary.failed) failed)"
    }
}
