import Foundation
import LimeFixtures
import LimeMapping
import LimeUserlike
import Testing

/// A plan read back from its line (as `send --replay` reads dead letters) is the plan that wrote it.
@Suite struct PlanDecodingTests {
    /// Plans of generated conversations, both varieties (every escape, odd numbers, values of
    /// every JSON type in the mapped fields), and a plan with values of every kind.
    static func plans() throws -> [LimePlan] {
        var plans: [LimePlan] = []
        for variety in FixtureGenerator.Variety.allCases {
            var generator = FixtureGenerator(seed: 99, variety: variety)
            for index in 0..<150 {
                let payload = generator.conversation(messageCount: index % 9)
                guard let conversation = try? ConversationExtractor().extract(payload),
                    let plan = try? LimeMapper().plan(for: conversation)
                else { continue }
                plans.append(plan)
            }
        }
        plans.append(
            LimePlan(
                conversationID: "a\"b\\c ü 😀\u{1}",
                objects: [
                    LimeObjectPlan(
                        role: .person, limetype: "per\"son",
                        lookups: [
                            LimeLookup(property: "email", value: "x@y"), LimeLookup(property: "phone", value: "+1"),
                        ],
                        create: [
                            LimeProperty(name: "n", value: .null), LimeProperty(name: "t", value: .bool(true)),
                            LimeProperty(name: "f", value: .bool(false)),
                            LimeProperty(name: "num", value: .number("-1.50e+3")),
                            LimeProperty(name: "s", value: .string("line\nbreak\t\"")),
                            LimeProperty(name: "o", value: .json(#"{"k":[1,{"x":null}],"e":"\u00e9"}"#)),
                            LimeProperty(name: "a", value: .json("[]")),
                        ]),
                    LimeObjectPlan(role: .coworker, limetype: "coworker", lookups: [], create: nil),
                    LimeObjectPlan(
                        role: .history, limetype: "history", lookups: [LimeLookup(property: "id", value: "1")],
                        create: [],
                        relations: [
                            LimeRelation(property: "person", target: .person),
                            LimeRelation(property: "coworker", target: .coworker),
                        ]),
                ]))
        return plans
    }

    @Test func everyPlanRoundTrips() throws {
        let plans = try Self.plans()
        #expect(plans.count > 250)
        for plan in plans {
            let line = Array(plan.jsonLine.utf8)
            let decoded = try LimePlan(jsonLine: line)
            #expect(decoded == plan, "\(plan.jsonLine)")
            #expect(Array(decoded.jsonLine.utf8) == line)
        }
    }

    @Test(arguments: [
        ("", "byte 0: expected a JSON value, input is empty"),
        ("[]", "byte 0: expected an object"),
        (#"{"conversation_id":"1"}"#, "byte 0: a plan needs conversation_id and objects"),
        (#"{"conversation_id":1,"objects":[]}"#, "byte 19: expected a string"),
        (#"{"conversation_id":"1","objects":[{"role":"boss","limetype":"x"}]}"#, "byte 42: unknown role 'boss'"),
        (#"{"conversation_id":"1","objects":[],"extra":1}"#, "byte 37: unknown member 'extra'"),
        (#"{"conversation_id":"1","objects":[]} {}"#, "byte 37: unexpected '{' after the top-level value"),
        (#"{"conversation_id":"1","objects":[{"role":"person"}]}"#, "byte 34: an object needs role and limetype"),
    ])
    func badLinesSayWhatAndWhere(_ line: String, _ expected: String) {
        #expect {
            _ = try LimePlan(jsonLine: Array(line.utf8))
        } throws: { error in
            (error as? LimePlanDecodingError)?.description == expected
        }
    }
}
