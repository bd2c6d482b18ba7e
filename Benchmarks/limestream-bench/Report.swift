import Foundation

/// One measured row of the report.
struct Row: Codable {
    var workload: String
    var contender: String
    var bytes: Int
    var seconds: [Double]
    var maxRSSBytes: Int
    var messages: Int?
    var hash: String?
    var agrees: Bool?
    /// Throughput of JSONDecoder on the same workload, measured in the same run.
    var baselineMBps: Double?
    /// Another comparison, shown in the result column (`0.85x extract --jobs 1`).
    var comparison: String?
    /// Throughput of the simdjson On-Demand contender on the same workload, measured in the same
    /// run (extracting rows of workloads that have a simdjson row).
    var simdjsonMBps: Double?

    var median: Double { seconds.sorted()[seconds.count / 2] }
    var mbps: Double { Double(bytes) / median / 1e6 }
    var minMBps: Double { Double(bytes) / (seconds.max() ?? 1) / 1e6 }
    var maxMBps: Double { Double(bytes) / (seconds.min() ?? 1) / 1e6 }
    var ratio: Double? { baselineMBps.map { mbps / $0 } }
    var simdjsonRatio: Double? { simdjsonMBps.map { mbps / $0 } }
}

/// The results: a plain-text table, JSON for machines, and an SVG bar chart.
struct Report: Codable {
    var date: String
    var command: String
    var machine: String
    var cores: Int
    var rows: [Row]

    func table() -> String {
        func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
            let count = text.count
            guard count < width else { return text }
            let fill = String(repeating: " ", count: width - count)
            return right ? fill + text : text + fill
        }
        // Columns as wide as their longest entry, so long contender names keep the table aligned.
        let workloadWidth = rows.map(\.workload.count).max().map { $0 + 2 } ?? 34
        let contenderWidth = rows.map(\.contender.count).max().map { $0 + 2 } ?? 34
        // The simdjson column only when simdjson ran: without it the table is as it was.
        let hasSimdjson = rows.contains { $0.simdjsonMBps != nil }
        var lines = [
            "LimeStream benchmarks, \(date)",
            "machine: \(machine), \(cores) cores",
            "command: \(command)",
            "",
            pad("workload", workloadWidth) + pad("contender", contenderWidth) + pad("MB/s", 9, right: true)
                + pad("min-max", 16, right: true)
                + pad("vs JSONDecoder", 16, right: true) + (hasSimdjson ? pad("vs simdjson", 13, right: true) : "")
                + pad("max RSS", 11, right: true) + "  result",
        ]
        for row in rows {
            let ratio = row.ratio.map { String(format: "%.1fx", $0) } ?? "-"
            let result: String
            switch row.agrees {
            case true?:
                result = "same \(row.messages ?? 0) messages + checksum" + (row.comparison.map { "; " + $0 } ?? "")
            case false?: result = "DIFFERENT (\(row.messages ?? 0) messages)"
            case nil: result = row.messages.map { "\($0) messages" } ?? row.comparison ?? ""
            }
            lines.append(
                pad(row.workload, workloadWidth) + pad(row.contender, contenderWidth)
                    + pad(String(format: "%.0f", row.mbps), 9, right: true)
                    + pad(String(format: "%.0f-%.0f", row.minMBps, row.maxMBps), 16, right: true)
                    + pad(ratio, 16, right: true)
                    + (hasSimdjson
                        ? pad(row.simdjsonRatio.map { String(format: "%.2fx", $0) } ?? "-", 13, right: true) : "")
                    + pad(String(format: "%.0f MiB", Double(row.maxRSSBytes) / 1_048_576), 11, right: true) + "  "
                    + result)
        }
        return (lines + simdjsonSummary()).joined(separator: "\n") + "\n"
    }

    /// Per workload with a simdjson row: LimeStream's fastest validating extraction (the
    /// `limestream` and `on-demand extract` rows) against simdjson On-Demand, median to median,
    /// one core each; and the unvalidated on-demand row apart.
    func simdjsonSummary() -> [String] {
        var lines: [String] = []
        var workloads: [String] = []
        for row in rows where row.simdjsonMBps != nil && !workloads.contains(row.workload) {
            workloads.append(row.workload)
        }
        for workload in workloads {
            let here = rows.filter { $0.workload == workload }
            let validating = here.filter {
                $0.contender.hasPrefix("limestream (") || $0.contender.hasPrefix("on-demand extract (")
            }
            guard let fastest = validating.max(by: { $0.mbps < $1.mbps }), let ratio = fastest.simdjsonRatio,
                let simdjson = fastest.simdjsonMBps
            else { continue }
            var line = String(
                format: "%@: fastest LimeStream extraction: %@, %.0f MB/s = %.2fx simdjson On-Demand (%.0f MB/s)",
                workload, fastest.contender, fastest.mbps, ratio, simdjson)
            if let unvalidated = here.first(where: { $0.contender.hasPrefix("on-demand extract, no validation") }),
                let other = unvalidated.simdjsonRatio
            {
                line += String(format: "; without validation %.2fx", other)
            }
            lines.append(line)
        }
        guard !lines.isEmpty else { return [] }
        return ["", "vs simdjson On-Demand, median to median, one core each:"] + lines
    }

    /// Horizontal bars of MB/s, one group per workload.
    func svg() -> String {
        let width = 980.0
        let labelWidth = 360.0
        let barHeight = 18.0
        let gap = 4.0
        let groupGap = 16.0
        let maximum = max(rows.map(\.mbps).max() ?? 1, 1)
        let colors = ["#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#558b2f"]
        var contenders: [String] = []
        for row in rows where !contenders.contains(row.contender) { contenders.append(row.contender) }
        var y = 40.0
        var body = ""
        var workload = ""
        for row in rows {
            if row.workload != workload {
                if !workload.isEmpty { y += groupGap }
                workload = row.workload
                body += "<text x=\"10\" y=\"\(y + 13)\" font-weight=\"bold\">\(escape(workload))</text>\n"
                y += barHeight + gap
            }
            let length = (width - labelWidth - 90) * row.mbps / maximum
            let color = colors[(contenders.firstIndex(of: row.contender) ?? 0) % colors.count]
            body += "<text x=\"24\" y=\"\(y + 13)\">\(escape(row.contender))</text>\n"
            body +=
                "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(String(format: "%.1f", max(length, 1)))\" height=\"\(barHeight)\" fill=\"\(color)\"/>\n"
            body +=
                "<text x=\"\(String(format: "%.1f", labelWidth + max(length, 1) + 6))\" y=\"\(y + 13)\">\(String(format: "%.0f MB/s", row.mbps))</text>\n"
            y += barHeight + gap
        }
        let height = y + 30
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="10" y="22" font-size="15" font-weight="bold">LimeStream vs Foundation: throughput in MB/s of input (higher is better)</text>
            \(body)<text x="10" y="\(Int(height) - 10)" fill="#555">\(escape(machine)), \(cores) cores, \(escape(date)); \(escape(command))</text>
            </svg>

            """
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
