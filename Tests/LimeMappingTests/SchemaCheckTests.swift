import Foundation
import LimeMapping
import Testing

/// The schema check on a schema that fits `Fixtures/lime-connect-mapping.json`, and on each kind
/// of mismatch, with the exact line `limestream check` prints.
@Suite struct SchemaCheckTests {
    typealias P = LimeSchema.Property

    static func relation(_ name: String, _ related: String) -> P {
        P(name: name, type: "belongsto", relatedType: related)
    }

    /// A schema that fits the Lime Connect mapping (and the default one).
    static let fitting: [String: LimeSchema] = [
        "person": LimeSchema(
            name: "person",
            properties: ["firstname", "lastname", "email", "phone", "mobilephone"].map { P(name: $0, type: "string") }
                + [relation("company", "company")]),
        "company": LimeSchema(
            name: "company",
            properties: [P(name: "name", type: "string", isRequired: true), P(name: "www", type: "link")]),
        "coworker": LimeSchema(
            name: "coworker",
            properties: [P(name: "email", type: "string"), P(name: "username", type: "string", isRequired: true)]),
        "ulconversation": LimeSchema(
            name: "ulconversation",
            properties: [
                P(name: "conversationid", type: "integer"), P(name: "link", type: "link", length: 512),
                P(name: "contactid", type: "string", length: 256),
                relation("helpdesk", "helpdesk"), P(name: "startedtime", type: "time"),
                P(name: "contactfirstmessagetime", type: "time"),
            ]),
        "helpdesk": LimeSchema(
            name: "helpdesk",
            properties: [
                P(name: "title", type: "string"),
                P(name: "source", type: "option", options: [.init(key: "chat"), .init(key: "email")]),
                relation("person", "person"), relation("company", "company"), relation("coworker", "coworker"),
                relation("ulconversation", "ulconversation"),
                P(name: "_id", type: "system", isRequired: true),
            ]),
        "deal": LimeSchema(
            name: "deal",
            properties: [
                P(name: "name", type: "string", isRequired: true), relation("person", "person"),
                relation("company", "company"),
                relation("coworker", "coworker"), relation("ulconversation", "ulconversation"),
            ]),
        "history": LimeSchema(
            name: "history",
            properties: [
                P(
                    name: "type", type: "option", isRequired: true,
                    options: [.init(key: "comment"), .init(key: "talkedto"), .init(key: "old", isInactive: true)]),
                P(name: "date", type: "time"), P(name: "note", type: "text", length: 0),
                P(name: "userlikeconversationid", type: "string"),
                relation("person", "person"), relation("company", "company"), relation("coworker", "coworker"),
                relation("helpdesk", "helpdesk"),
                relation("deal", "deal"),
            ]),
    ]

    static let connect: MappingConfiguration = TopicMappingTests.connect

    /// The problems after `change` to the fitting schema.
    static func problems(
        mapping: MappingConfiguration = connect, _ change: (inout [String: LimeSchema?]) -> Void = { _ in }
    ) -> [String] {
        var schemas: [String: LimeSchema?] = fitting.mapValues { $0 }
        change(&schemas)
        return SchemaCheck.problems(mapping, schemas: schemas).map(\.description)
    }

    static func editing(_ name: String, _ edit: @escaping (inout [P]) -> Void) -> (inout [String: LimeSchema?]) -> Void
    {
        { schemas in
            var schema = schemas[name]!!
            edit(&schema.properties)
            schemas[name] = schema
        }
    }

    static func replacing(_ name: String, in limetype: String, with property: P) -> (inout [String: LimeSchema?]) ->
        Void
    {
        editing(limetype) { properties in properties[properties.firstIndex { $0.name == name }!] = property }
    }

