import Foundation
import LimeMapping

/// An object as a lookup found it: its id, and the values the sender reads from it (the note of
/// a history, the company of a person).
public struct LimeFoundObject: Sendable, Equatable {
    /// `_id`.
    public var id: Int
    /// Its string properties.
    public var strings: [String: String]
    /// Its integer properties: relations come back as the related object's id (or as an object
    /// with `_id`, which is read the same way).
    public var integers: [String: Int]

    /// Creates a found object.
    public init(id: Int, strings: [String: String] = [:], integers: [String: Int] = [:]) {
        self.id = id
        self.strings = strings
        self.integers = integers
    }

    init?(_ object: [String: Any]) {
        guard let id = (object["_id"] as? NSNumber)?.intValue else { return nil }
        self.id = id
        strings = [:]
        integers = [:]
        for (name, value) in object where !name.hasPrefix("_") {
            if let text = value as? String {
                strings[name] = text
            } else if let number = value as? NSNumber, String(cString: number.objCType) != "c",
                let integer = Int(exactly: number.doubleValue)
            {
                integers[name] = integer
            } else if let related = value as? [String: Any], let integer = (related["_id"] as? NSNumber)?.intValue {
                integers[name] = integer
            }
        }
    }
}

extension LimeClient {
    /// The objects of `limetype` whose `property` equals `value`, at most `limit` (one page).
    ///
    /// - Throws: ``SenderError`` when Lime does not answer as documented.
    public func list(_ limetype: String, property: String, value: String, limit: Int) throws(SenderError)
        -> [LimeFoundObject]
    {
        let url = endpoint.objects(limetype, query: [(property, value), ("_limit", String(limit))])
        let response = try perform(LimeRequest(method: "GET", url: url))
        guard response.status == 200 else { throw httpError(response) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            let embedded = object["_embedded"] as? [String: Any], let list = embedded["limeobjects"] as? [Any]
        else { throw SenderError.unexpectedResponse("a lookup answer without _embedded.limeobjects") }
        var found: [LimeFoundObject] = []
        for element in list {
            guard let dictionary = element as? [String: Any], let object = LimeFoundObject(dictionary) else {
                throw SenderError.unexpectedResponse("an object without _id")
            }
            found.append(object)
        }
        return found
    }

    /// Changes properties of an existing object (`PUT limeobject/LIMETYPE/ID/`). A PUT sets the
    /// same values however often it arrives, so it is retried like a lookup.
    ///
    /// - Throws: ``SenderError`` for an answer other than 200, 201 or 204.
    public func update(_ limetype: String, id: Int, body: [UInt8]) throws(SenderError) {
        let response = try perform(LimeRequest(method: "PUT", url: endpoint.object(limetype, id: id), body: body))
        guard [200, 201, 204].contains(response.status) else { throw httpError(response) }
    }

    /// A limetype's schema (`GET limetype/NAME/?_embed=properties`); nil when Lime has no such
    /// limetype (404).
    ///
    /// - Throws: ``SenderError`` for other failures, ``SenderError/unexpectedResponse(_:)`` for a
    ///   schema that does not read.
    public func schema(_ limetype: String) throws(SenderError) -> LimeSchema? {
        let response = try perform(LimeRequest(method: "GET", url: endpoint.limetype(limetype)))
        if response.status == 404 { return nil }
        guard response.status == 200 else { throw httpError(response) }
        do {
            return try LimeSchema(json: response.body)
        } catch {
            throw SenderError.unexpectedResponse("the schema of \(limetype): \(error.message)")
        }
    }

    /// Reads the schema of every limetype the mapping names and compares the mapping with it
    /// (``SchemaCheck``): what `limestream check` prints, and what `send` (and `serve`) ask before
    /// their first request.
    ///
    /// - Returns: the problems, in the mapping's order; empty when the mapping fits.
    /// - Throws: ``SenderError`` when a schema cannot be read (a refused key, no answer).
    public func checkMapping(_ configuration: MappingConfiguration) throws(SenderError) -> [SchemaProblem] {
        var schemas: [String: LimeSchema?] = [:]
        for limetype in SchemaCheck.limetypes(of: configuration) where schemas[limetype] == nil {
            schemas[limetype] = .some(try schema(limetype))
        }
        return SchemaCheck.problems(configuration, schemas: schemas)
    }
}
