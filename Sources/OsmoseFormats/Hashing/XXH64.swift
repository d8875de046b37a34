// XXH64, implemented from the xxHash specification
// (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md).

import Foundation

// MARK: - Shared primitives

let xxhPrime64_1: UInt64 = 0x9E37_79B1_85EB_CA87
let xxhPrime64_2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
let xxhPrime64_3: UInt64 = 0x1656_67B1_9E37_79F9
let xxhPrime64_4: UInt64 = 0x85EB_CA77_C2B2_AE63
let xxhPrime64_5: UInt64 = 0x27D4_EB2F_1656_67C5

/// Rotates `x` left by `r` bits (0 < r < 64).
@inline(__always)
func xxhRotl64(_ x: UInt64, _ r: UInt64) -> UInt64 {
    (x &<< r) | (x &>> (64 &- r))
}

/// Loads a little-endian `UInt64` from a possibly unaligned address.
@inline(__always)
func xxhRead64(_ p: UnsafeRawPointer, _ offset: Int = 0) -> UInt64 {
    UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
}

/// Loads a little-endian `UInt32` from a possibly unaligned address.
@inline(__always)
func xxhRead32(_ p: UnsafeRawPointer, _ offset: Int = 0) -> UInt32 {
    UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
}

// MARK: - XXH64

/// Streaming XXH64 hasher (64-bit xxHash, as printed by `xxhsum -H1`).
///
/// Feed bytes with `update(_:)` any number of times and read
/// the hash with ``digest()``. The result does not depend on how the input was
/// split into `update` calls. `digest()` does not consume the state, so hashing
/// may continue after it.
///
/// ```swift
/// var h = XXH64()
/// h.update(chunk1); h.update(chunk2)
/// let value = h.digest()
/// ```
public struct XXH64: Sendable {
    // The four lane accumulators.
    private var v1: UInt64
    private var v2: UInt64
    private var v3: UInt64
    private var v4: UInt64
    /// Up to 31 pending bytes that do not yet make a whole 32-byte stripe.
    private var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var bufferedSize: Int = 0
    private var totalLen: UInt64 = 0
    private let seed: UInt64

