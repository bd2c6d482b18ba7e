import Dispatch
import Foundation
import LimeSender

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The toolchain's URLSession, used synchronously from worker threads: the transport on Apple's
/// systems. (On Linux ``StandardTransport`` picks `CurlTransport`, which says why.)
///
/// Lookups (`GET`) share one session and its kept-alive connections. Every other request is
/// single-shot: it goes out on a session of its own, so on a connection that carried nothing
/// before and carries nothing after. That matters twice. libcurl, under FoundationNetworking,
/// silently sends a request again when a reused connection dies before the answer, and for a POST
/// it sends the headers without the body (an `httpBody` cannot be rewound): a server that keeps
/// what it got stores an empty object, and one that had stored the first try gets a duplicate. And
/// a server that answers a POST before reading its body (a 429 from a proxy, say) leaves the body
/// unread on the connection, where it would be glued to the front of the next request. A create is
/// sent once or not at all; whether a lost one was stored is for the caller to look up
/// (``LimeClient/findOrCreate(_:lookups:create:)``).
public final class URLSessionTransport: LimeTransport, @unchecked Sendable {
    private let lookups: URLSession
    private let timeout: TimeInterval

    /// Creates a transport with a per-request timeout.
    public init(timeout: TimeInterval = 30) {
        lookups = URLSession(configuration: Self.configuration(timeout: timeout))
        self.timeout = timeout
    }

    deinit { lookups.invalidateAndCancel() }

    static func configuration(timeout: TimeInterval) -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 16
        // A lookup answered from a cache could miss an object created a moment ago and so make a
        // duplicate; and FoundationNetworking's cache scans a folder on disk for every new session.
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return configuration
    }

    public func send(_ request: LimeRequest, key: LimeAPIKey) throws(SenderError) -> LimeResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        urlRequest.setValue(key.value, forHTTPHeaderField: "X-API-Key")
        urlRequest.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body = request.body {
            urlRequest.httpBody = Data(body)
            urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        guard request.isSingleShot else { return try exchange(urlRequest, on: lookups, key: key) }
        urlRequest.setValue("close", forHTTPHeaderField: "Connection")
        let session = URLSession(configuration: Self.configuration(timeout: timeout))
        // Not invalidateAndCancel(): FoundationNetworking crashed in it, now and then, right after
        // a task had ended. The task is done, so this frees the session just the same.
        defer { session.finishTasksAndInvalidate() }
        return try exchange(urlRequest, on: session, key: key)
    }

    private func exchange(_ urlRequest: URLRequest, on session: URLSession, key: LimeAPIKey) throws(SenderError)
        -> LimeResponse
    {
        final class Box: @unchecked Sendable { var result: Result<LimeResponse, SenderError>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: urlRequest) { data, response, error in
            if let error {
                box.result = .failure(.transport(key.redact(error.localizedDescription)))
            } else if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (name, value) in http.allHeaderFields {
                    headers[String(describing: name).lowercased()] = String(describing: value)
                }
                box.result = .success(
                    LimeResponse(status: http.statusCode, headers: headers, body: Array(data ?? Data())))
            } else {
                box.result = .failure(.transport("no HTTP response"))
            }
            done.signal()
        }
        task.resume()
        // A watchdog besides URLSession's own timeout: on Linux a connection the server drops can
        // leave a task that never completes. Cancel it and report a transport error (retried).
        if done.wait(timeout: .now() + timeout + 2) == .timedOut {
            task.cancel()
            _ = done.wait(timeout: .now() + 2)
            return try (box.result ?? .failure(.transport("no answer within \(Int(timeout)) s"))).get()
        }
        return try box.result!.get()
    }
}
