import Dispatch
import Foundation
import LimeJSON
import LimeMapping
import LimeUserlike

// MARK: - Request bodies, and the requests a dry run prints

extension LimeSender {

    func body(_ properties: [LimeProperty]) -> [UInt8] {
        var out: [UInt8] = []
        Self.writeBody(properties, into: &out)
        return out
    }

    func body(_ object: LimeObjectPlan, relations ids: [LimeObjectPlan.Role: Int]) -> [UInt8] {
        var properties = object.create ?? []
        for relation in object.relations {
            if let id = ids[relation.target] {
                properties.append(LimeProperty(name: relation.property, value: .number(String(id))))
            }
        }
        return body(properties)
    }

    /// A create's JSON body, `{"name":value,...}`: the one place request bodies are written.
    /// `writingValue` may write a value itself (a lazily written note, see `LazyNotePlan`).
    static func writeBody(
        _ properties: [LimeProperty], into out: inout [UInt8],
        writingValue: (LimeProperty, inout [UInt8]) -> Bool = { _, _ in false }
    ) {
        out.append(UInt8(ascii: "{"))
        for (index, property) in properties.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(property.name, into: &out)
            out.append(UInt8(ascii: ":"))
            if !writingValue(property, &out) { property.value.writeJSON(into: &out) }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends the requests a plan leads to, one line each, for `send --dry-run`: `GET URL` for
    /// every lookup and `POST URL BODY` for every create, built as the sender builds them, with
    /// `"<id of ROLE>"` where a relation (or a lookup) gets the id of an object found or created
    /// first. They are the requests of a conversation Lime does not have yet (with a re-send rule
    /// the history lookup reads a page of the conversation's histories). The key is in none of them.
    public static func writeDryRun(_ lazy: LazyNotePlan, endpoint: LimeEndpoint, into out: inout [UInt8]) {
        for object in lazy.plan.objects {
            let limit = object.role == .history && lazy.plan.resend != .keep ? String(historyPage) : "1"
            for lookup in object.lookups {
                out.append(contentsOf: "GET ".utf8)
                if let target = lookup.target {
                    // The id is known only when the run gets there: shown as a placeholder, unencoded.
                    let url = endpoint.objectsText(object.limetype) ?? endpoint.objects(object.limetype).absoluteString
                    var query = Array("?".utf8)
                    LimeEndpoint.percentEncode(lookup.property, into: &query)
                    out.append(
                        contentsOf: (url + String(decoding: query, as: UTF8.self)
                            + "=<id of \(target.rawValue)>&_limit=" + limit).utf8)
                } else {
                    let query = [(lookup.property, lookup.value), ("_limit", limit)]
                    out.append(
                        contentsOf: (endpoint.objectsText(object.limetype, query: query)
                            ?? endpoint.objects(object.limetype, query: query).absoluteString).utf8)
                }
                out.append(0x0A)
            }
            guard var properties = object.create else { continue }
            for relation in object.relations {
                properties.append(
                    LimeProperty(name: relation.property, value: .string("<id of \(relation.target.rawValue)>")))
            }
            out.append(contentsOf: "POST ".utf8)
            out.append(
                contentsOf: (endpoint.objectsText(object.limetype) ?? endpoint.objects(object.limetype).absoluteString)
                    .utf8)
            out.append(UInt8(ascii: " "))
            writeBody(properties, into: &out) { lazy.writeValue(object.role, $0, into: &$1) }
            out.append(0x0A)
        }
    }
}
