import Foundation
import LimeJSON
import LimeMapping
import LimeSender
import LimeUserlike

/// The add-on endpoint Userlike calls (`limestream serve`): `POST /userlike` takes one
/// conversation payload, checks the shared secret, streams the body through the export reader,
/// maps it, puts the plan in the ``DeliverySpool`` (on disk) and only then hands it to the
/// sender. The answer is `{"url": ...}` of the history when the delivery ends within
/// ``Options/deliveryDeadline``, else `{"queued": true}` (it goes on in the background, and
/// after a restart). `GET /healthz` and `GET /metrics` tell how it goes.
public final class AddOnServer: @unchecked Sendable {
    /// What the endpoint accepts and how long it waits.
    public struct Options: Sendable {
        /// The path of the conversation endpoint.
        public var path = "/userlike"
        /// The header that carries the shared secret (Userlike's callbacks use this name).
        public var secretHeader = "API-SECURITY-TOKEN"
        /// Largest body, in bytes (413 past it).
        public var maximumBody = 16 << 20
        /// Seconds a request waits for its delivery before it is answered `{"queued": true}` (0:
        /// answer as soon as the conversation is on disk).
        public var deliveryDeadline = 5.0
        /// Delivery threads (conversations in flight to Lime at once).
        public var workers = 4
        /// Entries held in memory for delivery; more wait in the spool file.
        public var queueCapacity = 4096
        /// Bytes of plans held in memory for delivery; more wait in the spool file.
        public var queueBytes = 16 << 20
        /// The HTTP limits.
        public var limits = HTTPServerLimits()
        /// Where delivery failures are told, one line each (`serve`: standard error). Never the
        /// key or the secret.
        public var log: @Sendable (String) -> Void = { _ in }

        /// The defaults.
        public init() {}
    }

    /// The counters behind `GET /metrics`.
    public let metrics = ServerMetrics()
    let options: Options
    let secret: SharedSecret
    let mapper: LimeMapper
    let sender: LimeSender
    let spool: DeliverySpool
    let queue: DeliveryQueue
    private var http: HTTPServer!
    private let secretHeader: String

    /// Starts the endpoint on `host:port` (port 0: a free one) and the delivery of what the spool
    /// recovered.
    ///
    /// - Throws: ``SocketError`` when the address cannot be bound.
    public init(
        host: String, port: UInt16, options: Options, secret: SharedSecret, mapper: LimeMapper, sender: LimeSender,
        spool: DeliverySpool
    ) throws(SocketError) {
        self.options = options
        self.secret = secret
        self.mapper = mapper
        self.sender = sender
        self.spool = spool
        secretHeader = options.secretHeader.lowercased()
        queue = DeliveryQueue(
            sender: sender, spool: spool, metrics: metrics, workers: options.workers, capacity: options.queueCapacity,
            byteCapacity: options.queueBytes, log: options.log)
        for entry in spool.recovered { queue.submit(entry, awaited: false) }
        let metrics = self.metrics
        http = try HTTPServer(
            host: host, port: port, limits: options.limits, maximumBody: options.maximumBody,
            observer: { metrics.response($0) },
            // Weak: a connection a drain gave up on may still finish after the server is gone.
            handler: { [weak self] head, body in
                self?.handle(head, body) ?? AddOnServer.error(503, "the server is stopping", closes: true)
            })
    }

    /// The port listened on.
    public var port: UInt16 { http.port }

    /// Drains: stops accepting, answers what is in progress (up to `timeout` seconds), lets each
    /// delivery in flight end, and flushes the spool. What was not delivered stays spooled.
    public func drain(timeout: Double) {
        http.drain(timeout: timeout)
        queue.stop(timeout: timeout)
        spool.shutDown()
    }

    // MARK: - Routes

    func handle(_ head: HTTPRequestHead, _ body: HTTPBody) -> HTTPResponse {
        let path = head.path
        if path == options.path {
            guard head.method == "POST" else { return Self.methodNotAllowed("POST") }
            let start = Date()
            let response = conversation(head, body)
            metrics.latency(Date().timeIntervalSince(start))
            return response
        }
        // Other routes take no body: one that comes is read and dropped (within the limit).
        guard body.discardRest() else {
            return .refusal(body.failure ?? HTTPRequestError(status: 400, message: "unreadable body", offset: 0))
        }
        switch path {
        case "/healthz": return head.method == "GET" ? health() : Self.methodNotAllowed("GET")
        case "/metrics": return head.method == "GET" ? metricsText() : Self.methodNotAllowed("GET")
        default: return Self.error(404, "no such endpoint")
        }
    }

