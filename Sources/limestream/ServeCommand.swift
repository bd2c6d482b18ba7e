import Dispatch
import Foundation
import LimeMapping
import LimeSender
import LimeServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `limestream serve --listen HOST:PORT --url https://HOST/APP [--mapping FILE] [--spool DIR]
/// [--secret-file PATH] [--max-body BYTES] [--concurrency N] [--rate N] [--no-check] ...`: the
/// add-on endpoint Userlike calls, after checking the mapping against Lime's schema as `send` does. Parses, builds the sender as `send` does, and runs ``AddOnServer`` until
/// SIGTERM or SIGINT, which drain it.
enum ServeCommand {
    struct Options {
        var host = "127.0.0.1"
        var port: UInt16 = 8080
        var client = ClientOptions()
        var spool = "limestream-spool"
        var journal: String?
        var deadLetter: String?
        var secretFile: String?
        var server = AddOnServer.Options()
        var noCheck = false
        var mapping: String?
    }

    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let options = try parse(arguments)
        guard let configuration = MappingOption.configuration(options.mapping) else { return .usage }
        let mapper = LimeMapper(configuration: configuration)
        guard let url = options.client.url else { throw UsageError(message: "serve needs --url https://HOST/APP") }
        let prepared: (LimeClient, SharedSecret)
        do {
            let endpoint = try LimeEndpoint(url)
            let key = try options.client.key()
            let secret = try SharedSecret.load(file: options.secretFile)
            prepared = (try options.client.client(endpoint: endpoint, key: key), secret)
        } catch {
            printError("limestream: \(error)")
            return .usage
        }
        let (client, secret) = prepared
        // As `send` does: the mapping against Lime's schema before anything is accepted (a
        // mismatch would dead-letter every conversation), unless --no-check.
        if !options.noCheck, case .failure(let status) = CheckCommand.report(mapper.configuration, client: client) {
            printError("limestream: serve: not started (fix the mapping, or pass --no-check to serve anyway)")
            return status
        }
        let built: (LimeSender, DeliverySpool)
        do {
            let spool = try DeliverySpool(directory: options.spool)
            let journal = try Journal(path: options.journal ?? options.spool + "/journal.ndjson")
            let deadLetters = DeadLetters(path: options.deadLetter ?? options.spool + "/dead-letter.ndjson")
            let sender = LimeSender(
                client: client, journal: journal, deadLetters: deadLetters, concurrency: options.server.workers)
            built = (sender, spool)
        } catch {
            printError("limestream: \(error)")
            return .usage
        }
        let (sender, spool) = built
        for problem in spool.problems { printError("limestream: \(spool.path): \(problem)") }
        var serverOptions = options.server
        // Delivery threads log at once: one line at a time (the stream itself is not locked).
        let logLock = NSLock()
        serverOptions.log = { line in
            logLock.lock()
            printError("limestream: serve: " + line)
            logLock.unlock()
        }
        let server: AddOnServer
        do {
            server = try AddOnServer(
                host: options.host, port: options.port, options: serverOptions, secret: secret, mapper: mapper,
                sender: sender, spool: spool)
        } catch {
            printError("limestream: cannot listen on \(options.host):\(options.port): \(error)")
            return .usage
        }
        printError(
            "limestream: serve: listening on \(options.host):\(server.port), POST \(options.server.path), spool \(options.spool) (\(spool.recovered.count) to deliver)"
        )
        // SIGTERM and SIGINT drain; handled on a queue, not in a signal handler.
        let stop = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        stop.wait()
        printError("limestream: serve: draining")
        server.drain(timeout: 10)
        printError("limestream: serve: stopped, \(spool.depth) conversations left in the spool")
        return .success
    }

    /// The connection timeouts, in seconds: each one an option, declared (with the server's own
    /// default in its help) and read from this one table.
    static let timeouts: [(name: String, help: String, limit: WritableKeyPath<HTTPServerLimits, Double> & Sendable)] = [
        ("header-timeout", "seconds for a request head to arrive (408 after)", \.headerTimeout),
        ("body-timeout", "seconds for a body to arrive (408 after)", \.bodyTimeout),
        ("idle-timeout", "seconds a kept-alive connection may wait for its next request", \.idleTimeout),
    ]

    /// The options of ``timeouts``.
    static var timeoutOptions: [OptionSpec] {
        let defaults = HTTPServerLimits()
        return timeouts.map { timeout in
            let seconds = defaults[keyPath: timeout.limit]
            let text = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
            return OptionSpec(name: timeout.name, valueName: "S", defaultText: text, help: timeout.help)
        }
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        let parsed = try CommandSpec.serve.parse(arguments)
        guard parsed.operands.isEmpty else {
            throw UsageError(message: "serve takes no FILE: conversations come over HTTP")
        }
        var options = Options()
        if let text = parsed.value("listen") {
            guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
                throw UsageError(message: "--listen takes HOST:PORT, such as 127.0.0.1:8080")
            }
            options.host = String(text[..<colon])
            options.port = port
        }
        options.mapping = parsed.value("mapping")
        options.spool = parsed.value("spool") ?? options.spool
        options.journal = parsed.value("journal")
        options.deadLetter = parsed.value("dead-letter")
        options.secretFile = parsed.value("secret-file")
        options.noCheck = parsed.has("no-check")
        if let name = parsed.value("secret-header") {
            guard !name.isEmpty, name.utf8.allSatisfy({ HTTPRequestHead.isFieldNameByte($0) }) else {
                throw UsageError(message: "--secret-header takes a header name such as API-SECURITY-TOKEN")
            }
            options.server.secretHeader = name
        }
        if let path = parsed.value("path") {
            guard path.hasPrefix("/") else { throw UsageError(message: "--path takes a path such as /userlike") }
            options.server.path = path
        }
        func seconds(_ name: String, _ fallback: Double, inclusive: Bool = false) throws(UsageError) -> Double {
            try ArgumentParser.number(
                parsed.value(name), option: name, what: "seconds", minimum: 0, inclusive: inclusive) ?? fallback
        }
        let server = options.server
        options.server.maximumBody =
            try ArgumentParser.integer(parsed.value("max-body"), option: "max-body", in: 1...(1 << 34))
            ?? server.maximumBody
        options.server.deliveryDeadline = try seconds("deadline", server.deliveryDeadline, inclusive: true)
        options.server.workers =
            try ArgumentParser.integer(parsed.value("concurrency"), option: "concurrency", in: 1...64) ?? server.workers
        options.server.limits.maximumConnections =
            try ArgumentParser.integer(parsed.value("max-connections"), option: "max-connections", in: 1...100_000)
            ?? server.limits.maximumConnections
        for timeout in timeouts {
            options.server.limits[keyPath: timeout.limit] = try seconds(
                timeout.name, server.limits[keyPath: timeout.limit])
        }
        options.client = try ClientOptions(parsed)
        return options
    }
}

