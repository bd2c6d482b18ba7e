#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// `read(2)` and `write(2)` by names of their own, for the types that have `read` or `write`
// methods (``FileByteSource``, the CLI's output stream): inside such a type the bare name means
// the method. Here, at file scope, the bare names are the C library's, whatever its module is
// called (Glibc on Linux, Darwin on Apple's systems), so no caller names a module.

/// `read(2)`: up to `count` bytes from `descriptor` into `buffer`; the count read, or -1 with `errno` set.
package func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// `write(2)`: up to `count` bytes of `buffer` to `descriptor`; the count written, or -1 with `errno` set.
package func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// `madvise(2)` with `MADV_HUGEPAGE` for the whole pages of the `count` bytes at `start`, on Linux:
/// fresh memory that is then faulted in 2 MiB at a time instead of 4 KiB (when transparent huge
/// pages are on, or in `madvise` mode). Only advice: a failure changes nothing but speed.
package func adviseHugePages(_ start: UnsafeMutableRawPointer, _ count: Int) {
    #if os(Linux)
        let page = UInt(4096)
        let begin = (UInt(bitPattern: start) + page - 1) & ~(page - 1)
        let end = (UInt(bitPattern: start) + UInt(count)) & ~(page - 1)
        guard end > begin, let aligned = UnsafeMutableRawPointer(bitPattern: begin) else { return }
        _ = madvise(aligned, Int(end - begin), MADV_HUGEPAGE)
    #endif
}

extension Array {
    /// Advises huge pages (``adviseHugePages(_:_:)``) for all of the array's reserved memory, best
    /// before anything is written past its elements.
    mutating func adviseHugePages() {
        // Unique first: the capacity of a buffer shared until then is not the copy's, and advice
        // for it would reach past the copy.
        withUnsafeMutableBufferPointer { _ in }
        let byteCount = capacity * MemoryLayout<Element>.stride
        withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { LimeUserlike.adviseHugePages(UnsafeMutableRawPointer(base), byteCount) }
        }
    }
}
