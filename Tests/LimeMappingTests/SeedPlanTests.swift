import Foundation
import LimeMapping
import LimeTestSupport
import LimeUserlike
import Testing

/// The seed payload's plan, field by field, with the default mapping.
@Suite struct SeedPlanTests {
    @Test func seedPlan() throws {
        let payload = try Data(contentsOf: FixturePaths.seedConversation)
        let plan = try LimeMapper().plan(for: try ConversationExtractor().extract(payload))
        #expect(plan.conversationID == "63741936")
        // No email, phone or mobile number: no person. No company. The operator: a coworker lookup.
        #expect(plan.objects.map(\.role) == [.coworker, .history])
        let coworker = plan.objects[0]
        #expect(coworker.limetype == "coworker")
        #expect(coworker.lookups == [LimeLookup(property: "email", value: "peter.testman@userlike.com")])
        #expect(coworker.create == nil)
        let history = plan.objects[1]
        #expect(history.limetype == "history")
        #expect(history.lookups == [LimeLookup(property: "userlikeconversationid", value: "63741936")])
        #expect(
            history.create == [
                LimeProperty(name: "date", value: .string("2024-02-22T15:48:45.349Z")),
                LimeProperty(
                    name: "note",
                    value: .string(
                        "[2024-02-22 15:49] Contact: Hello, I have a question.\n[2024-02-22 15:49] Peter Testman: Hello, how can I help you?"
                    )),
                LimeProperty(name: "type", value: .string("comment")),
                LimeProperty(name: "userlikeconversationid", value: .string("63741936")),
            ])
        #expect(history.relations == [LimeRelation(property: "coworker", target: .coworker)])
        #expect(
            plan.jsonLine
                == #"{"conversation_id":"63741936","objects":[{"role":"coworker","limetype":"coworker","lookups":[{"property":"email","value":"peter.testman@userlike.com"}],"create":null,"relations":{}},{"role":"history","limetype":"history","lookups":[{"property":"userlikeconversationid","value":"63741936"}],"create":{"date":"2024-02-22T15:48:45.349Z","note":"[2024-02-22 15:49] Contact: Hello, I have a question.\n[2024-02-22 15:49] Peter Testman: Hello, how can I help you?","type":"comment","userlikeconversationid":"63741936"},"relations":{"coworker":"coworker"}}]}"#
        )
    }

    @Test func aFullContactGivesPersonAndCompany() throws {
        let conversation = Conversation(
            fields: [.id: .number("7"), .operatorEmail: .string("op@example.com")],
            contact: [
                .name: .string("  Peter   Testman "), .email: .null, .mobileNumber: .string("+49 170 1"),
                .phoneNumber: .string("+49 221 2"), .company: .string("Acme GmbH"),
            ])
        let plan = try LimeMapper().plan(for: conversation)
        #expect(plan.objects.map(\.role) == [.person, .company, .coworker, .history])
        // Email missing: looked up by mobile, then by phone.
        #expect(
            plan.objects[0].lookups == [
                LimeLookup(property: "mobilephone", value: "+49 170 1"),
                LimeLookup(property: "phone", value: "+49 221 2"),
            ])
        #expect(
            plan.objects[0].create == [
                LimeProperty(name: "firstname", value: .string("Peter")),
                LimeProperty(name: "lastname", value: .string("Testman")),
                LimeProperty(name: "mobilephone", value: .string("+49 170 1")),
                LimeProperty(name: "phone", value: .string("+49 221 2")),
            ])
        #expect(plan.objects[1].lookups == [LimeLookup(property: "name", value: "Acme GmbH")])
        #expect(
            Set(plan.objects[3].relations.map(\.property)) == ["person", "company", "coworker"])
    }

    @Test func aConversationWithoutAnIDHasNoPlan() {
        #expect(throws: LimeMapper.MappingError.self) { try LimeMapper().plan(for: Conversation()) }
    }

    @Test func theBuiltInMappingIsTheFixtureFile() throws {
        let file = try Data(contentsOf: FixturePaths.fixture("lime-mapping.json"))
        #expect(try MappingConfiguration(json: Array(file)) == MappingConfiguration.standard)
    }
}
