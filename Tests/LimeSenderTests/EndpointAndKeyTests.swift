import Foundation
import Testing

@testable import LimeSender

@Suite struct EndpointAndKeyTests {
    @Test(arguments: [
        "https://example.lime-crm.com/acme", "https://example.lime-crm.com/acme/", "http://127.0.0.1:8080/app",
        "http://localhost/app", "http://[::1]:9000/app",
    ])
    func accepted(_ text: String) throws {
        let endpoint = try LimeEndpoint(text)
        #expect(!endpoint.base.absoluteString.hasSuffix("/"))
    }

    @Test(arguments: [
        "http://example.lime-crm.com/acme", "http://10.0.0.1/app", "ftp://example.com/app", "not a url", "https:///app",
        "https://user:pass@example.com/app", "https://example.com/app?x=1",
    ])
    func refused(_ text: String) {
        #expect(throws: SenderError.self) { try LimeEndpoint(text) }
    }

    @Test func httpToANonLoopbackHostSaysWhy() {
        #expect(
            throws: SenderError.invalidURL(
                "http:// is refused for example.com: use https (http is allowed for loopback hosts only)")
        ) {
            try LimeEndpoint("http://example.com/app")
        }
    }

    @Test func queryValuesArePercentEncoded() throws {
        let endpoint = try LimeEndpoint("https://example.com/app")
        let url = endpoint.objects("person", query: [("email", "a+b&c@example.com"), ("_limit", "1")])
        #expect(
            url.absoluteString
                == "https://example.com/app/api/v1/limeobject/person/?email=a%2Bb%26c%40example.com&_limit=1")
    }

    @Test func theKeyIsNeverShown() throws {
        let key = try LimeAPIKey("  s3cr3t-key\n")
        #expect("\(key)" == "<redacted>")
        #expect(String(reflecting: key) == "<redacted>")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("s3cr3t"))
        #expect(key.redact("error: key s3cr3t-key is invalid") == "error: key <redacted> is invalid")
    }

    @Test func theKeyComesFromTheEnvironmentOrAFile() throws {
        #expect(throws: SenderError.self) { try LimeAPIKey.load(environment: [:], file: nil) }
        #expect(throws: SenderError.self) { try LimeAPIKey.load(environment: ["LIME_API_KEY": "  "], file: nil) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID())").path
        try "from-file\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let key = try LimeAPIKey.load(environment: ["LIME_API_KEY": "from-env"], file: path)
        #expect(key.redact("from-file") == "<redacted>")
        #expect(
            try LimeAPIKey.load(environment: ["LIME_API_KEY": "from-env"], file: nil).redact("from-env") == "<redacted>"
        )
    }
}

/// The hand-written object URLs against URLComponents, which wrote them before.
@Suite struct ObjectURLTests {
    @Test func sameAsURLComponents() throws {
        let values = [
            "a+b&c@example.com", "plain", "", " ", "ü@exämple.de", "😀", "a=b?c#d/e%f", "-._~", "!$'()*,;:@[]",
            "\"<>\\^`{|}", "漢字", "tab\there",
            "line\nbreak", "100%",
        ]
        for base in [
            "https://example.lime-crm.com/acme", "http://127.0.0.1:8080/app", "https://x.example.com/a%20b",
            "https://x.example.com",
        ] {
            let endpoint = try LimeEndpoint(base)
            for limetype in ["person", "history", "my_type-2.x~"] {
                #expect(
                    endpoint.objects(limetype) == LimeEndpoint.objectsByComponents(endpoint.base, limetype, query: []))
                for value in values {
                    let query = [("email", value), ("_limit", "1")]
                    let expected = LimeEndpoint.objectsByComponents(endpoint.base, limetype, query: query)
                    #expect(
                        endpoint.objectsText(limetype, query: query) == expected.absoluteString,
                        "\(base) \(limetype) \(value)")
                    #expect(endpoint.objects(limetype, query: query) == expected)
                }
            }
            // Anything else in a limetype goes the URLComponents way.
            #expect(endpoint.objectsText("per son") == nil)
            #expect(
                endpoint.objects("per son") == LimeEndpoint.objectsByComponents(endpoint.base, "per son", query: []))
        }
    }
}
