import Foundation
import LimeFixtures
import LimeMapping
import LimeUserlike
import Testing

@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct ConvertCommandTests {
    /// `convert` equals "extract, then map" done in process, from a file and from stdin.
    @Test(arguments: ExportLayout.allCases)
    func convertIsExtractThenMap(_ layout: ExportLayout) throws {
        var generator = FixtureGenerator(seed: 77, variety: layout == .pages ? .realistic : .adversarial)
        let bytes = generator.export(form: layout, conversations: 25, messagesPerConversation: 0...8)
        var expected = ""
        var skipped = 0
        let reader = ExportReader(source: ChunkByteSource([bytes].makeIterator()))
        let mapper = LimeMapper()
        while let item = try reader.next() {
            switch item {
            case .conversation(let conversation, _):
                do {
                    expected += try mapper.plan(for: conversation).jsonLine + "\n"
                } catch {
                    skipped += 1
                }
            case .skipped:
                skipped += 1
            }
        }
        let path = try CLI.temporaryFile(bytes)
        let fromFile = try CLI.run(["convert", path])
        #expect(fromFile.stdout == expected)
        #expect(fromFile.status == (skipped > 0 ? 3 : 0))
        let fromStdin = try CLI.run(["convert", "--jobs", "2", "-"], stdin: bytes)
        #expect(fromStdin.stdout == expected)
        // The same reports, each naming its input.
        #expect(fromStdin.stderr == fromFile.stderr.replacingOccurrences(of: path + ":", with: "<stdin>:"))
    }

    @Test func aMappingFileMistakeStopsBeforeReading() throws {
        let mapping = try CLI.temporaryFile(Array(#"{"person": 1}"#.utf8))
        let result = try CLI.run(["convert", "--mapping", mapping, "/nonexistent.json"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "limestream: \(mapping): mapping: person: must be an object\n")
    }

    @Test func aConversationWithoutIDIsReportedAndSkipped() throws {
        let result = try CLI.run(["convert", "-"], stdin: Array("{\"id\":1}\n{\"status\":\"open\"}\n".utf8))
        #expect(result.status == 3)
        #expect(result.stdout.hasPrefix(#"{"conversation_id":"1","#))
        #expect(result.stderr == "<stdin>:2:1: error: conversation has no id (found null) (byte 9, conversation 2)\n")
    }
}
