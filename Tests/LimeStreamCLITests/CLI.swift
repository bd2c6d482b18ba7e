import Foundation
import LimeTestSupport

/// Runs the built `limestream` binary, as a person would.
enum CLI {
    /// The package's build products folder, found next to the test bundle.
    static let binary: URL? = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("limestream")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        // `swift test` from the package root: .build/debug/limestream.
        let root = FixturePaths.packageRoot
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/limestream")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `limestream arguments...`, feeding `stdin` when given, in `directory` when given.
    static func run(
        _ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:], directory: URL? = nil,
        executable: URL? = CLI.binary
    ) throws -> Result {
        let output = Pipe()
        let error = Pipe()
        let input = Pipe()
        let process = try start(
            arguments, environment: environment, directory: directory,
            stdin: stdin == nil ? FileHandle.nullDevice : input, stdout: output, stderr: error, executable: executable)
        // Read both pipes to their ends before waiting, so a full pipe cannot block the child; and
        // feed stdin from another thread, so a child that writes as it reads cannot block on a full
        // stdout while this thread is still writing its input.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        if let stdin {
            let writer = input.fileHandleForWriting
            DispatchQueue.global().async(group: group) {
                writeAll(stdin, to: writer)
                try? writer.close()
            }
        }
        let errorHandle = error.fileHandleForReading
        DispatchQueue.global().async(group: group) { errBox.data = readAll(errorHandle) }
        let outData = readAll(output.fileHandleForReading)
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `limestream arguments...` (or `executable`) and returns without waiting for it: the
    /// environment is the test process's without `LIME_API_KEY`, plus `environment`; standard
    /// input, output and error are the given `Pipe`s or `FileHandle`s (the null device if not given).
    static func start(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil,
        stdin: Any? = FileHandle.nullDevice, stdout: Any? = FileHandle.nullDevice, stderr: Any? = FileHandle.nullDevice,
        executable: URL? = CLI.binary
    ) throws -> Process {
        guard let executable else {
            throw CocoaError(
                .fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "build limestream first (swift build)"])
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var variables = ProcessInfo.processInfo.environment
        variables["LIME_API_KEY"] = nil
        for (name, value) in environment { variables[name] = value }
        process.environment = variables
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return process
    }

    /// Everything `handle` reads until its end. POSIX reads, retried on `EINTR`: Foundation's
    /// `readDataToEndOfFile()` traps on any error (`try!`), and a signal meant for another
    /// thread of the test process (the server tests send some) would take every suite down.
    static func readAll(_ handle: FileHandle) -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(handle.fileDescriptor, &chunk, chunk.count)
            if count > 0 {
                data.append(contentsOf: chunk[..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }

    /// Writes all of `bytes` to `handle`, retrying on `EINTR`; stops quietly when the reader is
    /// gone (`EPIPE`: a child that exits without reading all of its input), where Foundation's
    /// `write(_:)` would trap.
    static func writeAll(_ bytes: [UInt8], to handle: FileHandle) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Writes `text` to a temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], suffix: String = ".json") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("limestream-cli-\(UUID())\(suffix)")
        try Data(bytes).write(to: url)
        return url.path
    }
}
