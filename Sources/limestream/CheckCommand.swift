import LimeMapping
import LimeSender

/// `limestream check --url https://HOST/APP [--mapping FILE] [--api-key-file PATH] [--timeout S]`:
/// reads the schema of every limetype the mapping names and prints one line per problem
/// (`PATH: MESSAGE`) on stdout. Exit 0 when the mapping fits, 1 when it does not or the schema
/// cannot be read (a refused key, no answer), 2 for usage errors. The comparison is
/// `LimeClient.checkMapping`, which `send` runs too.
enum CheckCommand {
    struct Options {
        var url: String?
        var keyFile: String?
        var timeout = 30.0
    }

    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        var arguments = arguments
        let configuration: MappingConfiguration
        switch try MappingOption.take(from: &arguments) {
        case .success(let value): configuration = value
        case .failure(let message):
            printError("limestream: \(message)")
            return .usage
        }
        let options = try parse(arguments)
        guard let url = options.url else { throw UsageError(message: "check needs --url https://HOST/APP") }
        let client: LimeClient
        do {
            client = try makeClient(url: url, keyFile: options.keyFile, timeout: options.timeout)
        } catch {
            printError("limestream: \(error)")
            return .usage
        }
        switch report(configuration, client: client) {
        case .success:
            printError("limestream: check: the mapping fits the schema of \(SchemaCheck.limetypes(of: configuration).count) limetypes")
            return .success
        case .failure(let status): return status
        }
    }

    enum Outcome {
        case success
        case failure(ExitCode)
    }

    /// Runs the check and prints its problems, one line each on stdout, and a summary on stderr;
    /// what `send` does before its first request too.
    static func report(_ configuration: MappingConfiguration, client: LimeClient) -> Outcome {
        let problems: [SchemaProblem]
        do {
            problems = try client.checkMapping(configuration)
        } catch {
            // As for send: a refused key or a Lime that does not answer is fatal (exit 1).
            printError("limestream: check: cannot read the schema: \(error)")
            return .failure(.fatal)
        }
        guard !problems.isEmpty else { return .success }
        OutputStream.standardOutput.write(problems.map { $0.description + "\n" }.joined())
        OutputStream.standardOutput.flush()
        printError("limestream: check: \(problems.count) problem\(problems.count == 1 ? "" : "s") between the mapping and Lime's schema")
        return .failure(.fatal)
    }

    /// A client for a short run of reads: checked URL, the key from LIME_API_KEY or the key file.
    static func makeClient(url: String, keyFile: String?, timeout: Double) throws(SenderError) -> LimeClient {
        let endpoint = try LimeEndpoint(url)
        let key = try LimeAPIKey.load(file: keyFile)
        return LimeClient(
            endpoint: endpoint, key: key, transport: try StandardTransport.make(timeout: timeout), policy: RetryPolicy(),
            limiter: RateLimiter(perSecond: 8))
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
            switch arguments[index] {
            case "--url": options.url = try value()
            case "--api-key-file": options.keyFile = try value()
            case "--timeout":
                guard let number = Double(try value()), number > 0 else { throw UsageError(message: "--timeout takes seconds, > 0") }
                options.timeout = number
            case "--api-key":
                throw UsageError(message: "the API key is never taken from the command line: set LIME_API_KEY or use --api-key-file PATH")
            case let argument:
                throw UsageError(message: "check: unexpected argument \(argument)")
            }
            index += 1
        }
        return options
    }
}