extension CommandSpec {
    static let serve = CommandSpec(
        name: "serve", summary: "the add-on endpoint Userlike POSTs conversations to",
        synopsis: ["serve [OPTIONS] --url https://HOST/APP"],
        options: [
            OptionSpec(
                name: "listen", valueName: "HOST:PORT", defaultText: "127.0.0.1:8080",
                help: "the IPv4 address and port to listen on (port 0: any free one)"),
            .url, .mapping,
            OptionSpec(
                name: "spool", valueName: "DIR", defaultText: "limestream-spool",
                help: "the spool, journal and dead letters of accepted conversations"),
            .journal(defaultText: "DIR/journal.ndjson", help: "what was delivered"),
            .deadLetter(defaultText: "DIR/dead-letter.ndjson", help: "where conversations Lime refused go"),
            OptionSpec(
                name: "secret-file", valueName: "PATH", defaultText: "the LIMESTREAM_SECRET environment variable",
                help: "read the shared secret (at least 16 characters) from PATH"),
            OptionSpec(
                name: "secret-header", valueName: "NAME", defaultText: "API-SECURITY-TOKEN",
                help: "the header that carries the secret"),
            OptionSpec(
                name: "path", valueName: "PATH", defaultText: "/userlike", help: "the path conversations are POSTed to"),
            OptionSpec(
                name: "max-body", valueName: "BYTES", defaultText: "16777216", help: "largest body (413 past it)"),
            OptionSpec(
                name: "deadline", valueName: "S", defaultText: "5",
                help:
                    "seconds a request waits for its delivery before it is answered\n{\"queued\": true} (0: answer once it is on disk)"
            ),
            OptionSpec(
                name: "concurrency", valueName: "N", defaultText: "4", help: "conversations in flight to Lime, 1 to 64"),
            OptionSpec(name: "rate", valueName: "N", defaultText: "8", help: "requests per second to Lime"),
            .timeout, .retries, .backoff,
            OptionSpec(
                name: "max-connections", valueName: "N", defaultText: "1024",
                help: "connections open at once (one more gets 503)"),
        ]
            + ServeCommand.timeoutOptions + [
                .noCheck, .apiKeyFile, .apiKey,
                OptionSpec(
                    name: "secret", valueName: "SECRET", help: "",
                    refusal:
                        "secrets are never taken from the command line: set LIME_API_KEY and LIMESTREAM_SECRET, or use --api-key-file and --secret-file"
                ),
            ],
        notes: [
            "Answers 200 {\"url\": ...} once the history exists, or {\"queued\": true} when delivery takes\nlonger than --deadline; the conversation is on disk before any answer. SIGTERM drains.\nThe API key and the secret come from the environment or files, never from the command line."
        ])
}
