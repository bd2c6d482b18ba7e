import LimeMapping
import LimeSender

/// `limestream check --url https://HOST/APP [--mapping FILE] [--api-key-file PATH] [--timeout S]`:
/// reads the schema of every limetype the mapping names and prints one line per problem
/// (`PATH: MESSAGE`) on stdout. Exit 0 when the mapping fits, 1 when it does not or the schema
/// cannot be read (a refused key, no answer), 2 for usage errors. The comparison is
/// `LimeClient.checkMapping`, which `send` runs too.
enum CheckCommand {
    struct Options {
        /// `--url`, `--api-key-file`, `--timeout`; the pace and the retries of a short run of
        /// reads are their defaults.
        var client = ClientOptions()
        var mapping: String?
    }

    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let options = try parse(arguments)
        guard let configuration = MappingOption.configuration(options.mapping) else { return .usage }
        guard let url = options.client.url else { throw UsageError(message: "check needs --url https://HOST/APP") }
        let client: LimeClient
        do {
            let endpoint = try LimeEndpoint(url)
            client = try options.client.client(endpoint: endpoint, key: try options.client.key())
        } catch {
            printError("limestream: \(error)")
            return .usage
        }
        switch report(configuration, client: client) {
        case .success:
            printError(
                "limestream: check: the mapping fits the schema of \(SchemaCheck.limetypes(of: configuration).count) limetypes"
            )
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
        printError(
            "limestream: check: \(problems.count) problem\(problems.count == 1 ? "" : "s") between the mapping and Lime's schema"
        )
        return .failure(.fatal)
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        let parsed = try CommandSpec.check.parse(arguments)
        if let operand = parsed.operands.first {
            throw UsageError(message: "check: unexpected argument \(operand) (check reads no input)")
        }
        var options = Options()
        options.mapping = parsed.value("mapping")
        options.client = try ClientOptions(parsed)
        return options
    }
}
