import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a child process and measures it: wall time, and its peak memory (maximum resident set
/// size), which is why every contender runs in a process of its own.
///
/// The peak comes from GNU `/usr/bin/time -f %M` when it is installed, else from `wait4`. (A child
/// that `posix_spawn` starts shares this process's memory until it execs, and Linux then counts
/// this process's own peak into the child's `ru_maxrss`; `time` is a tiny process, so the numbers it
/// reports are the child's own.)
enum ProcessRunner {
    struct Measurement {
        var seconds: Double
        var maxRSSBytes: Int
        var status: Int32
        var output: String
    }

    /// Runs `executable arguments`, with stdin from `stdinPath` (or /dev/null) and stdout to a
    /// temporary file (or /dev/null when `discardOutput`).
    static func run(_ executable: String, _ arguments: [String], stdinPath: String? = nil, discardOutput: Bool = false)
        throws -> Measurement
    {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("limestream-bench-\(UUID()).out")
            .path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 1, discardOutput ? "/dev/null" : outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let rssPath = outputPath + ".rss"
        defer { unlink(rssPath) }
        let useTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let command =
            useTime ? ["/usr/bin/time", "-f", "%M", "-o", rssPath, executable] + arguments : [executable] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot run \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        var maxRSS = usage.ru_maxrss * 1024
        if useTime, let text = try? String(contentsOfFile: rssPath, encoding: .utf8),
            let kilobytes = text.split(whereSeparator: \.isNewline).last.flatMap({
                Int($0.trimmingCharacters(in: .whitespaces))
            })
        {
            maxRSS = kilobytes * 1024
        }
        return Measurement(seconds: seconds, maxRSSBytes: maxRSS, status: exitStatus, output: output)
    }
}
