import Foundation
import LimeSender

/// The transport `send` uses: `CurlTransport` (LimeSender) on Linux, ``URLSessionTransport``
/// elsewhere.
///
/// In this module, apart from LimeSender, because URLSession is: on Linux it lives in
/// FoundationNetworking, and a binary that links that library loads it at every start (7 ms of
/// a 16 ms start, measured for a one-line program). The `limestream` command therefore links this
/// module only where URLSession is part of Foundation, and on Linux makes `CurlTransport` itself.
public enum StandardTransport {
    /// A transport with a per-request timeout (seconds).
    ///
    /// - Throws: ``SenderError/transport(_:)`` when the HTTP library cannot be loaded.
    public static func make(timeout: TimeInterval = 30) throws(SenderError) -> any LimeTransport {
        #if os(Linux)
            return try CurlTransport(timeout: timeout)
        #else
            return URLSessionTransport(timeout: timeout)
        #endif
    }
}
