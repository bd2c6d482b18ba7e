#if os(Linux)
    import Foundation

    /// Lime over libcurl, called directly: the transport `send` uses on Linux.
    ///
    /// Why not URLSession there: FoundationNetworking (which drives the same libcurl) resends a
    /// request by itself when a reused connection dies before the answer, and for a POST it sends
    /// the headers without the body; it keeps about 170 bytes per request that it never frees (so
    /// a run of 60,000 conversations grew past 80 MB); and invalidating a session right after its
    /// task ended crashed it once in a few thousand sessions. Here every request is one
    /// `curl_easy_perform` on the calling worker thread:
    ///
    /// - A lookup (`GET`) borrows a handle from a small pool, so kept-alive connections are reused
    ///   (libcurl may send a GET again on a fresh connection when a reused one died unanswered:
    ///   harmless, it changes nothing).
    /// - Anything else is single-shot: a new handle, a fresh connection (`CURLOPT_FRESH_CONNECT`)
    ///   closed after the answer (`CURLOPT_FORBID_REUSE`). libcurl only ever resends on a reused
    ///   connection, so the create goes out once or not at all, and a server that answered before
    ///   reading the body cannot have it glued to the next request. Whether a create whose answer
    ///   was lost was stored is for the caller to look up (``LimeClient/findOrCreate(_:lookups:create:)``).
    ///
    /// TLS is libcurl's with its default verification (peer and host name); proxies follow the
    /// usual `https_proxy`/`no_proxy` variables; redirects are not followed.
    public final class CurlTransport: LimeTransport, @unchecked Sendable {
        private let functions: Curl.Functions
        private let timeout: TimeInterval
        private let lock = NSLock()
        private var idle: [Curl.Handle] = []
        private static let poolSize = 16

        /// Creates a transport with a per-request timeout.
        ///
        /// - Throws: ``SenderError/transport(_:)`` when libcurl cannot be loaded.
        public init(timeout: TimeInterval = 30) throws(SenderError) {
            functions = try Curl.functions.get()
            self.timeout = timeout
        }

        deinit {
            for handle in idle { functions.easyCleanup(handle) }
        }

        public func send(_ request: LimeRequest, key: LimeAPIKey) throws(SenderError) -> LimeResponse {
            let singleShot = request.isSingleShot
            guard let handle = singleShot ? functions.easyInit() : borrow() else {
                throw SenderError.transport("libcurl could not make a handle")
            }
            defer {
                if singleShot { functions.easyCleanup(handle) } else { giveBack(handle) }
            }
            return try perform(request, key: key, on: handle, singleShot: singleShot)
        }

        private func borrow() -> Curl.Handle? {
            lock.lock()
            let handle = idle.popLast()
            lock.unlock()
            if let handle {
                // Options go back to their defaults; the connection cache stays.
                functions.easyReset(handle)
                return handle
            }
            return functions.easyInit()
        }

        private func giveBack(_ handle: Curl.Handle) {
            lock.lock()
            if idle.count < Self.poolSize {
                idle.append(handle)
                lock.unlock()
                return
            }
            lock.unlock()
            functions.easyCleanup(handle)
        }

        /// What the callbacks fill in.
        private final class Exchange {
            var body: [UInt8] = []
            var headers: [String: String] = [:]
        }

        private func perform(_ request: LimeRequest, key: LimeAPIKey, on handle: Curl.Handle, singleShot: Bool)
            throws(SenderError) -> LimeResponse
        {
            let f = functions
            var headerList: OpaquePointer?
            // "Expect:" (empty) keeps libcurl from waiting for a 100 Continue before a body.
            var lines = ["X-API-Key: \(key.value)", "Accept: application/json", "Expect:"]
            if request.body != nil { lines.append("Content-Type: application/json") }
            for line in lines { headerList = f.listAppend(headerList, line) }
            defer { f.listFree(headerList) }
            var errorText = [CChar](repeating: 0, count: Curl.errorBufferSize)
            let exchange = Exchange()
            let context = Unmanaged.passUnretained(exchange).toOpaque()
            let code: Int32 = withExtendedLifetime(exchange) {
                errorText.withUnsafeMutableBufferPointer { errorBuffer in
                    _ = request.url.absoluteString.withCString { f.setPointer(handle, Curl.url, $0) }
                    _ = f.setLong(handle, Curl.noSignal, 1)
                    _ = f.setLong(handle, Curl.noProgress, 1)
                    _ = f.setLong(handle, Curl.followLocation, 0)
                    _ = f.setLong(handle, Curl.timeoutMilliseconds, Int(timeout * 1000))
                    _ = f.setLong(handle, Curl.connectTimeoutMilliseconds, Int(min(timeout, 10) * 1000))
                    _ = "limestream".withCString { f.setPointer(handle, Curl.userAgent, $0) }
                    _ = f.setPointer(handle, Curl.httpHeader, UnsafeRawPointer(headerList))
                    _ = f.setPointer(handle, Curl.errorBuffer, errorBuffer.baseAddress)
                    if singleShot {
                        _ = f.setLong(handle, Curl.freshConnect, 1)
                        _ = f.setLong(handle, Curl.forbidReuse, 1)
                    }
                    if request.method == "GET" {
                        _ = f.setLong(handle, Curl.httpGet, 1)
                    } else {
                        let body = request.body ?? []
                        _ = f.setLong(handle, Curl.post, 1)
                        _ = f.setLong(handle, Curl.postFieldSize, body.count)
                        // Copied by libcurl, so the array need not outlive this call.
                        _ = body.withUnsafeBytes {
                            f.setPointer(handle, Curl.copyPostFields, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
                        }
                        if request.method != "POST" {
                            _ = request.method.withCString { f.setPointer(handle, Curl.customRequest, $0) }
                        }
                    }
                    _ = f.setCallback(handle, Curl.writeFunction) { data, size, count, context in
                        let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
                        exchange.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
                        return size * count
                    }
                    _ = f.setPointer(handle, Curl.writeData, context)
                    _ = f.setCallback(handle, Curl.headerFunction) { data, size, count, context in
                        let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
                        let line = String(
                            decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
                        if line.hasPrefix("HTTP/") {
                            // A new answer (after a 100 Continue, say): its headers replace the last's.
                            exchange.headers = [:]
                        } else if let colon = line.firstIndex(of: ":") {
                            let name = line[..<colon].lowercased()
                            exchange.headers[name] = line[line.index(after: colon)...].trimmingCharacters(
                                in: .whitespacesAndNewlines)
                        }
                        return size * count
                    }
                    _ = f.setPointer(handle, Curl.headerData, context)
                    let code = f.easyPerform(handle)
                    // The buffer goes away with this closure; a pooled handle must not keep it.
                    _ = f.setPointer(handle, Curl.errorBuffer, nil)
                    return code
                }
            }
            guard code == 0 else {
                let written = errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
                let detail =
                    written.isEmpty
                    ? f.strerror(code).map { String(cString: $0) } ?? "error \(code)"
                    : String(decoding: written, as: UTF8.self)
                throw SenderError.transport(key.redact(detail))
            }
            var status = 0
            _ = f.getLong(handle, Curl.responseCode, &status)
            guard status > 0 else { throw SenderError.transport("no HTTP response") }
            return LimeResponse(status: status, headers: exchange.headers, body: exchange.body)
        }
    }
#endif
