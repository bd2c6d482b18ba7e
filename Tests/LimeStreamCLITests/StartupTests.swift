import Foundation
import LimeTestSupport
import Testing

/// What `limestream` loads when it starts. On Linux URLSession is FoundationNetworking (with
/// libcurl and its TLS libraries behind it), and a binary that links it loads it at every start:
/// 18 ms a start with it, 9 ms without (the seed's `extract`, a release build, `hyperfine`). The
/// command uses its own libcurl transport there, loaded only when it sends.
@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct StartupTests {
    #if os(Linux)
        /// `extract` on the seed, with the dynamic loader listing every library it loads
        /// (`LD_DEBUG=libs`): Foundation, and no FoundationNetworking.
        @Test func extractDoesNotLoadFoundationNetworking() throws {
            let seed = FixturePaths.packageRoot.appendingPathComponent("Fixtures/seed-conversation.json").path
            let result = try CLI.run(["extract", seed], environment: ["LD_DEBUG": "libs"])
            #expect(result.status == 0)
            // The list is there (so its absence below means something), and Foundation is in it.
            #expect(result.stderr.contains("calling init: "), "\(result.stderr.prefix(400))")
            #expect(result.stderr.contains("libFoundation.so"))
            #expect(!result.stderr.contains("libFoundationNetworking"))
            #expect(!result.stderr.contains("libcurl"))
        }
    #endif
}
