import Foundation

/// Command-line options of the benchmark suite.
struct BenchOptions {
    static let usage = """
        usage: swift build -c release && swift run -c release limestream-bench [options]
          --quick              small inputs (5 MB payload, 50 MB exports) and fewer runs
          --size-mb N          size of the exports (default 500)
          --payload-mb N       size of the long payload (default 50)
          --runs N             timed runs per contender (default 5; 1 for Foundation on exports)
          --workloads LIST     comma-separated: seed,payload,chat,array,ndjson,documents,e2e,convert,serve
                               (chat: an export of seed-shaped conversations with short messages)
                               (serve runs only when named: limestream serve under load)
          --input-dir DIR      keep generated inputs in DIR and reuse them
          --json FILE          write the results as JSON (default Benchmarks/results/latest.json)
          --svg FILE           write the chart (default Benchmarks/results/latest.svg)
        """

    var exportMB = 500
    var payloadMB = 50
    var runs = 5
    var workloads: Set<String> = ["seed", "payload", "chat", "array", "ndjson", "documents", "e2e", "convert"]
    var inputDirectory: String?
    var jsonPath: String?
    var svgPath: String?
    var quick = false

    init() {}

    init(_ arguments: [String]) throws {
        var index = 0
        func value() throws -> String {
            index += 1
            guard index < arguments.count else { throw BenchError("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--quick":
                quick = true
                exportMB = 50
                payloadMB = 5
                runs = 3
            case "--size-mb": exportMB = Int(try value()) ?? exportMB
            case "--payload-mb": payloadMB = Int(try value()) ?? payloadMB
            case "--runs": runs = max(1, Int(try value()) ?? runs)
            case "--workloads": workloads = Set(try value().split(separator: ",").map(String.init))
            case "--input-dir": inputDirectory = try value()
            case "--json": jsonPath = try value()
            case "--svg": svgPath = try value()
            default: throw BenchError("unknown option \(arguments[index])")
            }
            index += 1
        }
    }
}
