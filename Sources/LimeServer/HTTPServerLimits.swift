/// The server's limits: what a slow, idle or greedy client can hold.
public struct HTTPServerLimits: Sendable, Equatable {
    /// Largest request head (request line and fields); more gets 431 (414 for a request line).
    public var maximumHeadBytes = 16 << 10
    /// Seconds from a request's first byte to the end of its head (slowloris: 408).
    public var headerTimeout = 10.0
    /// Seconds for a whole body to arrive (408 after).
    public var bodyTimeout = 30.0
    /// Seconds a kept-alive connection may wait for its next request (it is then closed).
    public var idleTimeout = 30.0
    /// Seconds for a response to be taken by the client.
    public var writeTimeout = 10.0
    /// Connections open at once; one more gets 503 and is closed.
    public var maximumConnections = 1024
    /// Stack of each connection's thread: reserved, not used; the parser and the extractor do not
    /// recurse, and a thousand idle connections touch a few pages each.
    public var threadStackBytes = 256 << 10

    /// The defaults.
    public init() {}
}
