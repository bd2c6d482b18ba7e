import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The loopback Lime test server (`Server/lime_test_server.py`), started by the tests and killed
/// when the value goes away. It binds 127.0.0.1 only.
public final class LimeTestServer: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Server/lime_test_server.py")
    /// The key the server accepts unless told otherwise.
    public static let defaultKey = "test-key-8f3a2c91d0"
    /// Every fault the server knows.
    public static let allFaults = "429,500,502,503,drop,lost,slow,early"

    let process = Process()
    /// The port it listens on.
    public let port: Int
    /// The Lime application URL to give the sender.
    public var url: String { "http://127.0.0.1:\(port)/app" }

    /// Starts a server that accepts `key`, injects `faults` into a `faultRate` share of the API
    /// requests (seeded), and with `storePartial` keeps the partial body of a POST.
    public init(
        key: String = defaultKey, faultRate: Double = 0, faults: String = allFaults, slowSeconds: Double = 0.8,
        seed: Int = 1,
        storePartial: Bool = false
    ) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", Self.script.path, "--key", key, "--fault-rate", String(faultRate), "--faults", faults,
                "--slow-seconds", String(slowSeconds), "--seed", String(seed),
            ] + (storePartial ? ["--store-partial"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is the port.
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw CocoaError(.fileReadCorruptFile) }
        self.port = port
    }

    deinit {
        // SIGKILL: the server may sit in a request, and a polite SIGTERM is not always acted on.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The server's store and counters.
    public func state() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/_state")!)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The server's counters (`requests`, `connections`, `reused_posts`, `partial_bodies`,
    /// `bad_requests`, `glued_requests`, `faults`, `by_method`).
    public func counts() throws -> [String: Any] {
        try state()["counts"] as? [String: Any] ?? [:]
    }

    /// A counter as a number (0 when absent).
    public func count(_ name: String) throws -> Int {
        (try counts()[name] as? NSNumber)?.intValue ?? 0
    }

    /// The stored objects of `limetype`.
    public func objects(_ limetype: String) throws -> [[String: Any]] {
        ((try state()["objects"] as? [String: Any])?[limetype] as? [[String: Any]]) ?? []
    }

    /// The conversation ids of the stored histories, one per history.
    public func historyConversationIDs() throws -> [String] {
        try objects("history").compactMap { $0["userlikeconversationid"] as? String }
    }

    /// Changes the fault settings: `{"status": 400}` answers every API request with 400, `{"status":
    /// null}` ends that, `{"rate": 0.5}` sets the fault rate.
    public func control(_ json: String) throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/_control")!)
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, _, _ in done.signal() }.resume()
        done.wait()
    }
}
