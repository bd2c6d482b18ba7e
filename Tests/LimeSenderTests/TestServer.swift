import Foundation

/// The loopback Lime test server (`Server/lime_test_server.py`), started by the tests and stopped
/// when the value goes away. It binds 127.0.0.1 only.
final class TestServer {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Server/lime_test_server.py")
    static let key = "test-key-8f3a2c91d0"

    let process = Process()
    let port: Int
    var url: String { "http://127.0.0.1:\(port)/app" }

    /// Every fault the server knows.
    static let allFaults = "429,500,502,503,drop,lost,slow,early"

    init(
        faultRate: Double = 0, faults: String = allFaults, slowSeconds: Double = 0.8, seed: Int = 1, storePartial: Bool = false
    ) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script.path, "--key", Self.key, "--fault-rate", String(faultRate), "--faults", faults,
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
    func state() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/_state")!)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The server's counters (`requests`, `connections`, `reused_posts`, `partial_bodies`, ...).
    func counts() throws -> [String: Any] {
        try state()["counts"] as? [String: Any] ?? [:]
    }

    func objects(_ limetype: String) throws -> [[String: Any]] {
        ((try state()["objects"] as? [String: Any])?[limetype] as? [[String: Any]]) ?? []
    }
}
