import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Output from a pipe that stalls: each conversation is written once the input stops coming, not
/// when a megabyte or the end arrives (`tail -f export.ndjson | limestream extract`, issue #20).
@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct StreamingOutputTests {
    /// Reads from `handle` until `count` lines came, or `seconds` passed; returns what came.
    static func lines(_ count: Int, from descriptor: Int32, within seconds: Double) -> String {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.filter({ $0 == 0x0A }).count < count {
            let left = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard left > 0, poll(&entry, 1, left) > 0 else { break }
            let got = read(descriptor, &buffer, buffer.count)
            if got <= 0 { break }
            received += buffer[0..<got]
        }
        return String(decoding: received, as: UTF8.self)
    }

    @Test(arguments: [["extract"], ["convert"], ["extract", "-"]])
    func aStalledPipeFlushesEachConversation(_ command: [String]) throws {
        // Pipes closed on exec: no other test's child may hold the input's write end (its end of
        // input would never come) or the output's.
        let input = try OutputErrorTests.pipe()
        let output = try OutputErrorTests.pipe()
        let process = try CLI.start(
            command, stdin: FileHandle(fileDescriptor: input.read, closeOnDealloc: false),
            stdout: FileHandle(fileDescriptor: output.write, closeOnDealloc: false))
        close(input.read)
        close(output.write)
        defer { close(output.read) }
        let reader = output.read
        let writer = FileHandle(fileDescriptor: input.write, closeOnDealloc: false)
        // The first conversation, then nothing: its line must come while the input stays open.
        CLI.writeAll(Array("{\"id\":1,\"transcript\":[]}\n".utf8), to: writer)
        let first = Self.lines(1, from: reader, within: 20)
        #expect(first.hasPrefix(command[0] == "extract" ? #"{"id":1,"# : #"{"conversation_id":"1","#), "\(first)")
        #expect(first.hasSuffix("\n"))
        // Two more in one go, a pause, then the end.
        CLI.writeAll(Array("{\"id\":2}\n{\"id\":3}\n".utf8), to: writer)
        let next = Self.lines(2, from: reader, within: 20)
        #expect(next.split(separator: "\n").count == 2, "\(next)")
        close(input.write)
        let rest = Self.lines(1, from: reader, within: 20)
        process.waitUntilExit()
        #expect(rest.isEmpty)
        #expect(process.terminationStatus == 0)
    }

    /// A fast pipe still gets whole blocks: the same bytes as from the file.
    @Test func aFastPipeGivesTheSameBytes() throws {
        let bytes = OutputErrorTests.export(5000)
        let path = try CLI.temporaryFile(bytes, suffix: ".ndjson")
        let fromFile = try CLI.run(["extract", path])
        let fromPipe = try CLI.run(["extract"], stdin: bytes)
        #expect(fromPipe.stdout == fromFile.stdout)
        #expect(fromPipe.status == 0)
        let parallel = try CLI.run(["extract", "--jobs", "2"], stdin: bytes)
        #expect(parallel.stdout == fromFile.stdout)
    }
}