    @Test func aFittingSchemaHasNoProblems() {
        #expect(Self.problems() == [])
        #expect(Self.problems(mapping: .standard) == [])
        #expect(
            SchemaCheck.limetypes(of: Self.connect) == [
                "person", "company", "coworker", "ulconversation", "helpdesk", "deal", "history",
            ])
        #expect(SchemaCheck.limetypes(of: .standard) == ["person", "company", "coworker", "history"])
    }

    @Test func aPropertyThatDoesNotExist() {
        #expect(
            Self.problems(Self.editing("person") { $0.removeAll { $0.name == "lastname" } }) == [
                "person.properties.lastname: person has no property 'lastname'"
            ])
        #expect(
            Self.problems(Self.editing("history") { $0.removeAll { $0.name == "userlikeconversationid" } })
                == ["history.conversationIDProperty: history has no property 'userlikeconversationid'"])
        #expect(
            Self.problems(Self.editing("coworker") { $0.removeAll { $0.name == "email" } }) == [
                "coworker.properties.email: coworker has no property 'email'"
            ])
        #expect(Self.problems { $0["deal"] = .some(nil) } == ["topics[1].limetype: Lime has no limetype 'deal'"])
    }

    @Test func anOptionKeyThatIsNotAnOption() {
        #expect(
            Self.problems(
                Self.replacing(
                    "type", in: "history",
                    with: P(
                        name: "type", type: "option", isRequired: true,
                        options: [.init(key: "talkedto"), .init(key: "visit")])))
                == ["history.type.option: 'comment' is not an option of history.type (options: talkedto, visit)"])
        #expect(
            Self.problems(
                Self.replacing(
                    "type", in: "history",
                    with: P(
                        name: "type", type: "option", isRequired: true,
                        options: [.init(key: "comment", isInactive: true)])))
                == ["history.type.option: 'comment' is an inactive option of history.type"])
        #expect(
            Self.problems(
                Self.replacing("type", in: "history", with: P(name: "type", type: "string", isRequired: true)))
                == ["history.type.option: history.type is not an option property (its type is string)"])
        #expect(
            Self.problems(
                Self.replacing(
                    "source", in: "helpdesk", with: P(name: "source", type: "option", options: [.init(key: "email")])))
                == ["topics[0].properties.source: 'chat' is not an option of helpdesk.source (options: email)"])
    }

    @Test func aRelationToTheWrongLimetype() {
        #expect(
            Self.problems(Self.replacing("company", in: "history", with: Self.relation("company", "person")))
                == ["history.relations.company: history.company relates to person, not to company"])
        #expect(
            Self.problems(Self.replacing("person", in: "helpdesk", with: P(name: "person", type: "string")))
                == ["topics[0].relations.person: helpdesk.person is not a relation (its type is string)"])
        #expect(
            Self.problems(
                Self.replacing("ulconversation", in: "deal", with: Self.relation("ulconversation", "helpdesk")))
                == ["topics[1].conversationRelation: deal.ulconversation relates to helpdesk, not to ulconversation"])
        #expect(
            Self.problems(Self.replacing("helpdesk", in: "history", with: Self.relation("helpdesk", "deal")))
                == ["topics[0].historyRelation: history.helpdesk relates to deal, not to helpdesk"])
        #expect(
            Self.problems(Self.replacing("company", in: "person", with: P(name: "company", type: "string")))
                == ["person.companyRelation: person.company is not a relation (its type is string)"])
        #expect(
            Self.problems(Self.replacing("email", in: "person", with: Self.relation("email", "company")))
                == ["person.properties.email: person.email is a relation to company, not a value"])
    }

    @Test func aRequiredPropertyThatIsNotMapped() {
        #expect(
            Self.problems(Self.editing("helpdesk") { $0.append(P(name: "priority", type: "option", isRequired: true)) })
                == ["topics[0]: helpdesk.priority is required and not mapped"])
        #expect(
            Self.problems(
                Self.editing("ulconversation") { $0.append(P(name: "channel", type: "string", isRequired: true)) })
                == ["conversation: ulconversation.channel is required and not mapped"])
        // Coworkers are never created: what they require is not the mapping's business.
        #expect(
            Self.problems(Self.editing("coworker") { $0.append(P(name: "office", type: "string", isRequired: true)) })
                == [])
    }

    @Test func aNoteFieldShorterThanTheNoteCap() {
        #expect(
            Self.problems(Self.replacing("note", in: "history", with: P(name: "note", type: "text", length: 2000)))
                == [
                    "history.properties.note: history.note holds at most 2000 characters, less than the note cap of 65536 bytes (history.note.maxBytes); set its length to 0 (no limit) or lower maxBytes"
                ])
        #expect(
            Self.problems(Self.replacing("note", in: "history", with: P(name: "note", type: "text", length: 65536)))
                == [])
    }

    @Test func limesAnswerReads() throws {
        let json = #"""
            {"name": "history", "_embedded": {"properties": [
              {"name": "type", "type": "option", "required": true, "length": null,
               "options": [{"key": "comment", "text": "Comment", "inactive": false}, {"key": "old", "text": "Old", "inactive": true}], "_links": {}},
              {"name": "person", "type": "belongsto", "required": false, "_links": {"related_type": {"href": "https://h/app/api/v1/limetype/person/"}}},
              {"name": "note", "type": "text", "length": 0, "_links": {}}]}}
            """#
        let schema = try LimeSchema(json: Array(json.utf8))
        #expect(
            schema
                == LimeSchema(
                    name: "history",
                    properties: [
                        P(
                            name: "type", type: "option", isRequired: true,
                            options: [
                                .init(key: "comment", text: "Comment"),
                                .init(key: "old", text: "Old", isInactive: true),
                            ]),
                        P(name: "person", type: "belongsto", relatedType: "person"),
                        P(name: "note", type: "text", length: 0),
                    ]))
        #expect(throws: LimeSchemaError(message: "no _embedded.properties")) {
            try LimeSchema(json: Array(#"{"name": "x"}"#.utf8))
        }
    }
}