    /// Creates a hasher.
    /// - Parameter seed: The 64-bit seed; `0` gives the standard unseeded XXH64.
    public init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ xxhPrime64_1 &+ xxhPrime64_2
        v2 = seed &+ xxhPrime64_2
        v3 = seed
        v4 = seed &- xxhPrime64_1
    }

    /// Appends the bytes of `bytes` to the hashed input.
    /// - Parameter bytes: Any raw buffer; it is not retained after the call.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var p = base
        var remaining = bytes.count
        totalLen &+= UInt64(remaining)

        let pending = bufferedSize
        if pending + remaining < 32 {
            withUnsafeMutableBytes(of: &buffer) { buf in
                (buf.baseAddress! + pending).copyMemory(from: p, byteCount: remaining)
            }
            bufferedSize = pending + remaining
            return
        }

        var a1 = v1, a2 = v2, a3 = v3, a4 = v4
        if pending > 0 {
            let fill = 32 - pending
            withUnsafeMutableBytes(of: &buffer) { buf in
                let b = UnsafeRawPointer(buf.baseAddress!)
                (buf.baseAddress! + pending).copyMemory(from: p, byteCount: fill)
                a1 = XXH64.round(a1, xxhRead64(b, 0))
                a2 = XXH64.round(a2, xxhRead64(b, 8))
                a3 = XXH64.round(a3, xxhRead64(b, 16))
                a4 = XXH64.round(a4, xxhRead64(b, 24))
            }
            p += fill
            remaining -= fill
        }
        if remaining >= 32 {
            let consumed = XXH64.consumeStripes(&a1, &a2, &a3, &a4, p, remaining)
            p += consumed
            remaining -= consumed
        }
        v1 = a1; v2 = a2; v3 = a3; v4 = a4
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { buf in
                buf.baseAddress!.copyMemory(from: p, byteCount: remaining)
            }
        }
        bufferedSize = remaining
    }

    /// Appends the bytes of `data` to the hashed input.
    /// - Parameter data: The bytes to hash.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Returns the XXH64 of everything passed to `update` so far.
    ///
    /// The state is left unchanged, so more input may be added afterwards.
    public func digest() -> UInt64 {
        var acc: UInt64
        if totalLen >= 32 {
            acc = xxhRotl64(v1, 1) &+ xxhRotl64(v2, 7) &+ xxhRotl64(v3, 12) &+ xxhRotl64(v4, 18)
            acc = XXH64.mergeRound(acc, v1)
            acc = XXH64.mergeRound(acc, v2)
            acc = XXH64.mergeRound(acc, v3)
            acc = XXH64.mergeRound(acc, v4)
        } else {
            acc = seed &+ xxhPrime64_5
        }
        acc &+= totalLen
        let tail = buffer
        let count = bufferedSize
        return withUnsafeBytes(of: tail) { buf in
            XXH64.finalize(acc, UnsafeRawPointer(buf.baseAddress!), count)
        }
    }

    /// One-shot XXH64 of `data`.
    /// - Parameters:
    ///   - data: The bytes to hash.
    ///   - seed: The 64-bit seed (default `0`).
    /// - Returns: The 64-bit hash, equal to what streaming the same bytes gives.
    public static func hash(_ data: Data, seed: UInt64 = 0) -> UInt64 {
        data.withUnsafeBytes { hash($0, seed: seed) }
    }

    /// One-shot XXH64 of a raw buffer.
    /// - Parameters:
    ///   - bytes: The bytes to hash.
    ///   - seed: The 64-bit seed (default `0`).
    /// - Returns: The 64-bit hash.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let len = bytes.count
        guard let base = bytes.baseAddress, len > 0 else {
            return finalizeEmpty(seed)
        }
        var p = UnsafeRawPointer(base)
        var remaining = len
        var acc: UInt64
        if len >= 32 {
            var a1 = seed &+ xxhPrime64_1 &+ xxhPrime64_2
            var a2 = seed &+ xxhPrime64_2
            var a3 = seed
            var a4 = seed &- xxhPrime64_1
            let consumed = consumeStripes(&a1, &a2, &a3, &a4, p, remaining)
            p += consumed
            remaining -= consumed
            acc = xxhRotl64(a1, 1) &+ xxhRotl64(a2, 7) &+ xxhRotl64(a3, 12) &+ xxhRotl64(a4, 18)
            acc = mergeRound(acc, a1)
            acc = mergeRound(acc, a2)
            acc = mergeRound(acc, a3)
            acc = mergeRound(acc, a4)
        } else {
            acc = seed &+ xxhPrime64_5
        }
        acc &+= UInt64(len)
        return finalize(acc, p, remaining)
    }

    // MARK: Internals

    private static func finalizeEmpty(_ seed: UInt64) -> UInt64 {
        avalanche(seed &+ xxhPrime64_5)
    }

    @inline(__always)
    static func round(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
        xxhRotl64(acc &+ lane &* xxhPrime64_2, 31) &* xxhPrime64_1
    }

    @inline(__always)
    static func mergeRound(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
        (acc ^ round(0, lane)) &* xxhPrime64_1 &+ xxhPrime64_4
    }

    @inline(__always)
    static func avalanche(_ h: UInt64) -> UInt64 {
        var h = h
        h ^= h &>> 33
        h &*= xxhPrime64_2
        h ^= h &>> 29
        h &*= xxhPrime64_3
        h ^= h &>> 32
        return h
    }

    /// Runs all whole 32-byte stripes of `p[0..<len]` through the lanes; returns
    /// the number of bytes consumed (a multiple of 32).
    @inline(__always)
    static func consumeStripes(
        _ a1: inout UInt64, _ a2: inout UInt64, _ a3: inout UInt64, _ a4: inout UInt64,
        _ p: UnsafeRawPointer, _ len: Int
    ) -> Int {
        var x1 = a1, x2 = a2, x3 = a3, x4 = a4
        let n = len & ~31
        var off = 0
        while off < n {
            x1 = round(x1, xxhRead64(p, off))
            x2 = round(x2, xxhRead64(p, off + 8))
            x3 = round(x3, xxhRead64(p, off + 16))
            x4 = round(x4, xxhRead64(p, off + 24))
            off += 32
        }
        a1 = x1; a2 = x2; a3 = x3; a4 = x4
        return n
    }

    /// Mixes the final `len` (< 32) bytes at `p` into `acc` and avalanches.
    static func finalize(_ acc: UInt64, _ p: UnsafeRawPointer, _ len: Int) -> UInt64 {
        var acc = acc
        var off = 0
        var remaining = len
        while remaining >= 8 {
            acc ^= round(0, xxhRead64(p, off))
            acc = xxhRotl64(acc, 27) &* xxhPrime64_1 &+ xxhPrime64_4
            off += 8
            remaining -= 8
        }
        if remaining >= 4 {
            acc ^= UInt64(xxhRead32(p, off)) &* xxhPrime64_1
            acc = xxhRotl64(acc, 23) &* xxhPrime64_2 &+ xxhPrime64_3
            off += 4
            remaining -= 4
        }
        while remaining > 0 {
            acc ^= UInt64(p.load(fromByteOffset: off, as: UInt8.self)) &* xxhPrime64_5
            acc = xxhRotl64(acc, 11) &* xxhPrime64_1
            off += 1
            remaining -= 1
        }
        return avalanche(acc)
    }
}
