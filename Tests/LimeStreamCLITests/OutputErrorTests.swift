import Foundation
import LimeTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `pipe2(2)`, which the Glibc module leaves out (it is a GNU extension): a pipe made close-on-exec
/// at once, so that no process another test starts meanwhile inherits an end.
@_silgen_name("pipe2") private func systemPipe2(_ ends: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

/// Output that cannot be written is an I/O error (issue #14, no silent loss): the first failed
/// write is said once on stderr, the run stops, and the exit code is 2, never 0 (and 2 also when
/// conversations were skipped).
@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct OutputErrorTests {
    static let seed = FixturePaths.seedConversation.path
    static let noSpace = "limestream: cannot write standard output: No space left on device\n"

    /// What a run with its standard output sent somewhere else left behind.
    struct Outcome {
        var status: Int32
        var stderr: String
    }

    /// Runs `executable arguments...` with `stdout` as its standard output, `stdin` as its input
    /// (default: none), and its standard error collected.
    static func run(
        _ arguments: [String], stdout: FileHandle, stdin: FileHandle = .nullDevice, executable: URL? = CLI.binary
    ) throws -> Outcome {
        let error = Pipe()
        let process = try CLI.start(arguments, stdin: stdin, stdout: stdout, stderr: error, executable: executable)
        let errData = CLI.readAll(error.fileHandleForReading)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stderr: String(decoding: errData, as: UTF8.self))
    }

    static func devFull() throws -> FileHandle {
        try #require(FileHandle(forWritingAtPath: "/dev/full"), "/dev/full is needed")
    }

    /// An NDJSON export of `count` small conversations (about 1 KiB of output each).
    static func export(_ count: Int) -> [UInt8] {
        var text = ""
        let body = String(repeating: "All good, thanks. ", count: 40)
        for id in 1...count {
            text += "{\"id\":\(id),\"transcript\":[{\"type\":\"message\",\"body\":\"\(body)\(id)\"}]}\n"
        }
        return Array(text.utf8)
    }

    /// A pipe whose ends are closed on exec: only the descriptor handed to the child as its
    /// stdin or stdout survives there, so no other process the tests start holds an end open.
    static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard systemPipe2(&ends, O_CLOEXEC) == 0 else { throw POSIXError(.EMFILE) }
        return (ends[0], ends[1])
    }

    @Test(arguments: [["extract"], ["extract", "--jobs", "1"], ["convert"], ["validate"]])
    func devFullIsAnIOError(_ command: [String]) throws {
        let result = try Self.run(command + [Self.seed], stdout: try Self.devFull())
        #expect(result.status == 2)
        #expect(result.stderr == Self.noSpace)
    }

    @Test func sendDryRunToDevFull() throws {
        let input = try CLI.temporaryFile(Self.export(3), suffix: ".ndjson")
        let result = try Self.run(
            ["send", input, "--url", "https://lime.example.com/app", "--dry-run"], stdout: try Self.devFull())
        #expect(result.status == 2)
        #expect(result.stderr == Self.noSpace)
    }

    @Test func helpToDevFull() throws {
        let result = try Self.run(["--help"], stdout: try Self.devFull())
        #expect(result.status == 2)
        #expect(result.stderr == Self.noSpace)
    }

    /// Skipped conversations and a dead output: 2, not 3. The failure is found when the skip's
    /// report flushes the line before it (so stdout and stderr stay in order), and said first.
    @Test(arguments: ["1", "2"])
    func skippedConversationsStillExitTwo(_ jobs: String) throws {
        let input = try CLI.temporaryFile(Array("{\"id\":1}\n2\n{\"id\":3}\n".utf8))
        let result = try Self.run(["extract", "--jobs", jobs, input], stdout: try Self.devFull())
        #expect(result.status == 2)
        #expect(
            result.stderr == Self.noSpace
                + "\(input):2:1: error: expected an object, found a number (byte 9, conversation 2)\n")
    }

    /// `limestream extract FILE >&-`: the shell closes stdout before the program starts.
    @Test(arguments: [["extract", seed], ["convert", seed], ["validate", seed]])
    func closedStandardOutput(_ command: [String]) throws {
        let binary = try #require(CLI.binary)
        let result = try Self.run(
            ["-c", #"exec "$0" "$@" >&-"#, binary.path] + command, stdout: .nullDevice,
            executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(result.status == 2)
        #expect(result.stderr == "limestream: cannot write standard output: Bad file descriptor\n")
    }

    /// A closed stderr (`2>&-`) keeps its number taken: the journal `send` opens does not become
    /// descriptor 2 and receive the run's messages. (The send fails at once: nothing listens on
    /// port 1, and the conversation goes to the dead letters; `--no-check`, as the schema check
    /// would stop the run before it.)
    @Test func aClosedStandardErrorDoesNotLandInTheJournal() throws {
        let binary = try #require(CLI.binary)
        let input = try CLI.temporaryFile(
            Array("{\"id\":1,\"contact\":{\"email\":\"a@example.com\"}}\n".utf8), suffix: ".ndjson")
        let process = try CLI.start(
            [
                "-c", #"exec "$0" "$@" 2>&-"#, binary.path, "send", input, "--url", "http://127.0.0.1:1/app",
                "--journal", input + ".journal", "--dead-letter", input + ".dead", "--retries", "1", "--backoff", "0",
                "--timeout", "1", "--no-check",
            ], environment: ["LIME_API_KEY": "test-key-0000"], executable: URL(fileURLWithPath: "/bin/sh"))
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        #expect(try String(contentsOfFile: input + ".journal", encoding: .utf8) == "")
        #expect(try String(contentsOfFile: input + ".dead", encoding: .utf8).hasPrefix(#"{"conversation_id":"1","#))
    }

    /// The run stops at the first failed write instead of reading the rest of its input into a
    /// dead descriptor: offered some 38 MB on stdin, it exits (closing the pipe) long before
    /// taking half, and does not go on to the next file either (no message about it).
    @Test(arguments: [["extract", "--jobs", "1"], ["extract", "--jobs", "2"], ["convert", "--jobs", "2"]])
    func stopsReadingAtTheFirstFailedWrite(_ command: [String]) throws {
        signal(SIGPIPE, SIG_IGN)  // the child closing its end must fail our write, not kill the tests
        let (readEnd, writeEnd) = try Self.pipe()
        let block = Self.export(1024)  // about 800 KB
        let total = 48 * block.count
        final class Count: @unchecked Sendable { var written = 0 }
        let count = Count()
        let writerDone = DispatchSemaphore(value: 0)
        let writer = Thread {
            block.withUnsafeBytes { bytes in
                while count.written < total {
                    let offset = count.written % bytes.count
                    let result = write(writeEnd, bytes.baseAddress! + offset, bytes.count - offset)
                    if result < 0 {
                        if errno == EINTR { continue }
                        break  // EPIPE: the child is gone
                    }
                    count.written += result
                }
            }
            close(writeEnd)
            writerDone.signal()
        }
        let error = Pipe()
        let process = try CLI.start(
            command + ["-", "/nonexistent.json"], stdin: FileHandle(fileDescriptor: readEnd, closeOnDealloc: false),
            stdout: try Self.devFull(), stderr: error)
        close(readEnd)  // the child's copy is the only one left: its exit ends the pipe
        writer.start()
        let errData = CLI.readAll(error.fileHandleForReading)
        process.waitUntilExit()
        writerDone.wait()
        #expect(process.terminationStatus == 2)
        #expect(String(decoding: errData, as: UTF8.self) == Self.noSpace)
        #expect(count.written < total / 2, "the run read \(count.written) of \(total) bytes")
    }

    /// A non-blocking stdout (shared with a process that set O_NONBLOCK) that fills up is waited
    /// for, not given up: the whole output arrives, exit 0.
    @Test func aFullNonBlockingPipeIsWaitedFor() throws {
        let input = try CLI.temporaryFile(Self.export(3000), suffix: ".ndjson")
        let expected = try CLI.run(["extract", input]).stdout
        let (readEnd, writeEnd) = try Self.pipe()
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ
        _ = fcntl(writeEnd, setPipeSize, Int32(4096))  // full after one page
        final class Box: @unchecked Sendable { var data = Data() }
        let received = Box()
        let readerDone = DispatchSemaphore(value: 0)
        let reader = Thread {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = read(readEnd, &chunk, chunk.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                received.data.append(contentsOf: chunk[0..<count])
            }
            close(readEnd)
            readerDone.signal()
        }
        let error = Pipe()
        let process = try CLI.start(
            ["extract", input], stdout: FileHandle(fileDescriptor: writeEnd, closeOnDealloc: false), stderr: error)
        close(writeEnd)  // the child's copy is the only one left: its exit ends the pipe
        reader.start()
        let errData = CLI.readAll(error.fileHandleForReading)
        process.waitUntilExit()
        readerDone.wait()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: errData, as: UTF8.self) == "")
        #expect(received.data.count == expected.utf8.count)
        #expect(String(decoding: received.data, as: UTF8.self) == expected)
    }
}

