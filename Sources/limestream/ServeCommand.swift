#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Dispatch
import Foundation
import LimeMapping
import LimeSender
import LimeServer

/// `limestream serve --listen HOST:PORT --url https://HOST/APP [--mapping FILE] [--spool DIR]
/// [--secret-file PATH] [--max-body BYTES] [--concurrency N] [--rate N] [--no-check] ...`: the
/// add-on endpoint Userlike calls, after checking the mapping against Lime's schema as `send` does. Parses, builds the sender as `send` does, and runs ``AddOnServer`` until
/// SIGTERM or SIGINT, which drain it.
enum ServeCommand {
    struct Options {
        var host = "127.0.0.1"
        var port: UInt16 = 8080
        var url: String?
        var spool = "limestream-spool"
        var journal: String?
        var deadLetter: String?
        var keyFile: String?
        var secretFile: String?
        var server = AddOnServer.Options()
        var rate = 8.0
        var timeout = 30.0
        var retries = 6
        var backoff = 0.5
        var noCheck = false
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
        guard let url = options.url else { throw UsageError(message: "serve needs --url https://HOST/APP") }
        let prepared: (LimeClient, SharedSecret)
        do {
            let endpoint = try LimeEndpoint(url)
            let key = try LimeAPIKey.load(file: options.keyFile)
            let secret = try SharedSecret.load(file: options.secretFile)
            let client = LimeClient(
                endpoint: endpoint, key: key, transport: try StandardTransport.make(timeout: options.timeout),
                policy: RetryPolicy(maximumAttempts: options.retries, baseDelay: options.backoff), limiter: RateLimiter(perSecond: options.rate))
            prepared = (client, secret)
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
            let sender = LimeSender(client: client, journal: journal, deadLetters: deadLetters, concurrency: options.server.workers)
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
            server = try AddOnServer(host: options.host, port: options.port, options: serverOptions, secret: secret, mapper: mapper, sender: sender, spool: spool)
        } catch {
            printError("limestream: cannot listen on \(options.host):\(options.port): \(error)")
            return .usage
        }
        printError("limestream: serve: listening on \(options.host):\(server.port), POST \(options.server.path), spool \(options.spool) (\(spool.recovered.count) to deliver)")
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

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var index = 0
        func value() throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else { throw UsageError(message: "\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        func seconds(_ name: String) throws(UsageError) -> Double {
            guard let number = Double(try value()), number > 0 else { throw UsageError(message: "\(name) takes seconds, > 0") }
            return number
        }
        func whole(_ name: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int {
            guard let number = Int(try value()), range.contains(number) else {
                throw UsageError(message: "\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--listen":
                let text = try value()
                guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
                    throw UsageError(message: "--listen takes HOST:PORT, such as 127.0.0.1:8080")
                }
                options.host = String(text[..<colon])
                options.port = port
            case "--url": options.url = try value()
            case "--spool": options.spool = try value()
            case "--journal": options.journal = try value()
            case "--dead-letter": options.deadLetter = try value()
            case "--api-key-file": options.keyFile = try value()
            case "--secret-file": options.secretFile = try value()
            case "--secret-header":
                options.server.secretHeader = try value()
                guard !options.server.secretHeader.isEmpty, options.server.secretHeader.utf8.allSatisfy({ HTTPRequestHead.isFieldNameByte($0) }) else {
                    throw UsageError(message: "--secret-header takes a header name such as API-SECURITY-TOKEN")
                }
            case "--path":
                options.server.path = try value()
                guard options.server.path.hasPrefix("/") else { throw UsageError(message: "--path takes a path such as /userlike") }
            case "--max-body": options.server.maximumBody = try whole("--max-body", 1...(1 << 34))
            case "--deadline":
                guard let number = Double(try value()), number >= 0 else { throw UsageError(message: "--deadline takes seconds, >= 0") }
                options.server.deliveryDeadline = number
            case "--concurrency": options.server.workers = try whole("--concurrency", 1...64)
            case "--max-connections": options.server.limits.maximumConnections = try whole("--max-connections", 1...100_000)
            case "--header-timeout": options.server.limits.headerTimeout = try seconds("--header-timeout")
            case "--body-timeout": options.server.limits.bodyTimeout = try seconds("--body-timeout")
            case "--idle-timeout": options.server.limits.idleTimeout = try seconds("--idle-timeout")
            case "--rate":
                guard let number = Double(try value()), number > 0 else { throw UsageError(message: "--rate takes requests per second, > 0") }
                options.rate = number
            case "--timeout": options.timeout = try seconds("--timeout")
            case "--no-check": options.noCheck = true
            case "--retries": options.retries = try whole("--retries", 1...1000)
            case "--backoff":
                guard let number = Double(try value()), number >= 0 else { throw UsageError(message: "--backoff takes seconds, >= 0") }
                options.backoff = number
            case "--api-key", "--secret":
                throw UsageError(message: "secrets are never taken from the command line: set LIME_API_KEY and LIMESTREAM_SECRET, or use --api-key-file and --secret-file")
            default: throw UsageError(message: "serve: unknown option \(argument)")
            }
            index += 1
        }
        return options
    }
}
