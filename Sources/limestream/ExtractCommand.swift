#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import LimeUserlike

/// `limestream extract [--jobs N] [FILE... | -]`: one JSON line per conversation, in input
/// order. Several files are read in the order given as one stream of conversations.
enum ExtractCommand {
    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        var arguments = arguments
        let jobs = try Self.jobs(from: &arguments)
        if let option = arguments.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw UsageError(message: "extract: unknown option \(option)")
        }
        let outcome = ExportInputs(paths: arguments).run(jobs: jobs, output: .standardOutput) { conversation, buffer in
            conversation.writeJSONLine(into: &buffer)
            buffer.append(0x0A)
            return nil
        }
        return outcome
    }

    /// Takes `--jobs N` (or `-j N`, `--jobs=N`) out of the arguments; the default is the number of
    /// online cores.
    static func jobs(from arguments: inout [String]) throws(UsageError) -> Int {
        var jobs = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            var value: String?
            if argument == "--jobs" || argument == "-j" {
                guard index + 1 < arguments.count else { throw UsageError(message: "\(argument) needs a number") }
                value = arguments[index + 1]
                arguments.removeSubrange(index...(index + 1))
            } else if argument.hasPrefix("--jobs=") {
                value = String(argument.dropFirst("--jobs=".count))
                arguments.remove(at: index)
            } else {
                index += 1
                continue
            }
            guard let text = value, let number = Int(text), number >= 1, number <= 256 else {
                throw UsageError(message: "--jobs takes a whole number from 1 to 256")
            }
            jobs = number
        }
        return jobs
    }
}
