// MARK: - Options several commands share

extension OptionSpec {
    static let jobs = OptionSpec(
        name: "jobs", short: "j", valueName: "N", defaultText: "one per core",
        help: "extract on N threads, 1 to 256; the output is the same bytes for every N")
    static let output = OptionSpec(
        name: "output", short: "o", valueName: "FILE",
        help:
            "write to FILE instead of standard output: to a temporary file beside it,\nrenamed to FILE when the run succeeds (exit 0 or 3)"
    )
    static let progress = OptionSpec(
        name: "progress", help: "show progress and a summary on stderr even when it is not a terminal")
    static let quiet = OptionSpec(
        name: "quiet", short: "q", help: "show neither progress nor the summary (errors are still shown)")
    static let mapping = OptionSpec(
        name: "mapping", valueName: "FILE", defaultText: "the built-in Fixtures/lime-mapping.json",
        help: "the Lime CRM mapping (format: Fixtures/lime-mapping.md)")
    static let url = OptionSpec(
        name: "url", valueName: "URL", help: "the Lime CRM application, https://HOST/APP (required)")
    static let apiKeyFile = OptionSpec(
        name: "api-key-file", valueName: "PATH", defaultText: "the LIME_API_KEY environment variable",
        help: "read the API key from PATH")
    static let timeout = OptionSpec(name: "timeout", valueName: "S", defaultText: "30", help: "seconds per request")
    static let retries = OptionSpec(name: "retries", valueName: "N", defaultText: "6", help: "tries per request in all")
    static let backoff = OptionSpec(
        name: "backoff", valueName: "S", defaultText: "0.5", help: "first retry delay in seconds, doubling, at most 30")
    /// `--journal PATH`: send's and serve's record of what was delivered (their defaults differ).
    static func journal(defaultText: String, help: String) -> OptionSpec {
        OptionSpec(name: "journal", valueName: "PATH", defaultText: defaultText, help: help)
    }
    /// `--dead-letter PATH`: where send and serve put conversations that failed for good.
    static func deadLetter(defaultText: String, help: String) -> OptionSpec {
        OptionSpec(name: "dead-letter", valueName: "PATH", defaultText: defaultText, help: help)
    }
    static let noCheck = OptionSpec(name: "no-check", help: "skip the check of the mapping against Lime's schema")
    /// Refused: a key on the command line is visible to every user of the machine (`ps`).
    static let apiKey = OptionSpec(
        name: "api-key", valueName: "KEY", help: "",
        refusal: "the API key is never taken from the command line: set LIME_API_KEY or use --api-key-file PATH")
}

// MARK: - The commands

extension CommandSpec {
    static let validate = CommandSpec(
        name: "validate", summary: "check that each input is valid JSON text (or, with --sequence, a sequence of them)",
        synopsis: ["validate [--allow-bom] [--sequence] [--progress | --quiet] FILE... | -"],
        options: [
            OptionSpec(name: "allow-bom", help: "skip one UTF-8 byte order mark at the start of each input"),
            OptionSpec(
                name: "sequence", short: "s",
                help:
                    "each input is a sequence of JSON texts separated by whitespace (NDJSON):\nreport every bad one and go on at the next line that can start one"
            ),
            .progress, .quiet,
        ],
        notes: [
            "Prints 'FILE: ok' per valid input, else 'FILE:LINE:COLUMN: error: MESSAGE (byte N)' on stderr\n(with --sequence: '(byte N, text K)'). An empty input (or only whitespace) is an error, as\nin every command."
        ])

    static let extract = CommandSpec(
        name: "extract", summary: "write the Lime fields of each conversation as one JSON line",
        synopsis: ["extract [--jobs N] [--output FILE] [--progress | --quiet] [FILE... | -]"],
        options: [.jobs, .output, .progress, .quiet],
        notes: [
            "Reads a payload, a JSON array, NDJSON or Userlike API v3 pages; several files are one stream.\nA file is read on --jobs threads; a pipe by one reader that writes each conversation when\nthe input stalls (--jobs given explicitly reads a pipe in parallel, a piece at a time)."
        ])

    static let convert = CommandSpec(
        name: "convert", summary: "write the Lime CRM plan of each conversation as one JSON line",
        synopsis: ["convert [--mapping FILE] [--jobs N] [--output FILE] [--progress | --quiet] [FILE... | -]"],
        options: [.mapping, .jobs, .output, .progress, .quiet],
        notes: ["Writes the plan 'send' carries out; no network. Inputs as for extract."])

    static let send = CommandSpec(
        name: "send", summary: "deliver each conversation to Lime CRM, exactly once",
        synopsis: [
            "send [OPTIONS] --url https://HOST/APP [FILE... | -]",
            "send --replay DEAD-LETTERS --url https://HOST/APP [OPTIONS]",
        ],
        options: [
            .url, .mapping,
            .journal(defaultText: "FILE.limestream-journal", help: "what was delivered, for reruns"),
            .deadLetter(defaultText: "FILE.dead-letter.ndjson", help: "where conversations that failed for good go"),
            OptionSpec(
                name: "replay", valueName: "DEAD-LETTERS",
                help: "send a dead-letter file's conversations again; the file\nkeeps only those still not delivered"),
            OptionSpec(name: "concurrency", valueName: "N", defaultText: "4", help: "conversations in flight, 1 to 64"),
            OptionSpec(name: "rate", valueName: "N", defaultText: "8", help: "requests per second"),
            .timeout, .retries, .backoff,
            OptionSpec(name: "dry-run", help: "print the requests instead of sending them (no key needed)"),
            .noCheck,
            .apiKeyFile, .progress, .quiet, .apiKey,
        ],
        notes: ["The API key comes from LIME_API_KEY or --api-key-file, never from the command line."])

    static let check = CommandSpec(
        name: "check", summary: "compare the mapping with the Lime CRM application's schema",
        synopsis: ["check --url https://HOST/APP [--mapping FILE] [--api-key-file PATH] [--timeout S]"],
        options: [.url, .mapping, .apiKeyFile, .timeout, .apiKey],
        notes: ["Prints one line per problem on stdout; exit 1 when there are any."])
}