    func conversation(_ head: HTTPRequestHead, _ body: HTTPBody) -> HTTPResponse {
        let given = head.fields.filter { $0.name == secretHeader }
        // Exactly one copy: two would let a proxy and this server each read a different one.
        guard given.count == 1, secret.matches(given[0].value) else {
            return Self.error(401, "missing or wrong \(options.secretHeader) header", closes: !body.isComplete)
        }
        if case .length(let length) = head.framing, length > options.maximumBody {
            return Self.error(413, "the body is larger than \(options.maximumBody) bytes", closes: true)
        }
        let conversation: Conversation
        switch Self.readConversation(body) {
        case .conversation(let value): conversation = value
        case .refused(let response): return response
        }
        let lazy: LazyNotePlan
        do throws(LimeMapper.MappingError) {
            lazy = try mapper.lazyPlan(for: conversation)
        } catch {
            return Self.error(400, "the conversation cannot be mapped: \(error.message)")
        }
        let entry: DeliverySpool.Entry
        do throws(DeliverySpool.SpoolError) {
            entry = try spool.append(lazy)
        } catch {
            return Self.error(503, "the conversation could not be stored; try again")
        }
        // Acknowledged from here on: it is on disk.
        guard let ticket = queue.submit(entry, awaited: options.deliveryDeadline > 0), options.deliveryDeadline > 0
        else {
            return .json(200, Array(#"{"queued":true}"#.utf8))
        }
        switch ticket.wait(until: Date().addingTimeInterval(options.deliveryDeadline)) {
        case .delivered(let url)?, .journaled(let url?)?: return Self.json(200, ["url": url.absoluteString])
        case .deadLettered(let message)?: return Self.error(502, "Lime refused the conversation: \(message)")
        case .journaled(nil)?, nil: return .json(200, Array(#"{"queued":true}"#.utf8))
        }
    }

    /// The one conversation of a body, or the response that refuses it.
    enum BodyReading {
        case conversation(Conversation)
        case refused(HTTPResponse)
    }

    static func readConversation(_ body: HTTPBody) -> BodyReading {
        let reader = ExportReader(source: body, options: ExportReader.Options(chunkSize: 64 << 10))
        do throws(ExportError) {
            guard let first = try reader.next() else { return .refused(error(400, "the body holds no conversation")) }
            switch first {
            case .skipped(let issue):
                // The issue's own position: the body's line and column (the syntax error's may be a piece's).
                let message =
                    issue.syntaxError == nil
                    ? issue.message
                    : "line \(issue.line), column \(issue.column) (byte \(issue.offset)): \(issue.message)"
                return .refused(error(400, message))
            case .conversation(let conversation, _):
                guard reader.form == .sequence, try reader.next() == nil else {
                    return .refused(error(400, "one conversation object per request"))
                }
                return .conversation(conversation)
            }
        } catch {
            if let failure = body.failure { return .refused(.refusal(failure)) }
            return .refused(Self.error(400, error.description))
        }
    }

    func health() -> HTTPResponse {
        let writable = spool.isWritable
        let lime = queue.isLimeReachable
        let limeText = lime.map { $0 ? "reachable" : "unreachable" } ?? "unknown"
        let healthy = writable && lime != false
        return Self.json(
            healthy ? 200 : 503,
            ["status": healthy ? "ok" : "degraded", "spool": writable ? "writable" : "failing", "lime": limeText])
    }

    func metricsText() -> HTTPResponse {
        let text = metrics.text(gauges: [
            ("limestream_spool_depth", "Conversations accepted and not yet delivered.", "gauge", Double(spool.depth)),
            (
                "limestream_spool_commits_total", "Spool flushes (each shared by the requests of one group).",
                "counter", Double(spool.commitCount)
            ),
            ("limestream_lime_retries_total", "Requests to Lime tried again.", "counter", Double(sender.retries)),
            (
                "limestream_dead_letters_total", "Conversations Lime refused for good.", "counter",
                Double(metrics.deliveries("dead_letter"))
            ),
            ("limestream_open_connections", "HTTP connections open.", "gauge", Double(http.openConnections)),
            (
                "limestream_refused_connections_total", "Connections refused over the limit.", "counter",
                Double(http.refusedConnections)
            ),
        ])
        return HTTPResponse(
            status: 200, fields: [("Content-Type", "text/plain; version=0.0.4")], body: Array(text.utf8))
    }

    // MARK: - Responses

    static func json(_ status: Int, _ members: KeyValuePairs<String, String>, closes: Bool = false) -> HTTPResponse {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, member) in members.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.writeString(member.value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return .json(status, out, closesConnection: closes)
    }

    static func error(_ status: Int, _ message: String, closes: Bool = false) -> HTTPResponse {
        json(status, ["error": message], closes: closes)
    }

    static func methodNotAllowed(_ allowed: String) -> HTTPResponse {
        var response = error(405, "use \(allowed)")
        response.fields.append(("Allow", allowed))
        return response
    }
}
