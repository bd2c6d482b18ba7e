import Testing

@testable import LimeServer

/// RFC 9112 head parsing: each refusal with its exact status, message and byte offset.
@Suite struct HTTPRequestHeadTests {
    static func parse(_ text: String) throws(HTTPRequestError) -> HTTPRequestHead {
        try HTTPRequestHead.parse(Array(text.utf8))
    }

    static func refusal(_ text: String) -> HTTPRequestError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func aPlainPostWithItsFraming() throws {
        let head = try Self.parse(
            "POST /userlike?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\nAPI-Security-Token:  s3cret \t\r\n\r\n")
        #expect(head.method == "POST")
        #expect(head.path == "/userlike")
        #expect(head.framing == .length(12))
        #expect(head.keepAlive)
        #expect(head.field("api-security-token") == Array("s3cret".utf8))
    }

    @Test func emptyLinesBeforeTheRequestLineAreIgnored() throws {
        #expect(try Self.parse("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").method == "GET")
    }

    @Test func whitespaceBeforeTheColon() {
        #expect(
            Self.refusal("GET / HTTP/1.1\r\nHost : a\r\n\r\n")
                == HTTPRequestError(status: 400, message: "whitespace before ':' in a header field", offset: 20))
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost: a\r\nX\t: b\r\n\r\n")?.offset == 26)
    }

    @Test func obsFold() {
        #expect(
            Self.refusal("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n")
                == HTTPRequestError(
                    status: 400, message: "obs-fold (a header line that begins with whitespace) is not accepted",
                    offset: 31))
    }

    @Test func exactlyOneHost() {
        #expect(
            Self.refusal("GET / HTTP/1.1\r\nX: y\r\n\r\n")
                == HTTPRequestError(status: 400, message: "an HTTP/1.1 request without Host", offset: 16))
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n")?.message == "more than one Host field")
        // HTTP/1.0 has no Host requirement.
        #expect(Self.refusal("GET / HTTP/1.0\r\n\r\n") == nil)
    }

    @Test func contentLengthIsDigitsOnly() throws {
        for value in ["+5", "-5", "5 5", "0x5", "5.0", " ", "٥"] {
            let error = Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)\r\n\r\n")
            #expect(error?.status == 400, "Content-Length: \(value)")
        }
        #expect(
            Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n")?.message
                == "Content-Length is not a run of digits")
        #expect(
            Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1234567890123456789\r\n\r\n")?.status == 413)
        #expect(try Self.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 007\r\n\r\n").framing == .length(7))
    }

    @Test func differingContentLengths() throws {
        #expect(
            Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")
                == HTTPRequestError(status: 400, message: "Content-Length fields that differ", offset: 45))
        #expect(
            Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n")?.message
                == "Content-Length fields that differ")
        // The same value twice is one length (RFC 9110 section 8.6).
        #expect(
            try Self.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\n").framing
                == .length(5))
    }

    @Test func contentLengthWithTransferEncoding() {
        #expect(
            Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
                == HTTPRequestError(status: 400, message: "both Content-Length and Transfer-Encoding", offset: 45))
        #expect(
            Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n")?
                .status == 400)
    }

    @Test func chunkedMustBeTheFinalAndOnlyCoding() throws {
        #expect(
            Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")
                == HTTPRequestError(status: 400, message: "chunked is not the final transfer coding", offset: 26))
        #expect(
            Self.refusal(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n")?
                .status == 400)
        #expect(
            Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")?.message
                == "chunked applied more than once")
        #expect(Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")?.status == 501)
        #expect(
            Self.refusal("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")?.message
                == "Transfer-Encoding in an HTTP/1.0 request")
        #expect(try Self.parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n").framing == .chunked)
    }

    @Test func requestLineAndLineEndings() {
        #expect(
            Self.refusal("GET / HTTP/1.1\nHost: a\r\n\r\n")
                == HTTPRequestError(status: 400, message: "a line ends in a bare LF", offset: 14))
        #expect(
            Self.refusal("GET  / HTTP/1.1\r\nHost: a\r\n\r\n")?.message
                == "the request line is not METHOD SP TARGET SP HTTP-VERSION")
        #expect(
            Self.refusal("GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n")?.message
                == "the request target is not in origin form (/path)")
        #expect(Self.refusal("GET / HTTP/2.0\r\nHost: a\r\n\r\n")?.status == 505)
        #expect(Self.refusal("GET / HTTP/1.1x\r\nHost: a\r\n\r\n")?.status == 400)
        #expect(Self.refusal("G(T / HTTP/1.1\r\nHost: a\r\n\r\n")?.message == "the method is not a token")
        #expect(
            Self.refusal("GET / HTTP/1.1\r\nHost: a\u{1}b\r\n\r\n")?.message == "a control character in a header value")
        #expect(
            Self.refusal("GET / HTTP/1.1\r\n: b\r\nHost: a\r\n\r\n")?.message == "a header field with an empty name")
    }

    @Test func connectionAndExpect() throws {
        #expect(try !Self.parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n").keepAlive)
        #expect(try !Self.parse("GET / HTTP/1.0\r\n\r\n").keepAlive)
        #expect(try Self.parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive)
        #expect(
            try Self.parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n")
                .expectsContinue)
        #expect(Self.refusal("POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n")?.status == 417)
    }
}

@Suite struct HTTPDateTests {
    @Test func imfFixdate() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(1_796_181_600) == "Wed, 02 Dec 2026 03:20:00 GMT")
    }
}
