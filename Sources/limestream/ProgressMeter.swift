#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Progress on standard error: bytes read of the total (when the inputs' sizes are known),
/// what the command counts (conversations, texts, deliveries), MB/s and the time left, redrawn
/// in place on a terminal at most four times a second; and a one-line summary at the end.
///
/// Shown when stderr is a terminal, or with `--progress`; never with `--quiet`. On something
/// that is not a terminal (`--progress 2>log`) it writes a plain line every second instead of
/// redrawing one. Used from the calling thread only: the sources' reads and the writes that
/// drive it happen there.
final class ProgressMeter: @unchecked Sendable {
    /// The meter on screen, so that an error line can clear it first (``printError(_:)``).
    nonisolated(unsafe) static var active: ProgressMeter?

    /// The command, for the summary (`extract`).
    let command: String
    /// Bytes of all inputs, when every input's size is known.
    let total: Int?
    private let isTerminal: Bool
    private let interval: Double
    private let start = ProgressMeter.now()
    private var lastDrawn = 0.0
    private var shown = false
    /// Bytes of the inputs already finished, and the one being read.
    private var finishedBytes = 0
    private var current: InputSource?
    /// What the command counts, for the line (`1,234 conversations`).
    var detail: () -> String

    /// A meter for `command` over inputs of `sizes` bytes (nil: not known), or nil when it is not to be shown.
    ///
    /// - Parameters:
    ///   - forced: `--progress`; `quiet`: `--quiet`.
    static func make(command: String, sizes: [Int?], forced: Bool, quiet: Bool) -> ProgressMeter? {
        let terminal = isatty(2) == 1
        guard !quiet, forced || terminal else { return nil }
        let total = sizes.contains { $0 == nil } ? nil : sizes.reduce(0) { $0 + $1! }
        return ProgressMeter(command: command, total: total, isTerminal: terminal)
    }

    private init(command: String, total: Int?, isTerminal: Bool) {
        self.command = command
        self.total = total
        self.isTerminal = isTerminal
        // LIMESTREAM_PROGRESS_INTERVAL (seconds) redraws more often: the tests redraw on every
        // read, so that a small input shows every part of the line without waiting for a clock.
        let setting = getenv("LIMESTREAM_PROGRESS_INTERVAL").flatMap { Double(String(cString: $0)) }
        interval = setting ?? (isTerminal ? 0.25 : 1)
        // Nothing before the first interval: a rate of the first milliseconds means nothing.
        lastDrawn = start
        detail = { "" }
        ProgressMeter.active = self
    }

    /// The input now being read; its reads redraw the line.
    func begin(_ source: InputSource) {
        if let current { finishedBytes += current.bytesRead }
        current = source
        source.onRead = { [unowned self] in tick() }
    }

    /// Bytes read of all inputs so far.
    var bytesRead: Int { finishedBytes + (current?.bytesRead ?? 0) }

    /// Seconds since the start.
    var elapsed: Double { Self.now() - start }

    /// Redraws the line when the last drawing is old enough.
    func tick() {
        let now = Self.now()
        guard now - lastDrawn >= interval else { return }
        lastDrawn = now
        draw(elapsed: now - start)
    }

    private func draw(elapsed: Double) {
        let read = bytesRead
        let rate = Double(read) / max(elapsed, 0.001)
        var line = Self.megabytes(read)
        if let total, total > 0 {
            line += " of \(Self.megabytes(total)) (\(min(100, read * 100 / total))%)"
        }
        let counted = detail()
        if !counted.isEmpty { line += ", " + counted }
        line += ", \(Self.grouped(Int(rate / 1e6))) MB/s"
        if let total, rate > 0, read > 0, read < total {
            line += ", ETA " + Self.duration(Double(total - read) / rate)
        }
        OutputStream.standardError.write(isTerminal ? "\r\u{1B}[K" + line : line + "\n")
        shown = true
    }

    /// Clears the line on a terminal (before an error is written, and at the end).
    func clearLine() {
        guard shown, isTerminal else { return }
        OutputStream.standardError.write("\r\u{1B}[K")
        lastDrawn = 0
        shown = false
    }

    /// Clears the line for good, for a command that writes a summary of its own (`send`).
    func stop() {
        clearLine()
        ProgressMeter.active = nil
    }

    /// Clears the line and writes the summary: `limestream: extract: 1,234 conversations written,
    /// 3 skipped, 215.3 MB in 0.15 s (1,435 MB/s)`.
    func finish(_ counts: String) {
        clearLine()
        let seconds = elapsed
        let read = bytesRead
        let rate = Double(read) / max(seconds, 0.001)
        OutputStream.standardError.write(
            "limestream: \(command): \(counts), \(Self.megabytes(read)) in \(Self.seconds(seconds)) (\(Self.grouped(Int(rate / 1e6))) MB/s)\n"
        )
        ProgressMeter.active = nil
    }

    // MARK: - Formatting

    /// `1,234,567`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (number < 0 ? "-" : "") + out
    }

    /// `215.3 MB` (decimal megabytes, as the throughput is in MB/s).
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    /// `0.15 s`, `12.3 s`.
    static func seconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        if hundredths >= 1000 { return "\(hundredths / 100).\((hundredths / 10) % 10) s" }
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }

    /// `0:07`, `1:02:03`.
    static func duration(_ value: Double) -> String {
        let total = Int(value.rounded(.up))
        let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60)
        let padded = { (number: Int) in number < 10 ? "0\(number)" : "\(number)" }
        return hours > 0 ? "\(hours):\(padded(minutes)):\(padded(seconds))" : "\(minutes):\(padded(seconds))"
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
