import Foundation

/// A customer's Lime CRM application: `https://HOST/APPNAME`, checked before anything is read.
/// Plain `http://` is allowed only for a loopback host (tests, a local proxy).
public struct LimeEndpoint: Sendable, Equatable {
    /// The application URL, without a trailing slash.
    public let base: URL

    /// Checks and takes an application URL.
    ///
    /// - Throws: ``SenderError`` (`.invalidURL`) for anything but https (or http to loopback) with a host.
    public init(_ text: String) throws(SenderError) {
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw SenderError.invalidURL("'\(text)' is not a URL like https://HOST/APP")
        }
        guard scheme == "https" || (scheme == "http" && Self.isLoopback(host)) else {
            throw SenderError.invalidURL(
                scheme == "http"
                    ? "http:// is refused for \(host): use https (http is allowed for loopback hosts only)"
                    : "unsupported scheme \(scheme)://")
        }
        guard components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else {
            throw SenderError.invalidURL("the application URL must not have a query, fragment or credentials")
        }
        while components.path.hasSuffix("/") { components.path.removeLast() }
        guard let url = components.url else { throw SenderError.invalidURL("'\(text)' is not a valid URL") }
        base = url
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// `BASE/api/v1/limeobject/TYPE/` with the query items percent-encoded.
    public func objects(_ limetype: String, query: [(String, String)] = []) -> URL {
        if let text = objectsText(limetype, query: query), let url = URL(string: text) { return url }
        return Self.objectsByComponents(base, limetype, query: query)
    }

    /// ``objects(_:query:)`` as text, written by hand (URLComponents and CharacterSet were a
    /// large part of a dry run); nil for a limetype with anything but letters, digits and `-._~`,
    /// which goes through URLComponents instead.
    public func objectsText(_ limetype: String, query: [(String, String)] = []) -> String? {
        guard !limetype.isEmpty, limetype.utf8.allSatisfy(Self.isUnreserved) else { return nil }
        var out = Array(base.absoluteString.utf8)
        out.append(contentsOf: "/api/v1/limeobject/".utf8)
        out.append(contentsOf: limetype.utf8)
        out.append(UInt8(ascii: "/"))
        for (index, item) in query.enumerated() {
            out.append(UInt8(ascii: index == 0 ? "?" : "&"))
            Self.percentEncode(item.0, into: &out)
            out.append(UInt8(ascii: "="))
            Self.percentEncode(item.1, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986's unreserved characters: what stays as it is in a query value ('+' and '&' in an
    /// email must not).
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func percentEncode(_ text: String, into out: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
    }

    /// `BASE/api/v1/limeobject/TYPE/ID/`.
    public func object(_ limetype: String, id: Int) -> URL {
        if let text = objectsText(limetype), let url = URL(string: text + "\(id)/") { return url }
        return Self.objectsByComponents(base, limetype, query: []).appendingPathComponent(String(id) + "/")
    }

    /// `BASE/api/v1/limetype/TYPE/?_embed=properties`: a limetype's schema with its properties.
    public func limetype(_ name: String) -> URL {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        components.path += "/api/v1/limetype/" + name + "/"
        components.percentEncodedQuery = "_embed=properties"
        return components.url!
    }

    /// The same URL by URLComponents: the way for any limetype.
    static func objectsByComponents(_ base: URL, _ limetype: String, query: [(String, String)]) -> URL {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        components.path += "/api/v1/limeobject/" + limetype + "/"
        if !query.isEmpty {
            // Encode everything but unreserved characters: '+' and '&' in an email must survive.
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            components.percentEncodedQuery = query.map {
                ($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0) + "="
                    + ($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)
            }.joined(separator: "&")
        }
        return components.url!
    }
}
