import Foundation
import LimeJSON

/// A child process: loads one input into memory (not timed), warms up once, then times `runs`
/// runs of one contender and prints `{"seconds":[...],"messages":N,"hash":"..."}`.
enum Child {
    /// Keeps results alive so the optimiser cannot drop the work.
    nonisolated(unsafe) static var sink: UInt64 = 0

    static func run(_ arguments: [String]) throws {
        guard arguments.count >= 4 else { throw BenchError("usage: --child CONTENDER FILE KIND RUNS [REPEAT]") }
        if arguments[0] == "e2e-jsondecoder" {
            try EndToEndDecoder.run(path: arguments[1], isNDJSON: arguments[2] == "ndjson")
            return
        }
        guard let contender = Contender(key: arguments[0]) else {
            throw BenchError("unknown contender \(arguments[0])")
        }
        JSONTokenizer.stringKernel = try Contender.stringKernel.get()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[1])))
        let kind = arguments[2]
        let runs = Int(arguments[3]) ?? 1
        let repeats = arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1
        let isNDJSON = kind == "ndjson"
        let isDocument = kind == "document"
        var checksum = try contender.run(bytes, isNDJSON: isNDJSON, isDocument: isDocument)  // warm-up
        var seconds: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<repeats { checksum = try contender.run(bytes, isNDJSON: isNDJSON, isDocument: isDocument) }
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            sink &+= checksum.hash
        }
        let list = seconds.map { String(format: "%.6f", $0) }.joined(separator: ",")
        print(
            "{\"seconds\":[\(list)],\"messages\":\(checksum.messages),\"hash\":\"\(String(checksum.hash, radix: 16))\",\"sink\":\(sink % 10)}"
        )
    }
}

/// The whole-process JSONDecoder contender: read the file, decode the fields, write the same
/// lines as `limestream extract` (with JSONEncoder) to stdout.
enum EndToEndDecoder {
    static func run(path: String, isNDJSON: Bool) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        var output = Data()
        func emit(_ conversation: DecodedConversation) throws {
            output.append(try encoder.encode(EncodedLine(conversation)))
            output.append(0x0A)
            if output.count > 1 << 20 {
                FileHandle.standardOutput.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        if isNDJSON {
            try Lines.forEach(Array(data)) { line in
                try emit(decoder.decode(DecodedConversation.self, from: Data(line)))
            }
        } else {
            for conversation in try decoder.decode([DecodedConversation].self, from: data) { try emit(conversation) }
        }
        FileHandle.standardOutput.write(output)
    }
}
