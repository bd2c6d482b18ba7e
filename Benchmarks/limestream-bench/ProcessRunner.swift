#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Runs a child process and measures it: wall time, and its peak memory (maximum resident set
/// size, from `wait4`'s resource usage), which is why every contender runs in a process of its own.
enum ProcessRunner {
    struct Measurement {
        var seconds: Double
        var maxRSSBytes: Int
        var status: Int32
        var output: String
    }

    /// Runs `executable arguments`, with stdin from `stdinPath` (or /dev/null) and stdout to a
    /// temporary file (or /dev/null when `discardOutput`).
    static func run(_ executable: String, _ arguments: [String], stdinPath: String? = nil, discardOutput: Bool = false) throws -> Measurement {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("limestream-bench-\(UUID()).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, discardOutput ? "/dev/null" : outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot run \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Measurement(seconds: seconds, maxRSSBytes: usage.ru_maxrss * 1024, status: exitStatus, output: output)
    }
}
