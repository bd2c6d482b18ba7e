import Foundation
import LimeFixtures

extension Bench {
    // MARK: - Inputs

    struct Inputs {
        var seed: String
        var payload: String
        var array: String
        var ndjson: String
        /// A JSON array export of seed-shaped conversations with short chat messages.
        var chat: String
    }

    func inputDirectory() throws -> URL {
        if let path = options.inputDirectory {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("limestream-bench-\(getpid())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Generates the inputs deterministically (seed 2024), or reuses them from `--input-dir`.
    func prepareInputs(in directory: URL) throws -> Inputs {
        let seed = packageRoot.appendingPathComponent("Fixtures/seed-conversation.json").path
        let payload = directory.appendingPathComponent("payload-\(options.payloadMB)mb.json").path
        let array = directory.appendingPathComponent("export-\(options.exportMB)mb.json").path
        let ndjson = directory.appendingPathComponent("export-\(options.exportMB)mb.ndjson").path
        let chat = directory.appendingPathComponent("export-chat-\(options.exportMB)mb.json").path
        // Only what the chosen workloads read is generated (the serve workload needs none of it).
        let needsPayload = options.workloads.contains("payload")
        let needsExports = !options.workloads.isDisjoint(with: ["array", "ndjson", "e2e", "convert"])
        if needsPayload && !FileManager.default.fileExists(atPath: payload) {
            var generator = FixtureGenerator(seed: 2024)
            try Data(generator.longPayload(targetBytes: options.payloadMB * 1_000_000)).write(
                to: URL(fileURLWithPath: payload))
        }
        let exports = [
            (array, ExportLayout.array, FixtureGenerator.Shape.long, needsExports),
            (ndjson, .ndjson, .long, needsExports), (chat, .array, .chat, options.workloads.contains("chat")),
        ]
        for (path, layout, shape, needed) in exports where needed && !FileManager.default.fileExists(atPath: path) {
            print("generating \(path) ...")
            var generator = FixtureGenerator(seed: 2024, shape: shape)
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw BenchError("cannot create \(path)")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try generator.writeExport(form: layout, targetBytes: options.exportMB * 1_000_000) { chunk in
                try handle.write(contentsOf: chunk)
            }
            try handle.close()
        }
        return Inputs(seed: seed, payload: payload, array: array, ndjson: ndjson, chat: chat)
    }

    func megabytes(_ path: String) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return String(format: "%.0f MB", Double(size) / 1e6)
    }
}
