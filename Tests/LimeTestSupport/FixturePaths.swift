import Foundation

/// Locates the package's `Fixtures/` folder and `../shared` from this file's path, so tests run
/// from any working directory.
public enum FixturePaths {
    /// The package's root folder.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// `Fixtures/`.
    public static let fixtures = packageRoot.appendingPathComponent("Fixtures")
    /// `../shared`, beside the package (benchmark documents; absent on some machines).
    public static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// A file under `Fixtures/`, by its relative path.
    public static func fixture(_ path: String) -> URL { fixtures.appendingPathComponent(path) }

    /// The whole contents of a file.
    public static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    /// `Fixtures/seed-conversation.json`, the seed payload.
    public static var seedConversation: URL { fixture("seed-conversation.json") }

    /// A benchmark document from `../shared/bench-data`, or nil when that folder is absent.
    public static func benchDocument(_ name: String) -> [UInt8]? {
        try? bytes(shared.appendingPathComponent("bench-data").appendingPathComponent(name))
    }

    /// Whether `../shared/bench-data/<name>` exists (cheap: for `.enabled(if:)` traits).
    public static func hasBenchDocument(_ name: String) -> Bool {
        FileManager.default.fileExists(
            atPath: shared.appendingPathComponent("bench-data").appendingPathComponent(name).path)
    }
}
