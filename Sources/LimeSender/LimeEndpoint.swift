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
                scheme == "http" ? "http:// is refused for \(host): use https (http is allowed for loopback hosts only)" : "unsupported scheme \(scheme)://")
        }
        guard components.query == nil, components.fragment == nil, components.user == nil, components.password == nil else {
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
