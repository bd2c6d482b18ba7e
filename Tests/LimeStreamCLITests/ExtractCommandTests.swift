import Foundation
import LimeTestSupport
import Testing

@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct ExtractCommandTests {
    static let seedLine =
        #"{"id":63741936,"status":"open","created_at":"2024-02-22T15:48:45.349Z","ended_at":null,"language":"English (US)","subject":null,"operator_email":"peter.testman@userlike.com","operator_group":"Testing Peter Testman","widget":"Testing Peter Testman","rate":null,"feedback":null,"topics":[],"contact_first_message_sent_at":"2024-02-22T15:49:07.228Z","contact":{"id":79189089,"name":null,"email":null,"phone_number":null,"mobile_number":null,"company":null,"position":null,"street":null,"city":null,"country":null,"external_customer_id":null},"messages":[{"sent_at":"2024-02-22T15:48:45.474Z","type":"notification","event":"welcome_message","sender_type":"operator","sender_name":"Event","body":"Hello, you're talking to Peter Testman. How can I help?"},{"sent_at":"2024-02-22T15:49:07.228Z","type":"message","event":null,"sender_type":"contact","sender_name":"Contact","body":"Hello, I have a question."},{"sent_at":"2024-02-22T15:49:07.277Z","type":"notification","event":"status_change","sender_type":"system","sender_name":"Event","body":"Conversation status changed from **New** to **Open**."},{"sent_at":"2024-02-22T15:49:23.146Z","type":"message","event":null,"sender_type":"operator","sender_name":"Peter Testman","body":"Hello, how can I help you?"}]}"#

    @Test func theSeedPayload() throws {
        let seed = FixturePaths.seedConversation.path
        let result = try CLI.run(["extract", seed])
        #expect(result.status == 0)
        #expect(result.stdout == Self.seedLine + "\n")
        let fromStdin = try CLI.run(["extract", "-"], stdin: Array(try Data(contentsOf: URL(fileURLWithPath: seed))))
        #expect(fromStdin.stdout == result.stdout)
        let noArgument = try CLI.run(["extract"], stdin: Array(try Data(contentsOf: URL(fileURLWithPath: seed))))
        #expect(noArgument.stdout == result.stdout)
    }

    @Test func aSkippedElementExitsThree() throws {
        let result = try CLI.run(["extract", "-"], stdin: Array("{\"id\":1}\n2\n{\"id\":3}\n".utf8))
        #expect(result.status == 3)
        #expect(result.stderr == "<stdin>:2:1: error: expected an object, found a number (byte 9, conversation 2)\n")
        #expect(result.stdout.split(separator: "\n").count == 2)
    }

    @Test func anArraySyntaxErrorExitsOneAfterWritingWhatCameBefore() throws {
        let path = try CLI.temporaryFile(Array("[{\"id\":1},\n{\"id\":2},\n{\"id\" 3}]".utf8))
        let result = try CLI.run(["extract", path])
        #expect(result.status == 1)
        #expect(result.stdout.split(separator: "\n").count == 2)
        #expect(
            result.stderr
                == "\(path):3:7: error: expected ':' after object key, found '3' (byte 27, conversation 3)\n")
    }

    @Test func severalFilesAreOneStream() throws {
        let first = try CLI.temporaryFile(Array("{\"id\":1}\n{\"id\":2}\n".utf8))
        let second = try CLI.temporaryFile(Array("[{\"id\":3}, 4]".utf8))
        let result = try CLI.run(["extract", first, "/nonexistent.json", second])
        #expect(result.status == 2)
        #expect(
            result.stdout.split(separator: "\n").map { $0.prefix(8) } == [#"{"id":1,"#, #"{"id":2,"#, #"{"id":3,"#])
        #expect(
            result.stderr
                == "limestream: /nonexistent.json: No such file or directory\n\(second):1:12: error: expected an object, found a number (byte 11, conversation 4)\n"
        )
    }

    /// Userlike API v3 pages in several files, a bad page in the middle; an empty file among them
    /// is an error of its own (the empty-input rule), and the files after it are still read.
    @Test func pagesInManyFiles() throws {
        let first = try CLI.temporaryFile(
            Array(#"{"count":3,"next":"https://x/?page=2","results":[{"id":1},{"id":2}]}"#.utf8))
        let bad = try CLI.temporaryFile(Array("{\"count\":3,\"next\":null,\"previous\":null,\"results\":null}\n".utf8))
        let last = try CLI.temporaryFile(Array(#"{"results":[{"id":3}],"next":null}"#.utf8))
        let result = try CLI.run(["extract", first, bad, last])
        #expect(result.status == 3)
        #expect(
            result.stdout.split(separator: "\n").map { $0.prefix(8) } == [#"{"id":1,"#, #"{"id":2,"#, #"{"id":3,"#])
        #expect(result.stderr == "\(bad):1:1: error: page has no results array (results is null) (byte 0)\n")
        let plain = try CLI.temporaryFile(Array(#"[{"id":1},{"id":2},{"id":3}]"#.utf8))
        #expect(try CLI.run(["extract", plain]).stdout == result.stdout)
        let empty = try CLI.temporaryFile([])
        let withEmpty = try CLI.run(["extract", first, empty, bad, last])
        #expect(withEmpty.status == 1)
        #expect(withEmpty.stdout == result.stdout)
        #expect(
            withEmpty.stderr == "\(empty):1:1: error: expected a JSON value, input is empty (byte 0)\n" + result.stderr)
    }

    @Test func jobsGiveTheSameOutput() throws {
        var text = ""
        for index in 0..<2000 {
            text += index % 97 == 5 ? "[\(index)]\n" : "{\"id\":\(index),\"transcript\":[{\"body\":\"b\(index)\"}]}\n"
        }
        let path = try CLI.temporaryFile(Array(text.utf8))
        let one = try CLI.run(["extract", "--jobs", "1", path])
        #expect(one.status == 3)
        for jobs in ["2", "4"] {
            let many = try CLI.run(["extract", "--jobs=\(jobs)", path])
            #expect(many.stdout == one.stdout)
            #expect(many.stderr == one.stderr)
            #expect(many.status == one.status)
        }
        #expect(try CLI.run(["extract", "--jobs", "0", path]).status == 2)
    }

    @Test func usageErrors() throws {
        #expect(try CLI.run(["extract", "--bogus"]).status == 2)
        #expect(try CLI.run(["extract", "/nonexistent.json"]).status == 2)
    }
}
