import LimeMapping
import LimeUserlike

/// `limestream convert [--mapping FILE] [--jobs N] [FILE... | -]`: one Lime plan per
/// conversation (NDJSON), what `send` will carry out. Pure: no network.
enum ConvertCommand {
    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        var arguments = arguments
        let jobs = try ExtractCommand.jobs(from: &arguments)
        let mapper: LimeMapper
        switch try MappingOption.take(from: &arguments) {
        case .success(let configuration): mapper = LimeMapper(configuration: configuration)
        case .failure(let message):
            printError("limestream: \(message)")
            return .usage
        }
        if let option = arguments.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw UsageError(message: "convert: unknown option \(option)")
        }
        let outcome = ExportInputs(paths: arguments).run(jobs: jobs, output: .standardOutput) { conversation, buffer in
            do throws(LimeMapper.MappingError) {
                try mapper.writePlanLine(for: conversation, into: &buffer)
                buffer.append(0x0A)
                return nil
            } catch {
                return error.message
            }
        }
        return outcome
    }
}

/// `--mapping FILE`: the customer's mapping, read and checked before any input is read.
enum MappingOption {
    enum Outcome {
        case success(MappingConfiguration)
        case failure(String)
    }

    static func take(from arguments: inout [String]) throws(UsageError) -> Outcome {
        guard let index = arguments.firstIndex(where: { $0 == "--mapping" || $0.hasPrefix("--mapping=") }) else {
            return .success(.standard)
        }
        var path: String
        if arguments[index] == "--mapping" {
            guard index + 1 < arguments.count else { throw UsageError(message: "--mapping needs a FILE") }
            path = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        } else {
            path = String(arguments[index].dropFirst("--mapping=".count))
            arguments.remove(at: index)
        }
        let bytes: [UInt8]
        do {
            bytes = try ReadWholeFile.bytes(path)
        } catch {
            return .failure("\(error)")
        }
        do {
            return .success(try MappingConfiguration(json: bytes))
        } catch {
            return .failure("\(path): \(error)")
        }
    }
}

/// Reads a small file whole (a mapping file).
enum ReadWholeFile {
    static func bytes(_ path: String) throws(ExportError) -> [UInt8] {
        let source = try FileByteSource(path: path)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let result = chunk.withUnsafeMutableBytes { buffer in Result { () throws(ExportError) in try source.read(into: buffer) } }
            let count = try result.get()
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }
}
