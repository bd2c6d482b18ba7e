import Foundation

/// Locates the package's `Fixtures/` folder and `../shared` from this file's path, so tests run
/// from any working directory.
enum FixturePaths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Fixtures")
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    /// A benchmark document from `../shared/bench-data`, or nil when that folder is absent.
    static func benchDocument(_ name: String) -> [UInt8]? {
        try? bytes(shared.appendingPathComponent("bench-data").appendingPathComponent(name))
    }
}
