import Foundation
import LimeFixtures

// `limestream-bench`: LimeStream against Foundation's JSONDecoder and JSONSerialization on the
// same bytes and the same fields. See Benchmarks/README.md.

let arguments = Array(CommandLine.arguments.dropFirst())

// MARK: - Child mode: one contender, one workload, in a process of its own

if arguments.first == "--child" {
    do {
        try Child.run(Array(arguments.dropFirst()))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("limestream-bench child: \(error)\n".utf8))
        exit(1)
    }
}

// MARK: - Parent mode

var options = BenchOptions()
do {
    options = try BenchOptions(arguments)
} catch {
    FileHandle.standardError.write(Data("limestream-bench: \(error)\n\n\(BenchOptions.usage)\n".utf8))
    exit(2)
}
do {
    try Bench(options: options).run()
} catch {
    FileHandle.standardError.write(Data("limestream-bench: \(error)\n".utf8))
    exit(1)
}
