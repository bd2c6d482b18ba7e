import Foundation
import LimeMapping
import LimeTestSupport
import Testing

/// Every kind of mistake in a mapping file gives its own message, naming the key path.
@Suite struct MappingConfigurationTests {
    nonisolated(unsafe) static let standard: [String: Any] = {
        let url = FixturePaths.fixture("lime-mapping.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    /// The standard mapping with one change at `path`.
    static func changed(_ path: [String], to value: Any?) -> [UInt8] {
        func set(_ object: [String: Any], _ path: ArraySlice<String>) -> [String: Any] {
            var object = object
            let key = path.first!
            if path.count == 1 {
                object[key] = value
            } else {
                object[key] = set(object[key] as! [String: Any], path.dropFirst())
            }
            return object
        }
        return Array(try! JSONSerialization.data(withJSONObject: set(standard, path[...])))
    }

    static func error(_ bytes: [UInt8]) -> MappingConfigurationError? {
        do {
            _ = try MappingConfiguration(json: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func theStandardMappingIsValid() {
        #expect(Self.error(Self.changed(["person", "limetype"], to: "person")) == nil)
    }

    @Test func eachMistakeHasItsOwnMessage() {
        let cases: [([UInt8], MappingConfigurationError)] = [
            (Array("{".utf8), MappingConfigurationError(.invalidJSON, path: "", "")),
            (
                Array("[]".utf8),
                MappingConfigurationError(.invalidJSON, path: "", "the mapping file must hold a JSON object")
            ),
            (
                Self.changed(["persons"], to: [:]),
                MappingConfigurationError(
                    .unknownKey, path: "persons",
                    "unknown key (expected one of: company, conversation, coworker, history, person, resend, topics)")
            ),
            (
                Self.changed(["person", "limetyp"], to: "x"),
                MappingConfigurationError(
                    .unknownKey, path: "person.limetyp",
                    "unknown key (expected one of: companyRelation, limetype, match, properties)")
            ),
            (
                Self.changed(["person", "limetype"], to: 5),
                MappingConfigurationError(.wrongType, path: "person.limetype", "must be a string")
            ),
            (
                Self.changed(["company"], to: nil),
                MappingConfigurationError(.missingKey, path: "company", "missing (required)")
            ),
            (
                Self.changed(["person", "properties", "email"], to: "contact.mail"),
                MappingConfigurationError(.unknownSourceField, path: "person.properties.email", "")
            ),
            (
                Self.changed(["person", "properties", "email"], to: ["value": 3]),
                MappingConfigurationError(.wrongType, path: "person.properties.email.value", "must be a string")
            ),
            (
                Self.changed(["person", "match"], to: ["email", "fax"]),
                MappingConfigurationError(
                    .unknownMatchProperty, path: "person.match[1]", "'fax' is not one of person.properties")
            ),
            (
                Self.changed(["history", "note", "timeZone"], to: "Mars/Olympus"),
                MappingConfigurationError(
                    .unknownTimeZone, path: "history.note.timeZone",
                    "unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)")
            ),
            (
                Self.changed(["history", "note", "maxBytes"], to: 0),
                MappingConfigurationError(.invalidSize, path: "history.note.maxBytes", "must be at least 64 (found 0)")
            ),
            (
                Self.changed(["history", "note", "maxBytes"], to: true),
                MappingConfigurationError(.wrongType, path: "history.note.maxBytes", "must be a whole number")
            ),
            (
                Self.changed(["history", "relations", "person"], to: "boss"),
                MappingConfigurationError(
                    .wrongType, path: "history.relations.person",
                    "must be one of person, company, coworker (found 'boss')")
            ),
            (
                Self.changed(["history", "type"], to: nil),
                MappingConfigurationError(.missingKey, path: "history.type", "missing (required)")
            ),
        ]
        for (bytes, expected) in cases {
            let error = Self.error(bytes)
            #expect(error?.kind == expected.kind, "\(expected.path)")
            #expect(error?.path == expected.path)
            if !expected.message.isEmpty { #expect(error?.message == expected.message) }
        }
        // The unknown source field lists the vocabulary.
        #expect(
            Self.error(Self.changed(["person", "properties", "email"], to: "contact.mail"))?.message.contains(
                "contact.email") == true)
    }

    /// The vocabulary is the documented one (Fixtures/lime-mapping.md), in its order, although it
    /// is built from the extractor's field lists: a field renamed or reordered there shows here.
    @Test func theVocabularyIsTheDocumentedOne() {
        let documented = [
            "id", "status", "created_at", "ended_at", "language", "subject", "operator_email", "operator_group",
            "widget", "rate", "feedback", "topics", "contact_first_message_sent_at", "contact.id", "contact.name",
            "contact.firstname", "contact.lastname", "contact.email", "contact.phone_number", "contact.mobile_number",
            "contact.company", "contact.position", "contact.street", "contact.city", "contact.country",
            "contact.external_customer_id", "transcript", "topic", "link",
        ]
        #expect(SourceField.allCases.map(\.rawValue) == documented)
        for name in documented { #expect(SourceField(rawValue: name)?.rawValue == name) }
        #expect(SourceField(rawValue: "contact.mail") == nil)
        #expect(SourceField(rawValue: "contact.") == nil)
    }

    @Test func constantsAndCustomNames() throws {
        var custom = Self.standard
        var history = custom["history"] as! [String: Any]
        history["limetype"] = "activity"
        history["properties"] = ["when": "created_at", "text": "transcript", "source": ["value": "Userlike"]]
        history["note"] = ["messageTypes": ["message", "notification"], "timeZone": "Europe/Berlin", "maxBytes": 500]
        custom["history"] = history
        let configuration = try MappingConfiguration(json: Array(try JSONSerialization.data(withJSONObject: custom)))
        #expect(configuration.history.object.limetype == "activity")
        #expect(configuration.history.object.properties.map(\.name) == ["source", "text", "when"])
        #expect(configuration.history.note.maxBytes == 500)
        #expect(configuration.history.note.timeZone.identifier == "Europe/Berlin")
    }
}
