import Foundation
import LimeTestSupport
import Testing

/// `limestream check`, `send`'s check before its first request, and `send --dry-run` of the
/// objects Lime's own integration makes, as processes against the loopback Lime test server.
@Suite(.serialized, .enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct CheckCommandTests {
    static let key = "check-secret-key-91c2"
    static let connectMapping = FixturePaths.fixture("lime-connect-mapping.json").path

    static func server() throws -> LimeTestServer {
        let server = try LimeTestServer(key: key)
        try server.setSchemas(LimeTestServer.connectSchemas)
        return server
    }

    static func run(_ arguments: [String], key: String? = key) throws -> CLI.Result {
        try CLI.run(arguments, environment: key.map { ["LIME_API_KEY": $0] } ?? [:])
    }

    /// One conversation about `topic`, as Userlike's payload has it.
    static func export(topic: String, messages: Int = 1) throws -> String {
        var transcript: [String] = []
        for index in 0..<messages {
            transcript.append(
                #"{"type":"message","sent_at":"2024-02-22T15:5\#(index):00Z","name":"Ann","body":"line \#(index)"}"#)
        }
        let line =
            #"{"id":63741936,"created_at":"2024-02-22T15:48:45.349Z","contact_first_message_sent_at":"2024-02-22T15:49:07.228Z","topics":[{"text":"\#(topic)"}],"contact":{"id":79189089,"email":"ann@example.com","name":"Ann Smith"},"transcript":[\#(transcript.joined(separator: ","))]}"#
        return try CLI.temporaryFile(Array((line + "\n").utf8), suffix: ".ndjson")
    }

    @Test func aMatchingSchemaPasses() throws {
        let server = try Self.server()
        for mapping in [[], ["--mapping", Self.connectMapping]] {
            let result = try Self.run(["check", "--url", server.url] + mapping)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "")
            #expect(
                result.stderr
                    == "limestream: check: the mapping fits the schema of \(mapping.isEmpty ? 4 : 7) limetypes\n")
        }
    }

    @Test func eachMismatchIsALine() throws {
        let server = try Self.server()
        var helpdesk = LimeTestServer.connectSchemas["helpdesk"]!
        helpdesk.removeAll { $0["name"] as? String == "title" }
        helpdesk.append(LimeTestServer.property("priority", "option", required: true, options: ["low", "high"]))
        helpdesk[helpdesk.firstIndex { $0["name"] as? String == "company" }!] = LimeTestServer.property(
            "company", "belongsto", related: "person")
        var history: [[String: Any]] = [
            LimeTestServer.property("type", "option", required: true, options: ["talkedto"]),
            LimeTestServer.property("date", "time"),
            LimeTestServer.property("note", "text", length: 4000), LimeTestServer.property("userlikeconversationid"),
        ]
        for (name, related) in [
            ("person", "person"), ("company", "company"), ("coworker", "coworker"), ("helpdesk", "helpdesk"),
            ("deal", "deal"),
        ] {
            history.append(LimeTestServer.property(name, "belongsto", related: related))
        }
        try server.setSchemas(["helpdesk": helpdesk, "history": history, "deal": nil])
        let result = try Self.run(["check", "--url", server.url, "--mapping", Self.connectMapping])
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                topics[0].properties.title: helpdesk has no property 'title'
                topics[0].relations.company: helpdesk.company relates to person, not to company
                topics[0]: helpdesk.priority is required and not mapped
                topics[1].limetype: Lime has no limetype 'deal'
                history.properties.note: history.note holds at most 4000 characters, less than the note cap of 65536 bytes (history.note.maxBytes); set its length to 0 (no limit) or lower maxBytes
                history.type.option: 'comment' is not an option of history.type (options: talkedto)

                """)
        #expect(result.stderr == "limestream: check: 6 problems between the mapping and Lime's schema\n")
        // send checks the same before its first request, and sends nothing.
        let input = try Self.export(topic: "helpdesk")
        let before = try server.count("requests")
        let send = try Self.run([
            "send", input, "--url", server.url, "--mapping", Self.connectMapping, "--journal", input + ".j",
        ])
        #expect(send.status == 1)
        #expect(send.stdout == result.stdout)
        #expect(
            send.stderr.hasSuffix(
                "limestream: send: nothing sent (fix the mapping, or pass --no-check to send anyway)\n"),
            "\(send.stderr)")
        #expect(try server.count("requests") == before, "schema reads are not counted; nothing else was asked")
        #expect(try server.objects("history").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: input + ".j"), "no journal for a run that sent nothing")
        // --no-check sends anyway (the test server stores what it gets).
        let anyway = try Self.run([
            "send", input, "--url", server.url, "--mapping", Self.connectMapping, "--journal", input + ".j",
            "--no-check",
        ])
        #expect(anyway.status == 0, "\(anyway.stderr)")
        #expect(try server.objects("helpdesk").count == 1)
    }

    @Test func refusalsAndUsage() throws {
        let server = try Self.server()
        let wrong = try Self.run(["check", "--url", server.url], key: "wrong-key-4242")
        #expect(wrong.status == 1)
        #expect(
            wrong.stderr.hasPrefix("limestream: check: cannot read the schema: Lime refused the API key (HTTP 401)"),
            "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("wrong-key-4242"))
        let noKey = try Self.run(["check", "--url", server.url], key: nil)
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("LIME_API_KEY"))
        let keyArgument = try Self.run(["check", "--url", server.url, "--api-key", "abc"])
        #expect(keyArgument.status == 2)
        #expect(keyArgument.stderr.contains("never taken from the command line"))
        let noURL = try Self.run(["check"])
        #expect(noURL.status == 2)
        #expect(noURL.stderr.hasPrefix("limestream: check needs --url https://HOST/APP"))
    }

    /// send with the Lime Connect mapping: a helpdesk, a record and a history; the same export
    /// again sends nothing; a grown transcript adds a note (new-note) on the same helpdesk.
    @Test func sendWithTopicsAndNewNote() throws {
        let server = try Self.server()
        let first = try Self.export(topic: "helpdesk", messages: 1)
        let journal = first + ".journal"
        let arguments = ["--url", server.url, "--mapping", Self.connectMapping, "--journal", journal, "--rate", "1000"]
        let sent = try Self.run(["send", first] + arguments)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(
            sent.stderr.hasSuffix(
                "1 created, 0 already present, 0 skipped (in the journal \(journal)), 0 failed, 0 notes added, 0 notes updated\n"
            ), "\(sent.stderr)")
        let again = try Self.run(["send", first] + arguments)
        #expect(
            again.stderr.hasSuffix(
                "0 created, 0 already present, 1 skipped (in the journal \(journal)), 0 failed, 0 notes added, 0 notes updated\n"
            ), "\(again.stderr)")
        let grown = try Self.run(["send", try Self.export(topic: "helpdesk", messages: 2)] + arguments)
        #expect(
            grown.stderr.hasSuffix(
                "0 created, 0 already present, 0 skipped (in the journal \(journal)), 0 failed, 1 notes added, 0 notes updated\n"
            ), "\(grown.stderr)")
        #expect(try server.objects("helpdesk").count == 1)
        #expect(try server.objects("ulconversation").count == 1)
        #expect(try server.objects("history").count == 2)
        #expect(!sent.stderr.contains(Self.key) && !sent.stdout.contains(Self.key))
    }

    /// send with `"resend": "update-note"`: the grown transcript replaces the note of the one history.
    @Test func sendWithUpdateNote() throws {
        let server = try Self.server()
        var mapping =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.connectMapping)))
            as! [String: Any]
        mapping["resend"] = "update-note"
        let mappingFile = try CLI.temporaryFile(Array(try JSONSerialization.data(withJSONObject: mapping)))
        let first = try Self.export(topic: "lead", messages: 1)
        let journal = first + ".journal"
        let arguments = ["--url", server.url, "--mapping", mappingFile, "--journal", journal, "--rate", "1000"]
        #expect(try Self.run(["send", first] + arguments).status == 0)
        let grown = try Self.run(["send", try Self.export(topic: "lead", messages: 3)] + arguments)
        #expect(grown.status == 0, "\(grown.stderr)")
        #expect(grown.stderr.hasSuffix("0 failed, 0 notes added, 1 notes updated\n"), "\(grown.stderr)")
        let histories = try server.objects("history")
        #expect(histories.count == 1)
        #expect((histories[0]["note"] as? String)?.components(separatedBy: "\n").count == 3)
        #expect(try server.objects("deal").count == 1)
    }

    /// The requests of a conversation Lime does not have: the company's id is the one the found
    /// person brings (no company name in the chat), the helpdesk is looked up by the record's id.
    @Test func dryRunShowsTheRequests() throws {
        let input = try Self.export(topic: "helpdesk")
        let result = try Self.run([
            "send", input, "--url", "https://lime.example.com/app", "--mapping", Self.connectMapping, "--dry-run",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let base = "https://lime.example.com/app/api/v1/limeobject/"
        #expect(
            result.stdout == """
                GET \(base)person/?email=ann%40example.com&_limit=1
                POST \(base)person/ {"email":"ann@example.com","firstname":"Ann","lastname":"Smith"}
                GET \(base)ulconversation/?conversationid=63741936&_limit=1
                POST \(base)ulconversation/ {"conversationid":63741936,"contactfirstmessagetime":"2024-02-22T15:49:07.228Z","contactid":79189089,"link":"https://userlike.com/en/umc#/conversation/63741936","startedtime":"2024-02-22T15:48:45.349Z"}
                GET \(base)helpdesk/?ulconversation=<id of conversation>&_limit=1
                POST \(base)helpdesk/ {"source":"chat","company":"<id of company>","person":"<id of person>","ulconversation":"<id of conversation>"}
                GET \(base)history/?userlikeconversationid=63741936&_limit=100
                POST \(base)history/ {"date":"2024-02-22T15:48:45.349Z","note":"[2024-02-22 15:50] Ann: line 0","type":"comment","userlikeconversationid":"63741936","company":"<id of company>","person":"<id of person>","helpdesk":"<id of instance>"}

                """)
    }
}
