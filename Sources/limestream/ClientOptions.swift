import LimeSender

#if !os(Linux)
    import LimeURLSession
#endif

/// How the commands that talk to Lime (`check`, `send`, `serve`) reach it: `--url`,
/// `--api-key-file`, `--rate`, `--timeout`, `--retries`, `--backoff`. Read from the arguments and
/// made into a ``LimeClient`` in this one place, so the three cannot build clients differently.
/// A command that does not take one of the options gets its default (`check`: only `--timeout`).
struct ClientOptions {
    /// `--url`: the Lime CRM application, checked by ``LimeEndpoint`` when the command starts.
    var url: String?
    /// `--api-key-file`; else the key comes from LIME_API_KEY.
    var keyFile: String?
    /// `--rate`: requests per second.
    var rate = 8.0
    /// `--timeout`: seconds per request.
    var timeout = 30.0
    /// `--retries`: tries per request in all.
    var retries = 6
    /// `--backoff`: the first retry delay in seconds (doubling).
    var backoff = 0.5
}

extension ClientOptions {
    /// Reads the options from `parsed`, in the order the commands always checked them (so that of
    /// two wrong values the same one is named).
    init(_ parsed: ParsedArguments) throws(UsageError) {
        url = parsed.value("url")
        keyFile = parsed.value("api-key-file")
        rate =
            try ArgumentParser.number(
                parsed.value("rate"), option: "rate", what: "requests per second", minimum: 0, inclusive: false)
            ?? rate
        timeout =
            try ArgumentParser.number(
                parsed.value("timeout"), option: "timeout", what: "seconds", minimum: 0, inclusive: false) ?? timeout
        retries = try ArgumentParser.integer(parsed.value("retries"), option: "retries", in: 1...Int.max) ?? retries
        backoff =
            try ArgumentParser.number(
                parsed.value("backoff"), option: "backoff", what: "seconds", minimum: 0, inclusive: true) ?? backoff
    }

    /// The key: from `--api-key-file`, else LIME_API_KEY.
    func key() throws(SenderError) -> LimeAPIKey { try LimeAPIKey.load(file: keyFile) }

    /// A client of `endpoint` with `key`, paced, retried and timed out as the options say.
    func client(endpoint: LimeEndpoint, key: LimeAPIKey) throws(SenderError) -> LimeClient {
        LimeClient(
            endpoint: endpoint, key: key, transport: try transport(),
            policy: RetryPolicy(maximumAttempts: retries, baseDelay: backoff),
            limiter: RateLimiter(perSecond: rate))
    }

    /// `StandardTransport`'s choice, made here on Linux so that the command does not link
    /// FoundationNetworking (LimeURLSession), which every start would load.
    private func transport() throws(SenderError) -> any LimeTransport {
        #if os(Linux)
            try CurlTransport(timeout: timeout)
        #else
            try StandardTransport.make(timeout: timeout)
        #endif
    }
}