/// A disk that fills up in the middle of the output: a 64 KiB tmpfs, mounted for each case
/// (mounting needs root and CAP_SYS_ADMIN; elsewhere the cases are skipped and say why).
@Suite(
    .enabled(if: CLI.binary != nil, "build limestream first: swift build"),
    .enabled(if: FullDisk.canMount, "cannot mount a 64 KiB tmpfs here (needs root and CAP_SYS_ADMIN)"))
struct FullDiskTests {
    /// What is left on the full disk: exactly the bytes that fitted, a prefix of the whole output,
    /// whose last line is cut where the disk filled up (the exit code, 2, is what tells).
    @Test(arguments: ["1", "2"])
    func aDiskThatFillsUpMidOutput(_ jobs: String) throws {
        let disk = try #require(FullDisk())
        defer { disk.unmount() }
        let input = try CLI.temporaryFile(OutputErrorTests.export(400), suffix: ".ndjson")
        let expected = Array(try CLI.run(["extract", input]).stdout.utf8)
        #expect(expected.count > 256 * 1024)
        let path = disk.directory + "/out.ndjson"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let output = try #require(FileHandle(forWritingAtPath: path))
        let result = try OutputErrorTests.run(["extract", "--jobs", jobs, input], stdout: output)
        try output.close()
        #expect(result.status == 2)
        #expect(result.stderr == OutputErrorTests.noSpace)
        let left = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(!left.isEmpty && left.count < expected.count)
        #expect(Array(expected.prefix(left.count)) == left)
        #expect(left.last != 0x0A, "the disk filled up in the middle of a line")
    }
}

/// A fresh 64 KiB tmpfs in a temporary directory.
struct FullDisk {
    let directory: String

    /// Whether this machine lets the tests mount one (tried once).
    static let canMount: Bool = {
        guard getuid() == 0, let disk = FullDisk() else { return false }
        disk.unmount()
        return true
    }()

    /// Mounts one; nil when that is not permitted.
    init?() {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("limestream-full-\(UUID())").path
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil
        else {
            return nil
        }
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", directory]) else {
            try? FileManager.default.removeItem(atPath: directory)
            return nil
        }
    }

    func unmount() {
        _ = Self.run("/bin/umount", [directory])
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        guard let process = try? CLI.start(arguments, executable: URL(fileURLWithPath: tool)) else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
