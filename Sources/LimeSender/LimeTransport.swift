import Dispatch
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange with Lime.
public struct LimeRequest: Sendable, Equatable {
    /// `GET` or `POST`.
    public var method: String
    /// The full URL.
    public var url: URL
    /// The JSON body, for `POST`.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String, url: URL, body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.body = body
    }
}

/// Lime's answer.
public struct LimeResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// Headers, names lower-cased.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]
}

/// How requests reach Lime: URLSession in production; tests use it too, against a loopback server.
public protocol LimeTransport: Sendable {
    /// Sends one request with the API key; throws ``SenderError/transport(_:)`` when no answer came.
    func send(_ request: LimeRequest, key: LimeAPIKey) throws(SenderError) -> LimeResponse
}

/// The toolchain's URLSession (FoundationNetworking on Linux), used synchronously from worker threads.
public final class URLSessionTransport: LimeTransport, @unchecked Sendable {
    private let session: URLSession
    private let timeout: TimeInterval

    /// Creates a transport with a per-request timeout.
    public init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: configuration)
        self.timeout = timeout
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
                box.result = .success(LimeResponse(status: http.statusCode, headers: headers, body: Array(data ?? Data())))
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
